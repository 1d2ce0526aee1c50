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
      <xsl:if test="encodingDesc/editorialDecl/* or revisionDesc/change">
        <details class="principles">
          <summary>Editorial principles and revisions</summary>
          <dl>
            <xsl:for-each select="encodingDesc/editorialDecl/*">
              <dt>{upper-case(substring(local-name(), 1, 1)) || substring(local-name(), 2)}</dt>
              <dd><xsl:for-each select="p"><p><xsl:apply-templates mode="html"/></p></xsl:for-each></dd>
            </xsl:for-each>
            <xsl:for-each select="revisionDesc/change">
              <dt>Revision{@n ! (' ' || .)}{@when ! (', ' || .)}</dt>
              <dd><xsl:apply-templates mode="html"/></dd>
            </xsl:for-each>
          </dl>
        </details>
      </xsl:if>
    </section>
  </xsl:template>

</xsl:stylesheet>
