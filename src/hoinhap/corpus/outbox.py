"""The search index's outbox: every write that changes searchable text appends a row here in its own
transaction, so the change and the news of it commit (or vanish) together. Each host's indexer
(``indexer.py``) applies the rows to its local index; nothing here touches the index itself.

Also the index generation: one row naming this database's content. An index folder built from
another generation (another database, a restore) is rebuilt by its indexer."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Max, Min, Q
from django.utils import timezone

from hoinhap.corpus.models import IndexGeneration, IndexOutbox

CHANNEL = "hoinhap_outbox"  # PostgreSQL NOTIFY channel: a wake-up for the indexers, never the data
MAX_GAPS = 10_000  # ids tracked as "not seen yet" at most; beyond, the oldest are given up


def record(work_id: int, op: str = IndexOutbox.Op.INDEX) -> IndexOutbox:
    """Append a change, inside the caller's transaction (services call this with the write itself)."""
    row = IndexOutbox.objects.create(work_id=work_id, op=op)
    if connection.vendor == "postgresql":  # delivered on commit only, so a rollback wakes nobody
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_notify(%s, %s)", [CHANNEL, str(row.pk)])
    if getattr(settings, "HOINHAP_INDEX_IN_PROCESS", False):
        from hoinhap.corpus.indexer import apply_in_process

        transaction.on_commit(apply_in_process)
    return row


def record_many(work_ids: Sequence[int], op: str = IndexOutbox.Op.INDEX) -> list[IndexOutbox]:
    """``record`` for a batch of works: one insert and one wake-up instead of one of each per work."""
    if not work_ids:
        return []
    rows = IndexOutbox.objects.bulk_create([IndexOutbox(work_id=work_id, op=op) for work_id in work_ids])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_notify(%s, %s)", [CHANNEL, str(rows[-1].pk or "")])
    if getattr(settings, "HOINHAP_INDEX_IN_PROCESS", False):
        from hoinhap.corpus.indexer import apply_in_process

        transaction.on_commit(apply_in_process)
    return rows


# -- generation ---------------------------------------------------------------------------------

def current_generation() -> str:
    """This database's generation, created on first use (a new or flushed database gets a new one)."""
    row = IndexGeneration.objects.filter(pk=1).first()
    if row is None:
        try:
            with transaction.atomic():
                row = IndexGeneration.objects.create(pk=1, generation=uuid.uuid4())
        except IntegrityError:  # another process created it first
            row = IndexGeneration.objects.get(pk=1)
    return str(row.generation)


def renew_generation() -> str:
    """A new generation (after a restore): every host's indexer then rebuilds its index."""
    generation = uuid.uuid4()
    IndexGeneration.objects.update_or_create(pk=1, defaults={"generation": generation})
    return str(generation)


# -- reading for the indexer --------------------------------------------------------------------

def pending(high_water: int, gaps: Iterable[int], limit: int) -> list[IndexOutbox]:
    """Rows above the high-water mark, and rows below it that were not visible before (a
    transaction that took its id earlier and committed later), in id order."""
    wanted = Q(pk__gt=high_water)
    gap_ids = sorted(gaps)
    if gap_ids:
        wanted |= Q(pk__in=gap_ids)
    return list(IndexOutbox.objects.filter(wanted).order_by("pk")[:limit])


def watermark() -> tuple[int, list[int]]:
    """The largest visible id, and the ids between the smallest and the largest that are not
    visible (rolled back, or not committed yet: the indexer keeps looking for them for a while)."""
    bounds = IndexOutbox.objects.aggregate(low=Min("pk"), high=Max("pk"))
    if bounds["high"] is None:
        return 0, []
    visible = set(IndexOutbox.objects.values_list("pk", flat=True))
    missing = [i for i in range(max(bounds["low"], bounds["high"] - MAX_GAPS), bounds["high"]) if i not in visible]
    return bounds["high"], missing


def retention() -> timedelta:
    return timedelta(days=float(getattr(settings, "HOINHAP_OUTBOX_RETENTION_DAYS", 7)))


def prune() -> int:
    """Delete rows older than the retention period. Every host has applied them by then, or its
    indexer, seeing it has not caught up for that long, rebuilds instead (``indexer.py``)."""
    old = IndexOutbox.objects.filter(created_at__lt=timezone.now() - retention())
    if not old.exists():  # the indexer polls every few seconds: no write (and no SQLite write lock) for nothing
        return 0
    deleted, _ = old.delete()
    return deleted
