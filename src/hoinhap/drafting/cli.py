"""``hoinhap drafts …``, ``hoinhap comments from-letter …`` and ``hoinhap report consultation …``: list
drafts; run the consultation cycle (create a draft, import and publish a version, open, extend, close
and freeze a round, each with ``--json`` printing one object and ``--as USERNAME`` naming the actor);
send reminders, propose the comments of an official letter, and write a round's comment-response report."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from django.utils.translation import gettext

from hoinhap.core.cli import gettext_lazy, prepared

FORMATS = ("docx", "pdf", "xlsx", "html")  # as report_render.FORMATS, which needs Django loaded


def add_commands(sub: Any, reports: Any, prepare: Callable[[], None]) -> None:
    """Register ``drafts …`` under ``sub`` and ``consultation`` under ``hoinhap report``'s ``reports``."""
    drafts = sub.add_parser("drafts", help=gettext_lazy("drafts: list, create, import, publish, rounds, remind invitees"))
    drafts.add_argument("--json", action="store_true", help='[{"slug", "title", "versions", "comments"}]')
    drafts.set_defaults(func=prepared(prepare, _list))
    commands = drafts.add_subparsers(dest="drafts_command")
    _add_cycle_commands(commands, prepare)
    from hoinhap.drafting.na_cli import add_na_commands  # the National Assembly side (issue 18)

    add_na_commands(commands, prepare, _common())
    p = commands.add_parser("remind",
                            help=gettext_lazy("queue reminders to invited organisations that have not commented (daily)"))
    p.add_argument("--date", type=date.fromisoformat, help=gettext_lazy("YYYY-MM-DD (default: today)"))
    p.add_argument("--days-before", type=int, default=3)
    p.set_defaults(func=prepared(prepare, _remind))
    comments = sub.add_parser("comments", help=gettext_lazy("comments of a consultation round"))
    commands = comments.add_subparsers(dest="comments_command", required=True)
    p = commands.add_parser("from-letter",
                            help=gettext_lazy("propose one comment per provision an official letter (PDF, DOCX, "
                                                "text) cites; prints the proposals, stores nothing"))
    p.add_argument("slug")
    p.add_argument("--round", type=int, help=gettext_lazy("the round number (default: the latest)"))
    p.add_argument("file", type=Path)
    p.add_argument("--json", action="store_true", help='{"format", "version", "proposals": [{"eid", "label", '
                                                       '"cited", "quote", "text", "line", "warning"}]}')
    p.set_defaults(func=prepared(prepare, _from_letter))
    p = reports.add_parser("consultation", help=gettext_lazy("bản tổng hợp, giải trình, tiếp thu ý kiến of a round"))
    p.add_argument("slug")
    p.add_argument("--round", type=int, help=gettext_lazy("the round number (default: the latest)"))
    p.add_argument("--format", choices=FORMATS, default="docx")
    p.add_argument("-o", "--output", type=Path, required=True)
    p.add_argument("--sign", action="store_true",
                   help=gettext_lazy("PDF only: the frozen report signed by the signer and the "
                   "organisation (keys: HOINHAP_SIGNING_PKCS12 or HOINHAP_SIGNING_PKCS11_*; see docs/drafting.md)"))
    p.add_argument("--as", dest="as_user", metavar="USERNAME",
                   help=gettext_lazy("with --sign: who signs off (default: the operator)"))
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

    table = Table(gettext("short name"), gettext("title"), gettext("versions"), gettext("comments"), gettext("adopted as"))
    for row in rows:
        table.add_row(row["slug"], row["title"][:70], str(row["versions"]), str(row["comments"]), row["adopted"] or "")
    Console().print(table)
    return 0


