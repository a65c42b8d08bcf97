"""What follows adoption: the provisions of an adopted text that assign detailing to someone.

A law or a resolution of the National Assembly leaves part of its content to be detailed by other
bodies, in a few fixed shapes, all read here:

- active: "Chính phủ quy định chi tiết Điều này", "Bộ trưởng Bộ Y tế quy định chi tiết khoản 1 và
  khoản 2 Điều này", "Ủy ban Thường vụ Quốc hội quy định danh mục …", "Chính phủ quy định cụ thể …",
  "Chính phủ hướng dẫn thi hành Nghị quyết này", "Chính phủ, …, chính quyền địa phương cấp tỉnh theo
  thẩm quyền quy định chi tiết, hướng dẫn áp dụng …";
- passive, the subject first: "Trường hợp đặc biệt khác do Chính phủ quy định.";
- a duty listed under its holder: "5. Hội đồng nhân dân Thành phố có trách nhiệm sau đây: a) Quy
  định chi tiết nội dung được giao tại Nghị quyết này;".

The algorithm, per node of the tree (document order):

1. Split the node's own text into lines and each line into clauses at ";" (a clause ends an
   assignment: "Chính phủ quy định chi tiết Điều này; quy định hồ sơ, …" is one assignment).
2. In each clause look for the active shape (one or more authorities, then "quy định" or
   "hướng dẫn"), else the passive one ("do" + authorities + "quy định"). An authority is a name from
   ``AUTHORITIES`` or a minister ("Bộ trưởng Bộ …"); anything else before the verb is no assignment
   ("Luật này quy định", "đối tượng quy định tại").
3. The scope: for the active shape the references right after the verb ("Điều này", "khoản 3 Điều
   này", "các khoản 1, 6, 7 và 8 Điều này", "điểm a và điểm b khoản 2, khoản 3 Điều này"), resolved
   to eIds against the article and clause the text stands in; else the object's first words; for
   the passive shape the subject's last words.
   Text quoted by an amending law ("Sửa đổi Điều 22 như sau: “… Chính phủ quy định chi tiết Điều
   này.”") speaks of the amended law's article: its "Điều này" resolves to the amending provision
   that quotes it, the only place this tree has it.
4. The due date: the text's entry into force, read from "có hiệu lực thi hành từ ngày …" (the
   document's date for "từ ngày (được) thông qua"), else None.

Cost: one pass over the text, a few regular expressions per line.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from hoinhap.legal import tree
from hoinhap.legal.eids import eid_num
from hoinhap.legal.numbers import ISSUER_CODES

# Bodies that are given detailing, longest first so "Thủ tướng Chính phủ" wins over "Chính phủ".
AUTHORITIES = (
    "Thủ tướng Chính phủ", "Chính phủ", "Ủy ban Thường vụ Quốc hội", "Quốc hội",
    "Bộ trưởng, Thủ trưởng cơ quan ngang bộ", "Thủ trưởng cơ quan ngang bộ",
    "Thống đốc Ngân hàng Nhà nước Việt Nam", "Thống đốc Ngân hàng Nhà nước",
    "Hội đồng Thẩm phán Tòa án nhân dân tối cao", "Hội đồng thẩm phán Tòa án nhân dân tối cao",
    "Chánh án Tòa án nhân dân tối cao",
    "Viện trưởng Viện kiểm sát nhân dân tối cao", "Tổng Kiểm toán nhà nước",
    "Hội đồng nhân dân cấp tỉnh", "Hội đồng nhân dân Thành phố Hồ Chí Minh", "Hội đồng nhân dân thành phố Hà Nội",
    "Hội đồng nhân dân Thành phố", "Hội đồng nhân dân các cấp", "Hội đồng nhân dân",
    "Ủy ban nhân dân cấp tỉnh", "Ủy ban nhân dân cấp xã", "Ủy ban nhân dân Thành phố", "Ủy ban nhân dân",
    "chính quyền địa phương cấp tỉnh", "Cơ quan có thẩm quyền của Đảng Cộng sản Việt Nam",
    "Mặt trận Tổ quốc Việt Nam", "các cơ quan khác có thẩm quyền", "cơ quan khác có thẩm quyền",
)
# Codes of the bodies the issuer register knows by another name than the one a law uses.
_EXTRA_CODES = {"thủ tướng chính phủ": "TTg", "ủy ban thường vụ quốc hội": "UBTVQH",
                "thống đốc ngân hàng nhà nước": "NHNN", "thống đốc ngân hàng nhà nước việt nam": "NHNN",
                "hội đồng nhân dân cấp tỉnh": "HĐND", "ủy ban nhân dân cấp tỉnh": "UBND"}

_WORD = r"[^\W\d_]+"
# A minister: "Bộ trưởng Bộ Y tế", "Bộ trưởng Bộ Văn hóa, Thể thao và Du lịch"; the name ends where
# the verb or the next authority starts (the lazy repeat and the lookahead in the callers).
_MINISTER = rf"Bộ trưởng Bộ (?:{_WORD})(?:,? (?:và )?{_WORD}){{0,7}}?"
_NAMED = "|".join(re.escape(name) for name in sorted(AUTHORITIES, key=len, reverse=True))
_ONE = rf"(?:{_MINISTER}|{_NAMED})"
_SUBJECT = rf"(?P<subject>{_ONE}(?:\s*(?:,|và)\s*{_ONE})*)"
_VERB = (r"(?P<verb>quy định chi tiết(?:,? (?:và )?hướng dẫn(?: thi hành| áp dụng)?)?|quy định cụ thể"
         r"|hướng dẫn thi hành|hướng dẫn chi tiết|quy định)")
# The active shape: the authorities start the clause, or follow a comma ("Trường hợp …, Chính phủ
# quy định …"); "tại"/"của" after the verb is a reference to a rule, not a duty ("quy định tại khoản 1").
_ACTIVE = re.compile(rf"(?:^|,\s+|:\s+)(?:[Dd]o\s+)?{_SUBJECT}(?:\s+theo thẩm quyền)?\s+{_VERB}(?!\s+(?:tại|của)\b)"
                     rf"(?P<rest>.*)$", re.S)
_PASSIVE = re.compile(rf"\bdo\s+{_SUBJECT}(?:\s+theo thẩm quyền)?\s+{_VERB}(?!\s+(?:tại|của)\b)(?P<rest>.*)$", re.S)
# A duty listed under the body that holds it ("a) Quy định chi tiết nội dung được giao …").
_LISTED = re.compile(r"^(?P<verb>Quy định chi tiết|Quy định(?= nội dung được giao)|Hướng dẫn thi hành)\b(?P<rest>.*)$", re.S)
_HOLDER = re.compile(rf"^{_SUBJECT}\s+(?:có|chịu) (?:trách nhiệm|nhiệm vụ)")

_MARKER = re.compile(r"^\s*(?:\d{1,3}[a-zđ]?\.|[a-zđ]\d?\))\s*")
_QUOTES_OPEN = "“\""
_SCOPE_WORDS = 14  # words kept of a scope given in words, enough to tell two assignments apart

_REFERENCE_START = re.compile(r"^\s*(?:các\s+)?(?:điểm|khoản|Điều)\b")
_REF_TOKEN = re.compile(
    r"\s*(?:(?P<sep>,|và|các)|(?P<kw>điểm|khoản|Điều)\s+(?P<num>này|\d{1,3}[a-zđ]?|[a-zđ]\d?)"
    r"|(?P<bare>\d{1,3}[a-zđ]?|[a-zđ]\d?)(?=\s|,|$|;|\.))", re.U)
_ENTRY_INTO_FORCE = re.compile(r"có hiệu lực(?: thi hành)? (?:kể )?từ ngày\s+(?:(?P<day>\d{1,2}) tháng (?P<month>\d{1,2})"
                               r" năm (?P<year>\d{4})|(?P<adopted>(?:được\s+)?(?:Quốc hội\s+)?thông qua))")


@dataclass(frozen=True, slots=True)
class Obligation:
    """One assignment of detailing.

    :ivar provision: the eId of the node whose text assigns it.
    :ivar authority: the body (or bodies) as written ("Bộ trưởng Bộ Y tế").
    :ivar authority_codes: the issuer code of each body the register knows ("BYT"), in order.
    :ivar scope: the eIds of the provisions it names, resolved; empty when it names words, not provisions.
    :ivar scope_text: the scope as written ("khoản 3 Điều này"), or the subject's words.
    :ivar due: the text's entry into force, if the text says it.
    :ivar form: ``active``, ``passive`` or ``listed``.
    :ivar sentence: the clause that assigns it.
    """

    provision: str
    authority: str
    authority_codes: tuple[str, ...]
    scope: tuple[str, ...]
    scope_text: str
    due: date | None
    form: str
    sentence: str = field(compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {"provision": self.provision, "authority": self.authority,
                "authority_codes": list(self.authority_codes), "scope": list(self.scope),
                "scope_text": self.scope_text, "due": self.due.isoformat() if self.due else None,
                "form": self.form, "sentence": self.sentence}


@dataclass(frozen=True, slots=True)
class _Place:
    """Where a text stands: its node, article and clause, the document's articles by number, and
    whether the text is quoted (an amending law's new text)."""

    node: tree.Node
    article: tree.Node | None
    clause: tree.Node | None
    articles: dict[str, tree.Node]
    quoted: bool


def detailing_obligations(document: tree.Document) -> list[Obligation]:
    """Every assignment of detailing in ``document``, in document order."""
    due = entry_into_force(document)
    articles: dict[str, tree.Node] = {}
    for numbered in document.articles():
        articles.setdefault(eid_num(numbered.num), numbered)  # an amended text quoted later keeps the first
    found: list[Obligation] = []
    for node, article, clause, parent in _nodes(document):
        found.extend(_node_obligations(node, article, clause, parent, articles, due))
    return found


def _nodes(document: tree.Document) -> Iterator[tuple[tree.Node, tree.Node | None, tree.Node | None, tree.Node | None]]:
    def visit(node: tree.Node, article: tree.Node | None, clause: tree.Node | None,
              parent: tree.Node | None) -> Iterator[tuple[tree.Node, tree.Node | None, tree.Node | None, tree.Node | None]]:
        article = node if node.kind == tree.ARTICLE else article
        clause = node if node.kind == tree.CLAUSE else clause
        if node.kind not in (tree.PREFACE, tree.PREAMBLE, tree.SIGNATURE, tree.TABLE):
            yield node, article, clause, parent
        for child in node.children:
            yield from visit(child, article, clause, node)

    for top in document.body:
        yield from visit(top, None, None, None)


def _node_obligations(node: tree.Node, article: tree.Node | None, clause: tree.Node | None, parent: tree.Node | None,
                      articles: dict[str, tree.Node], due: date | None) -> Iterator[Obligation]:
    quoted = False
    for line in node.text.split("\n"):
        unquoted = line.lstrip().lstrip(_QUOTES_OPEN)
        body = _MARKER.sub("", unquoted, count=1)
        place = _Place(node, article, clause, articles, quoted=quoted or unquoted != line.lstrip())
        for sentence in _clauses(body):
            obligation = _read(sentence, place, parent, due)
            if obligation is not None:
                yield obligation
                break  # one assignment per line: "; quy định …" goes on with the same authority
        quoted = _still_quoted(quoted, line)


def _still_quoted(quoted: bool, line: str) -> bool:
    """Whether a quotation is open after ``line``: “ opens, ” closes, a straight quote toggles."""
    for char in line:
        if char == "“":
            quoted = True
        elif char == "”":
            quoted = False
        elif char == '"':
            quoted = not quoted
    return quoted


def _clauses(line: str) -> list[str]:
    return [part.strip() for part in line.split(";") if part.strip()]


def _read(sentence: str, place: _Place, parent: tree.Node | None, due: date | None) -> Obligation | None:
    text = sentence.strip().lstrip(_QUOTES_OPEN).strip()
    active = _ACTIVE.search(text)
    if active and not active.group(0).lstrip(", :").startswith(("do ", "Do ")):
        scope, scope_text = _active_scope(active.group("rest"), place)
        return _obligation(place, active.group("subject"), scope, scope_text, due, "active", sentence)
    passive = _PASSIVE.search(text)
    if passive:
        words = _subject_words(text[:passive.start()])
        return _obligation(place, passive.group("subject"), (), words, due, "passive", sentence)
    listed = _LISTED.match(text)
    holder = _HOLDER.match(_MARKER.sub("", parent.text.split("\n")[0])) if listed and parent is not None else None
    if listed and holder:
        scope, scope_text = _active_scope(listed.group("rest"), place)
        return _obligation(place, holder.group("subject"), scope, scope_text, due, "listed", sentence)
    return None


def _obligation(place: _Place, subject: str, scope: tuple[str, ...], scope_text: str, due: date | None,
                form: str, sentence: str) -> Obligation:
    return Obligation(provision=place.node.eid, authority=subject.strip(), authority_codes=authority_codes(subject),
                      scope=scope, scope_text=scope_text, due=due, form=form, sentence=sentence.strip())


def authority_codes(subject: str) -> tuple[str, ...]:
    """The issuer code of each body named in ``subject`` that the register knows, in the order
    written ("Bộ trưởng Bộ Công an, Bộ trưởng Bộ Quốc phòng" → BCA, BQP). Longer names are taken
    first and blanked out, so "Thủ tướng Chính phủ" does not also count as "Chính phủ"."""
    text = _fold(subject)
    found: list[tuple[int, str]] = []
    for name, code in _NAMES_BY_LENGTH:
        for match in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text):
            found.append((match.start(), code))
            text = text[:match.start()] + " " * len(name) + text[match.end():]
    return tuple(dict.fromkeys(code for _, code in sorted(found)))


