"""``hoinhap classify task|report|document``: mark an item classified (metadata only) or unmark it, as
the operator's ``hoinhap-system`` administrator, through the same services as the pages and the API
(audited there; docs/security.md, "Classified work")."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _

from hoinhap.core.cli import gettext_lazy, prepared

LEVELS_HELP = gettext_lazy('one of mat, toi_mat, tuyet_mat; "" (an empty argument) unmarks')


def add_commands(sub: Any, prepare: Callable[[], None]) -> None:
    classify = sub.add_parser("classify",
                              help=gettext_lazy("mark a task, a report or a document as classified (metadata only)"))
    commands = classify.add_subparsers(dest="classify_command", required=True)
    for kind, key, handler, text in (
            ("task", "ID", _task, gettext_lazy("mark a task: its content is deleted, its record stays")),
            ("report", "ID", _report, gettext_lazy("mark a report: its content is deleted, its record stays")),
            ("document", "NUMBER|SLUG", _document,
             gettext_lazy("mark a document: its content is deleted, its record stays"))):
        p = commands.add_parser(kind, help=text)
        p.add_argument("reference_of_item", metavar=key)
        p.add_argument("level", help=LEVELS_HELP)
        p.add_argument("--reference", default="",
                       help=gettext_lazy("the reference of the document kept elsewhere (required to mark)"))
        p.add_argument("--json", action="store_true",
                       help='{"id", "classification", "classified_reference", "title"}')
        p.set_defaults(func=prepared(prepare, handler))


def _print(args: argparse.Namespace, item: Any, title: str) -> int:  # noqa: ANN401 - a task, report or work
    row = {"id": item.pk, "classification": item.classification, "classified_reference": item.classified_reference,
           "title": title}
    print(json.dumps(row, ensure_ascii=False) if args.json else
          f"{item.pk}: {item.classification or _('not classified')} ({item.classified_reference or '-'}) {title}")
    return 0


def _task(args: argparse.Namespace) -> int:
    from hoinhap.core.services import system_actor
    from hoinhap.implementation.classified import task_classify
    from hoinhap.implementation.selectors import task_get

    task = task_get(_ident(args.reference_of_item))
    task = task_classify(actor=system_actor(), task=task, level=args.level, reference=args.reference)
    return _print(args, task, task.title)


def _report(args: argparse.Namespace) -> int:
    from hoinhap.core.errors import NotFound
    from hoinhap.core.services import system_actor
    from hoinhap.implementation.classified import report_classify
    from hoinhap.implementation.models import TaskReport

    report = TaskReport.objects.select_related("task").filter(pk=_ident(args.reference_of_item)).first()
    if report is None:
        raise NotFound(_("no report %(reference_of_item)s") % {"reference_of_item": args.reference_of_item})
    report = report_classify(actor=system_actor(), report=report, level=args.level, reference=args.reference)
    return _print(args, report, report.text[:80])


def _document(args: argparse.Namespace) -> int:
    from hoinhap.core.services import system_actor
    from hoinhap.corpus.classified import work_classify
    from hoinhap.corpus.selectors import work_get

    actor = system_actor()
    work = work_classify(actor=actor, work=work_get(args.reference_of_item, actor), level=args.level,
                         reference=args.reference)
    return _print(args, work, work.title)


def _ident(value: str) -> int:
    from hoinhap.core.errors import ValidationFailed

    if not value.isdigit():
        raise ValidationFailed(_("not an id: %(value)r") % {"value": value})
    return int(value)