def _remind(args: argparse.Namespace) -> int:
    """Only queue the reminders (the worker stamps them and sends the mail); queuing twice sends once."""
    from django.utils import timezone

    from hoinhap.drafting.jobs import reminders_enqueue

    today = args.date or timezone.localdate()
    queued = reminders_enqueue(today, args.days_before)
    for round_, invitation in queued:
        print(gettext("queued %(slug)s round %(round)s: reminder to %(organisation)s") % {
            "slug": round_.draft.slug, "round": round_.number, "organisation": invitation.organisation.code})
    print(gettext("%(n)s reminders queued for %(date)s; `hoinhap worker` sends them")
          % {"n": len(queued), "date": f"{today:%d/%m/%Y}"}, file=sys.stderr)
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

    title = gettext("%(file)s (%(format)s): round %(round)s, version %(version)s; nothing stored") % {
        "file": args.file.name, "format": fmt, "round": round_.number, "version": round_.version.number}
    table = Table("#", gettext("provision"), "eId", gettext("quoted words"), gettext("text"), gettext("check"),
                  title=title)
    for number, row in enumerate(rows, start=1):
        table.add_row(str(number), str(row["label"]), str(row["eid"]), str(row["quote"])[:60], str(row["text"])[:200],
                      str(row["warning"]))
    Console().print(table)
    print(gettext("%(n)s comments proposed; nothing stored") % {"n": len(rows)}, file=sys.stderr)
    return 0


def _report(args: argparse.Namespace) -> int:
    from hoinhap.drafting.report_render import render
    from hoinhap.drafting.selectors import draft_get, report_day, round_get, round_report

    draft = draft_get(args.slug)
    round_ = round_get(draft, args.round)
    report, frozen = round_report(round_)
    if args.sign:
        from hoinhap.core.errors import ValidationFailed
        from hoinhap.drafting.signing import sign_round_report

        if args.format != "pdf":
            raise ValidationFailed(gettext("--sign needs --format pdf"))
        data = sign_round_report(actor=_actor(args), round_=round_)
    else:
        data, _ = render(report, args.format, on=report_day(round_))
    args.output.write_bytes(data)
    state = gettext("frozen, sha256 %(sha256)s") % {"sha256": round_.report_sha256} if frozen else gettext("live")
    print(gettext("wrote %(path)s (%(state)s; %(n)s comments)")
          % {"path": args.output, "state": state, "n": report.totals["comments"]}, file=sys.stderr)
    return 0


# --- The consultation cycle from the shell: drafts create|import|publish, drafts round open|extend|close|freeze ---

def day(text: str) -> date:
    """A date as YYYY-MM-DD or as written in Vietnam, dd/mm/yyyy."""
    try:
        if "/" in text:
            dd, mm, yyyy = text.split("/")
            return date(int(yyyy), int(mm), int(dd))
        return date.fromisoformat(text)
    except ValueError as error:
        message = gettext("not a date (YYYY-MM-DD or dd/mm/yyyy): %(text)r") % {"text": text}
        raise argparse.ArgumentTypeError(message) from error


