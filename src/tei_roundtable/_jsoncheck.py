"""The toolkit's own JSON Schemas (edition data, collection data, DataCite JSON) checked fast.

jsonschema (the reference implementation, whose errors the toolkit reports) spends about 7 ms on
the bundled edition data and 5 on the collection data, walking each node in Python.
jsonschema-rs answers whether a document is valid in well under a millisecond. So a document is
first put to jsonschema-rs; only when it is not valid (or when jsonschema-rs cannot take it)
does jsonschema look for the errors, which are therefore the very errors, messages and order
reported before. A document jsonschema-rs calls valid must be one jsonschema calls valid:

* formats are checked by jsonschema's own FormatChecker (jsonschema-rs calls it back for every
  format jsonschema knows), so they mean the same in both;
* the schemas' patterns match no more in jsonschema-rs (ECMA-262 regular expressions) than in
  Python's ``re``: its ``\\d`` is ASCII only, its ``.`` stops at every line terminator, its ``$``
  does not match before a final newline; they use ``\\s`` only negated (``\\S``, ``[^\\s]``), and
  of the characters the two dialects' ``\\s`` disagree on, the ones only Python's matches
  (U+001C–U+001F, U+0085) send a document to jsonschema (``_APART``); the ones only
  ECMA-262's matches (U+FEFF) make jsonschema-rs the stricter. The patterns so reviewed are
  listed in the test, which fails when a schema brings another;
* a Python value JSON has no word for (bytes, a set, NaN) makes jsonschema-rs raise: jsonschema
  then decides.

``tests/encode/test_schema_check.py`` holds this against jsonschema on the three documents, mutated.
Only schemas whose inputs are known (the three above) go this way; a schema a user gives (say,
the CFF schema to ``verify``) is checked by jsonschema alone.
"""

from __future__ import annotations

import re
from functools import cached_property
from typing import Any, Iterator, Sequence

import orjson

# Characters Python's \s matches and ECMA-262's does not, as orjson writes them (control
# characters escaped, U+0085 in UTF-8): a pattern with \S or [^\s] refuses them in jsonschema and
# takes them in jsonschema-rs. (An escaped backslash before "u001c" matches too: jsonschema decides.)
_APART = re.compile(rb"\\u001[cdef]|\xc2\x85")


def _has_apart(document: Any) -> bool:
    """Whether a string of the document (a value or a key) holds a character of ``_APART``, or the
    document is not JSON orjson can write (then jsonschema decides as well)."""
    try:
        return _APART.search(orjson.dumps(document)) is not None
    except (TypeError, orjson.JSONEncodeError):
        return True


class SchemaCheck:
    """One JSON Schema's check: :meth:`iter_errors` yields jsonschema's errors, none when valid.

    ``resources``: other schemas its ``$ref`` s name, as (URI, schema) pairs.
    """

    def __init__(self, schema: dict, resources: Sequence[tuple[str, dict]] = ()) -> None:
        self.schema = schema
        self.resources = tuple(resources)

    @cached_property
    def full(self):
        """jsonschema's validator of the schema (formats checked), which names the errors."""
        import jsonschema
        from referencing import Registry, Resource

        cls = jsonschema.validators.validator_for(self.schema)
        if not self.resources:  # jsonschema's own registry, as the toolkit used before this module
            return cls(self.schema, format_checker=jsonschema.FormatChecker())
        registry = Registry().with_resources([(uri, Resource.from_contents(doc)) for uri, doc in self.resources])
        return cls(self.schema, registry=registry, format_checker=jsonschema.FormatChecker())

    @cached_property
    def _fast(self):
        import jsonschema
        import jsonschema_rs

        checker = jsonschema.FormatChecker()
        formats = {name: (lambda value, name=name: checker.conforms(value, name)) for name in checker.checkers}
        registry = jsonschema_rs.Registry(list(self.resources)) if self.resources else None
        return jsonschema_rs.validator_for(self.schema, formats=formats, validate_formats=True,
                                           ignore_unknown_formats=True, registry=registry)

    def passes(self, document: Any) -> bool:
        """Whether jsonschema-rs calls ``document`` valid (False also when it cannot take it)."""
        if _has_apart(document):
            return False
        try:
            return self._fast.is_valid(document)
        except Exception:  # noqa: BLE001 - whatever it cannot take, jsonschema decides
            return False

    def iter_errors(self, document: Any) -> Iterator:
        """jsonschema's errors of ``document`` (its ValidationError objects); none when it is valid."""
        if self.passes(document):
            return iter(())
        return self.full.iter_errors(document)
