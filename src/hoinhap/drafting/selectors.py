"""Read side of drafting: lists, a provision's comments page by page, suggested groups, the redline,
the synoptic table, the timeline and what became of a commenter's comments.

What the public reads (docs/security.md, "What is public"): published versions only (the list counts
them, the comparisons compare them); comments under the name the commenter chose, or their
organisation's, never a user name."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Case, CharField, Count, F, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from hoinhap.core.errors import NotFound
from hoinhap.core.models import AuditEntry, User
from hoinhap.drafting import clusters, stages
from hoinhap.drafting.anchoring import PlacedGroup, placed_groups
from hoinhap.drafting.documents import version_document
from hoinhap.drafting.models import (
    Comment,
    ConsultationRound,
    Draft,
    Invitation,
    ResponseRevision,
    Stage,
    Version,
    VersionProvision,
)
from hoinhap.drafting.permissions import can_read_version, reads_unpublished
from hoinhap.drafting.provision_map import walker_for
from hoinhap.drafting.report_data import ConsultationReport, build_report, frozen_report
from hoinhap.legal import redline, tree

COMMENTS_PER_PAGE = 20
PUBLIC_COMMENTER = "Người dân"  # a public comment whose only name would be its author's user name


def display_name(comment: Comment) -> str:
    """The name a comment is shown under: its organisation's, else the name the commenter gave; never
    a user name (comments stored before hoinhap stopped recording it, for a signed-in commenter who gave
    no name, carry it)."""
    if comment.organisation is not None:
        return comment.organisation.name
    author = comment.author if comment.author_id else None
    if not comment.author_name or (author is not None and comment.author_name == author.username):
        return PUBLIC_COMMENTER
    return comment.author_name


def _named(comments: QuerySet[Comment]) -> QuerySet[Comment]:
    """``comments`` annotated with ``display_name`` (as ``display_name`` computes it), for the pages."""
    name = Case(When(organisation__isnull=False, then=F("organisation__name")),
                When(Q(author_name="") | Q(author__username=F("author_name")), then=Value(PUBLIC_COMMENTER)),
                default=F("author_name"), output_field=CharField())
    return comments.annotate(display_name=name)


SYSTEM = "system"  # the reader of an in-process caller (the CLI): reads every version


def draft_rows(reader: User | None | str = SYSTEM) -> list[dict[str, Any]]:
    """The drafts; ``versions`` counts the versions ``reader`` may read (published ones for the public)."""
    drafts = Draft.objects.annotate(n_versions=Count("versions", distinct=True),
                                    n_published=Count("versions", filter=Q(versions__status=Version.Status.PUBLISHED),
                                                      distinct=True),
                                    n_comments=Count("rounds__comments", distinct=True)).order_by("slug")
    return [{"slug": d.slug, "title": d.title,
             "versions": d.n_versions if reader == SYSTEM or reads_unpublished(reader, d) else d.n_published,  # type: ignore[arg-type]
             "comments": d.n_comments,
             "illustrative": d.is_illustrative, "adopted": d.adopted_work.number if d.adopted_work else None}
            for d in drafts.select_related("adopted_work")]


def readable_versions(draft: Draft, reader: User | None) -> list[Version]:
    """The versions of ``draft`` that ``reader`` may read, oldest first."""
    return [v for v in draft.versions.select_related("draft").order_by("number") if can_read_version(reader, v)]


def comparison_pair(draft: Draft, reader: User | None, old: int | None = None,
                    new: int | None = None) -> tuple[Version, Version]:
    """Two versions ``reader`` may read, by number; by default the last two it may read (for the
    public, the last two published). ``NotFound`` when one is absent or unreadable."""
    readable = {v.number: v for v in readable_versions(draft, reader)}
    numbers = sorted(readable)
    if len(numbers) < 2 and (old is None or new is None):
        raise NotFound(_("%(slug)s has fewer than two versions to compare") % {"slug": draft.slug})
    old = numbers[-2] if old is None else old
    new = numbers[-1] if new is None else new
    if old not in readable or new not in readable:
        raise NotFound(_("%(slug)s has no version %(value)s")
                       % {"slug": draft.slug, "value": old if old not in readable else new})
    return readable[old], readable[new]


def latest_version(draft: Draft, *, published_only: bool = False) -> Version | None:
    versions = draft.versions.all()
    if published_only:
        versions = versions.filter(status=Version.Status.PUBLISHED)
    return versions.order_by("-number").first()


def _keys_q(groups: list[PlacedGroup]) -> Q:
    """Comments made on any of ``groups``' provisions: one ``eid IN`` per version commented on."""
    by_version: dict[int, list[str]] = {}
    for group in groups:
        by_version.setdefault(group.version_number, []).append(group.eid)
    query = Q(pk__in=[])
    for number, eids in by_version.items():
        query |= Q(version__number=number, eid__in=eids)
    return query


