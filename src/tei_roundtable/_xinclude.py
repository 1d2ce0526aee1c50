"""XInclude, safely: a ``teiCorpus`` (or any TEI) assembled from files inside its own folder.

ParlaMint and other corpora keep a ``teiCorpus`` root whose members are ``<xi:include
href="session.xml"/>``. libxml2's own XInclude would load whatever an ``href`` names (any path,
a URL, a file through a symbolic link) with its own parser; here an include is resolved only
when its ``href`` is a relative path that stays inside the folder of the file the user named
(after symbolic links are followed), names a regular file, and asks for XML (``parse="xml"``,
no ``xpointer``). Each included file goes through the same safe parser as every document
(:mod:`tei_roundtable._xml`), and includes nest at most :data:`MAX_DEPTH` deep, without cycles.

The included root element takes the place of the ``xi:include``; :class:`Assembled` remembers
which file each included root came from, so a finding on an element inside it names that file
and its own line.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ._xml import XMLError, parse_file

XI_NS = "http://www.w3.org/2001/XInclude"
INCLUDE = f"{{{XI_NS}}}include"
MAX_DEPTH = 16
HINT = ("an xi:include is resolved only when its href is a relative path to an XML file inside the folder of "
        "the file being checked (no URL, absolute path, '..' or link leading out, no xpointer)")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


class IncludeRefused(XMLError):
    """An ``xi:include`` that is not resolved: located at the include, rule ``xinclude``."""

    def __init__(self, message: str, file: str | Path, line: int) -> None:
        super().__init__("xinclude", message, file, line, 0, HINT)


@dataclass
class Part:
    """One included file: its root element in the assembled tree, its path and its bytes."""

    root: etree._Element
    path: Path
    name: str  # how findings name it: the including file's name joined with the href
    data: bytes


@dataclass
class Assembled:
    tree: etree._ElementTree
    parts: list[Part] = field(default_factory=list)

    def part_of(self, element: etree._Element) -> Part | None:
        """The included file ``element`` comes from (the innermost), or None for the top file."""
        roots = {id(part.root): part for part in self.parts}
        node: etree._Element | None = element
        while node is not None:
            found = roots.get(id(node))
            if found is not None:
                return found
            node = node.getparent()
        return None


def has_includes(tree: etree._ElementTree) -> bool:
    return next(tree.getroot().iter(INCLUDE), None) is not None


def assemble(tree: etree._ElementTree, path: Path, name: str) -> Assembled:
    """Replace every ``xi:include`` of ``tree`` (the file ``path``, named ``name``) by what it names.

    Raises :class:`IncludeRefused` (or the :class:`XMLError` of an included file) at the first
    include that cannot be resolved.
    """
    folder = Path(os.path.realpath(path)).parent
    assembled = Assembled(tree)
    _resolve(tree.getroot(), path, name, folder, (os.path.realpath(path),), assembled)
    return assembled


def _resolve(root: etree._Element, path: Path, name: str, folder: Path, chain: tuple[str, ...],
             assembled: Assembled) -> None:
    for include in list(root.iter(INCLUDE)):
        if include.getparent() is None:
            raise IncludeRefused("the root element is an xi:include; name the file it includes instead",
                                 name, include.sourceline or 0)
        target = _target(include, path, name, folder, chain)
        included = parse_file(target)
        included_root = included.getroot()
        included_name = _join(name, include.get("href", ""))
        data = target.read_bytes()
        included_root.tail = include.tail
        include.getparent().replace(include, included_root)
        assembled.parts.append(Part(included_root, target, included_name, data))
        _resolve(included_root, target, included_name, folder, chain + (os.path.realpath(target),), assembled)


def _target(include: etree._Element, path: Path, name: str, folder: Path, chain: tuple[str, ...]) -> Path:
    line = include.sourceline or 0
    href = (include.get("href") or "").strip()
    if include.get("parse", "xml") != "xml":
        raise IncludeRefused(f"xi:include parse=\"{include.get('parse')}\" is not resolved: only XML is included",
                             name, line)
    if include.get("xpointer") is not None:
        raise IncludeRefused("xi:include with an xpointer is not resolved: include whole files", name, line)
    if not href:
        raise IncludeRefused("xi:include without an href (an include of its own document) is not resolved",
                             name, line)
    if _SCHEME.match(href) or href.startswith(("/", "\\")) or "\\" in href:
        raise IncludeRefused(f"xi:include href '{href}' is not a relative path inside the folder: it is not "
                             "opened", name, line)
    if len(chain) > MAX_DEPTH:
        raise IncludeRefused(f"xi:include '{href}' nests more than {MAX_DEPTH} includes deep", name, line)
    candidate = path.parent / href
    real = Path(os.path.realpath(candidate))
    if not real.is_relative_to(folder):
        raise IncludeRefused(f"xi:include href '{href}' leads out of the folder {folder}: it is not opened",
                             name, line)
    if str(real) in chain:
        raise IncludeRefused(f"xi:include '{href}' includes a file that includes it (a cycle)", name, line)
    if not real.exists():
        # An xi:fallback is not used: a member of the corpus that is missing is an error, not
        # a gap to fill silently.
        raise IncludeRefused(f"xi:include '{href}': no such file ({candidate})", name, line)
    if not real.is_file():
        raise IncludeRefused(f"xi:include '{href}' is not a regular file: it is not opened", name, line)
    return candidate


def _join(name: str, href: str) -> str:
    folder = os.path.dirname(name)
    return os.path.normpath(os.path.join(folder, href)) if folder else os.path.normpath(href)
