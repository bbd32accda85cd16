"""The README's scripted API session, run as written (with curl) against the demo data."""

from __future__ import annotations

import csv
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from annotator.models import ApiToken, Label, Review
from articles.models import Article

README = Path(__file__).resolve().parents[1] / "README.md"


def _session_script() -> str:
    text = README.read_text()
    after = text[text.index("A session against `make demo`") :]
    return after.split("```sh\n", 1)[1].split("\n```", 1)[0]


@pytest.mark.django_db(transaction=True)
def test_the_readme_api_session_works_as_written_against_the_demo(live_server, capsys, tmp_path):
    call_command("load_demo")
    password = re.search(r"^\s+admin\s+password: (\S+)$", capsys.readouterr().out, re.M)
    assert password
    script = _session_script()
    assert "ADMIN_PASSWORD='…'" in script and "http://127.0.0.1:8000/api" in script
    script = script.replace("ADMIN_PASSWORD='…'", f"ADMIN_PASSWORD='{password[1]}'")
    script = script.replace("http://127.0.0.1:8000/api", f"{live_server.url}/api")

    run = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script],
        cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr + run.stdout

    assert ApiToken.objects.filter(user__username="admin", name="notebook").exists()
    assert Article.objects.filter(title="Harbour plan passes").exists()
    review = Review.objects.get(reviewer__username="admin", campaign__name="Demo campaign")
    labels = dict(Label.objects.filter(review=review).values_list("value", "source"))
    assert labels == {"sourced": "the council", "opinion": ""}
    with (tmp_path / "gold.csv").open(newline="") as exported:
        rows = list(csv.DictReader(exported))
    assert rows and {row["campaign"] for row in rows} == {"Pilot study"}
    assert all(row["gold_label"] for row in rows)


def _production_exports() -> dict[str, str]:
    """The variables the README's Production section exports, as written (the secret key is
    made by a command there: any key will do here)."""
    text = README.read_text()
    block = text[text.index("## Production") :].split("```sh\n", 1)[1].split("\n```", 1)[0]
    env: dict[str, str] = {}
    for line in block.splitlines():
        if line.startswith("export "):
            for pair in shlex.split(line.removeprefix("export ").split("#", 1)[0]):
                name, _, value = pair.partition("=")
                env[name] = value
    env["SECRET_KEY"] = "a-long-random-key-for-this-test-only-" + "x" * 40
    return env


def test_the_readme_production_settings_pass_check_deploy(tmp_path):
    env = _production_exports()
    assert {"HTTPS", "PROXY_COUNT", "ALLOWED_HOSTS", "SECRET_KEY"} <= env.keys()
    # Only what a production shell has: not the test run's settings module, nor the
    # DJANGO_ALLOW_ASYNC_UNSAFE the browser tests set.
    clean = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "TMPDIR"}}
    # The database is the README's server, never reached: check needs no connection.
    run = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=README.parent, env={**clean, **env, "DATA_DIR": str(tmp_path)},
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr + run.stdout
    assert "no issues" in run.stdout
