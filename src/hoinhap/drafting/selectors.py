"""Read side of drafting: lists, a provision's comments page by page, suggested groups, the redline,
the synoptic table, the timeline and what became of a commenter's comments.

What the public reads (docs/security.md, "What is public"): published versions only (the list counts
them, the comparisons compare them); comments under the name the commenter chose, or their
organisation's, never a user name."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Case, CharField, Count, F, Q, QuerySet, Value, When
from django.utils import timezone

from hoinhap.core.errors import NotFound
from hoinhap.core.models import AuditEntry, User
from hoinhap.drafting import clusters, stages
from hoinhap.drafting.documents import version_document
from hoinhap.drafting.models import Comment, CommentAnchor, ConsultationRound, Draft, Invitation, Stage, Version
from hoinhap.drafting.permissions import can_read_version, reads_unpublished
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
        raise NotFound(f"{draft.slug} has fewer than two versions to compare")
    old = numbers[-2] if old is None else old
    new = numbers[-1] if new is None else new
    if old not in readable or new not in readable:
        raise NotFound(f"{draft.slug} has no version {old if old not in readable else new}")
    return readable[old], readable[new]


def latest_version(draft: Draft, *, published_only: bool = False) -> Version | None:
    versions = draft.versions.all()
    if published_only:
        versions = versions.filter(status=Version.Status.PUBLISHED)
    return versions.order_by("-number").first()


def comments_at(version: Version, eid: str) -> QuerySet[Comment]:
    """Comments whose anchor in ``version`` is ``eid`` ("" for the whole draft), oldest first."""
    ids = CommentAnchor.objects.filter(version=version, eid=eid).values("comment_id")
    return (_named(Comment.objects.filter(pk__in=ids)).select_related("organisation", "response", "round", "author")
            .order_by("id"))


def provision_comments(version: Version, eid: str, page: int = 1, per_page: int = COMMENTS_PER_PAGE) -> Page:
    return Paginator(comments_at(version, eid).select_related("version", "author"), per_page).get_page(page)


def comment_counts(version: Version) -> dict[str, int]:
    rows = (CommentAnchor.objects.filter(version=version).exclude(state=redline.DELETED).values("eid")
            .annotate(n=Count("id"), unanswered=Count("id", filter=Q(comment__response__isnull=True))))
    return {row["eid"]: row["n"] for row in rows}


def lost_comments(version: Version) -> QuerySet[Comment]:
    ids = CommentAnchor.objects.filter(version=version, state=redline.DELETED).values("comment_id")
    return _named(Comment.objects.filter(pk__in=ids)).select_related("organisation", "response")


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


def redline_rows(old: Version, new: Version) -> list[RedlineRow]:
    pairs = redline.align(version_document(old), version_document(new))
    rows = []
    for pair in pairs:
        before = pair.old.text if pair.old else ""
        after = pair.new.text if pair.new else ""
        runs = redline.word_diff(before, after) if pair.changed else [("equal", after)]
        rows.append(RedlineRow(pair, runs))
    return rows


@dataclass
class SynopticRow:
    label: str
    current_law: str
    before: str
    after: str
    state: str
    comments: list[Comment] = field(default_factory=list)


def synoptic_rows(old: Version, new: Version) -> list[SynopticRow]:
    """Current law (if the draft amends one) / version N / version N+1 / comments and responses."""
    old_doc, new_doc = version_document(old), version_document(new)
    law = _current_law(old.draft)
    law_text = {}
    if law is not None:
        law_text = {p.new.eid: p.old.text for p in redline.align(law, old_doc) if p.old and p.new}
    comments: dict[str, list[Comment]] = {}
    for anchor in CommentAnchor.objects.filter(version=old).select_related(
            "comment__organisation", "comment__response", "comment__author"):
        key = redline.article_of(anchor.eid) or anchor.eid
        anchor.comment.display_name = display_name(anchor.comment)  # type: ignore[attr-defined]
        comments.setdefault(key, []).append(anchor.comment)
    rows = []
    for pair in redline.align(old_doc, new_doc):
        unit = pair.new or pair.old
        assert unit is not None
        old_eid = pair.old.eid if pair.old else ""
        rows.append(SynopticRow(f"Điều {unit.num}. {unit.heading}".strip(), law_text.get(old_eid, ""),
                                pair.old.text if pair.old else "", pair.new.text if pair.new else "", pair.state,
                                comments.get(old_eid, []) if pair.state != redline.SPLIT else []))
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


def my_comments(user: User) -> QuerySet[Comment]:
    """A commenter's comments with their response and their latest anchor: what became of them."""
    return (Comment.objects.filter(author=user).select_related("round__draft", "response", "organisation")
            .prefetch_related("anchors__version").order_by("-created_at"))


def draft_get(slug: str) -> Draft:
    draft = Draft.objects.filter(slug=slug).select_related("drafting_agency", "adopted_work").first()
    if draft is None:
        raise NotFound(f"no draft {slug!r}")
    return draft


def round_get(draft: Draft, number: int | None = None) -> ConsultationRound:
    rounds = draft.rounds.select_related("version", "draft")
    found = rounds.filter(number=number).first() if number else rounds.order_by("-number").first()
    if found is None:
        raise NotFound(f"{draft.slug} has no consultation round {number or ''}".strip())
    return found


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
