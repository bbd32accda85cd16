"""Export 100,000 and 1,000,000 sentence records (3 reviewers' labels and gold on each) from
PostgreSQL as JSONL and CSV with ``export_labels``, measuring throughput and the peak memory
of the process. Targets (issue 6): at least 50,000 records/s, peak memory under 200 MB, and
memory that does not grow with the number of records.
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys

from tests.benchmarks.database import ROOT, prepare_database
from tests.benchmarks.figures import report
from tests.benchmarks.processes import measure

RUNS = int(os.environ.get("BENCH_EXPORT_RUNS", "3"))


def test_export_jsonl_and_csv_streams_in_constant_memory():
    env = prepare_database()
    subprocess.run(
        [sys.executable, "-m", "tests.benchmarks.export_seed"],
        env={**os.environ, **env}, cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    # The same command with nothing to write: what starting Python and Django costs each run.
    empty = [sys.executable, "manage.py", "export_labels", "--campaign", "Export 100k",
             "--published-from", "2999-01-01", "-o", os.devnull, "-v0"]  # fmt: skip
    start_up = statistics.median(measure(empty, env=env, cwd=ROOT).seconds for _ in range(RUNS))
    report("export start-up (no records)", start_up, "s")
    for campaign in ("Export 100k", "Export 1M"):
        for kind in ("jsonl", "csv"):
            command = [sys.executable, "manage.py", "export_labels", "--format", kind,
                       "--campaign", campaign, "-o", os.devnull, "-v0"]  # fmt: skip
            runs = [measure(command, env=env, cwd=ROOT) for _ in range(RUNS)]
            seconds = statistics.median(run.seconds for run in runs)
            # -v0 hides the summary line: count what a run would have written from the seed.
            records = 100_000 if campaign == "Export 100k" else 1_000_000
            match = re.search(r"Wrote (\d+)", runs[0].output)
            if match:
                records = int(match.group(1))
            name = f"export {records:,} records as {kind.upper()} (median of {RUNS})"
            report(f"{name}: throughput", records / seconds, "records/s", target=">= 50,000/s")
            report(f"{name}: time", seconds, "s")
            report(
                f"{name}: throughput after start-up", records / (seconds - start_up), "records/s"
            )
            peak = max(run.peak_mb for run in runs)
            report(f"{name}: peak memory", peak, "MB", target="< 200 MB")


def test_a_gzip_export_is_smaller_and_as_fast(tmp_path):
    """Issue 18: ``export_labels --gzip`` (the same compression on a second thread as a web or
    API download that accepts gzip) at least 5 times smaller, at records/s within 10% of the
    plain export's."""
    env = prepare_database()
    subprocess.run(
        [sys.executable, "-m", "tests.benchmarks.export_seed"],
        env={**os.environ, **env}, cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    sizes, seconds = {}, {}
    for name, options in (("plain", []), ("gzip", ["--gzip"])):
        path = tmp_path / f"labels-{name}.jsonl"
        command = [sys.executable, "manage.py", "export_labels", "--campaign", "Export 1M",
                   *options, "-o", str(path), "-v0"]  # fmt: skip
        seconds[name] = statistics.median(
            measure(command, env=env, cwd=ROOT).seconds for _ in range(RUNS)
        )
        sizes[name] = path.stat().st_size
    report("export 1M records as JSONL: size, plain / gzip", sizes["plain"] / sizes["gzip"], "x",
           target=">= 5 x")  # fmt: skip
    report("export 1M records as JSONL: records/s, gzip / plain",
           seconds["plain"] / seconds["gzip"], "x", target=">= 0.9 x")  # fmt: skip
