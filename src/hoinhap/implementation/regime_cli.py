"""``hoinhap organisations load``, ``hoinhap tasks expand`` and the reporting regime's ``hoinhap
programmes regime|reports|remind-reports|submit-report``. Thin: arguments in, a service or selector,
lines or JSON out."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from hoinhap.core.cli import gettext_lazy
from hoinhap.indicators.cli import as_of_date

Command = Callable[[argparse.Namespace], int]


def add_commands(sub: Any, task_commands: Any, programme_commands: Any, run: Callable[[Command], Command]) -> None:
    organisations = sub.add_parser("organisations",
                                   help=gettext_lazy("the register of member agencies (ministries, provinces)"))
    commands = organisations.add_subparsers(dest="organisations_command", required=True)
    p = commands.add_parser("load", help=gettext_lazy("load the register of ministries and provinces with the 2025 mergers "
                            "(idempotent, audited)"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run(_load))
    p = task_commands.add_parser("expand",
                                 help=gettext_lazy("a task led by a group: one subtask per member agency (idempotent)"))
    p.add_argument("id", type=int)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run(_expand))
    p = programme_commands.add_parser("regime", help=gettext_lazy("show or set the reporting regime (period, days, from)"))
    p.add_argument("slug")
    p.add_argument("--every", choices=("month", "quarter", "half", "year"))
    p.add_argument("--due-days", type=int, help=gettext_lazy("days after the period's cut-off to report"))
    p.add_argument("--from", dest="report_from", type=as_of_date, help=gettext_lazy("YYYY-MM-DD: reports due from"))
    p.add_argument("--clear", action="store_true", help=gettext_lazy("end the regime"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run(_regime))
    p = programme_commands.add_parser("reports", help=gettext_lazy("who has and has not reported, per period"))
    p.add_argument("slug")
    p.add_argument("--as-of", type=as_of_date)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run(_matrix))
    p = programme_commands.add_parser("remind-reports", help=gettext_lazy("mail the agencies missing a periodic report"))
    p.add_argument("slug")
    p.add_argument("--period", help=gettext_lazy("2025-07, 2025-Q3, 2025-H1 or 2025 (default: the latest period due)"))
    p.add_argument("--date", type=as_of_date, help=gettext_lazy("YYYY-MM-DD (default: today)"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run(_remind))
    p = programme_commands.add_parser("submit-report", help=gettext_lazy("an agency's periodic report"))
    p.add_argument("slug")
    p.add_argument("--agency", required=True, help=gettext_lazy("the agency's code"))
    p.add_argument("--period", required=True)
    p.add_argument("--text", required=True)
    p.add_argument("--file", type=Path, help=gettext_lazy("an attached file"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run(_submit))


def _today(value: Any) -> Any:  # noqa: ANN401 - a date or None
    from django.utils import timezone

    return value or timezone.localdate()


def _print(data: Any, as_json: bool, line: str) -> int:  # noqa: ANN401 - plain data
    print(json.dumps(data, ensure_ascii=False, indent=1) if as_json else line)
    return 0


def _load(args: argparse.Namespace) -> int:
    from hoinhap.core.services import system_actor
    from hoinhap.implementation.register import register_load

    result = register_load(actor=system_actor())
    return _print(result.as_dict(), args.json, f"{result.rows} rows: {len(result.created)} created, "
                  f"{len(result.updated)} updated, {len(result.merged)} successions recorded")


def _expand(args: argparse.Namespace) -> int:
    from hoinhap.core.services import system_actor
    from hoinhap.implementation import collective, selectors

    task = selectors.task_get(args.id)
    expansion = collective.task_expand(actor=system_actor(), task=task, today=_today(None))
    data = expansion.as_dict()
    codes = ", ".join(row["lead"] for row in data["created"])  # type: ignore[attr-defined]
    return _print(data, args.json, _("task %(task)s (%(group)s, as of %(date)s): %(created)s subtasks created, "
                                     "%(kept)s there already. %(codes)s")
                  % {"task": task.pk, "group": expansion.group, "date": f"{expansion.as_of:%d/%m/%Y}",
                     "created": len(expansion.created), "kept": expansion.kept, "codes": codes})


def _regime(args: argparse.Namespace) -> int:
    from hoinhap.core.services import system_actor
    from hoinhap.implementation import reporting_regime
    from hoinhap.implementation.selectors import programme_get

    programme = programme_get(args.slug)
    if args.clear or args.every:
        reporting_regime.regime_set(actor=system_actor(), programme=programme, every="" if args.clear else args.every,
                                    due_days=args.due_days, report_from=args.report_from)
    data = reporting_regime.regime_dict(programme)
    return _print(data, args.json, _("%(programme)s: every %(every)s, due %(days)s days after the cut-off, from %(start)s")
                  % {"programme": programme.slug, "every": data["every"] or "—", "days": data["due_days"],
                     "start": data["report_from"] or "—"})


def _matrix(args: argparse.Namespace) -> int:
    from hoinhap.implementation import reporting_regime
    from hoinhap.implementation.selectors import programme_get

    matrix = reporting_regime.matrix(programme_get(args.slug), _today(args.as_of))
    if args.json:
        return _print(matrix.as_dict(), True, "")
    marks = {"reported": "✓", "late": "L", "missing": "✗", "not_due": "…", None: " "}
    print("agency      " + " ".join(f"{c.code:>8}" for c in matrix.columns))
    for org, cells in matrix.rows:
        print(f"{org.code:<12}" + " ".join(f"{marks[cell.state]:>8}" for cell in cells))
    for column in matrix.columns:
        print(f"{column.code}: " + ", ".join(f"{k} {v}" for k, v in column.counts.items()), file=sys.stderr)
    return 0


def _remind(args: argparse.Namespace) -> int:
    from hoinhap.core.services import system_actor
    from hoinhap.implementation import reporting_regime
    from hoinhap.implementation.selectors import programme_get

    sent = reporting_regime.reports_remind(actor=system_actor(), programme=programme_get(args.slug),
                                           today=_today(args.date), period=args.period)
    data = [{"agency": r.agency.code, "period": r.period, "recipients": r.recipients} for r in sent]
    return _print(data, args.json, _("%(n)s agencies reminded: %(codes)s")
                  % {"n": len(sent), "codes": ", ".join(r.agency.code for r in sent)})


def _submit(args: argparse.Namespace) -> int:
    from django.utils.translation import gettext

    from hoinhap.core.errors import NotFound
    from hoinhap.core.models import Organisation
    from hoinhap.core.services import system_actor
    from hoinhap.implementation import reporting_regime
    from hoinhap.implementation.selectors import programme_get

    agency = Organisation.objects.filter(code=args.agency).first()
    if agency is None:
        raise NotFound(gettext("no organisation %(agency)r") % {"agency": args.agency})
    report = reporting_regime.period_report_submit(
        actor=system_actor(), programme=programme_get(args.slug), agency=agency, period=args.period, text=args.text,
        today=_today(None), file=args.file.read_bytes() if args.file else None,
        file_name=args.file.name if args.file else "")
    data = {"id": report.pk, "agency": agency.code, "period": report.period,
            "submitted_on": report.submitted_on.isoformat()}
    return _print(data, args.json, _("report %(report)s: %(agency)s %(period)s on %(date)s")
                  % {"report": report.pk, "agency": agency.code, "period": report.period,
                     "date": f"{report.submitted_on:%d/%m/%Y}"})
