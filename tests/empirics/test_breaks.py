"""Bai-Perron breaks against R strucchange fixtures, ruptures, brute force and the BP tables."""

from __future__ import annotations

import itertools
import json
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from endodec.empirics.breaks import bai_perron, segment_ssr, supf_critical_values
from endodec.errors import ParameterError

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "strucchange"
REPO = Path(__file__).resolve().parents[2]


def _series(s):
    y = np.asarray(s["y"], float)
    X = None if s["x"] is None else np.column_stack([np.ones(len(y)), s["x"]])
    return y, X


def _check_against_r(s):
    y, X = _series(s)
    M = len(s["rss"]) - 1
    r = bai_perron(y, X, h=int(s["h"]), max_breaks=M, n_sim=500)
    np.testing.assert_allclose(r.ssr, s["rss"], rtol=1e-8, atol=1e-9)
    np.testing.assert_allclose(r.table["bic"], s["bic"], rtol=1e-8)
    for m in range(M + 1):
        assert list(r.breaks[m] + 1) == list(np.atleast_1d(s["breaks"][m]).astype(int)), m
    assert r.table["supF"].iloc[1] == pytest.approx(s["supF"], rel=1e-8)
    assert int(r.breaks[1][0] + 1) == int(s["supF_break"])
    assert r.selected["bic"] == s["n_bic"]
    for m, ci in enumerate(s.get("confint") or [], start=1):
        if not ci:
            continue
        c = r.confint(m)
        mine = np.column_stack([c["lo"] + 1, c["index"] + 1, c["hi"] + 1])
        np.testing.assert_array_equal(mine, np.asarray(ci, float))


@pytest.mark.parametrize("name", ["synthetic_regression", "synthetic_mean", "dram_000_printed_logs"])
def test_matches_strucchange_fixtures(name):
    data = {s["name"]: s for s in json.loads((FIX / "strucchange_fixtures.json").read_text())}
    _check_against_r(data[name])


@pytest.mark.slow
def test_rerun_r_strucchange(tmp_path):
    """Re-run the R script (when R with strucchange is installed) and compare afresh, including
    the author's 41-year DRAM series when the author data are present (never stored)."""
    if shutil.which("Rscript") is None:
        pytest.skip("Rscript not installed")
    ok = subprocess.run(["Rscript", "-e", "library(strucchange); library(jsonlite)"],
                        capture_output=True)
    if ok.returncode != 0:
        pytest.skip("R packages strucchange/jsonlite not installed")
    import sys

    sys.path.insert(0, str(REPO / "tests"))
    from tests.conftest import author_data_dir

    ad = author_data_dir()
    cmd = ["Rscript", str(FIX / "make_fixtures.R"), str(tmp_path)] + ([str(ad)] if ad else [])
    subprocess.run(cmd, cwd=REPO, check=True, capture_output=True)
    fresh = json.loads((tmp_path / "strucchange_fixtures.json").read_text())
    assert len(fresh) == (4 if ad else 3)
    for s in fresh:
        _check_against_r(s)


def test_synthetic_known_breaks_recovered():
    data = {s["name"]: s for s in json.loads((FIX / "strucchange_fixtures.json").read_text())}
    y, X = _series(data["synthetic_regression"])
    r = bai_perron(y, X, h=0.15, n_sim=2000)
    # true regimes 20 / 18 / 22 observations: last obs of regimes 1 and 2 are 20 and 38 (1-based)
    assert list(r.breaks[2] + 1) == [20, 38]
    assert r.selected["sequential"] == 2 and r.selected["lwz"] == 2
    ci = r.confint(2)
    assert (ci["lo"] <= ci["index"]).all() and (ci["index"] <= ci["hi"]).all()


def test_brute_force_global_minimum():
    rng = np.random.default_rng(5)
    T, h = 24, 4
    x = np.linspace(0, 3, T)
    y = np.where(np.arange(T) < 10, 1 + x, 4 - 0.5 * x) + rng.normal(0, 0.2, T)
    X = np.column_stack([np.ones(T), x])
    r = bai_perron(y, X, h=h, max_breaks=3, n_sim=200)

    def ssr(a, b):
        beta = np.linalg.lstsq(X[a:b + 1], y[a:b + 1], rcond=None)[0]
        e = y[a:b + 1] - X[a:b + 1] @ beta
        return e @ e

    for m in (1, 2, 3):
        best = np.inf
        for bs in itertools.combinations(range(h - 1, T - h), m):
            ends = list(bs) + [T - 1]
            starts = [0] + [b + 1 for b in bs]
            if min(e - s + 1 for s, e in zip(starts, ends, strict=False)) < h:
                continue
            best = min(best, sum(ssr(s, e) for s, e in zip(starts, ends, strict=False)))
        assert r.ssr[m] == pytest.approx(best, rel=1e-9)
    S = segment_ssr(y, X, h)
    assert S[0, T - 1] == pytest.approx(ssr(0, T - 1)) and np.isnan(S[0, 1])


