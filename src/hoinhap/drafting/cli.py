"""``hoinhap drafts …``, ``hoinhap comments from-letter …`` and ``hoinhap report consultation …``: list
drafts, import a version, send reminders, propose the comments of an official letter, and write a
round's comment-response report."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from hoinhap.core.cli import prepared

FORMATS = ("docx", "pdf", "xlsx", "html")  # as report_render.FORMATS, which needs Django loaded


def add_commands(sub: Any, reports: Any, prepare: Callable[[], None]) -> None:
    """Register ``drafts …`` under ``sub`` and ``consultation`` under ``hoinhap report``'s ``reports``."""
    drafts = sub.add_parser("drafts", help="drafts under consultation: list, import a version, remind invitees")
    drafts.add_argument("--json", action="store_true", help='[{"slug", "title", "versions", "comments"}]')
    drafts.set_defaults(func=prepared(prepare, _list))
    commands = drafts.add_subparsers(dest="drafts_command")
    p = commands.add_parser("import", help="add a version to a draft from a .txt, .docx or Akoma Ntoso file")
    p.add_argument("slug")
    p.add_argument("file", type=Path)
    p.add_argument("--publish", action="store_true", help="publish the new version at once")
    p.set_defaults(func=prepared(prepare, _import))
    p = commands.add_parser("remind", help="queue reminders to invited organisations that have not commented (daily)")
    p.add_argument("--date", type=date.fromisoformat, help="YYYY-MM-DD (default: today)")
    p.add_argument("--days-before", type=int, default=3)
    p.set_defaults(func=prepared(prepare, _remind))
    comments = sub.add_parser("comments", help="comments of a consultation round")
    commands = comments.add_subparsers(dest="comments_command", required=True)
    p = commands.add_parser("from-letter", help="propose one comment per provision an official letter (PDF, DOCX, "
                                                "text) cites; prints the proposals, stores nothing")
    p.add_argument("slug")
    p.add_argument("--round", type=int, help="the round number (default: the latest)")
    p.add_argument("file", type=Path)
    p.add_argument("--json", action="store_true", help='{"format", "version", "proposals": [{"eid", "label", '
                                                       '"cited", "quote", "text", "line", "warning"}]}')
    p.set_defaults(func=prepared(prepare, _from_letter))
    p = reports.add_parser("consultation", help="bản tổng hợp, giải trình, tiếp thu ý kiến of a round")
    p.add_argument("slug")
    p.add_argument("--round", type=int, help="the round number (default: the latest)")
    p.add_argument("--format", choices=FORMATS, default="docx")
    p.add_argument("-o", "--output", type=Path, required=True)
    p.set_defaults(func=prepared(prepare, _report))


def _list(args: argparse.Namespace) -> int:
    from hoinhap.drafting.selectors import draft_rows

    rows = draft_rows()
    if args.json:
        print(json.dumps([{k: row[k] for k in ("slug", "title", "versions", "comments")} for row in rows],
                         ensure_ascii=False, indent=1))
        return 0
    from rich.console import Console
    from rich.table import Table

    table = Table("slug", "title", "versions", "comments", "adopted as")
    for row in rows:
        table.add_row(row["slug"], row["title"][:70], str(row["versions"]), str(row["comments"]), row["adopted"] or "")
    Console().print(table)
    return 0


def _import(args: argparse.Namespace) -> int:
    from hoinhap.core.services import system_actor
    from hoinhap.drafting import services
    from hoinhap.drafting.selectors import draft_get

    actor = system_actor()
    draft = draft_get(args.slug)
    version = services.version_import(actor=actor, draft=draft, data=args.file.read_bytes(), filename=args.file.name)
    if args.publish:
        services.version_publish(actor=actor, version=version)
    print(f"{draft.slug}: version {version.number} ({'published' if args.publish else 'being edited'})",
          file=sys.stderr)
    return 0


def _remind(args: argparse.Namespace) -> int:
    """Only queue the reminders (the worker stamps them and sends the mail); queuing twice sends once."""
    from django.utils import timezone

    from hoinhap.drafting.jobs import reminders_enqueue

    today = args.date or timezone.localdate()
    queued = reminders_enqueue(today, args.days_before)
    for round_, invitation in queued:
        print(f"queued {round_.draft.slug} round {round_.number}: reminder to {invitation.organisation.code}")
    print(f"{len(queued)} reminders queued for {today.isoformat()}; `hoinhap worker` sends them", file=sys.stderr)
    return 0


def _from_letter(args: argparse.Namespace) -> int:
    from hoinhap.drafting.documents import provision_label, version_document
    from hoinhap.drafting.letter_services import letter_proposals
    from hoinhap.drafting.selectors import draft_get, round_get

    round_ = round_get(draft_get(args.slug), args.round)
    fmt, proposals = letter_proposals(round_, args.file.read_bytes(), args.file.name)
    document = version_document(round_.version)
    rows = [{**proposal.to_dict(), "label": provision_label(document.find(proposal.eid) if proposal.eid else None,
                                                            document)} for proposal in proposals]
    if args.json:
        print(json.dumps({"format": fmt, "version": round_.version.number, "proposals": rows}, ensure_ascii=False,
                         indent=1))
        return 0
    from rich.console import Console
    from rich.table import Table

    table = Table("#", "provision", "eId", "quoted words", "text", "check", title=f"{args.file.name} ({fmt}): "
                  f"round {round_.number}, version {round_.version.number}; nothing stored")
    for number, row in enumerate(rows, start=1):
        table.add_row(str(number), str(row["label"]), str(row["eid"]), str(row["quote"])[:60], str(row["text"])[:200],
                      str(row["warning"]))
    Console().print(table)
    print(f"{len(rows)} comments proposed; nothing stored", file=sys.stderr)
    return 0


def _report(args: argparse.Namespace) -> int:
    from hoinhap.drafting.report_render import render
    from hoinhap.drafting.selectors import draft_get, report_day, round_get, round_report

    draft = draft_get(args.slug)
    round_ = round_get(draft, args.round)
    report, frozen = round_report(round_)
    data, _ = render(report, args.format, on=report_day(round_))
    args.output.write_bytes(data)
    state = f"frozen, sha256 {round_.report_sha256}" if frozen else "live"
    print(f"wrote {args.output} ({state}; {report.totals['comments']} comments)", file=sys.stderr)
    return 0
