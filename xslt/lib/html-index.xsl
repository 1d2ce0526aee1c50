<?xml version="1.0" encoding="UTF-8"?>
<!--
  The index of persons, organisations and places (mode html-index) and the speaker table (mode html-stats).
  Included by tei2html.xsl, which declares the modes.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:trt="https://tei-roundtable/ns/functions"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!-- ===== index of persons, organisations and places ===== -->

  <xsl:template name="trt:index" as="element()">
    <!-- Every entry of the four lists, in index order: sorted once, not once per list, as each
         sort by a collation named at run time costs Saxon a fifth of a millisecond more. Each
         list takes its entries in this order (the sort is stable, so entries with the same
         keys stay in document order, as a sort of the list alone would leave them). -->
    <xsl:variable name="entries" as="element()*">
      <xsl:perform-sort select="//(particDesc | standOff)//person | //standOff//org | //standOff//place
          | //standOff//listBibl/bibl[@xml:id]">
        <xsl:sort select="trt:sort-name(.)" collation="{$trt:collation}"/>
        <xsl:sort select="string(@xml:id)"/>
      </xsl:perform-sort>
    </xsl:variable>
    <section id="index" aria-labelledby="index-title">
      <h2 id="index-title">Index</h2>
      <p class="intro">Persons, organisations, places and works, with every turn they speak and every
        place the text names them (by name, by a post or title alone, or by the work's title). Names in
        the text link here.</p>
      <h3 id="persons">Persons</h3>
      <ul class="index">
        <xsl:apply-templates select="$entries[self::person]" mode="html-index"/>
      </ul>
      <xsl:if test="$entries[self::org]">
        <h3 id="organisations">Organisations</h3>
        <ul class="index">
          <xsl:apply-templates select="$entries[self::org]" mode="html-index"/>
        </ul>
      </xsl:if>
      <xsl:if test="$entries[self::place]">
        <h3 id="places">Places</h3>
        <ul class="index">
          <xsl:apply-templates select="$entries[self::place]" mode="html-index"/>
        </ul>
      </xsl:if>
      <xsl:if test="$entries[self::bibl]">
        <h3 id="works">Works</h3>
        <ul class="index">
          <xsl:apply-templates select="$entries[self::bibl]" mode="html-index"/>
        </ul>
      </xsl:if>
    </section>
  </xsl:template>

  <xsl:template match="person | org | place | bibl" mode="html-index" as="element()">
    <xsl:variable name="turns" as="element(sp)*" select="key('trt:turns-by-who', string(@xml:id))"/>
    <xsl:variable name="mentions" as="element()*" select="key('trt:mentions', string(@xml:id))"/>
    <li class="entry {trt:entity-kind(.)}">
      <xsl:sequence select="trt:id-attribute(.)"/>
      <p class="entry-head">
        <span class="entry-name">{trt:isolate(trt:sort-name(.))}</span>
        <xsl:for-each select="self::person/trt:role(.)[.]">
          <xsl:text> </xsl:text>
          <span class="role">{trt:isolate(.)}</span>
        </xsl:for-each>
        <xsl:for-each select="affiliation">
          <!-- The name card (edition.js) shows the affiliations held at the event's date. -->
          <span class="{'affiliation', 'at-event'[trt:held-at-event(current())]}">
            <xsl:text> – </xsl:text>
            <xsl:choose>
              <xsl:when test="@ref and exists(trt:target(., @ref))">
                <a href="#{trt:pointers(@ref)[1]}">{trt:isolate(normalize-space(.))}</a>
              </xsl:when>
              <xsl:otherwise>{trt:isolate(normalize-space(.))}</xsl:otherwise>
            </xsl:choose>
          </span>
        </xsl:for-each>
      </p>
      <xsl:for-each select="note">
        <p class="entry-note"><xsl:apply-templates mode="html"/></p>
      </xsl:for-each>
      <xsl:if test="exists($turns)">
        <p class="locs"><span class="locs-label">Speaks ({format-number(count($turns), '#,##0')} {if (count($turns) eq 1) then 'turn' else 'turns'}):</span><xsl:text> </xsl:text>
          <xsl:for-each select="$turns">
            <xsl:if test="position() gt 1">, </xsl:if>
            <a href="#{@xml:id}">{@xml:id}</a>
          </xsl:for-each>
        </p>
      </xsl:if>
      <p class="locs">
        <xsl:choose>
          <xsl:when test="exists($mentions)">
            <span class="locs-label">Named ({format-number(count($mentions), '#,##0')}×):</span><xsl:text> </xsl:text>
            <xsl:call-template name="trt:locations">
              <xsl:with-param name="elements" select="$mentions"/>
            </xsl:call-template>
          </xsl:when>
          <xsl:otherwise><span class="locs-label">Not named in the text.</span></xsl:otherwise>
        </xsl:choose>
      </p>
    </li>
  </xsl:template>

  <!-- An affiliation without dates, or whose @when, @from/@to or @notBefore/@notAfter take in
       the date of the event (compared as ISO strings of the same precision as the bound). -->
  <xsl:function name="trt:held-at-event" as="xs:boolean">
    <xsl:param name="affiliation" as="element()"/>
    <xsl:variable name="event" as="xs:string?" select="trt:event-date($affiliation)/@when"/>
    <xsl:variable name="from" as="xs:string?" select="($affiliation/@when, $affiliation/@from, $affiliation/@notBefore)[1]"/>
    <xsl:variable name="to" as="xs:string?" select="($affiliation/@when, $affiliation/@to, $affiliation/@notAfter)[1]"/>
    <xsl:sequence select="empty($event)
        or ((empty($from) or substring($event, 1, string-length($from)) ge $from)
            and (empty($to) or substring($event, 1, string-length($to)) le $to))"/>
  </xsl:function>

  <!-- ===== speaker statistics (counted here, in the normalised reading) ===== -->

  <xsl:template name="trt:statistics" as="element()">
    <xsl:variable name="rows" as="element(trt:row)*">
      <xsl:apply-templates select="//particDesc//person | //standOff//person" mode="html-stats"/>
    </xsl:variable>
    <xsl:variable name="total-words" as="xs:integer" select="sum($rows/@words ! xs:integer(.))"/>
    <section id="statistics" aria-labelledby="statistics-title">
      <h2 id="statistics-title">Speakers</h2>
      <div class="table-scroll" role="region" aria-labelledby="statistics-caption" tabindex="0">
        <table class="stats">
          <caption id="statistics-caption">Turns, paragraphs and words per speaker (words of the normalised reading, speaker
            labels not counted)</caption>
          <thead>
            <tr>
              <th scope="col">Speaker</th>
              <th scope="col">Role</th>
              <th scope="col" class="num">Turns</th>
              <th scope="col" class="num">Paragraphs</th>
              <th scope="col" class="num">Words</th>
              <th scope="col">Share of words</th>
            </tr>
          </thead>
          <tbody>
            <xsl:for-each select="$rows">
              <xsl:sort select="xs:integer(@words)" order="descending"/>
              <xsl:sort select="string(@name)" collation="{$trt:collation}"/>
              <xsl:variable name="share" as="xs:decimal"
                  select="if ($total-words gt 0) then xs:decimal(@words) div $total-words * 100 else 0"/>
              <tr>
                <th scope="row"><a href="#{@id}">{trt:isolate(@name)}</a></th>
                <td>{trt:isolate(@role)}</td>
                <td class="num">{format-number(xs:integer(@turns), '#,##0')}</td>
                <td class="num">{format-number(xs:integer(@paragraphs), '#,##0')}</td>
                <td class="num">{format-number(xs:integer(@words), '#,##0')}</td>
                <td class="share"><span class="bar" aria-hidden="true"><span style="width: {format-number($share, '0.0')}%"></span></span>
                  {format-number($share, '0.0')} %</td>
              </tr>
            </xsl:for-each>
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">All speakers</th>
              <td></td>
              <td class="num">{format-number(sum($rows/@turns ! xs:integer(.)), '#,##0')}</td>
              <td class="num">{format-number(sum($rows/@paragraphs ! xs:integer(.)), '#,##0')}</td>
              <td class="num">{format-number($total-words, '#,##0')}</td>
              <td class="share">100.0 %</td>
            </tr>
          </tfoot>
        </table>
      </div>
    </section>
  </xsl:template>

  <xsl:template match="person" mode="html-stats" as="element(trt:row)?">
    <xsl:variable name="turns" as="element(sp)*" select="key('trt:turns-by-who', string(@xml:id))"/>
    <xsl:if test="exists($turns)">
      <xsl:variable name="words" as="xs:string*">
        <xsl:apply-templates select="$turns/(* except speaker)" mode="trt:plain">
          <xsl:with-param name="reading" select="'normalised'" tunnel="yes"/>
        </xsl:apply-templates>
      </xsl:variable>
      <trt:row id="{@xml:id}" name="{trt:short-name(.)}" role="{trt:role(.)}" turns="{count($turns)}"
          paragraphs="{count($turns/p)}" words="{trt:word-count($words)}"/>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
