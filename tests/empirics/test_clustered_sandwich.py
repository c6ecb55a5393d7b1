"""Clustered SEs against R: sandwich::vcovCL(type = "HC1") (CR1) and lmtest::coeftest(df = G-1).

The fixture (tests/fixtures/sandwich/clustered.json) is written by make_fixtures.R in the same
folder; it holds the simulated data, so CI needs no R."""

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from endodec.empirics import capex as C
from endodec.empirics import export_controls as ec
from endodec.empirics.export_controls.estimators import _ols
from endodec.errors import DataError, NumericalError

FIX = json.loads((Path(__file__).parents[1] / "fixtures" / "sandwich" / "clustered.json")
                 .read_text())
FIRMS = ("Alphabet", "Amazon", "Meta", "Microsoft")


@pytest.mark.parametrize("engine", ["statsmodels", "linearmodels"])
@pytest.mark.parametrize("spec", ["baseline", "firm_fe", "twfe"])
def test_did_clustered_matches_sandwich_vcovCL(spec, engine):
    panel = pd.DataFrame(FIX["did_panel"])
    r = ec.estimate_did(panel, spec=spec, cov="cluster", engine=engine)
    ci = r.conf_int(0.05)
    assert r.cov_correction == ec.CR1 and "CR1" in r.summary()
    for k, ref in FIX["did"][spec].items():
        assert r.n_clusters == ref["G"] and r.df_inference == ref["G"] - 1
        assert r.df_resid == ref["N"] - ref["K"]
        assert r.params[k] == pytest.approx(ref["estimate"], rel=1e-8, abs=1e-12)
        assert r.bse[k] == pytest.approx(ref["se"], rel=1e-8)
        assert r.tvalues[k] == pytest.approx(ref["t"], rel=1e-8)
        assert r.pvalues[k] == pytest.approx(ref["p"], rel=1e-8)
        assert ci.loc[k, 0] == pytest.approx(ref["ci_lo"], rel=1e-8)
        assert ci.loc[k, 1] == pytest.approx(ref["ci_hi"], rel=1e-8)


@pytest.mark.parametrize("backend", ["statsmodels", "linearmodels"])
@pytest.mark.parametrize("key", ["level_none", "level_firm", "growth_none", "growth_firm"])
def test_capex_clustered_matches_sandwich_vcovCL(key, backend):
    spec, effects = key.split("_")
    r = C.complementarity(pd.DataFrame(FIX["capex_panel"]), spec, effects, "clustered",
                          firms=FIRMS, backend=backend)
    (name, ref), = FIX["capex"][key].items()
    assert r.n_clusters == ref["G"] == 4 and r.df_inference == 3
    assert r.df_resid == ref["N"] - ref["K"]
    assert r.beta == pytest.approx(ref["estimate"], rel=1e-8)
    assert r.se == pytest.approx(ref["se"], rel=1e-8)
    assert r.bse[name] == r.se and r.params[name] == r.beta and r.cov_type == "clustered"
    assert r.pvalue == pytest.approx(ref["p"], rel=1e-8)
    assert r.conf_int().loc[name, 0] == pytest.approx(ref["ci_lo"], rel=1e-8)
    assert "CR1" in r.summary() and "t(3)" in r.summary()


def test_t_G_minus_1_is_wider_than_normal():
    panel = pd.DataFrame(FIX["did_panel"])
    r = ec.estimate_did(panel, spec="twfe", cov="cluster")
    from scipy import stats

    z = 2 * stats.norm.sf(abs(r.tvalues[r.coef]))
    assert r.p > z


def test_fewer_than_two_clusters_is_a_typed_error():
    panel = pd.DataFrame(FIX["did_panel"])
    with pytest.raises(DataError, match="2 clusters"):
        _ols("edge_share ~ post", panel.assign(one="a"), "cluster", groups="one")
    X = np.column_stack([np.ones(5), np.arange(5.0)])
    with pytest.raises(DataError, match="at least 2 clusters"):
        ec.cluster_cr1(X, np.ones(5), ["a"] * 5, 2)
    with pytest.raises(NumericalError, match="singular"):
        ec.cluster_cr1(np.column_stack([X, X[:, 1]]), np.ones(5), list("aabbc"), 3)
    with pytest.raises(NumericalError, match="N = 5 <= K"):
        ec.cluster_cr1(X, np.ones(5), list("aabbc"), 5)
