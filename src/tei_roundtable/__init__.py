"""tei-roundtable: a round-table transcript as a scholarly TEI P5 edition.

The public facade: one function per pipeline stage, each also a CLI subcommand.
"""

__version__ = "0.1.0"
