"""Learning-curve analyses run end to end (fast mode) and feed every claim of learning.csv."""

from __future__ import annotations

from pathlib import Path

import pytest

import endodec.analyses.learning  # noqa: F401  (registers)
from endodec.analyses import REGISTRY, Context
from endodec.claims import evaluate, load_claims

IDS = [k for k, a in REGISTRY.items() if a.func.__module__ == "endodec.analyses.learning"]


def _claims():
    cl = load_claims()
    return cl[cl["source_file"] == "learning.csv"]


def _run(ctx, ids):
    return {k: REGISTRY[k].run(ctx) for k in ids}


def test_packaged_analyses_cover_their_claims(tmp_path):
    ctx = Context(out=tmp_path, author_data=None, fast=True)
    ids = [k for k in IDS if not REGISTRY[k].needs_author_data]
    vals = _run(ctx, ids)
    cl = _claims()
    skipped = {k for k in IDS if REGISTRY[k].needs_author_data}
    led = evaluate(cl, vals, skipped_author=skipped)
    assert (led["status"] != "error").all(), led.loc[led["status"] == "error", ["id", "explanation"]]
    # honest checks on a few headline numbers
    st = dict(zip(led["id"], led["status"], strict=True))
    assert st["c000-3.7-qbar"] == "reproduced"
    assert st["c000-4.1-alpha"] == "not reproduced"
    assert st["c000-4.2-hbm-alpha"] == "underdetermined"
    assert st["c001-6.4-q"] == "inconsistent"
    assert st["c001-D-break1-41y"] == "needs author data"
    names = {a.name for a in ctx.artifacts}
    assert {"fig000_dram_fit", "fig001_forest_table12", "tab001_table2_alpha_sensitivity"} <= names
    for a in ctx.artifacts:
        for f in a.files:
            assert (Path(tmp_path) / f).exists()


def test_author_analyses(tmp_path, author_data):
    ctx = Context(out=tmp_path, author_data=author_data, fast=True)
    ids = [k for k in IDS if REGISTRY[k].needs_author_data]
    vals = _run(ctx, ids)
    cl = _claims()
    led = evaluate(cl[cl["analysis"].isin(ids)], vals)
    assert len(led) >= 20
    assert (led["status"] != "error").all()
    v = vals["s4.1-dram-author"]
    assert v["alpha"].value == pytest.approx(0.7709, abs=1e-4)
    assert v["chow_max_abs_diff_vs_author"].value < 1e-3
    bp = vals["d-bai-perron-author"]
    # the literature's convention (last year of the old regime); the paper names the first year
    # of the new one, which the ledger reports as a reading
    assert bp["break2"].value == 2007
    assert bp["break2"].readings["first_year_of_new_regime"] == 2008
    assert bp["regime2_alpha"].value == pytest.approx(1.1509, abs=1e-4)
    assert bp["supF1"].readings["printed_9_years_author_logs"] == pytest.approx(18.28, abs=0.01)
    res = vals["s5.2-author-resolution"]
    assert res["piecewise_max_abs_diff"].value < 1e-3
    assert res["rolling_max_abs_diff"].value < 1e-3
