"""Helpers shared by the legal-core tests."""

from hoinhap.legal.tree import Document


def feed_line_by_line(text: str) -> Document:
    """The parser with every line through ``_Parser.feed``, without ``run``'s inline path."""
    from hoinhap.legal.parser import _has_articles, _Parser, detect_language, normalise

    normalised = normalise(text)
    language = detect_language(normalised)
    parser = _Parser(language, has_articles=_has_articles(normalised, language))
    for lineno, line in enumerate(normalised.split("\n"), start=1):
        parser.feed(lineno, line.strip())
    return parser.finish()