def _placed(version: Version, groups: list[PlacedGroup], hidden: bool = False) -> QuerySet[Comment]:
    comments = Comment.objects.filter(_keys_q(groups), round__draft_id=version.draft_id)
    if not hidden:
        comments = comments.filter(hidden_at__isnull=True)
    return (_named(comments).select_related("organisation", "response", "round", "author", "version")
            .order_by("id"))


def _within(eid: str, root: str) -> bool:
    return eid == root or eid.startswith(f"{root}__")


def comments_at(version: Version, eid: str, *, hidden: bool = False) -> QuerySet[Comment]:
    """Comments (made on this or an earlier version) whose provision is now ``eid`` itself ("" for the
    whole draft), oldest first; hidden ones too with ``hidden`` (for the committee)."""
    groups = [g for g in placed_groups(version) if not g.place.lost and g.place.eid == eid]
    return _placed(version, groups, hidden)


def comments_under(version: Version, eid: str, *, hidden: bool = False) -> QuerySet[Comment]:
    """Comments on ``eid`` and everything under it (an article's clauses and points), across versions."""
    if not eid:
        return comments_at(version, "", hidden=hidden)
    groups = [g for g in placed_groups(version) if not g.place.lost and _within(g.place.eid, eid)]
    return _placed(version, groups, hidden)


def with_places(version: Version, comments: Iterable[Comment]) -> list[Comment]:
    """``comments``, each with ``place``: where it stands in ``version`` (eId, state, words changed)."""
    walker = walker_for(version)
    placed = list(comments)
    for comment in placed:
        comment.place = walker.place(comment.version.number, comment.eid)  # type: ignore[attr-defined]
    return placed


def provision_comments(version: Version, eid: str, page: int = 1, per_page: int = COMMENTS_PER_PAGE,
                       *, subtree: bool = False, hidden: bool = False) -> Page:
    """A page of the comments on ``eid`` (with ``subtree``, on it and everything under it); each
    carries its ``place`` in ``version``."""
    comments = comments_under(version, eid, hidden=hidden) if subtree else comments_at(version, eid, hidden=hidden)
    found = Paginator(comments, per_page).get_page(page)
    found.object_list = with_places(version, found.object_list)
    return found


@dataclass(frozen=True)
class Tally:
    total: int = 0
    unanswered: int = 0


def comment_tallies(version: Version) -> dict[str, Tally]:
    """Comments per provision of ``version``, each counted on its provision and on every provision
    above it (an article counts its clauses' comments); "" counts those on the whole draft."""
    tallies: dict[str, Tally] = {}
    for group in placed_groups(version):
        if group.place.lost or not group.total:
            continue
        for eid in _self_and_ancestors(group.place.eid):
            now = tallies.get(eid, Tally())
            tallies[eid] = Tally(now.total + group.total, now.unanswered + group.unanswered)
    return tallies


def _self_and_ancestors(eid: str) -> list[str]:
    """"chp_I__art_2__cl_1" → ["chp_I", "chp_I__art_2", "chp_I__art_2__cl_1"]: an eId's prefixes are
    its ancestors' eIds; "" (the whole draft) stays itself."""
    parts = eid.split("__")
    return ["__".join(parts[:n]) for n in range(1, len(parts) + 1)] if eid else [""]


def comment_counts(version: Version) -> dict[str, int]:
    return {eid: tally.total for eid, tally in comment_tallies(version).items()}


def lost_comments(version: Version) -> QuerySet[Comment]:
    """Comments whose provision was deleted on the way to ``version``."""
    return _placed(version, [g for g in placed_groups(version) if g.place.lost])


def article_states(version: Version) -> dict[str, str]:
    """What happened to each article of ``version`` since the previous version: the state of the
    provision map step into it (``inserted`` for an article nothing maps to); empty for version 1."""
    if version.number == 1:
        return {}
    states: dict[str, str] = {}
    for from_eid, step in walker_for(version).step(version.number).items():
        if step.to_eid and redline.article_of(from_eid) == from_eid and redline.article_of(step.to_eid) == step.to_eid:
            states.setdefault(step.to_eid, step.state)
    return {article.eid: states.get(article.eid, redline.INSERTED) for article in version_document(version).articles()}


