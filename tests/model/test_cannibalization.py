"""Tests of input cannibalization (seed 001 §3.7 Proposition 2, Remark 4) and Corollary 5 (§8)."""

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from endodec.errors import DomainError, ParameterError
from endodec.model.cannibalization import (
    CannibalizationParams,
    crossing_2d,
    dx_decomposition,
    effective_demand,
    residual_capacity,
    supply_denial_duration,
    threshold_2d,
)
from endodec.model.continuum import capability_continuum

SET = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def test_residual_capacity_broadcasts_and_validates():
    out = residual_capacity([10.0, 20.0], 2.0, 3.5)
    np.testing.assert_allclose(out, [3.0, 13.0])
    with pytest.raises(ParameterError):
        residual_capacity(-1.0, 1.0, 3.5)
    with pytest.raises(ParameterError):
        residual_capacity(1.0, 1.0, 0.0)
    with pytest.raises(ParameterError):
        CannibalizationParams(theta=0.9)


@given(st.floats(0.0, 5.0), st.floats(0.01, 3.0))
@SET
def test_threshold_2d_unreachable_below_kmin_and_monotone(K_min, scale):
    c = CannibalizationParams(K_min=K_min, K_scale=scale)
    K_C = np.linspace(-2, 12, 300)
    q = threshold_2d(K_C, c)
    assert np.all(np.isinf(q[K_C < K_min]))
    assert np.all(np.isfinite(q[K_C >= K_min]))
    # scarcer consumer capacity => higher friction => larger threshold (weakly)
    fin = K_C >= K_min
    assert np.all(np.diff(q[fin]) <= 1e-12)
    # the printed formula (eq. 8 with the indicator) gives 0 instead
    lit = threshold_2d(K_C, c, literal=True)
    assert np.all(lit[K_C < K_min] == 0)
    # threshold at abundant capacity approaches eq. (18) at kappa_lo, and exceeds Qbar
    assert q[-1] > c.Qbar


def test_qbar_star_nonexistent_is_inf_and_decomposition_raises():
    c = CannibalizationParams(kappa_hi=5.0)  # bracket < 0 at scarce capacity
    assert np.isinf(c.qbar_star(5.0))
    t = np.linspace(0, 5, 51)
    with pytest.raises(DomainError):
        dx_decomposition(t, 1.0, 1.0, 1.0, c)


@st.composite
def paths(draw):
    K0 = draw(st.floats(5.0, 20.0))
    gK = draw(st.floats(0.0, 0.3))
    D0 = draw(st.floats(0.5, 3.0))
    gD = draw(st.floats(-0.1, 0.4))
    q = draw(st.floats(0.05, 2.0))
    theta = draw(st.floats(1.5, 4.5))
    return K0, gK, D0, gD, q, theta


@given(paths())
@SET
def test_channels_sum_to_dx_dt(pp):
    K0, gK, D0, gD, q, theta = pp
    c = CannibalizationParams(theta=theta, K_scale=4.0, kappa_hi=0.4)

    def K(t):
        return K0 * np.exp(gK * t)

    def D(t):
        return D0 * np.exp(gD * t)

    def qt(t):
        return q * (1 + 0.5 * np.sin(t))

    t = np.linspace(0, 10, 4001)
    dec = dx_decomposition(t, K, D, qt, c)
    np.testing.assert_allclose(dec.supply_denial + dec.learning, dec.dx_dt)
    # independent check: differentiate x(t) = Qbar*(kappa(K_C(t))) - Q(t) numerically
    from scipy.integrate import cumulative_trapezoid

    Q = cumulative_trapezoid(qt(t), t, initial=0.0)
    x = c.qbar_star(c.kappa(residual_capacity(K(t), D(t), theta))) - Q
    dx = np.gradient(x, t, edge_order=2)
    # away from the kink of max(K_C, 0) in the default friction map
    KC = dec.K_C
    smooth = np.abs(KC) > 0.05
    smooth[:2] = smooth[-2:] = False
    if not smooth.any():  # K_C stays at the kink of the friction map
        return
    np.testing.assert_allclose(dec.dx_dt[smooth], dx[smooth], rtol=2e-3,
                               atol=2e-3 * (1 + np.abs(dx[smooth]).max()))
    # boom (consumer capacity shrinking) => supply-denial channel is anti-crossing (>= 0)
    boom = dec.dKC_dt < 0
    assert np.all(dec.supply_denial[boom] >= 0)
    assert np.all(dec.learning <= 0)


