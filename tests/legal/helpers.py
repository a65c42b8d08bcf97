"""Helpers shared by the legal-core tests."""

from hoinhap.legal.tree import Document


def feed_line_by_line(text: str) -> Document:
    """The parser with every line through ``_Parser.feed``, without ``run``'s inline path."""
    from hoinhap.legal.cell_tables import as_pipe_rows
    from hoinhap.legal.parser import _has_articles, _Parser, detect_language, normalised_lines

    lines = normalised_lines(text)
    normalised = "\n".join(lines)
    language = detect_language(normalised)
    parser = _Parser(language, has_articles=_has_articles(normalised, language))
    for lineno, line in enumerate(as_pipe_rows(lines, normalised), start=1):
        parser.feed(lineno, line.strip())
    return parser.finish()
