<?xml version="1.0" encoding="UTF-8"?>
<!--
  Mode trt:plain: the words of a reading, without any marker (no note numbers, no page
  breaks). Used for counting words; the tunnel parameter $reading is "normalised" (corr/reg)
  or "diplomatic" (sic/orig).
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:trt="https://tei-roundtable/ns/functions"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:mode name="trt:plain" on-no-match="text-only-copy"/>

  <xsl:template match="choice" mode="trt:plain" as="text()*">
    <xsl:param name="reading" as="xs:string" tunnel="yes"/>
    <xsl:apply-templates select="trt:reading-of(., $reading)" mode="#current"/>
  </xsl:template>

  <xsl:template match="note" mode="trt:plain" as="empty-sequence()"/>

  <!-- Blocks are separated, so words of adjacent paragraphs never run together. -->
  <xsl:template match="p | speaker | head | item | label" mode="trt:plain" as="text()*">
    <xsl:text> </xsl:text>
    <xsl:apply-templates mode="#current"/>
    <xsl:text> </xsl:text>
  </xsl:template>

</xsl:stylesheet>
