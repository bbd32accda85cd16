"""Tag requests, the API's label writes and review pages over HTTP: gunicorn on PostgreSQL, a
separate client process; browser and API runs take turns (medians of BENCH_HTTP_ROUNDS runs).

Targets (issue 4) on this 2-core machine: concurrency 1, tag p50 <= 5 ms; concurrency 16,
>= 400 tag requests/s with p99 <= 100 ms and no errors; the 1,000-sentence page <= 300 ms.
Issue 18: the API's label write within 1.2x of the browser's tag request at both.
"""

from __future__ import annotations

import json
import os
import statistics
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


def load(
    port: int, seed: dict, requests: list[list[str]], concurrency: int, *, api: bool = False
) -> dict:
    """Run ``requests`` over ``concurrency`` connections: as the browser (session cookie, CSRF,
    htmx, form bodies), or ``api`` as a script (a bearer token, JSON bodies)."""
    headers = (
        {"Authorization": f"Bearer {seed['token']}"}
        if api
        else {
            "Cookie": f"sessionid={seed['session']}; csrftoken={seed['csrf']}",
            "X-CSRFToken": seed["csrf"],
            "HX-Request": "true",
        }
    )
    spec = {
        "host": "127.0.0.1",
        "port": port,
        "concurrency": concurrency,
        "requests": requests,
        "headers": headers,
        "content_type": "application/json" if api else "application/x-www-form-urlencoded",
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


def api_label_writes(seed: dict, count: int) -> list[list[str]]:
    """The same changes as ``tag_requests``, through ``PUT /api/reviews/<id>/labels/<id>/``."""
    review, sentences = seed["review40"], seed["sentences40"]
    return [
        ["PUT", f"/api/reviews/{review}/labels/{sentences[n % len(sentences)]}/",
         json.dumps({"value": LABELS[(n // len(sentences)) % len(LABELS)]})]
        for n in range(count)
    ]  # fmt: skip


ROUNDS = int(os.environ.get("BENCH_HTTP_ROUNDS", "3"))


def test_tag_requests_and_pages_over_http(tmp_path):
    # A write limit the benchmark's thousands of API writes a minute stay under.
    env = {
        **prepare_database(),
        "STATIC_ROOT": str(tmp_path / "static"),
        "API_WRITE_RATE": "100000/min",
    }
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
        load(port, seed, api_label_writes(seed, 200), 4, api=True)
        for concurrency in (1, 16):
            # Browser and API runs take turns, so both meet the same machine load.
            runs: dict[str, list[dict]] = {"tag request": [], "API label write": []}
            for _ in range(ROUNDS):
                runs["tag request"].append(load(port, seed, tag_requests(seed, 2000), concurrency))
                runs["API label write"].append(
                    load(port, seed, api_label_writes(seed, 2000), concurrency, api=True)
                )
            medians = {}
            for kind, figures_of_runs in runs.items():
                for figures in figures_of_runs:
                    assert figures["errors"] == 0, figures["first_errors"]
                medians[kind] = {
                    key: statistics.median(f[key] for f in figures_of_runs)
                    for key in ("p50", "p95", "p99", "rps", "mean")
                }
                name = f"{kind}, concurrency {concurrency}"
                figures = medians[kind]
                tag = kind == "tag request"
                report(f"{name}: p50", figures["p50"], "ms",
                       target="<= 5 ms" if concurrency == 1 and tag else "")  # fmt: skip
                report(f"{name}: p95", figures["p95"], "ms")
                report(f"{name}: p99", figures["p99"], "ms",
                       target="<= 100 ms" if concurrency == 16 and tag else "")  # fmt: skip
                report(f"{name}: throughput", figures["rps"], "requests/s",
                       target=">= 400/s" if concurrency == 16 and tag else "")  # fmt: skip
            browser, api = medians["tag request"], medians["API label write"]
            report(f"API / browser, concurrency {concurrency}: mean latency",
                   api["mean"] / browser["mean"], "x", target="<= 1.2x")  # fmt: skip
        for size in (40, 1000):
            page = [["GET", f"/reviews/{seed[f'review{size}']}/", ""]] * 30
            figures = load(port, seed, page, 1)
            report(f"review page, {size} sentences: p50", figures["p50"], "ms",
                   target="<= 300 ms" if size == 1000 else "")  # fmt: skip
            assert figures["errors"] == 0, figures["first_errors"]
