<?xml version="1.0" encoding="UTF-8"?>
<!--
  The search panel (named template trt:search): a form with the speaker and name filters, the
  status line and result list edition.js fills, and the index render.py builds with lunr
  (parameter search-data, JSON; see search.py). Without JavaScript the form stays hidden and a
  plain pointer to the index takes its place. Included by tei2html.xsl.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:trt="https://tei-roundtable/ns/functions"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:template name="trt:search" as="element()?">
    <xsl:param name="search-data" as="xs:string"/>
    <xsl:variable name="root" as="document-node()" select="/"/>
    <xsl:variable name="speakers" as="element(person)*"
        select="(//particDesc//person | //standOff//person)[exists(key('trt:turns-by-who', string(@xml:id), $root))]"/>
    <xsl:if test="normalize-space($search-data)">
      <section id="search" aria-labelledby="search-title">
        <h2 id="search-title">Search</h2>
        <form class="search-form" role="search" aria-labelledby="search-title" hidden="hidden">
          <p class="search-field">
            <label for="search-q">Words, or “a phrase” in quotation marks</label>
            <input type="search" id="search-q" name="q" autocomplete="off" spellcheck="false"
                aria-describedby="search-help"/>
            <button type="submit">Search</button>
          </p>
          <p class="search-filters">
            <label for="search-speaker">Speaker</label>
            <select id="search-speaker" name="speaker">
              <option value="">Any speaker</option>
              <xsl:for-each select="$speakers">
                <xsl:sort select="trt:sort-name(.)" collation="{$trt:collation}"/>
                <xsl:sort select="string(@xml:id)"/>
                <option value="{@xml:id}">{trt:isolate(trt:sort-name(.))}</option>
              </xsl:for-each>
            </select>
            <label for="search-name">Names</label>
            <select id="search-name" name="name">
              <option value="">Any or none</option>
              <xsl:for-each-group select="//(particDesc | standOff)//(person | org | place)[exists(key('trt:mentions', string(@xml:id), $root))]"
                  group-by="trt:entity-kind(.)">
                <optgroup label="{trt:entity-kind-plural(current-grouping-key())}">
                  <xsl:for-each select="current-group()">
                    <xsl:sort select="trt:sort-name(.)" collation="{$trt:collation}"/>
                    <xsl:sort select="string(@xml:id)"/>
                    <option value="{@xml:id}">{trt:isolate(trt:sort-name(.))}</option>
                  </xsl:for-each>
                </optgroup>
              </xsl:for-each-group>
            </select>
          </p>
          <p class="intro" id="search-help">Searches both readings, as edited and as printed, in every
            speaker label and paragraph; capitals and accents do not matter, and “speaks” finds “speak”
            and “speaking”. Results are in the order of the transcript. A speaker or a name alone lists
            every passage of that speaker or naming that name.</p>
        </form>
        <p class="search-status" id="search-status" role="status" aria-live="polite"></p>
        <ol class="search-results" id="search-results" aria-labelledby="search-title"></ol>
        <noscript>
          <p>Search needs JavaScript, which is off. The <a href="#index">index</a> lists every person,
            organisation and place with each turn that speaks or names them; the
            <a href="#statistics">speaker table</a> leads to every speaker.</p>
        </noscript>
        <script type="application/json" id="search-data">{$search-data}</script>
      </section>
    </xsl:if>
  </xsl:template>

  <xsl:function name="trt:entity-kind-plural" as="xs:string">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:sequence select="(map {'person': 'Persons', 'organisation': 'Organisations', 'place': 'Places'}($kind), $kind)[1]"/>
  </xsl:function>

</xsl:stylesheet>
