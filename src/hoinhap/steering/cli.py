"""``hoinhap meetings list|show DATE|load``: the Steering Committee's meetings, one meeting with its
directions and their tasks, and loading the real meetings shipped in ``steering/data``."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _

from hoinhap.core.cli import gettext_lazy, prepared
from hoinhap.indicators.cli import as_of_date
from hoinhap.steering.coverage_cli import add_commands as coverage_commands


def add_commands(sub: Any, prepare: Callable[[], None]) -> None:
    meetings = sub.add_parser("meetings",
                              help=gettext_lazy("Steering Committee meetings, their directions and the tasks they became"))
    commands = meetings.add_subparsers(dest="meetings_command", required=True)
    p = commands.add_parser("list", help=gettext_lazy("the meetings, latest first"))
    p.add_argument("--json", action="store_true", help=gettext_lazy('print {"meetings": [...]}'))
    p.set_defaults(func=prepared(prepare, _list))
    p = commands.add_parser("show",
                            help=gettext_lazy("one meeting: agenda, figures, directions with their tasks, follow-up"))
    p.add_argument("date", type=as_of_date, help=gettext_lazy("the meeting's date, YYYY-MM-DD"))
    p.add_argument("--as-of", type=as_of_date, help=gettext_lazy("the directions' status on this day (default: today)"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=prepared(prepare, _show))
    p = commands.add_parser("load", help=gettext_lazy("load the real meetings shipped with hoinhap (once)"))
    p.set_defaults(func=prepared(prepare, _load))
    coverage_commands(sub, prepare)  # hoinhap coverage …


def _list(args: argparse.Namespace) -> int:
    from hoinhap.steering import selectors

    rows = [selectors.meeting_row(m) for m in selectors.meeting_list()]
    if args.json:
        print(json.dumps({"meetings": rows}, ensure_ascii=False))
        return 0
    for row in rows:
        mark = " (minh họa)" if row["illustrative"] else ""
        print(f"{row['held_on']}  {row['title']}{mark}  [{row['directive_count']} chỉ đạo]")
    return 0


def _show(args: argparse.Namespace) -> int:
    from django.utils import timezone

    from hoinhap.steering import selectors

    detail = selectors.meeting_detail(selectors.meeting_get(args.date), args.as_of or timezone.localdate())
    if args.json:
        print(json.dumps(detail, ensure_ascii=False))
        return 0
    print(f"{detail['held_on']}  {detail['title']}\n{detail['chaired_by']}  {detail['place']}")
    for item in detail["agenda"]:
        print("  " + _("agenda %(position)s. %(title)s") % {"position": item["position"], "title": item["title"]})
    for figure in detail["figures"]:
        print(("  " + _("figure %(label)s: %(value)s %(unit)s %(period)s") % figure).rstrip())
    print(_("directions (status as of %(date)s):") % {"date": detail["as_of"]})
    for row in detail["directives"]:
        lead = row["lead"] or _("lead to be assigned")
        print(f"  {row['position']}. [" + _("task %(task)s") % {"task": row["task"]}
              + f", {lead}, {row['deadline_text'] or _('no deadline')}, {row['bucket'] or '—'}] {row['text']}")
    for row in detail["follow_up"]:
        print("  " + _("follow-up %(meeting)s #%(position)s:") % {"meeting": row["meeting"], "position": row["position"]}
              + f" {row['bucket'] or '—'} {row['text'][:80]}")
    return 0


def _load(args: argparse.Namespace) -> int:
    from hoinhap.steering.loading import load_real_meetings

    print(_("%(n)s meetings loaded") % {"n": load_real_meetings()})
    return 0