_BETWEEN_AUTHORITIES = re.compile(rf"\s*(?:,|\bvà\b)\s*(?=(?:Bộ trưởng Bộ |{_NAMED}))")


def authority_names(subject: str) -> list[str]:
    """The bodies of a subject, one by one: split only before a body's name, so "Bộ trưởng Bộ Văn
    hóa, Thể thao và Du lịch" stays one."""
    return [name.strip() for name in _BETWEEN_AUTHORITIES.split(subject) if name.strip()]


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFC", text).lower().replace("uỷ", "ủy")
    return " ".join(text.split())


_NAMES_BY_LENGTH = sorted(({_fold(name): code for code, name in ISSUER_CODES.items()} | _EXTRA_CODES).items(),
                          key=lambda item: len(item[0]), reverse=True)


def _active_scope(rest: str, place: _Place) -> tuple[tuple[str, ...], str]:
    """The provisions named right after the verb, resolved; else the object's first words."""
    rest = rest.strip()
    if _REFERENCE_START.match(rest):
        eids, consumed = _references(rest, place)
        if consumed:
            return eids, rest[:consumed].strip().rstrip(",")
    return (), _first_words(re.sub(r"^(?:và|,)\s+", "", rest))


def _first_words(text: str) -> str:
    text = re.split(r"[.;]\s*(?:$|[\"”])|;", text.strip().strip("\"”."), maxsplit=1)[0]
    return " ".join(text.split()[:_SCOPE_WORDS])


