"""``hoinhap``: the one command for users and operators. Thin: it parses arguments, calls the core
or a service, and prints. Errors are one line on stderr and a non-zero exit code."""

from __future__ import annotations

import argparse
import contextlib
import gettext
import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import cast

from django.utils.translation import gettext as _

from hoinhap.core.cli import add_commands as add_account_commands
from hoinhap.core.cli import gettext_lazy
from hoinhap.drafting.cli import add_commands as add_drafting_commands
from hoinhap.formatting import number
from hoinhap.implementation.classified_cli import add_commands as add_classify_commands
from hoinhap.implementation.cli import add_commands as add_implementation_commands
from hoinhap.indicators.cli import add_commands as add_partner_commands
from hoinhap.legal.errors import UnreadableDocument
from hoinhap.mechanisms.cli import add_commands as add_mechanism_commands
from hoinhap.mechanisms.rules import InputError
from hoinhap.notices.cli import add_commands as add_notice_commands
from hoinhap.privacy.cli import add_commands as add_privacy_commands
from hoinhap.steering.cli import add_commands as add_steering_commands

SUFFIXES = {".txt", ".md", ".markdown", ".docx", ".pdf", ".xml", ".akn"}  # .md is read as text


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hoinhap.config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)  # messages in the site's language (Vietnamese), set explicitly


def _catalogue() -> gettext.NullTranslations:
    """The interface's catalogue in the site's language (``LANGUAGE_CODE``, Vietnamese), read without
    setting Django up: argparse speaks before any command has run."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hoinhap.config.settings")
    from django.conf import settings

    from hoinhap.i18n import LOCALE_DIR

    return gettext.translation("django", LOCALE_DIR, languages=[settings.LANGUAGE_CODE], fallback=True)


@contextlib.contextmanager
def _argparse_in(catalogue: gettext.NullTranslations) -> Iterator[None]:
    """argparse's own messages ("usage: ", "the following arguments are required: %s", "invalid choice:
    …") through our catalogue, by their own msgids: argparse looks up its module's ``_`` and ``ngettext``
    at each call, so they are swapped while the parser is built and run, and put back after."""
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._, argparse.ngettext = catalogue.gettext, catalogue.ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


def _migrate(verbosity: int = 0) -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=verbosity)


def _prepare() -> None:
    _django()
    _migrate()


def cmd_parse(args: argparse.Namespace) -> int:
    """Parse a file and print its tree; no database involved."""
    from hoinhap.legal.akn_export import to_akn
    from hoinhap.legal.reading import read_bytes
    from hoinhap.legal.render import to_json, to_text

    _source, document = read_bytes(Path(args.file).read_bytes(), args.file, language=args.language)
    if args.format == "json":
        print(to_json(document))
    elif args.format == "akn":
        sys.stdout.write(to_akn(document).decode())
    else:
        sys.stdout.write(to_text(document))
    return 0


def _collect(paths: Sequence[str]) -> list[Path]:
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES))
        elif path.exists():
            files.append(path)
        else:
            raise FileNotFoundError(_("no such file: %(path)s") % {"path": raw})
    return files


def _warning_line(filename: str, warning: dict[str, object]) -> str:
    line = warning.get("line") or 0
    return f"{filename}:{line}: {warning.get('message', '')}" if line else f"{filename}: {warning.get('message', '')}"


def cmd_import(args: argparse.Namespace) -> int:
    """Import files in batches: one transaction per batch with a savepoint per document (a bad one is
    reported and stores nothing, the others commit), then the batch's index changes in one commit."""
    _django()
    _migrate()
    from rich.console import Console
    from rich.progress import Progress
    from rich.table import Table

    from hoinhap.corpus.services import ImportResult, Source, work_import_batch

    console = Console(stderr=True)
    files = _collect(args.paths)
    rows: list[tuple[str, str, str, str]] = []
    notes: list[str] = []
    failed = 0

    def batches() -> Iterator[list[Path]]:
        """``--batch`` files at most, and at most 64 MB of them: a batch is read whole before it is stored."""
        chunk: list[Path] = []
        size = 0
        for path in files:
            if chunk and (len(chunk) >= max(1, args.batch) or size + path.stat().st_size > 64 * 1024 * 1024):
                yield chunk
                chunk, size = [], 0
            chunk.append(path)
            size += path.stat().st_size
        if chunk:
            yield chunk

    progress = Progress(console=console, transient=True)
    task = progress.add_task(_("Importing"), total=len(files))
    background = _background_indexer() if args.index_process else None
    started, size = time.perf_counter(), sum(path.stat().st_size for path in files) / 1e6
    for chunk in batches():
        progress.start()
        try:
            outcomes = work_import_batch(actor=None, sources=[Source(p.read_bytes(), p.name, args.number) for p in chunk],
                                         status=args.status, done=lambda: progress.advance(task))
        finally:
            progress.stop()  # the index's own bar (a rebuild) may show next
        for path, outcome in zip(chunk, outcomes, strict=True):
            if isinstance(outcome, ImportResult):
                rows.append((path.name, outcome.work.number or outcome.work.label, outcome.outcome,
                             str(len(outcome.warnings))))
                notes.extend(_warning_line(path.name, warning) for warning in outcome.warnings)
            else:
                failed += 1
                rows.append((path.name, "—", _("failed: %(reason)s") % {"reason": outcome.message}, ""))
        if background is not None:
            background.poke()  # the indexer process applies this batch while the next one is stored
        else:
            _apply_outbox()  # the batch is committed: its index changes go in one index commit
    stored = time.perf_counter() - started
    if background is not None:
        _finish_background(background)
    searchable = time.perf_counter() - started
    table = Table(_("file"), _("document"), _("outcome"), _("warnings"))
    for row in rows:
        table.add_row(*row)
    console.print(table)
    for note in notes:  # each warning, not only their count: "file:line: message"
        console.print(note, markup=False, highlight=False)
    console.print(_("%(imported)s imported, %(failed)s failed; %(size)s MB stored and queued for the index in "
                    "%(stored)s s (%(stored_rate)s MB/s), searchable after %(searchable)s s (%(searchable_rate)s MB/s)")
                  % {"imported": number(len(files) - failed), "failed": number(failed), "size": number(size, 1),
                     "stored": number(stored, 1), "stored_rate": number(size / max(stored, 1e-9), 2),
                     "searchable": number(searchable, 1), "searchable_rate": number(size / max(searchable, 1e-9), 2)},
                  markup=False, highlight=False)
    return 2 if failed else 0


