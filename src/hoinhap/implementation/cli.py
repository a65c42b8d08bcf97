"""``hoinhap tasks …``, ``hoinhap programmes …``, ``hoinhap remind`` and ``hoinhap report tasks``."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from hoinhap.core.cli import gettext_lazy, prepared
from hoinhap.formatting import date_table, number
from hoinhap.implementation.buckets import BUCKETS
from hoinhap.implementation.regime_cli import add_commands as add_regime_commands
from hoinhap.indicators.cli import as_of_date


def add_commands(sub: Any, reports: Any, prepare: Callable[[], None]) -> None:
    def run(func: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
        return prepared(prepare, func)

    tasks = sub.add_parser("tasks", help=gettext_lazy("tasks: status as of a date, bulk export and import"))
    commands = task_commands = tasks.add_subparsers(dest="tasks_command", required=True)
    p = commands.add_parser("status", help=gettext_lazy("counts per status bucket and the list, as of a date"))
    p.add_argument("--as-of", type=as_of_date, help=gettext_lazy("YYYY-MM-DD (default: today)"))
    p.add_argument("--agency", help=gettext_lazy("an organisation code (its predecessors' tasks included)"))
    p.add_argument("--programme", help=gettext_lazy("a programme's slug"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run(_status))
    p = commands.add_parser("export",
                            help=gettext_lazy("tasks as CSV or XLSX (by the file's suffix), with due date and bucket"))
    p.add_argument("-o", "--output", type=Path, required=True)
    p.add_argument("--as-of", type=as_of_date)
    p.set_defaults(func=run(_export))
    p = commands.add_parser("import", help=gettext_lazy("update or add tasks from CSV or XLSX, all or nothing"))
    p.add_argument("file", type=Path)
    p.set_defaults(func=run(_import))
    programmes = sub.add_parser("programmes", help=gettext_lazy("action programmes, plans and meeting conclusions"))
    commands = programme_commands = programmes.add_subparsers(dest="programmes_command", required=True)
    p = commands.add_parser("list", help=gettext_lazy("programmes with their counts per bucket"))
    p.add_argument("--as-of", type=as_of_date)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run(_programmes))
    p = commands.add_parser("extract",
                            help=gettext_lazy("a new programme with the tasks of a corpus document (its task table)"))
    p.add_argument("slug")
    p.add_argument("document", help=gettext_lazy("the document's number or slug in the corpus, or a .md/.txt/.docx file"))
    p.add_argument("--title")
    p.add_argument("--in-force-from", type=as_of_date, help=gettext_lazy("anchor of relative deadlines"))
    p.add_argument("--dry-run", action="store_true", help=gettext_lazy("print what would be stored (tasks, leads, deadlines "
                   "read, warnings, the heading map), store nothing"))
    p.add_argument("--json", action="store_true", help=gettext_lazy("with --dry-run: the preview as JSON"))
    p.set_defaults(func=run(_extract))
    from hoinhap.implementation import detailing_cli

    detailing_cli.add_commands(commands, run)
    add_regime_commands(sub, task_commands, programme_commands, run)  # collective tasks, the reporting regime
    p = sub.add_parser("remind",
                       help=gettext_lazy("daily (cron): queue task reminders and escalation, consultation reminders"))
    p.add_argument("--date", type=as_of_date, help=gettext_lazy("YYYY-MM-DD (default: today)"))
    p.set_defaults(func=run(_remind))
    p = reports.add_parser("tasks", help=gettext_lazy("the periodic report on tasks (Decree 09 cut-offs), Word or XLSX"))
    p.add_argument("--period", choices=("month", "quarter", "half", "year"), default="month")
    p.add_argument("--as-of", type=as_of_date, help=gettext_lazy("a day in the period (default: today)"))
    p.add_argument("--programme")
    p.add_argument("--format", choices=("docx", "xlsx"), default="docx")
    p.add_argument("-o", "--output", type=Path, required=True)
    p.set_defaults(func=run(_report))


def _today(value: date | None) -> date:
    from django.utils import timezone

    return value or timezone.localdate()


def _scope(args: argparse.Namespace) -> dict[str, Any]:
    from hoinhap.core.errors import NotFound
    from hoinhap.core.models import Organisation
    from hoinhap.implementation.selectors import programme_get

    scope: dict[str, Any] = {}
    if getattr(args, "agency", None):
        scope["agency"] = Organisation.objects.filter(code=args.agency).first()
        if scope["agency"] is None:
            raise NotFound(_("no organisation %(agency)r") % {"agency": args.agency})
    if getattr(args, "programme", None):
        scope["programme"] = programme_get(args.programme)
    return scope


def _status(args: argparse.Namespace) -> int:
    from hoinhap.implementation import selectors

    as_of, scope = _today(args.as_of), _scope(args)
    counts = selectors.status_counts(as_of, **scope)
    tasks = [selectors.task_row(t, as_of) for t in selectors.task_list(as_of, **scope)]
    if args.json:
        print(json.dumps({"as_of": as_of.isoformat(), "counts": counts, "tasks": tasks}, ensure_ascii=False, indent=1))
        return 0
    from rich.console import Console
    from rich.table import Table

    console = Console(highlight=False)
    console.print(_("tasks as of %(date)s: %(counts)s")
                  % {"date": date_table(as_of), "counts": ", ".join(f"{k} {counts[k]}" for k in BUCKETS)})
    table = Table(_("id"), _("lead"), _("due"), _("bucket"), _("task"))
    for row in tasks:
        table.add_row(str(row["id"]), row["lead"], row["due"] or row["deadline_text"], row["bucket"], row["title"][:70])
    console.print(table)
    return 0


def _export(args: argparse.Namespace) -> int:
    from hoinhap.implementation.bulk_services import export_rows, to_csv, to_xlsx

    rows = export_rows(_today(args.as_of))
    args.output.write_bytes(to_xlsx(rows) if args.output.suffix.lower() == ".xlsx" else to_csv(rows))
    print(_("wrote %(path)s (%(n)s tasks)") % {"path": args.output, "n": number(len(rows))}, file=sys.stderr)
    return 0


def _import(args: argparse.Namespace) -> int:
    from hoinhap.core.services import system_actor
    from hoinhap.implementation.bulk_services import tasks_import

    counts = tasks_import(actor=system_actor(), data=args.file.read_bytes(), filename=args.file.name)
    print(", ".join(f"{v} {k}" for k, v in counts.items()), file=sys.stderr)
    return 0


def _programmes(args: argparse.Namespace) -> int:
    from hoinhap.implementation.selectors import programme_rows

    rows = programme_rows(_today(args.as_of))
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    for row in rows:
        counts = ", ".join(f"{k} {row['counts'][k]}" for k in BUCKETS)
        print(f"{row['slug']}  [{row['kind']}]  {row['title'][:60]}  ({counts})")
    return 0


def _extract(args: argparse.Namespace) -> int:
    """A new programme with the document's tasks, all or nothing; ``--dry-run`` stores nothing."""
    from django.db import transaction

    from hoinhap.core.services import system_actor
    from hoinhap.implementation import services

    work, document, text = _extract_source(args.document)
    actor = system_actor()
    title = args.title or (work.title if work else "") or (document.meta.title if document else "") or args.slug
    with transaction.atomic():
        programme = services.programme_create(actor=actor, slug=args.slug, title=title, work=work,
                                              effective_from=args.in_force_from)
        if args.dry_run:
            preview = services.extraction_preview(programme=programme, document=document, text=text)
            transaction.set_rollback(True)  # the programme existed only to read the document against
            _print_preview(preview, as_json=args.json)
            return 0
        result = services.programme_extract(actor=actor, programme=programme, document=document, text=text)
    for warning in result.warnings:
        print(_("warning: %(warning)s") % {"warning": warning}, file=sys.stderr)
    print(_("%(programme)s: %(tasks)s tasks; %(agencies)s agencies added to the register")
          % {"programme": programme.slug, "tasks": len(result.tasks), "agencies": len(result.created_agencies)},
          file=sys.stderr)
    return 0


