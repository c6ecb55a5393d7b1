"""Tests of the R0 adoption framework (seed 000 §3.9; seed 001 §2.3, §3.10, §5.4)."""

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from scipy.integrate import solve_ivp
from scipy.optimize import brentq

from endodec.errors import DomainError, ParameterError
from endodec.model.adoption import (
    AdoptionParams,
    beta,
    beta_inverse,
    classify_regime,
    coordination_lag,
    dQstar_dkappa,
    r0,
    threshold_Q_star,
)
from endodec.model.adoption_dynamics import (
    distributed_r0,
    distributed_r0_full,
    dual_convergence,
    f_exponential,
    f_power,
    logistic_share,
    share_path,
)
from endodec.model.game import GameParams, nash

SET = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def adoption_params(draw, spec=None, clip=None):
    spec = spec or draw(st.sampled_from(["linear", "power", "logistic"]))
    clip = draw(st.booleans()) if clip is None else clip
    return AdoptionParams(
        gamma=draw(st.floats(0.2, 5)), kappa=draw(st.floats(0.0, 2)), mu=draw(st.floats(0.01, 1)),
        lam=draw(st.floats(0, 2)), beta0=draw(st.floats(0.05, 3)), c_star=draw(st.floats(0.5, 20)),
        alpha=draw(st.floats(0.05, 0.8)), Q_bar=draw(st.floats(1, 500)), Q0=1.0, spec=spec,
        clip=clip, p=draw(st.floats(0.3, 3)), k=draw(st.floats(0.2, 5)),
        c_mid=draw(st.floats(-2, 2)))


# -- beta: Table 8 ----------------------------------------------------------------------------
def test_beta_table8_forms():
    c, lam, cs = np.array([3.0, 5.0, 7.0]), 0.5, 5.0
    assert np.allclose(beta(c, lam, "linear", c_star=cs), (cs - c) + lam)
    assert np.allclose(beta(c, lam, "power", c_star=cs, p=2.0), np.maximum((cs - c) + lam, 0) ** 2)
    lg = beta(c, lam, "logistic", c_star=cs, k=1.5, c_mid=0.3)
    assert np.allclose(lg, 1 / (1 + np.exp(-1.5 * (cs - c + lam - 0.3))))
    # seed 001 eq. (13): positive part on the cost saving only
    assert np.allclose(beta(c, lam, "linear", c_star=cs, beta0=2.0, clip=True),
                       2.0 * np.maximum(cs - c, 0) + lam)
    with pytest.raises(ParameterError):
        beta(c, lam, "cubic", c_star=cs)


@pytest.mark.parametrize("spec", ["linear", "power", "logistic"])
def test_beta_inverse_roundtrip(spec):
    y = np.array([0.1, 0.4, 0.8])
    u = beta_inverse(y, spec, p=1.7, k=2.0, c_mid=0.2)
    back = beta(0.0, u, spec, c_star=0.0, p=1.7, k=2.0, c_mid=0.2)  # c = c* -> advantage = lam = u
    assert np.allclose(back, y)
    if spec == "logistic":
        assert np.isinf(beta_inverse(1.0, spec)) and beta_inverse(1.2, spec) == np.inf


def test_c_star_star_table8_rows():
    """c** printed in Table 8 (seed 000): c* - (k+m)/g + lam; c* - ((k+m)/g)^(1/p) + lam."""
    p = AdoptionParams.seed000(gamma=2.0, kappa=0.3, mu=0.1, lam=0.05, c_star=5.0)
    assert threshold_Q_star(p).c_star_star == pytest.approx(5.0 - 0.4 / 2.0 + 0.05)
    q = p.replace(spec="power", p=2.0)
    assert threshold_Q_star(q).c_star_star == pytest.approx(5.0 - (0.2) ** 0.5 + 0.05)


def test_eq13_and_eq18_closed_forms():
    p = AdoptionParams(gamma=1.3, kappa=0.4, mu=0.1, lam=0.1, beta0=0.3, c_star=5, alpha=0.23,
                       Q_bar=112)
    Qs = threshold_Q_star(p).Q_star
    eq18 = 112 * (1 - 0.5 / (0.3 * 1.3 * 5) + 0.1 / (0.3 * 5)) ** (-1 / 0.23)
    assert Qs == pytest.approx(eq18, rel=1e-12)
    p0 = AdoptionParams.seed000(gamma=1.3, kappa=0.4, mu=0.1, lam=0.1, c_star=5, alpha=0.23)
    eq13 = 112 * (1 - 0.5 / (1.3 * 5) + 0.1 / 5) ** (-1 / 0.23)
    assert threshold_Q_star(p0).Q_star == pytest.approx(eq13, rel=1e-12)


