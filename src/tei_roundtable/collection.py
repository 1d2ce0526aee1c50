"""A collection: many editions of one series, with collection metadata and a shared register.

A project folder holds ``tei/collection.yaml``::

    collection:            # metadata of the collection (its page, corpus TEI and deposit)
      id: ipp-roundtables
      title: …
      publisher: …
      editors: [...]       # as in an edition's data
      licence: {id, url, text}
      contact_email: …
      version: 1.0.0
      date: "2026-12-01"
      base_url: null
      doi: null
    editions:              # the editions' data files, relative to this file, in order
      - ipp-roundtable-2007-11-15.yaml
    register:              # persons, organisations, places shared by the editions
      persons: [...]

An edition's data names the shared entries it uses; it may add entries of its own.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Editor:
    id: str
    name: str
    type: str  # organisation | person
    roles: tuple[str, ...]
    orcid: str | None = None


@dataclass(frozen=True)
class Licence:
    id: str
    url: str
    text: str


@dataclass(frozen=True)
class CollectionMeta:
    """The ``collection:`` block of ``collection.yaml``, checked by its JSON Schema."""

    id: str
    title: str
    publisher: str
    editors: tuple[Editor, ...]
    licence: Licence
    version: str
    date: str
    contact_email: str | None = None
    base_url: str | None = None
    doi: str | None = None
    description: str | None = None

    @classmethod
    def from_data(cls, data: dict) -> "CollectionMeta":
        editors = tuple(
            Editor(e["id"], e["name"], e["type"], tuple(e["roles"]), e.get("orcid")) for e in data["editors"]
        )
        licence = Licence(**data["licence"])
        return cls(data["id"], data["title"], data["publisher"], editors, licence, data["version"], data["date"],
                   data.get("contact_email"), data.get("base_url"), data.get("doi"), data.get("description"))

    @property
    def urn(self) -> str:
        return f"urn:tei-roundtable:{self.id}:{self.version}"
