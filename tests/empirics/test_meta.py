"""Meta-analysis closed forms against statsmodels combine_effects and hand computation."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from statsmodels.stats.meta_analysis import combine_effects

from endodec.empirics.meta import meta_analysis, select_estimates
from endodec.errors import ParameterError


def test_matches_statsmodels_when_heterogeneous():
    a = np.array([0.1, 0.3, 0.25, 0.5, 0.05])
    s = np.array([0.05, 0.04, 0.06, 0.05, 0.03])
    r = meta_analysis(a, s)
    sm = combine_effects(a, s**2, method_re="chi2")  # DerSimonian-Laird
    assert sm.tau2 > 0
    assert r.q == pytest.approx(sm.q)
    assert r.tau2 == pytest.approx(sm.tau2)
    assert r.i2 == pytest.approx(sm.i2)
    assert r.fe == pytest.approx(sm.mean_effect_fe)
    assert r.re == pytest.approx(sm.mean_effect_re)
    assert r.fe_se == pytest.approx(sm.sd_eff_w_fe)


def test_homogeneous_truncates_at_zero_and_table12():
    lr = pd.DataFrame({
        "product": ["HBM", "NAND", "Intel", "DRAM (IV, causal)", "Microproc. (w/ spillovers)",
                    "Solar", "Li-ion", "AWS"],
        "alpha": [0.23, 0.24, 0.24, 0.32, 0.12, 0.23, 0.21, 0.25],
        "se": [0.06, 0.05, 0.04, 0.05, np.nan, 0.02, 0.03, 0.03],
        "source": ["", "", "", "Irwin & Klenow", "Goldberg et al.", "", "", ""]})
    sel = select_estimates(lr, "paper_001")
    assert len(sel) == 6
    r = meta_analysis(sel["alpha"], sel["se"], sel["product"])
    # hand computation: weights 1/se^2
    w = 1 / sel["se"].to_numpy() ** 2
    m = (w * sel["alpha"]).sum() / w.sum()
    assert r.q == pytest.approx((w * (sel["alpha"] - m) ** 2).sum())
    assert r.q == pytest.approx(0.974, abs=1e-3) and r.df == 5
    assert r.tau2 == 0 and r.i2 == 0 and r.re == pytest.approx(r.fe)
    assert "Cochran Q" in r.summary()
    assert len(r.to_frame()) == 8
    assert len(select_estimates(lr, "none")) == 7  # Goldberg has no SE


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.floats(-1, 1), st.floats(0.01, 1)), min_size=2, max_size=12))
def test_properties(rows):
    a, s = map(np.array, zip(*rows, strict=False))
    r = meta_analysis(a, s)
    assert r.q >= -1e-12 and 0 <= r.i2 <= 1 and r.tau2 >= 0
    assert min(a) - 1e-9 <= r.fe <= max(a) + 1e-9
    assert min(a) - 1e-9 <= r.re <= max(a) + 1e-9
    assert 0 <= r.q_pvalue <= 1


def test_errors():
    with pytest.raises(ParameterError, match="se"):
        meta_analysis([0.1, 0.2], [0.1, 0.0])
    with pytest.raises(ParameterError, match="k"):
        meta_analysis([0.1], [0.1])


def test_matches_metafor_fixtures():
    """R metafor::rma (DL, FE) fixtures made by tests/empirics/metafor/make_fixtures.R."""
    import json
    from pathlib import Path

    fx = json.loads((Path(__file__).parent / "metafor" / "metafor_fixtures.json").read_text())
    assert len(fx) == 3
    for f in fx:
        r = meta_analysis(f["yi"], f["se"])
        assert r.q == pytest.approx(f["Q"], rel=1e-9)
        assert r.q_pvalue == pytest.approx(f["Qp"], rel=1e-8)
        assert r.i2 == pytest.approx(f["I2"], abs=1e-10)
        assert r.tau2 == pytest.approx(f["tau2"], abs=1e-12)
        assert r.re == pytest.approx(f["re"], rel=1e-9)
        assert r.re_se == pytest.approx(f["re_se"], rel=1e-9)
        assert r.fe == pytest.approx(f["fe"], rel=1e-9)
        assert r.fe_se == pytest.approx(f["fe_se"], rel=1e-9)


def test_statsmodels_names_match_the_paper_names():
    r = meta_analysis([0.30, 0.35, 0.25], [0.05, 0.04, 0.06], ci_alpha=0.10)
    assert list(r.params.index) == ["fixed_effect", "random_effects"]
    assert r.params["fixed_effect"] == r.fe and r.params["random_effects"] == r.re
    assert r.bse["fixed_effect"] == r.fe_se and r.bse["random_effects"] == r.re_se
    assert r.nobs == r.k == 3
    assert tuple(r.conf_int().loc["fixed_effect"]) == pytest.approx(r.fe_ci)  # ci_alpha default
    assert tuple(r.conf_int().loc["random_effects"]) == pytest.approx(r.re_ci)
    assert r.conf_int(0.05).loc["fixed_effect", "lower"] < r.fe_ci[0]
    assert 0 <= r.pvalues["fixed_effect"] < 1e-6
    d = r.to_dict()
    assert "sm" not in d and d["fe"] == pytest.approx(r.fe)
