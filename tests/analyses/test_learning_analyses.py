"""Learning-curve analyses run end to end (fast mode) and feed every claim of learning.csv."""

from __future__ import annotations

from pathlib import Path

import pytest

from endodec.analyses import REGISTRY, Context, load_all
from endodec.claims import evaluate, load_claims

load_all()
MODULES = ("endodec.analyses.learning", "endodec.analyses.learning.breaks",
           "endodec.analyses.learning.calibration")
IDS = [k for k, a in REGISTRY.items() if a.func.__module__ in MODULES]


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
    # the 41-year panel the text names is the author's series
    assert st["c000-4.1-alpha"] == "needs author data"
    assert st["c000-4.2-hbm-alpha"] == "underdetermined"
    assert st["c001-6.4-q"] == "not reproduced"
    assert st["c001-D-break1"] == "needs author data"
    # the paper's printed numbers contradict each other
    for cid in ("c000-4.1-se-arith", "c001-5.2.1-se-arith", "c001-D-n-full", "c001-D-n-sum",
                "c000-3.7-cnow", "c000-4.2-hbm-n", "c001-5.2.2-hbm-n", "c000-abs-lo",
                "c001-3.9-hi", "c001-6.4-k5"):
        assert st[cid] == "inconsistent", cid
    assert st["c001-t2-inv"] == "not reproduced"  # the alpha = 0.23 row of Table 2
    assert st["c001-t2-t0.23"] == "underdetermined"  # no growth rate of cumulative output
    assert st["c001-t2-y0.23"] == "reproduced"  # 2024 + T*
    assert st["c001-6.4-p-arith"] == "reproduced"  # p of the printed Q on 4 df
    assert not led["readings"].astype(bool).any()  # no reading is declared for these claims
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
    # the paper names a break by the first year of the new regime (Table 14's periods); the
    # literature's date (last year of the old regime) is a fact
    assert bp["break2"].value == 2008
    assert bp["break2"].facts["last_year_old_regime_2"] == 2007
    assert bp["regime2_alpha"].value == pytest.approx(1.1509, abs=1e-4)
    assert bp["supF1"].facts["supF1_printed_9_years_author_logs"] == pytest.approx(18.28, abs=0.01)
    st = dict(zip(led["id"], led["status"], strict=True))
    assert st["c000-4.1-alpha"] == "not reproduced" and st["c000-4.1-r2"] == "reproduced"
    assert st["c001-D-break1"] == "not reproduced" and st["c001-D-break2"] == "reproduced"
    res = vals["s5.2-author-resolution"]
    assert res["piecewise_max_abs_diff"].value < 1e-3
    assert res["rolling_max_abs_diff"].value < 1e-3
