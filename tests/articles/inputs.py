"""Input files for importer tests."""

from __future__ import annotations

from pathlib import Path


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    """Write ``content`` to ``tmp_path/name`` (bytes as they are, text as UTF-8)."""
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path
