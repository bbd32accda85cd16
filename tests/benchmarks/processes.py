"""Run a command in a subprocess and measure wall time and the peak RSS of its process tree."""

from __future__ import annotations

import os
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Run:
    seconds: float
    # Largest sum over the process and all its descendants of their proportional set size
    # (PSS: pages shared after fork count once in total, not once per process).
    peak_mb: float
    output: str


def _tree_pss_kb(pid: int) -> int:
    total = 0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            rollup = Path(f"/proc/{current}/smaps_rollup").read_text()
            total += next(
                int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:")
            )
            for task in Path(f"/proc/{current}/task").iterdir():
                children = (task / "children").read_text().split()
                pending.extend(int(child) for child in children)
        except (FileNotFoundError, ProcessLookupError, StopIteration):
            continue
    return total


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, *, seconds: float = 10.0) -> None:
    """Wait until a server started in another process accepts connections on ``port``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)


def tree_pss_mb(*pids: int) -> float:
    """The PSS of these processes and all their descendants, in MB."""
    return sum(_tree_pss_kb(pid) for pid in pids) / 1024


def measure(command: list[str], *, env: dict[str, str], cwd: Path) -> Run:
    with tempfile.TemporaryFile("w+") as log:
        started = time.perf_counter()
        with subprocess.Popen(
            command, env={**os.environ, **env}, cwd=cwd, stdout=log, stderr=subprocess.STDOUT
        ) as process:
            peak = 0
            while process.poll() is None:
                peak = max(peak, _tree_pss_kb(process.pid))
                time.sleep(0.05)
        seconds = time.perf_counter() - started
        log.seek(0)
        output = log.read()
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{output}")
    return Run(seconds=seconds, peak_mb=peak / 1024, output=output)
