"""A synthetic news corpus for benchmarks: deterministic, written by us, realistic in shape."""

from __future__ import annotations

import json
import random
from pathlib import Path

SUBJECTS = ["The council", "Dr. Elena Marsh", "The regional health board", "Acme Corp.",
            "Mr. Okafor", "The transport authority", "Sen. Maria Delgado", "Local residents",
            "The U.S. Treasury", "A spokesperson for the ministry"]  # fmt: skip
VERBS = ["said on Tuesday that", "warned that", "announced that", "denied reports that",
         "confirmed at 4 p.m. that", "argued in a letter that"]  # fmt: skip
CLAIMS = ["spending on roads rose by 3.5% to $4.2 billion last year",
          "the new clinic would open in Jan. 2027 with 40 beds",
          "about 2,300 homes are at risk from a once-in-a-century flood",
          "the plan is a disaster dressed up as progress",
          "waiting times fell from 16 days to 11 days in October",
          "No. 4 bus passengers outnumber the projected tram riders"]  # fmt: skip
QUOTES = ["“We will not back down. The vote is final,” she said.",
          "\"That has to end,\" he told reporters.",
          "Critics called the plan “a concrete answer to a question nobody asked.”"]  # fmt: skip


def sentence(rng: random.Random) -> str:
    if rng.random() < 0.15:
        return rng.choice(QUOTES)
    tail = f", {rng.choice(CLAIMS)}" if rng.random() < 0.6 else ""
    return f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(CLAIMS)}{tail} and " \
        f"{rng.choice(CLAIMS)}."  # fmt: skip


def write_jsonl(path: Path, *, articles: int, sentences: int = 40, seed: int = 7) -> int:
    """Write ``articles`` JSONL records of about ``sentences`` sentences; returns bytes written."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        for n in range(articles):
            paragraphs = []
            remaining = sentences
            while remaining > 0:
                size = min(remaining, rng.randint(2, 5))
                paragraphs.append(" ".join(sentence(rng) for _ in range(size)))
                remaining -= size
            record = {
                "title": f"Benchmark story number {n}",
                "text": "\n\n".join(paragraphs),
                "outlet": f"Outlet {n % 12}",
                "url": f"https://news.example/{n}",
                "published": f"2026-{n % 12 + 1:02d}-{n % 28 + 1:02d}",
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path.stat().st_size
