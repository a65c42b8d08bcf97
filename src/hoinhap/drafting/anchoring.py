"""Comments follow their provision through the provision map (``provision_map``): a comment keeps
only the version and eId it was made on, and its place in any later version is found by walking
the map, so a national-scale consultation needs one row per provision and version, not one per
comment and version: no row per comment (the former ``CommentAnchor`` table is gone)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F

from hoinhap.drafting.models import Comment, ConsultationRound, Response, Version
from hoinhap.drafting.provision_map import Place, walker_for


@dataclass(frozen=True)
class PlacedGroup:
    """Comments made on one provision of one version, and where they stand in the version walked to."""

    version_number: int
    eid: str
    place: Place
    total: int
    unanswered: int


def placed_groups(version: Version) -> list[PlacedGroup]:
    """Every (version, eId) commented on up to ``version``, with its visible comments counted and its
    place in ``version``: the walk is per distinct provision, not per comment.

    A comment's version is its round's, so the counts are grouped by (round, eId), which the
    ``(round, eid)`` index answers without reading the comments; hidden ones (few: moderation) and
    answered ones are then taken off."""
    rounds = dict(ConsultationRound.objects.filter(draft_id=version.draft_id, version__number__lte=version.number)
                  .values_list("pk", "version__number"))
    comments = Comment.objects.filter(round_id__in=list(rounds))
    totals = _counts(comments.values("round_id", "eid").annotate(n=Count("id")), rounds)
    hidden = _counts(comments.filter(hidden_at__isnull=False).values("round_id", "eid").annotate(n=Count("id")),
                     rounds)
    answered = _counts(Response.objects.filter(comment__in=comments.filter(hidden_at__isnull=True))
                       .values(round_id=F("comment__round_id"), eid=F("comment__eid")).annotate(n=Count("id")), rounds)
    walker = walker_for(version)
    groups = []
    for (number, eid), total in totals.items():
        place = walker.place(number, eid)
        if place is not None:
            visible = total - hidden.get((number, eid), 0)
            groups.append(PlacedGroup(number, eid, place, visible, visible - answered.get((number, eid), 0)))
    return groups


def _counts(rows: Iterable[dict[str, Any]], rounds: dict[int, int]) -> Counter[tuple[int, str]]:
    """``{(version number, eId): n}`` from rows counted per round (two rounds may share a version)."""
    counts: Counter[tuple[int, str]] = Counter()
    for row in rows:
        counts[(rounds[row["round_id"]], row["eid"])] += row["n"]
    return counts


def comment_place(comment: Comment, version: Version) -> Place | None:
    """Where ``comment`` stands in ``version`` (``None`` if made on a later version)."""
    return walker_for(version).place(comment.version.number, comment.eid)


def reanchor_comments(previous: Version, version: Version) -> dict[str, int]:
    """How the draft's comments stand in a new ``version``: the count per state, for the audit log.
    Nothing is copied; the map into a published version is stored when first needed."""
    del previous  # the walk starts from each comment's own version
    counts: Counter[str] = Counter()
    for group in placed_groups(version):
        counts[group.place.state] += group.total
    return dict(counts)