def _background_indexer():  # noqa: ANN202 - the indexer's BackgroundIndexer, imported late
    """``--index-process``: an indexer process beside the import, or None (and the index applied
    after each batch here) where another process cannot see the database."""
    from hoinhap.corpus.indexer import BackgroundIndexer

    background = BackgroundIndexer.start()
    if background is None:
        print(_("hoinhap: the database is in memory: the index is applied in this process"), file=sys.stderr)
    return background


def _finish_background(background) -> None:  # noqa: ANN001 - the indexer's BackgroundIndexer
    from hoinhap.corpus.indexer import IndexerError

    try:
        print(_("search index: %(summary)s") % {"summary": background.finish().describe()}, file=sys.stderr)
    except IndexerError as error:
        print(_not_indexed(error), file=sys.stderr)


def _not_indexed(error: Exception) -> str:
    return _("hoinhap: warning: the search index was not updated (%(error)s); run `hoinhap indexer --once`") % {
        "error": error}


def cmd_export(args: argparse.Namespace) -> int:
    _django()
    from hoinhap.corpus.exporters import export_work
    from hoinhap.corpus.selectors import work_get

    content, _media_type, filename = export_work(work_get(args.number), args.format, args.language)
    if args.output:
        Path(args.output).write_bytes(content)
        print(_("wrote %(path)s") % {"path": args.output}, file=sys.stderr)
    elif args.format == "docx":
        Path(filename).write_bytes(content)
        print(_("wrote %(path)s") % {"path": filename}, file=sys.stderr)
    else:
        sys.stdout.buffer.write(content)
    return 0


def _filters(args: argparse.Namespace):  # noqa: ANN202 - the engine's Filters, imported late
    from hoinhap.search.engine import Filters

    return Filters(doc_types=tuple(args.type or ()), issuers=tuple(args.issuer or ()), year_from=args.year_from,
                   year_to=args.year_to, in_force=True if args.in_force else None)