def _extract_source(name: str) -> tuple[Any, Any, str | None]:
    """The corpus work, or a file read as the import reads it (its text kept for the tables)."""
    path = Path(name)
    if path.suffix.lower() in (".md", ".txt", ".docx", ".xml", ".pdf") and path.is_file():
        from hoinhap.corpus.reading import read_as_received

        return None, *read_as_received(path.read_bytes(), path.name)
    from hoinhap.corpus.selectors import work_get

    return work_get(name), None, None


def _print_preview(preview: dict[str, Any], *, as_json: bool) -> None:
    if as_json:
        print(json.dumps(preview, ensure_ascii=False, indent=1))
        return
    for table in preview["tables"]:
        heads = "; ".join(f"{h['heading']!r} → {h['read_as']}" for h in table["headings"])
        print(_("table %(index)s (%(layout)s, line %(line)s): %(tasks)s tasks, %(groups)s groups. %(headings)s")
              % {"index": table["index"], "layout": table["layout"], "line": table["line"], "tasks": table["tasks"],
                 "groups": table["groups"], "headings": heads})
    for task in preview["tasks"]:
        due = task["deadline"] or task["deadline_kind"]
        print(f"{task['number'] or '-':>6}  {task['lead'][:40]:<40}  {due:<16}  {task['title'][:70]}")
    for warning in preview["warnings"]:
        print(_("warning: %(warning)s") % {"warning": warning}, file=sys.stderr)
    print(_("%(n)s tasks from %(source)s (dry run: nothing stored)") % {"n": len(preview["tasks"]),
                                                                         "source": preview["source"]}, file=sys.stderr)


