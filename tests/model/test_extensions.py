"""Tests of the model extensions: asymmetric firms (Cor. 2-3) and capacity constraints (Cor. 3/4)."""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from endodec.errors import DomainError, ParameterError
from endodec.model import kernel
from endodec.model.asymmetric import _G, _G_jac, asymmetric_statics, solve_asymmetric
from endodec.model.capacity import capacity_constrained_crossing, capacity_delay
from endodec.model.game import GameParams, nash

SET = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def params(draw):
    N = draw(st.integers(2, 12))
    a = draw(st.floats(1.0, 30))
    b = draw(st.floats(0.1, 3))
    r = draw(st.floats(0.01, 0.3))
    frac = draw(st.floats(0.0, 0.8))
    S = frac * a * a / (b * r * (N + 1) ** 2)
    x0 = draw(st.floats(0.1, 40))
    return GameParams(N=N, a=a, b=b, r=r, x0=x0, S=S, convention="direct")


def test_symmetric_point_reproduces_closed_form_baseline():
    p = GameParams()
    s = solve_asymmetric(p)
    n = nash(p)
    assert np.max(np.abs(s.V_i - n.V(s.x))) < 1e-8
    assert np.max(np.abs(s.V_j - n.V(s.x))) < 1e-8
    assert np.max(np.abs(s.Q - n.Q(s.x))) < 1e-8
    assert np.max(np.abs(s.p_i - n.dV(s.x))) < 1e-8
    assert abs(s.T_star - float(n.crossing_time())) < 1e-8
    assert s.residual < 1e-10
    assert "T*" in s.summary()


@given(params())
@SET
def test_symmetric_point_reproduces_closed_form(p):
    s = solve_asymmetric(p, n=101)
    N, a, b, r, S, _ = (float(v) for v in p._kernel_args())
    ref = kernel.nash_at(N, a, b, r, S, s.x)
    scale = max(1.0, float(np.max(ref["V"])))
    assert np.max(np.abs(s.V_i - ref["V"])) < 1e-8 * scale
    assert np.max(np.abs(s.V_j - ref["V"])) < 1e-8 * scale
    assert np.max(np.abs(s.Q - ref["Q"])) < 1e-8 * max(1.0, float(ref["Q"].max()))
    assert abs(s.T_star - float(ref["T"][-1])) < 1e-8 * max(1.0, float(ref["T"][-1]))


def test_jacobian_matches_finite_differences():
    N, a, b, eps = 5.0, 10.0, 0.5, 0.7
    pi, pj, h = 1.3, 0.9, 1e-6
    J = _G_jac(pi, pj, N, a, b, eps)
    Gi_p = _G(0, 0, pi + h, pj, N, a, b, 0.05, eps)
    Gi_m = _G(0, 0, pi - h, pj, N, a, b, 0.05, eps)
    Gj_p = _G(0, 0, pi, pj + h, N, a, b, 0.05, eps)
    Gj_m = _G(0, 0, pi, pj - h, N, a, b, 0.05, eps)
    fd = ((Gi_p[0] - Gi_m[0]) / (2 * h), (Gj_p[0] - Gj_m[0]) / (2 * h),
          (Gi_p[1] - Gi_m[1]) / (2 * h), (Gj_p[1] - Gj_m[1]) / (2 * h))
    np.testing.assert_allclose(J, fd, rtol=1e-6, atol=1e-8)


@given(params(), st.floats(0.01, 0.3))
@SET
def test_cor2_aggregate_output_increasing_in_epsilon(p, frac):
    e1 = frac * float(p.a) * 0.5
    s0, s1, s2 = (solve_asymmetric(p, epsilon=e, n=61) for e in (0.0, e1, 2 * e1))
    assert np.all(s1.Q > s0.Q) and np.all(s2.Q > s1.Q)
    assert s2.T_star < s1.T_star < s0.T_star
    assert np.all(s1.q_j > s1.q_i)


@given(params(), st.floats(1.05, 3.0))
@SET
def test_cor3_higher_Sj_firm_produces_more_and_aggregate_rises(p, mult):
    S = float(p.S_value)
    Smax = float(p.a) ** 2 / (float(p.b) * float(p.r) * (float(p.N) + 1) ** 2)
    Sj = min(max(S * mult, S + 0.05 * Smax), 0.95 * Smax)
    s0 = solve_asymmetric(p, n=61)
    s1 = solve_asymmetric(p, S_j=Sj, n=61)
    assert np.all(s1.q_j > s1.q_i)
    assert np.all(s1.Q > s0.Q)
    assert s1.T_star < s0.T_star


