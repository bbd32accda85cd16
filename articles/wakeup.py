"""Waking an idle task worker as soon as a task is queued, instead of at its next poll.

On PostgreSQL, queuing a task in the database backend also sends ``NOTIFY`` on one channel
(``task_queued``, connected to django.tasks' ``task_enqueued`` signal). Sent inside a
transaction, PostgreSQL delivers it when the transaction commits, so a worker never wakes
before the task's row is there to claim. An idle worker (``run_worker``) waits on its own
connection that ``LISTEN``s (``Wakeup.wait``) for a notification or its ``--interval``,
whichever comes first; the poll stays, so a notification lost (a dropped listening
connection, a pooler in transaction mode that keeps ``LISTEN`` from working) costs at most
one interval, as before. Elsewhere (SQLite) the worker just sleeps its interval.
"""

from __future__ import annotations

import contextlib
import logging
import time
from typing import Any

import psycopg
from django.db import connections, router

logger = logging.getLogger(__name__)

CHANNEL = "annotator_tasks"


def _alias() -> str:
    from django_tasks_db.models import DBTaskResult

    return router.db_for_write(DBTaskResult)


def task_queued(sender: type, **kwargs: Any) -> None:
    """``task_enqueued`` receiver: tell idle workers, when the queue is in PostgreSQL."""
    from django_tasks_db.backend import DatabaseBackend

    if not issubclass(sender, DatabaseBackend):
        return
    connection = connections[_alias()]
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_notify(%s, '')", [CHANNEL])


class Wakeup:
    """Waits up to a given time, ending early when a task is queued (PostgreSQL only)."""

    def __init__(self) -> None:
        self._listener: Any = None
        self._broken_at = float("-inf")

    def _listen(self) -> Any:
        connection = connections[_alias()]
        if connection.vendor != "postgresql":
            return None
        if self._listener is None and time.monotonic() - self._broken_at > 5:
            params = connection.get_connection_params()
            params.pop("cursor_factory", None)
            params.pop("server_side_binding", None)
            params.pop("prepare_threshold", None)
            try:
                listener = psycopg.connect(**params, autocommit=True)
                listener.execute(f"LISTEN {CHANNEL}")
            except psycopg.Error as error:
                logger.warning("worker: no wake-ups on queued tasks (%s); polling", error)
                self._broken_at = time.monotonic()
                return None
            self._listener = listener
        return self._listener

    def wait(self, seconds: float) -> None:
        listener = self._listen()
        if listener is None:
            time.sleep(seconds)
            return
        started = time.monotonic()
        try:
            for _ in listener.notifies(timeout=seconds, stop_after=1):
                break
        except (psycopg.Error, OSError):  # the listener failed: poll for a while instead
            self.close()
            self._broken_at = time.monotonic()
            time.sleep(max(0.0, seconds - (time.monotonic() - started)))

    def close(self) -> None:
        if self._listener is not None:
            with contextlib.suppress(Exception):
                self._listener.close()
            self._listener = None
