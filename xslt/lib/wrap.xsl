<?xml version="1.0" encoding="UTF-8"?>
<!--
  Word wrapping for the plain-text edition. Widths count characters (code points); a word
  longer than the line stands alone on its line rather than being cut.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:trt="https://tei-roundtable/ns/functions"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!-- The lines of $text (whitespace normalised) wrapped at $width; the first line starts
       with $first, every other line with $indent (both count towards the width). A text
       without words gives $first alone (trimmed), or no line if $first is empty too.
       Regular expressions rather than a loop over the words: Saxon runs them natively. -->
  <xsl:function name="trt:wrap" as="xs:string*">
    <xsl:param name="text" as="xs:string"/>
    <xsl:param name="width" as="xs:integer"/>
    <xsl:param name="first" as="xs:string"/>
    <xsl:param name="indent" as="xs:string"/>
    <xsl:variable name="words" as="xs:string" select="normalize-space($text)"/>
    <xsl:choose>
      <xsl:when test="$words eq ''">
        <xsl:sequence select="replace($first, '\s+$', '')[.]"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="head" as="xs:string"
            select="trt:fit($words, max((1, $width - string-length($first))))"/>
        <xsl:variable name="rest" as="xs:string" select="substring($words, string-length($head) + 2)"/>
        <xsl:variable name="room" as="xs:integer" select="max((1, $width - string-length($indent)))"/>
        <xsl:sequence select="$first || $head,
            tokenize(replace($rest, '(.{1,' || $room || '})( |$)|(\S+)( |$)', '$1$3&#10;'), '&#10;')[.] ! ($indent || .)"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:function>

  <!-- The longest run of whole words of $words that fits in $room characters; the first word
       alone if even it is longer (a word is never cut). -->
  <xsl:function name="trt:fit" as="xs:string">
    <xsl:param name="words" as="xs:string"/>
    <xsl:param name="room" as="xs:integer"/>
    <xsl:sequence select="replace($words, '^(.{1,' || $room || '})( .*|$)|^(\S+).*$', '$1$3')"/>
  </xsl:function>

  <xsl:function name="trt:wrap" as="xs:string*">
    <xsl:param name="text" as="xs:string"/>
    <xsl:param name="width" as="xs:integer"/>
    <xsl:sequence select="trt:wrap($text, $width, '', '')"/>
  </xsl:function>

  <!-- A labelled field: the label padded to $label-width, the value wrapped beside it. -->
  <xsl:function name="trt:field" as="xs:string*">
    <xsl:param name="label" as="xs:string"/>
    <xsl:param name="value" as="xs:string"/>
    <xsl:param name="label-width" as="xs:integer"/>
    <xsl:param name="width" as="xs:integer"/>
    <xsl:variable name="pad" as="xs:string" select="trt:spaces($label-width)"/>
    <xsl:sequence select="trt:wrap($value, $width, substring($label || $pad, 1, max(($label-width, string-length($label) + 1))), $pad)"/>
  </xsl:function>

  <xsl:function name="trt:spaces" as="xs:string">
    <xsl:param name="n" as="xs:integer"/>
    <xsl:sequence select="string-join((1 to $n) ! ' ')"/>
  </xsl:function>

  <!-- A heading underlined with $char, as long as the heading (at most $width). -->
  <xsl:function name="trt:underline" as="xs:string*">
    <xsl:param name="heading" as="xs:string"/>
    <xsl:param name="char" as="xs:string"/>
    <xsl:param name="width" as="xs:integer"/>
    <xsl:variable name="lines" as="xs:string*" select="trt:wrap($heading, $width)"/>
    <xsl:sequence select="$lines, string-join((1 to min(($width, max($lines ! string-length(.))))) ! $char)"/>
  </xsl:function>

</xsl:stylesheet>
