"""tei-roundtable: round-table transcripts as scholarly TEI P5 editions.

The pipeline, in one place (:mod:`tei_roundtable.pipeline`)::

    from tei_roundtable import edition, pipeline
    ed = edition.load("tei/x.yaml")
    pipeline.build(ed, "dist")          # encode → validate → DTS export → render → package

Each stage is a public module, and a CLI subcommand::

    from tei_roundtable import encode, validate, render, package, verify
    data = encode.encode("tei/source/x.md", "tei/x.yaml")   # TEI bytes
    validate.validate("tei/x.xml")                          # raises CheckFailed with findings
    render.render("tei/x.xml", "dist")                      # dist/html, dist/txt
    package.package("tei/x.yaml", "dist")                   # dist/<id>_v<version>.zip
    verify.verify("dist/x_v1.0.0.zip")                      # raises CheckFailed with problems

plus ``names`` (check-names), ``corrections`` (the corrections list), ``edition`` (the edition
data and its typed decisions), ``transcript`` (the source parser), ``readings`` (the fidelity
contract) and ``resources`` (the shipped schemas and stylesheets). At the bottom of the stack,
importing nothing of the project: ``errors`` (every error raised on purpose is a
:class:`~tei_roundtable.errors.TeiRoundtableError`) and ``findings`` (the one
:class:`~tei_roundtable.findings.Finding` record every check yields). Modules whose names start
with an underscore are internal.
"""

__version__ = "0.1.0"
