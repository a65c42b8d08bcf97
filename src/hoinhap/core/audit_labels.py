"""What the audit log's action codes and details say to a person.

Codes stay as they are in the database, the API and the CSV for machines (``drafting.round.opened``);
people read "Mở đợt lấy ý kiến". A code is ``area.object.verb``: the label is made from the verb and the
object, so a new code needs only its words here (``tests/core/test_audit_labels.py`` fails on a code
used in the source whose words are missing).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

OBJECTS: dict[str, Any] = {
    "membership": pgettext_lazy("audit", "a role"),
    "organisation": pgettext_lazy("audit", "an organisation"),
    "token": pgettext_lazy("audit", "an API token"),
    "user": pgettext_lazy("audit", "an account"),
    "work": pgettext_lazy("audit", "a document"),
    "comment": pgettext_lazy("audit", "a comment"),
    "draft": pgettext_lazy("audit", "a draft"),
    "invitation": pgettext_lazy("audit", "an invited organisation"),
    "letter": pgettext_lazy("audit", "an official letter"),
    "provision": pgettext_lazy("audit", "a provision"),
    "report": pgettext_lazy("audit", "a report"),
    "round": pgettext_lazy("audit", "a consultation round"),
    "stage": pgettext_lazy("audit", "a stage"),
    "version": pgettext_lazy("audit", "a version"),
    "bottleneck": pgettext_lazy("audit", "a bottleneck"),
    "extension": pgettext_lazy("audit", "a deadline extension"),
    "meeting": pgettext_lazy("audit", "a meeting"),
    "programme": pgettext_lazy("audit", "a programme"),
    "detailing_programme": pgettext_lazy("audit", "a programme of detailing documents"),
    "detailing": pgettext_lazy("audit", "the document detailing a provision"),
    "succession": pgettext_lazy("audit", "an agency succession"),
    "task": pgettext_lazy("audit", "a task"),
    "tasks": pgettext_lazy("audit", "tasks"),
    "indicator": pgettext_lazy("audit", "an indicator"),
    "observations": pgettext_lazy("audit", "indicator figures"),
    "partnership": pgettext_lazy("audit", "a partnership"),
    "mail": pgettext_lazy("audit", "an e-mail"),
    "agenda": pgettext_lazy("audit", "an agenda item"),
    "conclusion": pgettext_lazy("audit", "a conclusion notice"),
    "directive": pgettext_lazy("audit", "a directive"),
    "event": pgettext_lazy("audit", "an event"),
    "figure": pgettext_lazy("audit", "a reported figure"),
    "member": pgettext_lazy("audit", "a member"),
    "milestone": pgettext_lazy("audit", "a milestone"),
    "plan": pgettext_lazy("audit", "a work plan"),
    "personal_data": pgettext_lazy("audit", "a person's data"),
    "register": pgettext_lazy("audit", "the register of member agencies"),
    "regime": pgettext_lazy("audit", "a reporting regime"),
    "period_report": pgettext_lazy("audit", "a periodic report"),
    "requirement": pgettext_lazy("audit", "a requirement"),
    "requirements": pgettext_lazy("audit", "requirements"),
    "coverage": pgettext_lazy("audit", "a requirement coverage link"),
    "session": pgettext_lazy("audit", "a National Assembly session"),
    "session_conclusion": pgettext_lazy("audit", "a session's conclusion"),
    "opinion": pgettext_lazy("audit", "a National Assembly opinion"),
}
VERBS: dict[str, Any] = {
    "granted": pgettext_lazy("audit", "Granted"),
    "revoked": pgettext_lazy("audit", "Revoked"),
    "created": pgettext_lazy("audit", "Created"),
    "merged": pgettext_lazy("audit", "Merged"),
    "updated": pgettext_lazy("audit", "Updated"),
    "deactivated": pgettext_lazy("audit", "Deactivated"),
    "reactivated": pgettext_lazy("audit", "Reactivated"),
    "changed": pgettext_lazy("audit", "Changed"),
    "deleted": pgettext_lazy("audit", "Deleted"),
    "imported": pgettext_lazy("audit", "Imported"),
    "reimported": pgettext_lazy("audit", "Imported again"),
    "added": pgettext_lazy("audit", "Added"),
    "answered": pgettext_lazy("audit", "Answered"),
    "answer_revised": pgettext_lazy("audit", "Revised the answer to"),
    "answer_withdrawn": pgettext_lazy("audit", "Withdrew the answer to"),
    "hidden": pgettext_lazy("audit", "Hid"),
    "unhidden": pgettext_lazy("audit", "Showed again"),
    "adopted": pgettext_lazy("audit", "Adopted"),
    "reminded": pgettext_lazy("audit", "Reminded"),
    "split": pgettext_lazy("audit", "Split into comments"),
    "conflict": pgettext_lazy("audit", "Edit conflict on"),
    "edited": pgettext_lazy("audit", "Edited"),
    "inserted": pgettext_lazy("audit", "Inserted"),
    "moved": pgettext_lazy("audit", "Moved"),
    "signed": pgettext_lazy("audit", "Signed"),
    "closed": pgettext_lazy("audit", "Closed"),
    "extended": pgettext_lazy("audit", "Extended"),
    "frozen": pgettext_lazy("audit", "Froze"),
    "opened": pgettext_lazy("audit", "Opened"),
    "bound": pgettext_lazy("audit", "Bound a version to"),
    "document_added": pgettext_lazy("audit", "Added a document to"),
    "published": pgettext_lazy("audit", "Published"),
    "requested": pgettext_lazy("audit", "Requested"),
    "approved": pgettext_lazy("audit", "Approved"),
    "refused": pgettext_lazy("audit", "Refused"),
    "extracted": pgettext_lazy("audit", "Extracted"),
    "submitted": pgettext_lazy("audit", "Submitted"),
    "accepted": pgettext_lazy("audit", "Accepted"),
    "returned": pgettext_lazy("audit", "Returned"),
    "applied": pgettext_lazy("audit", "Applied"),
    "escalated": pgettext_lazy("audit", "Escalated"),
    "recorded": pgettext_lazy("audit", "Recorded"),
    "failed": pgettext_lazy("audit", "Failed:"),
    "lead_assigned": pgettext_lazy("audit", "Assigned the lead of"),
    "exported": pgettext_lazy("audit", "Exported"),
    "erased": pgettext_lazy("audit", "Erased"),
    "expired": pgettext_lazy("audit", "Anonymised on expiry"),
    "viewed": pgettext_lazy("audit", "Viewed"),
    "clearance_set": pgettext_lazy("audit", "Set the security clearance of"),
    "classified": pgettext_lazy("audit", "Set the classification of"),
    "self_exported": pgettext_lazy("audit", "Downloaded, through the follow link,"),
    "corrected": pgettext_lazy("audit", "Corrected, through the follow link,"),
    "self_erased": pgettext_lazy("audit", "Erased, through the follow link,"),
    "expanded": pgettext_lazy("audit", "Assigned to each member agency"),
    "proposed": pgettext_lazy("audit", "Proposed"),
    "confirmed": pgettext_lazy("audit", "Confirmed"),
    "rejected": pgettext_lazy("audit", "Rejected"),
    "completed": pgettext_lazy("audit", "Completed"),
}
# Keys of the details (``AuditEntry.data``) as people name them; other keys are shown as they are.
DETAILS: dict[str, Any] = {
    "role": _("role"), "roles": _("roles"), "organisation": _("organisation"), "password": _("password set"),
    "tokens_revoked": _("tokens revoked"), "held_on": _("held on"), "deadline": _("deadline"),
    "old_deadline": _("previous deadline"), "new_deadline": _("new deadline"), "version": _("version"),
    "round": _("round"), "reason": _("reason"), "disposition": _("disposition"), "eid": _("provision"),
    "number": _("number"), "status": _("status"), "count": _("count"), "error": _("error"),
    "link": _("link"), "extent": _("extent"), "previous": _("previous value"), "partner": _("partner"),
    "level": pgettext_lazy("audit detail", "level"), "when": _("when"), "uncertain": _("uncertain"),
    "file": _("file"), "rows": _("rows"), "tasks": pgettext_lazy("audit", "tasks"), "work": _("work"),
    "field": _("field"), "state": _("state"), "kind": _("kind"), "slug": _("identifier"),
}
# Stored codes shown in words, by the detail they are the value of (the models' own choice labels;
# core imports no domain app, so the words are repeated here, translated by the same catalogue entries).
VALUES: dict[tuple[str, str], Any] = {
    ("extent", "full"): _("Covers fully"), ("extent", "partial"): _("Covers partly"),
    ("state", "proposed"): _("Proposed"), ("state", "confirmed"): _("Confirmed"), ("state", "rejected"): _("Rejected"),
    ("kind", "drafting.report"): _("Comment-response report"),
    ("kind", "implementation.periodic_report"): _("Periodic task report"),
}


def action_label(code: str) -> str:
    """"drafting.round.opened" → "Opened a consultation round" (in the active language); an unknown
    code is shown as it is, never hidden."""
    parts = code.split(".")
    if parts[0] == "admin" and len(parts) >= 3:
        return f"{_('Administration')}: {VERBS.get(parts[-1], parts[-1])} {'.'.join(parts[1:-1])}"
    if len(parts) < 3 or parts[-1] not in VERBS or parts[-2] not in OBJECTS:
        return code
    return f"{VERBS[parts[-1]]} {OBJECTS[parts[-2]]}"


def detail_items(data: object) -> list[tuple[str, str]]:
    """The details as (label, value) pairs for a page: lists joined, booleans as yes/no."""
    if not isinstance(data, dict):
        return [] if data in (None, "", {}) else [("", str(data))]
    items = []
    for key, value in data.items():
        if isinstance(value, bool):
            shown = str(_("yes") if value else _("no"))
        elif isinstance(value, (list, tuple)):
            shown = ", ".join(str(v) for v in value)
        elif isinstance(value, dict):  # nested details read as "label: value; …", not as Python's dict text
            shown = "; ".join(f"{label}: {text}" if label else text for label, text in detail_items(value))
        else:
            shown = "" if value is None else str(VALUES.get((key, str(value)), value))
        items.append((str(DETAILS.get(key, key)), shown))
    return items
