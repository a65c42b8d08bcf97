"""``hoinhap partners …``: counts per level as of a date, the list behind them, and loading the data."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from hoinhap.core.cli import prepared


def as_of_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from error


def add_commands(sub: Any, prepare: Callable[[], None]) -> None:
    """Register ``partners count|list|load``; ``prepare`` sets up Django and the database."""
    partners = sub.add_parser("partners", help="partners at comprehensive partnership or higher, as of a date")
    commands = partners.add_subparsers(dest="partners_command", required=True)
    for name, func, text in (("count", _count, "counts per level and the total"),
                             ("list", _list, "each partner's framework, highest level first")):
        p = commands.add_parser(name, help=text)
        p.add_argument("--as-of", type=as_of_date, help="YYYY-MM-DD (default: today)")
        p.add_argument("--json", action="store_true")
        p.set_defaults(func=prepared(prepare, func))
    p = commands.add_parser("load", help="load partnerships from a TSV (default: the data shipped with hoinhap)")
    p.add_argument("file", nargs="?", type=Path)
    p.set_defaults(func=prepared(prepare, _load))
    indicators = sub.add_parser("indicators", help="indicators: figures as known on a date, against their targets")
    commands = indicators.add_subparsers(dest="indicators_command", required=True)
    p = commands.add_parser("status", help="each indicator's latest known figure, target and judgement")
    p.add_argument("--as-of", type=as_of_date, help="YYYY-MM-DD (default: today)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=prepared(prepare, _status))
    p = commands.add_parser("import", help="import observations from a CSV or XLSX (all or nothing)")
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
    print(f"partners as of {as_of.isoformat()}")
    for key, value in counts.items():
        print(f"  {key.replace('_', ' '):<26}{value:>4}")
    return 0


def _list(args: argparse.Namespace) -> int:
    from hoinhap.indicators.selectors import partner_rows

    rows = partner_rows(_as_of(args))
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
        return 0
    for row in rows:
        flag = " [uncertain]" if row["uncertain"] else ""
        print(f"{row['level']:<24} {row['code']}  {row['name_en']:<22} {row['when']}{flag}")
    return 0


def _load(args: argparse.Namespace) -> int:
    from hoinhap.indicators.services import PARTNERSHIPS, partnerships_load

    count = partnerships_load(actor=None, path=args.file or PARTNERSHIPS)
    print(f"loaded {count} partnership events", file=sys.stderr)
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
        figure = f"{latest['value']} {row['unit']} ({latest['period']}, {latest['status']})" if latest else "no figure"
        verdict = "" if row["on_track"] is None else (" on track" if row["on_track"] else " behind target")
        print(f"{row['code']:<16} {figure}{verdict}")
    return 0


def _import(args: argparse.Namespace) -> int:
    from hoinhap.indicators.indicator_services import observations_import

    count = observations_import(actor=None, data=args.file.read_bytes(), filename=args.file.name)
    print(f"imported {count} observations", file=sys.stderr)
    return 0
