"""The overview: one read that gathers what each part of the platform holds, as plain data for the
page and the JSON alike: tasks by status bucket and overdue by agency, drafts in consultation,
indicators against their targets, partner counts, the corpus, recent changes (staff only). The task
counts are aggregates, public unless ``HOINHAP_PUBLIC_TASK_COUNTS`` is off (then None for anonymous
readers, and the page hides their tiles); how long the overdue are overdue is in ``overdue.py``."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from hoinhap.core.audit_labels import action_label
from hoinhap.core.models import AuditEntry, User
from hoinhap.corpus.models import Work
from hoinhap.drafting.selectors import consultations_on
from hoinhap.implementation import selectors as tasks
from hoinhap.indicators.indicator_selectors import indicator_rows
from hoinhap.indicators.selectors import partner_counts
from hoinhap.overview.overdue import most_overdue, with_longest_delay
from hoinhap.steering.coverage_selectors import coverage_totals
from hoinhap.steering.selectors import upcoming_events

RECENT = 10
AGENCIES = 8


def overview(as_of: date, *, with_changes: bool, reader: User | None = None) -> dict[str, Any]:
    """``with_changes``: include the latest audit entries (staff only: the log is not public);
    ``reader``: the user asking (None: anonymous), for the task counts."""
    counts_visible = tasks.counts_visible(reader)
    # the corpus tile as of the date: the documents issued by then (an undated one is counted always)
    works = Work.objects.filter(Q(date__lte=as_of) | Q(date__isnull=True))
    types = works.values("doc_type").annotate(n=Count("id")).order_by("-n", "doc_type")
    data: dict[str, Any] = {
        "as_of": as_of.isoformat(),
        "partners": partner_counts(as_of),
        "tasks": tasks.status_counts(as_of, reader=reader) if counts_visible else None,
        "overdue_by_agency": with_longest_delay(tasks.overdue_by_agency(as_of, reader=reader, limit=AGENCIES), as_of,
                                                reader) if counts_visible else [],
        "most_overdue": most_overdue(as_of, reader),
        "consultations": consultations_on(as_of),
        "indicators": indicator_rows(as_of),
        "events": _events(as_of, reader),
        "coverage": coverage_totals(reader=reader),
        "corpus": {"documents": works.count(), "in_force": works.filter(status=Work.Status.IN_FORCE).count(),
                   "by_type": {row["doc_type"] or "—": row["n"] for row in types}},
    }
    if with_changes:
        data["recent_changes"] = [_change(entry) for entry in AuditEntry.objects.select_related("actor")[:RECENT]]
    return data


def _change(entry: AuditEntry) -> dict[str, Any]:
    """An audit entry for people (the action in words) and for machines (the code, the target's type and id,
    which the audit page filters on)."""
    return {"when": entry.created_at.isoformat(), "on": timezone.localdate(entry.created_at).isoformat(),
            "actor": entry.actor.username if entry.actor else None,
            "action": entry.action, "action_label": str(action_label(entry.action)),
            "target": entry.target_repr, "target_type": entry.target_type, "target_id": entry.target_id}


def _events(as_of: date, reader: User | None) -> list[dict[str, Any]]:
    """The events the country hosts, until held, with the days left before the first day they may
    start (0 once that day has come)."""
    return [{**event, "days_left": max((date.fromisoformat(event["starts_on"]) - as_of).days, 0)}
            for event in upcoming_events(as_of, reader=reader)]
