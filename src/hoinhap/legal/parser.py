"""Plain text to document tree, for Vietnamese documents and their English translations.

One pass over the lines with a stack of open units. The parser never refuses input: a line it
cannot place stays as text of the unit before it (or as a paragraph), with a warning where that
is a guess, so that ``squash(document.source_text())`` equals ``squash(marker_free(input))``.

What it copes with, because the real corpus has it: glued headings ("Chương IQUY ĐỊNH CHUNG"),
hard-wrapped lines, decomposed diacritics, markdown table pipes and tables laid out one cell per
line (``cell_tables``), quoted amending text ("Sửa đổi Điều 9 như sau: “Điều 9. …”") that must stay
inside its article, attached regulations whose article numbering restarts, appendices, and Party
documents numbered "A-", "I-", "1-".
"""

from __future__ import annotations

import functools
import re
import unicodedata

from hoinhap.legal import tree
from hoinhap.legal.cell_tables import RULE_CHARS as _RULE_CHARS
from hoinhap.legal.cell_tables import RULE_LINE, as_pipe_rows, row_cells
from hoinhap.legal.eids import assign_eids
from hoinhap.legal.markers import (
    CLAUSE_RE,
    POINT_RE,
    VOCABULARIES,
    Marker,
    found_marker,
    is_upperish,
    numbered,
    ordinal_value,
    point_rank,
    structural,
)
from hoinhap.legal.metadata import extract_meta, split_front

RANK = {
    tree.PART: 1, tree.CHAPTER: 2, tree.DIVISION: 2, tree.SECTION: 3, tree.SUBSECTION: 4,
    tree.ARTICLE: 5, tree.CLAUSE: 6, tree.ITEM: 6, tree.POINT: 7,
}
HEADED_KINDS = (tree.PART, tree.CHAPTER, tree.SECTION, tree.SUBSECTION, tree.DIVISION, tree.APPENDIX)
BODY_OPENERS = (tree.PART, tree.CHAPTER, tree.SECTION, tree.ARTICLE, tree.DIVISION)
_NOT_IN_SIGNATURE = (tree.CLAUSE, tree.ITEM, tree.POINT, tree.DIVISION)
LETTERS = "A B C D Đ E G H I K L M N O P Q R S T U V X Y".split()