def provision_choices(version: Version) -> list[tuple[str, str]]:
    """Every article, clause and point of ``version`` as (eId, "Điều 5, khoản 2, điểm a"), in
    document order, for choosing a provision by its label."""
    names = {tree.ARTICLE: "Điều", tree.CLAUSE: "khoản", tree.POINT: "điểm"}
    choices: list[tuple[str, str]] = []

    def visit(node: tree.Node, trail: list[str]) -> None:
        name = names.get(node.kind)
        here = [*trail, f"{name} {node.num}"] if name else trail
        if name:
            label = ", ".join(here)
            choices.append((node.eid, f"{label}. {node.heading}" if node.kind == tree.ARTICLE and node.heading
                            else label))
        for child in node.children:
            visit(child, here)

    for node in version_document(version).body:
        visit(node, [])
    return choices


def answer_history(comment_ids: list[int]) -> dict[int, list[ResponseRevision]]:
    """Each comment's answers as given, revised and withdrawn, oldest first."""
    history: dict[int, list[ResponseRevision]] = {}
    for revision in ResponseRevision.objects.filter(comment_id__in=comment_ids).select_related(
            "drafter", "change_version"):
        history.setdefault(revision.comment_id, []).append(revision)
    return history


@dataclass(frozen=True)
class QueueFilters:
    article: str = ""  # an article's eId in the version, WHOLE_DRAFT for the whole draft
    organisation: str = ""  # an organisation's code
    kind: str = ""  # "public" or "institutional"
    round: int | None = None


WHOLE_DRAFT = "toan-bo"


def unanswered_queue(version: Version, filters: QueueFilters = QueueFilters()) -> list[Comment]:
    """The unanswered (visible) comments of the draft up to ``version``, in the order of the
    provisions where they now stand in ``version`` (whole-draft comments first, those whose
    provision was deleted last), then by commenter; each with ``place`` and ``article_eid``."""
    groups = [g for g in placed_groups(version) if g.unanswered]
    if filters.article:
        groups = [g for g in groups if not g.place.lost and _article_key(g.place.eid) == filters.article]
    comments = _placed(version, groups).filter(response__isnull=True)
    if filters.kind in ("public", "institutional"):
        comments = comments.filter(is_public=filters.kind == "public")
    if filters.organisation:
        comments = comments.filter(organisation__code=filters.organisation)
    if filters.round:
        comments = comments.filter(round__number=filters.round)
    order = {node.eid: index for index, node in enumerate(version_document(version).walk(), start=1)}
    placed = with_places(version, comments)
    for comment in placed:
        place = comment.place  # type: ignore[attr-defined]
        comment.article_eid = "" if place.lost else _article_key(place.eid)  # type: ignore[attr-defined]
    return sorted(placed, key=lambda c: (c.place.lost, order.get(c.article_eid, 0),  # type: ignore[attr-defined]
                                         c.display_name, c.pk))  # type: ignore[attr-defined]


def _article_key(eid: str) -> str:
    return (redline.article_of(eid) or eid) if eid else WHOLE_DRAFT


def suggested_groups(comments: list[Comment]) -> list[list[Comment]]:
    """Unanswered near-duplicates among ``comments``, to review and answer together."""
    open_ = [c for c in comments if not hasattr(c, "response")]
    return [[open_[i] for i in group] for group in clusters.groups([c.text for c in open_])]


def not_yet_responded(round_: ConsultationRound) -> QuerySet[Invitation]:
    return round_.invitations.filter(responded_at__isnull=True).select_related("organisation")


@dataclass
class RedlineRow:
    pair: redline.Pair
    runs: list[tuple[str, str]]
    index: int = 0  # the row's place in the comparison, for its anchor on the page

    @property
    def unchanged(self) -> bool:
        """Kept where it was with the same words: folded away on the page."""
        return self.pair.state == redline.KEPT and not self.pair.changed


def redline_rows(old: Version, new: Version) -> list[RedlineRow]:
    pairs = redline.align(version_document(old), version_document(new))
    rows = []
    for index, pair in enumerate(pairs, start=1):
        before = pair.old.text if pair.old else ""
        after = pair.new.text if pair.new else ""
        runs = redline.word_diff(before, after) if pair.changed else [("equal", after)]
        rows.append(RedlineRow(pair, runs, index))
    return rows


