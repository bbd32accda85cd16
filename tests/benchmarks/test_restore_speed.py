"""Restore a JSONL export of 100,000 sentence records (3 reviewers' labels and gold on each:
2,500 articles, 300,000 labels) into an empty PostgreSQL database with ``import_articles``,
measuring the time and the peak memory of the process. Issue 13: restore writes through the
services and must stay within 20% of its speed before that.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import orjson
import psycopg

from tests.benchmarks.database import DATABASE_URL, ROOT, prepare_database
from tests.benchmarks.figures import report
from tests.benchmarks.processes import measure

RUNS = int(os.environ.get("BENCH_RESTORE_RUNS", "3"))
SERVER = DATABASE_URL.rsplit("/", 1)[0]
TARGET = DATABASE_URL.rsplit("/", 1)[1] + "_restore"
TEMPLATE = TARGET + "_template"


def _recreate(name: str, *, template: str | None = None) -> None:
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        copy = f' TEMPLATE "{template}"' if template else ""
        connection.execute(f'CREATE DATABASE "{name}"{copy}')


def _distinct_texts(export: Path) -> int:
    """The seed gives every article the same text, which a restore refuses (one text is stored
    once): give each article's first sentence its own figure, of the same length. Returns how
    many records the file holds."""
    lines = export.read_bytes().splitlines()
    with export.open("wb") as out:
        for line in lines:
            record = orjson.loads(line)
            if record["position"] == 0:
                figure = f"{record['article_id'] % 10_000:04d}"
                record["text"] = record["text"].replace("14.8", figure, 1)
            out.write(orjson.dumps(record) + b"\n")
    return len(lines)


def test_restore_of_an_export_into_an_empty_database():
    env = prepare_database()
    subprocess.run(
        [sys.executable, "-m", "tests.benchmarks.export_seed"],
        env={**os.environ, **env}, cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    # An empty, migrated database to copy for each run.
    _recreate(TEMPLATE)
    target_env = {**env, "DATABASE_URL": f"{SERVER}/{TEMPLATE}"}
    measure([sys.executable, "manage.py", "migrate", "-v0"], env=target_env, cwd=ROOT)
    target_env["DATABASE_URL"] = f"{SERVER}/{TARGET}"
    with tempfile.TemporaryDirectory() as folder:
        export = Path(folder) / "export.jsonl"
        measure(
            [sys.executable, "manage.py", "export_labels", "--campaign", "Export 100k",
             "-o", str(export), "-v0"],
            env=env, cwd=ROOT,
        )  # fmt: skip
        records = _distinct_texts(export)
        command = [sys.executable, "manage.py", "import_articles", str(export), "-v0"]
        runs = []
        for _ in range(RUNS):
            _recreate(TARGET, template=TEMPLATE)
            runs.append(measure(command, env=target_env, cwd=ROOT))
    seconds = statistics.median(run.seconds for run in runs)
    name = f"restore {records:,} records (median of {RUNS})"
    report(f"{name}: time", seconds, "s")
    report(f"{name}: throughput", records / seconds, "records/s")
    report(f"{name}: peak memory", max(run.peak_mb for run in runs), "MB")