def _remind(args: argparse.Namespace) -> int:
    """Only queue the day's work (the worker takes the steps and sends the mail); queuing twice the
    same day sends once."""
    from django.utils import timezone

    from hoinhap.drafting.jobs import reminders_enqueue
    from hoinhap.implementation import status_cache
    from hoinhap.implementation.jobs import steps_enqueue

    today = _today(args.date)
    if today == timezone.localdate():  # today's status counts built now, not by the day's first reader
        status_cache.build(today)
    steps = steps_enqueue(today)
    for task, step, due in steps:
        print(_("queued task %(task)s: %(step)s (due %(due)s)") % {"task": task.pk, "step": step, "due": date_table(due)})
    invitations = reminders_enqueue(today)
    for round_, invitation in invitations:
        print(_("queued %(slug)s round %(round)s: reminder to %(organisation)s") % {
            "slug": round_.draft.slug, "round": round_.number, "organisation": invitation.organisation.code})
    print(_("%(steps)s task steps, %(reminders)s consultation reminders queued for %(date)s; `hoinhap worker` takes them")
          % {"steps": len(steps), "reminders": len(invitations), "date": date_table(today)}, file=sys.stderr)
    return 0


def _report(args: argparse.Namespace) -> int:
    from hoinhap.implementation import periodic
    from hoinhap.implementation.cutoffs import period_holding

    period = period_holding(args.period, _today(args.as_of))
    report = periodic.build(period, _scope(args).get("programme"))
    render = periodic.to_docx if args.format == "docx" else periodic.to_xlsx
    args.output.write_bytes(render(report, on=_today(args.as_of)))  # dated the day chosen
    print(_("wrote %(path)s: %(period)s (%(start)s – %(end)s)") % {"path": args.output, "period": period.label,
          "start": date_table(period.start), "end": date_table(period.end)}, file=sys.stderr)
    return 0
