<?xml version="1.0" encoding="UTF-8"?>
<!--
  The page head (mode html-meta): citation_* and Dublin Core meta tags.
  Included by tei2html.xsl, which declares the modes.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:trt="https://tei-roundtable/ns/functions"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all"
    expand-text="yes">

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
      <xsl:if test="trt:is-web-address(.)">
        <link rel="canonical" href="{.}"/>
      </xsl:if>
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
      <xsl:for-each select="@target[trt:is-web-address(.)]">
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

</xsl:stylesheet>
