<?xml version="1.0" encoding="UTF-8"?>
<!--
  Shared keys and functions of the tei-roundtable stylesheets: edition metadata from the TEI
  header, citation references, the register, the two readings of a choice.
  Every function lives in the project namespace (prefix trt).
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:trt="https://tei-roundtable/ns/functions"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:key name="trt:id" match="*[@xml:id]" use="string(@xml:id)"/>
  <!-- The keys below use what trt:pointers does, written out: with the function call in
       use=, Saxon took 1.3 ms longer to index the mentions (in every transformation). -->
  <!-- Notes by every element they point at (note/@target holds one or more "#id"). -->
  <xsl:key name="trt:notes-by-target" match="note[@target]"
      use="tokenize(@target) ! (if (starts-with(., '#')) then substring(., 2) else ())"/>
  <!-- Mentions of register entities in the text (not in the header or the register itself):
       names, role-only references (rs, "the Ambassador") and titles of works (title → bibl). -->
  <xsl:key name="trt:mentions" match="text//persName[@ref] | text//orgName[@ref] | text//placeName[@ref]
      | text//rs[@ref] | text//title[@ref]" use="tokenize(@ref) ! (if (starts-with(., '#')) then substring(., 2) else ())"/>
  <xsl:key name="trt:turns-by-who" match="sp[@who]"
      use="tokenize(@who) ! (if (starts-with(., '#')) then substring(., 2) else ())"/>

  <!-- Mention numbers restart in every citable unit, so a mention's anchor is "<ref>-m<n>". -->
  <xsl:accumulator name="trt:mention-n" as="xs:integer" initial-value="0">
    <xsl:accumulator-rule match="*[@xml:id][self::p or self::sp or self::div or self::note]" select="0"/>
    <xsl:accumulator-rule match="persName[@ref] | orgName[@ref] | placeName[@ref] | rs[@ref] | title[@ref]" select="$value + 1"/>
  </xsl:accumulator>

  <!-- ===== bidirectional text ===== -->

  <!-- 'no' when the document Saxon reads has none of the characters below anywhere, text or
       attribute: tei_roundtable._xslt says so after searching the very text Saxon parses for
       the same characters (text_has_bidi, 0.6 ms in Python). No string made from the document
       can then need isolation (the stylesheets isolate nothing else: no parameter, no other
       document), and none is searched again here (the page searched every one of its 2,000 text
       nodes: 1.4 ms). For a file Saxon reads, the bytes lxml parsed are searched (a build's TEI:
       _xslt.FileSource, bytes_have_bidi); where nothing was searched (the collection's pages),
       every string is. -->
  <xsl:param name="source-has-bidi" as="xs:string" select="'unknown'"/>

  <!-- Text that can change the direction of what follows it: explicit bidi controls (an
       unterminated U+202E reverses everything after it on the line) and right-to-left letters.
       The pattern is a literal, which Saxon compiles once with the stylesheet. -->
  <xsl:function name="trt:needs-isolation" as="xs:boolean">
    <xsl:param name="text" as="xs:string?"/>
    <xsl:sequence select="$source-has-bidi ne 'no' and matches(string($text), '[&#x200E;&#x200F;&#x061C;&#x202A;-&#x202E;&#x2066;-&#x2069;&#x0590;-&#x08FF;&#xFB1D;-&#xFDFF;&#xFE70;-&#xFEFF;&#x10800;-&#x10FFF;&#x1E800;-&#x1EFFF;]')"/>
  </xsl:function>

  <!-- User text inside the toolkit's own: between FIRST STRONG ISOLATE and POP DIRECTIONAL
       ISOLATE when it needs it (the isolate also closes every embedding or override the text
       left open), else unchanged, so ordinary text gains no invisible characters. -->
  <xsl:function name="trt:isolate" as="xs:string">
    <xsl:param name="text" as="xs:string?"/>
    <xsl:sequence select="if (trt:needs-isolation($text)) then '&#x2068;' || $text || '&#x2069;' else string($text)"/>
  </xsl:function>

  <!-- A link only to a web address: anything else (javascript:, data:, file: …), which an
       unvalidated TEI may hold (the edition page and the collection's pages), is written as text. -->
  <xsl:function name="trt:is-web-address" as="xs:boolean">
    <xsl:param name="value" as="xs:string?"/>
    <xsl:sequence select="matches(normalize-space($value), '^https?://[^\s&lt;&gt;&quot;]+$', 'i')"/>
  </xsl:function>

  <!-- ===== pointers and references ===== -->

  <xsl:function name="trt:pointers" as="xs:string*">
    <xsl:param name="value" as="xs:string?"/>
    <xsl:sequence select="tokenize($value) ! (if (starts-with(., '#')) then substring(., 2) else ())"/>
  </xsl:function>

  <!-- The element a "#id" pointer designates, in the document of $context. What trt:pointers
       does, written out: the page asks for a thousand targets, and the call to it took a quarter
       of the time. -->
  <xsl:function name="trt:target" as="element()*">
    <xsl:param name="context" as="node()"/>
    <xsl:param name="pointer" as="xs:string?"/>
    <xsl:sequence select="tokenize($pointer) ! (if (starts-with(., '#')) then key('trt:id', substring(., 2), root($context)) else ())"/>
  </xsl:function>

  <!-- The citation reference of a node: the xml:id of the paragraph, turn, division or note
       it belongs to (t12.3, t12, front, note-…). -->
  <xsl:function name="trt:ref" as="xs:string">
    <xsl:param name="node" as="node()"/>
    <xsl:sequence select="string($node/ancestor-or-self::*[@xml:id][self::p or self::sp or self::div or self::note][1]/@xml:id)"/>
  </xsl:function>

  <!-- The anchor of a name in the text: its own xml:id, else "<ref>-m<n>" (n-th mention in the unit). -->
  <xsl:function name="trt:mention-id" as="xs:string">
    <xsl:param name="name" as="element()"/>
    <xsl:sequence select="if ($name/@xml:id) then string($name/@xml:id)
        else trt:ref($name) || '-m' || $name/accumulator-before('trt:mention-n')"/>
  </xsl:function>

  <xsl:function name="trt:notes-for" as="element(note)*">
    <xsl:param name="element" as="element()"/>
    <xsl:sequence select="if ($element/@xml:id) then key('trt:notes-by-target', string($element/@xml:id), root($element)) else ()"/>
  </xsl:function>

  <!-- ===== the two readings ===== -->

  <!-- The child of a choice that a reading shows: sic/orig (diplomatic) or corr/reg (normalised). -->
  <xsl:function name="trt:reading-of" as="element()?">
    <xsl:param name="choice" as="element(choice)"/>
    <xsl:param name="reading" as="xs:string"/>
    <xsl:sequence select="if ($reading eq 'diplomatic') then ($choice/sic, $choice/orig)[1]
        else ($choice/corr, $choice/reg)[1]"/>
  </xsl:function>

  <!-- ===== the register ===== -->

  <xsl:function name="trt:entity-name" as="xs:string">
    <xsl:param name="entity" as="element()"/>
    <xsl:sequence select="normalize-space(($entity/persName, $entity/orgName, $entity/placeName, $entity/title, $entity)[1])"/>
  </xsl:function>

  <!-- Short form for tables: forename and surname, without patronymic. -->
  <xsl:function name="trt:short-name" as="xs:string">
    <xsl:param name="entity" as="element()"/>
    <xsl:variable name="pers" as="element(persName)?" select="$entity/persName[1]"/>
    <xsl:sequence select="if ($pers/surname) then string-join(($pers/forename, $pers/surname) ! normalize-space(), ' ')
        else trt:entity-name($entity)"/>
  </xsl:function>

  <!-- Index form: "Surname, Forename Patronymic" for persons with a surname. -->
  <xsl:function name="trt:sort-name" as="xs:string">
    <xsl:param name="entity" as="element()"/>
    <xsl:variable name="pers" as="element(persName)?" select="$entity/persName[1]"/>
    <xsl:sequence select="if ($pers/surname) then
        normalize-space($pers/surname[1]) || ', ' || string-join(($pers/forename, $pers/addName) ! normalize-space(), ' ')
        else trt:entity-name($entity)"/>
  </xsl:function>

  <xsl:function name="trt:entity-kind" as="xs:string">
    <xsl:param name="entity" as="element()"/>
    <xsl:sequence select="if ($entity/self::person) then 'person' else if ($entity/self::org) then 'organisation'
        else if ($entity/self::place) then 'place' else if ($entity/self::bibl) then 'work' else local-name($entity)"/>
  </xsl:function>

  <xsl:function name="trt:role" as="xs:string">
    <xsl:param name="person" as="element()"/>
    <xsl:sequence select="if ($person/@role) then string($person/@role)
        else if ($person/parent::listPerson/@type eq 'mentioned') then 'mentioned' else ''"/>
  </xsl:function>

  <!-- ===== edition metadata from the header ===== -->

  <xsl:function name="trt:title" as="xs:string">
    <xsl:param name="tei" as="node()"/>
    <xsl:variable name="stmt" as="element()?" select="root($tei)//teiHeader/fileDesc/titleStmt"/>
    <xsl:sequence select="normalize-space(($stmt/title[@type eq 'main'], $stmt/title)[1])"/>
  </xsl:function>

  <xsl:function name="trt:subtitle" as="xs:string?">
    <xsl:param name="tei" as="node()"/>
    <xsl:sequence select="root($tei)//teiHeader/fileDesc/titleStmt/title[@type eq 'sub'][1] ! normalize-space()"/>
  </xsl:function>

  <xsl:function name="trt:full-title" as="xs:string">
    <xsl:param name="tei" as="node()"/>
    <xsl:sequence select="string-join((trt:title($tei), trt:subtitle($tei)), ': ')"/>
  </xsl:function>

  <xsl:function name="trt:version" as="xs:string">
    <xsl:param name="tei" as="node()"/>
    <xsl:sequence select="string(root($tei)//teiHeader/fileDesc/editionStmt/edition[1]/@n)"/>
  </xsl:function>

  <!-- Publication date of this version (ISO), from publicationStmt, else the edition statement. -->
  <xsl:function name="trt:published" as="xs:string">
    <xsl:param name="tei" as="node()"/>
    <xsl:variable name="fd" as="element()?" select="root($tei)//teiHeader/fileDesc"/>
    <xsl:sequence select="string(($fd/publicationStmt/date/@when, $fd/editionStmt/edition/date/@when)[1])"/>
  </xsl:function>

  <xsl:function name="trt:year" as="xs:string">
    <xsl:param name="tei" as="node()"/>
    <xsl:sequence select="substring(trt:published($tei), 1, 4)"/>
  </xsl:function>

  <xsl:function name="trt:publisher" as="xs:string">
    <xsl:param name="tei" as="node()"/>
    <xsl:sequence select="normalize-space(root($tei)//teiHeader/fileDesc/publicationStmt/publisher[1])"/>
  </xsl:function>

  <!-- The editors: the names in the title statement's respStmts (organisations or persons). -->
  <xsl:function name="trt:editors" as="element()*">
    <xsl:param name="tei" as="node()"/>
    <xsl:sequence select="root($tei)//teiHeader/fileDesc/titleStmt/respStmt/(orgName | persName | name)"/>
  </xsl:function>

  <xsl:function name="trt:editor-names" as="xs:string*">
    <xsl:param name="tei" as="node()"/>
    <xsl:sequence select="distinct-values(trt:editors($tei) ! normalize-space())"/>
  </xsl:function>

  <!-- Asked for every turn's and paragraph's citation (trt:locator): made once per document and
       type (cache: Saxon keeps the result for the transformation). -->
  <xsl:function name="trt:idno" as="xs:string?" cache="yes">
    <xsl:param name="tei" as="node()"/>
    <xsl:param name="type" as="xs:string"/>
    <xsl:sequence select="root($tei)//teiHeader/fileDesc/publicationStmt/idno[lower-case(@type) eq lower-case($type)][normalize-space()][1] ! normalize-space()"/>
  </xsl:function>

  <!-- The address a citation gives: the edition's URL, else its DOI as a URL, else its URN. -->
  <xsl:function name="trt:identifier" as="xs:string">
    <xsl:param name="tei" as="node()"/>
    <xsl:sequence select="(trt:idno($tei, 'URL'), trt:idno($tei, 'DOI') ! ('https://doi.org/' || .), trt:idno($tei, 'URN'), '')[1]"/>
  </xsl:function>

  <!-- Where a single paragraph is found: "<URL>#t12.3" when the edition has a URL,
       else "<identifier>, t12.3". -->
  <xsl:function name="trt:locator" as="xs:string">
    <xsl:param name="tei" as="node()"/>
    <xsl:param name="ref" as="xs:string"/>
    <xsl:sequence select="if (trt:idno($tei, 'URL')) then trt:idno($tei, 'URL') || '#' || $ref
        else trt:identifier($tei) || ', ' || $ref"/>
  </xsl:function>

  <xsl:function name="trt:licence" as="element(licence)?">
    <xsl:param name="tei" as="node()"/>
    <xsl:sequence select="root($tei)//teiHeader/fileDesc/publicationStmt/availability/licence[1]"/>
  </xsl:function>

  <xsl:function name="trt:language" as="xs:string">
    <xsl:param name="tei" as="node()"/>
    <xsl:sequence select="string((root($tei)/TEI/@xml:lang, root($tei)//teiHeader/profileDesc/langUsage/language[1]/@ident, 'en')[1])"/>
  </xsl:function>

  <xsl:function name="trt:setting" as="element(setting)?">
    <xsl:param name="tei" as="node()"/>
    <xsl:sequence select="root($tei)//teiHeader/profileDesc/settingDesc/setting[1]"/>
  </xsl:function>

  <!-- The place of the event as one line: "Institute for Public Policy (IPP), Bishkek, Kyrgyzstan". -->
  <xsl:function name="trt:event-place" as="xs:string">
    <xsl:param name="tei" as="node()"/>
    <xsl:sequence select="string-join(trt:setting($tei)/locale/* ! normalize-space()[.], ', ')"/>
  </xsl:function>

  <xsl:function name="trt:event-date" as="element(date)?">
    <xsl:param name="tei" as="node()"/>
    <xsl:sequence select="trt:setting($tei)/date[1]"/>
  </xsl:function>

  <xsl:function name="trt:participants" as="element(person)*">
    <xsl:param name="tei" as="node()"/>
    <xsl:sequence select="root($tei)//teiHeader/profileDesc/particDesc//person"/>
  </xsl:function>

  <!-- ===== counting ===== -->

  <!-- Words: whitespace-separated tokens with a letter or digit. Most have an ASCII one: one
       translate() of the whole text turns every ASCII letter and digit into an "a" (and nothing
       else into one), so that a token needs only contains() for them, and a regular expression
       (twice as slow per token) only for the others. Per token, translate() and two
       string-length() took twice as long again. -->
  <xsl:function name="trt:word-count" as="xs:integer">
    <xsl:param name="text" as="xs:string*"/>
    <xsl:variable name="marked" as="xs:string" select="translate(normalize-space(string-join($text)),
        'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
        'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa')"/>
    <xsl:sequence select="count(tokenize($marked)[contains(., 'a') or matches(., '[\p{L}\p{N}]')])"/>
  </xsl:function>

  <!-- Made once, when the stylesheet is compiled (static), not at every call. -->
  <xsl:variable name="trt:note-type-labels" static="yes" as="map(xs:string, xs:string)" select="map {
      'correction': 'Correction', 'normalisation': 'Normalisation', 'editorial': 'Editorial comment',
      'reference': 'Identification'}"/>

  <xsl:function name="trt:note-type-label" as="xs:string">
    <xsl:param name="note" as="element(note)"/>
    <xsl:sequence select="($trt:note-type-labels(string($note/@type)), 'Note')[1]"/>
  </xsl:function>

  <xsl:function name="trt:resp-names" as="xs:string*">
    <xsl:param name="element" as="element()"/>
    <xsl:sequence select="trt:pointers($element/@resp) ! (key('trt:id', ., root($element)) ! normalize-space(), .)[1]"/>
  </xsl:function>

</xsl:stylesheet>
