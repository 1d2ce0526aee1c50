<?xml version="1.0" encoding="UTF-8"?>
<!--
  TEI header -> Dublin Core (oai_dc) record of the edition, for the deposit package and OAI-PMH.

  Standalone: reads only the teiHeader. One value per element, whitespace-normalised; nothing is
  added that the header does not say, except the DCMI type (Text) and the format of the TEI file.
  Run by tei_roundtable.metadata.oai_dc (saxonche).
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:trt="https://tei-roundtable/ns/functions"
    xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:output method="xml" encoding="UTF-8" indent="yes" omit-xml-declaration="no"/>

  <!-- Step 1 (default mode): the document -> the oai_dc:dc record. -->
  <xsl:mode on-no-match="fail"/>
  <!-- Step 2: header parts -> dc elements; anything not mapped is left out. -->
  <xsl:mode name="dc" on-no-match="shallow-skip"/>

  <xsl:template match="document-node(element(tei:TEI))" as="element(oai_dc:dc)">
    <xsl:variable name="header" as="element(tei:teiHeader)?" select="tei:TEI/tei:teiHeader"/>
    <xsl:if test="empty($header)">
      <xsl:message terminate="yes" error-code="trt:no-header">The TEI document has no teiHeader.</xsl:message>
    </xsl:if>
    <oai_dc:dc xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/oai_dc/ http://www.openarchives.org/OAI/2.0/oai_dc.xsd">
      <xsl:namespace name="dc" select="'http://purl.org/dc/elements/1.1/'"/>
      <xsl:apply-templates select="$header/tei:fileDesc/tei:titleStmt" mode="dc"/>
      <xsl:apply-templates select="$header/tei:encodingDesc/tei:projectDesc" mode="dc"/>
      <xsl:apply-templates select="$header/tei:fileDesc/tei:sourceDesc/tei:bibl/tei:note" mode="dc"/>
      <xsl:apply-templates select="$header/tei:fileDesc/tei:publicationStmt" mode="dc"/>
      <dc:type>Text</dc:type>
      <dc:format>application/tei+xml</dc:format>
      <xsl:apply-templates select="$header/tei:fileDesc/tei:publicationStmt/tei:idno" mode="dc"/>
      <xsl:apply-templates select="$header/tei:fileDesc/tei:sourceDesc/tei:bibl" mode="dc"/>
      <!-- the languages the text is in: not a language of which only a few words are left (@usage 0) -->
      <xsl:apply-templates select="$header/tei:profileDesc/tei:langUsage/tei:language[not(@usage = '0')]" mode="dc"/>
      <xsl:apply-templates select="$header/tei:profileDesc/tei:settingDesc/tei:setting" mode="dc"/>
      <xsl:apply-templates select="$header/tei:fileDesc/tei:publicationStmt/tei:availability" mode="dc"/>
    </oai_dc:dc>
  </xsl:template>

  <xsl:template match="tei:titleStmt" mode="dc" as="element()+">
    <dc:title>{string-join((trt:text(tei:title[@type = 'main']), tei:title[@type = 'sub'] ! trt:text(.)), ': ')}</dc:title>
    <xsl:for-each select="tei:respStmt/(tei:persName | tei:orgName | tei:name)">
      <dc:creator>{trt:text(.)}</dc:creator>
    </xsl:for-each>
  </xsl:template>

  <xsl:template match="tei:projectDesc | tei:bibl/tei:note" mode="dc" as="element(dc:description)">
    <dc:description>{trt:text(.)}</dc:description>
  </xsl:template>

  <xsl:template match="tei:publicationStmt" mode="dc" as="element()+">
    <dc:publisher>{trt:text(tei:publisher)}</dc:publisher>
    <dc:date>{tei:date/@when}</dc:date>
  </xsl:template>

  <xsl:template match="tei:publicationStmt/tei:idno" mode="dc" as="element(dc:identifier)">
    <dc:identifier>{trt:text(.)}</dc:identifier>
  </xsl:template>

  <!-- The printed/received original the edition is made from. -->
  <xsl:template match="tei:sourceDesc/tei:bibl" mode="dc" as="element(dc:source)">
    <dc:source>{string-join((trt:text(tei:title), (tei:publisher, tei:pubPlace, tei:date) ! trt:text(.)), ', ')}</dc:source>
  </xsl:template>

  <xsl:template match="tei:language" mode="dc" as="element(dc:language)">
    <dc:language>{@ident}</dc:language>
  </xsl:template>

  <!-- Spatial and temporal coverage: where and when the round-table took place. -->
  <xsl:template match="tei:setting" mode="dc" as="element(dc:coverage)+">
    <dc:coverage>{string-join(tei:locale/* ! trt:text(.), ', ')}</dc:coverage>
    <xsl:for-each select="tei:date[@when]">
      <dc:coverage>{@when}</dc:coverage>
    </xsl:for-each>
  </xsl:template>

  <xsl:template match="tei:availability" mode="dc" as="element(dc:rights)+">
    <xsl:for-each select="tei:licence">
      <dc:rights>{trt:text(.)}</dc:rights>
      <xsl:for-each select="@target">
        <dc:rights>{.}</dc:rights>
      </xsl:for-each>
    </xsl:for-each>
    <xsl:for-each select="tei:p">
      <dc:rights>{trt:text(.)}</dc:rights>
    </xsl:for-each>
  </xsl:template>

  <!-- The text of a header element as one line: descendant text, whitespace-normalised. -->
  <xsl:function name="trt:text" as="xs:string">
    <xsl:param name="element" as="element()?"/>
    <xsl:sequence select="normalize-space(string-join($element//text(), ''))"/>
  </xsl:function>

</xsl:stylesheet>
