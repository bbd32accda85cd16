"""More than one machine: two app servers (gunicorn) and two task workers, each its own
process, share one PostgreSQL. Reviewers asking for work at once through both servers get
each article at most k times between them, and every queued export runs exactly once."""

from __future__ import annotations

import json
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import Any
from urllib.error import HTTPError
from urllib.request import Request, urlopen

import pytest
from django.db.models import Count
from django_tasks_db.models import DBTaskResult

from annotator.accounts.tokens import token_create
from annotator.models import ExportJob, Review
from tests.factories import CampaignFactory, UserFactory, make_article
from tests.processes import (
    POSTGRES_ONLY,
    free_port,
    process_env,
    start,
    stopped,
    wait_until,
    worker,
)

pytestmark = [POSTGRES_ONLY, pytest.mark.django_db(transaction=True)]

ARTICLES, K, REVIEWERS, EXPORTS = 12, 2, 6, 8


def _call(base: str, secret: str, method: str, path: str, body: Any = None) -> tuple[int, Any]:
    request = Request(  # noqa: S310 (our own servers)
        f"{base}{path}",
        method=method,
        data=json.dumps(body if body is not None else {}).encode(),
        headers={"Authorization": f"Bearer {secret}", "Content-Type": "application/json"},
    )
    try:
        with urlopen(request, timeout=30) as response:  # noqa: S310 (our own servers)
            raw = response.read()
            return response.status, json.loads(raw) if raw else None
    except HTTPError as error:
        return error.code, error.read()


def _up(base: str, secret: str) -> bool:
    try:
        return _call(base, secret, "GET", "/api/")[0] == 200
    except OSError:
        return False


def test_two_servers_and_two_workers_share_one_database_correctly(tmp_path: Path):
    admin = UserFactory.create(username="boss", is_staff=True)
    reviewers = [UserFactory.create(username=f"reviewer{n}") for n in range(REVIEWERS)]
    campaign = CampaignFactory.create(name="Two machines", reviews_per_article=K)
    campaign.reviewers.add(*reviewers)
    campaign.articles.add(*(make_article(sentences=3, title=f"Story {n}") for n in range(ARTICLES)))
    secrets = {user.pk: token_create(user=user, name="load")[1] for user in reviewers}
    boss = token_create(user=admin, name="load")[1]

    env = process_env(tmp_path)
    ports = [free_port(), free_port()]
    servers = [f"http://127.0.0.1:{port}" for port in ports]
    processes = [
        start(
            [
                "-m",
                "gunicorn",
                "annotator.project.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "--threads",
                "4",
            ],
            env,
            tmp_path / f"server{port}.log",
        )
        for port in ports
    ]
    processes += [worker(env, tmp_path / f"worker{n}.log") for n in range(2)]
    with stopped(processes):
        for base in servers:
            wait_until(partial(_up, base, boss), timeout=30, what=f"{base} to answer")

        def review_all(index: int) -> list[int]:
            """One reviewer: next, submit, next… until the queue is empty, alternating
            between the two servers."""
            secret, turn = secrets[reviewers[index].pk], index
            taken: list[int] = []
            while True:
                turn += 1
                status, review = _call(servers[turn % 2], secret, "POST", "/api/queue/next/")
                if status == 204:
                    return taken
                assert status == 200, review
                taken.append(review["article"]["id"])
                path = f"/api/reviews/{review['id']}/submit/"
                assert _call(servers[(turn + 1) % 2], secret, "POST", path)[0] == 200

        def export(index: int) -> int:
            return _call(servers[index % 2], boss, "POST", "/api/exports/", {"format": "jsonl"})[0]

        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=REVIEWERS + 2) as pool:
            exports = list(pool.map(export, range(EXPORTS)))
            taken = list(pool.map(review_all, range(REVIEWERS)))
        wait_until(
            lambda: ExportJob.objects.filter(status="done").count() == EXPORTS,
            timeout=40,
            what="both workers to drain the exports",
        )
        elapsed = time.monotonic() - started

    assert exports == [202] * EXPORTS
    # The queue: every article reviewed k times, never more, never twice by one reviewer.
    per_article = Counter(article for articles in taken for article in articles)
    assert set(per_article.values()) == {K} and len(per_article) == ARTICLES
    assert all(len(articles) == len(set(articles)) for articles in taken)
    stored = Review.objects.values("article").annotate(n=Count("id"))
    assert {row["n"] for row in stored} == {K}
    assert Review.objects.filter(status="submitted").count() == ARTICLES * K
    # The jobs: each claimed once, each task run once by one of the two workers.
    assert list(ExportJob.objects.values_list("attempts", flat=True)) == [1] * EXPORTS
    results = list(DBTaskResult.objects.values_list("status", "worker_ids"))
    assert len(results) == EXPORTS
    assert all(status == "SUCCESSFUL" and len(ids) == 1 for status, ids in results)
    by_worker = Counter(ids[0] for _status, ids in results)
    assert len(by_worker) <= 2
    print(f"\n{ARTICLES * K} reviews and {EXPORTS} exports in {elapsed:.1f} s; "
          f"exports per worker: {sorted(by_worker.values())}")  # fmt: skip
