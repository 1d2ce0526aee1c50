<?xml version="1.0" encoding="UTF-8"?>
<!--
  Word wrapping for the plain-text edition. Widths count characters (code points). A word
  longer than the line is broken after one of its own hyphens (a hyphenated compound: nothing
  is added or lost); a word with no such hyphen, or a URL, is never cut and stands alone on its
  line (after the line's reference or label), which is then longer than the width.
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
       A line at a time (trt:fill), never a word at a time: Saxon's cost is per item, and a
       text has ten times more words than lines. A word longer than a line may break after a
       hyphen: only then (the lines tell, trt:holds-word-over) are the places where it may
       marked with a tab (normalize-space leaves none in the text), and the lines made by the
       patterns that know the mark. -->
  <xsl:function name="trt:wrap" as="xs:string*">
    <xsl:param name="text" as="xs:string"/>
    <xsl:param name="width" as="xs:integer"/>
    <xsl:param name="first" as="xs:string"/>
    <xsl:param name="indent" as="xs:string"/>
    <xsl:variable name="plain" as="xs:string" select="normalize-space($text)"/>
    <xsl:sequence select="trt:wrap-normal($plain, $width, $first, $indent)"/>
  </xsl:function>

  <!-- trt:wrap of $plain, whose white space is normalised already (normalize-space($plain) eq
       $plain), as a block's words are (trt:inline in tei2text.xsl): normalising the text of
       every block a second time took 1.5 ms of each text edition of the bundled edition. -->
  <xsl:function name="trt:wrap-normal" as="xs:string*">
    <xsl:param name="plain" as="xs:string"/>
    <xsl:param name="width" as="xs:integer"/>
    <xsl:param name="first" as="xs:string"/>
    <xsl:param name="indent" as="xs:string"/>
    <xsl:variable name="room" as="xs:integer" select="max((1, $width - string-length($indent)))"/>
    <xsl:variable name="first-room" as="xs:integer" select="max((1, $width - string-length($first)))"/>
    <xsl:choose>
      <xsl:when test="$plain eq ''">
        <xsl:sequence select="replace($first, '\s+$', '')[.]"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="lines" as="xs:string+" select="trt:fill($plain, $first-room, $room)"/>
        <xsl:variable name="shortest" as="xs:integer" select="min(($room, $first-room))"/>
        <!-- Every word is on one of $lines: a word longer than $shortest is on one of them. -->
        <xsl:variable name="words" as="xs:string" select="
            if ((contains($plain, '-') or contains($plain, '&#x2010;')) and (some $line in $lines satisfies trt:holds-word-over($line, $shortest)))
            then trt:mark-breaks($plain, $shortest) else $plain"/>
        <xsl:choose>
          <xsl:when test="not(contains($words, '&#9;'))">
            <xsl:sequence select="$first || head($lines), tail($lines) ! ($indent || .)"/>
          </xsl:when>
          <xsl:otherwise>
            <xsl:variable name="head" as="xs:string" select="trt:fit($words, $first-room)"/>
            <xsl:variable name="rest" as="xs:string" select="substring($words, string-length($head) + 2)"/>
            <xsl:variable name="marked-lines" as="xs:string"
                select="replace($rest, '((?:[^&#9;]&#9;?){1,' || $room || '})( |&#9;|$)|([^ &#9;]+)( |&#9;|$)', '$1$3&#10;')"/>
            <xsl:sequence select="($first || $head, tokenize($marked-lines, '&#10;')[.] ! ($indent || .)) ! translate(., '&#9;', '')"/>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:function>

  <!-- True when a word of $line (single spaces) is longer than $n characters. A space at a
       position p with p - 1 le $n and length - p le $n leaves no room for one on either side,
       which settles most lines without looking at their words. -->
  <xsl:function name="trt:holds-word-over" as="xs:boolean">
    <xsl:param name="line" as="xs:string"/>
    <xsl:param name="n" as="xs:integer"/>
    <xsl:variable name="length" as="xs:integer" select="string-length($line)"/>
    <xsl:sequence select="if ($length le $n) then false()
        else if ($length le 2 * $n and contains(substring($line, $length - $n, 2 * $n - $length + 2), ' ')) then false()
        else (some $word in tokenize($line, ' ') satisfies string-length($word) gt $n)"/>
  </xsl:function>

  <!-- $words (single spaces, none at either end) as lines: the longest run of whole words that
       fits in $limit characters, then lines of $room characters; a word longer than its line
       stands alone on it. Each line is found in the next $limit + 1 characters alone: it ends
       before the last space there, which Java's regular expression engine (Saxon's flag ';j')
       finds in a third of the time Saxon's own takes; for this pattern the two agree.
       A loop over the positions where lines start, each line cut once from $words: a function
       calling itself on the rest of the text copied that rest once per line (for the bundled
       edition's paragraphs and notes 2.2 ms, now 1.6). -->
  <xsl:function name="trt:fill" as="xs:string+">
    <xsl:param name="words" as="xs:string"/>
    <xsl:param name="limit" as="xs:integer"/>
    <xsl:param name="room" as="xs:integer"/>
    <xsl:variable name="length" as="xs:integer" select="string-length($words)"/>
    <!-- Every line holds at least one character: at most $length lines. -->
    <xsl:iterate select="1 to $length">
      <xsl:param name="start" as="xs:integer" select="1"/>
      <xsl:param name="fits" as="xs:integer" select="$limit"/>
      <xsl:choose>
        <xsl:when test="$length - $start lt $fits">
          <xsl:break select="substring($words, $start)"/>
        </xsl:when>
        <xsl:otherwise>
          <xsl:variable name="next" as="xs:string" select="substring($words, $start, $fits + 1)"/>
          <xsl:variable name="line" as="xs:string" select="if (contains($next, ' ')) then replace($next, '^(.*) .*$', '$1', 's;j')
              else substring-before(substring($words, $start) || ' ', ' ')"/>
          <xsl:sequence select="$line"/>
          <xsl:variable name="after" as="xs:integer" select="$start + string-length($line) + 1"/>
          <xsl:choose>
            <xsl:when test="$after gt $length">
              <xsl:break/>
            </xsl:when>
            <xsl:otherwise>
              <xsl:next-iteration>
                <xsl:with-param name="start" select="$after"/>
                <xsl:with-param name="fits" select="$room"/>
              </xsl:next-iteration>
            </xsl:otherwise>
          </xsl:choose>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:iterate>
  </xsl:function>

  <!-- The longest run of whole words of $words (break marks in them) that fits in $room
       characters; the first word alone if even it is longer (a word is never cut). A break
       mark ends a run as a space does, and marks are not counted. -->
  <xsl:function name="trt:fit" as="xs:string">
    <xsl:param name="words" as="xs:string"/>
    <xsl:param name="room" as="xs:integer"/>
    <xsl:sequence select="replace($words, '^((?:[^&#9;]&#9;?){1,' || $room || '})([ &#9;].*|$)|^([^ &#9;]+).*$', '$1$3')"/>
  </xsl:function>

  <!-- $words with a tab after each hyphen where a word longer than $room may break: between
       two letters or digits, and never in a URL, URN or e-mail address. Two passes, as a match
       takes the letter after its hyphen (a-b-c). -->
  <xsl:function name="trt:mark-breaks" as="xs:string">
    <xsl:param name="words" as="xs:string"/>
    <xsl:param name="room" as="xs:integer"/>
    <xsl:sequence select="if (not(contains($words, '-') or contains($words, '&#x2010;'))
        or (every $word in tokenize($words, ' ') satisfies string-length($word) le $room)) then $words
        else string-join(tokenize($words, ' ') ! (
          if (string-length(.) le $room or matches(., '://|^(www\.|urn:|doi:|mailto:)|@')) then .
          else fold-left(1 to 2, ., function($word, $pass) {
            replace($word, '([\p{L}\p{N}][\-&#x2010;])([\p{L}\p{N}])', '$1&#9;$2') })), ' ')"/>
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
