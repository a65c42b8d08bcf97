"""Highlighted snippets: the window of a passage that holds the most query syllables, with those
syllables wrapped in <mark>. The text is HTML-escaped here, so the result is safe to render."""

from __future__ import annotations

import html
import unicodedata

from hoinhap.search.tokens import SYLLABLE, fold_tokens, has_diacritics, syllables

WINDOW = 30  # syllables


def snippet(text: str, query: str, *, window: int = WINDOW) -> str:
    text = unicodedata.normalize("NFC", text)
    wanted = set(syllables(query))
    words = list(SYLLABLE.finditer(text))
    if not words:
        return html.escape(text[:200])
    lowered = [m.group(0).lower() for m in words]
    hits = [int(word in wanted) for word in lowered]
    if not has_diacritics(query):  # typed without accents: "han" marks "hạn" too
        wanted_folded = set(fold_tokens(list(wanted)))
        hits = [hit or int(word in wanted_folded) for hit, word in zip(hits, fold_tokens(lowered), strict=True)]
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