def cmd_search(args: argparse.Namespace) -> int:
    _django()
    import json

    from hoinhap.corpus.search import search_rows

    rows = search_rows(args.query, filters=_filters(args), limit=args.top)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    from rich.console import Console

    console = Console(highlight=False)
    for row in rows:
        score = _("direct") if row.get("direct") else number(cast(float, row["score"]), 2)
        console.print(f"[bold]{row['work']}[/bold] {row['eid']}  [dim]{score}[/dim]")
        if row["heading"]:
            console.print(f"  {row['heading']}")
        console.print(f"  {row['snippet']}", markup=False)
    if not rows:
        console.print(_("no results"))
    return 0


def _catch_up(*, rebuild: bool = False):  # noqa: ANN202 - the indexer's CatchUp
    """Apply the outbox to this machine's index, with a progress bar if it has to be rebuilt."""
    from rich.console import Console
    from rich.progress import Progress

    from hoinhap.corpus import indexer

    class Bar(indexer.Progress):
        bar: Progress | None = None

        def start(self, total: int) -> None:
            self.bar = Progress(transient=True, console=Console(stderr=True))
            self.bar.start()
            self.task = self.bar.add_task(_("Indexing"), total=total)

        def advance(self) -> None:
            if self.bar is not None:
                self.bar.advance(self.task)

    bar = Bar()
    try:
        return indexer.catch_up(progress=bar, force_rebuild=rebuild)
    finally:
        if bar.bar is not None:
            bar.bar.stop()


def _apply_outbox() -> None:
    """After a command's commits, this machine's search index learns of them at once. If it cannot be
    written the data stays committed and the outbox keeps the changes for `hoinhap indexer`."""
    from hoinhap.corpus.indexer import IndexerError

    try:
        print(_("search index: %(summary)s") % {"summary": _catch_up().describe()}, file=sys.stderr)
    except IndexerError as error:
        print(_not_indexed(error), file=sys.stderr)


def cmd_reindex(args: argparse.Namespace) -> int:
    """Rebuild this machine's index from the database (the indexer also does it when it must)."""
    _django()
    _migrate()
    result = _catch_up(rebuild=True)
    print(_("indexed %(passages)s passages; %(summary)s") % {"passages": number(result.passages),
                                                              "summary": result.describe()}, file=sys.stderr)
    return 0


def cmd_indexer(args: argparse.Namespace) -> int:
    """Apply the outbox to this host's search index: once (--once), or on every change until stopped."""
    _prepare()
    import json
    import threading

    from hoinhap.corpus.indexer import CatchUp, run

    def report(result: CatchUp) -> None:
        print(json.dumps(result.as_dict()) if args.json else f"indexer: {result.describe()}", flush=True)

    if args.once:
        report(_catch_up())
        return 0
    print(_("indexer: applying the outbox until stopped (Ctrl-C)"), file=sys.stderr)
    run(threading.Event(), poll=args.poll, report=report)
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    _django()
    _migrate()
    from hoinhap.demo.load import load_demo

    summary = load_demo()
    print(summary, file=sys.stderr)
    _apply_outbox()
    if args.no_serve:
        return 0
    return cmd_serve(args)


def cmd_serve(args: argparse.Namespace) -> int:
    _django()
    _migrate()
    from django.core.management import call_command

    _serve_worker()
    _serve_indexer()
    if getattr(args, "production", False):
        from waitress import serve

        from hoinhap.config.wsgi import application

        print(_("serving on %(url)s with waitress (%(threads)s threads)")
              % {"url": f"http://{args.host}:{args.port}/", "threads": args.threads}, file=sys.stderr)
        serve(application, host=args.host, port=int(args.port), threads=args.threads)
        return 0
    call_command("runserver", f"{args.host}:{args.port}", use_reloader=False)
    return 0


def _serve_indexer() -> None:
    """The server keeps this machine's search index: an indexer thread (hosts that share a database
    each run `hoinhap serve`, or `hoinhap indexer` beside their web server)."""
    from hoinhap.corpus.indexer import start_thread

    start_thread()


def _serve_worker() -> None:
    """One machine needs nothing more: the server runs a queue worker thread (HOINHAP_SERVE_WORKER=0
    where `hoinhap worker` runs as its own service)."""
    from django.conf import settings

    if settings.HOINHAP_SERVE_WORKER:
        from hoinhap.jobs.worker import start_thread

        start_thread()


