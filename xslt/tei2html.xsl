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
  <xsl:include href="lib/html-head.xsl"/>
  <xsl:include href="lib/html-about.xsl"/>
  <xsl:include href="lib/html-text.xsl"/>
  <xsl:include href="lib/html-notes.xsl"/>
  <xsl:include href="lib/html-index.xsl"/>
  <xsl:include href="lib/html-cite.xsl"/>
  <xsl:include href="lib/html-search.xsl"/>
  <!-- TEI from other projects (u/seg, l, stage, castList …): lib/generic.xsl's HTML half. -->
  <xsl:param name="trt:output" as="xs:string" static="yes" select="'html'"/>
  <xsl:include href="lib/generic.xsl"/>

  <xsl:output method="html" html-version="5" encoding="UTF-8" indent="yes"
      include-content-type="no" suppress-indentation="pre p li dd td th caption"/>

  <xsl:param name="edition-id" as="xs:string" required="yes"/>
  <!-- The search index (JSON, made by search.py with lunr); empty: a page without search. -->
  <xsl:param name="search-data" as="xs:string" select="''"/>

  <!-- Index entries and filter lists sort by the Unicode Collation Algorithm for the edition's
       language ("Öztürk" with the O's, not after "Z"), not by code point. -->
  <xsl:variable name="trt:collation" as="xs:string"
      select="'http://www.w3.org/2013/collation/UCA?lang=' || trt:language(/)"/>

  <!-- Read once when the stylesheet is compiled (static), not in every transformation. -->
  <xsl:variable name="trt:edition-css" static="yes" as="xs:string" select="unparsed-text('lib/edition.css')"/>

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
      'transcript', 'transcript-title', 'search', 'search-title', 'search-q', 'search-help',
      'search-speaker', 'search-name', 'search-status', 'search-results', 'search-data', 'changes', 'changes-title',
      'missing-reference', 'inplace-note', 'inplace-card', 'notes', 'notes-title', 'index', 'index-title', 'persons',
      'organisations', 'places', 'works', 'statistics', 'statistics-title', 'cite', 'cite-title',
      'reading-normalised', 'reading-diplomatic'"/>

  <xsl:function name="trt:link" as="node()">
    <xsl:param name="address" as="xs:string"/>
    <xsl:param name="rel" as="xs:string?"/>
    <xsl:choose>
      <xsl:when test="trt:is-web-address($address)">
        <a href="{normalize-space($address)}">
          <xsl:if test="$rel"><xsl:attribute name="rel" select="$rel"/></xsl:if>
          <xsl:value-of select="normalize-space($address)"/>
        </a>
      </xsl:when>
      <xsl:otherwise>
        <code class="not-a-link"><xsl:value-of select="$address"/></code>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:function>

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
      <!-- A mention's anchor is "<ref>-m<n>": only an xml:id of that form can be one, so where
           there is none the anchors need not be made here one by one. -->
      <xsl:if test="exists($root//@xml:id[contains(., '-m')][matches(., '-m[0-9]+$')])">
        <xsl:for-each select="TEI/text//(persName | orgName | placeName | rs | title)[@ref][not(@xml:id)]">
          <xsl:variable name="id" as="xs:string" select="trt:mention-id(.)"/>
          <xsl:if test="exists(key('trt:id', $id, root(.)))">
            <xsl:sequence select="trt:problem(key('trt:id', $id, root(.))[1], 'xml:id ''' || $id || ''' is also the anchor the HTML page gives to a mention; choose another xml:id')"/>
          </xsl:if>
        </xsl:for-each>
      </xsl:if>
    </xsl:if>
  </xsl:template>

  <!-- ===== the page ===== -->

  <xsl:template name="trt:page" as="element()">
    <xsl:variable name="header" as="element(teiHeader)" select="TEI/teiHeader"/>
    <html lang="{trt:language(.)}">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title>{trt:isolate(trt:title(.))} – a digital edition, version {trt:version(.)}</title>
        <!-- An empty icon, so that no browser asks a server for /favicon.ico. -->
        <link rel="icon" href="data:,"/>
        <xsl:apply-templates select="$header" mode="html-meta"/>
        <style>{$trt:edition-css}</style>
      </head>
      <body>
        <a class="skip-link" href="#transcript">Skip to the transcript</a>
        <header class="masthead">
          <p class="kicker">A digital edition · version {trt:version(.)}</p>
          <h1>{trt:isolate(trt:title(.))}</h1>
          <xsl:for-each select="trt:subtitle(.)">
            <p class="subtitle">{trt:isolate(.)}</p>
          </xsl:for-each>
        </header>
        <nav class="toolbar" aria-label="Edition">
          <ul class="sections">
            <li><a href="#about">About</a></li>
            <li><a href="#search">Search</a></li>
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
          <!-- The citation of any paragraph or note, "{ref}" standing for its reference: the
               copy control of edition.js fills it in. -->
          <xsl:attribute name="data-cite" select="trt:citation(/, '{ref}')"/>
          <xsl:apply-templates select="$header" mode="html-about"/>
          <xsl:call-template name="trt:search">
            <xsl:with-param name="search-data" select="$search-data"/>
          </xsl:call-template>
          <section id="transcript" aria-labelledby="transcript-title">
            <h2 id="transcript-title">Transcript</h2>
            <p class="reading-status">
              <span class="norm">You are reading the <strong>normalised</strong> text: the editors’ corrections
                and normalisations are applied and marked.</span>
              <span class="dipl">You are reading the <strong>diplomatic</strong> text: the words as printed in the
                source, errors included; the places the editors correct are marked.</span>
              Superscript numbers open the editorial notes; ‖ marks a page break of the printed
              original; the reference beside each turn and paragraph links to it.
            </p>
            <dl class="key" aria-label="What the marks in the text mean">
              <div><dt><span class="key-sample name persName">Name</span></dt><dd>a person (opens a card; the index lists every mention)</dd></div>
              <div><dt><span class="key-sample name orgName">Name</span></dt><dd>an organisation</dd></div>
              <div><dt><span class="key-sample name placeName">Name</span></dt><dd>a place</dd></div>
              <div><dt><span class="key-sample name title">Title</span></dt><dd>a work (a document the speakers name)</dd></div>
              <div><dt><span class="key-sample name persName cert-medium">Name</span></dt><dd>identification not certain (see its note)</dd></div>
              <div><dt><span class="key-sample choice">word</span></dt><dd>corrected or normalised by the editors</dd></div>
              <div><dt><span class="key-sample seg commented">words</span></dt><dd>kept as printed, with a comment</dd></div>
            </dl>
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
                <xsl:sequence select="trt:link(., 'license')"/>
              </xsl:for-each>
            </xsl:for-each>
          </p>
          <p>Version {trt:version(.)} of {trt:published(.)} · {trt:identifier(.)}<xsl:for-each
              select="$header/encodingDesc/appInfo/application[@ident eq 'tei-roundtable'][1]"> · made with
              tei-roundtable {@version}</xsl:for-each></p>
        </footer>
        <xsl:call-template name="trt:page-scripts">
          <xsl:with-param name="search-data" select="$search-data"/>
        </xsl:call-template>
      </body>
    </html>
  </xsl:template>

</xsl:stylesheet>