@given(paths(), st.floats(0.0, 3.0), st.floats(1.01, 1.5))
@SET
def test_supply_denial_delays_crossing(pp, K_min, mult):
    K0, gK, D0, gD, q, theta = pp
    c1 = CannibalizationParams(theta=theta, K_min=K_min, K_scale=4.0, kappa_hi=0.4)
    c2 = c1.replace(theta=theta * mult)
    t = np.linspace(0, 40, 801)

    def K(t):
        return K0 * np.exp(gK * t)

    def D(t):
        return D0 * np.exp(gD * t)

    def Q(t):
        return 0.2 + q * t

    r1, r2 = crossing_2d(t, Q, K, D, c1), crossing_2d(t, Q, K, D, c2)
    # two-dimensional crossing never precedes the cost dimension
    if r1.T_2d is not None:
        assert r1.T_cost is not None and r1.T_2d >= r1.T_cost - 1e-12
    # more cannibalization (higher theta) never brings the crossing forward
    if r2.T_2d is not None:
        assert r1.T_2d is not None and r2.T_2d >= r1.T_2d - 1e-9
    # no centralized demand at all: supply never denied (K_min below K), crossing no later
    r0 = crossing_2d(t, Q, K, 0.0, c1.replace(K_min=min(K_min, K0 * 0.5)))
    if r1.T_2d is not None:
        assert r0.T_2d is not None and r0.T_2d <= r1.T_2d + 1e-9


@given(st.floats(0.0, 0.5), st.floats(0.0, 0.5), st.floats(0.2, 5.0), st.floats(0.05, 2.0),
       st.floats(1.2, 5.0), st.floats(0.0, 2.0))
@example(0.359375, 0.34375, 1.0, 1.0, 3.0, 0.0)  # eq. (22) holds from t = 67.5, past the grid
@SET
def test_continuum_closed_form_matches_brute_force(gK, gD, K0, D0, theta, K_min):
    res = capability_continuum(gK, gD, K0=K0, D0=D0, theta=theta, K_min=K_min)
    t = np.linspace(0, 60, 60001)
    K, D = K0 * np.exp(gK * t), D0 * np.exp(gD * t)
    rate = gK * K > theta * gD * D
    level = K >= theta * D + K_min
    # eq. (22)
    if res.eq22_from is None:
        assert not rate[-1] or not res.eq22_eventually
        assume(True)
    elif res.eq22_from > t[-1]:  # beyond the brute-force grid: no grid point satisfies it yet
        assert not rate.any()
    else:
        i = np.flatnonzero(rate)
        assert i.size and abs(t[i[0]] - res.eq22_from) <= 2e-3
    # eq. (10) vs supply_denial_duration (independent route: grid + brentq)
    sd = supply_denial_duration(lambda s: K0 * np.exp(gK * s), lambda s: D0 * np.exp(gD * s),
                                theta, K_min, t_max=60.0, n=6001)
    if res.Delta_IC is None or res.Delta_IC > 59:
        assert not level.any() or res.Delta_IC is not None
    else:
        assert sd.Delta_IC is not None and abs(sd.Delta_IC - res.Delta_IC) < 1e-7
        assert abs(t[np.flatnonzero(level)[0]] - res.Delta_IC) <= 2e-3