def cmd_worker(args: argparse.Namespace) -> int:
    """Run the background jobs (reminders, escalations, mail, large reports); --batch runs what is
    ready and exits (tests, cron), otherwise it waits for more until stopped."""
    _prepare()
    from hoinhap.jobs.worker import run

    def report(job_id: str, name: str, status: str) -> None:
        print(f"{status.lower()}: {name} {job_id}", file=sys.stderr)

    ran = run(queues=args.queue, batch=args.batch, interval=args.interval, signals=True, report=report)
    print(_("ran %(count)s jobs") % {"count": number(ran)}, file=sys.stderr)
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    _prepare()
    from rich.console import Console

    from hoinhap.core.backup import backup

    with Console(stderr=True).status(_("Writing the backup")):
        summary = backup(args.output)
    print(_("wrote %(path)s: %(records)s records, %(files)s files")
          % {"path": args.output, "records": number(summary.records), "files": number(summary.files)}, file=sys.stderr)
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    _prepare()
    from rich.console import Console

    from hoinhap.core.backup import restore

    with Console(stderr=True).status(_("Restoring")):
        summary = restore(args.file, force=args.force)
    print(_("restored %(records)s records and %(files)s files from %(path)s")
          % {"records": number(summary.records), "files": number(summary.files), "path": args.file}, file=sys.stderr)
    _apply_outbox()  # a new index generation: this machine's index is rebuilt now, other hosts' by their indexer
    return 0


def cmd_manage(args: argparse.Namespace) -> int:
    _django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["hoinhap manage", *args.rest])
    return 0


