<?xml version="1.0" encoding="UTF-8"?>
<!--
  The editorial notes (mode html-notes).
  Included by tei2html.xsl, which declares the modes.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:trt="https://tei-roundtable/ns/functions"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!-- ===== apparatus ===== -->

  <xsl:template match="div[@type eq 'notes']" mode="html-notes" as="element()">
    <section id="notes" aria-labelledby="notes-title">
      <h2 id="notes-title">{(head ! normalize-space(), 'Editorial notes')[1]}</h2>
      <p class="intro">Every intervention of the editors: corrections of errors of the source,
        normalisations, identifications and comments. The number is the one in the text; the
        references at the end of a note lead back to each place it concerns.</p>
      <ol class="notes">
        <xsl:apply-templates select="note" mode="#current"/>
      </ol>
    </section>
  </xsl:template>

  <xsl:template match="note" mode="html-notes" as="element()">
    <xsl:variable name="targets" as="element()*" select="trt:target(., @target)"/>
    <xsl:variable name="choices" as="element(choice)*" select="$targets/descendant-or-self::choice"/>
    <li class="note {@type}">
      <xsl:sequence select="trt:id-attribute(.)"/>
      <p class="note-head">
        <span class="note-n">{@n}</span>
        <xsl:text> </xsl:text>
        <span class="note-type">{trt:note-type-label(.)}</span>
        <span class="note-meta">{string-join((@cert ! ('certainty: ' || .),
            trt:resp-names(.)[.] ! ('by ' || .)), ' · ')}</span>
      </p>
      <xsl:for-each-group select="$choices" group-by="normalize-space(trt:reading-of(., 'diplomatic')) || '&#9;' || normalize-space(trt:reading-of(., 'normalised'))">
        <p class="note-forms">As printed: <span class="form sic">{trt:isolate(normalize-space(trt:reading-of(., 'diplomatic')))}</span>
          → this edition: <span class="form corr">{trt:isolate(normalize-space(trt:reading-of(., 'normalised')))}</span></p>
      </xsl:for-each-group>
      <p class="note-text"><xsl:apply-templates mode="html"/></p>
      <xsl:if test="exists($targets)">
        <p class="backrefs"><span class="backrefs-label">In the text:</span><xsl:text> </xsl:text>
          <xsl:call-template name="trt:locations">
            <xsl:with-param name="elements" select="$targets"/>
          </xsl:call-template>
        </p>
      </xsl:if>
    </li>
  </xsl:template>

</xsl:stylesheet>
