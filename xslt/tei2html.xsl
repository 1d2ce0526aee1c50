<?xml version="1.0" encoding="UTF-8"?>
<!--
  tei2html.xsl: the HTML edition of a tei-roundtable TEI file, one self-contained page
  (inline CSS and JavaScript, no fonts, images or other requests).

  Anchors are the TEI xml:ids (t12, t12.3, note-…, register ids), so a reference resolves
  the same way in the TEI, here and in the plain-text editions. Both readings are in the
  page (span.norm / span.dipl); the reading switch is two radio buttons and CSS, and
  JavaScript only remembers the choice.

  Parameter: edition-id (the edition's id: the key of the BibTeX and CSL-JSON records).
  Modes, one per part of the page: html-meta (head), html-about (front matter from the
  header), html (the text), html-notes (apparatus), html-index, html-stats, html-cite;
  trt:check (lib/check.xsl) runs first and stops rendering on problems.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:err="http://www.w3.org/2005/xqt-errors"
    xmlns:trt="https://tei-roundtable/ns/functions"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:import href="lib/common.xsl"/>
  <xsl:import href="lib/check.xsl"/>
  <xsl:import href="lib/plain.xsl"/>
  <xsl:import href="lib/cite.xsl"/>
  <!-- TEI from other projects (u/seg, l, stage, castList …): lib/generic.xsl's HTML half. -->
  <xsl:param name="trt:output" as="xs:string" static="yes" select="'html'"/>
  <xsl:include href="lib/generic.xsl"/>

  <xsl:output method="html" html-version="5" encoding="UTF-8" indent="yes"
      include-content-type="no" suppress-indentation="pre p li dd td th caption"/>

  <xsl:param name="edition-id" as="xs:string" required="yes"/>

  <xsl:mode on-no-match="shallow-skip" use-accumulators="#all"/>
  <xsl:mode name="html-meta" on-no-match="shallow-skip"/>
  <xsl:mode name="html-about" on-no-match="shallow-skip"/>
  <xsl:mode name="html" on-no-match="text-only-copy"/>
  <xsl:mode name="html-notes" on-no-match="shallow-skip"/>
  <xsl:mode name="html-index" on-no-match="shallow-skip"/>
  <xsl:mode name="html-stats" on-no-match="shallow-skip"/>
  <xsl:mode name="html-cite" on-no-match="shallow-skip"/>

  <!-- Ids this page makes itself; a TEI xml:id equal to one of them would be ambiguous. -->
  <xsl:variable name="trt:page-ids" as="xs:string*" select="'main', 'about', 'about-title',
      'transcript', 'transcript-title', 'notes', 'notes-title', 'index', 'index-title', 'persons',
      'organisations', 'places', 'statistics', 'statistics-title', 'cite', 'cite-title',
      'reading-normalised', 'reading-diplomatic'"/>

  <!-- ===== entry: check, then render; any error becomes one located message ===== -->

  <xsl:template match="/" as="element()?">
    <xsl:try>
      <xsl:variable name="problems" as="element(trt:problem)*">
        <xsl:apply-templates select="." mode="trt:check"/>
      </xsl:variable>
      <xsl:choose>
        <xsl:when test="exists($problems)">
          <xsl:for-each select="$problems">
            <xsl:message select="trt:message-text(.)"/>
          </xsl:for-each>
        </xsl:when>
        <xsl:otherwise>
          <xsl:call-template name="trt:page"/>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:catch>
        <xsl:message select="'xslt-error&#9;' || $err:module || '&#9;' || $err:line-number || '&#9;'
            || $err:code || '&#9;' || normalize-space($err:description)"/>
      </xsl:catch>
    </xsl:try>
  </xsl:template>

  <!-- The page makes ids of its own (sections, mentions): they must not collide with TEI ids. -->
  <xsl:template match="/" mode="trt:check" as="element(trt:problem)*">
    <xsl:variable name="base" as="element(trt:problem)*">
      <xsl:next-match/>
    </xsl:variable>
    <xsl:sequence select="$base"/>
    <xsl:if test="empty($base)">
      <xsl:variable name="root" as="document-node()" select="."/>
      <xsl:for-each select="$trt:page-ids[exists(key('trt:id', ., $root))]">
        <xsl:variable name="clash" as="element()" select="key('trt:id', ., $root)[1]"/>
        <xsl:sequence select="trt:problem($clash, 'xml:id ''' || . || ''' is also an id the HTML page uses for itself; choose another xml:id')"/>
      </xsl:for-each>
      <xsl:for-each select="TEI/text//(persName | orgName | placeName)[@ref][not(@xml:id)]">
        <xsl:variable name="id" as="xs:string" select="trt:mention-id(.)"/>
        <xsl:if test="exists(key('trt:id', $id, root(.)))">
          <xsl:sequence select="trt:problem(key('trt:id', $id, root(.))[1], 'xml:id ''' || $id || ''' is also the anchor the HTML page gives to a mention; choose another xml:id')"/>
        </xsl:if>
      </xsl:for-each>
    </xsl:if>
  </xsl:template>

  <!-- ===== the page ===== -->

  <xsl:template name="trt:page" as="element()">
    <xsl:variable name="header" as="element(teiHeader)" select="TEI/teiHeader"/>
    <html lang="{trt:language(.)}">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title>{trt:title(.)} – a digital edition, version {trt:version(.)}</title>
        <!-- An empty icon, so that no browser asks a server for /favicon.ico. -->
        <link rel="icon" href="data:,"/>
        <xsl:apply-templates select="$header" mode="html-meta"/>
        <style>{unparsed-text('lib/edition.css')}</style>
      </head>
      <body>
        <a class="skip-link" href="#transcript">Skip to the transcript</a>
        <header class="masthead">
          <p class="kicker">A digital edition · version {trt:version(.)}</p>
          <h1>{trt:title(.)}</h1>
          <xsl:for-each select="trt:subtitle(.)">
            <p class="subtitle">{.}</p>
          </xsl:for-each>
        </header>
        <nav class="toolbar" aria-label="Edition">
          <ul class="sections">
            <li><a href="#about">About</a></li>
            <li><a href="#transcript">Transcript</a></li>
            <li><a href="#notes">Notes</a></li>
            <li><a href="#index">Index</a></li>
            <li><a href="#statistics">Speakers</a></li>
            <li><a href="#cite">How to cite</a></li>
          </ul>
          <fieldset class="reading-switch">
            <legend>Reading</legend>
            <input type="radio" name="reading" id="reading-normalised" value="normalised" checked="checked"/>
            <label for="reading-normalised">Normalised</label>
            <input type="radio" name="reading" id="reading-diplomatic" value="diplomatic"/>
            <label for="reading-diplomatic">Diplomatic</label>
          </fieldset>
        </nav>
        <main id="main">
          <xsl:apply-templates select="$header" mode="html-about"/>
          <section id="transcript" aria-labelledby="transcript-title">
            <h2 id="transcript-title">Transcript</h2>
            <p class="reading-status">
              <span class="norm">You are reading the <strong>normalised</strong> text: the editors’ corrections
                and normalisations are applied and marked.</span>
              <span class="dipl">You are reading the <strong>diplomatic</strong> text: the words as printed in the
                source, errors included; the places the editors correct are marked.</span>
              Superscript numbers lead to the editorial notes; ‖ marks a page break of the printed
              original; the reference beside each turn and paragraph links to it.
            </p>
            <xsl:apply-templates select="TEI/text/front, TEI/text/body, TEI/text/back/*[not(self::div[@type eq 'notes'])]" mode="html"/>
          </section>
          <xsl:apply-templates select="TEI/text/back/div[@type eq 'notes']" mode="html-notes"/>
          <xsl:call-template name="trt:index"/>
          <xsl:call-template name="trt:statistics"/>
          <xsl:apply-templates select="$header" mode="html-cite"/>
        </main>
        <footer class="colophon">
          <p>
            <xsl:for-each select="trt:licence(.)">
              <xsl:apply-templates mode="html"/>
              <xsl:text> </xsl:text>
              <xsl:for-each select="@target">
                <a rel="license" href="{.}">{.}</a>
              </xsl:for-each>
            </xsl:for-each>
          </p>
          <p>Version {trt:version(.)} of {trt:published(.)} · {trt:identifier(.)}<xsl:for-each
              select="$header/encodingDesc/appInfo/application[@ident eq 'tei-roundtable'][1]"> · made with
              tei-roundtable {@version}</xsl:for-each></p>
        </footer>
        <script>{unparsed-text('lib/edition.js')}</script>
      </body>
    </html>
  </xsl:template>

  <!-- ===== head: citation_* (Highwire, read by Zotero and Google Scholar) and Dublin Core ===== -->

  <xsl:template match="teiHeader" mode="html-meta" as="element()*">
    <xsl:variable name="url" as="xs:string?" select="trt:idno(., 'URL')"/>
    <xsl:variable name="doi" as="xs:string?" select="trt:idno(., 'DOI')"/>
    <xsl:variable name="urn" as="xs:string?" select="trt:idno(., 'URN')"/>
    <xsl:variable name="description" as="xs:string?"
        select="fileDesc/sourceDesc/bibl[1]/note[1] ! normalize-space()"/>
    <meta name="description" content="{string-join((trt:full-title(.), $description), '. ')}"/>
    <meta name="citation_title" content="{trt:full-title(.)}"/>
    <xsl:for-each select="trt:editor-names(.)">
      <meta name="citation_author" content="{.}"/>
    </xsl:for-each>
    <meta name="citation_publication_date" content="{translate(trt:published(.), '-', '/')}"/>
    <meta name="citation_publisher" content="{trt:publisher(.)}"/>
    <meta name="citation_language" content="{trt:language(.)}"/>
    <xsl:for-each select="$url">
      <meta name="citation_public_url" content="{.}"/>
      <link rel="canonical" href="{.}"/>
    </xsl:for-each>
    <xsl:for-each select="$doi">
      <meta name="citation_doi" content="{.}"/>
    </xsl:for-each>
    <xsl:for-each select="profileDesc/textClass/keywords/term">
      <meta name="citation_keywords" content="{normalize-space(.)}"/>
    </xsl:for-each>
    <link rel="schema.DC" href="http://purl.org/dc/elements/1.1/"/>
    <meta name="DC.title" content="{trt:full-title(.)}"/>
    <xsl:for-each select="trt:editor-names(.)">
      <meta name="DC.creator" content="{.}"/>
    </xsl:for-each>
    <meta name="DC.publisher" content="{trt:publisher(.)}"/>
    <meta name="DC.date" content="{trt:published(.)}"/>
    <meta name="DC.type" content="Text"/>
    <meta name="DC.format" content="text/html"/>
    <xsl:for-each select="$url, $doi ! ('https://doi.org/' || .), $urn">
      <meta name="DC.identifier" content="{.}"/>
    </xsl:for-each>
    <meta name="DC.language" content="{trt:language(.)}"/>
    <xsl:for-each select="trt:licence(.)">
      <meta name="DC.rights" content="{string-join((normalize-space(.), @target), ' ')}"/>
      <xsl:for-each select="@target">
        <link rel="license" href="{.}"/>
      </xsl:for-each>
    </xsl:for-each>
    <xsl:for-each select="$description">
      <meta name="DC.source" content="{.}"/>
    </xsl:for-each>
    <xsl:for-each select="string-join((trt:event-place(.)[.], trt:event-date(.)/@when), '; ')[.]">
      <meta name="DC.coverage" content="{.}"/>
    </xsl:for-each>
    <xsl:for-each select="profileDesc/textClass/keywords/term">
      <meta name="DC.subject" content="{normalize-space(.)}"/>
    </xsl:for-each>
  </xsl:template>

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
                <li><a href="#{@xml:id}">{trt:entity-name(.)}</a>{trt:role(.)[.] ! (' (' || . || ')')}</li>
              </xsl:for-each>
            </ul>
          </dd>
        </xsl:if>
        <xsl:for-each select="fileDesc/titleStmt/respStmt">
          <dt>Editors</dt>
          <dd>{string-join((orgName | persName | name) ! normalize-space(), '; ')} ({string-join(resp ! normalize-space(), '; ')})</dd>
        </xsl:for-each>
        <dt>Publisher</dt>
        <dd>{trt:publisher(.)}</dd>
        <dt>Version</dt>
        <dd>{trt:version(.)}, published <time datetime="{trt:published(.)}">{trt:published(.)}</time></dd>
        <dt>Identifier</dt>
        <dd>
          <xsl:for-each select="trt:idno(., 'URL')"><a href="{.}">{.}</a><br/></xsl:for-each>
          <xsl:for-each select="trt:idno(., 'DOI')"><a href="https://doi.org/{.}">doi:{.}</a><br/></xsl:for-each>
          <xsl:for-each select="trt:idno(., 'URN')"><code>{.}</code></xsl:for-each>
        </dd>
        <xsl:for-each select="fileDesc/publicationStmt/availability">
          <dt>Licence and rights</dt>
          <dd>
            <xsl:for-each select="licence">
              <p><xsl:apply-templates mode="html"/><xsl:for-each select="@target"><xsl:text> </xsl:text><a rel="license" href="{.}">{.}</a></xsl:for-each></p>
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

  <!-- ===== the text ===== -->

  <xsl:template match="front" mode="html" as="element()*">
    <xsl:apply-templates select="*" mode="#current"/>
  </xsl:template>

  <xsl:template match="body" mode="html" as="element()">
    <div class="turns">
      <xsl:apply-templates select="*" mode="#current"/>
    </div>
  </xsl:template>

  <xsl:template match="div" mode="html" as="element()">
    <div class="{string-join(('div', @type), ' ')}">
      <xsl:sequence select="trt:id-attribute(.)"/>
      <xsl:if test="@xml:id and not(ancestor::div)">
        <p class="unit-ref"><a class="ref" href="#{@xml:id}" title="Cite: {trt:citation(/, @xml:id)}">{@xml:id}</a><xsl:call-template name="trt:noterefs"><xsl:with-param name="elements" select="."/></xsl:call-template></p>
      </xsl:if>
      <xsl:apply-templates select="*" mode="#current"/>
    </div>
  </xsl:template>

  <xsl:template match="div[@type eq 'transcript-front']/head[@type eq 'main']" mode="html" as="element()">
    <h3 class="front-title"><xsl:apply-templates mode="#current"/></h3>
  </xsl:template>

  <xsl:template match="div[@type eq 'transcript-front']/head" mode="html" as="element()" priority="-0.1">
    <p class="front-head"><xsl:apply-templates mode="#current"/></p>
  </xsl:template>

  <xsl:template match="div/div/head" mode="html" as="element()">
    <h4><xsl:apply-templates mode="#current"/></h4>
  </xsl:template>

  <xsl:template match="div/p" mode="html" as="element()">
    <p class="front-p"><xsl:apply-templates mode="#current"/></p>
  </xsl:template>

  <xsl:template match="list" mode="html" as="element()">
    <xsl:element name="{if (@type eq 'ordered') then 'ol' else 'ul'}">
      <xsl:attribute name="class" select="'list'"/>
      <xsl:apply-templates select="item" mode="#current"/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="item" mode="html" as="element()">
    <li>
      <xsl:if test="parent::list/@type eq 'ordered' and @n castable as xs:integer">
        <xsl:attribute name="value" select="@n"/>
      </xsl:if>
      <xsl:apply-templates mode="#current"/>
    </li>
  </xsl:template>

  <xsl:template match="label" mode="html" as="element()">
    <span class="label"><xsl:apply-templates mode="#current"/></span>
  </xsl:template>

  <xsl:template match="sp" mode="html" as="element()">
    <xsl:variable name="who" as="element()?" select="trt:target(., @who)[1]"/>
    <div class="sp" id="{@xml:id}">
      <p class="speaker">
        <a class="ref" href="#{@xml:id}" title="Cite this turn: {trt:citation(/, @xml:id)}">{@xml:id}</a>
        <xsl:text> </xsl:text>
        <xsl:choose>
          <xsl:when test="$who">
            <a class="who" href="#{$who/@xml:id}" title="{trt:entity-name($who)}: all turns and mentions in the index">
              <xsl:apply-templates select="speaker/node()" mode="#current">
                <xsl:with-param name="in-link" select="true()" tunnel="yes"/>
              </xsl:apply-templates>
            </a>
          </xsl:when>
          <xsl:otherwise>
            <span class="who"><xsl:apply-templates select="speaker/node()" mode="#current"/></span>
          </xsl:otherwise>
        </xsl:choose>
        <xsl:call-template name="trt:noterefs">
          <xsl:with-param name="elements" select="speaker//*[@xml:id], ."/>
        </xsl:call-template>
      </p>
      <xsl:apply-templates select="* except speaker" mode="#current"/>
    </div>
  </xsl:template>

  <xsl:template match="sp/p" mode="html" as="element()">
    <p class="para" id="{@xml:id}">
      <a class="ref" href="#{@xml:id}" title="Cite this paragraph: {trt:citation(/, @xml:id)}">{@xml:id}</a>
      <xsl:text> </xsl:text>
      <xsl:apply-templates mode="#current"/>
      <xsl:call-template name="trt:noterefs">
        <xsl:with-param name="elements" select="."/>
      </xsl:call-template>
    </p>
  </xsl:template>

  <!-- A name links to its register entry. Inside a link (a name within a name, a speaker label)
       it is a plain anchor, and the outermost link carries the note numbers after it, because
       links cannot nest. -->
  <xsl:template match="persName[@ref] | orgName[@ref] | placeName[@ref]" mode="html" as="node()+">
    <xsl:param name="in-link" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:variable name="entity" as="element()?" select="trt:target(., @ref)[1]"/>
    <xsl:variable name="class" as="xs:string"
        select="string-join(('name', local-name(), @cert ! ('cert-' || .)), ' ')"/>
    <xsl:choose>
      <xsl:when test="$in-link">
        <span class="{$class}" id="{trt:mention-id(.)}">
          <xsl:apply-templates mode="#current"/>
        </span>
      </xsl:when>
      <xsl:otherwise>
        <a class="{$class}" id="{trt:mention-id(.)}" href="#{$entity/@xml:id}"
            title="{string-join(descendant-or-self::*[self::persName or self::orgName or self::placeName][@ref]
                ! (let $e := trt:target(., @ref)[1] return trt:entity-kind($e) || ': ' || trt:entity-name($e)
                   || @cert ! (' (identification: ' || . || ' certainty)')), '; ')}">
          <xsl:apply-templates mode="#current">
            <xsl:with-param name="in-link" select="true()" tunnel="yes"/>
          </xsl:apply-templates>
        </a>
        <xsl:call-template name="trt:noterefs">
          <xsl:with-param name="elements" select="descendant-or-self::*[@xml:id]"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="choice" mode="html" as="node()+">
    <xsl:param name="in-link" as="xs:boolean" select="false()" tunnel="yes"/>
    <span class="choice {if (sic) then 'correction' else 'normalisation'}">
      <xsl:sequence select="trt:id-attribute(.)"/>
      <span class="dipl"><xsl:apply-templates select="trt:reading-of(., 'diplomatic')/node()" mode="#current"/></span>
      <span class="norm"><xsl:apply-templates select="trt:reading-of(., 'normalised')/node()" mode="#current"/></span>
    </span>
    <xsl:if test="not($in-link)">
      <xsl:call-template name="trt:noterefs">
        <xsl:with-param name="elements" select="descendant-or-self::*[@xml:id]"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <xsl:template match="seg" mode="html" as="node()+">
    <xsl:param name="in-link" as="xs:boolean" select="false()" tunnel="yes"/>
    <span class="{string-join(('seg', @type), ' ')}">
      <xsl:sequence select="trt:id-attribute(.)"/>
      <xsl:apply-templates mode="#current"/>
    </span>
    <xsl:if test="not($in-link)">
      <xsl:call-template name="trt:noterefs">
        <xsl:with-param name="elements" select="."/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <xsl:template match="q | quote" mode="html" as="element()">
    <span class="{local-name()}"><xsl:apply-templates mode="#current"/></span>
  </xsl:template>

  <xsl:template match="hi[@rend eq 'sup']" mode="html" as="element()">
    <sup><xsl:apply-templates mode="#current"/></sup>
  </xsl:template>

  <xsl:template match="hi" mode="html" as="element()">
    <span class="hi {@rend}"><xsl:apply-templates mode="#current"/></span>
  </xsl:template>

  <xsl:template match="pb" mode="html" as="element()">
    <span class="pb" title="Page break in the printed original{@n ! ('; page ' || . || ' begins')}"><span
        class="vh">[page break{@n ! (', page ' || .)}]</span></span>
  </xsl:template>

  <xsl:template match="lb" mode="html" as="element()">
    <br/>
  </xsl:template>

  <xsl:template match="date[@when]" mode="html" as="element()">
    <time datetime="{@when}"><xsl:apply-templates mode="#current"/></time>
  </xsl:template>

  <!-- Links to the notes of $elements (document order, each note once per element). -->
  <xsl:template name="trt:noterefs" as="element()*">
    <xsl:param name="elements" as="element()*"/>
    <xsl:for-each select="$elements">
      <xsl:for-each select="trt:notes-for(.)">
        <sup class="noteref"><a href="#{@xml:id}" title="{trt:note-type-label(.)}: note {@n}"
            aria-label="Note {@n}">{@n}</a></sup>
      </xsl:for-each>
    </xsl:for-each>
  </xsl:template>

  <xsl:function name="trt:id-attribute" as="attribute(id)?">
    <xsl:param name="element" as="element()"/>
    <xsl:if test="$element/@xml:id">
      <xsl:attribute name="id" select="$element/@xml:id"/>
    </xsl:if>
  </xsl:function>

  <!-- The anchor of an element on this page (mentions get theirs from trt:mention-id). -->
  <xsl:function name="trt:anchor" as="xs:string">
    <xsl:param name="element" as="element()"/>
    <xsl:sequence select="if ($element[self::persName or self::orgName or self::placeName][@ref][ancestor::text])
        then trt:mention-id($element) else string($element/@xml:id)"/>
  </xsl:function>

  <!-- Links to places in the text, grouped by citation reference: "t4.2 (occurrences 2, 3), t22.1
       (occurrence 2), t30.1".
       The further occurrences are written out in brackets, not as superscripts, which would
       read as note numbers. -->
  <xsl:template name="trt:locations" as="node()*">
    <xsl:param name="elements" as="element()*"/>
    <xsl:for-each-group select="$elements" group-adjacent="trt:ref(.)">
      <xsl:if test="position() gt 1">, </xsl:if>
      <a href="#{trt:anchor(current-group()[1])}">{current-grouping-key()}</a>
      <xsl:if test="count(current-group()) gt 1">
        <span class="again"> (occurrence{if (count(current-group()) gt 2) then 's' else ''} <xsl:for-each select="tail(current-group())">
            <xsl:if test="position() gt 1">, </xsl:if>
            <a href="#{trt:anchor(.)}" title="{current-grouping-key()}, occurrence {position() + 1}"
              aria-label="{current-grouping-key()}, occurrence {position() + 1}">{position() + 1}</a>
          </xsl:for-each>)</span>
      </xsl:if>
    </xsl:for-each-group>
  </xsl:template>

  <!-- ===== apparatus ===== -->

  <xsl:template match="div[@type eq 'notes']" mode="html-notes" as="element()">
    <section id="notes" aria-labelledby="notes-title">
      <h2 id="notes-title">{(head ! normalize-space(), 'Editorial notes')[1]}</h2>
      <p class="intro">Every intervention of the editors: corrections of errors of the source,
        normalisations, identifications and comments. The number is the one in the text; the
        references at the end of a note lead back to each place it concerns.</p>
      <ol class="notes">
        <xsl:apply-templates select="note" mode="#current"/>
      </ol>
    </section>
  </xsl:template>

  <xsl:template match="note" mode="html-notes" as="element()">
    <xsl:variable name="targets" as="element()*" select="trt:target(., @target)"/>
    <xsl:variable name="choices" as="element(choice)*" select="$targets/descendant-or-self::choice"/>
    <li class="note {@type}">
      <xsl:sequence select="trt:id-attribute(.)"/>
      <p class="note-head">
        <span class="note-n">{@n}</span>
        <xsl:text> </xsl:text>
        <span class="note-type">{trt:note-type-label(.)}</span>
        <span class="note-meta">{string-join((@cert ! ('certainty: ' || .),
            trt:resp-names(.)[.] ! ('by ' || .)), ' · ')}</span>
      </p>
      <xsl:for-each-group select="$choices" group-by="normalize-space(trt:reading-of(., 'diplomatic')) || '&#9;' || normalize-space(trt:reading-of(., 'normalised'))">
        <p class="note-forms">As printed: <span class="form sic">{normalize-space(trt:reading-of(., 'diplomatic'))}</span>
          → this edition: <span class="form corr">{normalize-space(trt:reading-of(., 'normalised'))}</span></p>
      </xsl:for-each-group>
      <p class="note-text"><xsl:apply-templates mode="html"/></p>
      <xsl:if test="exists($targets)">
        <p class="backrefs"><span class="backrefs-label">In the text:</span><xsl:text> </xsl:text>
          <xsl:call-template name="trt:locations">
            <xsl:with-param name="elements" select="$targets"/>
          </xsl:call-template>
        </p>
      </xsl:if>
    </li>
  </xsl:template>

  <!-- ===== index of persons, organisations and places ===== -->

  <xsl:template name="trt:index" as="element()">
    <section id="index" aria-labelledby="index-title">
      <h2 id="index-title">Index</h2>
      <p class="intro">Persons, organisations and places, with every turn they speak and every
        place the text names them. Names in the text link here.</p>
      <h3 id="persons">Persons</h3>
      <ul class="index">
        <xsl:apply-templates select="//(particDesc | standOff)//person" mode="html-index">
          <xsl:sort select="lower-case(trt:sort-name(.))"/>
          <xsl:sort select="string(@xml:id)"/>
        </xsl:apply-templates>
      </ul>
      <xsl:if test="//standOff//org">
        <h3 id="organisations">Organisations</h3>
        <ul class="index">
          <xsl:apply-templates select="//standOff//org" mode="html-index">
            <xsl:sort select="lower-case(trt:sort-name(.))"/>
            <xsl:sort select="string(@xml:id)"/>
          </xsl:apply-templates>
        </ul>
      </xsl:if>
      <xsl:if test="//standOff//place">
        <h3 id="places">Places</h3>
        <ul class="index">
          <xsl:apply-templates select="//standOff//place" mode="html-index">
            <xsl:sort select="lower-case(trt:sort-name(.))"/>
            <xsl:sort select="string(@xml:id)"/>
          </xsl:apply-templates>
        </ul>
      </xsl:if>
    </section>
  </xsl:template>

  <xsl:template match="person | org | place" mode="html-index" as="element()">
    <xsl:variable name="turns" as="element(sp)*" select="key('trt:turns-by-who', string(@xml:id))"/>
    <xsl:variable name="mentions" as="element()*" select="key('trt:mentions', string(@xml:id))"/>
    <li class="entry {trt:entity-kind(.)}">
      <xsl:sequence select="trt:id-attribute(.)"/>
      <p class="entry-head">
        <span class="entry-name">{trt:sort-name(.)}</span>
        <xsl:for-each select="self::person/trt:role(.)[.]">
          <xsl:text> </xsl:text>
          <span class="role">{.}</span>
        </xsl:for-each>
        <xsl:for-each select="affiliation">
          <xsl:text> – </xsl:text>
          <xsl:choose>
            <xsl:when test="@ref and exists(trt:target(., @ref))">
              <a href="#{trt:pointers(@ref)[1]}">{normalize-space(.)}</a>
            </xsl:when>
            <xsl:otherwise>{normalize-space(.)}</xsl:otherwise>
          </xsl:choose>
        </xsl:for-each>
      </p>
      <xsl:for-each select="note">
        <p class="entry-note"><xsl:apply-templates mode="html"/></p>
      </xsl:for-each>
      <xsl:if test="exists($turns)">
        <p class="locs"><span class="locs-label">Speaks ({format-number(count($turns), '#,##0')} {if (count($turns) eq 1) then 'turn' else 'turns'}):</span><xsl:text> </xsl:text>
          <xsl:for-each select="$turns">
            <xsl:if test="position() gt 1">, </xsl:if>
            <a href="#{@xml:id}">{@xml:id}</a>
          </xsl:for-each>
        </p>
      </xsl:if>
      <p class="locs">
        <xsl:choose>
          <xsl:when test="exists($mentions)">
            <span class="locs-label">Named ({format-number(count($mentions), '#,##0')}×):</span><xsl:text> </xsl:text>
            <xsl:call-template name="trt:locations">
              <xsl:with-param name="elements" select="$mentions"/>
            </xsl:call-template>
          </xsl:when>
          <xsl:otherwise><span class="locs-label">Not named in the text.</span></xsl:otherwise>
        </xsl:choose>
      </p>
    </li>
  </xsl:template>

  <!-- ===== speaker statistics (counted here, in the normalised reading) ===== -->

  <xsl:template name="trt:statistics" as="element()">
    <xsl:variable name="rows" as="element(trt:row)*">
      <xsl:apply-templates select="//particDesc//person | //standOff//person" mode="html-stats"/>
    </xsl:variable>
    <xsl:variable name="total-words" as="xs:integer" select="sum($rows/@words ! xs:integer(.))"/>
    <section id="statistics" aria-labelledby="statistics-title">
      <h2 id="statistics-title">Speakers</h2>
      <div class="table-scroll" role="region" aria-labelledby="statistics-caption" tabindex="0">
        <table class="stats">
          <caption id="statistics-caption">Turns, paragraphs and words per speaker (words of the normalised reading, speaker
            labels not counted)</caption>
          <thead>
            <tr>
              <th scope="col">Speaker</th>
              <th scope="col">Role</th>
              <th scope="col" class="num">Turns</th>
              <th scope="col" class="num">Paragraphs</th>
              <th scope="col" class="num">Words</th>
              <th scope="col">Share of words</th>
            </tr>
          </thead>
          <tbody>
            <xsl:for-each select="$rows">
              <xsl:sort select="xs:integer(@words)" order="descending"/>
              <xsl:sort select="lower-case(@name)"/>
              <xsl:variable name="share" as="xs:decimal"
                  select="if ($total-words gt 0) then xs:decimal(@words) div $total-words * 100 else 0"/>
              <tr>
                <th scope="row"><a href="#{@id}">{@name}</a></th>
                <td>{@role}</td>
                <td class="num">{format-number(xs:integer(@turns), '#,##0')}</td>
                <td class="num">{format-number(xs:integer(@paragraphs), '#,##0')}</td>
                <td class="num">{format-number(xs:integer(@words), '#,##0')}</td>
                <td class="share"><span class="bar" aria-hidden="true"><span style="width: {format-number($share, '0.0')}%"></span></span>
                  {format-number($share, '0.0')} %</td>
              </tr>
            </xsl:for-each>
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">All speakers</th>
              <td></td>
              <td class="num">{format-number(sum($rows/@turns ! xs:integer(.)), '#,##0')}</td>
              <td class="num">{format-number(sum($rows/@paragraphs ! xs:integer(.)), '#,##0')}</td>
              <td class="num">{format-number($total-words, '#,##0')}</td>
              <td class="share">100.0 %</td>
            </tr>
          </tfoot>
        </table>
      </div>
    </section>
  </xsl:template>

  <xsl:template match="person" mode="html-stats" as="element(trt:row)?">
    <xsl:variable name="turns" as="element(sp)*" select="key('trt:turns-by-who', string(@xml:id))"/>
    <xsl:if test="exists($turns)">
      <xsl:variable name="words" as="xs:string*">
        <xsl:apply-templates select="$turns/(* except speaker)" mode="trt:plain">
          <xsl:with-param name="reading" select="'normalised'" tunnel="yes"/>
        </xsl:apply-templates>
      </xsl:variable>
      <trt:row id="{@xml:id}" name="{trt:short-name(.)}" role="{trt:role(.)}" turns="{count($turns)}"
          paragraphs="{count($turns/p)}" words="{trt:word-count($words)}"/>
    </xsl:if>
  </xsl:template>

  <!-- ===== how to cite ===== -->

  <xsl:template match="teiHeader" mode="html-cite" as="element()">
    <xsl:variable name="root" as="document-node()" select="/"/>
    <xsl:variable name="example" as="xs:string?" select="(/TEI/text/body//sp/p/@xml:id)[1]"/>
    <section id="cite" aria-labelledby="cite-title">
      <h2 id="cite-title">How to cite</h2>
      <h3>This edition</h3>
      <p class="citation">{trt:citation(.)}</p>
      <xsl:if test="empty(trt:idno(., 'URL')) and empty(trt:idno(., 'DOI'))">
        <p>The edition has no DOI or web address yet; until it has, this version is identified by its
          URN, <code>{trt:idno(., 'URN')}</code>, which names the edition and its version.</p>
      </xsl:if>
      <h3>A turn or a paragraph</h3>
      <p>Every turn and paragraph has a reference that is the same in the TEI file (its
        <code>xml:id</code>), on this page (the link beside it) and in the plain-text editions (in square
        brackets): <code>t12</code> is the twelfth turn, <code>t12.3</code> its third paragraph. Add
        the reference to the citation<xsl:if test="trt:idno(., 'URL')"> and to the address, after
        <code>#</code></xsl:if>; the link’s tooltip shows the full citation of each paragraph.</p>
      <xsl:for-each select="$example">
        <p>For example, paragraph <a href="#{.}">{.}</a>:</p>
        <p class="citation">{trt:citation($root, .)}</p>
      </xsl:for-each>
      <h3>BibTeX</h3>
      <pre tabindex="0" role="region" aria-label="BibTeX record"><code>{trt:bibtex(., $edition-id)}</code></pre>
      <h3>CSL-JSON</h3>
      <pre tabindex="0" role="region" aria-label="CSL-JSON record"><code>{trt:csl-json(., $edition-id)}</code></pre>
      <p>Reference managers such as Zotero can also read the citation data embedded in this page.</p>
    </section>
  </xsl:template>

</xsl:stylesheet>
