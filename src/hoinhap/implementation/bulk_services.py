"""Tasks in bulk: export as CSV or XLSX (with each task's due date and bucket as of a date), and
import the same columns back, all or nothing: a row with an ``id`` updates that task's record
(title, lead, coordinators, output, deadline), a row without one adds a task to ``programme``.
Progress and completion are not columns: they go through reports and their review."""

from __future__ import annotations

import csv
import io
from datetime import date

from django.db import transaction

from hoinhap.core.errors import ValidationFailed
from hoinhap.core.models import Organisation, User
from hoinhap.core.services import log_action
from hoinhap.core.tables import read_rows
from hoinhap.implementation import selectors
from hoinhap.implementation.models import Programme, Task
from hoinhap.implementation.permissions import require_secretariat
from hoinhap.implementation.services import deadline_fields

COLUMNS = ("id", "programme", "number", "title", "lead", "coordinators", "output", "deadline_text", "due", "bucket")
EDITABLE = ("number", "title", "output", "deadline_text")
MAX_ROWS = 100_000


def export_rows(as_of: date, tasks: list[Task] | None = None) -> list[dict[str, str]]:
    source = tasks if tasks is not None else list(selectors.task_list(as_of).prefetch_related("coordinators"))
    return [{"id": str(t.pk), "programme": t.programme.slug, "number": t.number, "title": t.title, "lead": t.lead.code,
             "coordinators": "; ".join(sorted(o.code for o in t.coordinators.all())), "output": t.output,
             "deadline_text": t.deadline_text, "due": t.due.isoformat() if getattr(t, "due", None) else "",
             "bucket": getattr(t, "bucket", "")} for t in source]


def to_csv(rows: list[dict[str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(rows: list[dict[str, str]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Nhiem vu"
    sheet.append(list(COLUMNS))
    for row in rows:
        sheet.append([row[c] for c in COLUMNS])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@transaction.atomic
def tasks_import(*, actor: User | None, data: bytes, filename: str = "") -> dict[str, int]:
    require_secretariat(actor)
    rows = read_rows(data, filename)
    if len(rows) > MAX_ROWS:
        raise ValidationFailed(f"more than {MAX_ROWS} rows")
    missing = [c for c in ("title", "lead") if rows and c not in rows[0]]
    if missing:
        raise ValidationFailed(f"missing columns: {', '.join(missing)} (expected {', '.join(COLUMNS[:8])})")
    orgs = {o.code: o for o in Organisation.objects.all()}
    programmes = {p.slug: p for p in Programme.objects.all()}
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for number, row in enumerate(rows, start=2):
        try:
            counts[_apply(row, orgs, programmes)] += 1
        except ValidationFailed as error:
            raise ValidationFailed(f"{filename or 'file'}, row {number}: {error.message}") from error
    log_action(actor, "implementation.tasks.imported", None, {"file": filename, **counts})
    return counts


def _apply(row: dict[str, str], orgs: dict[str, Organisation], programmes: dict[str, Programme]) -> str:
    lead = orgs.get(row.get("lead", ""))
    if lead is None:
        raise ValidationFailed(f"unknown lead agency code {row.get('lead')!r}")
    coordinators = [c.strip() for c in row.get("coordinators", "").replace(",", ";").split(";") if c.strip()]
    unknown = [c for c in coordinators if c not in orgs]
    if unknown:
        raise ValidationFailed(f"unknown agency codes: {', '.join(unknown)}")
    if not row.get("title", "").strip():
        raise ValidationFailed("the title is empty")
    if row.get("id"):
        task = Task.objects.filter(pk=row["id"]).select_related("programme").first() if row["id"].isdigit() else None
        if task is None:
            raise ValidationFailed(f"no task {row['id']!r}")
    else:
        programme = programmes.get(row.get("programme", ""))
        if programme is None:
            raise ValidationFailed(f"a new task needs a known programme, not {row.get('programme')!r}")
        task = Task(programme=programme, lead=lead, title=row["title"])
    before = (task.pk, task.lead_id, *[getattr(task, f) for f in EDITABLE],
              sorted(o.code for o in task.coordinators.all()) if task.pk else None)
    for field in EDITABLE:
        if field in row:
            setattr(task, field, row[field].strip())
    for field, value in deadline_fields(task.deadline_text, task.programme).items():
        setattr(task, field, value)
    task.lead = lead
    after = (task.pk, task.lead_id, *[getattr(task, f) for f in EDITABLE], sorted(coordinators) if task.pk else None)
    if before == after:
        return "unchanged"
    created = task.pk is None
    task.save()
    task.coordinators.set([orgs[c] for c in coordinators if c != lead.code])
    return "created" if created else "updated"
