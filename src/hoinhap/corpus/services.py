"""Write path of the corpus: importing a document (all or nothing), with its provisions and
relations, editing or deleting a work's record; each writes the audit entry and, in the same
transaction, the search index's outbox row (each host's indexer applies it: ``indexer.py``).

Importing many documents (``work_import_batch``): one transaction per batch, a savepoint per
document, so a bad document is reported and rolled back alone while the others commit together, and
the indexer then applies the whole batch in one index commit. What can be done once per batch is:
the works its documents may already be are read in two queries, and the audit entries, outbox rows
and waiting citations of the documents that were stored are written after the last one."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import DataError, IntegrityError, connection, transaction
from django.db.models import Case, ProtectedError, Value, When
from django.utils.translation import gettext as _

from hoinhap.core.errors import Conflict, DomainError, ValidationFailed
from hoinhap.core.models import AuditEntry, Organisation, User
from hoinhap.core.services import log_action
from hoinhap.corpus import classified, outbox
from hoinhap.corpus.models import Expression, Provision, Relation, Work
from hoinhap.corpus.reading import read_document
from hoinhap.legal import tree
from hoinhap.legal.akn_export import frbr_work_uri, slug
from hoinhap.legal.citations import Citation, document_citations
from hoinhap.legal.numbers import number_key, parse_number


@dataclass
class ImportResult:
    work: Work
    outcome: str  # "created", "updated" or "unchanged"
    warnings: list[dict[str, object]] = field(default_factory=list)


@dataclass(frozen=True)
class Source:
    """One file to import: its bytes, its name (the format is read from it) and, when the text lost
    it, the number and symbol."""

    data: bytes
    filename: str = ""
    number: str | None = None


def work_import(*, actor: User | None, data: bytes, filename: str = "", number: str | None = None,
                status: str = Work.Status.UNKNOWN, illustrative: bool = False) -> ImportResult:
    """Import one document. Parsing happens before the transaction; the writes are atomic, so a
    failure leaves nothing behind. Importing the same bytes again changes nothing."""
    fmt, document = _read(Source(data, filename, number))
    return _store_once(actor=actor, document=document, fmt=fmt, data=data, filename=filename, status=status,
                       illustrative=illustrative)


def work_import_batch(*, actor: User | None, sources: Sequence[Source], status: str = Work.Status.UNKNOWN,
                      illustrative: bool = False, done: Callable[[], None] | None = None
                      ) -> list[ImportResult | DomainError]:
    """Import several documents in one transaction, each all or nothing in its own savepoint: one
    that cannot be read or stored gets its error in its place and leaves nothing behind, the others
    commit together (and the indexer applies them in one index commit). Each is parsed before the
    transaction begins, so the write lock is held for the writes only; ``done`` is called after each
    document's outcome (a progress bar)."""
    read: list[tuple[Source, tuple[str, tree.Document] | DomainError]] = []
    for source in sources:
        try:
            read.append((source, _read(source)))
        except DomainError as error:
            read.append((source, error))
    outcomes: list[ImportResult | DomainError] = []
    with transaction.atomic(), _organisations_cached():
        known = _KnownWorks.of([parsed[1].meta for _, parsed in read if not isinstance(parsed, DomainError)])
        deferred = _Deferred()
        tokens = _known_works.set(known), _deferred.set(deferred)
        try:
            for source, parsed in read:
                outcomes.append(_store_in_batch(source, parsed, actor=actor, status=status, illustrative=illustrative))
                if done is not None:
                    done()
        finally:
            _known_works.reset(tokens[0])
            _deferred.reset(tokens[1])
        deferred.flush()
    return outcomes


def _store_in_batch(source: Source, parsed: tuple[str, tree.Document] | DomainError, **kwargs: Any
                    ) -> ImportResult | DomainError:
    if isinstance(parsed, DomainError):
        return parsed
    deferred = _deferred.get()
    if deferred is not None:
        deferred.pending = None
    try:
        result = _store_once(document=parsed[1], fmt=parsed[0], data=source.data, filename=source.filename, **kwargs)
    except DomainError as error:  # its savepoint is rolled back; the batch goes on
        return error
    known = _known_works.get()
    if known is not None:  # only now: a document rolled back in its savepoint must not be found later
        known.add(parsed[1].meta, result.work)
    if deferred is not None:
        deferred.keep()
    return result


