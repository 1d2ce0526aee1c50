<?xml version="1.0" encoding="UTF-8"?>
<!--
  generic.xsl: what the renderings do with TEI that tei-roundtable did not make, so that no text
  is lost. Included (not imported) by tei2html.xsl and tei2text.xsl, which declare the static
  parameter $trt:output ('html' or 'text') before including it; each half below is compiled
  only into its stylesheet (use-when), since each calls the functions of its own stylesheet.

  A tei-roundtable edition has none of these elements (or attributes missing), so none of the
  templates here fires on it: its renderings stay as they are. For other TEI:
  - utterances (u) of segments (seg), as ParlaMint has them, render as turns of paragraphs;
    the speaker is the register's name of @who, else @who itself;
  - turns (sp) and their paragraphs without xml:id (DraCor) render without a reference;
  - verse (l, lg), stage directions (stage), cast lists (castList, castGroup, castItem),
    headings (head), notes in the text, incidents (vocal, kinesic, incident, gap: their desc in
    brackets) and the parts of a letter or a title page render as blocks of their own;
  - any other element where a block stands renders as its text, in a block of its own (or, when
    it only holds other elements, as its children do), and is reported as a warning
    ("warning<TAB>path<TAB>message"; tei_roundtable._xslt locates it at the TEI's line);
  - an error of a stylesheet on an unexpected element (a type error) is caught at the element
    (mode trt:guard) and reported at its line of the TEI ("xslt-error-at<TAB>path<TAB>…").
  Modes: the txt and html modes of the including stylesheet, trt:plain (word counts).
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:err="http://www.w3.org/2005/xqt-errors"
    xmlns:trt="https://tei-roundtable/ns/functions"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!-- Elements that stand as blocks of their own and hold blocks: the places the fallback
       rendering (a block of its text) applies to their unknown children. -->
  <xsl:variable name="trt:containers" as="xs:string*" select="'body', 'front', 'back', 'div', 'sp', 'u', 'lg',
      'castList', 'castGroup', 'set', 'opener', 'closer', 'postscript', 'titlePage', 'docTitle', 'epigraph',
      'argument', 'group', 'floatingText', 'div1', 'div2', 'div3', 'div4', 'div5', 'div6', 'div7'"/>
  <!-- Elements rendered here on purpose as a block of their text: no warning for them. -->
  <xsl:variable name="trt:known-blocks" as="xs:string*" select="'p', 'ab', 'head', 'l', 'stage', 'castItem',
      'note', 'vocal', 'kinesic', 'incident', 'gap', 'titlePart', 'docAuthor', 'docDate', 'docImprint',
      'byline', 'dateline', 'salute', 'signed', 'trailer', 'opener', 'closer', 'postscript', 'set', 'docTitle',
      'titlePage', 'epigraph', 'argument', 'quote', 'q', 'bibl', 'listBibl', 'table', 'list', 'figure',
      'milestone', 'pb', 'lb', 'cb', 'fw', 'speaker'"/>
  <xsl:variable name="trt:incidents" as="xs:string*" select="'vocal', 'kinesic', 'incident', 'gap'"/>

  <!-- True for an element that stands where a block does (so that the fallback renders it). -->
  <xsl:function name="trt:in-block-position" as="xs:boolean">
    <xsl:param name="element" as="element()"/>
    <xsl:sequence select="exists($element/parent::*[local-name() = $trt:containers or trt:generic-container(.)])
        and not($element/ancestor::teiHeader)"/>
  </xsl:function>

  <!-- An unknown element that holds only elements (no text of its own): rendered as its children. -->
  <xsl:function name="trt:generic-container" as="xs:boolean">
    <xsl:param name="element" as="element()"/>
    <xsl:sequence select="not(local-name($element) = ($trt:containers, $trt:known-blocks))
        and exists($element/*) and empty($element/text()[normalize-space()])
        and exists($element/parent::*[local-name() = $trt:containers or trt:generic-container(.)])"/>
  </xsl:function>

  <!-- The speaker of an utterance: the register's name of the first @who, else @who as written. -->
  <xsl:function name="trt:speaker-name" as="xs:string">
    <xsl:param name="turn" as="element()"/>
    <xsl:variable name="who" as="element()?" select="trt:target($turn, $turn/@who)[1]"/>
    <xsl:sequence select="if ($who) then trt:entity-name($who) else string-join(tokenize(string($turn/@who)) ! replace(., '^#', ''), ', ')"/>
  </xsl:function>

  <xsl:function name="trt:warning-text" as="xs:string">
    <xsl:param name="element" as="element()"/>
    <xsl:sequence select="'warning&#9;' || path($element) || '&#9;&lt;' || name($element)
        || '&gt; has no rendering of its own: its text is shown as a block of plain text'"/>
  </xsl:function>

  <!-- Incidents (ParlaMint's vocal, kinesic, incident; gap): their description in brackets. -->
  <xsl:function name="trt:incident-text" as="xs:string">
    <xsl:param name="element" as="element()"/>
    <xsl:sequence select="'[' || (normalize-space($element), string($element/@reason), local-name($element))[.][1] || ']'"/>
  </xsl:function>

  <!-- ===== errors at the TEI's element ===== -->

  <!-- Every element of the text passes through here first: a dynamic error in rendering it (a
       type error of a template on an element it did not expect) is reported with the element's
       path, then raised again as trt:located, which the guards of its ancestors let through. -->
  <xsl:template match="text//*" mode="html txt" priority="10">
    <xsl:try>
      <xsl:next-match/>
      <xsl:catch errors="trt:located">
        <xsl:sequence select="error($err:code, $err:description)"/>
      </xsl:catch>
      <xsl:catch>
        <xsl:message select="'xslt-error-at&#9;' || path(.) || '&#9;' || $err:module || '&#9;' || $err:line-number
            || '&#9;' || $err:code || '&#9;' || normalize-space($err:description)"/>
        <xsl:sequence select="error(xs:QName('trt:located'), 'rendering failed at ' || path(.))"/>
      </xsl:catch>
    </xsl:try>
  </xsl:template>

  <!-- ===== plain words (counts): verse lines and segments are blocks too ===== -->

  <xsl:template match="l | seg[parent::u] | stage | castItem" mode="trt:plain" as="text()*" priority="1">
    <xsl:text> </xsl:text>
    <xsl:apply-templates mode="#current"/>
    <xsl:text> </xsl:text>
  </xsl:template>

  <!-- ===================================================================================== -->
  <!-- ===== the plain-text edition (tei2text.xsl: mode txt, blocks to lines) ===== -->

  <xsl:template match="u" mode="txt" as="xs:string*" priority="2" use-when="$trt:output eq 'text'">
    <xsl:sequence select="'', trt:wrap(trt:speaker-name(.) || trt:note-marks(.), $width, string(@xml:id ! ('[' || . || '] ')), $trt:indent)"/>
    <xsl:choose>
      <xsl:when test="* and empty(text()[normalize-space()])">
        <xsl:apply-templates select="*" mode="#current"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:sequence select="'', trt:wrap(trt:inline(.), $width, '', $trt:indent)"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="sp[not(@xml:id)]" mode="txt" as="xs:string*" priority="2" use-when="$trt:output eq 'text'">
    <xsl:sequence select="'', trt:wrap(string-join((speaker ! trt:inline(.), trt:speaker-name(.)[not(current()/speaker)])), $width, '', $trt:indent)"/>
    <xsl:apply-templates select="* except speaker" mode="#current"/>
  </xsl:template>

  <xsl:template match="u/seg | sp/p[not(@xml:id)] | u/p" mode="txt" as="xs:string*" priority="2" use-when="$trt:output eq 'text'">
    <xsl:sequence select="'', trt:wrap(trt:inline(.) || trt:note-marks(.), $width, string(@xml:id ! ('[' || . || '] ')), $trt:indent)"/>
  </xsl:template>

  <!-- Verse: one line per l, the lines of a group together, indented like turns' paragraphs. -->
  <xsl:template match="l" mode="txt" as="xs:string*" priority="1" use-when="$trt:output eq 'text'">
    <xsl:if test="not(preceding-sibling::*[1][self::l])">
      <xsl:sequence select="''"/>
    </xsl:if>
    <xsl:sequence select="trt:wrap(trt:inline(.), $width, $trt:indent, $trt:indent || $trt:indent)"/>
  </xsl:template>

  <xsl:template match="lg | castList | castGroup" mode="txt" as="xs:string*" priority="1" use-when="$trt:output eq 'text'">
    <xsl:apply-templates select="*" mode="#current"/>
  </xsl:template>

  <xsl:template match="castItem" mode="txt" as="xs:string*" priority="1" use-when="$trt:output eq 'text'">
    <xsl:sequence select="trt:wrap(trt:inline(.), $width, '- ', $trt:indent)"/>
  </xsl:template>

  <xsl:template match="castList/head | castGroup/head | lg/head" mode="txt" as="xs:string*" priority="1" use-when="$trt:output eq 'text'">
    <xsl:sequence select="'', trt:wrap(trt:inline(.), $width, '', $trt:indent)"/>
  </xsl:template>

  <!-- Headings and paragraphs of divisions of the body (acts, scenes, a letter) stand apart;
       an edition of tei-roundtable has none (its body is turns), only its front has. -->
  <xsl:template match="body//div/p | body//head" mode="txt" as="xs:string*" priority="1" use-when="$trt:output eq 'text'">
    <xsl:sequence select="'', trt:wrap(trt:inline(.), $width, '', $trt:indent)"/>
  </xsl:template>

  <!-- A block of its text: stage directions, notes and incidents where a block stands, the
       parts of a letter or title page, and (with a warning) any element not known here. -->
  <xsl:template match="*" mode="txt" as="xs:string*" priority="-1" use-when="$trt:output eq 'text'">
    <xsl:choose>
      <xsl:when test="ancestor::teiHeader"/>
      <xsl:when test="local-name() = $trt:containers or trt:generic-container(.)">
        <xsl:if test="not(local-name() = ($trt:containers, $trt:known-blocks))">
          <xsl:message select="trt:warning-text(.)"/>
        </xsl:if>
        <xsl:apply-templates select="*" mode="#current"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:if test="not(local-name() = $trt:known-blocks)">
          <xsl:message select="trt:warning-text(.)"/>
        </xsl:if>
        <xsl:variable name="words" as="xs:string" select="if (local-name() = $trt:incidents) then trt:incident-text(.) else trt:inline(.)"/>
        <xsl:sequence select="('', trt:wrap($words, $width, '', $trt:indent))[normalize-space($words)]"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- In a line of text: a note of the text (the edition's own notes are in back) in brackets,
       an incident by its description, a gap in brackets. -->
  <xsl:template match="note[not(ancestor::back)]" mode="txt-inline" as="xs:string" priority="1" use-when="$trt:output eq 'text'">
    <xsl:variable name="parts" as="xs:string*">
      <xsl:apply-templates mode="#current"/>
    </xsl:variable>
    <xsl:sequence select="' [Note' || @n ! (' ' || .) || ': ' || normalize-space(string-join($parts)) || ']'"/>
  </xsl:template>

  <xsl:template match="vocal | kinesic | incident | gap" mode="txt-inline" as="xs:string" priority="1" use-when="$trt:output eq 'text'">
    <xsl:sequence select="' ' || trt:incident-text(.) || ' '"/>
  </xsl:template>

  <!-- A stage direction inside a line or paragraph, in brackets: no words are spoken there. -->
  <xsl:template match="stage" mode="txt-inline" as="xs:string" priority="1" use-when="$trt:output eq 'text'">
    <xsl:variable name="parts" as="xs:string*">
      <xsl:apply-templates mode="#current"/>
    </xsl:variable>
    <xsl:sequence select="' [' || normalize-space(string-join($parts)) || '] '"/>
  </xsl:template>

  <!-- ===================================================================================== -->
  <!-- ===== the HTML edition (tei2html.xsl: mode html) ===== -->

  <!-- The link to an utterance or segment by its xml:id, in the margin as the edition's turns
       have it; an id longer than the margin holds (ParlaMint's) is linked by a pilcrow that
       names it. -->
  <xsl:function name="trt:generic-ref" as="node()*" use-when="$trt:output eq 'html'">
    <xsl:param name="element" as="element()"/>
    <xsl:for-each select="$element/@xml:id">
      <a class="ref" href="#{.}">
        <xsl:if test="string-length(.) gt 8">
          <xsl:attribute name="title" select="."/>
          <xsl:attribute name="aria-label" select="."/>
        </xsl:if>
        <xsl:sequence select="if (string-length(.) gt 8) then '¶' else string(.)"/>
      </a>
      <xsl:text> </xsl:text>
    </xsl:for-each>
  </xsl:function>

  <!-- The speaker links to the index, which lists persons (not groups). -->
  <xsl:template match="u" mode="html" as="element()" priority="2" use-when="$trt:output eq 'html'">
    <xsl:variable name="who" as="element()?" select="trt:target(., @who)[1]"/>
    <div class="sp u">
      <xsl:sequence select="trt:id-attribute(.)"/>
      <p class="speaker">
        <xsl:sequence select="trt:generic-ref(.)"/>
        <xsl:choose>
          <xsl:when test="$who[self::person]/@xml:id">
            <a class="who" href="#{$who/@xml:id}">{trt:speaker-name(.)}</a>
          </xsl:when>
          <xsl:otherwise>
            <span class="who">{trt:speaker-name(.)}</span>
          </xsl:otherwise>
        </xsl:choose>
      </p>
      <xsl:choose>
        <xsl:when test="* and empty(text()[normalize-space()])">
          <xsl:apply-templates select="*" mode="#current"/>
        </xsl:when>
        <xsl:otherwise>
          <p class="para"><xsl:apply-templates mode="#current"/></p>
        </xsl:otherwise>
      </xsl:choose>
    </div>
  </xsl:template>

  <xsl:template match="sp[not(@xml:id)]" mode="html" as="element()" priority="2" use-when="$trt:output eq 'html'">
    <xsl:variable name="who" as="element()?" select="trt:target(., @who)[1]"/>
    <div class="sp">
      <p class="speaker">
        <span class="who">
          <xsl:apply-templates select="speaker/node()" mode="#current"/>
          <xsl:if test="empty(speaker)">{trt:speaker-name(.)}</xsl:if>
        </span>
      </p>
      <xsl:apply-templates select="* except speaker" mode="#current"/>
    </div>
  </xsl:template>

  <xsl:template match="u/seg | sp/p[not(@xml:id)] | u/p" mode="html" as="element()" priority="2" use-when="$trt:output eq 'html'">
    <p class="para">
      <xsl:sequence select="trt:id-attribute(.)"/>
      <xsl:sequence select="trt:generic-ref(.)"/>
      <xsl:apply-templates mode="#current"/>
    </p>
  </xsl:template>

  <xsl:template match="l" mode="html" as="element()" priority="1" use-when="$trt:output eq 'html'">
    <p class="l"><xsl:apply-templates mode="#current"/></p>
  </xsl:template>

  <xsl:template match="lg | castList | castGroup" mode="html" as="element()" priority="1" use-when="$trt:output eq 'html'">
    <div class="{local-name()}"><xsl:apply-templates select="*" mode="#current"/></div>
  </xsl:template>

  <xsl:template match="castItem" mode="html" as="element()" priority="1" use-when="$trt:output eq 'html'">
    <p class="castItem"><xsl:apply-templates mode="#current"/></p>
  </xsl:template>

  <!-- Headings the edition's own templates do not place (acts, scenes, sections). -->
  <xsl:template match="head" mode="html" as="element()" priority="-0.5" use-when="$trt:output eq 'html'">
    <p class="head"><xsl:apply-templates mode="#current"/></p>
  </xsl:template>

  <xsl:template match="stage[not(trt:in-block-position(.))]" mode="html" as="element()" priority="1" use-when="$trt:output eq 'html'">
    <span class="stage"><xsl:apply-templates mode="#current"/></span>
  </xsl:template>

  <xsl:template match="note[not(ancestor::back)][not(trt:in-block-position(.))]" mode="html" as="element()" priority="1" use-when="$trt:output eq 'html'">
    <span class="note-inline">[Note{@n ! (' ' || .)}: <xsl:apply-templates mode="#current"/>]</span>
  </xsl:template>

  <xsl:template match="vocal | kinesic | incident | gap" mode="html" as="element()" priority="0.5" use-when="$trt:output eq 'html'">
    <span class="incident">{trt:incident-text(.)}</span>
  </xsl:template>

  <!-- A block of its text (see the text edition's counterpart above). -->
  <xsl:template match="*[trt:in-block-position(.)]" mode="html" as="element()?" priority="-1" use-when="$trt:output eq 'html'">
    <xsl:choose>
      <xsl:when test="local-name() = $trt:containers or trt:generic-container(.)">
        <xsl:if test="not(local-name() = ($trt:containers, $trt:known-blocks))">
          <xsl:message select="trt:warning-text(.)"/>
        </xsl:if>
        <div class="generic generic-{local-name()}"><xsl:apply-templates select="*" mode="#current"/></div>
      </xsl:when>
      <xsl:otherwise>
        <xsl:if test="not(local-name() = $trt:known-blocks)">
          <xsl:message select="trt:warning-text(.)"/>
        </xsl:if>
        <p class="generic generic-{local-name()}">
          <xsl:choose>
            <xsl:when test="local-name() = $trt:incidents">{trt:incident-text(.)}</xsl:when>
            <xsl:otherwise><xsl:apply-templates mode="#current"/></xsl:otherwise>
          </xsl:choose>
        </p>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
