"""``manage.py run_worker``: the task worker that outlives its database, and its supervisor.

django_tasks_db's ``db_worker`` stops on the first database error that is not a locked SQLite
file, so a PostgreSQL restart used to end it for good. This worker (django_tasks_db's
``Worker`` underneath, so it takes the same options) closes its connections on an
``OperationalError`` or ``InterfaceError``, logs one line, waits (1 s, doubling up to 30 s)
and goes on. Idle, it waits for a task to be queued (on PostgreSQL a ``NOTIFY`` wakes it at
once: ``articles.wakeup``) or for ``--interval`` seconds, whichever comes first. Beside it a
housekeeping thread, every ``--sweep-every`` seconds, reaps the jobs whose worker stopped
(``articles.jobs.jobs_reap``) and deletes the import inputs kept past their retention
(``articles.inputs.inputs_sweep``).

``--supervise`` runs the worker as a child process and starts a new one whenever it exits
(after a pause that grows while it keeps dying young); SIGTERM or SIGINT stops both. Several
workers, on one machine or several, may run at once: each task is claimed by one of them
(``SELECT … FOR UPDATE SKIP LOCKED`` on PostgreSQL) and each job by one run of it
(``job_run``'s conditional claim).
"""

from __future__ import annotations

import contextlib
import logging
import random
import signal
import subprocess
import sys
import threading
import time
from argparse import ArgumentParser
from types import FrameType
from typing import Any

from django.db import (
    DatabaseError,
    InterfaceError,
    OperationalError,
    close_old_connections,
    connections,
)
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from articles.inputs import inputs_sweep
from articles.jobs import jobs_reap
from articles.wakeup import Wakeup

logger = logging.getLogger(__name__)

BACKOFF_FIRST, BACKOFF_MOST = 1.0, 30.0
# A child that lived at least this long died of something new: restart it at once.
LIVED_LONG = 60.0


def _close_connections() -> None:
    for connection in connections.all(initialized_only=True):
        # Already broken: closing it is all we wanted.
        with contextlib.suppress(DatabaseError):
            connection.close()


def _one_line(error: BaseException) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


class LivingWorker(Worker):
    """django_tasks_db's worker, going on after the database goes away and comes back, and
    woken from its idle wait as soon as a task is queued (``articles.wakeup``)."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.wakeup = Wakeup()

    def _claim(self) -> tuple[bool, DBTaskResult | None]:
        """Whether the queue could be read (not a busy SQLite file), and the next ready task
        of this worker's queues, claimed by it (``None``: none ready)."""
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
        with exclusive_transaction(tasks.db):
            try:
                task = tasks.get_locked()
            except OperationalError as error:
                if is_locked_database_exception(error):
                    return False, None  # the next round will see it
                raise
            if task is not None:
                task.claim(self.worker_id)
            return True, task

    def _work(self) -> None:
        """Run ready tasks one by one; between them, when none is ready, wait for a wake-up
        or ``interval``. Returns when ``--batch`` finds none or ``--max-tasks`` is reached."""
        while self.running:
            close_old_connections()
            # Listening before the look: a task queued right after it still wakes the wait.
            self.wakeup.listen()
            read, task = self._claim()
            if task is not None:
                self.run_task(task)
            elif self.batch and read:
                return
            if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                return
            close_old_connections()
            if self.running and task is None:
                self.wakeup.wait(self.interval)

    def run(self) -> None:
        if self.startup_delay and self.interval:
            time.sleep(random.random())
        logger.info("worker %s started on queues %s", self.worker_id, ",".join(self.queue_names))
        backoff = BACKOFF_FIRST
        while self.running:
            started = time.monotonic()
            try:
                self._work()
                return  # --batch or --max-tasks ended it
            except (OperationalError, InterfaceError) as error:
                _close_connections()
                if time.monotonic() - started > LIVED_LONG:
                    backoff = BACKOFF_FIRST
                logger.warning(
                    "worker %s: database unreachable (%s); trying again in %g s",
                    self.worker_id,
                    _one_line(error),
                    backoff,
                )
                time.sleep(backoff)
                backoff = min(backoff * 2, BACKOFF_MOST)


def housekeeping(every: float, stop: threading.Event) -> None:
    """Reap stopped jobs and sweep old import inputs every ``every`` seconds until ``stop``."""
    while True:
        try:
            reaped, swept = jobs_reap(), inputs_sweep()
            if reaped or swept:
                logger.warning("reaped %d stopped job(s); deleted %d old import(s)' files",
                               reaped, swept)  # fmt: skip
        except DatabaseError as error:
            _close_connections()
            logger.warning("housekeeping skipped: %s", _one_line(error))
        if stop.wait(every):
            return


class Command(DbWorkerCommand):
    help = (
        "Run a task worker that survives database restarts and reaps stopped jobs "
        "(--supervise: restart it whenever it exits)"
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--supervise",
            action="store_true",
            help="Run the worker as a child process and start it again whenever it exits.",
        )
        parser.add_argument(
            "--sweep-every",
            type=float,
            default=30.0,
            help="Seconds between reaping stopped jobs and deleting old import files "
            "(default: %(default)s).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        supervise, sweep_every = options.pop("supervise"), options.pop("sweep_every")
        if supervise:
            supervise_child([a for a in sys.argv if a != "--supervise"])
            return
        self.configure_logging(options["verbosity"])
        worker = LivingWorker(
            queue_names=options["queue_name"].split(","),
            interval=options["interval"],
            batch=options["batch"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
            excluded_queue_names=[q for q in options["exclude_queues"].split(",") if q],
        )
        stop = threading.Event()
        if not options["batch"]:
            threading.Thread(
                target=housekeeping, args=(sweep_every, stop), name="housekeeping", daemon=True
            ).start()
        worker.configure_signals()
        try:
            worker.run()
        finally:
            stop.set()
            worker.wakeup.close()


def supervise_child(argv: list[str]) -> None:
    """Run ``python argv…`` and start it again whenever it exits, until SIGTERM or SIGINT
    (passed on to the child, which finishes its task first)."""
    stopping = False
    child: subprocess.Popen[bytes] | None = None

    def stop(signum: int, frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True
        if child is not None and child.poll() is None:
            child.send_signal(signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    backoff = BACKOFF_FIRST
    while not stopping:
        started = time.monotonic()
        # A session of its own: a terminal's Ctrl+C reaches the supervisor only, which passes
        # one SIGTERM on (a second signal would make the worker drop its task at once).
        child = subprocess.Popen([sys.executable, *argv], start_new_session=True)  # noqa: S603
        code = child.wait()
        if stopping:
            break
        if time.monotonic() - started > LIVED_LONG:
            backoff = BACKOFF_FIRST
        logger.warning("worker exited (code %s); starting another in %g s", code, backoff)
        time.sleep(backoff)
        backoff = min(backoff * 2, BACKOFF_MOST)
    if child is not None:
        child.wait()
