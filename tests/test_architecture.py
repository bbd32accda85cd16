"""docs/architecture.md stays the map of the house: every package and module it should name is
named there, and every path it names exists."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MAP = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
NAMED = set(re.findall(r"`([^`\s]+)`", MAP))
SKIP = {"__init__", "apps", "migrations", "management", "templatetags", "static", "demo"}


def _modules(package: Path) -> list[str]:
    return sorted(p.stem for p in package.glob("*.py") if p.stem not in SKIP)


def test_every_package_and_its_modules_are_on_the_map():
    missing = []
    for package in sorted((ROOT / "annotator").iterdir()):
        if not (package / "__init__.py").exists() or package.name in SKIP:
            continue
        if f"{package.name}/" not in NAMED:
            missing.append(f"annotator/{package.name}/")
        missing += [
            f"annotator/{package.name}/{name}.py"
            for name in _modules(package)
            if name not in NAMED and f"{name}.py" not in NAMED
        ]
    for folder in ("annotator", "articles", "articles/ingest"):
        missing += [
            f"{folder}/{name}.py"
            for name in _modules(ROOT / folder)
            if f"{name}.py" not in NAMED and name not in NAMED
        ]
    assert not missing, f"docs/architecture.md does not mention: {missing}"


def test_every_path_on_the_map_exists():
    paths = [
        name
        for name in NAMED
        if name.endswith((".py", "/")) and "/" in name.rstrip("/") and "<" not in name
    ]
    gone = [
        name
        for name in paths
        if not any((ROOT / base / name.split("::")[0]).exists() for base in ("", "annotator"))
    ]
    assert not gone, f"docs/architecture.md names paths that do not exist: {gone}"
