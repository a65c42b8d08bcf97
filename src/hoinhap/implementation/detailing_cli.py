"""``hoinhap programmes detailing SLUG NUMBER [--dry-run] [--json]`` and
``hoinhap programmes detailing-confirm TASK_ID WORK_SLUG [--json]`` (registered by ``implementation.cli``)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _

from hoinhap.core.cli import gettext_lazy

Runner = Callable[[Callable[[argparse.Namespace], int]], Callable[[argparse.Namespace], int]]


def add_commands(commands: Any, run: Runner) -> None:
    p = commands.add_parser("detailing",
                            help=gettext_lazy("a programme of detailing tasks from an adopted text in the corpus: "
                            "one task per provision that assigns detailing, due at its entry into force"))
    p.add_argument("slug", help=gettext_lazy("the new programme's slug"))
    p.add_argument("number", help=gettext_lazy("the adopted text's number or slug in the corpus"))
    p.add_argument("--title")
    p.add_argument("--dry-run", action="store_true", help=gettext_lazy("print the obligations read, store nothing"))
    p.add_argument("--json", action="store_true", help='[{"provision", "authority", "scope", "due", …}]')
    p.set_defaults(func=run(_detailing))
    p = commands.add_parser("detailing-confirm", help=gettext_lazy("the corpus document that details a detailing task's "
                            "provision; the task is completed when that document is in force"))
    p.add_argument("task_id", type=int)
    p.add_argument("work", help=gettext_lazy("the detailing document's slug or number in the corpus"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run(_confirm))


def _detailing(args: argparse.Namespace) -> int:
    from hoinhap.core.services import system_actor
    from hoinhap.corpus.selectors import work_get
    from hoinhap.implementation import detailing

    work = work_get(args.number)
    if args.dry_run:
        rows = detailing.detailing_preview(work=work)
        _print_rows(rows, as_json=args.json)
        print(_("%(n)s obligations in %(document)s (dry run: nothing stored)") % {"n": len(rows), "document": work.label},
              file=sys.stderr)
        return 0
    result = detailing.programme_detailing(actor=system_actor(), slug=args.slug, work=work, title=args.title or "")
    rows = detailing.detailing_preview(work=work)
    _print_rows(rows, as_json=args.json)
    print(_("%(programme)s: %(tasks)s detailing tasks; %(agencies)s agencies added to the register")
          % {"programme": result.programme.slug, "tasks": len(result.tasks), "agencies": len(result.created_agencies)},
          file=sys.stderr)
    return 0


def _print_rows(rows: list[dict[str, Any]], *, as_json: bool) -> None:
    if as_json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    for row in rows:
        scope = ", ".join(row["scope"]) or row["scope_text"]
        print(f"{row['provision']:<30} {row['authority'][:40]:<40} {row['due'] or '-':<10}  {scope[:70]}")


def _confirm(args: argparse.Namespace) -> int:
    from django.utils import timezone

    from hoinhap.core.errors import NotFound
    from hoinhap.core.services import system_actor
    from hoinhap.corpus.selectors import work_get
    from hoinhap.implementation import detailing
    from hoinhap.implementation.models import Task

    task = Task.objects.filter(pk=args.task_id).select_related("programme__work").first()
    if task is None:
        raise NotFound(_("no task %(task_id)s") % {"task_id": args.task_id})
    task = detailing.detailing_confirm(actor=system_actor(), task=task, document=work_get(args.work),
                                       today=timezone.localdate())
    row = {"task": task.pk, "detailed_by": args.work, "completed_on": task.completed_on.isoformat()
           if task.completed_on else None}
    print(json.dumps(row, ensure_ascii=False) if args.json else
          _("task %(task)s: detailed by %(document)s; %(state)s")
          % {"task": task.pk, "document": args.work,
             "state": _("completed on %(date)s") % {"date": f"{task.completed_on:%d/%m/%Y}"} if task.completed_on
             else _("open until that document is in force")})
    return 0