_NOT_PLAIN_START = frozenset("|“\"«")  # a table row, or a line that may open a quotation
SIGNATURE_START = re.compile(
    r"\|?\s*(?:(?:Nơi nhận|Recipients)\s*:|(?:TM|KT|TL|TUQ|T/M|K/T|T/L)\.?\s+[A-ZĐ]{2}|Q\.\s+[A-ZĐ]{2}"
    r"|(?:ON BEHALF OF|FOR THE|PP\.)\s+[A-Z])"
)
# A cell after the first that starts a signature block; the "|" prefix lets the search jump from pipe
# to pipe, so that one search replaces a match per cell.
_SIGNATURE_CELL = re.compile(rf"\|{SIGNATURE_START.pattern}")
CONCLUSION_FORMULA = re.compile(
    r"(?:(?:Bộ luật|Luật|Nghị quyết|Pháp lệnh) này (?:đã )?được .{0,200}?thông qua"
    r"|This (?:Law|Code|Resolution|Ordinance) (?:was|is|has been) (?:passed|adopted))"
)
ATTACHED_LINE = re.compile(r"\(?\s*(?:\(?Ban hành\s+)?[Kk]èm theo\b|\(?\s*(?:Attached to|Issued together with)\b")
LONE_LABELS = frozenset({"Chương", "CHƯƠNG", "Mục", "MỤC", "Phần", "PHẦN", "Chapter", "CHAPTER"})
# Looking a line up in a set hashes all of it; a length test first spares that for every real line.
_LONE_LABEL_MAX = max(map(len, LONE_LABELS))
_CLOSING = ".;:!?\"”’)…"
_ODD_SPACES = (("\u00a0", " "), ("\u2007", " "), ("\u202f", " "), ("\u200b", ""), ("\ufeff", ""))
_NFC = functools.partial(unicodedata.normalize, "NFC")
_LONE_NUMBER = re.compile(r"[IVXLC]+|\d+[a-zđ]?\.?")
_LANGUAGE_SAMPLE = 50_000
_ARTICLE_LABELS = ("Điều", "Article", "ĐIỀU", "ARTICLE")
_TERMINAL = re.compile(r"[.;:]$")
_SPACE_RUN = re.compile("  +")  # not " {2,}": a literal prefix lets the search skip single spaces
# What every marker pattern in ``markers`` (both languages) can start with: a line that does not
# match cannot hold a marker, so most text lines are settled by this one regex instead of three to
# five. It must stay a superset of those patterns (a test checks it on the whole shared corpus).
# Its first two branches are the clause and point patterns themselves, the markers of four units in
# five: when one of them matches (``lastgroup``), the marker is known without a second regex.
MAYBE_MARKER = re.compile(
    CLAUSE_RE.pattern.replace("(?P<num>", "(?P<clause>").replace("(?P<punct>", "(?:")
    + "|" + POINT_RE.pattern.replace("(?P<num>", "(?P<point>")
    + r"|PH|Ph|CH|Ch|MỤC|Mục|TIỂU|Tiểu|Điều|ĐIỀU|PART|Part|SECTION|Section|SUB|Sub|Article|ARTICLE"
    r"|APPENDIX|Appendix|ANNEX|Annex|\d|[IVXLC]{1,7}\s*[.\-–]|[A-ZĐ]\s*[.\-–]"
)
_PREFILTER_KINDS = {"clause": tree.CLAUSE, "point": tree.POINT}
# The signature block's first line or the adoption formula, in one match.
BLOCK_END = re.compile(f"(?:{SIGNATURE_START.pattern})|(?:{CONCLUSION_FORMULA.pattern})")
# The characters a BLOCK_END line can start with ("| TM.", "Nơi nhận", "KT.", "Luật này …", "This
# Law …"): a set lookup settles most text lines without the regex.
_BLOCK_END_FIRST = frozenset("|NRTKQOFPBL")
_ARTICLE_START = {
    lang: (re.compile(rf"\s*{label}\s+\d"), re.compile(rf"\n[^\S\n]*{label}\s+\d"))
    for lang, label in (("vi", "Điều"), ("en", "Article"))
}
# One pass for the label count (eight str.count calls over a non-ASCII text cost eight times more).
_LABEL_LINE = re.compile(r"\n(Điều|ĐIỀU|Chương|CHƯƠNG|Article|ARTICLE|Chapter|CHAPTER) ")
_VI_LABELS = frozenset({"Điều", "ĐIỀU", "Chương", "CHƯƠNG"})


def normalise(text: str) -> str:
    """NFC (some sources decompose diacritics), LF line ends (from CRLF or a lone CR), no invisible
    or non-breaking spaces."""
    return "\n".join(normalised_lines(text))


def normalised_lines(text: str) -> list[str]:
    """The lines of ``normalise(text)``. Composed one line at a time: a line break is a starter that
    nothing composes with, so lines normalise apart, and a crawl with decomposed letters on a few
    lines pays for composing those lines, not the whole text (a whole-text NFC of the four such
    texts of the shared corpus cost more than checking the other 27)."""
    if "\r" in text:  # CRLF (Windows) and a lone CR (old Mac OS, some exporters) both end a line
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    for odd, plain in _ODD_SPACES:  # str.replace is many times faster than str.translate here
        if odd in text:
            text = text.replace(odd, plain)
    for blank in "\t\f\v":
        if blank in text:
            text = text.replace(blank, " ")
    if "  " in text:  # most texts have no run at all; a run-only regex then folds the rest in one pass
        text = _SPACE_RUN.sub(" ", text)
    # NFC neither makes nor takes ASCII spaces, so folding them first gives the same text.
    return list(map(_NFC, text.split("\n")))


def marker_free(text: str) -> str:
    """The normalised input minus what the tree keeps as markup: rule lines and table pipes."""
    kept = (line for line in normalised_lines(text) if not RULE_LINE.fullmatch(line))
    return "\n".join(kept).replace("|", "")


