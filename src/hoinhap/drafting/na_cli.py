"""``hoinhap drafts opinion add|sessions|explanation``: the National Assembly side of a draft from the
shell (drafting/na_services.py). ``opinion add`` splits an opinion's document per provision and
stores the items (``--dry-run``: prints the proposals only); ``sessions`` lists the sessions that
considered the draft with their conclusions; ``explanation`` prints the explanation report's counts
or its JSON, and writes it as Word with ``--docx``."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.utils.translation import gettext

from hoinhap.core.cli import gettext_lazy, prepared

KIND_CODES = ("submission", "appraisal", "preliminary_verification", "verification", "standing_committee",
              "deputies_group", "deputies_plenary")  # as na_services.KINDS, which needs Django loaded


def add_na_commands(commands: Any, prepare: Callable[[], None], common: argparse.ArgumentParser) -> None:
    opinion = commands.add_parser("opinion", help=gettext_lazy("opinions of the National Assembly process, per provision"))
    verbs = opinion.add_subparsers(dest="opinion_command", required=True)
    p = verbs.add_parser("add", parents=[common],
                         help=gettext_lazy('split an opinion (PDF, DOCX, text) per provision and store '
                                                       'the items; prints {"kind", "version", "proposals", "stored"}'))
    p.add_argument("slug")
    p.add_argument("file", type=Path)
    p.add_argument("--kind", choices=KIND_CODES, required=True)
    p.add_argument("--session", type=int, metavar="N", help=gettext_lazy("the session the opinion was given at"))
    p.add_argument("--body", choices=("standing_committee", "na"), default="standing_committee",
                   help=gettext_lazy("whose session --session numbers (default: standing_committee)"))
    p.add_argument("--organisation", metavar="CODE", help=gettext_lazy("the organisation that gave it"))
    p.add_argument("--author", default="", help=gettext_lazy("or who gave it (a deputy, a committee)"))
    p.add_argument("--dry-run", action="store_true", help=gettext_lazy("print the proposed items; store nothing"))
    p.set_defaults(func=prepared(prepare, _opinion_add))
    p = commands.add_parser("sessions", help=gettext_lazy("the NA and Standing Committee sessions that considered a draft"))
    p.add_argument("slug")
    p.add_argument("--json", action="store_true",
                   help='[{"body", "number", "held_on", …, "conclusions": [...]}]')
    p.set_defaults(func=prepared(prepare, _sessions))
    p = commands.add_parser("explanation", help=gettext_lazy("the explanation report to the Standing Committee"))
    p.add_argument("slug")
    p.add_argument("--docx", type=Path, metavar="OUT", help=gettext_lazy("write it as Word (Decree 30)"))
    p.add_argument("--json", action="store_true", help=gettext_lazy("print the report as JSON"))
    p.set_defaults(func=prepared(prepare, _explanation))


def _actor(args: argparse.Namespace) -> Any:
    from hoinhap.core.services import system_actor, user_get

    return user_get(args.as_user) if args.as_user else system_actor()


def _opinion_add(args: argparse.Namespace) -> int:
    from hoinhap.core.errors import NotFound
    from hoinhap.core.models import Organisation
    from hoinhap.drafting import na_services, selectors

    draft = selectors.draft_get(args.slug)
    text = na_services.source_text(args.file.read_bytes(), args.file.name)
    version, proposals = na_services.opinion_proposals(draft, args.kind, text)
    stored: list[int] = []
    organisation = Organisation.objects.filter(code=args.organisation).first() if args.organisation else None
    if args.organisation and organisation is None:
        raise NotFound(gettext("no organisation %(code)r") % {"code": args.organisation})
    if not args.dry_run:
        session = na_services.session_find(args.body, args.session) if args.session else None
        comments = na_services.opinions_save(actor=_actor(args), draft=draft, kind_code=args.kind, proposals=proposals,
                                             session=session, organisation=organisation,
                                             author_name=args.author)
        stored = [comment.pk for comment in comments]
    data = {"kind": args.kind, "version": version.number, "dry_run": args.dry_run,
            "proposals": [proposal.to_dict() for proposal in proposals], "stored": stored}
    if args.json:
        print(json.dumps(data, ensure_ascii=False))
        return 0
    for proposal in proposals:
        print(f"{proposal.eid or '(toàn bộ dự thảo)'}\t{proposal.text[:100]}")
    line = gettext("%(n)s items proposed on version %(version)s") % {"n": len(proposals), "version": version.number}
    if not args.dry_run:
        line += ", " + gettext("%(n)s stored") % {"n": len(stored)}
    print(line, file=sys.stderr)
    return 0


def _sessions(args: argparse.Namespace) -> int:
    from hoinhap.drafting import na_services, selectors

    rows = na_services.hearings_data(selectors.draft_get(args.slug))
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
        return 0
    for row in rows:
        body = "Quốc hội, kỳ họp" if row["body"] == "na" else "Ủy ban Thường vụ Quốc hội, phiên họp"
        print(f"{row['held_on']}\t{body} thứ {row['number']}")
        for conclusion in row["conclusions"]:  # type: ignore[attr-defined]
            mark = "x" if conclusion["done_on"] else " "
            print(f"\t[{mark}] {conclusion['text'][:100]}")
    return 0


def _explanation(args: argparse.Namespace) -> int:
    from django.utils import timezone

    from hoinhap.drafting import explanation_report, selectors

    report = explanation_report.explanation_report(selectors.draft_get(args.slug))
    if args.docx:
        args.docx.write_bytes(explanation_report.to_docx(report, on=timezone.localdate()))
        print(gettext("wrote %(path)s (%(n)s opinions)") % {"path": args.docx, "n": report.total}, file=sys.stderr)
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False))
    elif not args.docx:
        print(explanation_report.totals_line(report))
    return 0
