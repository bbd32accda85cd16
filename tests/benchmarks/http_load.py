"""A small HTTP load generator, run as its own process: N threads, each with a keep-alive
connection, share a list of requests; prints latency figures as JSON.

Input (stdin, JSON): {"host", "port", "headers", "requests": [[method, path, body], ...],
"concurrency", "content_type" (of the bodies; default a form)}.
"""

from __future__ import annotations

import http.client
import json
import statistics
import sys
import threading
import time


def run(spec: dict) -> dict:
    requests = spec["requests"]
    lock = threading.Lock()
    cursor = iter(range(len(requests)))
    latencies: list[float] = []
    errors: list[str] = []

    def worker() -> None:
        connection = http.client.HTTPConnection(spec["host"], spec["port"], timeout=30)
        while True:
            with lock:
                index = next(cursor, None)
            if index is None:
                break
            method, path, body = requests[index]
            headers = dict(spec["headers"])
            if body:
                headers["Content-Type"] = spec.get(
                    "content_type", "application/x-www-form-urlencoded"
                )
            started = time.perf_counter()
            try:
                connection.request(method, path, body=body or None, headers=headers)
                response = connection.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException) as error:
                status = 0
                errors.append(repr(error))
                connection.close()
                connection = http.client.HTTPConnection(spec["host"], spec["port"], timeout=30)
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                if status != 200 and status != 0:
                    errors.append(f"HTTP {status} for {method} {path}")
        connection.close()

    threads = [threading.Thread(target=worker) for _ in range(spec["concurrency"])]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    ordered = sorted(latencies)

    def pct(p: float) -> float:
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000

    return {
        "requests": len(latencies),
        "errors": len(errors),
        "first_errors": errors[:5],
        "rps": len(latencies) / wall,
        "p50": pct(50),
        "p95": pct(95),
        "p99": pct(99),
        "mean": statistics.fmean(latencies) * 1000,
    }


if __name__ == "__main__":
    print(json.dumps(run(json.load(sys.stdin))))
