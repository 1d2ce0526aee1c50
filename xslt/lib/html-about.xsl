<?xml version="1.0" encoding="UTF-8"?>
<!--
  About this edition (mode html-about): the front matter from the TEI header.
  Included by tei2html.xsl, which declares the modes.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:trt="https://tei-roundtable/ns/functions"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!-- ===== front matter from the header ===== -->

  <xsl:template match="teiHeader" mode="html-about" as="element()">
    <xsl:variable name="date" as="element(date)?" select="trt:event-date(.)"/>
    <section id="about" aria-labelledby="about-title">
      <h2 id="about-title">About this edition</h2>
      <dl class="facts">
        <xsl:for-each select="trt:setting(.)/name">
          <dt>Event</dt>
          <dd><xsl:apply-templates mode="html"/></dd>
        </xsl:for-each>
        <xsl:for-each select="$date">
          <dt>Date</dt>
          <dd><time datetime="{@when}">{normalize-space(.)}</time></dd>
        </xsl:for-each>
        <xsl:if test="trt:event-place(.)">
          <dt>Place</dt>
          <dd>{trt:event-place(.)}</dd>
        </xsl:if>
        <xsl:if test="exists(trt:participants(.))">
          <dt>Participants</dt>
          <dd>
            <ul class="inline-list">
              <xsl:for-each select="trt:participants(.)">
                <li><a href="#{@xml:id}">{trt:isolate(trt:entity-name(.))}</a>{trt:role(.)[.] ! (' (' || trt:isolate(.) || ')')}</li>
              </xsl:for-each>
            </ul>
          </dd>
        </xsl:if>
        <xsl:for-each select="fileDesc/titleStmt/respStmt">
          <dt>Editors</dt>
          <dd>{string-join((orgName | persName | name) ! trt:isolate(normalize-space()), '; ')} ({string-join(resp ! trt:isolate(normalize-space()), '; ')})</dd>
        </xsl:for-each>
        <dt>Publisher</dt>
        <dd>{trt:publisher(.)}</dd>
        <dt>Version</dt>
        <dd>{trt:version(.)}, published <time datetime="{trt:published(.)}">{trt:published(.)}</time></dd>
        <dt>Identifier</dt>
        <dd>
          <xsl:for-each select="trt:idno(., 'URL')"><xsl:sequence select="trt:link(., ())"/><br/></xsl:for-each>
          <xsl:for-each select="trt:idno(., 'DOI')"><a href="https://doi.org/{iri-to-uri(.)}">doi:{.}</a><br/></xsl:for-each>
          <xsl:for-each select="trt:idno(., 'URN')"><code>{.}</code></xsl:for-each>
        </dd>
        <xsl:for-each select="fileDesc/publicationStmt/availability">
          <dt>Licence and rights</dt>
          <dd>
            <xsl:for-each select="licence">
              <p><xsl:apply-templates mode="html"/><xsl:for-each select="@target"><xsl:text> </xsl:text><xsl:sequence select="trt:link(., 'license')"/></xsl:for-each></p>
            </xsl:for-each>
            <xsl:for-each select="p">
              <p><xsl:apply-templates mode="html"/></p>
            </xsl:for-each>
          </dd>
        </xsl:for-each>
        <xsl:for-each select="fileDesc/sourceDesc/bibl[1]">
          <dt>Source</dt>
          <dd><xsl:if test="publisher">Publisher: {string-join((publisher, pubPlace) ! normalize-space(), ', ')}. </xsl:if>{normalize-space(note)}<xsl:for-each select="idno[@type eq 'sha256']"> SHA-256 of the file
            received: <code class="hash">{.}</code>.</xsl:for-each></dd>
        </xsl:for-each>
        <dt>Other formats</dt>
        <dd>Published together with this page (relative links, as laid out in the build folder and
          the deposit package): the <a href="../tei/{$edition-id}.xml">TEI P5 master file</a> it is
          made from, and plain-text editions of the <a href="../txt/{$edition-id}.txt">normalised</a>
          and the <a href="../txt/{$edition-id}-diplomatic.txt">diplomatic</a> reading.</dd>
      </dl>
      <p class="cite-as"><strong>Cite as:</strong> {trt:citation(.)} <a href="#cite">More ways to cite</a></p>
      <xsl:call-template name="trt:changes"/>
      <xsl:if test="encodingDesc/editorialDecl/*">
        <details class="principles">
          <summary>Editorial principles: how this edition treats the source</summary>
          <xsl:variable name="ours" as="xs:boolean"
              select="exists(encodingDesc/appInfo/application[@ident eq 'tei-roundtable'])"/>
          <dl>
            <xsl:for-each select="encodingDesc/editorialDecl/*">
              <xsl:variable name="plain" as="map(xs:string, xs:string)?" select="$trt:principles(local-name())"/>
              <dt>{($plain?label, upper-case(substring(local-name(), 1, 1)) || substring(local-name(), 2))[1]}</dt>
              <dd>
                <!-- The toolkit says in plain words what its own encoding does; the header's
                     statement, in the terms of the TEI, follows for those who read the XML. -->
                <xsl:choose>
                  <xsl:when test="$ours and exists($plain)">
                    <p>{normalize-space($plain?text)}</p>
                    <details class="tei-terms">
                      <summary>In the terms of the TEI encoding</summary>
                      <xsl:for-each select="p"><p><xsl:apply-templates mode="html"/></p></xsl:for-each>
                    </details>
                  </xsl:when>
                  <xsl:otherwise>
                    <xsl:for-each select="p"><p><xsl:apply-templates mode="html"/></p></xsl:for-each>
                  </xsl:otherwise>
                </xsl:choose>
              </dd>
            </xsl:for-each>
          </dl>
        </details>
      </xsl:if>
    </section>
  </xsl:template>

  <!-- What tei-roundtable's encoding does, for readers: one entry per editorialDecl part. -->
  <xsl:variable name="trt:principles" as="map(xs:string, map(xs:string, xs:string))" select="map {
      'correction': map {'label': 'Errors in the source', 'text': 'Where the transcript has an error – a
        misspelt name, a wrong speaker label, a slip of typing – the edition does not correct it silently.
        The normalised reading shows the correction, highlighted; the diplomatic reading shows the words as
        printed. A numbered note gives the evidence, who decided and how sure they are. The grammar and
        style of the English translation are left as they are.'},
      'normalization': map {'label': 'Standard forms', 'text': 'Where the transcript keeps to a form that
        differs from the standard one (an organisation’s abbreviation, for instance), the normalised
        reading gives the standard form, highlighted and explained in a note. Names are otherwise spelt
        as printed; the index gives the preferred form of each person, organisation and place.'},
      'quotation': map {'label': 'Quotations', 'text': 'Quotation marks are kept as printed. Passages
        quoted from the Concept under discussion are set in italics.'},
      'hyphenation': map {'label': 'Page breaks', 'text': 'Where a page of the printed original ended in
        the middle of a paragraph, the paragraph is joined again; ‖ marks where the page ended.
        Superscripts of the received file (21st) are kept.'},
      'segmentation': map {'label': 'Turns and paragraphs', 'text': 'Each time the transcript names a
        speaker, a new turn begins: t1, t2 and so on. Its paragraphs are numbered within it: t12.1,
        t12.2. These references are how to cite a passage, and they stay the same in every version of
        the edition.'},
      'interpretation': map {'label': 'Names', 'text': 'Every person, organisation and place the speakers
        name is linked to the index. Where it is not certain whom or what a name means, the underline is
        wavy and a note says how sure the editors are. Statements that disagree with the public record
        are left as spoken and commented in a note.'}
    }"/>

  <!-- "Changes in this version": the revisionDesc entries of the current version, with every
       decision it added, changed or removed; then the earlier versions. A removed decision's
       note id stays an anchor here, so a citation of it still lands on the page that says so. -->
  <xsl:template name="trt:changes" as="element()?">
    <xsl:variable name="version" as="xs:string" select="trt:version(.)"/>
    <xsl:variable name="changes" as="element(change)*" select="revisionDesc/change"/>
    <xsl:variable name="root" as="document-node()" select="root(.)"/>
    <xsl:if test="exists($changes)">
      <div class="changes" id="changes">
        <h3 id="changes-title">Changes in this version</h3>
        <xsl:variable name="current" as="element(change)*" select="$changes[string(@n) eq $version]"/>
        <xsl:for-each select="$current[not(@type)]">
          <p><time datetime="{@when}">{@when}</time>: <xsl:apply-templates mode="html"/></p>
        </xsl:for-each>
        <xsl:choose>
          <xsl:when test="exists($current[@type])">
            <ul class="decision-changes">
              <xsl:apply-templates select="$current[@type]" mode="html-about"/>
            </ul>
          </xsl:when>
          <xsl:when test="count(distinct-values($changes/string(@n))) le 1">
            <p>This is the first version of the edition.</p>
          </xsl:when>
          <xsl:otherwise>
            <p>No editorial decision was added, changed or removed in this version.</p>
          </xsl:otherwise>
        </xsl:choose>
        <xsl:variable name="earlier" as="element(change)*" select="$changes[string(@n) ne $version]"/>
        <xsl:if test="exists($earlier)">
          <h4>Earlier versions</h4>
          <ul class="decision-changes">
            <xsl:for-each select="$earlier[not(@type)]">
              <li>Version {(@n, '(no number)')[1]}, <time datetime="{@when}">{@when}</time>: <xsl:apply-templates mode="html"/></li>
            </xsl:for-each>
            <xsl:apply-templates select="$earlier[@type]" mode="html-about"/>
          </ul>
        </xsl:if>
      </div>
    </xsl:if>
  </xsl:template>

  <xsl:template match="change[@type eq 'decision-added']" mode="html-about" as="element()">
    <xsl:variable name="note" as="element()?" select="trt:target(., @target)[1]"/>
    <li>Added<xsl:if test="@n and @n ne trt:version(/)"> in version {@n}</xsl:if>: <xsl:sequence select="trt:change-note($note, @target)"/></li>
  </xsl:template>

  <xsl:template match="change[@type eq 'decision-changed']" mode="html-about" as="element()">
    <xsl:variable name="note" as="element()?" select="trt:target(., @target)[1]"/>
    <li>Changed<xsl:if test="@n and @n ne trt:version(/)"> in version {@n}</xsl:if>: <xsl:sequence select="trt:change-note($note, @target)"/> – <xsl:apply-templates mode="html"/></li>
  </xsl:template>

  <!-- The anchor of a removed note, unless a later version has a note of that id again. -->
  <xsl:template match="change[@type eq 'decision-removed']" mode="html-about" as="element()">
    <xsl:variable name="id" as="xs:string" select="normalize-space(substring-before(., ':'))"/>
    <li class="removed">
      <xsl:if test="matches($id, '^[A-Za-z][\w.-]*$') and empty(key('trt:id', $id, root(.)))
          and empty(preceding-sibling::change[@type eq 'decision-removed'][normalize-space(substring-before(., ':')) eq $id])">
        <xsl:attribute name="id" select="$id"/>
      </xsl:if>
      Removed<xsl:if test="@n and @n ne trt:version(/)"> in version {@n}</xsl:if>: <code>{$id}</code> – {normalize-space(substring-after(., ':'))}
      A citation of <code>{$id}</code> from an earlier version lands here.</li>
  </xsl:template>

  <xsl:function name="trt:change-note" as="node()+">
    <xsl:param name="note" as="element()?"/>
    <xsl:param name="pointer" as="xs:string?"/>
    <xsl:choose>
      <xsl:when test="$note">
        <a href="#{$note/@xml:id}">note {$note/@n}</a> (<code>{$note/@xml:id}</code>, {lower-case(trt:note-type-label($note))})
      </xsl:when>
      <xsl:otherwise><code>{$pointer}</code></xsl:otherwise>
    </xsl:choose>
  </xsl:function>

</xsl:stylesheet>