def _read(source: Source) -> tuple[str, tree.Document]:
    fmt, document = read_document(source.data, source.filename)
    if source.number:
        if parse_number(source.number) is None:
            raise ValidationFailed(_("not a document number: %(number)r") % {"number": source.number})
        document.meta.number = source.number
    return fmt, document


def _store_once(**kwargs: Any) -> ImportResult:
    """Store, and if a concurrent import of the same document won the race (a unique slug or number),
    store again: the work is found this time, so the second import is "unchanged" or "updated"."""
    for attempt in range(2):
        try:
            return _store(**kwargs)
        except IntegrityError as error:
            _known_works.set(None)  # another process stored works meanwhile: ask the database from now on
            if attempt:
                raise Conflict(_("another import of this document is under way; try again")) from error
        except DataError as error:  # PostgreSQL: a value longer than its column (SQLite stores it)
            raise ValidationFailed(_("a value does not fit the corpus: %(value)s")
                                   % {"value": str(error).strip()}) from error
    raise AssertionError("unreachable")


def work_store_document(*, actor: User | None, document: tree.Document, source_name: str,
                        status: str = Work.Status.UNKNOWN, illustrative: bool = False) -> ImportResult:
    """Store a tree built elsewhere (an adopted draft's final version) as a corpus document; its
    canonical JSON stands for the source bytes, so storing the same tree again changes nothing."""
    if parse_number(document.meta.number or "") is None:
        raise ValidationFailed(_("not a document number: %(number)r") % {"number": document.meta.number})
    data = json.dumps(document.to_dict(markers=True), ensure_ascii=False, sort_keys=True).encode()
    return _store_once(actor=actor, document=document, fmt="tree", data=data, filename=source_name, status=status,
                       illustrative=illustrative)


@transaction.atomic
def work_update(*, actor: User | None, work: Work, fields: list[str]) -> Work:
    """Save a work whose record was edited (``fields`` changed: status, type, date …); the index
    holds its filters (type, issuer, year, in force), so the work is to be re-indexed. Marked as
    classified (the admin's form), it loses its content as ``classified.work_classify`` would remove it."""
    if work.classification:
        classified.clear_content(work)
    work.save()
    log_action(actor, "corpus.work.changed", work, {"fields": sorted(fields)})
    outbox.record(work.pk, outbox.IndexOutbox.Op.INDEX)
    return work


@transaction.atomic
def work_delete(*, actor: User | None, work: Work) -> None:
    """Delete a work with its texts, provisions and relations; its passages are to leave the index."""
    log_action(actor, "corpus.work.deleted", work, {"number": work.number, "title": work.title[:200]})
    outbox.record(work.pk, outbox.IndexOutbox.Op.DELETE)
    try:
        work.delete()
    except ProtectedError as error:
        kinds = sorted({str(obj._meta.verbose_name) for obj in error.protected_objects})
        raise Conflict(_("%(work)s cannot be deleted: %(value)s point to it")
                       % {"work": work, "value": ', '.join(map(str, kinds))}) from error


@transaction.atomic
def _store(*, actor: User | None, document: tree.Document, fmt: str, data: bytes, filename: str, status: str,
           illustrative: bool) -> ImportResult:
    meta = document.meta
    sha = hashlib.sha256(data).hexdigest()
    work = _find_work(meta)
    classified.refuse_classified_import(work)  # a classified document's text is not held here
    created = work is None
    if work is None:
        work = Work(slug=_unique_slug(meta))
    # without the stored tree (the whole document as JSON): the source's hash tells whether it changed
    expression = None if created else work.expressions.filter(language=meta.language).defer("tree").first()
    if expression is not None and expression.source_sha256 == sha:
        return ImportResult(work, "unchanged", expression.warnings)
    _fill_work(work, meta, status, illustrative)
    work.save()
    expression = expression or Expression(work=work, language=meta.language)
    expression.source_format, expression.source_name, expression.source_sha256 = fmt, filename[:255], sha
    expression.tree = document.to_dict(markers=True)
    expression.warnings = [w.to_dict() for w in document.warnings]
    expression.save()
    _store_provisions(expression, document, replace=not created)
    _store_relations(work, document, replace=not created)
    _record(actor, f"corpus.work.{'imported' if created else 'reimported'}", work,
            {"format": fmt, "sha256": sha, "warnings": len(document.warnings), "source": filename[:255]})
    return ImportResult(work, "created" if created else "updated", expression.warnings)


