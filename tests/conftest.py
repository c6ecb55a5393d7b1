"""Shared fixtures.

``author_data`` gives the directory of the paper author's data files (``ENDODEC_AUTHOR_DATA`` or
``../shared/reference-data`` beside the repository) and skips the test when it is absent.
"""

from __future__ import annotations

import os
from pathlib import Path

import matplotlib
import pytest
from hypothesis import settings

matplotlib.use("Agg")

# Property tests draw new examples on every local run (a counterexample is a finding: keep it as
# an @example). CI (ENDODEC_HYPOTHESIS_PROFILE=ci, set by .ci/run) draws a fixed sequence, so a
# landing's result does not depend on the luck of the draw.
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.load_profile(os.environ.get("ENDODEC_HYPOTHESIS_PROFILE", "default"))

REPO = Path(__file__).resolve().parents[1]


def author_data_dir() -> Path | None:
    env = os.environ.get("ENDODEC_AUTHOR_DATA")
    for cand in ([Path(env)] if env else []) + [REPO.parent / "shared" / "reference-data"]:
        if cand.is_dir() and any(cand.glob("*.csv")):
            return cand
    return None


@pytest.fixture(scope="session")
def author_data() -> Path:
    d = author_data_dir()
    if d is None:
        pytest.skip("author reference data not found (set ENDODEC_AUTHOR_DATA or ../shared/reference-data)")
    return d
