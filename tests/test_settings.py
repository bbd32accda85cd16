from __future__ import annotations

import os
import subprocess
import sys

import pytest

PRINT_SETTINGS = (
    "import annotator.project.settings as s; "
    "print(s.DEBUG, s.DATABASES['default']['ENGINE'], "
    "s.DATABASES['default'].get('CONN_HEALTH_CHECKS'), s.ALLOWED_HOSTS)"
)


def settings_with(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL", "ALLOWED_HOSTS"}
    }
    return subprocess.run(
        [sys.executable, "-c", PRINT_SETTINGS],
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_secret_key_is_required_when_debug_is_off(tmp_path):
    result = settings_with(DATA_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_debug_is_off_unless_asked_for_and_sqlite_is_the_default(tmp_path):
    result = settings_with(SECRET_KEY="k", DATA_DIR=str(tmp_path))
    assert result.stdout.split()[:2] == ["False", "django.db.backends.sqlite3"]


@pytest.mark.parametrize("flag", ["1", "true", "on"])
def test_debug_on_needs_no_secret_key(tmp_path, flag):
    result = settings_with(DEBUG=flag, DATA_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("True")


def test_database_url_selects_postgres_with_health_checks(tmp_path):
    result = settings_with(
        SECRET_KEY="k",
        DATABASE_URL="postgres://u@db.invalid:5432/x",
        ALLOWED_HOSTS="annotate.example,10.0.0.5",
    )
    assert result.stdout.strip() == (
        "False django.db.backends.postgresql True ['annotate.example', '10.0.0.5']"
    )
