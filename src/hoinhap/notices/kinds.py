"""The kinds of notice and their words. A notice stores its kind and parameters; the words are
composed here, when shown or mailed, in the reader's language."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

REPORT_RETURNED = "report_returned"
REPORT_ACCEPTED = "report_accepted"
EXTENSION_APPROVED = "extension_approved"
EXTENSION_REFUSED = "extension_refused"
ROUND_OPENED = "round_opened"
COMMENT_ANSWERED = "comment_answered"

WORDS = {
    REPORT_RETURNED: _("Your report on task %(task)s was returned: %(reason)s"),
    REPORT_ACCEPTED: _("Your report on task %(task)s was accepted"),
    EXTENSION_APPROVED: _("The extension of task %(task)s to %(deadline)s was approved"),
    EXTENSION_REFUSED: _("The extension of task %(task)s was refused: %(reason)s"),
    ROUND_OPENED: _("%(organisation)s is invited to comment on %(draft)s until %(deadline)s"),
    COMMENT_ANSWERED: _("Your comment on %(draft)s was answered"),
}


def words(kind: str, params: dict[str, Any]) -> str:
    """The notice's sentence; parameters a kind does not use are ignored, missing ones shown as "—"."""
    template = WORDS.get(kind)
    if template is None:
        return str(kind)
    return str(template) % _Defaulting(params)


class _Defaulting(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "—"