# -- Q*: R0 = 1 there, domain, monotonicity ---------------------------------------------------
@SET
@given(adoption_params())
@example(AdoptionParams(gamma=3.75, kappa=0.0, mu=0.01171875, lam=0.0, beta0=2.0, c_star=12.0,
                        alpha=0.5, Q_bar=3.0, Q0=1.0, spec="power", clip=False, p=0.3125, k=1.0,
                        c_mid=0.0))  # Q* within 1e-9 of Q_bar, where R0 is infinitely steep
def test_r0_equals_one_at_Q_star(p):
    th = threshold_Q_star(p)
    assert th.status in ("crossing", "always", "never")
    assert not np.isnan(th.Q_star)
    if th.exists:
        assert 0 < th.Q_star < np.inf
        assume(1e-8 < th.Q_star < 1e12)
        val = float(r0(th.Q_star, p))
        if val != pytest.approx(1.0, rel=1e-7, abs=1e-7):
            # R0 steep at Q* (the 'power' spec's (1 - c/c*)^p near c = c*): Q* is still right
            # if R0 crosses 1 within a relative 1e-9 of it
            assert r0(th.Q_star * (1 - 1e-9), p) <= 1 <= r0(th.Q_star * (1 + 1e-9), p), val
        # unique: below Q* R0 < 1, above R0 > 1 (R0 is monotone in Q)
        assert r0(th.Q_star * 0.9, p) <= 1 + 1e-9 and r0(th.Q_star * 1.1, p) >= 1 - 1e-9
    elif th.status == "never":
        assert th.Q_star == np.inf
        assert np.all(np.asarray(r0(np.geomspace(1e-3, 1e9, 50), p)) < 1 + 1e-12)
        with pytest.raises(DomainError):
            th.require()
    else:
        assert p.clip and th.Q_star == 0.0
        assert np.all(np.asarray(r0(np.geomspace(1e-3, 1e9, 50), p)) >= 1 - 1e-12)


@SET
@given(adoption_params(), st.floats(1e-3, 0.5))
def test_Q_star_increasing_in_kappa(p, dk):
    """seed 001 §3.10.4: dQ*/dkappa > 0 (where Q* exists)."""
    a, b = threshold_Q_star(p), threshold_Q_star(p.replace(kappa=float(p.kappa) + dk))
    if a.exists and b.exists:
        assert b.Q_star > a.Q_star
        d = dQstar_dkappa(p)
        assert d > 0
        h = 1e-6 * max(1.0, float(p.kappa))
        fd = (threshold_Q_star(p.replace(kappa=float(p.kappa) + h)).Q_star - a.Q_star) / h
        assume(np.isfinite(fd) and a.Q_star < 1e10)
        assert d == pytest.approx(fd, rel=1e-3)
    if a.status == "never":  # more friction cannot create a crossing
        assert b.status == "never"


def test_Q_star_numeric_root_matches_closed_form():
    """Logistic: Table 8 says 'implicit; numerical' -- the closed form equals brentq's root."""
    p = AdoptionParams(spec="logistic", k=2.0, c_mid=0.5, gamma=1.0, kappa=0.3, mu=0.1, lam=0.2)
    th = threshold_Q_star(p)
    root = brentq(lambda lq: r0(np.exp(lq), p) - 1.0, np.log(1.0), np.log(1e8), xtol=1e-14)
    assert th.Q_star == pytest.approx(np.exp(root), rel=1e-9)


def test_domain_messages_and_no_nan():
    never = threshold_Q_star(AdoptionParams(kappa=5.0))
    assert never.status == "never" and not never.exists and "no crossing" in never.reason
    assert never.Q_star == np.inf
    always = threshold_Q_star(AdoptionParams(lam=1.0))
    assert always.status == "always" and always.Q_star == 0.0 and always.formula_Q_star < 112
    lg = threshold_Q_star(AdoptionParams(spec="logistic", gamma=0.5, kappa=0.6, mu=0.1))
    assert lg.status == "never"  # (kappa+mu)/gamma >= 1: a logistic beta < 1 never gets there
    arr = threshold_Q_star(AdoptionParams(kappa=np.array([0.1, 0.3, 5.0]), lam=0.2))
    assert list(arr.status) == ["always", "crossing", "never"]
    assert not np.any(np.isnan(arr.Q_star))
    assert "crossing: 1" in arr.summary()
    with pytest.raises(ParameterError):
        AdoptionParams(gamma=-1)
    with pytest.raises(ParameterError):
        AdoptionParams(kappa=0, mu=0)
    with pytest.raises(ParameterError):
        AdoptionParams(spec="cubic")


