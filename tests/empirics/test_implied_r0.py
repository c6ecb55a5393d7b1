"""Tests of the implied-R0 estimator (seed 001 §5.4, eqs. 19-20) and its implied kappa."""

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from scipy.integrate import solve_ivp

from endodec.empirics.implied_r0 import implied_r0, kappa_from_r0
from endodec.errors import ParameterError

SET = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SET
@given(st.floats(0.5, 2.0), st.floats(0.2, 2.0), st.floats(0.005, 0.2), st.floats(0.2, 3.0))
def test_implied_r0_roundtrip(R0v, delta, s0, dt):
    """Simulate eq. (19) with a known R0; 'exact' recovers it, 'mid' to O(dt^2)."""
    r = (R0v - 1) * delta
    t = np.arange(8) * dt
    sol = solve_ivp(lambda _, s: r * s * (1 - s), (0, t[-1]), [s0], t_eval=t, rtol=1e-12, atol=1e-15)
    s = sol.y[0]
    assume(np.all((s > 1e-6) & (s < 1 - 1e-6)))
    ex = implied_r0(s, dt=dt, timing="exact", delta=delta)
    assert np.allclose(ex.r0, R0v, atol=1e-7)
    mid = implied_r0(s, dt=dt, timing="mid", delta=delta)
    assert np.all(np.abs(mid.r0 - R0v) <= 0.5 * abs(r) * dt * abs(R0v - 1) * 2 + 1e-6 + 0.2 * (r * dt) ** 2)


def test_implied_r0_table10_reading():
    """Seed 001 Table 10 uses the midpoint share and delta = 1/month (found by the ledger)."""
    s = [0.010, 0.025, 0.050, 0.080, 0.120, 0.150, 0.250, 0.180]
    dt = [2, 3, 3, 2, 1, 1, 1]
    printed = np.array([1.44, 1.23, 1.16, 1.22, 1.26, 1.61, 0.59])
    ds = [0.008, 0.008, 0.010, 0.020, 0.030, 0.098, -0.069]
    res = implied_r0(s, dt=dt, timing="mid")  # differences of the printed shares
    assert np.allclose(res.r0[:5], printed[:5], atol=0.005 + 1e-9)
    pr = implied_r0(s, dt=dt, timing="mid", ds_dt=ds)  # printed (unrounded-data) growth column
    assert np.allclose(pr.r0[2:], printed[2:], atol=0.005 + 1e-9)
    end = implied_r0(s, dt=dt, timing="end")
    assert not np.allclose(end.r0, printed, atol=0.005)
    assert res.mean(exclude=[5]) == pytest.approx(np.mean(np.delete(res.r0, 5)))
    assert "mean R0" in res.summary() and len(res.to_frame()) == 7


def test_implied_r0_errors():
    with pytest.raises(ParameterError):
        implied_r0([0.1, 1.0])
    with pytest.raises(ParameterError):
        implied_r0([0.1, 0.2], timing="late")
    with pytest.raises(ParameterError):
        implied_r0([0.1, 0.2, 0.3], dt=[1.0])
    with pytest.raises(ParameterError):
        implied_r0([0.1, 0.2], delta=0)


def test_kappa_from_r0():
    assert kappa_from_r0(1.2, 0.24, 0.1) == pytest.approx(0.1)