def test_statics_table_and_errors():
    df = asymmetric_statics(GameParams(), epsilon=[0.0, 0.5, 1.0], n=51)
    assert np.all(np.diff(df["Q_x0"]) > 0)
    with pytest.raises(DomainError):
        solve_asymmetric(GameParams(), epsilon=1000.0, n=51)  # rivals shut out
    with pytest.raises(ParameterError):
        solve_asymmetric(GameParams(), S_j=-1.0)
    with pytest.raises(ParameterError):
        solve_asymmetric(GameParams(N=[2, 3]))


@given(params(), st.floats(0.0, 1.2), st.floats(0.0, 2.0))
@SET
def test_capacity_delay_bounded_by_lag(p, kfrac, D):
    Q0 = float(nash(p).Q())
    res = capacity_constrained_crossing(p, kappa0=kfrac * Q0, Delta=D * float(nash(p).crossing_time()))
    assert res.delay >= -1e-9
    assert res.delay <= res.Delta + 1e-9
    assert res.within_bound
    assert res.T_constrained >= res.T_unconstrained - 1e-9
    if kfrac >= 1:
        assert abs(res.delay) < 1e-9


def test_capacity_zero_capacity_delays_by_exactly_delta_and_matches_schedule():
    p = GameParams()
    T = float(nash(p).crossing_time())
    r0 = capacity_constrained_crossing(p, kappa0=0.0, Delta=0.3)
    assert abs(r0.delay - 0.3) < 1e-12
    k0 = 0.6 * float(nash(p).Q())
    lag = capacity_constrained_crossing(p, kappa0=k0, Delta=0.3)
    sch = capacity_constrained_crossing(p, kappa=lambda t: k0 if t < 0.3 else np.inf, Delta=0.3)
    assert abs(lag.T_constrained - sch.T_constrained) < 1e-6 * T
    # a schedule that never restores capacity can exceed the bound and is reported as such
    slow = capacity_constrained_crossing(p, kappa=lambda t: 0.05 * float(nash(p).Q()), Delta=0.1)
    assert not slow.within_bound
    d = capacity_delay(p, kappa0=[0.0, k0, 1e9], Delta=0.3)
    assert d[0] > d[1] > d[2] == pytest.approx(0.0, abs=1e-12)
    assert "delay" in lag.summary()


def test_capacity_coop_regime_and_validation():
    p = GameParams()
    res = capacity_constrained_crossing(p, kappa0=1.0, Delta=2.0, regime="coop")
    assert 0 <= res.delay <= 2.0
    with pytest.raises(ParameterError):
        capacity_constrained_crossing(p, kappa0=-1.0)
    with pytest.raises(ParameterError):
        capacity_constrained_crossing(p, kappa0=1.0, regime="planner")


@pytest.mark.parametrize("eps,Sj_mult", [(0.8, 1.0), (0.0, 2.5), (1.5, 1.8)])
def test_asymmetric_values_equal_discounted_payoffs_along_the_path(eps, Sj_mult):
    """Independent check: V_k(x0) = int_0^T e^{-rt} pi_k dt + e^{-rT} V_k(0) along the
    equilibrium path (integrated in x with dt = dx/Q), for both firm types."""
    from scipy.integrate import simpson

    p = GameParams()
    S = float(p.S_value)
    s = solve_asymmetric(p, epsilon=eps, S_j=Sj_mult * S, n=4001)
    a, b, r = float(p.a), float(p.b), float(p.r)
    t_from_start = s.T_star - s.T  # calendar time at which the path passes state x
    disc = np.exp(-r * t_from_start)
    price = a - b * s.Q
    for V, q, adv, bound in ((s.V_j, s.q_j, eps, s.S_j), (s.V_i, s.q_i, 0.0, S)):
        integrand = disc * (price + adv) * q / s.Q
        val = simpson(integrand, x=s.x) + np.exp(-r * s.T_star) * bound
        assert abs(val - V[-1]) < 1e-7 * max(1.0, abs(V[-1])), (val, V[-1])


def test_asymmetric_grid_of_one_point_is_refused():
    # n = 1 used to return the crossing boundary only, with T* = 0
    from endodec.errors import ParameterError
    from endodec.model.asymmetric import solve_asymmetric
    from endodec.model.game import GameParams

    with pytest.raises(ParameterError, match="n=1"):
        solve_asymmetric(GameParams(), n=1)
    assert solve_asymmetric(GameParams(), n=2).T_star > 0


def test_asymmetric_warns_when_the_hjb_residual_is_large(monkeypatch):
    from endodec.errors import NumericalWarning
    from endodec.model import asymmetric

    monkeypatch.setattr(asymmetric, "HJB_TOL", 0.0)
    with pytest.warns(NumericalWarning, match="HJB residual"):
        solve_asymmetric(GameParams(), epsilon=0.5, n=11)

