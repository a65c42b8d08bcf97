"""``hoinhap notices USER [--mark-read] [--json]``: a person's inbox from the shell (what "Việc của tôi"
shows under Notices), for scripts that forward notices elsewhere."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _

from hoinhap.core.cli import gettext_lazy, prepared


def add_commands(sub: Any, prepare: Callable[[], None]) -> None:
    p = sub.add_parser("notices",
                       help=gettext_lazy("a person's notices (reports reviewed, extensions decided, rounds, answers)"))
    p.add_argument("username")
    p.add_argument("--mark-read", action="store_true", help=gettext_lazy("mark them all read after listing"))
    p.add_argument("--json", action="store_true",
                   help='{"unread", "notices": [{"id", "kind", "text", "url", …}]}')
    p.set_defaults(func=prepared(prepare, _notices))


def _notices(args: argparse.Namespace) -> int:
    from hoinhap.core.errors import NotFound
    from hoinhap.core.models import User
    from hoinhap.notices.selectors import notice_rows, unread_count
    from hoinhap.notices.services import notices_read

    user = User.objects.filter(username=args.username).first()
    if user is None:
        raise NotFound(_("no account named %(username)s") % {"username": args.username})
    rows, unread = notice_rows(user), unread_count(user)
    if args.json:
        print(json.dumps({"unread": unread, "notices": rows}, ensure_ascii=False, default=str))
    else:
        print(_("%(username)s: %(n)s unread") % {"username": args.username, "n": unread})
        for row in rows:
            print(f"{'*' if row['unread'] else ' '} {row['created_at']:%d/%m/%Y %H:%M} {row['text']} {row['url']}")
    if args.mark_read:
        notices_read(actor=user)
    return 0