def build_parser() -> argparse.ArgumentParser:
    # argparse cleans a description with re, which needs a str: translated here, not lazily
    parser = argparse.ArgumentParser(prog="hoinhap", description=str(gettext_lazy(
        "hoinhap: the one command for users and operators. Errors are one line on stderr and a non-zero exit code.")))
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("parse", help=gettext_lazy("print the tree of a .txt, .docx or Akoma Ntoso file"))
    p.add_argument("file")
    p.add_argument("--format", choices=["json", "akn", "text"], default="json")
    p.add_argument("--language", choices=["vi", "en"], default=None)
    p.set_defaults(func=cmd_parse)
    p = sub.add_parser("import", help=gettext_lazy("import documents (files or folders) into the corpus"))
    p.add_argument("paths", nargs="+")
    p.add_argument("--number", help=gettext_lazy("the number and symbol, when the text lost it (one file only)"))
    p.add_argument("--status", default="unknown", choices=["in_force", "expired", "draft", "unknown"])
    p.add_argument("--batch", type=int, default=200, help=gettext_lazy("documents per transaction (each all or nothing)"))
    p.add_argument("--index-process", action="store_true",
                   help=gettext_lazy("index in a separate process while the next batch is stored (bulk imports)"))
    p.set_defaults(func=cmd_import)
    p = sub.add_parser("export", help=gettext_lazy("export a document by number or slug"))
    p.add_argument("number")
    p.add_argument("--format", choices=["akn", "json", "docx"], default="akn")
    p.add_argument("--language", default=None)
    p.add_argument("-o", "--output")
    p.set_defaults(func=cmd_export)
    p = sub.add_parser("search",
                       help=gettext_lazy("search articles and clauses; a query naming a provision goes straight to it"))
    p.add_argument("query")
    p.add_argument("--top", type=int, default=10)
    p.add_argument("--json", action="store_true",
                   help=gettext_lazy('a list of {"work", "eid", "heading", "snippet", "score"}'))
    p.add_argument("--type", action="append", help=gettext_lazy("document type, e.g. 'Nghị quyết' (repeatable)"))
    p.add_argument("--issuer", action="append", help=gettext_lazy("issuer code, e.g. CP, QH, TTg (repeatable)"))
    p.add_argument("--year-from", type=int)
    p.add_argument("--year-to", type=int)
    p.add_argument("--in-force", action="store_true", help=gettext_lazy("only documents in force"))
    p.set_defaults(func=cmd_search)
    p = sub.add_parser("reindex", help=gettext_lazy("rebuild the search index from the database"))
    p.set_defaults(func=cmd_reindex)
    p = sub.add_parser("indexer",
                       help=gettext_lazy("apply the search outbox to this host's index (one per host; serve runs one)"))
    p.add_argument("--once", action="store_true", help=gettext_lazy("catch up, print what was applied and exit"))
    p.add_argument("--poll", type=float, default=None,
                   help=gettext_lazy("seconds between looks (default HOINHAP_INDEXER_POLL_SECONDS)"))
    p.add_argument("--json", action="store_true",
                   help=gettext_lazy('print {"rebuilt", "rows", "works", "passages", "pruned"}'))
    p.set_defaults(func=cmd_indexer)
    for name, func, text in (("demo", cmd_demo, gettext_lazy("create the database, load the demo data and serve it")),
                             ("serve", cmd_serve, gettext_lazy("serve the web app"))):
        p = sub.add_parser(name, help=text)
        p.add_argument("--host", default="127.0.0.1")
        p.add_argument("--port", default="8000")
        if name == "demo":
            p.add_argument("--no-serve", action="store_true", help=gettext_lazy("stop after loading"))
        else:
            p.add_argument("--production", action="store_true",
                           help=gettext_lazy("serve with waitress instead of Django's runserver"))
            p.add_argument("--threads", type=int, default=8)
        p.set_defaults(func=func)
    add_partner_commands(sub, _prepare)
    reports = sub.add_parser("report", help=gettext_lazy(
        "reports: a consultation's comment-response report, the periodic task report"))
    report_kinds = reports.add_subparsers(dest="report_command", required=True)
    add_drafting_commands(sub, report_kinds, _prepare)
    add_implementation_commands(sub, report_kinds, _prepare)
    add_steering_commands(sub, _prepare)
    add_privacy_commands(sub, _prepare)
    add_notice_commands(sub, _prepare)
    add_classify_commands(sub, _prepare)
    add_mechanism_commands(sub)
    add_account_commands(sub, _prepare)
    p = sub.add_parser("worker",
                       help=gettext_lazy("run background jobs: reminders, escalation, mail, large reports (one per host)"))
    p.add_argument("--queue", default="*",
                   help=gettext_lazy("comma-separated queues: default, mail, reports (default: all)"))
    p.add_argument("--batch", "--once", action="store_true", help=gettext_lazy("run the jobs that are ready, then exit"))
    p.add_argument("--interval", type=float, default=1.0, help=gettext_lazy("seconds between looks at an empty queue"))
    p.set_defaults(func=cmd_worker)
    p = sub.add_parser("backup", help=gettext_lazy("every record and uploaded file in one .tar.gz, with checksums"))
    p.add_argument("-o", "--output", type=Path, required=True)
    p.set_defaults(func=cmd_backup)
    p = sub.add_parser("restore", help=gettext_lazy("load a backup into an empty database (--force replaces the content)"))
    p.add_argument("file", type=Path)
    p.add_argument("--force", action="store_true")
    p.set_defaults(func=cmd_restore)
    p = sub.add_parser("manage", help=gettext_lazy("run a Django management command (createsuperuser, migrate, …)"))
    p.add_argument("rest", nargs=argparse.REMAINDER)
    p.set_defaults(func=cmd_manage)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    catalogue = _catalogue()
    _django()  # the help texts are Django's lazy translations: they need its apps and the site's language
    with _argparse_in(catalogue):
        args = build_parser().parse_args(argv)
    func: Callable[[argparse.Namespace], int] = args.func
    try:
        return func(args)
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # one line for the user, not a traceback
        from_domain = getattr(error, "exit_code", None)
        if from_domain is None and not isinstance(error, (UnreadableDocument, OSError, InputError)):
            raise
        if isinstance(error, UnreadableDocument):
            from hoinhap.corpus.reading import unreadable  # Django is set up by now; the reason in Vietnamese

            error = unreadable(error)
        message = getattr(error, "message", None) or str(error)
        if isinstance(error, InputError):  # the mechanisms run without the database: translation needs Django
            from hoinhap.mechanisms.messages import error_message

            _django()
            message = error_message(error)
        print(catalogue.gettext("%(prog)s: error: %(message)s\n") % {"prog": "hoinhap", "message": message},
              end="", file=sys.stderr)
        return int(from_domain or 2)


if __name__ == "__main__":
    sys.exit(main())
