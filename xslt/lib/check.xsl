<?xml version="1.0" encoding="UTF-8"?>
<!--
  Mode trt:check: what rendering needs from a TEI document, as trt:problem elements
  (path of the offending node + message). The entry stylesheets render nothing when there are
  problems and report each one through xsl:message; tei_roundtable.render turns the path into
  the file's line number. Validation proper (schemas, Schematron) is the validate stage's job:
  this only guards what would otherwise give broken links or a wrong text.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:trt="https://tei-roundtable/ns/functions"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:mode name="trt:check" on-no-match="shallow-skip"/>

  <xsl:function name="trt:problem" as="element(trt:problem)">
    <xsl:param name="node" as="node()"/>
    <xsl:param name="message" as="xs:string"/>
    <trt:problem path="{path($node)}">{$message}</trt:problem>
  </xsl:function>

  <!-- How a problem travels through xsl:message: "error<TAB>path<TAB>message". -->
  <xsl:function name="trt:message-text" as="xs:string">
    <xsl:param name="problem" as="element(trt:problem)"/>
    <xsl:sequence select="'error&#9;' || $problem/@path || '&#9;' || normalize-space($problem)"/>
  </xsl:function>

  <xsl:template match="/" mode="trt:check" as="element(trt:problem)*">
    <xsl:choose>
      <xsl:when test="not(TEI)">
        <xsl:sequence select="trt:problem(*, 'the root element is ' || name(*) || ', not TEI in the TEI namespace (http://www.tei-c.org/ns/1.0)')"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:apply-templates select="TEI" mode="#current"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="TEI" mode="trt:check" as="element(trt:problem)*">
    <xsl:variable name="fd" as="element()?" select="teiHeader/fileDesc"/>
    <xsl:if test="not(teiHeader)">
      <xsl:sequence select="trt:problem(., 'no teiHeader: the title, version and identifier of the edition come from it')"/>
    </xsl:if>
    <xsl:if test="teiHeader and trt:title(.) eq ''">
      <xsl:sequence select="trt:problem(($fd/titleStmt, teiHeader)[1], 'no title in fileDesc/titleStmt: the pages and citations need one')"/>
    </xsl:if>
    <xsl:if test="teiHeader and trt:version(.) eq ''">
      <xsl:sequence select="trt:problem(($fd/editionStmt, $fd, teiHeader)[1], 'no version in editionStmt/edition/@n: citations name the version they cite')"/>
    </xsl:if>
    <xsl:if test="teiHeader and trt:identifier(.) eq ''">
      <xsl:sequence select="trt:problem(($fd/publicationStmt, $fd, teiHeader)[1], 'no identifier in publicationStmt (idno of type URL, DOI or URN): citations need one')"/>
    </xsl:if>
    <xsl:if test="not(text/body)">
      <xsl:sequence select="trt:problem(., 'no text/body: nothing to render')"/>
    </xsl:if>
    <xsl:apply-templates select="teiHeader | standOff | text" mode="#current"/>
  </xsl:template>

  <xsl:template match="*[@xml:id]" mode="trt:check" as="element(trt:problem)*" priority="-0.25">
    <xsl:if test="not(key('trt:id', string(@xml:id))[1] is .)">
      <xsl:sequence select="trt:problem(@xml:id, 'duplicate xml:id ''' || @xml:id || ''': anchors and references must be unique')"/>
    </xsl:if>
    <xsl:apply-templates mode="#current"/>
  </xsl:template>

  <!-- Turns and paragraphs need ids where the TEI declares them as its citation references
       (refsDecl/citeStructure, as an edition of tei-roundtable does); elsewhere (a DraCor play)
       they render without a reference (lib/generic.xsl). A speaker is a person or a group. -->
  <xsl:template match="sp" mode="trt:check" as="element(trt:problem)*">
    <xsl:variable name="cited" as="xs:boolean" select="exists(/TEI/teiHeader/encodingDesc/refsDecl/citeStructure[@unit eq 'turn'])"/>
    <xsl:if test="$cited and not(@xml:id)">
      <xsl:sequence select="trt:problem(., 'turn (sp) without xml:id: it has no citation reference')"/>
    </xsl:if>
    <xsl:variable name="root" as="document-node()" select="root(.)"/>
    <xsl:variable name="who" as="attribute()?" select="@who"/>
    <xsl:for-each select="trt:pointers(@who)[not(key('trt:id', ., $root)[self::person or self::personGrp])]">
      <xsl:sequence select="trt:problem($who, '@who points to #' || . || ', which is no person or group (personGrp) of the document')"/>
    </xsl:for-each>
    <xsl:for-each select="p[$cited][not(@xml:id)]">
      <xsl:sequence select="trt:problem(., 'paragraph without xml:id: it has no citation reference')"/>
    </xsl:for-each>
    <xsl:next-match/>
  </xsl:template>

  <xsl:template match="persName[@ref] | orgName[@ref] | placeName[@ref]" mode="trt:check" as="element(trt:problem)*">
    <xsl:variable name="root" as="document-node()" select="root(.)"/>
    <xsl:variable name="ref" as="attribute()" select="@ref"/>
    <xsl:for-each select="trt:pointers(@ref)[empty(key('trt:id', ., $root)[self::person or self::org or self::place])]">
      <xsl:sequence select="trt:problem($ref, '@ref points to #' || . || ', which is no person, organisation or place of the register')"/>
    </xsl:for-each>
    <xsl:next-match/>
  </xsl:template>

  <xsl:template match="choice" mode="trt:check" as="element(trt:problem)*">
    <xsl:if test="not((count(sic) eq 1 and count(corr) eq 1 and empty(orig | reg))
                   or (count(orig) eq 1 and count(reg) eq 1 and empty(sic | corr)))">
      <xsl:sequence select="trt:problem(., 'choice must hold one sic and one corr, or one orig and one reg: the two readings are built from them')"/>
    </xsl:if>
    <xsl:next-match/>
  </xsl:template>

  <xsl:template match="note[@target]" mode="trt:check" as="element(trt:problem)*">
    <xsl:if test="not(@xml:id)">
      <xsl:sequence select="trt:problem(., 'note with @target but no xml:id: the text cannot link to it')"/>
    </xsl:if>
    <xsl:variable name="root" as="document-node()" select="root(.)"/>
    <xsl:variable name="target" as="attribute()" select="@target"/>
    <xsl:for-each select="trt:pointers(@target)[empty(key('trt:id', ., $root))]">
      <xsl:sequence select="trt:problem($target, '@target points to #' || . || ', which is not in the document')"/>
    </xsl:for-each>
    <xsl:next-match/>
  </xsl:template>

</xsl:stylesheet>
