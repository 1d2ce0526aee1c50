<?xml version="1.0" encoding="UTF-8"?>
<!--
  collection/editions.xsl: the collection's page (index.html of a collection build), one
  self-contained page listing every edition in the collection's order: title linked to the
  edition's page, date and place of the event, participants (each linked to their entry in the
  index of names, names.html), identifier. Modes, one per part: trt:collection-page (the page),
  trt:collection-edition (one edition), trt:collection-about (the collection's facts).
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:trt="https://tei-roundtable/ns/functions"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:import href="common.xsl"/>
  <!-- The edition page's search panel and scripts: one implementation for both pages. -->
  <xsl:include href="../lib/html-search.xsl"/>

  <!-- The editions whose search shards (search/<edition-id>.js: the edition's lunr index with
       its passages' texts, made by search.py; see _collection_pages.py) the page loads when a
       search is asked for, as a JSON list of edition ids; empty: a page without search. -->
  <xsl:param name="search-shards" as="xs:string" select="''"/>

  <xsl:mode name="trt:collection-page" on-no-match="shallow-skip"/>
  <xsl:mode name="trt:collection-edition" on-no-match="shallow-skip"/>
  <xsl:mode name="trt:collection-about" on-no-match="shallow-skip"/>
  <!-- The search panel of lib/html-search.xsl, copied with the list of shards where the edition
       page has its index (script#search-data, which edition.js would read). -->
  <xsl:mode name="trt:collection-search" on-no-match="shallow-copy"/>

  <xsl:template match="teiCorpus" mode="trt:collection-page" as="element()">
    <xsl:variable name="register" as="element()*" select="standOff//(person | org | place)"/>
    <xsl:variable name="count" as="xs:integer" select="count(TEI)"/>
    <xsl:variable name="editions" as="xs:string" select="format-number($count, '#,##0') || ' edition' || (if ($count ne 1) then 's' else '')"/>
    <html lang="{(@xml:lang, 'en')[1]}">
      <head>
        <xsl:call-template name="trt:collection-head">
          <xsl:with-param name="title" select="trt:collection-title() || ' – a collection of ' || $editions"/>
          <xsl:with-param name="description" select="string-join((trt:collection-title(),
              teiHeader/encodingDesc/projectDesc/p[1] ! normalize-space()), '. ')"/>
        </xsl:call-template>
      </head>
      <body>
        <a class="skip-link" href="#editions">Skip to the editions</a>
        <header class="masthead">
          <p class="kicker">A collection of {$editions} · version {teiHeader/fileDesc/editionStmt/edition/@n}</p>
          <h1>{trt:isolate(trt:collection-title())}</h1>
        </header>
        <nav class="toolbar" aria-label="Collection">
          <ul class="sections">
            <li><a href="#editions" aria-current="page">Editions</a></li>
            <xsl:if test="normalize-space($search-shards)">
              <li><a href="#search">Search</a></li>
            </xsl:if>
            <li><a href="names.html">Index of names</a></li>
            <li><a href="#about">About the collection</a></li>
          </ul>
        </nav>
        <main id="main">
          <section id="editions" aria-labelledby="editions-title">
            <h2 id="editions-title">Editions</h2>
            <ol class="editions">
              <xsl:apply-templates select="TEI" mode="trt:collection-edition"/>
            </ol>
          </section>
          <!-- The filters offer the collection's register: a speaker of any edition, a name any
               edition mentions; the search documents carry the same ids (_collection_pages.py). -->
          <xsl:variable name="panel" as="element()?">
            <xsl:call-template name="trt:search">
            <xsl:with-param name="search-data" select="$search-shards"/>
            <xsl:with-param name="scope" select="'collection'"/>
            <xsl:with-param name="speakers" select="$register[self::person][key('trt:appearances', string(@xml:id))
                ! key('trt:turns-by-who', string(@xml:id))]"/>
            <xsl:with-param name="named" select="$register[key('trt:appearances', string(@xml:id))
                ! key('trt:mentions', string(@xml:id))]"/>
            </xsl:call-template>
          </xsl:variable>
          <xsl:apply-templates select="$panel" mode="trt:collection-search"/>
          <xsl:apply-templates select="teiHeader" mode="trt:collection-about"/>
        </main>
        <xsl:call-template name="trt:collection-footer"/>
        <xsl:call-template name="trt:page-scripts">
          <xsl:with-param name="search-data" select="$search-shards"/>
        </xsl:call-template>
        <xsl:if test="normalize-space($search-shards)">
          <script>{unparsed-text('collection-search.js')}</script>
        </xsl:if>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="Q{}script[@id eq 'search-data']" mode="trt:collection-search" as="element()">
    <script type="application/json" id="search-shards">{.}</script>
  </xsl:template>

  <xsl:template match="TEI" mode="trt:collection-edition" as="element()">
    <xsl:variable name="participants" as="element(person)*" select="trt:edition-participants(.)"/>
    <li class="edition" id="{@xml:id}">
      <h3><a href="{trt:edition-page(.)}">{trt:isolate(trt:edition-title(.))}</a></h3>
      <xsl:for-each select="trt:edition-subtitle(.)">
        <p class="subtitle">{trt:isolate(.)}</p>
      </xsl:for-each>
      <dl class="facts">
        <xsl:if test="exists(trt:edition-date(.))">
          <dt>Date</dt>
          <dd><xsl:call-template name="trt:edition-date"><xsl:with-param name="tei" select="."/></xsl:call-template></dd>
        </xsl:if>
        <xsl:if test="trt:edition-place(.)">
          <dt>Place</dt>
          <dd>{trt:isolate(trt:edition-place(.))}</dd>
        </xsl:if>
        <xsl:if test="exists($participants)">
          <dt>Participants</dt>
          <dd>
            <ul class="inline-list">
              <xsl:for-each select="$participants">
                <li><a href="names.html#{trt:shared-entry(.)/@xml:id}">{trt:isolate(trt:entity-name(.))}</a>{trt:role(.)[.] ! (' (' || trt:isolate(.) || ')')}</li>
              </xsl:for-each>
            </ul>
          </dd>
        </xsl:if>
        <dt>Turns</dt>
        <dd>{format-number(count(text/body//sp), '#,##0')}</dd>
        <dt>Identifier</dt>
        <dd><code>{(teiHeader/fileDesc/publicationStmt/idno[@type eq 'URN'], @xml:id)[1] ! normalize-space()}</code></dd>
      </dl>
    </li>
  </xsl:template>

  <xsl:template match="teiHeader" mode="trt:collection-about" as="element()">
    <section id="about" aria-labelledby="about-title">
      <h2 id="about-title">About the collection</h2>
      <xsl:for-each select="encodingDesc/projectDesc/p">
        <p>{trt:isolate(normalize-space(.))}</p>
      </xsl:for-each>
      <dl class="facts">
        <xsl:for-each select="fileDesc/titleStmt/respStmt">
          <dt>Editors</dt>
          <dd>{string-join((orgName | persName | name) ! trt:isolate(normalize-space()), '; ')} ({string-join(resp ! trt:isolate(normalize-space()), '; ')})</dd>
        </xsl:for-each>
        <dt>Publisher</dt>
        <dd>{trt:isolate(normalize-space(fileDesc/publicationStmt/publisher))}</dd>
        <dt>Version</dt>
        <dd>{fileDesc/editionStmt/edition/@n}, published <time datetime="{fileDesc/publicationStmt/date/@when}">{fileDesc/publicationStmt/date/@when}</time></dd>
        <dt>Identifier</dt>
        <dd>
          <xsl:for-each select="fileDesc/publicationStmt/idno[@type eq 'URL']"><xsl:call-template name="trt:web-link"/><br/></xsl:for-each>
          <xsl:for-each select="fileDesc/publicationStmt/idno[@type eq 'DOI']"><a href="https://doi.org/{iri-to-uri(normalize-space(.))}">doi:{trt:isolate(normalize-space(.))}</a><br/></xsl:for-each>
          <xsl:for-each select="fileDesc/publicationStmt/idno[@type eq 'URN']"><code>{.}</code></xsl:for-each>
        </dd>
        <xsl:for-each select="fileDesc/publicationStmt/availability/licence">
          <dt>Licence</dt>
          <dd>{trt:isolate(normalize-space(.))}<xsl:for-each select="@target"><xsl:text> </xsl:text><xsl:call-template name="trt:web-link"/></xsl:for-each></dd>
        </xsl:for-each>
        <dt>Other formats</dt>
        <dd>Published together with this page (relative links, as laid out in the build folder):
          the <a href="tei/{$collection-id}.xml">collection's
          TEI</a> (a teiCorpus holding every edition), and each edition's own TEI, text editions and
          deposit package in the edition's folder.</dd>
      </dl>
    </section>
  </xsl:template>

</xsl:stylesheet>
