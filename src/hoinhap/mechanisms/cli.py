"""``hoinhap mechanisms …``: evaluate a rule for a month, list the rules and the dated parameters.
No database: rules and parameters are code and data shipped with hoinhap. What is printed for people is
in the CLI's language (Vietnamese: Django is set up for its catalogue only); ``--json`` stays as it is."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from datetime import date
from typing import Any

from hoinhap import formatting
from hoinhap.core.cli import gettext_lazy
from hoinhap.legal.errors import N_
from hoinhap.mechanisms.parameters import ParameterTable
from hoinhap.mechanisms.rules import RULES, InputError, Settings, evaluate


def _pairs(items: list[str] | None, what: str) -> dict[str, str]:
    pairs = {}
    for item in items or []:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise InputError(N_("%(option)s must be key=value: %(item)r"), option=what, item=item)
        pairs[key.strip()] = value.strip()
    return pairs


def _speak() -> Callable[[str], str]:
    """Django's ``gettext`` in the CLI's language (set up without the database)."""
    from hoinhap.cli import _django

    _django()
    from django.utils.translation import gettext

    return gettext


def add_commands(sub: Any) -> None:
    mechanisms = sub.add_parser("mechanisms", help=gettext_lazy("rules of the integration mechanisms, as code"))
    commands = mechanisms.add_subparsers(dest="mechanisms_command", required=True)
    p = commands.add_parser("evaluate", help=gettext_lazy("evaluate a rule for a month, with the trace of every parameter"))
    p.add_argument("rule", choices=sorted(RULES))
    p.add_argument("--month", required=True, help="YYYY-MM")
    p.add_argument("--input", action="append", metavar="KEY=VALUE", help=gettext_lazy("e.g. coefficient=4.40 (repeatable)"))
    p.add_argument("--setting", action="append", metavar="KEY=VALUE",
                   help=gettext_lazy("open questions: overlap=highest|sum, part_month=full|prorate, salary_day=first|last"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_evaluate)
    p = commands.add_parser("list", help=gettext_lazy("the rules, their inputs and the date each applies from"))
    p.set_defaults(func=_list)
    p = commands.add_parser("parameters", help=gettext_lazy("each dated parameter's value on a date"))
    p.add_argument("--as-of", type=date.fromisoformat, default=None, help=gettext_lazy("YYYY-MM-DD (default: today)"))
    p.set_defaults(func=_parameters)


def _evaluate(args: argparse.Namespace) -> int:
    settings = Settings.from_pairs(_pairs(args.setting, "--setting"))
    result = evaluate(RULES[args.rule], args.month, _pairs(args.input, "--input"), settings)
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False))
        return 0
    _ = _speak()
    from hoinhap.mechanisms.messages import said

    reason = said(result.reason_template, result.reason_params) if result.reason_template else result.reason
    if result.applies:
        print(_("%(rule)s %(month)s: %(amount)s (%(reason)s)") % {
            "rule": result.rule, "month": result.month, "amount": formatting.money(result.amount), "reason": reason})
    else:
        print(_("%(rule)s %(month)s: not applicable: %(reason)s") % {"rule": result.rule, "month": result.month,
                                                                     "reason": reason})
    for item in result.trace:
        print(_("  %(parameter)s = %(value)s from %(date)s (%(source)s; verified %(verified)s)") % {
            "parameter": item["parameter"], "value": formatting.number(item["value"]), "source": item["source"],
            "date": _day(item["from"]), "verified": _day(item["verified"])} + (_(" [uncertain]") if item["uncertain"]
                                                                              else ""))
    print(_("  rule %(version)s; settings %(settings)s") % {"version": result.version, "settings": result.settings})
    return 0


def _day(iso: str | None) -> str:
    return formatting.date_table(date.fromisoformat(iso)) if iso else "—"


def _list(args: argparse.Namespace) -> int:
    _ = _speak()
    for rule in RULES.values():
        print(f"{rule.version}: {_(rule.description)}")
        for name, text in rule.inputs.items():
            print(f"  --input {name}=…  {_(text)}")
    return 0


def _parameters(args: argparse.Namespace) -> int:
    table, day, _ = ParameterTable.shipped(), args.as_of or date.today(), _speak()
    for name in table.names():
        value = table.at(name, day)
        shown = _("%(value)s from %(date)s (%(source)s)") % {
            "value": formatting.number(value.value), "date": formatting.date_table(value.valid_from),
            "source": value.source} if value else _("not in force")
        print(f"{name}: {shown}{_(' [uncertain]') if value and value.uncertain else ''}")
    return 0
