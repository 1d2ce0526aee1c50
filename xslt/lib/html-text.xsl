<?xml version="1.0" encoding="UTF-8"?>
<!--
  The transcript (mode html): turns, paragraphs, names, choices, note markers.
  Included by tei2html.xsl, which declares the modes.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:trt="https://tei-roundtable/ns/functions"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!-- ===== the text ===== -->

  <xsl:template match="front" mode="html" as="element()*">
    <xsl:apply-templates select="*" mode="#current"/>
  </xsl:template>

  <xsl:template match="body" mode="html" as="element()">
    <div class="turns">
      <xsl:apply-templates select="*" mode="#current"/>
    </div>
  </xsl:template>

  <xsl:template match="div" mode="html" as="element()">
    <div class="{string-join(('div', @type), ' ')}">
      <xsl:sequence select="trt:id-attribute(.)"/>
      <xsl:if test="@xml:id and not(ancestor::div)">
        <p class="unit-ref"><a class="ref" href="#{@xml:id}" title="Cite: {trt:citation(/, @xml:id)}">{@xml:id}</a><xsl:call-template name="trt:noterefs"><xsl:with-param name="elements" select="."/></xsl:call-template></p>
      </xsl:if>
      <xsl:apply-templates select="*" mode="#current"/>
    </div>
  </xsl:template>

  <xsl:template match="div[@type eq 'transcript-front']/head[@type eq 'main']" mode="html" as="element()">
    <h3 class="front-title"><xsl:apply-templates mode="#current"/></h3>
  </xsl:template>

  <xsl:template match="div[@type eq 'transcript-front']/head" mode="html" as="element()" priority="-0.1">
    <p class="front-head"><xsl:apply-templates mode="#current"/></p>
  </xsl:template>

  <xsl:template match="div/div/head" mode="html" as="element()">
    <h4><xsl:apply-templates mode="#current"/></h4>
  </xsl:template>

  <xsl:template match="div/p" mode="html" as="element()">
    <p class="front-p"><xsl:apply-templates mode="#current"/></p>
  </xsl:template>

  <xsl:template match="list" mode="html" as="element()">
    <xsl:element name="{if (@type eq 'ordered') then 'ol' else 'ul'}">
      <xsl:attribute name="class" select="'list'"/>
      <xsl:apply-templates select="item" mode="#current"/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="item" mode="html" as="element()">
    <li>
      <xsl:if test="parent::list/@type eq 'ordered' and @n castable as xs:integer">
        <xsl:attribute name="value" select="@n"/>
      </xsl:if>
      <xsl:apply-templates mode="#current"/>
    </li>
  </xsl:template>

  <!-- Text of the TEI that could turn the direction of the page's own text after it (a stray
       U+202E) is isolated in bdi. -->
  <xsl:template match="text()[trt:needs-isolation(.)]" mode="html" as="element()">
    <bdi>{.}</bdi>
  </xsl:template>

  <xsl:template match="label" mode="html" as="element()">
    <span class="label"><xsl:apply-templates mode="#current"/></span>
  </xsl:template>

  <xsl:template match="sp" mode="html" as="element()">
    <xsl:variable name="who" as="element()?" select="trt:target(., @who)[1]"/>
    <div class="sp" id="{@xml:id}">
      <p class="speaker">
        <a class="ref" href="#{@xml:id}" title="Cite this turn: {trt:citation(/, @xml:id)}">{@xml:id}</a>
        <xsl:text> </xsl:text>
        <xsl:choose>
          <xsl:when test="$who">
            <a class="who" href="#{$who/@xml:id}" title="{trt:isolate(trt:entity-name($who))}: all turns and mentions in the index">
              <xsl:apply-templates select="speaker/node()" mode="#current">
                <xsl:with-param name="in-link" select="true()" tunnel="yes"/>
              </xsl:apply-templates>
            </a>
          </xsl:when>
          <xsl:otherwise>
            <span class="who"><xsl:apply-templates select="speaker/node()" mode="#current"/></span>
          </xsl:otherwise>
        </xsl:choose>
        <xsl:call-template name="trt:noterefs">
          <xsl:with-param name="elements" select="speaker//*[@xml:id], ."/>
        </xsl:call-template>
      </p>
      <xsl:apply-templates select="* except speaker" mode="#current"/>
    </div>
  </xsl:template>

  <xsl:template match="sp/p" mode="html" as="element()">
    <p class="para" id="{@xml:id}">
      <a class="ref" href="#{@xml:id}" title="Cite this paragraph: {trt:citation(/, @xml:id)}">{@xml:id}</a>
      <xsl:text> </xsl:text>
      <xsl:apply-templates mode="#current"/>
      <xsl:call-template name="trt:noterefs">
        <xsl:with-param name="elements" select="."/>
      </xsl:call-template>
    </p>
  </xsl:template>

  <!-- A name links to its register entry; so do a role-only reference (rs: "the Ambassador") and
       the title of a work (title → bibl of the register), where they have @ref. Inside a link (a
       name within a name, a speaker label) it is a plain anchor, and the outermost link carries
       the note numbers after it, because links cannot nest. -->
  <xsl:template match="persName[@ref] | orgName[@ref] | placeName[@ref] | rs[@ref] | text//title[@ref]" mode="html" as="node()+">
    <xsl:param name="in-link" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:variable name="entity" as="element()?" select="trt:target(., @ref)[1]"/>
    <xsl:variable name="class" as="xs:string"
        select="string-join(('name', local-name(), self::rs/@type, @cert ! ('cert-' || .)), ' ')"/>
    <xsl:choose>
      <!-- An rs or title whose @ref names no entry of the register (TEI from elsewhere may point
           to an authority file): its text, as before these were linked. -->
      <xsl:when test="empty($entity) and (self::rs or self::title)">
        <xsl:apply-templates mode="#current"/>
      </xsl:when>
      <xsl:when test="$in-link">
        <span class="{$class}" id="{trt:mention-id(.)}">
          <xsl:apply-templates mode="#current"/>
        </span>
      </xsl:when>
      <xsl:otherwise>
        <a class="{$class}" id="{trt:mention-id(.)}" href="#{$entity/@xml:id}"
            title="{string-join((trt:entity-label($entity) || @cert ! (' (identification: ' || . || ' certainty)'),
                .//*[self::persName or self::orgName or self::placeName or self::rs or self::title][@ref]
                ! (trt:entity-label(trt:target(., @ref)[1]) || @cert ! (' (identification: ' || . || ' certainty)'))), '; ')}">
          <xsl:apply-templates mode="#current">
            <xsl:with-param name="in-link" select="true()" tunnel="yes"/>
          </xsl:apply-templates>
        </a>
        <xsl:call-template name="trt:noterefs">
          <xsl:with-param name="elements" select="descendant-or-self::*[@xml:id]"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- "kind: name" of a register entry, in the tooltip of every mention of it: made once per entry
       (cache: Saxon keeps the result for the transformation), and the mention's own entry is the
       one its template looked up already; the tooltips took 1 ms less of the bundled edition's page. -->
  <xsl:function name="trt:entity-label" as="xs:string" cache="yes">
    <xsl:param name="entity" as="element()"/>
    <xsl:sequence select="trt:entity-kind($entity) || ': ' || trt:isolate(trt:entity-name($entity))"/>
  </xsl:function>

  <xsl:template match="choice" mode="html" as="node()+">
    <xsl:param name="in-link" as="xs:boolean" select="false()" tunnel="yes"/>
    <span class="choice {if (sic) then 'correction' else 'normalisation'}">
      <xsl:sequence select="trt:id-attribute(.)"/>
      <span class="dipl"><xsl:apply-templates select="trt:reading-of(., 'diplomatic')/node()" mode="#current"/></span>
      <span class="norm"><xsl:apply-templates select="trt:reading-of(., 'normalised')/node()" mode="#current"/></span>
    </span>
    <xsl:if test="not($in-link)">
      <xsl:call-template name="trt:noterefs">
        <xsl:with-param name="elements" select="descendant-or-self::*[@xml:id]"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <xsl:template match="seg" mode="html" as="node()+">
    <xsl:param name="in-link" as="xs:boolean" select="false()" tunnel="yes"/>
    <span class="{string-join(('seg', @type), ' ')}">
      <xsl:sequence select="trt:id-attribute(.)"/>
      <xsl:apply-templates mode="#current"/>
    </span>
    <xsl:if test="not($in-link)">
      <xsl:call-template name="trt:noterefs">
        <xsl:with-param name="elements" select="."/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <xsl:template match="q | quote" mode="html" as="element()">
    <span class="{local-name()}"><xsl:apply-templates mode="#current"/></span>
  </xsl:template>

  <xsl:template match="hi[@rend eq 'sup']" mode="html" as="element()">
    <sup><xsl:apply-templates mode="#current"/></sup>
  </xsl:template>

  <xsl:template match="hi" mode="html" as="element()">
    <span class="hi {@rend}"><xsl:apply-templates mode="#current"/></span>
  </xsl:template>

  <xsl:template match="pb" mode="html" as="element()">
    <span class="pb" title="Page break in the printed original{@n ! ('; page ' || . || ' begins')}"><span
        class="vh">[page break{@n ! (', page ' || .)}]</span></span>
  </xsl:template>

  <xsl:template match="lb" mode="html" as="element()">
    <br/>
  </xsl:template>

  <xsl:template match="date[@when]" mode="html" as="element()">
    <time datetime="{@when}"><xsl:apply-templates mode="#current"/></time>
  </xsl:template>

  <!-- A pointer in editorial prose (a note's citation of a paragraph, tN.M): a link to it. -->
  <xsl:template match="ref[@target]" mode="html" as="element()">
    <a class="cited" href="{@target}"><xsl:apply-templates mode="#current"/></a>
  </xsl:template>

  <!-- Words left in another language carry it, for screen readers and hyphenation. -->
  <xsl:template match="foreign[@xml:lang]" mode="html" as="element()">
    <span lang="{@xml:lang}"><xsl:apply-templates mode="#current"/></span>
  </xsl:template>

  <!-- Links to the notes of $elements (document order, each note once per element). -->
  <xsl:template name="trt:noterefs" as="element()*">
    <xsl:param name="elements" as="element()*"/>
    <xsl:for-each select="$elements">
      <xsl:for-each select="trt:notes-for(.)">
        <sup class="noteref"><a href="#{@xml:id}" title="{trt:note-type-label(.)}: note {@n}"
            aria-label="Note {@n}">{@n}</a></sup>
      </xsl:for-each>
    </xsl:for-each>
  </xsl:template>

  <xsl:function name="trt:id-attribute" as="attribute(id)?">
    <xsl:param name="element" as="element()"/>
    <xsl:if test="$element/@xml:id">
      <xsl:attribute name="id" select="$element/@xml:id"/>
    </xsl:if>
  </xsl:function>

  <!-- Links to places in the text, grouped by citation reference: "t4.2 (occurrences 2, 3), t22.1
       (occurrence 2), t30.1".
       The further occurrences are written out in brackets, not as superscripts, which would
       read as note numbers. -->
  <xsl:template name="trt:locations" as="node()*">
    <xsl:param name="elements" as="element()*"/>
    <xsl:for-each-group select="$elements" group-adjacent="trt:ref(.)">
      <xsl:variable name="ref" as="xs:string" select="current-grouping-key()"/>
      <xsl:if test="position() gt 1">, </xsl:if>
      <a href="#{trt:anchor-in(current-group()[1], $ref)}">{$ref}</a>
      <xsl:if test="count(current-group()) gt 1">
        <span class="again"> (occurrence{if (count(current-group()) gt 2) then 's' else ''} <xsl:for-each select="tail(current-group())">
            <xsl:if test="position() gt 1">, </xsl:if>
            <xsl:variable name="label" as="xs:string" select="$ref || ', occurrence ' || position() + 1"/>
            <a href="#{trt:anchor-in(., $ref)}" title="{$label}" aria-label="{$label}">{position() + 1}</a>
          </xsl:for-each>)</span>
      </xsl:if>
    </xsl:for-each-group>
  </xsl:template>

  <!-- The anchor on this page of an element whose trt:ref is $ref: its xml:id, else, for a
       mention, what trt:mention-id makes of it, from $ref rather than a second search of the
       mention's ancestors; the list of places, computing each element's reference once (and
       its label once), took 2.3 ms less of the bundled edition's page. -->
  <xsl:function name="trt:anchor-in" as="xs:string">
    <xsl:param name="element" as="element()"/>
    <xsl:param name="ref" as="xs:string"/>
    <xsl:sequence select="if ($element/@xml:id) then string($element/@xml:id)
        else if ($element[self::persName or self::orgName or self::placeName or self::rs or self::title][@ref][ancestor::text])
        then $ref || '-m' || $element/accumulator-before('trt:mention-n') else ''"/>
  </xsl:function>

</xsl:stylesheet>
