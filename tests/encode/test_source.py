"""The bundled source is the transcript as received, byte for byte."""

import hashlib

from conftest import SOURCE, shared_file

# SHA-256 of ../shared/source/000_68661c8dc4363db3.txt as received.
ORIGINAL_SHA256 = "dd2c1a45207356d07902e6b056e86e98e74f33a828e69aaf1b8bc9eea017da5b"


def test_source_has_original_checksum():
    assert hashlib.sha256(SOURCE.read_bytes()).hexdigest() == ORIGINAL_SHA256


def test_source_equals_shared_original():
    original = shared_file("source/000_68661c8dc4363db3.txt")
    assert SOURCE.read_bytes() == original.read_bytes()
