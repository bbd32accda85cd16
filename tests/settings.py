"""Test settings: the real settings with a throwaway key and fast password hashing."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "tests-only-not-a-secret")

from annotator.project.settings import *  # noqa: F403
from annotator.project.settings import STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

# Uploaded and exported files in a folder of this process's own (removed when the run ends,
# tests/conftest.py): `make test` runs the suite in several processes at once.
MEDIA_ROOT = Path(tempfile.gettempdir()) / f"annotator-tests-media-{os.getpid()}"

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not Django's shared in-memory database: threads then meet SQLite's real locking
    # (IMMEDIATE transactions, busy timeout), as in production, instead of shared-cache
    # "table is locked" errors.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(Path(tempfile.gettempdir()) / f"annotator-tests-{os.getpid()}.sqlite3")
    }
