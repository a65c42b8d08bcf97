"""The queue's worker, run by ``hoinhap worker`` (a process per host), by ``hoinhap serve`` (a thread,
so one machine needs nothing more) and in-process by the tests and cron (``batch``: run what is
ready, then return). It is django-tasks-db's own worker; this only wires it and reports each job."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection
from django.utils.crypto import get_random_string


def run(*, queues: str = "*", batch: bool = False, interval: float = 1.0, signals: bool = False,
        report: Callable[[str, str, str], None] | None = None) -> int:
    """Run jobs of ``queues`` (comma-separated, ``*`` for all); ``report(id, name, status)`` after each.
    Returns how many ran."""
    from django_tasks.signals import task_finished
    from django_tasks_db.management.commands.db_worker import Worker

    worker = Worker(queue_names=queues.split(","), interval=interval, batch=batch, backend_name="default",
                    startup_delay=not batch, max_tasks=None, worker_id=get_random_string(32), excluded_queue_names=[])
    finished: list[str] = []

    def on_finished(sender: Any, task_result: Any, **kwargs: Any) -> None:
        finished.append(task_result.id)
        if report is not None:
            report(task_result.id, task_result.task.name, str(task_result.status))

    task_finished.connect(on_finished, weak=False)
    if signals:
        worker.configure_signals()
    try:
        with _connection_kept_in_transaction():
            worker.run()
    finally:
        task_finished.disconnect(on_finished)
        if signals:
            worker.reset_signals()
    return len(finished)


@contextmanager
def _connection_kept_in_transaction() -> Iterator[None]:
    """The worker drops "obsolete" connections between jobs, which inside a transaction (a test, a
    caller's atomic block) means the one it is in: keep it there; nothing else changes."""
    from django_tasks_db.management.commands import db_worker

    if not connection.in_atomic_block:
        yield
        return
    namespace = vars(db_worker)
    original = namespace["close_old_connections"]
    namespace["close_old_connections"] = _keep_connections
    try:
        yield
    finally:
        namespace["close_old_connections"] = original


def _keep_connections(**kwargs: Any) -> None:
    """Instead of closing old connections, inside a transaction: nothing."""


def start_thread(interval: float = 2.0) -> threading.Thread:
    """A worker thread for ``hoinhap serve`` (a daemon: it ends with the server)."""
    thread = threading.Thread(target=run, kwargs={"interval": interval}, name="hoinhap-worker", daemon=True)
    thread.start()
    return thread
