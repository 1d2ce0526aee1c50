<?xml version="1.0" encoding="UTF-8"?>
<!--
  collection/common.xsl: what the collection's two pages share. Their input is the collection's
  teiCorpus (tei_roundtable.corpus): every edition's TEI whole, its ids prefixed with the edition
  id (E.t18.1), the register once in the corpus's standOff.

  The functions of lib/common.xsl that read "the" teiHeader of a document would read the
  corpus's and every edition's at once here, so the edition's facts are read from its own TEI
  element by the functions below. Links into an edition's page are "<edition-id>/html/index.html#
  <id in the edition>": the layout of a collection build (README, "Collections").
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:err="http://www.w3.org/2005/xqt-errors"
    xmlns:trt="https://tei-roundtable/ns/functions"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:import href="../lib/common.xsl"/>

  <xsl:output method="html" html-version="5" encoding="UTF-8" indent="yes"
      include-content-type="no" suppress-indentation="p li dd td th h3"/>

  <!-- The collection's id: its TEI is tei/<collection-id>.xml beside the pages. -->
  <xsl:param name="collection-id" as="xs:string" required="yes"/>

  <!-- Real collation (Unicode Collation Algorithm, in the collection's language): "Ökten" sorts
       with the O's, not after "Z" as by code point. -->
  <xsl:variable name="trt:collation" as="xs:string"
      select="'http://www.w3.org/2013/collation/UCA?lang=' || (/teiCorpus/@xml:lang, 'en')[1]"/>

  <xsl:variable name="trt:corpus-header" as="element(teiHeader)" select="/teiCorpus/teiHeader"/>

  <!-- ===== entry: any dynamic error becomes one located message (see _xslt.py) ===== -->

  <xsl:template match="/" as="element()?">
    <xsl:try>
      <xsl:if test="not(teiCorpus)">
        <xsl:message select="'error&#9;' || path(*) || '&#9;not a collection: the root element is '
            || local-name(*) || ', not teiCorpus'"/>
      </xsl:if>
      <xsl:apply-templates select="teiCorpus" mode="trt:collection-page"/>
      <xsl:catch>
        <xsl:message select="'xslt-error&#9;' || $err:module || '&#9;' || $err:line-number || '&#9;'
            || $err:code || '&#9;' || normalize-space($err:description)"/>
      </xsl:catch>
    </xsl:try>
  </xsl:template>

  <!-- ===== the parts both pages have ===== -->

  <xsl:template name="trt:collection-head" as="element()+">
    <xsl:param name="title" as="xs:string"/>
    <xsl:param name="description" as="xs:string"/>
    <meta charset="utf-8"/>
    <meta name="viewport" content="width=device-width, initial-scale=1"/>
    <title>{$title}</title>
    <!-- An empty icon, so that no browser asks a server for /favicon.ico. -->
    <link rel="icon" href="data:,"/>
    <meta name="description" content="{$description}"/>
    <link rel="schema.DC" href="http://purl.org/dc/elements/1.1/"/>
    <meta name="DC.title" content="{trt:collection-title()}"/>
    <xsl:for-each select="trt:collection-editors()">
      <meta name="DC.creator" content="{normalize-space(.)}"/>
    </xsl:for-each>
    <meta name="DC.publisher" content="{normalize-space($trt:corpus-header/fileDesc/publicationStmt/publisher)}"/>
    <meta name="DC.date" content="{$trt:corpus-header/fileDesc/publicationStmt/date/@when}"/>
    <meta name="DC.type" content="Collection"/>
    <xsl:for-each select="$trt:corpus-header/fileDesc/publicationStmt/idno">
      <meta name="DC.identifier" content="{if (@type eq 'DOI') then 'https://doi.org/' || normalize-space() else normalize-space()}"/>
    </xsl:for-each>
    <style>{unparsed-text('../lib/edition.css')}{unparsed-text('collection.css')}</style>
  </xsl:template>

  <xsl:template name="trt:collection-footer" as="element()">
    <footer class="colophon">
      <p>
        <xsl:for-each select="$trt:corpus-header/fileDesc/publicationStmt/availability/licence">
          {trt:isolate(normalize-space(.))}<xsl:for-each select="@target"><xsl:text> </xsl:text><xsl:call-template name="trt:web-link"/></xsl:for-each>
        </xsl:for-each>
      </p>
      <p>Version {$trt:corpus-header/fileDesc/editionStmt/edition/@n} of
        {$trt:corpus-header/fileDesc/publicationStmt/date/@when} · {trt:collection-identifier()}<xsl:for-each
          select="$trt:corpus-header/encodingDesc/appInfo/application[@ident eq 'tei-roundtable'][1]"> · made with
          tei-roundtable {@version}</xsl:for-each></p>
    </footer>
  </xsl:template>

  <!-- A web address as a link; anything else (javascript:, data: …) as text (trt:is-web-address). -->
  <xsl:template name="trt:web-link" as="node()">
    <xsl:param name="rel" as="xs:string?" select="if (local-name() eq 'target') then 'license' else ()"/>
    <xsl:choose>
      <xsl:when test="trt:is-web-address(.)"><a href="{normalize-space(.)}">
        <xsl:if test="$rel"><xsl:attribute name="rel" select="$rel"/></xsl:if>{normalize-space(.)}</a></xsl:when>
      <xsl:otherwise><xsl:value-of select="trt:isolate(normalize-space(.))"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ===== the collection ===== -->

  <xsl:function name="trt:collection-title" as="xs:string">
    <xsl:sequence select="normalize-space($trt:corpus-header/fileDesc/titleStmt/title[@type eq 'main'][1])"/>
  </xsl:function>

  <xsl:function name="trt:collection-editors" as="element()*">
    <xsl:sequence select="$trt:corpus-header/fileDesc/titleStmt/respStmt/(orgName | persName | name)"/>
  </xsl:function>

  <xsl:function name="trt:collection-identifier" as="xs:string">
    <xsl:variable name="idnos" as="element(idno)*" select="$trt:corpus-header/fileDesc/publicationStmt/idno"/>
    <xsl:sequence select="($idnos[@type eq 'URL'], $idnos[@type eq 'DOI'] ! ('https://doi.org/' || .),
        $idnos[@type eq 'URN'], '')[1] ! normalize-space()"/>
  </xsl:function>

  <!-- ===== one edition, from its own TEI element ===== -->

  <xsl:function name="trt:edition-of" as="element(TEI)">
    <xsl:param name="node" as="node()"/>
    <xsl:sequence select="$node/ancestor-or-self::TEI[1]"/>
  </xsl:function>

  <!-- The page of the edition, relative to the collection's pages. -->
  <xsl:function name="trt:edition-page" as="xs:string">
    <xsl:param name="tei" as="element(TEI)"/>
    <xsl:sequence select="$tei/@xml:id || '/html/index.html'"/>
  </xsl:function>

  <!-- An id as the edition itself has it (E.t18.1 is t18.1 of edition E). -->
  <xsl:function name="trt:local-id" as="xs:string">
    <xsl:param name="id" as="xs:string"/>
    <xsl:param name="tei" as="element(TEI)"/>
    <xsl:sequence select="substring($id, string-length($tei/@xml:id) + 2)"/>
  </xsl:function>

  <xsl:function name="trt:edition-title" as="xs:string">
    <xsl:param name="tei" as="element(TEI)"/>
    <xsl:variable name="stmt" as="element(titleStmt)?" select="$tei/teiHeader/fileDesc/titleStmt"/>
    <xsl:sequence select="normalize-space(($stmt/title[@type eq 'main'], $stmt/title, $tei/@xml:id)[1])"/>
  </xsl:function>

  <xsl:function name="trt:edition-subtitle" as="xs:string?">
    <xsl:param name="tei" as="element(TEI)"/>
    <xsl:sequence select="$tei/teiHeader/fileDesc/titleStmt/title[@type eq 'sub'][1] ! normalize-space()"/>
  </xsl:function>

  <xsl:function name="trt:edition-setting" as="element(setting)?">
    <xsl:param name="tei" as="element(TEI)"/>
    <xsl:sequence select="$tei/teiHeader/profileDesc/settingDesc/setting[1]"/>
  </xsl:function>

  <xsl:function name="trt:edition-date" as="element(date)?">
    <xsl:param name="tei" as="element(TEI)"/>
    <xsl:sequence select="trt:edition-setting($tei)/date[1]"/>
  </xsl:function>

  <xsl:function name="trt:edition-place" as="xs:string">
    <xsl:param name="tei" as="element(TEI)"/>
    <xsl:sequence select="string-join(trt:edition-setting($tei)/locale/* ! normalize-space()[.], ', ')"/>
  </xsl:function>

  <xsl:function name="trt:edition-participants" as="element(person)*">
    <xsl:param name="tei" as="element(TEI)"/>
    <xsl:sequence select="$tei/teiHeader/profileDesc/particDesc//person"/>
  </xsl:function>

  <!-- The collection's register entry an edition's entry stands for (its @sameAs), else itself. -->
  <xsl:function name="trt:shared-entry" as="element()">
    <xsl:param name="entity" as="element()"/>
    <xsl:sequence select="(trt:target($entity, $entity/@sameAs)[parent::*/parent::standOff/parent::teiCorpus], $entity)[1]"/>
  </xsl:function>

  <!-- The edition's date as the page shows it: the printed date with its ISO form for machines. -->
  <xsl:template name="trt:edition-date" as="node()*">
    <xsl:param name="tei" as="element(TEI)"/>
    <xsl:for-each select="trt:edition-date($tei)">
      <time datetime="{@when}">{trt:isolate(normalize-space(.))}</time>
    </xsl:for-each>
  </xsl:template>

</xsl:stylesheet>
