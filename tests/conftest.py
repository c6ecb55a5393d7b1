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


@pytest.fixture()
def hub_dump(tmp_path) -> Path:
    """A small synthetic dump of Hugging Face Hub records (4 authors x 8 quarters x 5 models)
    for the export-control commands' ``--dump`` option (no network)."""
    import json

    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(0)
    out = {}
    for a in ("Qwen", "uer", "meta-llama", "google"):
        recs = []
        for q, start in enumerate(pd.date_range("2022-01-01", periods=8, freq="QS")):
            for j in range(5):
                size = ["1B", "7B", "13B", "70B", "small"][rng.integers(5)]
                recs.append({"id": f"{a}/m{q}{j}-{size}", "downloads": int(rng.integers(1, 1000)),
                             "tags": [], "createdAt": (start + pd.Timedelta(
                                 days=int(rng.integers(0, 80)))).strftime("%Y-%m-%dT%H:%M:%S.000Z")})
        out[a] = recs
    f = tmp_path / "dump.json"
    f.write_text(json.dumps(out))
    return f


def _axes_record(fig) -> list[dict]:
    out = []
    for ax in fig.axes:
        twins = [t for t in ax._twinned_axes.get_siblings(ax) if t is not ax]
        out.append({"xlabel": ax.get_xlabel().strip(), "ylabel": ax.get_ylabel().strip(),
                    "on": bool(ax.axison and ax.get_visible()),
                    "colorbar": hasattr(ax, "_colorbar"),
                    "orientation": getattr(getattr(ax, "_colorbar", None), "orientation", ""),
                    "twin_xlabels": [t.get_xlabel().strip() for t in twins],
                    "twin_ylabels": [t.get_ylabel().strip() for t in twins],
                    "title": ax.get_title()})
    return out


def _title_clear(ax, renderer) -> bool:
    """Whether matplotlib's automatic title placement (rc ``axes.titley`` None) would leave the
    titles of ``ax`` where endodec's style (``axes.titley`` 1.0) puts them: no x ticks or x
    label on top, and no visible y offset text overlapping a title (what that placement
    avoids). ``renderer``: the one that drew the figure."""
    titles = [t for t in (ax.title, ax._left_title, ax._right_title) if t.get_text()]
    if not titles:
        return True
    if ax.xaxis.get_ticks_position() in ("top", "unknown") or \
            ax.xaxis.get_label_position() == "top":
        return False
    off = ax.yaxis.offsetText
    if not (off.get_visible() and off.get_text()):
        return True
    box = off.get_window_extent(renderer)
    return not any(box.overlaps(t.get_window_extent(renderer)) for t in titles)


@pytest.fixture()
def title_rule():
    """The rule of ``_title_clear`` (for tests that check it bites)."""
    return _title_clear


@pytest.fixture(scope="session")
def full_run(tmp_path_factory):
    """One real ``endodec reproduce --fast`` on the packaged data, shared by the session's tests
    (the report, the ledger rules, the explanations, the mutation tests read it), with the axes
    of every figure recorded as the analyses save them (``.figure_axes``: name -> axes)."""
    import endodec.analyses.base as base
    from endodec.report.reproduce import reproduce

    seen: dict[str, list[dict]] = {}
    original = base.write_figure

    def recording(fig, directory, name, *a, **k):
        seen[name] = _axes_record(fig)
        files = original(fig, directory, name, *a, **k)
        renderer = fig.canvas.get_renderer()
        for rec, ax in zip(seen[name], fig.axes, strict=True):
            rec["title_clear"] = _title_clear(ax, renderer)
        return files

    out = tmp_path_factory.mktemp("full-run") / "results"
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(base, "write_figure", recording)
        res = reproduce(out=out, fast=True)
    res.figure_axes = seen
    return res


@pytest.fixture(scope="session")
def full_run_author(tmp_path_factory):
    """The same with ``--author-data`` (skips when the author's files are absent)."""
    path = author_data_dir()
    if path is None:
        pytest.skip("the author's reference data (../shared/reference-data) are absent")
    from endodec.report.reproduce import reproduce

    return reproduce(out=tmp_path_factory.mktemp("full-run-author") / "results", fast=True,
                     author_data=path)
