"""Import 10,000 JSONL articles of about 40 sentences (~65 MB) into PostgreSQL.

Target (issue 3): at most 30 s end to end (stretch 15 s) and 400 MB peak memory, counting
the worker processes. The database is BENCH_DATABASE_URL (default: a local PostgreSQL
database ``annotator_bench``, created if missing and emptied before each run).
"""

from __future__ import annotations

import os
import statistics
import sys
from pathlib import Path

import psycopg

from tests.benchmarks.corpus import write_jsonl
from tests.benchmarks.figures import report
from tests.benchmarks.processes import measure

ROOT = Path(__file__).resolve().parents[2]
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/annotator_bench"
)
RUNS = 3


def prepare_database() -> dict[str, str]:
    name = DATABASE_URL.rsplit("/", 1)[1]
    server = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(server, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')
    env = {"DATABASE_URL": DATABASE_URL, "SECRET_KEY": "benchmark-only"}
    measure([sys.executable, "manage.py", "migrate", "-v0"], env=env, cwd=ROOT)
    return env


def empty_corpus() -> None:
    with psycopg.connect(DATABASE_URL, autocommit=True) as connection:
        connection.execute(
            "TRUNCATE articles_sentence, articles_article, articles_importbatch, "
            "articles_outlet CASCADE"
        )


def test_import_10000_jsonl_articles_into_postgresql(tmp_path):
    env = prepare_database()
    corpus = tmp_path / "feed.jsonl"
    megabytes = write_jsonl(corpus, articles=10_000, sentences=40) / 1e6

    runs = []
    for _ in range(RUNS):
        empty_corpus()
        run = measure(
            [sys.executable, "manage.py", "import_articles", str(corpus), "-v0"], env=env, cwd=ROOT
        )
        assert "Imported 10000 articles" in run.output
        runs.append(run)

    seconds = statistics.median(run.seconds for run in runs)
    report(
        "import 10k JSONL articles into PostgreSQL", seconds, "s", target="<= 30 s, stretch 15 s"
    )
    report("import input size", megabytes, "MB")
    report("import throughput", megabytes / seconds, "MB/s")
    report(
        "import peak memory (process tree)", max(r.peak_mb for r in runs), "MB", target="<= 400 MB"
    )
