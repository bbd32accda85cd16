"""Leases: how a running job shows that a worker is still on it, so that one whose worker
died can be told apart and reaped (``articles.jobs.job_reap``).

A worker that claims a job takes a lease on it (``Job.lease_until``, JOB_LEASE_SECONDS from
now), and while the work runs a heartbeat thread renews it every quarter of that. A running
job whose lease ran out has lost its worker (killed, its machine gone, its database
connection cut for longer than the lease).

Why a thread, and why two stores. An import runs inside one database transaction, so a lease
written on the job's own connection would stay invisible to everyone else until the import
commits. The heartbeat thread has its own connection (Django gives each thread one) and
each renewal commits at once. On SQLite (the demo, one machine) the import's transaction
holds the database's only write lock, so no renewal could be written at all until the import
ends; the heartbeat therefore also writes the lease to the cache (shared by the web and
worker processes of one machine through its files), and on SQLite writes only there. A job
is reaped only when neither lease is current. On PostgreSQL the database lease is the one
that counts, and serves several workers on several machines whose caches are not shared.
A reaped job that comes back (its worker was only cut off) finds its claim gone: it stores
nothing (see ``Job`` in ``articles.jobs``).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connections, models, router
from django.utils import timezone

logger = logging.getLogger(__name__)


def lease_end() -> datetime:
    """When a lease taken or renewed now runs out."""
    return timezone.now() + timedelta(seconds=settings.JOB_LEASE_SECONDS)


def _key(job: models.Model) -> str:
    # A job of articles.jobs.Job (which imports this module): it has ``attempts``.
    return f"job-lease:{job._meta.label_lower}:{job.pk}:{getattr(job, 'attempts', 0)}"


def lease_held(job: models.Model) -> bool:
    """Whether a worker still holds the running ``job`` as loaded: its database lease or
    its cache lease is current. No query (one cache read)."""
    now = timezone.now()
    lease_until: datetime | None = getattr(job, "lease_until", None)
    if lease_until is not None and lease_until > now:
        return True
    until = cache.get(_key(job))
    return until is not None and until > now.timestamp()


def _uses_sqlite(job: models.Model) -> bool:
    return connections[router.db_for_write(type(job))].vendor == "sqlite"


def lease_renew(job: models.Model) -> None:
    """Renew the lease on ``job`` (in the cache; and in the database except on SQLite, where
    the job's own transaction may hold the write lock). A renewal the database refuses is
    logged and skipped: the next one may pass, and the lease outlasts a few."""
    until = lease_end()
    cache.set(_key(job), until.timestamp(), timeout=settings.JOB_LEASE_SECONDS)
    if _uses_sqlite(job):
        return
    try:
        type(job)._default_manager.filter(
            pk=job.pk, status="running", attempts=getattr(job, "attempts", 0)
        ).update(lease_until=until)
    except DatabaseError as error:
        logger.warning("could not renew the lease of %s: %s", job, str(error).strip())


@contextmanager
def heartbeat(job: models.Model) -> Iterator[None]:
    """Renew the lease on ``job`` from a thread of its own while the block runs."""
    stop = threading.Event()
    every = settings.JOB_LEASE_SECONDS / 4

    def beat() -> None:
        try:
            while not stop.wait(every):
                lease_renew(job)
        finally:
            connections.close_all()  # this thread's own connections

    # Not joined: a renewal blocked behind a lock the job's own transaction holds (tests
    # run a job inside theirs) goes on once that ends, then the thread sees it must stop.
    thread = threading.Thread(target=beat, name=f"lease {job}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        cache.delete(_key(job))
