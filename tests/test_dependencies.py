"""What the app needs at run time: no statistics stack (scipy, pandas, statsmodels) and no
GPL code (krippendorff) in a worker, whatever page it serves first."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEVELOPMENT_ONLY = ("scipy", "pandas", "statsmodels", "patsy", "krippendorff", "datasets")

# A fresh worker: Django set up, every URL's view imported, one agreement report and one set
# of Wilson intervals computed; then the names of the top-level packages it has loaded.
WORKER = """
import os, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
import django
django.setup()
from django.urls import get_resolver
get_resolver().url_patterns
from annotator.api import urls
from annotator.analysis.agreement import agreement_report
from annotator.analysis.ratings import Ratings
from annotator.analysis.reports import wilson_intervals
agreement_report(Ratings.build([(1, 1, "sourced"), (1, 2, "opinion"), (2, 1, "sourced"),
                                (2, 2, "sourced")]))
wilson_intervals([1, 2], 5)
print(" ".join(sorted({name.split(".")[0] for name in sys.modules})))
"""


def test_a_worker_loads_no_statistics_stack_and_no_gpl_package():
    loaded = subprocess.run(
        [sys.executable, "-c", WORKER], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    assert "numpy" in loaded
    assert [name for name in DEVELOPMENT_ONLY if name in loaded] == []