def detect_language(text: str) -> str:
    sample = text[:_LANGUAGE_SAMPLE]  # enough headings to tell, without scanning a whole code
    if len(text) > _LANGUAGE_SAMPLE and not any(f"\n{label} " in sample for label in _ARTICLE_LABELS):
        sample = text
    labels = _LABEL_LINE.findall(sample)
    vi = sum(1 for label in labels if label in _VI_LABELS)
    en = len(labels) - vi
    if vi or en:
        return "vi" if vi >= en else "en"
    return "vi" if re.search("[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", text) else "en"


def parse_text(text: str, *, language: str | None = None) -> tree.Document:
    """Parse a whole document. Never raises on odd input; see ``Document.warnings``."""
    lines = normalised_lines(text)
    normalised = "\n".join(lines)
    lang = language or detect_language(normalised)
    parser = _Parser(lang, has_articles=_has_articles(normalised, lang))
    parser.run(as_pipe_rows(lines, normalised))  # a cell-per-line table as the pipe rows it stands for
    return parser.finish()


def _has_articles(text: str, lang: str) -> bool:
    """Whether a line starts with an article label and a number. The search looks for the newline
    before it (a literal the regex engine can skip to) instead of trying "^" at every character."""
    first_line, later_line = _ARTICLE_START[lang]
    return first_line.match(text) is not None or later_line.search(text) is not None


def table_row(line: str) -> str:
    """A markdown table row in one canonical form: "| cell | cell |"."""
    return "| " + " | ".join(row_cells(line)) + " |"


