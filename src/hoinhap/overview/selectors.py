"""The overview: one read that gathers what each part of the platform holds, as plain data for the
page and the JSON alike: tasks by status bucket and overdue by agency, drafts in consultation,
indicators against their targets, partner counts, the corpus, recent changes (staff only). The task
counts are aggregates, public unless ``HOINHAP_PUBLIC_TASK_COUNTS`` is off (then None for anonymous
readers, and the page hides their tiles)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count

from hoinhap.core.models import AuditEntry, User
from hoinhap.corpus.models import Work
from hoinhap.drafting.selectors import consultations_on
from hoinhap.implementation import selectors as tasks
from hoinhap.indicators.indicator_selectors import indicator_rows
from hoinhap.indicators.selectors import partner_counts

RECENT = 10
AGENCIES = 8


def overview(as_of: date, *, with_changes: bool, reader: User | None = None) -> dict[str, Any]:
    """``with_changes``: include the latest audit entries (staff only: the log is not public);
    ``reader``: the user asking (None: anonymous), for the task counts."""
    counts_visible = tasks.counts_visible(reader)
    types = Work.objects.values("doc_type").annotate(n=Count("id")).order_by("-n", "doc_type")
    data: dict[str, Any] = {
        "as_of": as_of.isoformat(),
        "partners": partner_counts(as_of),
        "tasks": tasks.status_counts(as_of, reader=reader) if counts_visible else None,
        "overdue_by_agency": tasks.overdue_by_agency(as_of, reader=reader, limit=AGENCIES) if counts_visible else [],
        "consultations": consultations_on(as_of),
        "indicators": indicator_rows(as_of),
        "corpus": {"documents": Work.objects.count(), "in_force": Work.objects.filter(status=Work.Status.IN_FORCE).count(),
                   "by_type": {row["doc_type"] or "—": row["n"] for row in types}},
    }
    if with_changes:
        data["recent_changes"] = [
            {"when": entry.created_at.isoformat(), "actor": entry.actor.username if entry.actor else None,
             "action": entry.action, "target": entry.target_repr}
            for entry in AuditEntry.objects.select_related("actor")[:RECENT]]
    return data