def test_continuum_paper_rates_never_resolve():
    # capacity 10-15%/yr (or 23%) vs demand 35%/yr, denied now: eq. (22) never holds eventually
    for gK in (0.10, 0.15, 0.23):
        r = capability_continuum(gK, 0.35, K0=1.0, D0=0.5, theta=3.5)
        assert r.denied_now and r.Delta_IC is None and not r.eq22_eventually
        assert "never" in r.summary()
    r = capability_continuum(0.40, 0.20, K0=1.0, D0=0.5, theta=3.5)
    assert r.Delta_IC == pytest.approx(np.log(3.5 * 0.5) / 0.2)
    lin = capability_continuum(1.0, 0.5, K0=1.0, D0=1.0, theta=3.5, growth="linear")
    assert lin.eq22_from is None and lin.Delta_IC is None
    with pytest.raises(ParameterError):
        capability_continuum(0.1, 0.2, growth="logistic")


def test_supply_denial_arrays_and_never():
    t = np.linspace(0, 10, 101)
    K = 10 + 2 * t
    D = np.full_like(t, 4.0)
    sd = supply_denial_duration(K, D, 3.0, K_min=1.0, t=t)
    assert sd.Delta_IC == pytest.approx(1.5)
    assert sd.rate_condition_at_restoration is True
    never = supply_denial_duration(lambda s: 1.0 + 0 * s, lambda s: 1.0 + 0 * s, 3.0)
    assert never.never and "never" in never.summary()
    with pytest.raises(ParameterError):
        supply_denial_duration(K, D, 3.0)  # arrays need a grid


def test_effective_demand():
    np.testing.assert_allclose(effective_demand(255.0, [0.05, 0.2], 1000.0), [305.0, 455.0])
    with pytest.raises(ParameterError):
        effective_demand(1.0, 1.5, 1.0)


def test_supply_denial_through_effective_prize():
    """eq. (10) with D_H(N, M_eff(t)): demand as a function of the prize M + p(t) V_ASI."""
    def M_eff(t):
        return effective_demand(0.255, np.minimum(0.02 * np.exp(0.35 * np.asarray(t)), 1.0), 100.0)

    def demand(M):
        return 0.5 / 3.5 * np.asarray(M) / float(M_eff(0.0))

    def K(t):
        return np.exp(0.12 * np.asarray(t))

    direct = supply_denial_duration(K, lambda t: demand(M_eff(t)), 3.5, 0.45, t_max=40.0,
                                    from_onset=True)
    via = supply_denial_duration(K, demand, 3.5, 0.45, t_max=40.0, from_onset=True, M_eff=M_eff)
    assert direct.Delta_IC is not None and via.Delta_IC == pytest.approx(direct.Delta_IC)
    t = np.linspace(0, 40, 2001)
    arr = supply_denial_duration(K(t), demand, 3.5, 0.45, t=t, from_onset=True, M_eff=M_eff(t))
    assert arr.Delta_IC == pytest.approx(direct.Delta_IC, abs=0.05)
    # a stronger sustained belief (higher p growth) never shortens the denial
    stronger = supply_denial_duration(
        K, demand, 3.5, 0.45, t_max=40.0, from_onset=True,
        M_eff=lambda t: effective_demand(0.255, np.minimum(0.02 * np.exp(0.4 * np.asarray(t)), 1.0),
                                         100.0))
    assert stronger.never or stronger.Delta_IC >= direct.Delta_IC


def test_qbar_star_is_eq18_of_the_adoption_module():
    """qbar_star delegates to adoption.threshold_Q_star; check it against eq. (18) written out."""
    c = CannibalizationParams()
    k = np.linspace(0.0, 3.0, 61)
    B = 1 - (k + c.mu) / (c.beta0 * c.gamma * c.c_star) + c.lam / (c.beta0 * c.c_star)
    want = np.where(B > 0, c.Qbar * np.where(B > 0, B, 1.0) ** (-1 / c.alpha), np.inf)
    got = c.qbar_star(k)
    assert got.shape == k.shape and np.isinf(got).any() and np.isfinite(got).any()
    np.testing.assert_allclose(got, want, rtol=1e-13)
    with pytest.raises(ParameterError, match="kappa_lo \\+ mu"):
        CannibalizationParams(kappa_lo=0.0, mu=0.0)