# -- regimes ----------------------------------------------------------------------------------
@SET
@given(adoption_params(clip=False))
def test_regime_vs_threshold_seed000(p):
    """Definition 3 / §3.9.1: friction-dominated <=> Q* > Q_bar; network <=> Q* < Q_bar."""
    reg = classify_regime(p).regime
    th = threshold_Q_star(p)
    if th.exists:
        if reg == "friction-dominated":
            assert th.Q_star > p.Q_bar * (1 - 1e-9)
        elif reg == "network-dominated":
            assert th.Q_star < p.Q_bar * (1 + 1e-9)


@SET
@given(adoption_params(clip=True))
def test_regime_vs_threshold_seed001(p):
    """With the positive part, network-dominated means R0 >= 1 at every Q (dT ~ 0)."""
    reg = classify_regime(p).regime
    th = threshold_Q_star(p)
    if reg == "network-dominated":
        assert th.status == "always"
    if reg == "friction-dominated" and th.exists:
        assert th.Q_star > p.Q_bar * (1 - 1e-9)


def test_r0_at_parity_eq14():
    p = AdoptionParams(gamma=1.5, kappa=0.2, mu=0.1, lam=0.1)
    assert r0(p.Q_bar, p) == pytest.approx(0.1 * 1.5 / 0.3)
    assert classify_regime(p).R0_parity == pytest.approx(0.5)


# -- share dynamics ---------------------------------------------------------------------------
def test_logistic_share_matches_ode():
    km = 0.3
    for R0v in (0.6, 1.0, 1.8):
        bg = R0v * km
        sol = solve_ivp(lambda t, s, bg=bg: bg * s * (1 - s) - km * s, (0, 40), [0.02],
                        rtol=1e-11, atol=1e-14, dense_output=True)
        t = np.linspace(0, 40, 50)
        assert np.allclose(logistic_share(t, 0.02, bg, km), sol.sol(t)[0], rtol=1e-7, atol=1e-12)
    assert logistic_share(1e4, 0.02, 0.6, 0.3) == pytest.approx(0.5)  # long run 1 - 1/R0


def test_logistic_share_refuses_negative_time():
    """Backwards in time the solution leaves [0, 1] (a fuzz draw found t = -1e308, s0 = 1,
    beta*gamma = kappa+mu = 1 returning -1e-308; t = -0.5 gives 2): a typed error instead."""
    from endodec.errors import ParameterError

    for t in (-1e308, -0.5, [0.0, -1e-9]):
        with pytest.raises(ParameterError, match=r"t.*>= 0"):
            logistic_share(t, 1.0, 1.0, 1.0)
    assert logistic_share(0.0, 1.0, 1.0, 1.0) == 1.0 and 0 < logistic_share(1e308, 1.0, 1.0, 1.0) < 1e-300


def test_share_path_constant_R0_is_logistic():
    """Past the game's end with post_rate='stop', R0 is constant and eq. (11) is logistic."""
    p = AdoptionParams(lam=0.5)  # network-dominated: R0 = lam*gamma/(kappa+mu) = 1.25 below parity
    t = np.linspace(0, 30, 301)
    sp = share_path(t, p, s0=0.05, target="Q_bar", post_rate="stop")
    # before hardware crossing beta = lam: constant R0, closed form applies
    m = t <= sp.T_hw
    closed = logistic_share(t[m], 0.05, 0.5, 0.4)
    assert np.allclose(sp.s[m], closed, rtol=1e-6)


def test_share_path_uses_game_path():
    p = AdoptionParams()
    t = np.linspace(0, 40, 201)
    sp = share_path(t, p)
    gp = GameParams().replace(x0=float(threshold_Q_star(p).Q_star) - p.Q0)
    ref = p.Q0 + nash(gp).path(t[t <= sp.T_game])["cumulative"]
    assert np.allclose(sp.Q[t <= sp.T_game], ref)
    assert np.max(np.abs(sp.Q - sp.Q_ode)) < 1e-5 * sp.Q.max()  # ODE vs exact path
    assert np.all((sp.s >= 0) & (sp.s <= 1))
    assert np.all(np.diff(sp.R0) >= -1e-12)
    assert sp.T_hw < sp.T_R0 == pytest.approx(sp.T_game)
    assert "coordination lag" in sp.summary()
    assert len(sp.to_frame()) == t.size
    # after the R0 crossing, the share grows (R0 > 1 once learning continues)
    assert sp.s[-1] > sp.s[np.searchsorted(t, sp.T_R0)]


def test_share_path_errors():
    with pytest.raises(ParameterError):
        share_path([0.0], AdoptionParams())
    with pytest.raises(ParameterError):
        share_path([0, 1], AdoptionParams(), s0=0)
    with pytest.raises(DomainError):
        share_path([0, 1], AdoptionParams(kappa=5.0), target="Q_star")
    with pytest.raises(ParameterError):
        share_path([0, 1], AdoptionParams(kappa=np.array([0.1, 0.2])))


