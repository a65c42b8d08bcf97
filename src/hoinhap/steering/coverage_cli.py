"""``hoinhap coverage propose|matrix|confirm|import``: the requirements of a directing document and
their coverage by a draft's provisions and by programme tasks (docs/institutions.md, "Requirement
coverage"). Writes act as ``--as-user`` (default: the operator's system account) and are audited."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from hoinhap.core.cli import gettext_lazy, prepared
from hoinhap.formatting import number


def add_commands(sub: Any, prepare: Callable[[], None]) -> None:
    cover = sub.add_parser("coverage", help=gettext_lazy("requirements of a directing document and what covers them"))
    commands = cover.add_subparsers(dest="coverage_command", required=True)
    p = commands.add_parser("propose", help=gettext_lazy("requirements from the document (if none yet) and proposed links"))
    _document_args(p)
    p.add_argument("--version", type=int, help=gettext_lazy("the draft's version (default: its latest published one)"))
    p.add_argument("--tasks", action="store_true", help=gettext_lazy("also propose programme tasks"))
    p.add_argument("--programme", action="append", default=[],
                   help=gettext_lazy("only the tasks of this programme (repeatable)"))
    p.add_argument("--top", type=int, default=5, help=gettext_lazy("proposals kept per requirement (default 5)"))
    p.set_defaults(func=prepared(prepare, _propose))
    p = commands.add_parser("matrix", help=gettext_lazy("the coverage matrix, rows grouped by field, with totals"))
    _document_args(p, draft_required=False)
    p.add_argument("--field", default="", help=gettext_lazy("only this field (foreign_investment, education, …)"))
    p.add_argument("--state", default="", choices=("", "covered", "partly", "not_covered"))
    p.set_defaults(func=prepared(prepare, _matrix))
    p = commands.add_parser("confirm", help=gettext_lazy("confirm (or --reject) a link of a requirement"))
    _document_args(p, draft_required=False)
    p.add_argument("code", help=gettext_lazy("the requirement's code, e.g. III.2"))
    target = p.add_mutually_exclusive_group(required=True)
    target.add_argument("--eid", help=gettext_lazy("a provision of the draft's version (with --draft)"))
    target.add_argument("--task", type=int, help=gettext_lazy("a task id"))
    p.add_argument("--version", type=int, help=gettext_lazy("the draft's version (default: its latest published one)"))
    p.add_argument("--partly", action="store_true", help=gettext_lazy("the link covers the requirement partly"))
    p.add_argument("--reject", action="store_true", help=gettext_lazy("reject the proposed link instead"))
    p.add_argument("--note", default="")
    p.set_defaults(func=prepared(prepare, _confirm))
    p = commands.add_parser("import", help=gettext_lazy("requirements from a TSV file: code, field, text, source eId"))
    p.add_argument("document", help=gettext_lazy("the directing document's number or slug (59-NQ/TW)"))
    p.add_argument("file", type=Path)
    p.add_argument("--as-user", help=gettext_lazy("act as this user (default: the system account)"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=prepared(prepare, _import))


def _document_args(p: argparse.ArgumentParser, *, draft_required: bool = True) -> None:
    p.add_argument("document", help=gettext_lazy("the directing document's number or slug (59-NQ/TW)"))
    p.add_argument("--draft", required=draft_required, help=gettext_lazy("the draft's slug"))
    p.add_argument("--as-user", help=gettext_lazy("act as this user (default: the system account)"))
    p.add_argument("--json", action="store_true")


def _actor(args: argparse.Namespace) -> Any:
    from hoinhap.core.services import system_actor, user_get

    return user_get(args.as_user) if args.as_user else system_actor()


def _print(args: argparse.Namespace, data: dict[str, Any], lines: list[str]) -> int:
    print(json.dumps(data, ensure_ascii=False, default=str) if args.json else "\n".join(lines))
    return 0


def _propose(args: argparse.Namespace) -> int:
    from hoinhap.implementation.models import Programme
    from hoinhap.steering import coverage
    from hoinhap.steering import coverage_selectors as selectors

    actor = _actor(args)
    work = selectors.work_get(args.document, actor)
    made = [] if work.requirements.exists() else coverage.requirements_from_document(actor=actor, work=work)
    programmes = tuple(Programme.objects.filter(slug__in=args.programme))
    scope = coverage.scope_for(draft=selectors.draft_get(args.draft), version_number=args.version,
                               tasks=args.tasks or bool(programmes), programmes=programmes)
    stored = coverage.links_propose(actor=actor, work=work, scope=scope, k=args.top)
    details = [selectors.requirement_detail(r) for r in work.requirements.all()]
    lines = [_("%(made)s requirements made, %(stored)s proposals stored (%(version)s)")
             % {"made": len(made), "stored": stored, "version": scope.version}]
    for detail in details:
        lines.append(f"{detail['code']} [{detail['field']}] {detail['text'][:70]}")
        lines += [f"    {_link_state(link['state']):12} {link['score'] or '':>6} {_target(link)}"
                  for link in detail["links"]]
    return _print(args, {"document": work.number, "version": str(scope.version), "requirements_made": len(made),
                         "proposals": stored, "requirements": details}, lines)


def _target(link: dict[str, Any]) -> str:
    if link["eid"]:
        return f"{_('version %(n)s') % {'n': link['version']}} {link['eid']}"
    return _("task %(task)s: %(title)s") % {"task": link["task"], "title": link["task_title"][:60]}


def _link_state(state: str) -> str:
    """A link's state ("proposed") as its model names it for a person; the code stays in --json."""
    from hoinhap.steering.models import CoverageLink

    return str(CoverageLink.State(state).label)


