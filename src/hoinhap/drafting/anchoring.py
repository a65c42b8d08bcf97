"""Comments follow their provision: when a version is created, every comment of the draft gets an
anchor in it, carried from its anchor in the previous version through the article alignment."""

from __future__ import annotations

from collections import Counter

from hoinhap.drafting.documents import version_document
from hoinhap.drafting.models import Comment, CommentAnchor, Version
from hoinhap.legal import redline, tree


def reanchor_comments(previous: Version, version: Version) -> dict[str, int]:
    """Create the anchors of ``version`` from those of ``previous``; returns the count per state."""
    anchors = list(CommentAnchor.objects.filter(version=previous).select_related("comment"))
    if not anchors:
        return {}
    old, new = version_document(previous), version_document(version)
    pairs = redline.align(old, new)
    rows = [_next_anchor(anchor, version, old, new, pairs) for anchor in anchors]
    CommentAnchor.objects.bulk_create(rows, batch_size=1000)
    return dict(Counter(row.state for row in rows))


def anchor_comment(comment: Comment) -> None:
    """A new comment's anchor in its own version, then carried into every later version that exists
    already (a late comment on an older version), by the same rule as ``reanchor_comments``."""
    anchor = CommentAnchor.objects.create(comment=comment, version=comment.version, eid=comment.eid,
                                          state=redline.UNCHANGED if comment.eid else redline.WHOLE)
    previous = comment.version
    for version in comment.round.draft.versions.filter(number__gt=previous.number).order_by("number"):
        old, new = version_document(previous), version_document(version)
        anchor = _next_anchor(anchor, version, old, new, redline.align(old, new))
        anchor.save()
        previous = version


def _next_anchor(anchor: CommentAnchor, version: Version, old: tree.Document, new: tree.Document,
                 pairs: list[redline.Pair]) -> CommentAnchor:
    """The comment's anchor in ``version`` (``new``), carried from ``anchor`` (in ``old``)."""
    comment = anchor.comment
    if anchor.state == redline.DELETED:
        found = redline.Anchor(None, redline.DELETED)
    elif not comment.eid:
        found = redline.Anchor(None, redline.WHOLE)
    else:
        found = _carry_state(anchor.state, redline.follow(old, new, pairs, anchor.eid, comment.quote))
    return CommentAnchor(comment=comment, version=version, eid=found.eid or "", state=found.state,
                         changed=found.changed or anchor.changed)


def _carry_state(previous_state: str, found: redline.Anchor) -> redline.Anchor:
    """A provision unchanged in this step keeps telling that it moved in an earlier one."""
    if found.state == redline.UNCHANGED and previous_state not in (redline.UNCHANGED, redline.WHOLE):
        return redline.Anchor(found.eid, previous_state, found.changed)
    return found