@dataclass
class _Deferred:
    """A batch's audit entries and outbox rows, written with one insert each after its last document:
    ``pending`` is the current document's, kept once its savepoint is released (a document rolled
    back leaves none). Per document they were two statements and, on PostgreSQL, a notification."""

    entries: list[AuditEntry] = field(default_factory=list)
    works: list[Work] = field(default_factory=list)
    pending: tuple[AuditEntry, Work] | None = None

    def keep(self) -> None:
        if self.pending is not None:
            self.entries.append(self.pending[0])
            self.works.append(self.pending[1])
            self.pending = None

    def flush(self) -> None:
        AuditEntry.objects.bulk_create(self.entries)
        outbox.record_many([work.pk for work in self.works], outbox.IndexOutbox.Op.INDEX)
        _resolve_waiting({work.number_key: work.pk for work in reversed(self.works) if work.number_key})


_deferred: ContextVar[_Deferred | None] = ContextVar("corpus_deferred_records", default=None)


def _record(actor: User | None, action: str, work: Work, data: dict[str, Any]) -> None:
    """The audit entry and the index's outbox row of a stored work: written now, or held for the batch's
    insert (the same entry as ``log_action``'s)."""
    deferred = _deferred.get()
    if deferred is None:
        outbox.record(work.pk, outbox.IndexOutbox.Op.INDEX)
        log_action(actor, action, work, data)
        return
    entry = AuditEntry(actor=actor if actor is not None and actor.pk else None, action=action,
                       target_type=work._meta.label_lower, target_id=str(work.pk), target_repr=str(work)[:255],
                       data=data)
    deferred.pending = (entry, work)


def _find_work(meta: tree.DocumentMeta) -> Work | None:
    known = _known_works.get()
    if known is not None:
        return known.find(meta)
    if meta.number:
        return Work.objects.filter(number_key=number_key(meta.number), date=meta.date).first()
    return Work.objects.filter(slug=_base_slug(meta)).first()


def _base_slug(meta: tree.DocumentMeta) -> str:
    if meta.number:
        return slug(meta.number)[:100]
    dated = f"-{meta.date.isoformat()}" if meta.date else ""
    return (slug(meta.title)[:80] or "van-ban") + dated


def _unique_slug(meta: tree.DocumentMeta) -> str:
    base = candidate = _base_slug(meta)
    known = _known_works.get()
    if known is not None and base not in known.slugs:
        return base
    suffix = 2
    while Work.objects.filter(slug=candidate).exists():
        candidate = f"{base}-{suffix}"
        suffix += 1
    return candidate


def _fill_work(work: Work, meta: tree.DocumentMeta, status: str, illustrative: bool) -> None:
    work.number = meta.number or ""
    work.doc_type = meta.doc_type or ""
    work.issuer = meta.issuer or ""
    work.issuer_code = meta.issuer_code or ""
    work.title = meta.title
    work.date = meta.date
    work.signer = meta.signer or ""
    work.status = status
    work.is_illustrative = illustrative
    work.frbr_uri = frbr_work_uri(meta)
    code = (meta.issuer_code or "").split("-")[0]
    work.issuer_organisation = _organisation(code) if code else None


@dataclass
class _KnownWorks:
    """The works a batch's documents may already be, read in two queries for the whole batch instead of
    two per document (by number and date, and whether the base slug is taken); each stored document is
    added once its savepoint is released, so a later copy in the same batch finds it."""

    by_number: dict[tuple[str, date | None], Work]
    by_slug: dict[str, Work]
    slugs: set[str]

    @classmethod
    def of(cls, metas: Sequence[tree.DocumentMeta]) -> _KnownWorks:
        keys = {number_key(meta.number) for meta in metas if meta.number}
        bases = {_base_slug(meta) for meta in metas}
        by_number: dict[tuple[str, date | None], Work] = {}
        for work in Work.objects.filter(number_key__in=keys).order_by("-pk"):  # ``first()``: the lowest id wins
            by_number[(work.number_key, work.date)] = work
        by_slug = {work.slug: work for work in Work.objects.filter(slug__in=bases)}
        return cls(by_number, by_slug, set(by_slug))

    def find(self, meta: tree.DocumentMeta) -> Work | None:
        if meta.number:
            return self.by_number.get((number_key(meta.number), meta.date))
        return self.by_slug.get(_base_slug(meta))

    def add(self, meta: tree.DocumentMeta, work: Work) -> None:
        if work.number_key:
            self.by_number.setdefault((work.number_key, work.date), work)
        self.by_slug.setdefault(work.slug, work)
        self.slugs.add(work.slug)


