"""A function of a stylesheet module called on its own, as a Python function (the tests of
lib/wrap.xsl's and lib/common.xsl's functions)."""

from __future__ import annotations

from tei_roundtable import _xslt
from tei_roundtable.resources import xslt_dir


def calling(folder, module: str, params: dict[str, str], select: str):
    """A function of the stylesheet module ``lib/<module>`` as a Python function: a stylesheet
    importing it takes ``params`` (name -> XSD type: xs:string or xs:integer) and returns the
    string of ``select``; the Python function takes them in that order and returns that string."""
    stylesheet = folder / f"{module}-test.xsl"
    declared = "\n".join(f'  <xsl:param name="{name}" as="{kind}"/>' for name, kind in params.items())
    stylesheet.write_text(f"""<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:trt="https://tei-roundtable/ns/functions">
  <xsl:import href="{(xslt_dir() / 'lib' / module).as_uri()}"/>
  <xsl:output method="text"/>
{declared}
  <xsl:template name="xsl:initial-template">
    <xsl:sequence select="{select}"/>
  </xsl:template>
</xsl:stylesheet>""", encoding="utf-8")
    executable = _xslt._compile(stylesheet)
    processor = _xslt._saxon()
    make = {"xs:string": processor.make_string_value, "xs:integer": processor.make_integer_value}

    def call(*values) -> str:
        with _xslt._lock:
            executable.clear_parameters()
            for (name, kind), value in zip(params.items(), values, strict=True):
                executable.set_parameter(name, make[kind](value))
            return executable.call_template_returning_string() or ""

    return call
