"""``make lint``: no app module (migrations aside) passes 400 lines.

Run as ``python -m tests.module_sizes``; prints the offenders and exits 1 when there are any.
"""

from __future__ import annotations

import sys
from pathlib import Path

LIMIT = 400
ROOT = Path(__file__).resolve().parent.parent
APPS = ("annotator", "articles")


def oversized(root: Path = ROOT) -> list[tuple[str, int]]:
    """(path, lines) of every app module longer than LIMIT lines, longest first."""
    found = []
    for app in APPS:
        for path in sorted((root / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            lines = len(path.read_text(encoding="utf-8").splitlines())
            if lines > LIMIT:
                found.append((str(path.relative_to(root)), lines))
    return sorted(found, key=lambda item: -item[1])


def main() -> int:
    found = oversized()
    for path, lines in found:
        print(f"{path}: {lines} lines (at most {LIMIT}): split it along a seam a reader sees.")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
