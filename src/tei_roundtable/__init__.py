"""tei-roundtable: a round-table transcript as a scholarly TEI P5 edition.

The public API is one module per pipeline stage, each also a CLI subcommand::

    from tei_roundtable import encode, validate, render, package, verify
    data = encode.encode("tei/source/x.md", "tei/x.yaml")   # TEI bytes
    validate.validate("tei/x.xml")                          # raises CheckFailed with findings
    render.render("tei/x.xml", "dist")                      # dist/html, dist/txt
    package.package("tei/x.yaml", "dist")                   # dist/<id>_v<version>.zip
    verify.verify("dist/x_v1.0.0.zip")                      # raises CheckFailed with problems

plus ``names`` (check-names), ``corrections`` (the corrections list), ``edition`` (the edition
data), ``transcript`` (the source parser) and ``readings`` (the fidelity contract). Modules whose
names start with an underscore are internal. Every error raised on purpose is a
:class:`~tei_roundtable.errors.TeiRoundtableError`.
"""

__version__ = "0.1.0"
