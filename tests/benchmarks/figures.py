"""Timing helpers for the benchmarks: median of several runs, printed, never asserted."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def median_seconds(run: Callable[[], object], *, repeat: int = 5) -> float:
    """Run once to warm up, then ``repeat`` times; return the median wall time in seconds."""
    run()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def report(name: str, value: float, unit: str, *, target: str = "") -> None:
    line = f"BENCH {name}: {value:,.2f} {unit}"
    print(f"{line}  (target {target})" if target else line)
