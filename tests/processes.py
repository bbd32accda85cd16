"""Real processes for the tests that need more than one: task workers and app servers run
against the test database (PostgreSQL), with the production settings module, a shared cache
folder and MEDIA_ROOT. Each test stops what it started (``stopped``), whatever happens."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[1]
POSTGRES_ONLY = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="several processes sharing one database: PostgreSQL only",
)
CUT_CONNECTIONS = (
    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
)


def database_url() -> str:
    """The test database (``test_<name>``) as a URL for another process."""
    db = connection.settings_dict
    password = f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else ""
    return (
        f"postgres://{quote(db['USER'])}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
    )


def admin_connection() -> Any:
    """A connection to the server's ``postgres`` database (autocommit), for what cannot be
    done from inside the test database, such as closing it to new connections."""
    import psycopg

    db = connection.settings_dict
    return psycopg.connect(
        dbname="postgres", user=db["USER"], password=db["PASSWORD"] or None,
        host=db["HOST"], port=db["PORT"] or 5432, autocommit=True,
    )  # fmt: skip


def process_env(folder: Path, **extra: str) -> dict[str, str]:
    """The environment of a worker or server process: the test database, tasks queued in it,
    the cache and uploads under ``folder``, short job leases."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="annotator.project.settings",
        SECRET_KEY="tests-only-not-a-secret",
        DATABASE_URL=database_url(),
        TASKS_BACKEND="database",
        CACHE_DIR=str(folder / "cache"),
        MEDIA_ROOT=str(folder / "media"),
        JOB_LEASE_SECONDS="2",
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


def start(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    """Start ``args`` (a command line after the interpreter) writing its output to ``log``."""
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, *args], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
        )


def worker(env: dict[str, str], log: Path, *options: str) -> subprocess.Popen[bytes]:
    return start(
        ["manage.py", "run_worker", "--no-startup-delay", "--interval", "0.2", *options], env, log
    )


@contextmanager
def stopped(processes: list[subprocess.Popen[bytes]]) -> Iterator[None]:
    """Stop every process in ``processes`` (as it is when the block ends) on the way out."""
    try:
        yield
    finally:
        for process in processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def wait_until(check: Callable[[], object], *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout:g} s for {what}")
        time.sleep(0.1)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
