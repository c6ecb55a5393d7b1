"""The consistency checks of the learning ledger rows hold where they must and fail where they
must (property-based): the SE identity of a simple regression, Table 2's T* proportional to
1/alpha, and the reading-free rows of the paper values."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from endodec.analyses import learning, load_all
from endodec.analyses.learning.calibration import _table2_consistency

load_all()


@settings(max_examples=60, deadline=None)
@given(n=st.integers(5, 60), slope=st.floats(0.05, 2.0), noise=st.floats(0.01, 1.0),
       seed=st.integers(0, 10_000))
def test_implied_se_is_the_ols_se(n, slope, noise, seed):
    """SE = alpha sqrt((1 - R²) / (R² (n - 2))) is the OLS slope SE of any simple regression
    (the identity behind the *-se-arith rows)."""
    import statsmodels.api as sm

    rng = np.random.default_rng(seed)
    x = rng.normal(size=n)
    y = -slope * x + noise * rng.normal(size=n)
    fit = sm.OLS(y, sm.add_constant(x)).fit()
    alpha, r2 = -fit.params[1], fit.rsquared
    assert learning._implied_se(abs(alpha), r2, n) == pytest.approx(fit.bse[1], rel=1e-9)


@settings(max_examples=60, deadline=None)
@given(k=st.floats(5.0, 30.0), alphas=st.lists(st.floats(0.05, 0.6), min_size=3, max_size=8,
                                               unique=True))
def test_table2_rows_from_one_formula_pass(k, alphas):
    """Rows T* = round(K / alpha) from one set of inputs always pass the 1/alpha check."""
    a = np.array(alphas)
    pr = pd.DataFrame({"alpha": a, "t_star": np.round(k / a)})
    assert _table2_consistency(pr).value is True


@settings(max_examples=60, deadline=None)
@given(k=st.floats(5.0, 30.0), alphas=st.lists(st.floats(0.05, 0.6), min_size=3, max_size=8,
                                               unique=True),
       which=st.integers(0, 7), sign=st.sampled_from([-1.0, 1.0]))
def test_table2_row_off_the_formula_fails(k, alphas, which, sign):
    """Moving one row's T* by more than the rounding of it and of the other rows can absorb
    (2 + max alpha / alpha_i years) breaks the common alpha*T*."""
    a = np.array(alphas)
    t = np.round(k / a)
    i = which % len(a)
    t[i] += sign * (2 + np.ceil(a.max() / a[i]))
    v = _table2_consistency(pd.DataFrame({"alpha": a, "t_star": t}))
    assert v.value is False


def test_consistency_rows_read_the_paper_values_from_the_ledger(monkeypatch):
    """A paper value used as an input comes from the claims ledger (and only from there)."""
    assert learning._pin("c000-4.1-n") == 41
    orig = learning._paper_value
    monkeypatch.setattr(learning, "_paper_value",
                        lambda cid: "0.58" if cid == "c000-4.1-r2" else orig(cid))
    v = learning._implied_se_value({"alpha": "c000-4.1-alpha", "r2": "c000-4.1-r2",
                                    "se": "c000-4.1-se"}, {"text": 41.0}, "test")
    assert v.status is None and v.value == pytest.approx(0.03, abs=5e-4)
    with pytest.raises(KeyError, match="no claim"):
        learning._paper_value("no-such-claim")
