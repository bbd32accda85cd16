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


# A listener that failed is not tried again for this long (the worker polls meanwhile).
RETRY_SECONDS = 5.0
# libpq's keepalives on the listening connection, which sends nothing of its own: a peer
# gone without a word (a failover, a NAT timeout) is noticed within about a minute.
KEEPALIVES = {"keepalives": 1, "keepalives_idle": 30, "keepalives_interval": 10,
              "keepalives_count": 3}  # fmt: skip


class Wakeup:
    """Waits up to a given time, ending early when a task is queued (PostgreSQL only).

    ``listen`` before looking for a ready task, then ``wait``: a task queued after the look
    wakes the wait, since its notification was already being listened for."""

    def __init__(self) -> None:
        self._listener: Any = None
        self._broken_at = float("-inf")

    def listen(self) -> None:
        """Make sure a connection listens for queued tasks (PostgreSQL; not again for
        RETRY_SECONDS after one failed)."""
        connection = connections[_alias()]
        if connection.vendor != "postgresql" or self._listener is not None:
            return
        if time.monotonic() - self._broken_at < RETRY_SECONDS:
            return
        params = connection.get_connection_params()
        for option in ("cursor_factory", "server_side_binding", "prepare_threshold"):
            params.pop(option, None)
        listener = None
        try:
            listener = psycopg.connect(**{**KEEPALIVES, **params}, autocommit=True)
            listener.execute(f"LISTEN {CHANNEL}")
        except psycopg.Error as error:
            logger.warning("worker: no wake-ups on queued tasks (%s); polling", error)
            if listener is not None:
                listener.close()
            self._broken_at = time.monotonic()
            return
        self._listener = listener

    def wait(self, seconds: float) -> None:
        """Wait ``seconds``, or less when a task is queued meanwhile (or was since
        ``listen``)."""
        if self._listener is None:
            time.sleep(seconds)
            return
        started = time.monotonic()
        try:
            for _ in self._listener.notifies(timeout=seconds, stop_after=1):
                break
        except (psycopg.Error, OSError):  # the listener failed: poll for a while instead
            self.close()
            self._broken_at = time.monotonic()
            time.sleep(max(0.0, seconds - (time.monotonic() - started)))

    def close(self) -> None:
        if self._listener is not None:
            with contextlib.suppress(psycopg.Error, OSError):
                self._listener.close()
            self._listener = None