def _common() -> argparse.ArgumentParser:
    """--json and --as, on every write of the cycle."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--json", action="store_true", help=gettext_lazy("print one JSON object on stdout"))
    common.add_argument("--as", dest="as_user", metavar="USERNAME",
                        help=gettext_lazy("act as this account (its permissions apply; the audit log names it); "
                             "default: the hoinhap-system operator"))
    return common


def _add_cycle_commands(commands: Any, prepare: Callable[[], None]) -> None:
    common = _common()
    p = commands.add_parser("create", parents=[common], help=gettext_lazy('start a draft; prints {"slug"}'))
    p.add_argument("slug")
    p.add_argument("--title", required=True)
    p.add_argument("--agency", required=True, help=gettext_lazy("the drafting agency's code, e.g. BNG"))
    p.add_argument("--type", dest="doc_type", default="Nghị quyết", help=gettext_lazy("document type (default: Nghị quyết)"))
    p.add_argument("--amends", metavar="NUMBER", help=gettext_lazy("number of the corpus document the draft amends"))
    p.add_argument("--scheme", default="na_resolution",
                   help=gettext_lazy("the dossier's stage scheme (default: na_resolution)"))
    p.set_defaults(func=prepared(prepare, _create))
    p = commands.add_parser("import", parents=[common],
                            help=gettext_lazy('add a version from a .txt, .docx, .pdf or Akoma Ntoso '
                                                             'file; prints {"slug", "version"}'))
    p.add_argument("slug")
    p.add_argument("file", type=Path)
    p.add_argument("--publish", action="store_true", help=gettext_lazy("publish the new version at once"))
    p.set_defaults(func=prepared(prepare, _import))
    p = commands.add_parser("publish", parents=[common], help=gettext_lazy('publish version N; prints {"slug", "version"}'))
    p.add_argument("slug")
    p.add_argument("number", type=int)
    p.set_defaults(func=prepared(prepare, _publish))
    rounds = commands.add_parser("round", help=gettext_lazy("consultation rounds: open, extend, close, freeze"))
    verbs = rounds.add_subparsers(dest="round_command", required=True)
    p = verbs.add_parser("open", parents=[common], help=gettext_lazy('open a round on a published version; prints '
                                                        '{"slug", "round", "deadline"}'))
    p.add_argument("slug")
    p.add_argument("--version", type=int, required=True)
    p.add_argument("--deadline", type=day, required=True, help=gettext_lazy("YYYY-MM-DD or dd/mm/yyyy"))
    p.add_argument("--opens-on", type=day, help=gettext_lazy("default: today"))
    p.add_argument("--invite", action="append", default=[], metavar="CODE",
                   help=gettext_lazy("an organisation (repeatable)"))
    p.add_argument("--public", action="store_true", help=gettext_lazy("open to public comment"))
    p.add_argument("--signer-name", default="")
    p.add_argument("--signer-title", default="")
    p.add_argument("--signer-capacity", default="", help=gettext_lazy("e.g. 'KT. BỘ TRƯỞNG'; empty: signs in own name"))
    p.set_defaults(func=prepared(prepare, _round_open))
    for verb, func, text in (
            ("extend", _round_extend, gettext_lazy('move the deadline later; prints {"slug", "round", "deadline"}')),
            ("close", _round_close, gettext_lazy('stop taking comments; prints {"slug", "round", "closed_at"}')),
            ("freeze", _round_freeze, gettext_lazy('freeze the report; prints {"slug", "round", "report_sha256"}'))):
        p = verbs.add_parser(verb, parents=[common], help=text)
        p.add_argument("slug")
        p.add_argument("number", type=int)
        if verb == "extend":
            p.add_argument("--deadline", type=day, required=True, help=gettext_lazy("YYYY-MM-DD or dd/mm/yyyy"))
        p.set_defaults(func=prepared(prepare, func))


def _actor(args: argparse.Namespace) -> Any:
    from hoinhap.core.services import system_actor, user_get

    return user_get(args.as_user) if args.as_user else system_actor()


def _done(args: argparse.Namespace, data: dict[str, Any], line: str) -> int:
    """One JSON object on stdout with --json, else one line for a person."""
    print(json.dumps(data, ensure_ascii=False, default=str) if args.json else line)
    return 0


def _organisation(code: str) -> Any:
    from hoinhap.core.errors import NotFound
    from hoinhap.core.models import Organisation

    organisation = Organisation.objects.filter(code=code).first()
    if organisation is None:
        raise NotFound(gettext("no organisation %(code)r") % {"code": code})
    return organisation


def _create(args: argparse.Namespace) -> int:
    from hoinhap.corpus.selectors import work_get
    from hoinhap.drafting import services

    actor, agency = _actor(args), _organisation(args.agency)
    draft = services.draft_create(actor=actor, slug=args.slug, title=args.title, drafting_agency=agency,
                                  doc_type=args.doc_type, stage_scheme=args.scheme,
                                  amends=work_get(args.amends) if args.amends else None)
    return _done(args, {"slug": draft.slug}, gettext("created draft %(slug)s (%(agency)s, %(scheme)s)")
                 % {"slug": draft.slug, "agency": agency.code, "scheme": args.scheme})


def _import(args: argparse.Namespace) -> int:
    from hoinhap.drafting import services
    from hoinhap.drafting.selectors import draft_get

    actor, draft = _actor(args), draft_get(args.slug)
    version = services.version_import(actor=actor, draft=draft, data=args.file.read_bytes(), filename=args.file.name)
    if args.publish:
        version = services.version_publish(actor=actor, version=version)
    state = gettext("published") if args.publish else gettext("being edited")
    return _done(args, {"slug": draft.slug, "version": version.number}, gettext("%(slug)s: version %(version)s (%(state)s)")
                 % {"slug": draft.slug, "version": version.number, "state": state})


def _publish(args: argparse.Namespace) -> int:
    from hoinhap.core.errors import NotFound
    from hoinhap.drafting import services
    from hoinhap.drafting.selectors import draft_get

    draft = draft_get(args.slug)
    version = draft.versions.filter(number=args.number).first()
    if version is None:
        raise NotFound(gettext("%(slug)s has no version %(number)s") % {"slug": draft.slug, "number": args.number})
    version = services.version_publish(actor=_actor(args), version=version)
    line = gettext("%(slug)s: version %(n)s published") % {"slug": draft.slug, "n": version.number}
    return _done(args, {"slug": draft.slug, "version": version.number}, line)


def _round_open(args: argparse.Namespace) -> int:
    from django.utils import timezone

    from hoinhap.core.errors import NotFound
    from hoinhap.drafting import round_services
    from hoinhap.drafting.selectors import draft_get

    draft = draft_get(args.slug)
    version = draft.versions.filter(number=args.version).first()
    if version is None:
        raise NotFound(gettext("%(slug)s has no version %(version)s") % {"slug": draft.slug, "version": args.version})
    round_ = round_services.round_open(
        actor=_actor(args), version=version, opens_on=args.opens_on or timezone.localdate(), deadline=args.deadline,
        organisations=[_organisation(code) for code in args.invite], public=args.public, signer_name=args.signer_name,
        signer_title=args.signer_title, signer_capacity=args.signer_capacity)
    return _done(args, {"slug": draft.slug, "round": round_.number, "deadline": round_.deadline.isoformat()},
                 gettext("%(slug)s: round %(round)s on version %(version)s, %(opens)s – %(deadline)s, "
                         "%(n)s organisations invited")
                 % {"slug": draft.slug, "round": round_.number, "version": version.number,
                    "opens": f"{round_.opens_on:%d/%m/%Y}", "deadline": f"{round_.deadline:%d/%m/%Y}",
                    "n": len(args.invite)})


def _round(args: argparse.Namespace) -> Any:
    from hoinhap.drafting.selectors import draft_get, round_get

    return round_get(draft_get(args.slug), args.number)


def _round_extend(args: argparse.Namespace) -> int:
    from hoinhap.drafting import round_services

    round_ = round_services.round_extend(actor=_actor(args), round_=_round(args), deadline=args.deadline)
    return _done(args, {"slug": args.slug, "round": round_.number, "deadline": round_.deadline.isoformat()},
                 gettext("%(slug)s: round %(round)s now ends %(deadline)s")
                 % {"slug": args.slug, "round": round_.number, "deadline": f"{round_.deadline:%d/%m/%Y}"})


def _round_close(args: argparse.Namespace) -> int:
    from hoinhap.drafting import round_services

    round_ = round_services.round_close(actor=_actor(args), round_=_round(args))
    assert round_.closed_at is not None
    return _done(args, {"slug": args.slug, "round": round_.number, "closed_at": round_.closed_at.isoformat()},
                 gettext("%(slug)s: round %(round)s closed; no more comments") % {"slug": args.slug,
                                                                                 "round": round_.number})


def _round_freeze(args: argparse.Namespace) -> int:
    from hoinhap.drafting import round_services

    round_ = round_services.round_freeze(actor=_actor(args), round_=_round(args))
    return _done(args, {"slug": args.slug, "round": round_.number, "report_sha256": round_.report_sha256},
                 gettext("%(slug)s: round %(round)s report frozen, sha256 %(sha256)s")
                 % {"slug": args.slug, "round": round_.number, "sha256": round_.report_sha256})