def test_ruptures_dynp_agrees():
    rpt = pytest.importorskip("ruptures")
    rng = np.random.default_rng(11)
    y = np.concatenate([rng.normal(0, 1, 30), rng.normal(3, 1, 25), rng.normal(-1, 1, 25)])
    r = bai_perron(y, None, h=5, max_breaks=3, n_sim=200)
    for m in (1, 2, 3):
        bk = rpt.Dynp(model="l2", min_size=5, jump=1).fit(y).predict(n_bkps=m)
        assert list(r.breaks[m] + 1) == bk[:-1]
    # piecewise-linear regression: ruptures' CostLinear on [y, X]
    x = np.linspace(0, 5, 40)
    yy = np.where(x < 2.5, 1 + 2 * x, 9 - x) + rng.normal(0, 0.1, 40)
    X = np.column_stack([np.ones(40), x])
    rr = bai_perron(yy, X, h=4, max_breaks=2, n_sim=200)
    bk = rpt.Dynp(model="linear", min_size=4, jump=1).fit(np.column_stack([yy, X])).predict(n_bkps=1)
    assert list(rr.breaks[1] + 1) == bk[:-1]


def test_simulated_critical_values_near_bai_perron_tables():
    # BP (2003) Table 1, eps = 0.15: q=1 supF(1) 5% 8.58, 1% 12.29; supF(2|1) 5% 10.13
    cv = supf_critical_values(1, 0.15, max_l=1, n_sim=20_000)
    assert cv.loc[0, 0.95] == pytest.approx(8.58, rel=0.05)
    assert cv.loc[0, 0.99] == pytest.approx(12.29, rel=0.06)
    assert cv.loc[1, 0.95] == pytest.approx(10.13, rel=0.05)


def test_errors():
    with pytest.raises(ParameterError, match="h"):
        bai_perron(np.arange(10.0), h=0.7)
    with pytest.raises(ParameterError, match="max_breaks"):
        bai_perron(np.arange(10.0), h=3, max_breaks=5)
    with pytest.raises(ParameterError, match="crit"):
        bai_perron(np.arange(10.0), h=3, crit="table")


def test_summary_and_frame():
    y = np.r_[np.zeros(10), np.ones(10) * 3] + np.linspace(0, 0.1, 20)
    r = bai_perron(y, h=0.2, n_sim=200)
    assert "Bai-Perron" in r.summary()
    # Bai-Perron / strucchange / mbreaks convention: the date is the last obs of the old regime
    assert r.break_labels(1) == [9] and r.regime_starts(1) == [10]
    assert r.table["breaks"][1] == "9" and r.nobs == 20
    assert "last observation of the old regime" in r.summary()
    assert isinstance(r.to_frame(), pd.DataFrame)


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), T=st.integers(8, 16), h=st.integers(2, 4))
def test_dp_equals_brute_force_property(seed, T, h):
    rng = np.random.default_rng(seed)
    y = rng.normal(size=T).cumsum()
    r = bai_perron(y, None, h=h, max_breaks=min(2, T // h - 1), n_sim=50)
    S = segment_ssr(y, None, h)
    for m in range(1, r.M + 1):
        best = min(
            sum(S[s, e] for s, e in zip([0] + [b + 1 for b in bs], list(bs) + [T - 1], strict=True))
            for bs in itertools.combinations(range(h - 1, T - h), m)
            if all(e - s + 1 >= h for s, e in zip([0] + [b + 1 for b in bs], list(bs) + [T - 1],
                                                    strict=True))
        )
        assert r.ssr[m] == pytest.approx(best, rel=1e-9, abs=1e-12)
        assert r.ssr[m] <= r.ssr[0] + 1e-12


def test_udmax_and_finite_critical_values():
    data = {s["name"]: s for s in json.loads((FIX / "strucchange_fixtures.json").read_text())}
    y, X = _series(data["synthetic_regression"])
    r = bai_perron(y, X, h=0.15, max_breaks=3, crit="finite", n_sim=300, seed=1)
    assert r.extra["UDmax"] == pytest.approx(r.table["supF"].iloc[1:].max())
    assert r.extra["UDmax"] > r.extra["UDmax_crit"] > r.extra["crit_supF"].loc[3, 0.95]
    assert "UDmax" in r.summary()


def test_fragile_trimming_and_per_regime_hac_warn():
    from endodec.errors import NumericalWarning

    rng = np.random.default_rng(3)
    x = np.arange(12.0)
    y = np.r_[np.zeros(6), np.ones(6)] + 0.1 * x + rng.normal(0, 0.1, 12)
    X = np.column_stack([np.ones(12), x])
    with pytest.warns(NumericalWarning, match="h = 3 observations per regime leave 1 residual"):
        bai_perron(y, X, h=3, max_breaks=1, n_sim=100)
    with pytest.warns(NumericalWarning, match="HAC long-run covariance in each regime"):
        bai_perron(y, X, h=4, max_breaks=1, n_sim=100, robust=True, hetvar=True)