_known_works: ContextVar[_KnownWorks | None] = ContextVar("corpus_known_works", default=None)
_organisations: ContextVar[dict[str, Organisation | None] | None] = ContextVar("corpus_organisations", default=None)


@contextmanager
def _organisations_cached() -> Iterator[None]:
    """Within a batch, each issuer's organisation is looked up once."""
    token = _organisations.set({})
    try:
        yield
    finally:
        _organisations.reset(token)


def _organisation(code: str) -> Organisation | None:
    cache = _organisations.get()
    if cache is None:
        return Organisation.objects.filter(code=code).first()
    if code not in cache:
        cache[code] = Organisation.objects.filter(code=code).first()
    return cache[code]


_PROVISION_FIELDS = ("expression", "eid", "parent_eid", "kind", "num", "marker", "heading", "text", "position", "depth")
_RELATION_FIELDS = ("source", "source_eid", "kind", "target_number", "target_key", "target", "evidence")


def _store_provisions(expression: Expression, document: tree.Document, *, replace: bool = True) -> None:
    """The rows of ``Provision.rows_of`` (the same values, the same truncation), inserted as plain
    tuples with one ``executemany``: building and compiling a model per node took most of an
    import's writing time (docs/performance.md)."""
    if replace:  # a new expression has none to delete
        expression.provisions.all().delete()
    rows = [(expression.pk, node.eid, parent, node.kind, node.num[:64], node.marker[:255], node.heading, node.text,
             position, depth) for position, (node, parent, depth) in enumerate(document.flatten())]
    _insert_rows(Provision, _PROVISION_FIELDS, rows)


def _insert_rows(model: type[Provision] | type[Relation], names: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
    """One ``executemany`` of plain tuples (``names`` are field names, a foreign key's value its id)."""
    if not rows:
        return
    meta = model._meta
    columns = {field.name: field.column for field in meta.concrete_fields}
    quote = connection.ops.quote_name
    placeholders = ", ".join(["%s"] * len(names))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(columns[n]) for n in names)}) "
                           f"VALUES ({placeholders})", rows)


def document_citations_of(document: tree.Document) -> Iterator[tuple[str, Citation]]:
    """Each citation of another document with the eId of the node whose heading or text holds it, in
    document order: the corpus's relations. (``citations.all_citations`` also finds and resolves the
    citations of the document's own provisions, which the relations do not keep.)"""
    for node, _parent, _depth in document.flatten():
        for text in (node.heading, node.text):
            if "/" in text:  # every number and symbol has one ("57-NQ/TW", "12/CP"): a text without cites none
                for citation in document_citations(text):
                    yield node.eid, citation


def _store_relations(work: Work, document: tree.Document, *, replace: bool = True) -> None:
    """The document's citations of other documents, one row per (provision, kind, target), pointing
    at the cited work when the corpus has it; rows of earlier documents that cite this one, waiting
    for it, now point at it. Plain tuples in one ``executemany``, as the provisions."""
    if replace:
        work.outgoing.all().delete()
    own_key = work.number_key
    seen: set[tuple[str, str, str]] = set()
    found: list[tuple[str, str, str, str, str]] = []
    for eid, citation in document_citations_of(document):
        if not citation.target:
            continue
        key = number_key(citation.target)
        if key == own_key or (eid, citation.relation, key) in seen:
            continue
        seen.add((eid, citation.relation, key))
        found.append((eid, citation.relation, citation.target, key, citation.text[:255]))
    if found:
        targets = dict(Work.objects.filter(number_key__in={row[3] for row in found}).values_list("number_key", "id"))
        _insert_rows(Relation, _RELATION_FIELDS, [(work.pk, eid, kind, target, key, targets.get(key), evidence)
                                                  for eid, kind, target, key, evidence in found])
    if own_key and _deferred.get() is None:  # in a batch, once for all its documents (``_Deferred.flush``)
        _resolve_waiting({own_key: work.pk})


def _resolve_waiting(works: dict[str, int]) -> None:
    """Relations of documents imported earlier that cite these (number key → work id), waiting for
    them, now point at them: one statement however many works."""
    if works:
        Relation.objects.filter(target_key__in=works, target__isnull=True).update(
            target=Case(*[When(target_key=key, then=Value(pk)) for key, pk in works.items()]))
