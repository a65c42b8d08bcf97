"""``hoinhap users …`` and ``hoinhap tokens …``: accounts and their roles, and API tokens, from the
shell, so that nobody needs a Python shell to give a role. Every change goes through the core services
as the ``hoinhap-system`` actor, so the audit log records it."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any, cast

from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as django_gettext_lazy

ROLES = ("administrator", "drafting_committee", "secretariat", "reporter", "reviewer", "invited", "contributor",
         "analyst", "intake")  # for the help (core.models needs Django loaded); a test keeps them equal


def gettext_lazy(message: str) -> str:
    """Django's ``gettext_lazy``, typed as the ``str`` argparse asks for: a help text is translated when
    argparse prints it, in the language active then (``hoinhap.cli.main`` activates ``LANGUAGE_CODE`` first)."""
    return cast(str, django_gettext_lazy(message))


ROLE_HELP = format_lazy("{}{}", gettext_lazy("repeatable; one of: "), ", ".join(ROLES))


def add_commands(sub: Any, prepare: Callable[[], None]) -> None:
    """Register ``users add|grant|list|deactivate|clearance`` and ``tokens create|list|revoke``."""
    users = sub.add_parser("users",
                           help=gettext_lazy("accounts and their roles: add, grant, list, deactivate (never delete)"))
    commands = users.add_subparsers(dest="users_command", required=True)
    p = commands.add_parser("add", help=gettext_lazy("an account with its roles in one organisation"))
    p.add_argument("username")
    p.add_argument("--name", required=True, help=gettext_lazy("the person's full name, as it is written"))
    p.add_argument("--email", required=True)
    p.add_argument("--org", required=True, help=gettext_lazy("the organisation's code, e.g. BNG"))
    p.add_argument("--role", action="append", required=True, help=ROLE_HELP)
    p.add_argument("--password-stdin", action="store_true",
                   help=gettext_lazy(
                       "read a password from the first line of standard input (without it: no password log-in)"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=prepared(prepare, _user_add))
    p = commands.add_parser("grant",
                            help=gettext_lazy("more roles for an existing account (e.g. one made by OpenID Connect)"))
    p.add_argument("username")
    p.add_argument("--org", required=True, help=gettext_lazy("the organisation's code, e.g. BNG"))
    p.add_argument("--role", action="append", required=True, help=ROLE_HELP)
    p.set_defaults(func=prepared(prepare, _user_grant))
    p = commands.add_parser("list", help=gettext_lazy("every account, its roles and whether it is active"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=prepared(prepare, _user_list))
    p = commands.add_parser("deactivate", help=gettext_lazy("stop an account from signing in and revoke its API tokens"))
    p.add_argument("username")
    p.set_defaults(func=prepared(prepare, _user_deactivate))
    p = commands.add_parser("clearance", help=gettext_lazy("the highest classification level a person may see (audited)"))
    p.add_argument("username")
    p.add_argument("level", help=gettext_lazy('one of mat, toi_mat, tuyet_mat; "" (an empty argument) removes it'))
    p.set_defaults(func=prepared(prepare, _user_clearance))

    tokens = sub.add_parser("tokens", help=gettext_lazy("API tokens (Authorization: Bearer …): create, list, revoke"))
    commands = tokens.add_subparsers(dest="tokens_command", required=True)
    p = commands.add_parser("create", help=gettext_lazy("a new token for a user, printed once (only its hash is kept)"))
    p.add_argument("username")
    p.add_argument("--name", default="", help=gettext_lazy("a label, e.g. the client that will use it"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=prepared(prepare, _token_create))
    p = commands.add_parser("list", help=gettext_lazy("tokens (prefix, name, dates; never the token itself)"))
    p.add_argument("username", nargs="?")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=prepared(prepare, _token_list))
    p = commands.add_parser("revoke", help=gettext_lazy("revoke a token by its id or prefix"))
    p.add_argument("reference", metavar="ID|PREFIX")
    p.set_defaults(func=prepared(prepare, _token_revoke))


def prepared(prepare: Callable[[], None], command: Callable[[argparse.Namespace], int],
              ) -> Callable[[argparse.Namespace], int]:
    """``command`` once Django and the database are set up."""
    def run(args: argparse.Namespace) -> int:
        prepare()
        return command(args)

    return run


def _password(args: argparse.Namespace) -> str | None:
    if not args.password_stdin:
        return None
    from hoinhap.core.errors import ValidationFailed

    password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        raise ValidationFailed(_("--password-stdin: standard input gave no password"))
    return password


def _user_add(args: argparse.Namespace) -> int:
    from hoinhap.core.services import system_actor, user_add

    user = user_add(actor=system_actor(), username=args.username, name=args.name, email=args.email,
                    organisation_code=args.org, roles=args.role, password=_password(args))
    if args.json:
        print(json.dumps({"username": user.username, "organisation": args.org, "roles": list(dict.fromkeys(args.role)),
                          "password": args.password_stdin}, ensure_ascii=False))
    else:
        print(_("added %(username)s (%(roles)s at %(organisation)s)")
              % {"username": user.username, "roles": ", ".join(dict.fromkeys(args.role)), "organisation": args.org})
    return 0


def _user_grant(args: argparse.Namespace) -> int:
    from hoinhap.core.services import system_actor, user_get, user_grant

    granted = user_grant(actor=system_actor(), user=user_get(args.username), organisation_code=args.org,
                         roles=args.role)
    print(_("%(username)s: %(roles)s at %(organisation)s")
          % {"username": args.username, "roles": ", ".join(m.role for m in granted), "organisation": args.org})
    return 0


def _user_list(args: argparse.Namespace) -> int:
    from hoinhap.core.account_selectors import user_rows

    rows = user_rows()
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    for row in rows:
        roles = ", ".join(f"{r['role']}@{r['organisation']}" for r in row["roles"]) or "—"
        state = "" if row["active"] else " [" + _("deactivated") + "]"
        print(f"{row['username']:<20} {row['name'][:30]:<30} {roles}{state}")
    return 0


def _user_deactivate(args: argparse.Namespace) -> int:
    from hoinhap.core.services import system_actor, user_deactivate, user_get

    user_deactivate(actor=system_actor(), user=user_get(args.username))
    print(_("deactivated %(username)s; its API tokens are revoked") % {"username": args.username})
    return 0


def _user_clearance(args: argparse.Namespace) -> int:
    from hoinhap.core.classification import clearance_set
    from hoinhap.core.services import system_actor, user_get

    person = clearance_set(actor=system_actor(), user=user_get(args.username), level=args.level)
    print(_("%(username)s: clearance %(level)s") % {"username": person.username, "level": person.clearance or _("none")})
    return 0


def _token_create(args: argparse.Namespace) -> int:
    from hoinhap.core.services import system_actor, token_create, user_get

    token, plaintext = token_create(actor=system_actor(), user=user_get(args.username), name=args.name)
    if args.json:
        print(json.dumps({"id": token.pk, "user": args.username, "name": token.name, "prefix": token.prefix,
                          "token": plaintext}, ensure_ascii=False))
    else:
        print(plaintext)
        print(_("token %(id)s (%(prefix)s…) for %(username)s: copy it now, it is not shown again")
              % {"id": token.pk, "prefix": token.prefix, "username": args.username}, file=sys.stderr)
    return 0


def _token_list(args: argparse.Namespace) -> int:
    from hoinhap.core.account_selectors import token_rows
    from hoinhap.core.services import user_get

    rows = token_rows(user_get(args.username) if args.username else None)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    for row in rows:
        state = (_("revoked %(when)s") % {"when": _when(row["revoked_at"])}) if row["revoked_at"] else _("active")
        used = _when(row["last_used_at"]) if row["last_used_at"] else "—"
        print(f"{row['id']:>5} {row['prefix']}…  {row['user']:<16} {row['name'][:24]:<24} "
              + _("created %(created)s  used %(used)s  %(state)s") % {"created": _when(row["created_at"]),
                                                                     "used": used, "state": state})
    return 0


def _token_revoke(args: argparse.Namespace) -> int:
    from hoinhap.core.account_selectors import token_find
    from hoinhap.core.services import system_actor, token_revoke

    token = token_revoke(actor=system_actor(), token=token_find(args.reference))
    print(_("revoked token %(id)s (%(prefix)s…) of %(username)s") % {"id": token.pk, "prefix": token.prefix,
                                                                     "username": token.user.username})
    return 0


def _when(iso: str) -> str:
    """A token row's ISO timestamp as a table shows dates: "05/01/2026 14:30" (``formatting.datetime_table``'s
    form, written here: core imports no domain app, and ``formatting`` reads the indicators' periods)."""
    from datetime import datetime

    from django.utils import timezone

    return timezone.localtime(datetime.fromisoformat(iso)).strftime("%d/%m/%Y %H:%M")
