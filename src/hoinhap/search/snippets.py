"""Highlighted snippets: the window of a passage that holds the most query syllables, with those
syllables wrapped in <mark>. The text is HTML-escaped here, so the result is safe to render."""

from __future__ import annotations

import html
import re
import unicodedata

from hoinhap.search.tokens import fold, has_diacritics, syllables

_WORD = re.compile(r"\w+")
WINDOW = 30  # syllables


def snippet(text: str, query: str, *, window: int = WINDOW) -> str:
    text = unicodedata.normalize("NFC", text)
    wanted = set(syllables(query))
    wanted_folded = set() if has_diacritics(query) else {fold(t) for t in wanted}
    words = list(_WORD.finditer(text))
    if not words:
        return html.escape(text[:200])
    hits = [_matches(m.group(0).lower(), wanted, wanted_folded) for m in words]
    best, best_count = 0, -1
    count = sum(hits[:window])
    for start in range(max(1, len(words) - window + 1)):
        if start:
            count += (hits[start + window - 1] if start + window - 1 < len(hits) else 0) - hits[start - 1]
        if count > best_count:
            best, best_count = start, count
    first, last = words[best], words[min(best + window, len(words)) - 1]
    out = ["…" if first.start() > 0 else ""]
    position = first.start()
    for word, hit in zip(words[best:best + window], hits[best:best + window], strict=False):
        out.append(html.escape(text[position:word.start()]))
        piece = html.escape(word.group(0))
        out.append(f"<mark>{piece}</mark>" if hit else piece)
        position = word.end()
    out.append("…" if last.end() < len(text) else "")
    return "".join(out).replace("\n", " ")


def _matches(word: str, wanted: set[str], wanted_folded: set[str]) -> int:
    return 1 if word in wanted or fold(word) in wanted_folded else 0
