"""Read side of the public's pages: a published version as one page (table of contents, every
article, clause and point with its label), the provisions a comment can be made on, the answered and
hidden comments shown beside the text, and a followed comment's state.

Hidden comments are never shown with their words to the public: only "hidden: <reason>"."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db.models import Q

from hoinhap.drafting.documents import version_document
from hoinhap.drafting.models import Comment, Version
from hoinhap.drafting.provision_map import walker_for
from hoinhap.drafting.selectors import display_name
from hoinhap.legal import tree

COMMENTABLE = (tree.ARTICLE, tree.CLAUSE, tree.POINT)
CONTENTS = (tree.PART, tree.CHAPTER, tree.SECTION, tree.SUBSECTION, tree.ARTICLE)
SHOWN_PER_PROVISION = 10  # answered comments shown beside one provision; the provision page has them all
SHOWN_AT_MOST = 3000  # on the whole page, so a national-scale consultation still renders quickly
WHOLE_DRAFT = "Toàn bộ dự thảo"
_NAMES = {tree.ARTICLE: "Điều", tree.CLAUSE: "khoản", tree.POINT: "điểm"}


@dataclass(frozen=True)
class Provision:
    eid: str
    label: str  # "Điều 5, khoản 2, điểm a"
    depth: int


def _labelled(nodes: list[tree.Node], trail: tuple[str, ...], depth: int) -> Iterator[tuple[tree.Node, str, int]]:
    for node in nodes:
        name = _NAMES.get(node.kind)
        here = (*trail, f"{name} {node.num}") if name else trail
        yield node, ", ".join(here), depth
        yield from _labelled(node.children, here, depth + 1)


def provisions(document: tree.Document) -> list[Provision]:
    """Every article, clause and point in document order, labelled as the report reads them."""
    return [Provision(node.eid, label, depth) for node, label, depth in _labelled(document.body, (), 0)
            if node.kind in COMMENTABLE and node.eid]


def provision_choices(document: tree.Document) -> list[tuple[str, str]]:
    """The comment form's choices: the whole draft, then every provision."""
    return [("", WHOLE_DRAFT), *((p.eid, p.label) for p in provisions(document))]


def labels(document: tree.Document) -> dict[str, str]:
    return {p.eid: p.label for p in provisions(document)}


@dataclass(frozen=True)
class ContentsEntry:
    eid: str
    title: str
    kind: str


def contents(document: tree.Document) -> list[ContentsEntry]:
    """The table of contents: parts, chapters, sections and articles, with their headings."""
    rows = []
    for node, _parent, _depth in document.flatten():
        if node.kind in CONTENTS and node.eid:
            title = f"{node.marker} {node.heading}".strip() if node.marker else node.heading
            rows.append(ContentsEntry(node.eid, title or node.eid, node.kind))
    return rows


@dataclass
class Shown:
    """What the public sees of the comments on one provision of the page."""

    comments: list[Comment] = field(default_factory=list)
    more: int = 0  # answered comments not shown here (see the provision page)


def answered_on_page(version: Version) -> dict[str, Shown]:
    """The answered comments (and the hidden ones, as placeholders) placed on each provision of
    ``version`` ("" for the whole draft), made on it or on an earlier version; each carries
    ``display_name``. At most ``SHOWN_PER_PROVISION`` per provision."""
    comments = (Comment.objects.filter(round__draft_id=version.draft_id, version__number__lte=version.number)
                .filter(Q(response__isnull=False) | Q(hidden_at__isnull=False))
                .select_related("organisation", "response", "author", "version", "round").order_by("id"))
    walker = walker_for(version)
    shown: dict[str, Shown] = {}
    for comment in comments[:SHOWN_AT_MOST]:
        place = walker.place(comment.version.number, comment.eid)
        if place is None or place.lost:
            continue
        box = shown.setdefault(place.eid, Shown())
        if len(box.comments) >= SHOWN_PER_PROVISION:
            box.more += 1
            continue
        comment.display_name = display_name(comment)  # type: ignore[attr-defined]
        box.comments.append(comment)
    return shown


@dataclass(frozen=True)
class Followed:
    comment: Comment
    state: str  # received | answered | hidden
    provision: str  # its label in the version it was made on
    name: str


def followed(comment: Comment) -> Followed:
    """A followed comment, its state and the label of the provision it was made on."""
    if comment.hidden_at:
        state = "hidden"
    elif hasattr(comment, "response"):
        state = "answered"
    else:
        state = "received"
    label = labels(version_document(comment.version)).get(comment.eid, WHOLE_DRAFT) if comment.eid else WHOLE_DRAFT
    return Followed(comment, state, label, display_name(comment))