def redline_sections(rows: list[RedlineRow]) -> list[tuple[bool, list[RedlineRow]]]:
    """``rows`` in runs: ``(True, rows)`` for consecutive unchanged articles (folded together on the
    page), ``(False, [row])`` for each article that changed in any way."""
    sections: list[tuple[bool, list[RedlineRow]]] = []
    for row in rows:
        if row.unchanged and sections and sections[-1][0]:
            sections[-1][1].append(row)
        else:
            sections.append((row.unchanged, [row]))
    return sections


@dataclass
class SynopticRow:
    label: str
    current_law: str
    before: str
    after: str
    state: str
    comments: list[Comment] = field(default_factory=list)
    number: int = 0  # the row's ordinal in the table
    old_label: str = ""  # "Điều 2" in the old version, "" for an inserted article
    new_label: str = ""  # "Điều 3" in the new version, "" for a deleted one
    changed: bool = False
    runs: list[tuple[str, str]] = field(default_factory=list)  # the word diff, old → new

    @property
    def rounds(self) -> list[tuple[int, list[Comment]]]:
        """The comments by consultation round, in round order."""
        by_round: dict[int, list[Comment]] = {}
        for comment in self.comments:
            by_round.setdefault(comment.round.number, []).append(comment)
        return sorted(by_round.items())


def synoptic_rows(old: Version, new: Version) -> list[SynopticRow]:
    """Current law (if the draft amends one) / version N / version N+1 / comments and responses: the
    comments made up to version N that stand in the row's article of version N."""
    old_doc, new_doc = version_document(old), version_document(new)
    law = _current_law(old.draft)
    law_text = {}
    if law is not None:
        law_text = {p.new.eid: p.old.text for p in redline.align(law, old_doc) if p.old and p.new}
    comments: dict[str, list[Comment]] = {}
    for comment in with_places(old, _placed(old, [g for g in placed_groups(old) if not g.place.lost])):
        place = comment.place  # type: ignore[attr-defined]
        comment.display_name = display_name(comment)  # type: ignore[attr-defined]
        comments.setdefault(redline.article_of(place.eid) or place.eid, []).append(comment)
    rows = []
    for number, pair in enumerate(redline.align(old_doc, new_doc), start=1):
        unit = pair.new or pair.old
        assert unit is not None
        old_eid = pair.old.eid if pair.old else ""
        before, after = pair.old.text if pair.old else "", pair.new.text if pair.new else ""
        rows.append(SynopticRow(
            f"Điều {unit.num}. {unit.heading}".strip(), law_text.get(old_eid, ""), before, after, pair.state,
            comments.get(old_eid, []) if pair.state != redline.SPLIT else [], number,
            f"Điều {pair.old.num}" if pair.old else "", f"Điều {pair.new.num}" if pair.new else "", pair.changed,
            redline.word_diff(before, after) if pair.changed else [("equal", after)]))
    return rows


def _current_law(draft: Draft) -> tree.Document | None:
    if draft.amends is None:
        return None
    expression = draft.amends.expressions.filter(language="vi").first()
    return tree.Document.from_dict(expression.tree) if expression else None


@dataclass
class TimelineStage:
    stage: Stage
    name: str
    requires: list[tuple[str, str, bool]]  # (kind, name, present)


def timeline(draft: Draft, language: str = "vi") -> list[TimelineStage]:
    specs = {spec.code: spec for spec in stages.configured().scheme(draft.stage_scheme)}
    schemes = stages.configured()
    rows = []
    for stage in draft.stages.select_related("version").prefetch_related("documents"):
        spec = specs.get(stage.code)
        present = {doc.kind for doc in stage.documents.all()}
        requires = [(kind, schemes.document_name(kind, language), kind in present)
                    for kind in (spec.requires if spec else ())]
        rows.append(TimelineStage(stage, spec.name(language) if spec else stage.code, requires))
    return rows


def draft_history(draft: Draft, limit: int = 50) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(action__startswith="drafting.", data__isnull=False).filter(
        Q(target_type="drafting.draft", target_id=str(draft.pk))
        | Q(target_type="drafting.version", target_id__in=[str(pk) for pk in draft.versions.values_list("pk", flat=True)])
        | Q(target_type="drafting.stage", target_id__in=[str(pk) for pk in draft.stages.values_list("pk", flat=True)])
        | Q(target_type="drafting.consultationround",
            target_id__in=[str(pk) for pk in draft.rounds.values_list("pk", flat=True)])
    ).select_related("actor")[:limit]


