"""Import 10,000 JSONL articles of about 40 sentences (~65 MB) into PostgreSQL.

Targets (issues 3 and 12): at most 30 s end to end (stretch 15 s) and 400 MB peak memory,
counting the worker processes; and the same file through the API (gunicorn, with one
``run_worker`` storing it in the background) at most 20% slower than the command, timed from
the POST to the batch's status ``done``. The database is BENCH_DATABASE_URL (default: a local
PostgreSQL database ``annotator_bench``, created if missing and emptied before each run).
"""

from __future__ import annotations

import http.client
import json
import os
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.benchmarks.corpus import write_jsonl
from tests.benchmarks.database import ROOT, empty_tables, prepare_database
from tests.benchmarks.figures import report
from tests.benchmarks.processes import Run, free_port, measure, tree_pss_mb, wait_for_port

# How often the task worker looks for queued tasks when idle, as `make demo` runs it.
WORKER_INTERVAL = "0.5"
MAKE_TOKEN = """
from django.contrib.auth.models import User
from annotator.accounts.tokens import token_create
user, _ = User.objects.update_or_create(username="import-benchmark", defaults={"is_staff": True})
print(token_create(user=user, name="import benchmark")[1])
"""


def empty_corpus() -> None:
    empty_tables("articles_sentence", "articles_article", "articles_importbatch", "articles_outlet")


def import_by_command(corpus: Path, env: dict[str, str]) -> Run:
    run = measure(
        [sys.executable, "manage.py", "import_articles", str(corpus), "-v0"], env=env, cwd=ROOT
    )
    assert "Imported 10000 articles" in run.output
    return run


@contextmanager
def web_and_worker(env: dict[str, str], port: int) -> Iterator[tuple[int, int]]:
    """gunicorn (one worker) and one task worker (``run_worker``, as ``make demo`` runs it) on
    the database queue; yields their pids."""
    env = {**os.environ, **env, "TASKS_BACKEND": "database"}
    web = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "annotator.project.wsgi", "-b", f"127.0.0.1:{port}",
         "-w", "1", "--timeout", "600", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "run_worker", "--no-reload", "--no-startup-delay",
         "--interval", WORKER_INTERVAL, "-v0"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    try:
        wait_for_port(port)
        time.sleep(2)  # the worker's Django start-up, paid once, not by the first import
        yield web.pid, worker.pid
    finally:
        for process in (web, worker):
            process.terminate()
            process.wait(timeout=30)


def import_by_api(corpus: Path, *, port: int, token: str, pids: tuple[int, int]) -> Run:
    """POST the file, poll the batch until it is done; the time from the POST to ``done`` and
    the peak memory of the web server and the task worker meanwhile."""
    boundary = uuid.uuid4().hex
    body = b"".join([
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; "
        f"filename=\"{corpus.name}\"\r\nContent-Type: application/jsonl\r\n\r\n".encode(),
        corpus.read_bytes(),
        f"\r\n--{boundary}--\r\n".encode(),
    ])  # fmt: skip
    headers = {"Authorization": f"Bearer {token}"}
    outcome: dict[str, object] = {}

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        connection.request(
            "POST", "/api/imports/", body=body,
            headers={**headers, "Content-Type": f"multipart/form-data; boundary={boundary}"},
        )  # fmt: skip
        response = connection.getresponse()
        batch = json.loads(response.read())
        assert response.status == 202, batch
        while batch["status"] not in ("done", "failed"):
            time.sleep(0.1)
            connection.request("GET", response.headers["Location"], headers=headers)
            batch = json.loads(connection.getresponse().read())
        outcome["seconds"] = time.perf_counter() - started
        outcome["batch"] = batch

    started = time.perf_counter()
    thread = threading.Thread(target=client)
    thread.start()
    peak = 0.0
    while thread.is_alive():
        peak = max(peak, tree_pss_mb(*pids))
        time.sleep(0.05)
    batch = outcome["batch"]
    assert isinstance(batch, dict) and batch["status"] == "done", batch
    assert batch["article_count"] == 10_000
    return Run(seconds=float(outcome["seconds"]), peak_mb=peak, output=json.dumps(batch))  # type: ignore[arg-type]


def test_import_10000_jsonl_articles_into_postgresql(tmp_path):
    env = {
        **prepare_database(),
        # The real settings (pytest's are inherited otherwise): a task queue in the database,
        # and a cache the web server and the task worker share.
        "DJANGO_SETTINGS_MODULE": "annotator.project.settings",
        "MEDIA_ROOT": str(tmp_path / "uploads"),
        "CACHE_DIR": str(tmp_path / "cache"),
        "STATIC_ROOT": str(tmp_path / "static"),
    }
    (tmp_path / "static").mkdir()
    corpus = tmp_path / "feed.jsonl"
    megabytes = write_jsonl(corpus, articles=10_000, sentences=40) / 1e6
    made = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", MAKE_TOKEN], env={**os.environ, **env},
        capture_output=True, text=True, cwd=ROOT, check=True,
    )  # fmt: skip
    token = made.stdout.strip().splitlines()[-1]

    commands, apis = [], []
    port = free_port()
    with web_and_worker(env, port) as pids:
        # Alternated, so a busy spell on the machine slows both paths alike.
        for _ in range(3):
            empty_corpus()
            commands.append(import_by_command(corpus, env))
            empty_corpus()
            apis.append(import_by_api(corpus, port=port, token=token, pids=pids))

    seconds = statistics.median(run.seconds for run in commands)
    api_seconds = statistics.median(run.seconds for run in apis)
    report(
        "import 10k JSONL articles into PostgreSQL", seconds, "s", target="<= 30 s, stretch 15 s"
    )
    report("import input size", megabytes, "MB")
    report("import throughput", megabytes / seconds, "MB/s")
    report(
        "import peak memory (process tree)",
        max(r.peak_mb for r in commands),
        "MB",
        target="<= 400 MB",
    )
    report("import 10k JSONL articles by the API, POST to done", api_seconds, "s")
    report("API import peak memory (web server + task worker)", max(r.peak_mb for r in apis), "MB")
    report("API import time / command time", api_seconds / seconds, "x", target="<= 1.2 x")