def _subject_words(before: str) -> str:
    """The passive shape's subject: the last words before "do" (a comma may stand inside the
    subject: "các điểm a, b, c, d và đ khoản này")."""
    text = _MARKER.sub("", before).strip().lstrip(_QUOTES_OPEN)
    return " ".join(text.split()[-_SCOPE_WORDS:])


def _references(text: str, place: _Place) -> tuple[tuple[str, ...], int]:
    """Read "điểm a và điểm b khoản 2, khoản 3 Điều này" at the start of ``text``: the eIds and how
    many characters were read (0 if no article or "khoản này" closes it).

    Points wait for their clause and clauses for their article: a keyword sets the kind of the bare
    numbers after it ("các khoản 1, 6, 7 và 8")."""
    pending_points: list[str] = []
    units: list[tuple[str, list[str]]] = []
    eids: list[str] = []
    mode, position, consumed = "", 0, 0
    while True:
        token = _REF_TOKEN.match(text, position)
        if token is None or token.end() == position:
            break
        position = token.end()
        if token.group("sep"):
            continue
        kind = token.group("kw") or mode
        num = token.group("num") or token.group("bare")
        if not kind:
            break
        mode = kind
        if kind == "điểm":
            pending_points.append(num)
        elif kind == "khoản" and num == "này":
            eids += _resolve(place, None, [("này", pending_points)])
            pending_points, units, consumed = [], [], position
        elif kind == "khoản":
            units.append((num, pending_points))
            pending_points = []
        else:  # an article closes the references read so far
            eids += _resolve(place, num, units or [("", pending_points)])
            pending_points, units, consumed, mode = [], [], position, ""
    return tuple(dict.fromkeys(eids)), consumed