def my_comments(user: User) -> list[Comment]:
    """A commenter's comments with their response and, in ``places``, where each stands in every
    published version from its own on (``(version, place)``): what became of them."""
    comments = list(Comment.objects.filter(author=user).select_related("round__draft", "response", "organisation",
                                                                      "version").order_by("-created_at"))
    published: dict[int, list[Version]] = {}
    for comment in comments:
        draft_id = comment.round.draft_id
        if draft_id not in published:
            published[draft_id] = list(Version.objects.filter(draft_id=draft_id, status=Version.Status.PUBLISHED)
                                       .select_related("draft").order_by("number"))
        comment.places = [(version, walker_for(version).place(comment.version.number, comment.eid))  # type: ignore[attr-defined]
                          for version in published[draft_id] if version.number >= comment.version.number]
    return comments


def draft_get(slug: str) -> Draft:
    draft = Draft.objects.filter(slug=slug).select_related("drafting_agency", "adopted_work").first()
    if draft is None:
        raise NotFound(_("no draft %(slug)r") % {"slug": slug})
    return draft


def round_get(draft: Draft, number: int | None = None) -> ConsultationRound:
    rounds = draft.rounds.select_related("version", "draft")
    found = rounds.filter(number=number).first() if number is not None else rounds.order_by("-number").first()
    if found is None:
        raise NotFound(_("%(slug)s has no consultation round %(number)s") % {"slug": draft.slug, "number": number}
                       if number is not None else _("%(slug)s has no consultation round") % {"slug": draft.slug})
    return found


def version_get(draft: Draft, number: int, reader: User | None) -> Version:
    """Version ``number`` of ``draft`` if ``reader`` may read it; otherwise not found (an unpublished
    version's existence is not revealed)."""
    version = draft.versions.filter(number=number).first()
    if version is None or not can_read_version(reader, version):
        raise NotFound(_("%(slug)s has no version %(number)s") % {"slug": draft.slug, "number": number})
    return version


def provision_get(version: Version, eid: str) -> VersionProvision:
    provision = version.provisions.filter(eid=eid).first()
    if provision is None:
        raise NotFound(_("Version %(number)s has no provision %(eid)s.") % {"number": version.number, "eid": eid})
    return provision


def stage_get(draft: Draft, code: str) -> Stage:
    stage = draft.stages.filter(code=code).select_related("version").first()
    if stage is None:
        raise NotFound(_("%(slug)s has no dossier stage %(code)s.") % {"slug": draft.slug, "code": code})
    return stage


def comment_get(slug: str, pk: int) -> Comment:
    """Comment ``pk`` on the draft ``slug``, with its round, version and answer."""
    comment = (Comment.objects.filter(pk=pk, round__draft__slug=slug)
               .select_related("round__draft", "version", "response").first())
    if comment is None:
        raise NotFound(_("%(slug)s has no comment %(pk)s") % {"slug": slug, "pk": pk})
    return comment


def report_day(round_: ConsultationRound) -> date:
    """The date a report is dated: the day its round was frozen (in Vietnam), else today."""
    return timezone.localdate(round_.frozen_at) if round_.frozen_at else timezone.localdate()


def round_report(round_: ConsultationRound) -> tuple[ConsultationReport, bool]:
    """The frozen report of a frozen round (what was recorded), the live one otherwise."""
    frozen = frozen_report(round_)
    return (frozen, True) if frozen is not None else (build_report(round_), False)


def consultations_on(day: date) -> list[dict[str, Any]]:
    """Rounds in consultation on ``day`` (opened, report not yet frozen by then), soonest deadline
    first, as plain data for the overview: deadline, comments, unanswered, organisations waited for."""
    rounds = (ConsultationRound.objects.filter(opens_on__lte=day)
              .filter(Q(frozen_at__isnull=True) | Q(frozen_at__date__gt=day))
              .select_related("draft", "version").order_by("deadline")
              .annotate(n_comments=Count("comments", filter=Q(comments__created_at__date__lte=day), distinct=True)))
    rows = []
    for round_ in rounds:
        waiting = round_.invitations.filter(Q(responded_at__isnull=True) | Q(responded_at__date__gt=day)).count()
        rows.append({"draft": round_.draft.slug, "title": round_.draft.title, "round": round_.number,
                     "version": round_.version.number, "deadline": round_.deadline.isoformat(),
                     "overdue": day > round_.deadline, "public": round_.public, "comments": round_.n_comments,
                     "not_yet_responded": waiting, "illustrative": round_.draft.is_illustrative})
    return rows
