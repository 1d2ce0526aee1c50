"""``python -m tei_roundtable``: the same command line as ``tei-roundtable``."""

from .cli import main

main(prog_name="tei-roundtable")