def _resolve(place: _Place, article_num: str | None, units: list[tuple[str, list[str]]]) -> list[str]:
    """eIds of clause/point ``units`` of an article ("này" or a number; None: this clause's article)."""
    if place.quoted:
        return [place.node.eid]  # the quoted article is not in this tree; its holder is
    article = place.article if article_num in (None, "này") else place.articles.get(eid_num(article_num or ""))
    if article is None:
        return []
    eids: list[str] = []
    for clause_num, points in units:
        target = place.clause if clause_num == "này" else (_child(article, tree.CLAUSE, clause_num) if clause_num
                                                          else article)
        if target is None:
            continue
        if not points:
            eids.append(target.eid)
        eids += [pt.eid for pt in (_child(target, tree.POINT, p) for p in points) if pt is not None]
    return eids


def _child(node: tree.Node, kind: str, num: str) -> tree.Node | None:
    key = eid_num(num)
    return next((c for c in node.children if c.kind == kind and eid_num(c.num) == key), None)


def entry_into_force(document: tree.Document) -> date | None:
    """The date the text enters into force, from its "có hiệu lực thi hành từ ngày …" sentence."""
    for node in document.walk():
        match = _ENTRY_INTO_FORCE.search(node.text) or _ENTRY_INTO_FORCE.search(node.heading)
        if match is None or "Luật này" not in node.text and "Nghị quyết này" not in node.text \
                and "này có hiệu lực" not in node.text:
            continue
        if match.group("adopted"):
            return document.meta.date
        try:
            return date(int(match.group("year")), int(match.group("month")), int(match.group("day")))
        except ValueError:
            return None
    return None
