"""Vietnamese search tokens: NFC, lowercase, syllables, syllable bigrams, and a diacritic-folded form.

Vietnamese writes one syllable per space-separated unit and most words are two syllables, so
adjacent-syllable bigrams catch words ("thời hạn", "hội nhập") without a word segmenter, at regex
speed (see ../shared/docs/search.md: bigrams beat pyvi and underthesea on ALQAC and run 15-50x
faster)."""

from __future__ import annotations

import re
import unicodedata

SYLLABLE = re.compile(r"\w+")  # a syllable or a number, as Vietnamese writes them: space-separated
_FOLD = str.maketrans({"đ": "d", "Đ": "D"})
_VIETNAMESE_MARKS = re.compile("[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]")


def syllables(text: str) -> list[str]:
    """Lowercased NFC syllables and numbers, in order ("Điều 5" → ["điều", "5"])."""
    return SYLLABLE.findall(unicodedata.normalize("NFC", text).lower())


def bigrams(units: list[str]) -> list[str]:
    """Adjacent pairs joined by "_" ("thời", "hạn", "hoàn" → "thời_hạn", "hạn_hoàn")."""
    return list(map("_".join, zip(units, units[1:], strict=False)))


def fold(text: str) -> str:
    """Strip diacritics, đ → d: what a user types without a Vietnamese keyboard."""
    decomposed = unicodedata.normalize("NFD", text.translate(_FOLD))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_FOLDED: dict[str, str] = {}


def fold_tokens(tokens: list[str]) -> list[str]:
    """``fold`` of each token, memoised: the vocabulary is small (a few thousand syllables) while a
    corpus has millions of them, so this costs a dictionary lookup per token (measured faster than
    ``str.translate`` of the whole text)."""
    folded = _FOLDED
    if len(folded) > 500_000:  # unbounded input (numbers, typos) must not grow it forever
        folded.clear()
    out = []
    for token in tokens:
        value = folded.get(token)
        if value is None:
            value = folded[token] = fold(token)
        out.append(value)
    return out


def has_diacritics(text: str) -> bool:
    return _VIETNAMESE_MARKS.search(unicodedata.normalize("NFC", text).lower()) is not None
