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

  <xsl:mode name="trt:collection-page" on-no-match="shallow-skip"/>
  <xsl:mode name="trt:collection-edition" on-no-match="shallow-skip"/>
  <xsl:mode name="trt:collection-about" on-no-match="shallow-skip"/>

  <xsl:template match="teiCorpus" mode="trt:collection-page" as="element()">
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
          <xsl:apply-templates select="teiHeader" mode="trt:collection-about"/>
        </main>
        <xsl:call-template name="trt:collection-footer"/>
      </body>
    </html>
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
