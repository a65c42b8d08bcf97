"""Vietnamese search tokens: NFC, lowercase, syllables, syllable bigrams, and a diacritic-folded form.

Vietnamese writes one syllable per space-separated unit and most words are two syllables, so
adjacent-syllable bigrams catch words ("thời hạn", "hội nhập") without a word segmenter, at regex
speed (see ../shared/docs/search.md: bigrams beat pyvi and underthesea on ALQAC and run 15-50x
faster)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

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
    ``str.translate`` of the whole text). The snippets use it; the index folds its own field
    (``engine.fold_terms``, the same result on Vietnamese letters)."""
    folded = _FOLDED
    if len(folded) > 500_000:  # unbounded input (numbers, typos) must not grow it forever
        folded.clear()
    out = list(map(folded.get, tokens))  # the lookups in C; a Python step only for tokens not seen yet
    if None in out:
        for i, value in enumerate(out):
            if value is None:
                out[i] = folded[tokens[i]] = fold(tokens[i])
    return out  # type: ignore[return-value]  # no None is left


@dataclass(frozen=True, slots=True)
class Piece:
    """One text's tokens, made once and joined into every passage that contains the text (an
    article's passage repeats its clauses' text, a clause's its points'): tokenizing is then paid
    once per provision instead of once per passage holding it. Strings of space-separated tokens.
    No folded form: the index folds these same strings itself (``engine.FOLD_ANALYZER``)."""

    uni: str = ""  # syllables
    bi: str = ""  # bigrams inside the text
    first: str = ""  # the first and last syllables make the bigram across a join with the next text
    last: str = ""


EMPTY = Piece()


def piece(text: str) -> Piece:
    units = syllables(text) if text else []
    if not units:
        return EMPTY
    return Piece(" ".join(units), " ".join(bigrams(units)), units[0], units[-1])


@dataclass(frozen=True, slots=True)
class Joined:
    """The syllables and bigrams of texts read one after the other."""

    uni: str
    bi: str


def join(pieces: Sequence[Piece]) -> Joined:
    """The tokens of the texts of ``pieces`` read in order, as if tokenized together: the same
    strings as ``syllables`` and ``bigrams`` of the joined text (the bigram across each join included;
    texts without a syllable are skipped, as they add none)."""
    unis: list[str] = []
    bis: list[str] = []
    previous = EMPTY
    for part in pieces:
        if not part.uni:
            continue
        if previous.last:
            bis.append(f"{previous.last}_{part.first}")
        if part.bi:
            bis.append(part.bi)
        unis.append(part.uni)
        previous = part
    return Joined(" ".join(unis), " ".join(bis))


def has_diacritics(text: str) -> bool:
    return _VIETNAMESE_MARKS.search(unicodedata.normalize("NFC", text).lower()) is not None
