"""``hoinhap mechanisms …``: evaluate a rule for a month, list the rules and the dated parameters.
No database: rules and parameters are code and data shipped with hoinhap."""

from __future__ import annotations

import argparse
import json
from datetime import date
from typing import Any

from hoinhap.mechanisms.parameters import ParameterTable
from hoinhap.mechanisms.rules import RULES, InputError, Settings, evaluate


def _pairs(items: list[str] | None, what: str) -> dict[str, str]:
    pairs = {}
    for item in items or []:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise InputError(f"{what} must be key=value: {item!r}")
        pairs[key.strip()] = value.strip()
    return pairs


def add_commands(sub: Any) -> None:
    mechanisms = sub.add_parser("mechanisms", help="rules of the integration mechanisms, as code")
    commands = mechanisms.add_subparsers(dest="mechanisms_command", required=True)
    p = commands.add_parser("evaluate", help="evaluate a rule for a month, with the trace of every parameter")
    p.add_argument("rule", choices=sorted(RULES))
    p.add_argument("--month", required=True, help="YYYY-MM")
    p.add_argument("--input", action="append", metavar="KEY=VALUE", help="e.g. coefficient=4.40 (repeatable)")
    p.add_argument("--setting", action="append", metavar="KEY=VALUE",
                   help="open questions: overlap=highest|sum, part_month=full|prorate, salary_day=first|last")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_evaluate)
    p = commands.add_parser("list", help="the rules, their inputs and the date each applies from")
    p.set_defaults(func=_list)
    p = commands.add_parser("parameters", help="each dated parameter's value on a date")
    p.add_argument("--as-of", type=date.fromisoformat, default=None, help="YYYY-MM-DD (default: today)")
    p.set_defaults(func=_parameters)


def _evaluate(args: argparse.Namespace) -> int:
    settings = Settings.from_pairs(_pairs(args.setting, "--setting"))
    result = evaluate(RULES[args.rule], args.month, _pairs(args.input, "--input"), settings)
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False))
        return 0
    if result.applies:
        print(f"{result.rule} {result.month}: {result.amount:,} VND  ({result.reason})")
    else:
        print(f"{result.rule} {result.month}: not applicable: {result.reason}")
    for item in result.trace:
        flag = " [uncertain]" if item["uncertain"] else ""
        print(f"  {item['parameter']} = {item['value']} from {item['from']} ({item['source']}; "
              f"verified {item['verified']}){flag}")
    print(f"  rule {result.version}; settings {result.settings}")
    return 0


def _list(args: argparse.Namespace) -> int:
    for rule in RULES.values():
        print(f"{rule.version}: {rule.description}")
        for name, text in rule.inputs.items():
            print(f"  --input {name}=…  {text}")
    return 0


def _parameters(args: argparse.Namespace) -> int:
    table, day = ParameterTable.shipped(), args.as_of or date.today()
    for name in table.names():
        value = table.at(name, day)
        shown = f"{value.value} from {value.valid_from} ({value.source})" if value else "not in force"
        print(f"{name}: {shown}{' [uncertain]' if value and value.uncertain else ''}")
    return 0
