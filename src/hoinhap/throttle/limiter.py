"""Fixed-window counters in the database.

``hit`` adds one to the counter of (scope, subject, current window) with a single
``INSERT … ON CONFLICT DO UPDATE SET hits = hits + 1 RETURNING hits``: the database serialises the
increments on the row, so concurrent requests on any number of web servers never lose one or read a
stale count (PostgreSQL, and SQLite from 3.35). A fixed window may let through up to twice the rate
across a window's edge; that is the price of one row and one statement per write."""

from __future__ import annotations

import hashlib
import hmac
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction

from hoinhap.throttle.models import Counter


@dataclass(frozen=True)
class Rate:
    """At most ``count`` writes per ``seconds``, written "20/600"."""

    count: int
    seconds: int

    @classmethod
    def parse(cls, value: str, setting: str = "rate") -> Rate:
        count, _, seconds = value.partition("/")
        if not (count.strip().isdigit() and seconds.strip().isdigit() and int(count) > 0 and int(seconds) > 0):
            raise ImproperlyConfigured(f"{setting} must read COUNT/SECONDS, such as 20/600; got {value!r}")
        return cls(int(count), int(seconds))


@dataclass(frozen=True)
class Hit:
    hits: int  # in this window, this one included
    rate: Rate
    retry_after: int  # seconds until the window ends

    @property
    def allowed(self) -> bool:
        return self.hits <= self.rate.count


def subject_of(scope: str, raw: str) -> str:
    """A keyed hash, so the counters name no address or account (personal data) in the clear."""
    return hmac.new(settings.SECRET_KEY.encode(), f"{scope}:{raw}".encode(), hashlib.sha256).hexdigest()[:40]


def hit(scope: str, raw_subject: str, rate: Rate, now: float | None = None) -> Hit:
    """Count one write of ``raw_subject`` (an address, an account id) in ``scope``."""
    now = time.time() if now is None else now
    start = int(now // rate.seconds) * rate.seconds
    end = start + rate.seconds
    hits = _increment(scope, subject_of(scope, raw_subject), start, end)
    if hits == 1:  # a new window began for this subject: a good moment to drop the ended ones
        Counter.objects.filter(window_end__lte=int(now)).delete()
    return Hit(hits=hits, rate=rate, retry_after=max(1, math.ceil(end - now)))


def _increment(scope: str, subject: str, start: int, end: int) -> int:
    table = connection.ops.quote_name(Counter._meta.db_table)
    quoted = {name: connection.ops.quote_name(name) for name in ("scope", "subject", "window_start", "window_end",
                                                                  "hits")}
    sql = (f"INSERT INTO {table} ({quoted['scope']}, {quoted['subject']}, {quoted['window_start']}, "
           f"{quoted['window_end']}, {quoted['hits']}) VALUES (%s, %s, %s, %s, 1) "
           f"ON CONFLICT ({quoted['scope']}, {quoted['subject']}, {quoted['window_start']}) "
           f"DO UPDATE SET {quoted['hits']} = {table}.{quoted['hits']} + 1 RETURNING {quoted['hits']}")
    own_transaction = connection.vendor == "postgresql" and not connection.in_atomic_block
    with transaction.atomic(), connection.cursor() as cursor:
        if own_transaction:
            # A counter is worth less than a commit's flush to disk: a crash may forget the last
            # increments (a few writes more let through), never corrupt them. Only this transaction.
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
        cursor.execute(sql, [scope, subject, start, end])
        return int(cursor.fetchone()[0])
