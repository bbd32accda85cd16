"""The benchmark database: a real PostgreSQL database, created and migrated on demand."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import psycopg

from tests.benchmarks.processes import measure

ROOT = Path(__file__).resolve().parents[2]
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/annotator_bench"
)
ENV = {"DATABASE_URL": DATABASE_URL, "SECRET_KEY": "benchmark-only", "DEBUG": ""}


def prepare_database() -> dict[str, str]:
    """Create the database if missing and migrate it; returns the environment to run with."""
    name = DATABASE_URL.rsplit("/", 1)[1]
    server = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(server, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')
    measure([sys.executable, "manage.py", "migrate", "-v0"], env=ENV, cwd=ROOT)
    return ENV


def empty_tables(*tables: str) -> None:
    with psycopg.connect(DATABASE_URL, autocommit=True) as connection:
        connection.execute(f"TRUNCATE {', '.join(tables)} CASCADE")
