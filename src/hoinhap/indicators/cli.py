"""``hoinhap partners …``: counts per level as of a date, the list behind them, and loading the data."""

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


def as_of_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(_("not a date (YYYY-MM-DD): %(text)r") % {"text": text}) from error


def add_commands(sub: Any, prepare: Callable[[], None]) -> None:
    """Register ``partners count|list|load``; ``prepare`` sets up Django and the database."""
    partners = sub.add_parser("partners", help=gettext_lazy("partners at comprehensive partnership or higher, as of a date"))
    commands = partners.add_subparsers(dest="partners_command", required=True)
    for name, func, text in (("count", _count, gettext_lazy("counts per level and the total")),
                             ("list", _list, gettext_lazy("each partner's framework, highest level first"))):
        p = commands.add_parser(name, help=text)
        p.add_argument("--as-of", type=as_of_date, help=gettext_lazy("YYYY-MM-DD (default: today)"))
        p.add_argument("--json", action="store_true")
        p.set_defaults(func=prepared(prepare, func))
    p = commands.add_parser("load",
                            help=gettext_lazy("load partnerships from a TSV (default: the data shipped with hoinhap)"))
    p.add_argument("file", nargs="?", type=Path)
    p.set_defaults(func=prepared(prepare, _load))
    indicators = sub.add_parser("indicators",
                                help=gettext_lazy("indicators: figures as known on a date, against their targets"))
    commands = indicators.add_subparsers(dest="indicators_command", required=True)
    p = commands.add_parser("status", help=gettext_lazy("each indicator's latest known figure, target and judgement"))
    p.add_argument("--as-of", type=as_of_date, help=gettext_lazy("YYYY-MM-DD (default: today)"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=prepared(prepare, _status))
    p = commands.add_parser("import", help=gettext_lazy("import observations from a CSV or XLSX (all or nothing)"))
    p.add_argument("file", type=Path)
    p.set_defaults(func=prepared(prepare, _import))


def _as_of(args: argparse.Namespace) -> date:
    from django.utils import timezone

    return args.as_of or timezone.localdate()


def _count(args: argparse.Namespace) -> int:
    from hoinhap.indicators.selectors import partner_counts

    as_of = _as_of(args)
    counts = partner_counts(as_of)
    if args.json:
        print(json.dumps(counts))
        return 0
    print(_("partners as of %(date)s") % {"date": date_table(as_of)})
    for key, value in counts.items():
        print(f"  {_level(key):<30}{number(value):>4}")
    return 0


def _level(key: str) -> str:
    """A level code ("strategic", or "total") as a person reads it; the codes stay in --json."""
    from hoinhap.indicators.models import Level

    return _("Total") if key == "total" else str(Level(key).label)


def _list(args: argparse.Namespace) -> int:
    from hoinhap.indicators.selectors import partner_rows

    rows = partner_rows(_as_of(args))
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
        return 0
    for row in rows:
        flag = " [" + _("uncertain") + "]" if row["uncertain"] else ""
        print(f"{_level(row['level']):<30} {row['code']}  {row['name']:<22} {row['when']}{flag}")
    return 0


def _load(args: argparse.Namespace) -> int:
    from hoinhap.indicators.services import PARTNERSHIPS, partnerships_load

    count = partnerships_load(actor=None, path=args.file or PARTNERSHIPS)
    print(_("loaded %(n)s partnership events") % {"n": number(count)}, file=sys.stderr)
    return 0


def _status(args: argparse.Namespace) -> int:
    from hoinhap.indicators.indicator_selectors import indicator_rows

    as_of = _as_of(args)
    rows = indicator_rows(as_of)
    if args.json:
        print(json.dumps({"as_of": as_of.isoformat(), "indicators": rows}, ensure_ascii=False))
        return 0
    for row in rows:
        latest = row["latest"]
        figure = f"{latest['value']} {row['unit']} ({latest['period']}, {latest['status']})" if latest else _("no figure")
        verdict = "" if row["on_track"] is None else " " + (_("on track") if row["on_track"] else _("behind target"))
        print(f"{row['code']:<16} {figure}{verdict}")
    return 0


def _import(args: argparse.Namespace) -> int:
    from hoinhap.indicators.indicator_services import observations_import

    count = observations_import(actor=None, data=args.file.read_bytes(), filename=args.file.name)
    print(_("imported %(n)s observations") % {"n": number(count)}, file=sys.stderr)
    return 0