def _extent(extent: str | None) -> str:
    from hoinhap.steering.models import CoverageLink

    return str(CoverageLink.Extent(extent).label) if extent else ""


def _row_state(state: str) -> str:
    """A matrix row's state code ("not_covered") in words; the code stays in --json."""
    words = {"covered": _("covered"), "partly": _("partly covered"), "not_covered": _("not covered")}
    return words.get(state, state)


def _matrix(args: argparse.Namespace) -> int:
    from hoinhap.steering import coverage_selectors as selectors

    work = selectors.work_get(args.document, _actor(args))
    draft = selectors.draft_get(args.draft) if args.draft else None
    data = selectors.matrix(work, draft=draft, filters=selectors.Filters(field=args.field, state=args.state))
    totals = data["totals"]
    lines = [_("%(document)s: %(total)s requirements, %(covered)s covered, %(partly)s partly, %(not_covered)s not "
               "covered") % {"document": data["document"], **{key: number(totals[key]) for key in
                                                              ("total", "covered", "partly", "not_covered")}}]
    for field in data["fields"]:
        lines.append(_("%(field)s (%(covered)s/%(total)s covered)") % {
            "field": field["label"], "covered": number(field["totals"]["covered"]),
            "total": number(field["totals"]["total"])})
        lines += [f"  {row['code']:6} {_row_state(row['state']):18} "
                  + _("%(provisions)s provisions, %(tasks)s tasks") % {"provisions": len(row["provisions"]),
                                                                       "tasks": len(row["tasks"])}
                  + f"  {row['text'][:60]}" for row in field["rows"]]
    return _print(args, data, lines)


def _confirm(args: argparse.Namespace) -> int:
    from hoinhap.core.errors import ValidationFailed
    from hoinhap.implementation.models import Task
    from hoinhap.steering import coverage
    from hoinhap.steering import coverage_selectors as selectors
    from hoinhap.steering.models import CoverageLink

    work = selectors.work_get(args.document, _actor(args))
    requirement = selectors.requirement_get(work, args.code)
    extent = CoverageLink.Extent.PARTIAL if args.partly else CoverageLink.Extent.FULL
    if args.eid:
        if not args.draft:
            raise ValidationFailed(_("--eid needs --draft"))
        version = coverage.scope_for(draft=selectors.draft_get(args.draft), version_number=args.version).version
        link = requirement.links.filter(version=version, eid=args.eid).first()
        task = None
    else:
        task = Task.objects.filter(pk=args.task).first()
        if task is None:
            raise selectors.NotFound(_("no task %(task)s") % {"task": args.task})
        link, version = requirement.links.filter(task=task).first(), None
    if link is None and args.reject:
        raise selectors.NotFound(_("no such proposal to reject"))
    if link is None:
        link = coverage.link_add(actor=_actor(args), requirement=requirement, extent=extent, version=version,
                                 eid=args.eid or "", task=task, note=args.note)
    else:
        link = coverage.link_decide(actor=_actor(args), link=link, confirm=not args.reject, extent=extent, note=args.note)
    row = selectors.link_row(link)
    line = f"{requirement.code} → {_target(row)}: {_link_state(row['state'])} {_extent(row['extent'])}".rstrip()
    return _print(args, {"requirement": requirement.code, **row}, [line])


def _import(args: argparse.Namespace) -> int:
    from hoinhap.steering import coverage
    from hoinhap.steering import coverage_selectors as selectors

    work = selectors.work_get(args.document, _actor(args))
    made = coverage.requirements_import(actor=_actor(args), work=work, data=args.file.read_bytes())
    return _print(args, {"document": work.number, "imported": [r.code for r in made]},
                  [_("%(n)s requirements imported into %(document)s") % {"n": len(made), "document": work.number}])