# -- coordination lag -------------------------------------------------------------------------
def test_coordination_lag_is_crossing_time_from_coordination_gap():
    p = AdoptionParams()
    lag = coordination_lag(p)
    th = threshold_Q_star(p)
    gap = th.Q_star - p.Q_bar
    assert lag.delta_T == pytest.approx(float(nash(GameParams(x0=gap)).crossing_time()), rel=1e-9)
    assert lag.delta_T > 0 and lag.regime == "friction-dominated"
    # also equals the difference of the share-path event times
    sp = share_path(np.linspace(0, 40, 11), p)
    assert lag.delta_T == pytest.approx(sp.delta_T, rel=1e-9)


@SET
@given(st.floats(0.05, 1.0), st.floats(0.01, 0.5))
def test_lag_increasing_in_kappa(k, dk):
    a = coordination_lag(AdoptionParams(kappa=k))
    b = coordination_lag(AdoptionParams(kappa=k + dk))
    if np.isfinite(a.delta_T) and np.isfinite(b.delta_T):
        assert b.delta_T >= a.delta_T - 1e-12


def test_lag_cases_and_vectorized():
    net = coordination_lag(AdoptionParams.seed000(lam=2.0))
    assert net.delta_T < 0 and net.target == "Q_bar"
    always = coordination_lag(AdoptionParams(lam=1.0))
    assert always.T_R0 == 0 and always.delta_T == pytest.approx(-always.T_hw)
    never = coordination_lag(AdoptionParams(kappa=5.0))
    assert never.delta_T == np.inf
    v = coordination_lag(AdoptionParams(kappa=np.array([0.1, 0.3, 5.0])))
    assert v.delta_T.shape == (3,) and not np.any(np.isnan(v.delta_T))
    assert v.delta_T[1] == pytest.approx(coordination_lag(AdoptionParams(kappa=0.3)).delta_T)


def test_distributed_r0():
    assert np.allclose(distributed_r0(1.2, 1.0, [2.0, 5.0]), [0.6, 0.24])
    # the full eq. (12) version exceeds eq. (21) when mu > 0 (churn does not scale with kappa)
    full = distributed_r0_full(0.24, 0.1, 0.1, 2.0)
    assert full == pytest.approx(0.24 / 0.3)
    assert full > distributed_r0(0.24 / 0.2, 0.1, 0.2)


# -- dual convergence -------------------------------------------------------------------------
def test_dual_convergence_identity_and_acceleration():
    p = AdoptionParams()
    same = dual_convergence(lambda e: f_exponential(e, 0.0), lambda t: t, p)
    assert same.T_dual == pytest.approx(same.T_fixed, rel=1e-6)
    fast = dual_convergence(lambda e: f_exponential(e, 0.05), lambda t: t, p)
    assert fast.T_dual < fast.T_fixed and 0 < fast.acceleration < 1
    faster = dual_convergence(lambda e: f_exponential(e, 0.1), lambda t: t, p)
    assert faster.T_dual < fast.T_dual
    pw = dual_convergence(lambda e: f_power(e, 1.0), lambda t: 0.1 * t, p)
    assert pw.T_dual < pw.T_fixed
    assert np.all(pw.separation >= 0) and "Dual convergence" in pw.summary()
    with pytest.raises(ParameterError):
        dual_convergence(lambda e: 1 + e, lambda t: t, p)


def test_logistic_share_never_nan_when_exp_overflows():
    """Hypothesis counterexample: t=1, s0=1, beta*gamma=0, kappa+mu=710 gave NaN (0*inf)."""
    from endodec.model.adoption_dynamics import logistic_share

    s = logistic_share(1.0, 1.0, 0.0, 710.0)
    assert np.isfinite(s) and 0 <= s < 1e-300
    # both branches agree with the ODE's closed form away from the overflow
    t, s0, bg, km = 5.0, 0.1, 1.0, 2.0
    rho = bg - km
    ref = 1 / (np.exp(-rho * t) / s0 + bg * (1 - np.exp(-rho * t)) / rho)
    assert logistic_share(t, s0, bg, km) == pytest.approx(ref, rel=1e-14)


def test_dual_convergence_warns_when_quasi_statics_fails():
    from endodec.errors import NumericalWarning

    p = AdoptionParams()
    with pytest.warns(NumericalWarning, match="quasi-static"):
        r = dual_convergence(lambda e: f_exponential(e, 0.2), lambda t: t, p)
    assert r.separation.max() >= 1


def test_share_path_warns_when_the_share_leaves_the_unit_interval(monkeypatch):
    from endodec.errors import NumericalWarning
    from endodec.model import adoption_dynamics

    monkeypatch.setattr(adoption_dynamics, "SHARE_TOL", -1.0)
    with pytest.warns(NumericalWarning, match="share path"):
        share_path(np.linspace(0, 5, 6), AdoptionParams())

