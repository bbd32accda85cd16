"""The report pages on 50 outlets and 100,000 labelled sentences (300,000 labels) in
PostgreSQL. Target (media-bias reports issue): the comparison page in at most 500 ms, with a
fixed number of queries.

The database is BENCH_DATABASE_URL, else DATABASE_URL when it is PostgreSQL, else the shared
benchmark database; created and migrated when missing.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import psycopg

from tests.benchmarks.database import ENV, ROOT, prepare_database
from tests.benchmarks.figures import report
from tests.benchmarks.processes import measure


def _environment() -> dict[str, str]:
    url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return prepare_database()
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as server:
        if not server.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            server.execute(f'CREATE DATABASE "{name}"')
    env = {**ENV, "DATABASE_URL": url}
    measure([sys.executable, "manage.py", "migrate", "-v0"], env=env, cwd=ROOT)
    return env


def test_report_pages_on_50_outlets_and_100k_labelled_sentences():
    env = {**os.environ, **_environment(), "ALLOWED_HOSTS": "testserver"}
    out = subprocess.run(
        [sys.executable, "-m", "tests.benchmarks.report_pages"],
        env=env, capture_output=True, text=True, cwd=ROOT, check=True,
    )  # fmt: skip
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    size = f"{figures['outlets']} outlets, {figures['sentences']:,} labelled sentences"
    for name, ms in figures["ms"].items():
        target = "<= 500 ms" if name.startswith("comparison page") else ""
        report(f"{name}, {size}: median", ms, "ms", target=target)
        report(f"{name}: queries", figures["queries"][name], "queries")
