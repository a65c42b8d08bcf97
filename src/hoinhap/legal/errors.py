"""Errors of the legal-text core. The parser itself never raises on text; readers of binary or
structured formats raise ``UnreadableDocument`` with a one-line, user-facing reason."""


class UnreadableDocument(ValueError):
    """The input cannot be read as a document (binary, wrong encoding, malformed, hostile)."""