class _Parser:
    def __init__(self, language: str, *, has_articles: bool) -> None:
        self.language = language
        self.vocab = VOCABULARIES[language]
        self.has_articles = has_articles
        self.front: list[tuple[int, str]] = []
        self.roots: list[tree.Node] = []
        self.container: list[tree.Node] = self.roots
        self.appendix: tree.Node | None = None
        self.stack: list[tree.Node] = []
        self.sink: tree.Node | None = None
        self.awaiting_heading: tree.Node | None = None
        self.heading_lines = 0
        self.table: tree.Node | None = None
        self.zone = "front"
        self.quote_depth = 0
        self.quote_started = 0
        self.last_key: dict[str | tuple[str, int], tuple[int, str]] = {}
        self.warnings: list[tree.ParseWarning] = []
        self.signature_lines: list[str] = []
        self.captions: list[str] = []
        self.signature: tree.Node | None = None
        self.pending_label: tuple[int, str] | None = None

    # -- entry points -------------------------------------------------------------------------

    def run(self, lines: list[str]) -> None:
        """Feed every line, in order. Most lines are blank or plain text going on in the open unit of
        the body; while nothing else is pending (no heading awaited, no quotation, table or lone
        label open) those are settled here, inline, and only the rest go through ``feed``. The
        inline path must do exactly what ``feed`` would do (the tests compare both on the corpus)."""
        maybe_marker = MAYBE_MARKER.match
        block_end = BLOCK_END.match
        attached_line = ATTACHED_LINE.match
        rule_line = RULE_LINE.fullmatch
        in_body = False  # in the body or an attachment with no label, table or quotation pending
        plain = False  # in_body, and text would go on in the open unit (no heading awaited)
        in_attachment = False
        for lineno, raw in enumerate(lines, start=1):
            line = raw.strip()
            if not line:  # a blank line only ends a table, in every state (as in feed)
                if self.table is not None:
                    self._close_table()
                continue
            first = line[0]
            # A rule line carries no text and feed returns on it (unless a lone label waits for its
            # number): a cell-per-line table written as pipe rows leaves one such line per cell.
            if first in _RULE_CHARS and (line == "|" or rule_line(line)) and self.pending_label is None:
                continue
            if in_body:
                if first in _NOT_PLAIN_START or line[-1] == "|" or _is_lone_label(line):
                    self.feed(lineno, line)
                elif found := maybe_marker(line):  # feed's checks before the marker would all pass
                    group = found.lastgroup
                    if group is None:
                        self._unit_or_text(lineno, line, self._marker(line, found))
                    elif self._open_numbered(line, _PREFILTER_KINDS[group], found.group(group), found.end()):
                        plain = True  # a new clause or point: text goes on in it
                        continue
                    else:
                        self._text(lineno, line)
                elif plain and not (first in _BLOCK_END_FIRST and block_end(line)) and not (
                    in_attachment and attached_line(line)
                ):  # _text's plain case, settled here: half of all lines take this step
                    sink: tree.Node = self.sink  # type: ignore[assignment]  # plain implies a sink
                    sink.text = _continued(sink.text, line)
                    continue
                else:  # a text line: feed would go to _text after the checks made above
                    self._text(lineno, line)
            else:
                self.feed(lineno, line)
            in_attachment = self.zone == "attachment"
            in_body = (
                (in_attachment or self.zone == "body")
                and self.pending_label is None
                and self.table is None
                and not self.quote_depth
            )
            plain = in_body and self.sink is not None and self.awaiting_heading is None

    def feed(self, lineno: int, line: str) -> None:
        if self.pending_label is not None and line:
            line = self._join_label(line)
        if not line:
            self._close_table()
            return
        if line[0] in _RULE_CHARS and RULE_LINE.fullmatch(line):
            return
        if self.quote_depth:
            if not self._quote_escape(lineno, line):
                self._quoted(line)
                return
        if self.zone != "front" and (line.startswith("|") or line.endswith("|")):
            self._table_row(line)
            return
        if self.table is not None:
            self._close_table()
        if _is_lone_label(line) and not self.quote_depth:
            self.pending_label = (lineno, line)
            return
        found = MAYBE_MARKER.match(line)
        self._unit_or_text(lineno, line, self._marker(line, found) if found else None)

    def _open_numbered(self, line: str, kind: str, num: str, end: int) -> bool:
        """``_open`` for a clause or point marker met in the body, the markers of four units in five.
        The same rules with the steps that cannot apply left out (the zone checks, the restart of an
        attached document, headings), because this runs thousands of times per document; the
        corpus tests compare its trees with those of ``feed``, which goes through ``_open``."""
        stack = self.stack
        if kind == tree.CLAUSE:
            kind = self._clause_kind()
        elif not stack:
            return False
        depth = self._depth(RANK[kind])
        key = self._key(kind, num)
        scope = self._scope(kind, num, stack[depth - 1] if depth else self.appendix)
        last = self.last_key.get(scope)
        if last is not None and key <= last:
            return False  # out of sequence: text (``_restarts`` warns for articles and chapters only)
        del stack[depth:]
        node = tree.Node(kind, num, "", line[end:].strip(), line[:end].strip())  # text, not heading
        (stack[-1].children if stack else self.container).append(node)
        self.last_key[scope] = key
        stack.append(node)
        self.sink = node
        self.awaiting_heading = None
        self.heading_lines = 0
        return True

    def _unit_or_text(self, lineno: int, line: str, marker: Marker | None) -> None:
        if marker is None or not self._open(lineno, marker):
            self._text(lineno, line)

    def _join_label(self, line: str) -> str:
        """"Chương" alone on a line, its number on the next ("III"): one marker line again."""
        lineno, label = self.pending_label or (0, "")
        self.pending_label = None
        if _LONE_NUMBER.fullmatch(line):
            return f"{label} {line}"
        self._text(lineno, label)
        return line

    def finish(self) -> tree.Document:
        if self.pending_label is not None:
            self._text(*self.pending_label)
            self.pending_label = None
        if self.quote_depth:
            self._warn(self.quote_started, "quotation opened here is never closed; its text is kept in place")
        front_nodes = split_front(self.front)
        body = front_nodes + self.roots
        assign_eids(body, self.warnings)
        meta = extract_meta(self.front, self.signature_lines, self.language, self.captions)
        return tree.Document(meta=meta, body=body, warnings=self.warnings)

    # -- markers ------------------------------------------------------------------------------

    def _marker(self, line: str, found: re.Match[str]) -> Marker | None:
        """The marker the line starts with, if any, from its ``MAYBE_MARKER`` match."""
        group = found.lastgroup
        if group is not None:
            return found_marker(_PREFILTER_KINDS[group], found.group(group), line, found.end())
        if line[0].isupper():  # every structural label starts with a capital
            return structural(line, self.vocab) or numbered(line)
        return numbered(line)

    def _open(self, lineno: int, marker: Marker) -> bool:
        kind = self._resolve_kind(marker)
        if kind is None:
            return False
        if kind == tree.APPENDIX:
            return self._open_appendix(marker)
        zone = self.zone
        if zone == "front" and kind not in BODY_OPENERS and not (kind == tree.ITEM and not self.has_articles):
            return False
        if zone == "signature" and kind in _NOT_IN_SIGNATURE:
            return False
        rank = RANK[kind]
        depth = self._depth(rank)
        key = self._key(kind, marker.num)
        scope = self._scope(kind, marker.num, self.stack[depth - 1] if depth else self.appendix)
        last = self.last_key.get(scope)
        if last is not None and key <= last:
            if not self._restarts(lineno, kind, marker, key):
                return False
            depth, scope = 0, self._scope(kind, marker.num, self.appendix)  # the attachment's first unit
        if zone in ("front", "signature") and self.appendix is None:
            self.zone = "body"
        self._push(kind, marker, key, depth, scope)
        return True

    def _resolve_kind(self, marker: Marker) -> str | None:
        kind = marker.kind
        if kind == tree.CLAUSE:
            return self._clause_kind()
        if kind == tree.POINT:
            return kind if self.stack else None
        if kind == tree.DIVISION and len(marker.num) == 1 and self._expected_letter() == marker.num:
            return tree.PART  # "C- …" after "B- …" is a lettered part, not Roman 100
        if kind == tree.PART and marker.num in LETTERS and marker.num != self._expected_letter():
            return None
        if kind == tree.APPENDIX and self.zone == "front":
            return None
        if kind == tree.APPENDIX and self.zone == "body" and marker.rest and not is_upperish(marker.rest):
            return None
        return kind

    def _clause_kind(self) -> str:
        """"1." is a clause inside an article, else an item of a document without articles."""
        for node in self.stack:
            if node.kind == tree.ARTICLE:
                return tree.CLAUSE
        return tree.ITEM

    def _expected_letter(self) -> str:
        last = self.last_key.get("letter")
        if last is None:
            return "A"
        index = last[0] + 1
        return LETTERS[index] if index < len(LETTERS) else ""

    def _key(self, kind: str, num: str) -> tuple[int, str]:
        if num.isdecimal():  # most units: "5", "12"
            return (int(num), num)
        if kind == tree.POINT:
            rank = point_rank(num)
            return (rank[0] * 100 + rank[1], num)
        if kind == tree.PART and num in LETTERS:
            return (LETTERS.index(num), num)
        return (ordinal_value(num) or 0, num)

    def _scope(self, kind: str, num: str, parent: tree.Node | None) -> str | tuple[str, int]:
        """Articles, chapters and parts are numbered through the whole document (or attachment),
        lettered parts ("A-", "B-") in a series of their own; the rest restart under each parent."""
        if kind == tree.PART and num in LETTERS:
            return "letter"
        if kind in (tree.ARTICLE, tree.CHAPTER, tree.PART):
            return kind
        return (kind, id(parent))

    def _restarts(self, lineno: int, kind: str, marker: Marker, key: tuple[int, str]) -> bool:
        """A unit numbered at or below the last one of its series: a new attached document when an
        article, chapter or part is numbered 1 again (its attachment is started here), else text."""
        if kind in (tree.ARTICLE, tree.CHAPTER, tree.PART) and key[0] == 1 and self.zone != "front":
            # Numbering starts again: an attached regulation ("Quy chế … ban hành kèm theo").
            self._warn(lineno, f"{marker.marker} restarts the numbering: read as the start of an attached document")
            self._start_appendix(tree.Node(tree.APPENDIX))
            return True
        if kind in (tree.ARTICLE, tree.CHAPTER):
            self._warn(lineno, f"{marker.marker} is out of sequence; kept as text")
        return False

    def _depth(self, rank: int) -> int:
        """How many open units stay open under a new unit of ``rank`` (the stack's ranks rise)."""
        stack = self.stack
        depth = len(stack)
        while depth and RANK[stack[depth - 1].kind] >= rank:
            depth -= 1
        return depth

    def _push(self, kind: str, marker: Marker, key: tuple[int, str], depth: int, scope: str | tuple[str, int]) -> None:
        stack = self.stack
        del stack[depth:]
        node = tree.Node(kind, marker.num, "", "", marker.marker)
        self._fill(node, marker.rest)
        (stack[-1].children if stack else self.container).append(node)
        self.last_key[scope] = key
        stack.append(node)
        self.sink = node
        wrapped_name = kind == tree.ARTICLE and bool(node.heading)
        self.awaiting_heading = node if kind in HEADED_KINDS or wrapped_name else None
        self.heading_lines = 0

    def _fill(self, node: tree.Node, rest: str) -> None:
        if node.kind in (tree.CLAUSE, tree.ITEM, tree.POINT):
            node.text = rest
        elif node.kind == tree.ARTICLE and _reads_as_text(rest):
            node.text = rest  # "Điều 1. Ban hành kèm theo Nghị quyết này …" has no name
        else:
            node.heading = rest

    # -- appendices and attachments ------------------------------------------------------------

    def _open_appendix(self, marker: Marker) -> bool:
        node = tree.Node(tree.APPENDIX, num=marker.num or "", marker=marker.marker, heading=marker.rest)
        self._start_appendix(node)
        self.awaiting_heading = node if not node.heading else None
        self.heading_lines = 0
        return True

    def _start_appendix(self, node: tree.Node) -> None:
        self.roots.append(node)
        self.appendix = node
        self.container = node.children
        self.signature = None
        self.stack = []
        self.sink = node
        self.zone = "attachment"
        self.last_key = {k: v for k, v in self.last_key.items() if k == "letter"}

    def _attach_from_title(self, line: str) -> None:
        """"(Ban hành kèm theo Quyết định số …)": the capitalised lines just before it were the
        attached document's title, not the signature's; move them (they are the latest text)."""
        source = self.sink
        title: list[str] = []
        if source is not None:
            lines = source.text.split("\n")
            while lines and is_upperish(lines[-1]) and len(title) < 4:
                title.insert(0, lines.pop())
            source.text = "\n".join(lines)
        node = tree.Node(tree.APPENDIX, heading=" ".join(title), text=line)
        self._start_appendix(node)

    # -- text ---------------------------------------------------------------------------------

    def _text(self, lineno: int, line: str) -> None:
        if self.zone == "front":
            self.front.append((lineno, line))
            return
        if self._heading_line(lineno, line):
            return
        self.awaiting_heading = None
        if self.zone in ("signature", "attachment") and ATTACHED_LINE.match(line):
            self.captions.append(line)
            if not self._fresh_appendix():
                self._attach_from_title(line)
                return
        if self.zone in ("body", "attachment") and BLOCK_END.match(line):
            self._start_signature()
        self._note_signature(line)
        if line[:1] in "“\"«" and _opens_quote(line):
            self.quote_depth = 1
            self.quote_started = lineno
        self._append(line)

    def _fresh_appendix(self) -> bool:
        return self.appendix is not None and not self.appendix.children and self.sink is self.appendix

    def _heading_line(self, lineno: int, line: str) -> bool:
        node = self.awaiting_heading
        if node is not None and node.kind == tree.ARTICLE:
            # "Điều 10. Lập" / "kế hoạch nhiệm vụ": an article's name hard-wrapped onto the next line.
            if line[0].islower() and node.heading[-1:] not in _CLOSING and self.heading_lines < 2:
                self.heading_lines += 1
                node.heading = f"{node.heading} {line}"
                return True
            return False
        if node is None or self.heading_lines >= 3 or not is_upperish(line) or _TERMINAL.search(line):
            return False
        self.heading_lines += 1
        if node.heading and line == node.heading:
            self._warn(lineno, f"heading of {node.marker or node.kind} repeated; the repeat is kept as its text")
            self.awaiting_heading = None
            self._append(line)
        else:
            node.heading = f"{node.heading} {line}".strip()
        return True

    def _note_signature(self, line: str) -> None:
        """Lines of the document's own signature block (not an appendix's) name its signer."""
        if self.zone == "signature" and self.appendix is None:
            self.signature_lines.append(line)

    def _start_signature(self) -> None:
        node = tree.Node(tree.SIGNATURE)
        self.signature = node
        self.container.append(node)
        self.stack = []
        self.sink = node
        self.zone = "signature"

    def _block_parent(self) -> tree.Node | None:
        """Where a new table or paragraph goes: the open unit, else the signature block it follows."""
        if self.stack:
            return self.stack[-1]
        return self.signature if self.zone == "signature" else None

    def _append(self, line: str) -> None:
        if self.sink is None:
            parent = self._block_parent()
            self.sink = tree.Node(tree.PARAGRAPH)
            (parent.children if parent else self.container).append(self.sink)
        self.sink.text = _continued(self.sink.text, line)

    # -- quotations ---------------------------------------------------------------------------

    def _quoted(self, line: str) -> None:
        self._append(line)
        self._note_signature(line)
        if _closes_quote(line):
            self.quote_depth = 0

    def _quote_escape(self, lineno: int, line: str) -> bool:
        """A long-open quotation met by the document's own next article: the closing mark was lost."""
        if lineno - self.quote_started < 30:
            return False
        marker = structural(line, self.vocab)
        if marker is None or marker.kind != tree.ARTICLE:
            return False
        last = self.last_key.get(tree.ARTICLE)
        if last is None or self._key(tree.ARTICLE, marker.num)[0] != last[0] + 1:
            return False
        self._warn(self.quote_started, "quotation opened here is not closed before the next article")
        self.quote_depth = 0
        return True

    # -- tables -------------------------------------------------------------------------------

    def _table_row(self, line: str) -> None:
        self.awaiting_heading = None
        if self.zone in ("body", "attachment") and (SIGNATURE_START.match(line) or _SIGNATURE_CELL.search(line)):
            self._start_signature()  # signature blocks are often laid out as a table
        if self.table is None:
            parent = self._block_parent()
            self.table = tree.Node(tree.TABLE)
            (parent.children if parent else self.container).append(self.table)
        row = table_row(line)
        self.table.text = f"{self.table.text}\n{row}" if self.table.text else row
        self._note_signature(line)

    def _close_table(self) -> None:
        if self.table is not None:
            self.table = None
            self.sink = None  # text after a table is a new paragraph after it, not the table's

    def _warn(self, lineno: int, message: str) -> None:
        self.warnings.append(tree.ParseWarning(lineno, message))


def _is_lone_label(line: str) -> bool:
    """"Chương" alone on its line, its number on the next."""
    return len(line) <= _LONE_LABEL_MAX and line in LONE_LABELS


def _continued(text: str, line: str) -> str:
    """A unit's text with one more line: a hard-wrapped sentence goes on after a space."""
    if not text:
        return line
    if text[-1] not in _CLOSING and line[0].islower():
        return f"{text} {line}"
    return f"{text}\n{line}"


def _reads_as_text(rest: str) -> bool:
    return len(rest) > 250 or (rest[-1:] in ".;:" and len(rest.split()) > 12)


def _opens_quote(line: str) -> bool:
    curly = line.count("“") + line.count("«") - line.count("”") - line.count("»")
    return curly > 0 or (curly == 0 and line.count('"') % 2 == 1)


def _closes_quote(line: str) -> bool:
    curly = line.count("”") + line.count("»") - line.count("“") - line.count("«")
    return curly > 0 or (curly == 0 and line.count('"') % 2 == 1)
