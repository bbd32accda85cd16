"""Tag requests and review pages over HTTP: gunicorn on PostgreSQL, a separate client process.

Targets (issue 4) on this 2-core machine: concurrency 1, tag p50 <= 5 ms; concurrency 16,
>= 400 tag requests/s with p99 <= 100 ms and no errors; the 1,000-sentence page <= 300 ms.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlencode

from tests.benchmarks.database import ROOT, prepare_database
from tests.benchmarks.figures import report
from tests.benchmarks.processes import free_port, wait_for_port

LABELS = ["sourced", "unsourced", "opinion", "no_claim"]
WORKERS = int(os.environ.get("BENCH_GUNICORN_WORKERS", "4"))


@contextmanager
def gunicorn(env: dict[str, str], port: int) -> Iterator[None]:
    command = [sys.executable, "-m", "gunicorn", "annotator.project.wsgi",
               "-b", f"127.0.0.1:{port}", "-w", str(WORKERS), "--log-level", "warning"]  # fmt: skip
    server = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **env, "CONN_MAX_AGE": "600"})
    try:
        wait_for_port(port)
        yield
    finally:
        server.terminate()
        server.wait(timeout=10)


def load(port: int, seed: dict, requests: list[list[str]], concurrency: int) -> dict:
    spec = {
        "host": "127.0.0.1",
        "port": port,
        "concurrency": concurrency,
        "requests": requests,
        "headers": {
            "Cookie": f"sessionid={seed['session']}; csrftoken={seed['csrf']}",
            "X-CSRFToken": seed["csrf"],
            "HX-Request": "true",
        },
    }
    out = subprocess.run(
        [sys.executable, "-m", "tests.benchmarks.http_load"], input=json.dumps(spec),
        capture_output=True, text=True, cwd=ROOT, check=True,
    )  # fmt: skip
    return json.loads(out.stdout)


def tag_requests(seed: dict, count: int) -> list[list[str]]:
    review, sentences = seed["review40"], seed["sentences40"]
    return [
        ["POST", f"/reviews/{review}/sentences/{sentences[n % len(sentences)]}/label",
         urlencode({"value": LABELS[(n // len(sentences)) % len(LABELS)]})]
        for n in range(count)
    ]  # fmt: skip


def test_tag_requests_and_pages_over_http(tmp_path):
    env = {**prepare_database(), "STATIC_ROOT": str(tmp_path / "static")}
    collect = [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"]
    subprocess.run(collect, env={**os.environ, **env}, cwd=ROOT, check=True)
    seeded = subprocess.run(
        [sys.executable, "-m", "tests.benchmarks.seed_review"], env={**os.environ, **env},
        capture_output=True, text=True, cwd=ROOT, check=True,
    )  # fmt: skip
    seed = json.loads(seeded.stdout.strip().splitlines()[-1])
    port = free_port()
    with gunicorn(env, port):
        load(port, seed, tag_requests(seed, 200), 4)  # warm every worker
        for concurrency in (1, 16):
            figures = load(port, seed, tag_requests(seed, 2000), concurrency)
            name = f"tag request, concurrency {concurrency}"
            report(
                f"{name}: p50", figures["p50"], "ms", target="<= 5 ms" if concurrency == 1 else ""
            )
            report(f"{name}: p95", figures["p95"], "ms")
            report(
                f"{name}: p99",
                figures["p99"],
                "ms",
                target="<= 100 ms" if concurrency == 16 else "",
            )
            report(f"{name}: throughput", figures["rps"], "requests/s",
                   target=">= 400/s" if concurrency == 16 else "")  # fmt: skip
            report(f"{name}: errors", figures["errors"], "", target="0")
            assert figures["errors"] == 0, figures["first_errors"]
        for size in (40, 1000):
            page = [["GET", f"/reviews/{seed[f'review{size}']}/", ""]] * 30
            figures = load(port, seed, page, 1)
            report(f"review page, {size} sentences: p50", figures["p50"], "ms",
                   target="<= 300 ms" if size == 1000 else "")  # fmt: skip
            assert figures["errors"] == 0, figures["first_errors"]
