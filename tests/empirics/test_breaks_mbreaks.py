"""Bai-Perron statistics against R mbreaks 1.0.1 (the Bai-Perron GAUSS code in R) fixtures.

The fixture (tests/fixtures/mbreaks/mbreaks_fixtures.json) is made by
tests/fixtures/mbreaks/make_fixtures.R on five series (RealInt, Nile, PhillipsCurve dp ~ dp1, two
seeded simulations whose data are stored in the fixture) and six error-structure variants. CI has
no R: these tests only read the committed fixture and skip nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from endodec.empirics.breaks import (
    bai_perron,
    sequential_choice,
    sequential_estimation,
    supf_critical_values,
    supfk_critical_values,
    wdmax,
)
from endodec.errors import DataError, ParameterError

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "mbreaks" / "mbreaks_fixtures.json"
DATA = json.loads(FIX.read_text())
SERIES = {s["name"]: s for s in DATA["series"]}
RTOL = 1e-6
#: mbreaks option names -> bai_perron keywords
VARIANTS = {
    "classical": {},
    "hetdat0": {"hetdat": False},
    "hetvar": {"hetvar": True},
    "robust": {"robust": True, "prewhit": True, "hetvar": True},
    "robust_noprewhit": {"robust": True, "prewhit": False, "hetvar": True},
    "robust_homvar": {"robust": True, "prewhit": True, "hetvar": False},
}
CASES = [(s, v) for s in SERIES for v in VARIANTS]


def _xy(s):
    y = np.asarray(s["y"], float)
    X = None if s["x"] is None else np.column_stack([np.ones(len(y)), s["x"]])
    return y, X


_CACHE: dict = {}


def _fit(name, variant):
    key = (name, variant)
    if key not in _CACHE:
        s = SERIES[name]
        y, X = _xy(s)
        _CACHE[key] = bai_perron(y, X, h=s["h"], max_breaks=s["m"], labels=s["labels"],
                                 n_sim=200, **VARIANTS[variant])
    return _CACHE[key]


def _dates(s, m):
    return [int(v) for v in np.atleast_1d(s["dates"][m - 1])]


def test_fixture_covers_the_brief():
    assert DATA["meta"]["mbreaks"] == "1.0.1"
    assert {"RealInt", "Nile", "PhillipsCurve", "sim_mean3", "sim_slope"} <= set(SERIES)
    assert any(s["x"] is not None for s in SERIES.values())
    for s in SERIES.values():
        assert set(s["variants"]) == set(VARIANTS)


@pytest.mark.parametrize("name", list(SERIES))
def test_ssr_and_dates(name):
    s = SERIES[name]
    r = _fit(name, "classical")
    np.testing.assert_allclose(r.ssr, s["ssr"], rtol=RTOL)
    np.testing.assert_allclose(r.ssr, s["strucchange_rss"], rtol=RTOL)
    for m in range(1, s["m"] + 1):
        # mbreaks and strucchange both print the last observation of the old regime (1-based)
        assert list(r.breaks[m] + 1) == _dates(s, m), m
        assert list(r.breaks[m] + 1) == [int(v) for v in np.atleast_1d(s["strucchange_dates"][m - 1])]
        assert r.break_labels(m) == [s["labels"][d - 1] for d in _dates(s, m)]
        assert r.table["breaks"][m] == " ".join(str(s["labels"][d - 1]) for d in _dates(s, m))
    assert r.table["supF"][1] == pytest.approx(s["strucchange_supF"], rel=RTOL)


def test_nile_is_dated_1898():
    r = _fit("Nile", "classical")
    assert r.break_labels(1) == [1898] and r.regime_starts(1) == [1899]
    assert "1898" in r.summary()


def _mbreaks_hetvar_supf(y, Z, ends):
    """mbreaks' robust=0, hetvar=1 sup-F(k): its psigmq sums the squared residuals of a middle
    regime j from the last observation of regime j-1 (one extra observation) and divides by
    n_j. Reproduced here only to check that this is the sole difference for k >= 2."""
    T, q = Z.shape
    k = len(ends)
    b = [0] + [e + 1 for e in ends] + [T]
    coefs, res, Ainvs = [], np.empty(T), []
    for j in range(k + 1):
        Zj, yj = Z[b[j]:b[j + 1]], y[b[j]:b[j + 1]]
        Ai = np.linalg.inv(Zj.T @ Zj)
        d = Ai @ Zj.T @ yj
        res[b[j]:b[j + 1]] = yj - Zj @ d
        coefs.append(d)
        Ainvs.append(Ai)
    sig = []
    for j in range(k + 1):
        lo = b[j] if j == 0 or j == k else b[j] - 1
        e = res[lo:b[j + 1]]
        sig.append(e @ e / (b[j + 1] - b[j]))
    V = [s2 * A for s2, A in zip(sig, Ainvs, strict=True)]
    rd = np.concatenate([coefs[j + 1] - coefs[j] for j in range(k)])
    RVR = np.zeros((k * q, k * q))
    for j in range(k):
        a = slice(j * q, (j + 1) * q)
        RVR[a, a] = V[j] + V[j + 1]
        if j + 1 < k:
            c = slice((j + 1) * q, (j + 2) * q)
            RVR[a, c] = RVR[c, a] = -V[j + 1]
    return (T - (k + 1) * q) / (T * k) * float(rd @ np.linalg.solve(RVR, rd))


def _own_hetvar_supf(y, Z, ends):
    """sup-F(k) with regime variances SSR_j / n_j (Bai-Perron 2003 §4.1), computed directly."""
    T, q = Z.shape
    k = len(ends)
    b = [0] + [e + 1 for e in ends] + [T]
    stat_parts = []
    for j in range(k + 1):
        Zj, yj = Z[b[j]:b[j + 1]], y[b[j]:b[j + 1]]
        beta, *_ = np.linalg.lstsq(Zj, yj, rcond=None)
        e = yj - Zj @ beta
        stat_parts.append((beta, (e @ e / len(yj)) * np.linalg.inv(Zj.T @ Zj)))
    rd = np.concatenate([stat_parts[j + 1][0] - stat_parts[j][0] for j in range(k)])
    V = [p[1] for p in stat_parts]
    RVR = np.zeros((k * q, k * q))
    for j in range(k):
        a = slice(j * q, (j + 1) * q)
        RVR[a, a] = V[j] + V[j + 1]
        if j + 1 < k:
            c = slice((j + 1) * q, (j + 2) * q)
            RVR[a, c] = RVR[c, a] = -V[j + 1]
    return (T - (k + 1) * q) / (T * k) * float(rd @ np.linalg.solve(RVR, rd))


@pytest.mark.parametrize(("name", "variant"), CASES)
def test_supf_k_udmax_wdmax(name, variant):
    s = SERIES[name]
    v = s["variants"][variant]
    r = _fit(name, variant)
    F = r.table["supF"].iloc[1:].to_numpy(float)
    if variant == "hetvar":
        # k = 1 has no middle regime: identical to mbreaks
        assert F[0] == pytest.approx(v["supF"][0], rel=RTOL)
        y, X = _xy(s)
        Z = np.ones((len(y), 1)) if X is None else X
        mb = [_mbreaks_hetvar_supf(y, Z, r.breaks[k]) for k in range(1, s["m"] + 1)]
        np.testing.assert_allclose(mb, v["supF"], rtol=RTOL)  # the only difference is psigmq
        assert max(mb[:5]) == pytest.approx(v["UDmax"], rel=RTOL)
        cvh = np.asarray(v["cv_supF"], float)
        np.testing.assert_allclose([wdmax(mb, cvh[i]) for i in range(4)], v["WDmax"], rtol=RTOL)
        assert r.udmax == pytest.approx(max(F[:5]), rel=1e-12)
        own = [_own_hetvar_supf(y, Z, r.breaks[k]) for k in range(1, s["m"] + 1)]
        np.testing.assert_allclose(F, own, rtol=RTOL)
        return
    np.testing.assert_allclose(F, v["supF"], rtol=RTOL)
    assert r.udmax == pytest.approx(v["UDmax"], rel=RTOL)
    cv = np.asarray(v["cv_supF"], float)  # rows 10%, 5%, 2.5%, 1%
    np.testing.assert_allclose([wdmax(F, cv[i]) for i in range(4)], v["WDmax"], rtol=RTOL)
    np.testing.assert_allclose(F / r.q, r.table["supF_over_q"].iloc[1:], rtol=1e-12)


@pytest.mark.parametrize(("name", "variant"), CASES)
def test_supf_next_and_sequential(name, variant):
    s = SERIES[name]
    v = s["variants"][variant]
    r = _fit(name, variant)
    nxt = r.table["supF_next"].iloc[:-1].to_numpy(float)
    assert nxt[0] == pytest.approx(r.table["supF"][1], rel=1e-12)  # F(1|0) = F(1)
    # mbreaks prints 0 when no regime of the l-break partition is 2h long; endodec gives NaN
    np.testing.assert_allclose(np.where(np.isnan(nxt), 0.0, nxt), v["supF_next"], rtol=RTOL,
                               atol=1e-12)
    cv = np.asarray(v["cv_supF_next"], float)  # rows 10%, 5%, 2.5%, 1%; columns l = 0..m-1
    assert sequential_choice(nxt, cv[1]) == v["n_sequential_global"]
    # the new break of each sup-F(l+1|l) lies inside one regime of the l-break partition
    for ell, b in r.extra["supF_next_break"].items():
        if b is not None:
            assert b not in set(r.breaks[ell])


@pytest.mark.parametrize(("name", "variant"), CASES)
def test_sequential_estimation_equals_dosequa(name, variant):
    """Breaks one at a time (mbreaks' dosequa) with the tabulated 5% critical values."""
    s = SERIES[name]
    v = s["variants"][variant]
    y, X = _xy(s)
    cv = np.asarray(v["cv_supF_next"], float)[1]
    n, dates = sequential_estimation(y, X, h=s["h"], cv=cv, max_breaks=s["m"],
                                     **VARIANTS[variant])
    assert n == v["n_sequential_mbreaks"]
    assert list(dates + 1) == [int(d) for d in np.atleast_1d(v["dates_sequential_mbreaks"])]
    r = _fit(name, variant)
    assert r.selected["sequential_estimated"] == len(r.extra["sequential_estimated_breaks"])


def test_sequential_agrees_with_mbreaks_dosequa_mostly():
    """mbreaks' dosequa estimates breaks one at a time; the global-date sequential choice equals
    it on 29 of the 30 fixture cases (sim_slope with hetdat=0 adds a 4th break)."""
    agree = [SERIES[n]["variants"][v]["n_sequential_global"]
             == SERIES[n]["variants"][v]["n_sequential_mbreaks"] for n, v in CASES]
    assert sum(agree) >= len(CASES) - 1


@pytest.mark.parametrize("name", list(SERIES))
def test_information_criteria(name):
    s = SERIES[name]
    r = _fit(name, "classical")
    assert r.selected["bic_bp"] == s["n_bic"]
    assert r.selected["lwz"] == s["n_lwz"]
    assert r.selected["kt"] == s["n_kt"]
    # mbreaks' BIC and LWZ differ from endodec's bic_bp and lwz by constants in m
    T, q, m = r.T, r.q, np.arange(r.M + 1)
    bic_mb = np.log(r.ssr / T) + np.log(T) * m * (q + 1) / T
    np.testing.assert_allclose(r.table["bic_bp"] - bic_mb, q * np.log(T) / T, rtol=1e-9)


def test_simulated_critical_values_near_the_tables():
    """Simulated asymptotic critical values (endodec) vs the Bai-Perron (2003) tables printed by
    mbreaks (eps = 0.15): sup-F(l+1|l) within 5%, sup-F(k) and UDmax within 11% (2,000 draws on a
    100-point grid; the 1% tail is the noisiest)."""
    for name in ("RealInt", "PhillipsCurve"):
        v = SERIES[name]["variants"]["classical"]
        q = SERIES[name]["q"]
        cl = supf_critical_values(q, 0.15, max_l=4)
        np.testing.assert_allclose(cl.to_numpy().T, v["cv_supF_next"], rtol=0.05)
        ck = supfk_critical_values(q, 0.15, max_k=5)
        np.testing.assert_allclose(ck.loc[[1, 2, 3, 4, 5]].to_numpy().T, v["cv_supF"], rtol=0.11)
        np.testing.assert_allclose(ck.loc["UDmax"].to_numpy(), v["cv_UDmax"], rtol=0.06)


def test_result_object_reports_new_statistics():
    r = _fit("RealInt", "robust")
    assert r.nobs == 103 and r.options["robust"] and r.options["prewhit"]
    t = r.to_frame()
    for col in ("supF", "supF_next", "crit_next", "crit_supF", "kt", "breaks"):
        assert col in t.columns
    assert t.attrs["UDmax"] == pytest.approx(r.udmax) and "WDmax" in t.attrs
    txt = r.summary()
    assert "HAC" in txt and "prewhitened" in txt and "UDmax" in txt and "WDmax" in txt
    assert np.isfinite(r.wdmax) and r.extra["WDmax_crit"] > 0


#: mbreaks::interval options -> confint(method="bai-perron") keywords
CI_VARIANTS = {
    "classical": {"robust": False, "prewhit": False, "het_reg": True, "het_err": True},
    "pooled": {"robust": False, "prewhit": False, "het_reg": False, "het_err": False},
    "robust": {"robust": True, "prewhit": True, "het_reg": True, "het_err": True},
    "robust_noprewhit": {"robust": True, "prewhit": False, "het_reg": True, "het_err": True},
    "robust_pooled": {"robust": True, "prewhit": True, "het_reg": False, "het_err": False},
}


@pytest.mark.parametrize("name", list(SERIES))
@pytest.mark.parametrize("variant", list(CI_VARIANTS))
def test_break_date_intervals(name, variant):
    """Bai-Perron break-date intervals (hetq/hetomega/robust/prewhit) equal mbreaks::interval;
    mbreaks 1.0.1 adds 1 to the upper bound of break i once per later break (its rounding sits
    inside the loop over breaks), which the comparison undoes."""
    s = SERIES[name]
    r = _fit(name, "classical")
    for m in (1, 2):
        ref = np.asarray(s["confint"][variant][m - 1], float)  # lo95, hi95, lo90, hi90 (1-based)
        ref[:, [1, 3]] -= (m - 1 - np.arange(m))[:, None]
        c95 = r.confint(m, 0.95, method="bai-perron", **CI_VARIANTS[variant])
        c90 = r.confint(m, 0.90, method="bai-perron", **CI_VARIANTS[variant])
        mine = np.column_stack([c95["lo"] + 1, c95["hi"] + 1, c90["lo"] + 1, c90["hi"] + 1])
        np.testing.assert_array_equal(mine, ref)
        assert list(c95["date"]) == r.break_labels(m)


def test_confint_defaults_follow_the_fit_options():
    rr = _fit("RealInt", "robust")
    a = rr.confint(2, method="bai-perron")
    b = rr.confint(2, method="bai-perron", robust=True, prewhit=True)
    assert a.equals(b)
    with pytest.raises(ParameterError, match="method"):
        rr.confint(1, method="gauss")


# ----------------------------------------------------------------------------- typed errors
def test_trimming_leaves_too_few_observations():
    y = np.arange(9.0)
    X = np.column_stack([np.ones(9), np.linspace(0, 1, 9) ** 2])
    with pytest.raises(ParameterError, match=r"trimming 0.15 leaves 1 observation\(s\) per regime "
                                             r"in a 9-row series: use --trim 2"):
        bai_perron(y, X, h=0.15)


def test_max_breaks_infeasible():
    with pytest.raises(ParameterError, match=r"max_breaks.*4 breaks need 5 regimes of h = 3"):
        bai_perron(np.random.default_rng(0).normal(size=12), h=3, max_breaks=4)


def test_singular_design():
    x = np.linspace(0, 1, 30)
    with pytest.raises(DataError, match="singular design"):
        bai_perron(x, np.column_stack([np.ones(30), x, 2 * x]), h=5)


def test_all_residuals_zero():
    x = np.linspace(0, 1, 30)
    with pytest.raises(DataError, match="all residuals are zero"):
        bai_perron(1 + 2 * x, np.column_stack([np.ones(30), x]), h=5)


def test_option_errors():
    y = np.random.default_rng(1).normal(size=40)
    with pytest.raises(ParameterError, match="hetdat"):
        bai_perron(y, h=0.15, robust=True, hetdat=False)
    with pytest.raises(ParameterError, match="crit"):
        bai_perron(y, h=0.15, robust=True, crit="finite", n_sim=50)
    with pytest.raises(ParameterError, match="robust"):
        bai_perron(y, h=0.15, robust="yes")
    with pytest.raises(ParameterError, match=r"h=2.*robust=True"):
        bai_perron(y, np.column_stack([np.ones(40), np.arange(40.0)]), h=2, robust=True)
    with pytest.raises(ParameterError, match="labels"):
        bai_perron(y, h=0.15, labels=[1, 2, 3])
