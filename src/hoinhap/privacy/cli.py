"""``hoinhap personal-data export|erase|expire``: what a data-protection officer does from the shell
(the same services as the browser; each run is in the audit log under a hash of the address)."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from hoinhap.core.cli import gettext_lazy, prepared


def add_commands(sub: Any, prepare: Callable[[], None]) -> None:
    data = sub.add_parser("personal-data",
                          help=gettext_lazy("a person's data: export it, erase it; expire what passed retention"))
    commands = data.add_subparsers(dest="personal_data_command", required=True)
    p = commands.add_parser("export", help=gettext_lazy("everything held about the person with this e-mail address"))
    p.add_argument("--email", required=True)
    p.add_argument("--json", action="store_true", help='{"email", "accounts": […], "comments": […]}')
    p.set_defaults(func=prepared(prepare, _export))
    p = commands.add_parser("erase", help=gettext_lazy("erase the person's name and contact; opinions stay, unnamed"))
    p.add_argument("--email", required=True)
    p.add_argument("--json", action="store_true", help='{"comments", "accounts"}')
    p.set_defaults(func=prepared(prepare, _erase))
    p = commands.add_parser("expire", help=gettext_lazy("anonymise what has passed its retention period (daily)"))
    p.add_argument("--date", type=date.fromisoformat, help=gettext_lazy("YYYY-MM-DD (default: today)"))
    p.add_argument("--json", action="store_true", help='{"contacts", "names"}')
    p.set_defaults(func=prepared(prepare, _expire))


def _export(args: argparse.Namespace) -> int:
    from hoinhap.core.services import system_actor
    from hoinhap.privacy.services import personal_data_export

    held = personal_data_export(actor=system_actor(), email=args.email)
    if args.json:
        print(json.dumps(held, ensure_ascii=False))
        return 0
    print(_("%(email)s: %(accounts)s account(s), %(comments)s comment(s)")
          % {"email": held["email"], "accounts": len(held["accounts"]), "comments": len(held["comments"])})
    for account in held["accounts"]:
        roles = ", ".join(f"{r['role']}@{r['organisation']}" for r in account["roles"]) or "-"
        print("  " + _("account %(username)s (%(name)s), roles: %(roles)s")
              % {"username": account["username"], "name": account["name"] or "-", "roles": roles})
    for comment in held["comments"]:
        print("  " + _("comment %(receipt)s on %(draft)s round %(round)s: %(text)s")
              % {"receipt": comment["receipt"] or "-", "draft": comment["draft"], "round": comment["round"],
                 "text": comment["text"][:80]})
    return 0


def _erase(args: argparse.Namespace) -> int:
    from hoinhap.core.services import system_actor
    from hoinhap.privacy.services import personal_data_erase

    counts = personal_data_erase(actor=system_actor(), email=args.email)
    print(json.dumps(counts) if args.json else
          f"erased: {counts['comments']} comment(s) anonymised, {counts['accounts']} account(s) anonymised")
    return 0


def _expire(args: argparse.Namespace) -> int:
    from django.utils import timezone

    from hoinhap.core.services import system_actor
    from hoinhap.privacy.services import personal_data_expire

    counts = personal_data_expire(actor=system_actor(), today=args.date or timezone.localdate())
    print(json.dumps(counts) if args.json else
          f"expired: {counts['contacts']} e-mail address(es), {counts['names']} name(s)")
    return 0
