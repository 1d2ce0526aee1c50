<?xml version="1.0" encoding="UTF-8"?>
<!--
  collection/names.xsl: the index of names across the collection (names.html of a collection
  build). One entry per person, organisation and place of the collection's register (the
  teiCorpus standOff), sorted by the Unicode Collation Algorithm ($trt:collation); under each,
  every edition whose register has the entity, with the role and affiliation it had there, the
  turns where it speaks and the paragraphs where it is named, each linked into the edition's page
  (<edition-id>/html/index.html#t18.1).
  Modes, one per part: trt:collection-page (the page), trt:collection-entry (one entry),
  trt:collection-appearance (the entry's lines for one edition).
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
  <xsl:mode name="trt:collection-entry" on-no-match="shallow-skip"/>
  <xsl:mode name="trt:collection-appearance" on-no-match="shallow-skip"/>

  <!-- An edition's entries for a register entity, by the entity's id. -->
  <xsl:key name="trt:appearances" match="TEI//person[@sameAs] | TEI//org[@sameAs] | TEI//place[@sameAs]" use="trt:pointers(@sameAs)"/>

  <xsl:variable name="trt:kinds" as="map(xs:string, xs:string)"
      select="map {'person': 'Persons', 'org': 'Organisations', 'place': 'Places'}"/>
  <xsl:variable name="trt:section-ids" as="map(xs:string, xs:string)"
      select="map {'person': 'persons', 'org': 'organisations', 'place': 'places'}"/>

  <xsl:template match="teiCorpus" mode="trt:collection-page" as="element()">
    <xsl:variable name="register" as="element()*" select="standOff/(listPerson | listOrg | listPlace)/*"/>
    <html lang="{(@xml:lang, 'en')[1]}">
      <head>
        <xsl:call-template name="trt:collection-head">
          <xsl:with-param name="title" select="'Index of names – ' || trt:collection-title()"/>
          <xsl:with-param name="description" select="'Persons, organisations and places of ' || trt:collection-title()
              || ', with every turn where they speak and every place where they are named, in each edition'"/>
        </xsl:call-template>
      </head>
      <body>
        <a class="skip-link" href="#index">Skip to the index</a>
        <header class="masthead">
          <p class="kicker">Index of names · {trt:isolate(trt:collection-title())}</p>
          <h1>Persons, organisations and places</h1>
        </header>
        <nav class="toolbar" aria-label="Collection">
          <ul class="sections">
            <li><a href="index.html">Editions</a></li>
            <li><a href="#index" aria-current="page">Index of names</a></li>
            <xsl:for-each select="for $kind in ('person', 'org', 'place') return $kind[exists($register[local-name() eq $kind])]">
              <li><a href="#{$trt:section-ids(.)}">{$trt:kinds(.)}</a></li>
            </xsl:for-each>
          </ul>
        </nav>
        <main id="main">
          <section id="index" aria-labelledby="index-title">
            <h2 id="index-title">Index of names</h2>
            <p class="intro">Every person, organisation and place of the {format-number(count(TEI), '#,##0')}
              editions, with the role and affiliation each had at that event, every turn where they speak and
              every paragraph where they are named. The references lead into the edition's page.</p>
            <xsl:for-each select="('person', 'org', 'place')">
              <xsl:variable name="kind" as="xs:string" select="."/>
              <xsl:if test="exists($register[local-name() eq $kind])">
                <h3 id="{$trt:section-ids($kind)}">{$trt:kinds($kind)}</h3>
                <ul class="index collection-index">
                  <xsl:apply-templates select="$register[local-name() eq $kind]" mode="trt:collection-entry">
                    <xsl:sort select="trt:sort-name(.)" collation="{$trt:collation}"/>
                    <xsl:sort select="string(@xml:id)"/>
                  </xsl:apply-templates>
                </ul>
              </xsl:if>
            </xsl:for-each>
          </section>
        </main>
        <xsl:call-template name="trt:collection-footer"/>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="person | org | place" mode="trt:collection-entry" as="element()">
    <xsl:variable name="appearances" as="element()*" select="key('trt:appearances', string(@xml:id))"/>
    <li class="entry {trt:entity-kind(.)}" id="{@xml:id}">
      <p class="entry-head">
        <span class="entry-name">{trt:isolate(trt:sort-name(.))}</span>
        <span class="entry-count"> · {format-number(count($appearances), '#,##0')} edition{if (count($appearances) ne 1) then 's' else ''}</span>
      </p>
      <ul class="appearances">
        <xsl:apply-templates select="$appearances" mode="trt:collection-appearance"/>
      </ul>
    </li>
  </xsl:template>

  <xsl:template match="person | org | place" mode="trt:collection-appearance" as="element()">
    <xsl:variable name="tei" as="element(TEI)" select="trt:edition-of(.)"/>
    <xsl:variable name="page" as="xs:string" select="trt:edition-page($tei)"/>
    <xsl:variable name="turns" as="element(sp)*" select="key('trt:turns-by-who', string(@xml:id))"/>
    <xsl:variable name="mentions" as="element()*" select="key('trt:mentions', string(@xml:id))"/>
    <li class="appearance">
      <p class="appearance-head">
        <a href="{$page}">{trt:isolate(trt:edition-title($tei))}</a>
        <xsl:for-each select="trt:edition-date($tei)">
          <xsl:text> (</xsl:text><time datetime="{@when}">{trt:isolate(normalize-space(.))}</time><xsl:text>)</xsl:text>
        </xsl:for-each>
        <xsl:for-each select="self::person/trt:role(.)[.]">
          <xsl:text> </xsl:text>
          <span class="role">{trt:isolate(.)}</span>
        </xsl:for-each>
        <xsl:for-each select="affiliation">
          <xsl:text> – </xsl:text>
          <xsl:value-of select="trt:isolate(normalize-space(.))"/>
        </xsl:for-each>
      </p>
      <xsl:if test="exists($turns)">
        <p class="locs"><span class="locs-label">Speaks ({format-number(count($turns), '#,##0')} {if (count($turns) eq 1) then 'turn' else 'turns'}):</span><xsl:text> </xsl:text>
          <xsl:for-each select="$turns">
            <xsl:if test="position() gt 1">, </xsl:if>
            <a href="{$page}#{trt:local-id(@xml:id, $tei)}">{trt:local-id(@xml:id, $tei)}</a>
          </xsl:for-each>
        </p>
      </xsl:if>
      <p class="locs">
        <xsl:choose>
          <xsl:when test="exists($mentions)">
            <span class="locs-label">Named ({format-number(count($mentions), '#,##0')}×):</span><xsl:text> </xsl:text>
            <!-- One link per paragraph (the citable unit), with the count where it is named more than once. -->
            <xsl:for-each-group select="$mentions" group-adjacent="trt:ref(.)">
              <xsl:variable name="ref" as="xs:string" select="trt:local-id(current-grouping-key(), $tei)"/>
              <xsl:if test="position() gt 1">, </xsl:if>
              <a href="{$page}#{$ref}">{$ref}</a>
              <xsl:if test="count(current-group()) gt 1"><span class="again"> ({count(current-group())}×)</span></xsl:if>
            </xsl:for-each-group>
          </xsl:when>
          <xsl:otherwise><span class="locs-label">Not named in the text.</span></xsl:otherwise>
        </xsl:choose>
      </p>
    </li>
  </xsl:template>

</xsl:stylesheet>
