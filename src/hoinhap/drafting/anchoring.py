"""Comments follow their provision: when a version is created, every comment of the draft gets an
anchor in it, carried from its anchor in the previous version through the article alignment."""

from __future__ import annotations

from collections import Counter

from hoinhap.drafting.documents import version_document
from hoinhap.drafting.models import Comment, CommentAnchor, Version
from hoinhap.legal import redline


def reanchor_comments(previous: Version, version: Version) -> dict[str, int]:
    """Create the anchors of ``version`` from those of ``previous``; returns the count per state."""
    anchors = list(CommentAnchor.objects.filter(version=previous).select_related("comment"))
    if not anchors:
        return {}
    old, new = version_document(previous), version_document(version)
    pairs = redline.align(old, new)
    rows = []
    for anchor in anchors:
        comment = anchor.comment
        if anchor.state == redline.DELETED:
            found = redline.Anchor(None, redline.DELETED)
        elif not comment.eid:
            found = redline.Anchor(None, redline.WHOLE)
        else:
            found = redline.follow(old, new, pairs, anchor.eid, comment.quote)
            found = _carry_state(anchor.state, found)
        rows.append(CommentAnchor(comment=comment, version=version, eid=found.eid or "", state=found.state,
                                  changed=found.changed or anchor.changed))
    CommentAnchor.objects.bulk_create(rows, batch_size=1000)
    return dict(Counter(row.state for row in rows))


def _carry_state(previous_state: str, found: redline.Anchor) -> redline.Anchor:
    """A provision unchanged in this step keeps telling that it moved in an earlier one."""
    if found.state == redline.UNCHANGED and previous_state not in (redline.UNCHANGED, redline.WHOLE):
        return redline.Anchor(found.eid, previous_state, found.changed)
    return found


def anchor_in(comment: Comment, version: Version) -> CommentAnchor | None:
    return CommentAnchor.objects.filter(comment=comment, version=version).first()
