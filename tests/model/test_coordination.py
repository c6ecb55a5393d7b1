"""Tests of the Appendix C coordination dynamics (seed 000 App. C; seed 001 App. C)."""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from endodec.errors import ParameterError
from endodec.model.adoption import (
    AdoptionParams,
    coordination_lag,
    qstar_kappa_fn,
    threshold_Q_star,
)
from endodec.model.coordination import KappaSchedule, simulate, timescale_separation, two_gap

SET = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SET
@given(st.sampled_from(["exponential", "power", "step"]), st.floats(0.05, 2), st.floats(0.1, 3),
       st.floats(0.0, 50))
def test_kappa_decreasing(kind, k0, par, E):
    s = KappaSchedule(kind, kappa0=k0, rate=par, eta=par, E_threshold=par, kappa1=0.5 * k0)
    assert s(0.0) == pytest.approx(k0)
    assert s(E + 1.0) <= s(E) + 1e-15
    assert s.derivative(E) <= 0
    if kind != "step":
        h = 1e-6
        assert s.derivative(E) == pytest.approx((s(E + h) - s(E - h if E > h else E)) /
                                                (2 * h if E > h else h), rel=1e-3, abs=1e-9)


def test_schedule_validation():
    with pytest.raises(ParameterError):
        KappaSchedule("linear")
    with pytest.raises(ParameterError):
        KappaSchedule("step", kappa0=0.2, kappa1=0.3)
    with pytest.raises(ParameterError):
        KappaSchedule()(-1.0)


def test_two_gap_identity_and_signs():
    p = AdoptionParams()
    Q = np.linspace(3, 100, 7)
    g = two_gap(Q, p)
    assert np.allclose(g["G_H"] + g["G_C"], g["x_star"])
    assert np.allclose(g["x_star"], threshold_Q_star(p).Q_star - Q)
    assert np.all(g["G_C"] > 0)  # friction-dominated
    net = two_gap(Q, AdoptionParams.seed000(lam=2.0))
    assert np.all(net["G_C"] < 0)  # network-dominated
    # declining kappa shrinks the coordination gap
    k = np.array([0.3, 0.2, 0.1])
    assert np.all(np.diff(two_gap(50.0, p, kappa=k)["G_C"]) < 0)


@pytest.mark.parametrize("kind", ["exponential", "power", "step"])
def test_declining_kappa_advances_R0_crossing(kind):
    p = AdoptionParams()
    sch = KappaSchedule(kind, kappa0=0.3, rate=0.5, eta=1.0, E_threshold=2.0, kappa1=0.25)
    path = simulate(p, sch, phi=1.0)
    fixed = coordination_lag(p)
    assert path.T_hw == pytest.approx(fixed.T_hw, rel=1e-6)  # E = 0 before hardware crossing
    assert path.T_R0_fixed == pytest.approx(fixed.T_R0, rel=1e-9)
    assert path.T_hw < path.T_R0 < path.T_R0_fixed  # two-sided convergence shortens the lag
    assert np.all(np.diff(path.kappa) <= 1e-15)
    assert np.all(path.E[path.t <= path.T_hw - 1e-9] == 0)
    assert np.allclose(path.G_H + path.G_C, path.x_star)
    fin = np.isfinite(path.x_star)
    assert path.x_star[fin][-1] == pytest.approx(0.0, abs=1e-6) or path.jumps
    if kind == "step":
        assert path.jumps and not path.quasi_static()
    assert "Appendix C" in path.summary() and len(path.to_frame()) == path.t.size


def test_timescale_separation_check_and_limit():
    """Small phi: quasi-static holds and the lag tends to the fixed-kappa lag."""
    p = AdoptionParams()
    slow = simulate(p, KappaSchedule("exponential", 0.3, rate=0.5), phi=1e-3)
    fast = simulate(p, KappaSchedule("exponential", 0.3, rate=0.5), phi=1.0)
    ts, tf = timescale_separation(slow), timescale_separation(fast)
    assert ts["holds"] and ts["max_ratio"] < 0.1
    assert not tf["holds"] and tf["max_ratio"] > ts["max_ratio"]
    assert slow.T_R0 == pytest.approx(slow.T_R0_fixed, rel=0.02)
    # drift term matches a finite difference of Q*(kappa(E(t))) along the path
    i = (slow.t > slow.T_hw + 0.5) & np.isfinite(slow.Q_star)
    fd = np.gradient(slow.Q_star[i], slow.t[i])
    assert np.allclose(fd[2:-2], slow.dQstar_dt[i][2:-2], rtol=0.02, atol=1e-6)


@pytest.mark.parametrize("spec", ["linear", "power", "logistic"])
@pytest.mark.parametrize("clip", [True, False])
def test_fast_qstar_matches_threshold(spec, clip):
    p = AdoptionParams(spec=spec, clip=clip, k=2.0, c_mid=0.3, p=1.5)
    f = qstar_kappa_fn(p)
    ks = np.linspace(0.0, 3.0, 31)
    ref = threshold_Q_star(p.replace(kappa=ks)).Q_star
    got = np.array([f(k) for k in ks])
    assert np.array_equal(np.isinf(got), np.isinf(ref))
    fin = np.isfinite(ref)
    assert np.allclose(got[fin], ref[fin], rtol=1e-12)
