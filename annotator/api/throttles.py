"""Throttling for writes: reads are never throttled, writes per user (or address).

The count lives in the worker process's memory: no cache file written and renamed, no query,
on any request. A sliding window over the last two fixed windows (the previous one weighted
by how much of it still overlaps) keeps a burst at a window's edge from doubling the rate.

Several processes: each gunicorn worker (and each server) counts on its own, so a caller
spread over W workers may write up to W times ``API_WRITE_RATE`` before every worker refuses;
a restart forgets the counts. The limit is a guard against runaway scripts, not a quota: set
``API_WRITE_RATE`` to what one worker should take.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle

from annotator.accounts.login_limit import client_address

# Forget callers idle for a whole window once this many are held.
_PRUNE_AT = 10_000


class WriteThrottle(BaseThrottle):
    scope = "writes"
    # caller -> [start of the current window, writes in it, writes in the previous one]
    _counts: dict[str, list[float]] = {}
    _lock = threading.Lock()

    def __init__(self) -> None:
        rate = str(api_settings.DEFAULT_THROTTLE_RATES[self.scope])
        number, period = rate.split("/")
        self.limit = int(number)
        self.window = {"s": 1, "m": 60, "h": 3600, "d": 86400}[period[0]]
        self.wait_for: float | None = None

    def _caller(self, request: Request) -> str:
        user = request.user
        if user is not None and user.is_authenticated:
            return f"user:{user.pk}"
        return f"address:{client_address(request)}"

    def allow_request(self, request: Request, view: Any) -> bool:
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return True
        key, now = self._caller(request), time.monotonic()
        with self._lock:
            counts = self._counts
            if len(counts) >= _PRUNE_AT:
                for stale in [k for k, c in counts.items() if now - c[0] >= 2 * self.window]:
                    del counts[stale]
            start, current, previous = counts.get(key, (now, 0.0, 0.0))
            if now - start >= self.window:
                # A new window: the one just ended becomes the previous (or nothing, if idle).
                previous = current if now - start < 2 * self.window else 0.0
                start, current = start + self.window * ((now - start) // self.window), 0.0
            overlap = 1 - (now - start) / self.window
            if previous * overlap + current >= self.limit:
                self.wait_for = start + self.window - now
                counts[key] = [start, current, previous]
                return False
            counts[key] = [start, current + 1, previous]
            return True

    def wait(self) -> float | None:
        return self.wait_for

    @classmethod
    def forget(cls) -> None:
        """Drop every count (tests)."""
        with cls._lock:
            cls._counts.clear()
