<?xml version="1.0" encoding="UTF-8"?>
<!--
  The search panel (named template trt:search): a form with the speaker and name filters, the
  status line and result list edition.js fills, and the index search.py builds with lunr
  (parameter search-data, JSON). Without JavaScript the form stays hidden and a plain pointer to
  the index takes its place. Included by tei2html.xsl (the edition page: its own speakers and
  names, results link within the page) and by collection/editions.xsl (the collection page:
  scope 'collection', the collection's register entries, results link to the editions' pages).
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
    <xsl:param name="scope" as="xs:string" select="'edition'"/>
    <!-- The register entries the filters offer; their ids are those of sp/@who and of the names' @ref. -->
    <xsl:param name="speakers" as="element(person)*"
        select="(//particDesc//person | //standOff//person)[exists(key('trt:turns-by-who', string(@xml:id)))]"/>
    <xsl:param name="named" as="element()*"
        select="//(particDesc | standOff)//(person | org | place)[exists(key('trt:mentions', string(@xml:id)))]"/>
    <xsl:variable name="across" as="xs:boolean" select="$scope eq 'collection'"/>
    <xsl:if test="normalize-space($search-data)">
      <section id="search" aria-labelledby="search-title">
        <h2 id="search-title">{if ($across) then 'Search every edition' else 'Search'}</h2>
        <form class="search-form" role="search" aria-labelledby="search-title" hidden="hidden" data-scope="{$scope}">
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
              <xsl:for-each-group select="$named" group-by="trt:entity-kind(.)">
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
            speaker label and paragraph<xsl:if test="$across"> of every edition</xsl:if>; capitals and accents do not matter, and “speaks” finds “speak”
            and “speaking”. Results are in the order of the <xsl:sequence select="if ($across) then 'collection (edition by edition, each in the order of its transcript)' else 'transcript'"/>. A speaker or a name alone lists
            every passage of that speaker or naming that name.</p>
        </form>
        <p class="search-status" id="search-status" role="status" aria-live="polite"></p>
        <ol class="search-results" id="search-results" aria-labelledby="search-title"></ol>
        <noscript>
          <xsl:choose>
            <xsl:when test="$across">
              <p>Search needs JavaScript, which is off. The <a href="names.html">index of names</a>
                lists every person, organisation and place of the collection with each turn, in every
                edition, that speaks or names them; each edition's page has its own index.</p>
            </xsl:when>
            <xsl:otherwise>
              <p>Search needs JavaScript, which is off. The <a href="#index">index</a> lists every person,
                organisation and place with each turn that speaks or names them; the
                <a href="#statistics">speaker table</a> leads to every speaker.</p>
            </xsl:otherwise>
          </xsl:choose>
        </noscript>
        <!-- The edition page's render.py passes a marker here and puts the index in its place
             in the written page (the same bytes, without Saxon writing 130 KB it only copies). -->
        <script type="application/json" id="search-data">{$search-data}</script>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- lunr.js and the page's behaviour, at the end of the body; what the edition's and the
       collection's searches share (search-core.js) goes first in the page's script. -->
  <xsl:template name="trt:page-scripts" as="element()+">
    <xsl:param name="search-data" as="xs:string"/>
    <xsl:if test="normalize-space($search-data)">
      <!-- lunr.js 2.3.9 (npm), which reads the index search.py writes with lunr (PyPI). -->
      <script>/*! lunr.js licence:
{$trt:lunr-licence}*/
{$trt:lunr}</script>
    </xsl:if>
    <script>{$trt:search-core-js}{$trt:edition-js}</script>
  </xsl:template>

  <!-- The scripts every page carries, read once when the stylesheet is compiled (static):
       unparsed-text() read and checked them again in every transformation (with the CSS,
       tei2html.xsl's static variable, about 1 ms of a page). -->
  <xsl:variable name="trt:lunr-licence" static="yes" as="xs:string" select="unparsed-text('lunr.LICENSE')"/>
  <xsl:variable name="trt:lunr" static="yes" as="xs:string" select="unparsed-text('lunr.min.js')"/>
  <xsl:variable name="trt:search-core-js" static="yes" as="xs:string" select="unparsed-text('search-core.js')"/>
  <xsl:variable name="trt:edition-js" static="yes" as="xs:string" select="unparsed-text('edition.js')"/>

  <xsl:function name="trt:entity-kind-plural" as="xs:string">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:sequence select="(map {'person': 'Persons', 'organisation': 'Organisations', 'place': 'Places'}($kind), $kind)[1]"/>
  </xsl:function>

</xsl:stylesheet>
