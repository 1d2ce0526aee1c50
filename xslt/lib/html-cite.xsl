<?xml version="1.0" encoding="UTF-8"?>
<!--
  How to cite (mode html-cite).
  Included by tei2html.xsl, which declares the modes.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:trt="https://tei-roundtable/ns/functions"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!-- ===== how to cite ===== -->

  <xsl:template match="teiHeader" mode="html-cite" as="element()">
    <xsl:variable name="root" as="document-node()" select="/"/>
    <xsl:variable name="example" as="xs:string?" select="(/TEI/text/body//sp/p/@xml:id)[1]"/>
    <section id="cite" aria-labelledby="cite-title">
      <h2 id="cite-title">How to cite</h2>
      <h3>This edition</h3>
      <p class="citation">{trt:citation(.)}</p>
      <xsl:if test="empty(trt:idno(., 'URL')) and empty(trt:idno(., 'DOI'))">
        <p>The edition has no DOI or web address yet; until it has, this version is identified by its
          URN, <code>{trt:idno(., 'URN')}</code>, which names the edition and its version.</p>
      </xsl:if>
      <h3>A turn or a paragraph</h3>
      <p>Every turn and paragraph has a reference that is the same in the TEI file (its
        <code>xml:id</code>), on this page (the link beside it) and in the plain-text editions (in square
        brackets): <code>t12</code> is the twelfth turn, <code>t12.3</code> its third paragraph. Add
        the reference to the citation<xsl:if test="trt:idno(., 'URL')"> and to the address, after
        <code>#</code></xsl:if>; the link’s tooltip shows the full citation of each paragraph.</p>
      <xsl:for-each select="$example">
        <p>For example, paragraph <a href="#{.}">{.}</a>:</p>
        <p class="citation">{trt:citation($root, .)}</p>
      </xsl:for-each>
      <h3>BibTeX</h3>
      <pre tabindex="0" role="region" aria-label="BibTeX record"><code>{trt:bibtex(., $edition-id)}</code></pre>
      <h3>CSL-JSON</h3>
      <pre tabindex="0" role="region" aria-label="CSL-JSON record"><code>{trt:csl-json(., $edition-id)}</code></pre>
      <p>Reference managers such as Zotero can also read the citation data embedded in this page.</p>
    </section>
  </xsl:template>

</xsl:stylesheet>
