<?xml version="1.0" encoding="UTF-8"?>
<!--
  tei2text.xsl: the plain-text edition of a tei-roundtable TEI file, UTF-8, wrapped at
  $width columns. A header (title, date, place, participants, version, how to cite), the
  text with every turn and paragraph prefixed by its citation reference ([t12], [t12.3]: the
  TEI xml:ids and the HTML anchors), the editorial notes at the end.

  Parameters: reading = "normalised" (corr/reg, the default) or "diplomatic"
  (sic/orig, the text as printed); checked (see below).
  Modes: txt-header (header block), txt (blocks to lines), txt-inline (the words of a
  block), txt-notes (apparatus); trt:check (lib/check.xsl) runs first.
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
  <xsl:import href="lib/cite.xsl"/>
  <xsl:import href="lib/wrap.xsl"/>
  <!-- TEI from other projects (u/seg, l, stage, castList …): lib/generic.xsl's text half. -->
  <xsl:param name="trt:output" as="xs:string" static="yes" select="'text'"/>
  <xsl:include href="lib/generic.xsl"/>

  <xsl:output method="text" encoding="UTF-8"/>

  <xsl:param name="reading" as="xs:string" select="'normalised'"/>
  <xsl:param name="width" as="xs:integer" select="78"/>
  <!-- names the other reading's file (txt/<edition-id>.txt, txt/<edition-id>-diplomatic.txt) -->
  <xsl:param name="edition-id" as="xs:string" required="yes"/>
  <!-- 'yes' only from render.py, for a document tei2html.xsl has just rendered: its trt:check
       (lib/check.xsl, and more) passed on the same tree, so this one would find nothing. -->
  <xsl:param name="checked" as="xs:string" select="''"/>

  <xsl:mode on-no-match="shallow-skip" use-accumulators="#all"/>
  <xsl:mode name="txt-header" on-no-match="shallow-skip"/>
  <xsl:mode name="txt" on-no-match="shallow-skip"/>
  <xsl:mode name="txt-inline" on-no-match="text-only-copy"/>
  <xsl:mode name="txt-notes" on-no-match="shallow-skip"/>

  <!-- Continuation lines of a paragraph, a list item or a note. -->
  <xsl:variable name="trt:indent" as="xs:string" select="'    '"/>
  <xsl:variable name="trt:label-width" as="xs:integer" select="15"/>

  <!-- ===== entry ===== -->

  <xsl:template match="/" as="xs:string?">
    <xsl:try>
      <xsl:variable name="problems" as="element(trt:problem)*">
        <xsl:apply-templates select=".[$checked ne 'yes']" mode="trt:check"/>
      </xsl:variable>
      <xsl:choose>
        <xsl:when test="exists($problems)">
          <xsl:for-each select="$problems">
            <xsl:message select="trt:message-text(.)"/>
          </xsl:for-each>
        </xsl:when>
        <xsl:when test="not($reading = ('normalised', 'diplomatic'))">
          <xsl:message select="'error&#9;/&#9;unknown reading ''' || $reading || ''': use normalised or diplomatic'"/>
        </xsl:when>
        <xsl:otherwise>
          <xsl:variable name="lines" as="xs:string*">
            <xsl:apply-templates select="TEI/teiHeader" mode="txt-header"/>
            <xsl:sequence select="'', trt:underline('Transcript', '-', $width)"/>
            <xsl:apply-templates select="TEI/text/front, TEI/text/body, TEI/text/back/*[not(self::div[@type eq 'notes'])]" mode="txt"/>
            <xsl:apply-templates select="TEI/text/back/div[@type eq 'notes']" mode="txt-notes"/>
          </xsl:variable>
          <!-- Trailing white space trimmed only from the lines that end in it: Saxon's regular
               expression engine tries '\s+$' at every position of every line, which took half
               of the stylesheet's time. -->
          <xsl:sequence select="string-join($lines ! (if (substring(., string-length(.)) = (' ', '&#9;', '&#10;', '&#13;'))
              then replace(., '\s+$', '') else .), '&#10;') || '&#10;'"/>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:catch>
        <xsl:message select="'xslt-error&#9;' || $err:module || '&#9;' || $err:line-number || '&#9;'
            || $err:code || '&#9;' || normalize-space($err:description)"/>
      </xsl:catch>
    </xsl:try>
  </xsl:template>

  <!-- ===== header block ===== -->

  <xsl:template match="teiHeader" mode="txt-header" as="xs:string*">
    <xsl:variable name="other" as="xs:string"
        select="if ($reading eq 'diplomatic') then 'normalised (corrections applied): ' || $edition-id || '.txt'
                else 'diplomatic (the text as printed): ' || $edition-id || '-diplomatic.txt'"/>
    <xsl:sequence select="
        trt:wrap(trt:title(.), $width),
        trt:subtitle(.) ! trt:wrap(., $width),
        string-join((1 to $width) ! '='),
        trt:wrap(if ($reading eq 'diplomatic')
                 then 'Diplomatic reading: the words as printed in the source, errors included; the notes give the editors'' corrections.'
                 else 'Normalised reading: the editors'' corrections and normalisations applied; the notes give what the source prints.', $width),
        '',
        trt:event-date(.) ! trt:field('Date:', normalize-space(.), $trt:label-width, $width),
        trt:event-place(.)[.] ! trt:field('Place:', ., $trt:label-width, $width),
        trt:field('Participants:', string-join(trt:participants(.) ! (trt:entity-name(.) || trt:role(.)[.] ! (' (' || . || ')')), '; '), $trt:label-width, $width)[exists(trt:participants(current()))],
        fileDesc/titleStmt/respStmt ! trt:field('Editors:', string-join((orgName | persName | name) ! normalize-space(), '; ') || ' (' || string-join(resp ! normalize-space(), '; ') || ')', $trt:label-width, $width),
        trt:field('Publisher:', trt:publisher(.), $trt:label-width, $width),
        trt:field('Edition:', 'version ' || trt:version(.) || ', ' || trt:published(.), $trt:label-width, $width),
        trt:field('Identifier:', trt:identifier(.), $trt:label-width, $width),
        trt:licence(.) ! trt:field('Licence:', string-join((normalize-space(.), @target), ' '), $trt:label-width, $width),
        fileDesc/publicationStmt/availability/p ! trt:field('Rights:', normalize-space(.), $trt:label-width, $width),
        fileDesc/sourceDesc/bibl[1]/note ! trt:field('Source:', normalize-space(.), $trt:label-width, $width),
        trt:field('Other reading:', $other, $trt:label-width, $width),
        '',
        trt:underline('How to cite', '-', $width),
        trt:wrap(trt:citation(.), $width),
        ''"/>
    <xsl:variable name="root" as="document-node()" select="/"/>
    <xsl:variable name="example" as="xs:string?" select="(/TEI/text/body//sp/p/@xml:id)[1]"/>
    <xsl:sequence select="$example ! (
        trt:wrap('A single turn or paragraph: add its reference, for example', $width),
        trt:wrap(trt:citation($root, .), $width),
        '')"/>
    <xsl:sequence select="
        trt:underline('Conventions', '-', $width),
        trt:wrap('References: [t3] begins turn 3 and [t3.2] is paragraph 2 of turn 3; the same references are the xml:ids of the TEI edition and the anchors of the HTML edition. A number in brackets, [5], refers to editorial note 5 at the end. ‖ marks a page break of the printed original.', $width)"/>
  </xsl:template>

  <!-- ===== the text: blocks become lines ===== -->

  <xsl:template match="front | body | div[@type eq 'transcript']" mode="txt" as="xs:string*">
    <xsl:apply-templates select="*" mode="#current"/>
  </xsl:template>

  <xsl:template match="div" mode="txt" as="xs:string*">
    <xsl:if test="@xml:id and not(ancestor::div)">
      <xsl:sequence select="'', '[' || @xml:id || ']' || trt:note-marks(.)"/>
    </xsl:if>
    <xsl:apply-templates select="*" mode="#current"/>
  </xsl:template>

  <xsl:template match="div/div" mode="txt" as="xs:string*">
    <xsl:sequence select="''"/>
    <xsl:apply-templates select="*" mode="#current"/>
  </xsl:template>

  <xsl:template match="head | div/p" mode="txt" as="xs:string*">
    <xsl:sequence select="trt:wrap-normal(trt:inline(.), $width, '', $trt:indent)"/>
  </xsl:template>

  <xsl:template match="list" mode="txt" as="xs:string*">
    <xsl:apply-templates select="item" mode="#current"/>
  </xsl:template>

  <xsl:template match="item" mode="txt" as="xs:string*">
    <xsl:variable name="mark" as="xs:string"
        select="if (parent::list/@type eq 'ordered') then (@n, position())[1] || '. ' else '- '"/>
    <xsl:sequence select="trt:wrap-normal(trt:inline(.), $width, $mark, $trt:indent)"/>
  </xsl:template>

  <xsl:template match="sp" mode="txt" as="xs:string*">
    <xsl:sequence select="'', trt:wrap-normal(trt:inline(speaker) || trt:block-marks(.), $width, '[' || @xml:id || '] ', $trt:indent)"/>
    <xsl:apply-templates select="* except speaker" mode="#current"/>
  </xsl:template>

  <xsl:template match="sp/p" mode="txt" as="xs:string*">
    <xsl:sequence select="'', trt:wrap-normal(trt:inline(.) || trt:block-marks(.), $width, '[' || @xml:id || '] ', $trt:indent)"/>
  </xsl:template>

  <!-- ===== the words of a block, in the chosen reading, with note numbers ===== -->

  <xsl:function name="trt:inline" as="xs:string">
    <xsl:param name="block" as="element()"/>
    <xsl:variable name="parts" as="xs:string*">
      <xsl:apply-templates select="$block/node()" mode="txt-inline"/>
    </xsl:variable>
    <xsl:sequence select="normalize-space(string-join($parts))"/>
  </xsl:function>

  <!-- "[5]" for each note on the element (document order). -->
  <xsl:function name="trt:note-marks" as="xs:string">
    <xsl:param name="element" as="element()"/>
    <xsl:sequence select="string-join(trt:notes-for($element) ! ('[' || @n || ']'))"/>
  </xsl:function>

  <!-- trt:note-marks of a block, to follow its words (trt:inline) in trt:wrap-normal: white space
       normalised, as the marks start and end with a bracket and the words have none at either
       end, the two together are then as normalize-space makes them. -->
  <xsl:function name="trt:block-marks" as="xs:string">
    <xsl:param name="element" as="element()"/>
    <xsl:sequence select="normalize-space(trt:note-marks($element))"/>
  </xsl:function>

  <xsl:template match="choice" mode="txt-inline" as="xs:string*">
    <xsl:apply-templates select="trt:reading-of(., $reading)/node()" mode="#current"/>
    <xsl:sequence select="trt:note-marks(.)"/>
  </xsl:template>

  <xsl:template match="persName | orgName | placeName | seg" mode="txt-inline" as="xs:string*">
    <xsl:apply-templates mode="#current"/>
    <xsl:sequence select="trt:note-marks(.)"/>
  </xsl:template>

  <xsl:template match="label" mode="txt-inline" as="xs:string*">
    <xsl:apply-templates mode="#current"/>
    <xsl:sequence select="':'"/>
  </xsl:template>

  <xsl:template match="pb" mode="txt-inline" as="xs:string">
    <xsl:sequence select="'‖'"/>
  </xsl:template>

  <xsl:template match="lb" mode="txt-inline" as="xs:string">
    <xsl:sequence select="' '"/>
  </xsl:template>

  <xsl:template match="note" mode="txt-inline" as="empty-sequence()"/>

  <!-- A superscript keeps its meaning in plain text: digits and signs as Unicode superscripts
       (km3 -> km³); letters as they are, which reads right for ordinals (21st); anything else
       after a caret, ^(…). -->
  <xsl:template match="hi[@rend eq 'sup']" mode="txt-inline" as="xs:string">
    <xsl:variable name="text" as="xs:string" select="string-join(.//text()[not(ancestor::note)])"/>
    <xsl:sequence select="if (matches($text, '^[0-9+=()&#x2212;-]+$')) then translate($text, '0123456789+-&#x2212;=()', '⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾')
        else if (matches($text, '^\p{L}+$')) then $text
        else '^(' || $text || ')'"/>
  </xsl:template>

  <!-- ===== notes ===== -->

  <xsl:template match="div[@type eq 'notes']" mode="txt-notes" as="xs:string*">
    <xsl:sequence select="'', '', trt:underline((head ! normalize-space(), 'Editorial notes')[1], '-', $width)"/>
    <xsl:apply-templates select="note" mode="#current"/>
  </xsl:template>

  <xsl:template match="note" mode="txt-notes" as="xs:string*">
    <xsl:variable name="targets" as="element()*" select="trt:target(., @target)"/>
    <xsl:variable name="where" as="xs:string*" select="distinct-values($targets ! trt:ref(.)) ! ('[' || . || ']')"/>
    <xsl:variable name="meta" as="xs:string*" select="@cert ! ('certainty: ' || .), trt:resp-names(.)[.] ! ('by ' || .), @xml:id ! ('cite as ' || .)"/>
    <xsl:variable name="forms" as="xs:string*">
      <xsl:for-each-group select="$targets/descendant-or-self::choice"
          group-by="normalize-space(trt:reading-of(., 'diplomatic')) || '&#9;' || normalize-space(trt:reading-of(., 'normalised'))">
        <xsl:sequence select="'As printed: &quot;' || normalize-space(trt:reading-of(., 'diplomatic'))
            || '&quot;; this edition: &quot;' || normalize-space(trt:reading-of(., 'normalised')) || '&quot;.'"/>
      </xsl:for-each-group>
    </xsl:variable>
    <xsl:sequence select="'', trt:wrap(string-join((trt:note-type-label(.),
        if (exists($where)) then 'at ' || string-join($where, ', ') else ()), ', ')
        || (if (exists($meta)) then ' (' || string-join($meta, '; ') || ')' else ''),
        $width, '[' || @n || '] ', $trt:indent)"/>
    <xsl:sequence select="$forms ! trt:wrap(., $width, $trt:indent, $trt:indent)"/>
    <xsl:sequence select="trt:wrap-normal(trt:inline(.), $width, $trt:indent, $trt:indent)"/>
  </xsl:template>

</xsl:stylesheet>
