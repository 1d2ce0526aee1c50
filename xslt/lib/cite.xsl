<?xml version="1.0" encoding="UTF-8"?>
<!--
  How to cite the edition: the recommended citation (plain text), the citation of a single
  paragraph, BibTeX and CSL-JSON. Everything comes from the TEI header; an identifier is
  only given where the header has one (URL, DOI or the edition's URN), never invented.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:trt="https://tei-roundtable/ns/functions"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!-- "tei-roundtable editors (ed.), Title: Subtitle, version 1.0.0, Publisher, 2026, urn:…" -->
  <xsl:function name="trt:citation" as="xs:string">
    <xsl:param name="tei" as="node()"/>
    <xsl:sequence select="trt:citation($tei, ())"/>
  </xsl:function>

  <!-- With $ref: the citation of one turn or paragraph, ending in its locator. -->
  <xsl:function name="trt:citation" as="xs:string">
    <xsl:param name="tei" as="node()"/>
    <xsl:param name="ref" as="xs:string?"/>
    <xsl:sequence select="if (exists($ref)) then trt:unit-citation-start(root($tei)) || $ref || '.'
        else string-join((trt:citation-head(root($tei)), trt:identifier($tei)[.]), ', ') || '.'"/>
  </xsl:function>

  <!-- What the citation of every turn and paragraph starts with, up to its reference (the
       locator ends with it, trt:locator), made once per document (cache), as the page cites
       each of its 250 turns and paragraphs: 1 ms less of the bundled edition's page than
       joining the head and the locator for each. -->
  <xsl:function name="trt:unit-citation-start" as="xs:string" cache="yes">
    <xsl:param name="root" as="node()"/>
    <xsl:sequence select="string-join((trt:citation-head($root), trt:locator($root, '')), ', ')"/>
  </xsl:function>

  <!-- Editors, title, version, publisher and year of the citation: the same for every turn and
       paragraph of a document (each has its citation on the page), so made once per document
       (cache: Saxon keeps the result for the transformation). -->
  <xsl:function name="trt:citation-head" as="xs:string*" cache="yes">
    <xsl:param name="root" as="node()"/>
    <xsl:variable name="editors" as="xs:string*" select="trt:editor-names($root)"/>
    <xsl:sequence select="
        (if (exists($editors)) then string-join($editors ! trt:isolate(.), '; ') || (if (count($editors) gt 1) then ' (eds.)' else ' (ed.)') else ()),
        trt:isolate(trt:full-title($root)),
        trt:version($root)[.] ! ('version ' || trt:isolate(.)),
        trt:publisher($root)[.] ! trt:isolate(.),
        trt:year($root)[.]"/>
  </xsl:function>

  <!-- ===== BibTeX ===== -->

  <xsl:function name="trt:bibtex" as="xs:string">
    <xsl:param name="tei" as="node()"/>
    <xsl:param name="key" as="xs:string"/>
    <xsl:variable name="url" as="xs:string?" select="trt:idno($tei, 'URL')"/>
    <xsl:variable name="doi" as="xs:string?" select="trt:idno($tei, 'DOI')"/>
    <xsl:variable name="urn" as="xs:string?" select="trt:idno($tei, 'URN')"/>
    <xsl:variable name="fields" as="xs:string*" select="
        trt:bibtex-field('author', string-join(trt:editor-names($tei) ! ('{' || trt:bibtex-escape(.) || '}'), ' and ')),
        trt:bibtex-field('title', '{' || trt:bibtex-escape(trt:full-title($tei)) || '}'),
        trt:bibtex-field('year', trt:year($tei)),
        trt:bibtex-field('date', trt:published($tei)),
        trt:bibtex-field('version', trt:bibtex-escape(trt:version($tei))),
        trt:bibtex-field('publisher', trt:bibtex-escape(trt:publisher($tei))),
        trt:bibtex-field('url', $url ! trt:bibtex-verbatim(.)),
        trt:bibtex-field('doi', $doi ! trt:bibtex-verbatim(.)),
        trt:bibtex-field('note', $urn ! ('Digital edition, ' || trt:bibtex-escape(.)))"/>
    <xsl:sequence select="'@misc{' || replace($key, '[^A-Za-z0-9:._-]', '-') || ',&#10;'
        || string-join($fields, ',&#10;') || '&#10;}'"/>
  </xsl:function>

  <xsl:function name="trt:bibtex-field" as="xs:string?">
    <xsl:param name="name" as="xs:string"/>
    <xsl:param name="value" as="xs:string?"/>
    <xsl:sequence select="$value[normalize-space()] ! ('  ' || substring($name || '          ', 1, 10) || '= {' || . || '}')"/>
  </xsl:function>

  <!-- LaTeX specials, so a title with & or % stays one field and prints as written. Braces
       become \textbraceleft{} and \textbraceright{}: BibTeX counts every brace, escaped or not,
       so "\{" alone would leave the field open and let the text after it start new fields. -->
  <xsl:function name="trt:bibtex-escape" as="xs:string">
    <xsl:param name="text" as="xs:string"/>
    <xsl:variable name="specials" as="map(xs:string, xs:string)" select="map {
        '\': '\textbackslash{}', '{': '\textbraceleft{}', '}': '\textbraceright{}', '&amp;': '\&amp;',
        '%': '\%', '$': '\$', '#': '\#', '_': '\_', '~': '\textasciitilde{}', '^': '\textasciicircum{}'}"/>
    <xsl:sequence select="string-join(string-to-codepoints(normalize-space($text))
        ! codepoints-to-string(.) ! ($specials(.), .)[1])"/>
  </xsl:function>

  <!-- url and doi are verbatim fields (biblatex reads them with \url): no LaTeX escapes, but a
       brace or backslash would still end the field, so those and spaces are percent-encoded,
       which leaves the address the same address. -->
  <xsl:function name="trt:bibtex-verbatim" as="xs:string">
    <xsl:param name="address" as="xs:string"/>
    <xsl:sequence select="string-join(string-to-codepoints(normalize-space($address)) ! codepoints-to-string(.)
        ! (if (. = ('{', '}', '\', ' ', '&quot;')) then encode-for-uri(.) else .))"/>
  </xsl:function>

  <!-- ===== CSL-JSON (the citation format of Zotero, Mendeley and citeproc) ===== -->

  <xsl:function name="trt:csl-json" as="xs:string">
    <xsl:param name="tei" as="node()"/>
    <xsl:param name="key" as="xs:string"/>
    <xsl:variable name="setting" as="element(setting)?" select="trt:setting($tei)"/>
    <xsl:variable name="members" as="xs:string*" select="
        trt:json-member('id', trt:json-string($key)),
        trt:json-member('type', trt:json-string('document')),
        trt:json-member('title', trt:json-string(trt:full-title($tei))),
        if (exists(trt:editor-names($tei))) then trt:json-member('author',
            '[' || string-join(trt:editor-names($tei) ! ('{&quot;literal&quot;: ' || trt:json-string(.) || '}'), ', ') || ']') else (),
        trt:version($tei)[.] ! trt:json-member('version', trt:json-string(.)),
        trt:publisher($tei)[.] ! trt:json-member('publisher', trt:json-string(.)),
        trt:published($tei)[.] ! trt:json-member('issued', trt:json-date(.)),
        trt:json-member('language', trt:json-string(trt:language($tei))),
        trt:idno($tei, 'URL') ! trt:json-member('URL', trt:json-string(.)),
        trt:idno($tei, 'DOI') ! trt:json-member('DOI', trt:json-string(.)),
        trt:idno($tei, 'URN') ! trt:json-member('note', trt:json-string('URN: ' || .)),
        $setting/name[1] ! trt:json-member('event-title', trt:json-string(normalize-space(.))),
        trt:event-place($tei)[.] ! trt:json-member('event-place', trt:json-string(.)),
        $setting/date[1]/@when ! trt:json-member('event-date', trt:json-date(.))"/>
    <xsl:sequence select="'[&#10;  {&#10;' || string-join($members, ',&#10;') || '&#10;  }&#10;]'"/>
  </xsl:function>

  <xsl:function name="trt:json-member" as="xs:string">
    <xsl:param name="name" as="xs:string"/>
    <xsl:param name="json" as="xs:string"/>
    <xsl:sequence select="'    ' || trt:json-string($name) || ': ' || $json"/>
  </xsl:function>

  <xsl:function name="trt:json-string" as="xs:string">
    <xsl:param name="text" as="xs:string"/>
    <xsl:sequence select="'&quot;' || string-join(
        for $c in string-to-codepoints($text) return
          if ($c eq 34) then '\&quot;' else if ($c eq 92) then '\\'
          else if ($c lt 32) then '\u' || trt:hex4($c)
          else codepoints-to-string($c)) || '&quot;'"/>
  </xsl:function>

  <xsl:function name="trt:hex4" as="xs:string">
    <xsl:param name="n" as="xs:integer"/>
    <xsl:variable name="digits" as="xs:string" select="'0123456789abcdef'"/>
    <xsl:sequence select="string-join((4096, 256, 16, 1) ! substring($digits, ($n idiv . mod 16) + 1, 1))"/>
  </xsl:function>

  <!-- {"date-parts": [[2007, 11, 15]]} from an ISO date (year, year-month or full date). -->
  <xsl:function name="trt:json-date" as="xs:string">
    <xsl:param name="iso" as="xs:string"/>
    <xsl:sequence select="'{&quot;date-parts&quot;: [[' || string-join(tokenize($iso, '-')[position() le 3] ! string(xs:integer(.)), ', ') || ']]}'"/>
  </xsl:function>

</xsl:stylesheet>
