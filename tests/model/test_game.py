"""Tests of the closed-form game against independent numerics and the theory's claims."""

import math
import re
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from scipy.integrate import IntegrationWarning

from endodec.errors import DomainError, ParameterError
from endodec.model import kernel
from endodec.model.game import GameParams, cooperative, nash, solve
from endodec.model.proposition1 import check_proposition1
from endodec.model.statics import cournot_decomposition, crossing_time_vs
from endodec.model.verify import mp_reference, rk4, solve_ode, verification_error, x_exact

SET = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def params(draw, convention="direct"):
    N = draw(st.integers(2, 40))
    a = draw(st.floats(0.5, 50))
    b = draw(st.floats(0.05, 5))
    r = draw(st.floats(0.005, 0.5))
    x0 = draw(st.floats(1e-6, 200))
    # S as a fraction of the Nash domain bound a^2/(b r (N+1)^2) (the stricter one)
    frac = draw(st.one_of(st.just(0.0), st.floats(0, 0.999999)))
    S = frac * a * a / (b * r * (N + 1) ** 2)
    return GameParams(N=N, a=a, b=b, r=r, x0=x0, S=S, convention="direct")


def test_defaults_solve_and_are_consistent():
    s = solve()
    assert s.V_P > s.V_N > float(GameParams().S_value)
    assert 0 < s.T_nash < s.T_coop
    assert math.isclose(s.welfare_loss, 1 - s.V_N / s.V_P)
    assert math.isclose(s.delta_W, 5 * (s.V_P - s.V_N))
    assert "T*_Nash" in s.summary()


@given(params())
@SET
def test_closed_form_matches_mpmath(p):
    ref = mp_reference(p, dps=25)
    s = solve(p)
    for k, v in (("V_N", s.V_N), ("V_P", s.V_P), ("T_N", s.T_nash), ("T_C", s.T_coop)):
        assert abs(float(v) - ref[k]) <= 1e-12 * max(abs(ref[k]), 1e-300) + 1e-300, (k, v, ref[k])


@given(params())
@settings(max_examples=25, deadline=None)
def test_closed_form_matches_solve_ivp(p):
    assume(p.x0 > 1e-3)
    # the quadrature peer is inaccurate where Q(0) -> 0 (integrable 1/Q singularity at S -> 0);
    # the closed form is checked there against mpmath instead
    assume(float(cooperative(p).Q(0.0)) > 0.05 * p.a / (2 * p.b))
    s = solve(p)
    for kind, V, T in (("nash", s.V_N, s.T_nash), ("coop", s.V_P, s.T_coop)):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", IntegrationWarning)
            num = solve_ode(p, kind, x=[p.x0])
        assert num["V"][-1] == pytest.approx(float(V), rel=1e-8)
        if any(issubclass(w.category, IntegrationWarning) for w in caught):
            # quad itself reports failure (e.g. found: N=24, a=0.5, b=5, r=0.5, S=4e-5, x0=106):
            # the peer is unreliable there, so check the closed-form time against mpmath
            ref = mp_reference(p, dps=30)["T_N" if kind == "nash" else "T_C"]
            assert float(T) == pytest.approx(ref, rel=1e-12)
        else:
            assert num["T"] == pytest.approx(float(T), rel=1e-6)


def test_rk4_verification_machine_precision():
    err = verification_error(GameParams(), n=4000)
    assert err["nash"] < 1e-10 and err["coop"] < 1e-10


def test_implicit_solution_round_trip():
    p = GameParams()
    xs = np.linspace(0, 10, 11)
    for reg, kind in ((nash(p), "nash"), (cooperative(p), "coop")):
        np.testing.assert_allclose(x_exact(p, reg.V(xs), kind), xs, atol=1e-11)


def test_hjb_residual_is_zero():
    p = GameParams(N=7, a=3.0, b=0.2, r=0.1, x0=30.0, S=1.0, convention="direct")
    xs = np.linspace(0, 30, 301)
    n, c = nash(p), cooperative(p)
    N, a, b, r = 7, 3.0, 0.2, 0.1
    vn, dn = n.V(xs), n.dV(xs)
    np.testing.assert_allclose(r * vn, (a - dn) * (a - N * N * dn) / (b * (N + 1) ** 2), rtol=1e-12)
    vp, dp = c.V(xs), c.dV(xs)
    np.testing.assert_allclose(r * vp, (a - N * dp) ** 2 / (4 * b * N), rtol=1e-12)
    # derivative consistency by finite differences
    h = 1e-5
    np.testing.assert_allclose((n.V(xs[1:] + h) - n.V(xs[1:] - h)) / (2 * h), dn[1:], rtol=1e-6)


def test_path_consistent_with_crossing_time():
    p = GameParams()
    for reg in (nash(p), cooperative(p)):
        T = float(reg.crossing_time())
        path = reg.path(np.linspace(0, T, 50))
        assert path["x"][0] == pytest.approx(10.0)
        assert path["x"][-1] == pytest.approx(0.0, abs=1e-9)
        assert np.all(np.diff(path["x"]) < 0)
        # remaining time from x(t) equals T - t
        t = path["t"][10]
        assert float(reg.crossing_time(path["x"][10])) == pytest.approx(T - t, rel=1e-9)


@given(params())
@SET
def test_proposition1_statement_over_parameter_space(p):
    """Q_N > Q_C for all x > 0 and T_N < T_C: checked, not assumed."""
    chk = check_proposition1(p, n=300)
    assert chk.output_gap_holds, chk.verdict()
    assert chk.crossing_order_holds
    assert chk.boundary_holds  # proof step 1 (N mu > lambda)


def test_proof_step2_fails_in_the_tail():
    """Finding: N V_P'(x) > V_N'(x) does NOT hold for all x (the shadow costs decay at rates
    2br/a and b r (N+1)^2/(a(1+N^2)) < 2br/a), although Q_N > Q_C still holds."""
    chk = check_proposition1(GameParams())
    assert chk.holds
    assert not chk.shadow_order_holds
    assert chk.shadow_crossover > float(GameParams().x0)
    x = chk.shadow_crossover
    p = GameParams()
    assert float(nash(p).dV(x)) == pytest.approx(float(cooperative(p).social_dV(x)), rel=1e-8)


def test_corollary1_nash_output_increasing_in_N():
    xs = np.linspace(0.01, 10, 50)
    prev = None
    for N in range(2, 15):
        Q = nash(GameParams(N=N, convention="direct", S=2.0)).Q(xs)
        if prev is not None:
            assert np.all(Q > prev)
        prev = Q


def test_crossing_time_vs_N_and_delta():
    df = crossing_time_vs("N", np.arange(2, 21))
    assert np.all(np.diff(df["T_nash"]) < 0)
    assert np.all(df["T_nash"] < df["T_coop"])
    dd = crossing_time_vs("delta", np.linspace(0.05, 0.8, 16))
    # Figure 5: Nash nearly invariant to delta, cooperative highly sensitive
    span = lambda s: (s.max() - s.min()) / s.mean()  # noqa: E731
    assert span(dd["T_coop"]) > 5 * span(dd["T_nash"])


def test_cournot_decomposition_adds_up():
    df = cournot_decomposition()
    np.testing.assert_allclose(df["static_cournot"] - df["dynamic_restraint"], df["Q_nash"],
                               rtol=1e-12)


@given(params(), st.floats(0.1, 10), st.floats(0.1, 10))
@SET
def test_scaling_invariance(p, ka, kb):
    """Invariances of the HJBs: (a, S, x0) -> (k a, k^2 S, k x0) scales V by k^2, Q by k, leaves T;
    (b, S, x0) -> (m b, S/m, x0/m) scales V and Q by 1/m, leaves T."""
    s = solve(p)
    q = p.replace(a=p.a * ka, S=float(p.S_value) * ka * ka, x0=p.x0 * ka)
    sq = solve(q)
    assert float(sq.V_N) == pytest.approx(float(s.V_N) * ka * ka, rel=1e-11)
    assert float(sq.T_nash) == pytest.approx(float(s.T_nash), rel=1e-10)
    assert float(sq.Q_C0) == pytest.approx(float(s.Q_C0) * ka, rel=1e-11)
    m = p.replace(b=p.b * kb, S=float(p.S_value) / kb, x0=p.x0 / kb)
    sm = solve(m)
    assert float(sm.V_P) == pytest.approx(float(s.V_P) / kb, rel=1e-11)
    assert float(sm.T_coop) == pytest.approx(float(s.T_coop), rel=1e-10)


def test_vectorized_matches_scalar():
    Ns = np.array([2, 5, 9])
    ds = np.array([[0.1], [0.3]])
    s = solve(GameParams(N=Ns, delta=ds))
    assert s.V_N.shape == (2, 3)
    for i in range(2):
        for j in range(3):
            sj = solve(GameParams(N=int(Ns[j]), delta=float(ds[i, 0])))
            assert s.T_nash[i, j] == pytest.approx(float(sj.T_nash), rel=1e-14)


def test_conventions():
    p_code = GameParams()
    p_paper = GameParams(convention="paper")
    assert float(p_paper.S_value) == pytest.approx(float(p_code.S_value))  # S_I = N pi_bar
    p_firm = GameParams(convention="paper", S_I=float(GameParams().pi_bar))
    assert float(p_firm.S_value) == pytest.approx(float(p_code.S_value) / 5)
    assert float(GameParams(convention="paper", S_T=2).S_value) == pytest.approx(
        float(p_code.S_value) + 2)


@pytest.mark.parametrize("kw, name", [
    (dict(N=1), "N"), (dict(N=2.5), "N"), (dict(a=0), "a"), (dict(b=-1), "b"),
    (dict(r=0), "r"), (dict(delta=0), "delta"), (dict(x0=-1), "x0"), (dict(S_T=-1), "S_T"),
    (dict(convention="nope"), "convention"), (dict(S=3.0), "S"),
    (dict(convention="direct"), "S"), (dict(N=np.array([2, 1, 3])), "N"),
])
def test_invalid_parameters_name_the_parameter(kw, name):
    with pytest.raises(ParameterError, match=rf"invalid parameter {name}="):
        GameParams(**kw)


def test_domain_errors_are_clear():
    a, b, r, N = 10.0, 0.5, 0.05, 5
    S_nash = a * a / (b * r * (N + 1) ** 2)  # 111.1: Nash bound (stricter)
    S_coop = a * a / (4 * b * N * r)  # 200: cooperative bound
    with pytest.raises(DomainError, match=r"a - \(N\+1\)\*sqrt\(b\*r\*S\) = .* <= 0: no interior Nash"):
        solve(GameParams(S=0.5 * (S_nash + S_coop), convention="direct"))
    with pytest.raises(DomainError, match=r"a - 2\*sqrt\(b\*N\*r\*S\) = .* <= 0: no interior cooperative"):
        solve(GameParams(S=1.5 * S_coop, convention="direct"))
    with pytest.raises(DomainError, match="S=300"):
        nash(GameParams(S=np.array([1.0, 300.0]), convention="direct"))
    with pytest.raises(ParameterError, match="x="):
        nash(GameParams()).V(-1.0)


def test_kernel_codes_never_raise_and_mark_invalid():
    out = kernel.game_kernel(np.array([1, 5, 5, 5]), 10.0, 0.5, 0.05,
                             np.array([1.0, 1.0, 1e6, np.nan]), 10.0)
    # S = 1e6 violates both conditions: the cooperative one is reported (as check_domain does)
    assert list(out["code"]) == [1, 0, 3, 1]
    assert list(out["num"]) == [0, 0, 0, 0]
    assert np.isnan(out["T_N"][0]) and np.isfinite(out["T_N"][1]) and np.isnan(out["T_N"][2])


def test_boundary_extremes_precise():
    """Near the branch point (S -> 0, x -> 0) and deep in the tail the kernel keeps precision."""
    for S, x0 in ((0.0, 1e-10), (0.0, 1e-3), (1e-12, 1e-6), (0.0, 5e3), (15.0, 1e4)):
        p = GameParams(S=S, x0=x0, convention="direct")
        ref = mp_reference(p, dps=40)
        s = solve(p)
        assert float(s.T_coop) == pytest.approx(ref["T_C"], rel=1e-12)
        assert float(s.T_nash) == pytest.approx(ref["T_N"], rel=1e-12)
        assert float(s.V_P) == pytest.approx(ref["V_P"], rel=1e-12)
        assert float(s.V_N) == pytest.approx(ref["V_N"], rel=1e-12)


def test_time_formulas_match_quadrature():
    """The crossing-time formulas used by mp_reference agree with direct quadrature."""
    for p in (GameParams(), GameParams(N=3, S=0.0, x0=4.0, convention="direct")):
        f, q = mp_reference(p, 25, "formula"), mp_reference(p, 25, "quad")
        assert f["T_N"] == pytest.approx(q["T_N"], rel=1e-12)
        assert f["T_C"] == pytest.approx(q["T_C"], rel=1e-10)


def test_rk4_converges():
    p = GameParams()
    v1 = rk4(p, "nash", 10)["V"][-1]
    v2 = rk4(p, "nash", 1000)["V"][-1]
    exact = float(solve(p).V_N)
    assert abs(v2 - exact) < abs(v1 - exact)


def test_two_halley_steps_reach_machine_precision():
    # both regimes use two Halley steps from the Pade-type start (kernel.solve_L)
    rng = np.random.default_rng(7)
    M = 200_000
    t0 = np.where(rng.uniform(size=M) < 0.3, 10 ** rng.uniform(-16, -1, M), rng.uniform(0, 1, M))
    t0[:500] = 0.0
    K = 10 ** rng.uniform(-14, 8, M)
    ref = kernel.solve_L(t0, 1 - t0, K, steps=8)
    L = kernel.solve_L(t0, 1 - t0, K, steps=kernel._HALLEY_STEPS)
    assert np.max(np.abs(L - ref) / np.maximum(ref, 1e-300)) < 2e-14
    K = np.logspace(-14, 8, 200_001)
    for t0v in (0.6, 0.6 + 1e-9, 0.75, 0.99, 1 - 1e-9):
        t0 = np.full_like(K, t0v)
        ref = kernel.solve_L(t0, 1 - t0, K, steps=8, small_t0=True)
        L = kernel.solve_L(t0, 1 - t0, K, steps=kernel._NASH_STEPS, small_t0=False)
        assert np.max(np.abs(L - ref) / ref) < 2e-15


def test_kernel_blocks_large_inputs_identically(monkeypatch):
    """game_kernel evaluates large NumPy inputs in blocks: same numbers, shapes and codes."""
    rng = np.random.default_rng(7)
    shape = (37, 23)  # 851 points, with invalid ones and broadcasting (scalar a, row of N)
    N = np.arange(1, 24, dtype=float)[None, :]
    x0 = rng.uniform(-1.0, 80.0, shape)
    S = rng.uniform(0.0, 40.0, shape)
    ref = kernel._kernel(*np.broadcast_arrays(N, np.full(shape, 10.0), np.full(shape, 0.5),
                                               np.full(shape, 0.05), S, x0), xp=np)
    monkeypatch.setattr(kernel, "NUMPY_BLOCK", 50)
    out = kernel.game_kernel(N, 10.0, 0.5, 0.05, S, x0)
    assert set(out) == set(ref)
    for k, v in ref.items():
        assert out[k].shape == shape
        np.testing.assert_array_equal(out[k], np.broadcast_to(v, shape))
    assert (out["code"] != 0).any() and (out["code"] == 0).any()


# --- validation that matches the mathematics (reliability issue, part 3) --------------------
@pytest.mark.parametrize("name", ["a", "b", "r", "delta", "x0", "S_T", "S_I"])
@pytest.mark.parametrize("value", [np.inf, -np.inf, np.nan])
def test_non_finite_parameters_rejected(name, value):
    kw = {name: value, "convention": "paper" if name in ("S_T", "S_I") else "code"}
    with pytest.raises(ParameterError, match=rf"invalid parameter {name}=.*finite"):
        GameParams(**kw)


def test_N_bounded_and_wrong_types():
    with pytest.raises(ParameterError, match=r"2\*\*53"):
        GameParams(N=2**60)
    assert float(GameParams(N=2**53).N) == 2.0**53
    for bad in ("5", None, [5, "x"], 5 + 0j, True):
        with pytest.raises(ParameterError, match="invalid parameter N="):
            GameParams(N=bad)


@pytest.mark.parametrize("kw, quantity", [
    (dict(a=1e-300), "S"), (dict(a=1e300), "S"), (dict(a=1e-160), "S"),
    (dict(b=1e-239, r=1e-159), "x0*b*r/a"),
    (dict(a=1e154, b=1e-10, r=1.0, S=1.0, x0=1e170, convention="direct"), "V_N"),
    (dict(b=1e-300, x0=1e-300), "x0*b*r/a"),
])
def test_float64_breakdown_is_numerical_error_everywhere(kw, quantity):
    from endodec.errors import NumericalError

    p = GameParams(**kw)
    with pytest.raises(NumericalError, match=re.escape(f"{quantity} is not representable")):
        solve(p)
    if quantity == "S":  # nothing can be evaluated without S
        for f in (lambda: check_proposition1(p), lambda: nash(p), lambda: cooperative(p)):
            with pytest.raises(NumericalError, match="S is not representable"):
                f()
    elif quantity == "V_N":
        with pytest.raises(NumericalError, match="V"):
            nash(p).V()
    else:
        with pytest.raises(NumericalError, match="T"):
            nash(p).crossing_time()
    try:  # the checker compares in natural units: it raises or reports the theorem holding
        assert check_proposition1(p).holds
    except NumericalError:
        pass


def test_extreme_but_representable_values_are_exact_in_natural_units():
    """The kernel computes in units (a, 1/r, a/b): scaling a, b, r leaves the ratios unchanged."""
    base = solve(GameParams())
    for a, b, r in ((1e100, 1e50, 1e-10), (1e-100, 1e-150, 1e40), (1e150, 1e150, 1e-10)):
        unit = (a / b) * (a / r) / 4000.0  # value unit relative to the baseline's a^2/(br)
        p = GameParams(a=a, b=b, r=r, x0=10.0 * (a / b) / r * (0.05 * 0.5 / 10.0),
                       S=float(GameParams().S_value) * unit, convention="direct")
        s = solve(p)
        assert float(s.welfare_loss) == pytest.approx(float(base.welfare_loss), rel=1e-12)
        assert float(s.acceleration) == pytest.approx(float(base.acceleration), rel=1e-12)
        assert float(s.V_N) == pytest.approx(float(base.V_N) * unit, rel=1e-12)
        assert float(s.T_nash) == pytest.approx(float(base.T_nash) * 0.05 / r, rel=1e-12)
        assert check_proposition1(p).holds


def test_check_proposition1_options_validated():
    from endodec.errors import SizeLimitError

    for x_max in (np.inf, np.nan, 0.0, -1.0, "10"):
        with pytest.raises(ParameterError, match="x_max"):
            check_proposition1(GameParams(), x_max=x_max)
    for n in (1, 2.5, "100", 10**13, True):
        with pytest.raises(ParameterError, match="invalid parameter n="):
            check_proposition1(GameParams(), n=n)
    with pytest.raises(SizeLimitError):
        check_proposition1(GameParams(), n=2**39)


def test_helpers_raise_typed_errors():
    from endodec.model.statics import cournot_decomposition, crossing_time_vs

    with pytest.raises(ParameterError, match="field"):
        GameParams().replace(nope=1)
    with pytest.raises(ParameterError, match="name"):
        crossing_time_vs("nope", [1, 2])
    with pytest.raises(ParameterError, match="invalid parameter N="):
        crossing_time_vs("N", ["x", 3])
    with pytest.raises(ParameterError, match="invalid parameter x="):
        cournot_decomposition(x=["a"])
    with pytest.raises(ParameterError, match="scalar"):
        cournot_decomposition(GameParams(N=np.array([2, 3])))


def test_to_frame_keeps_the_broadcast_parameter_grid():
    """A solution on broadcast parameter arrays has one row per grid point, with the parameters
    (identifier-style names) beside the outputs, in C order of the broadcast shape."""
    N, d = np.array([[3], [5]]), np.array([0.2, 0.3, 0.4])
    sol = solve(GameParams(N=N, delta=d, x0=np.array([5.0, 10.0, 20.0])))
    f = sol.to_frame()
    assert len(f) == 6
    for c in ("N", "a", "b", "r", "delta", "x0", "S_T", "S", "convention", "V_N", "T_nash",
              "shadow_V_N_0", "shadow_N_V_P_x0"):
        assert c in f.columns, c
    np.testing.assert_array_equal(f["N"], np.broadcast_to(N, (2, 3)).ravel())
    np.testing.assert_array_equal(f["delta"], np.broadcast_to(d, (2, 3)).ravel())
    np.testing.assert_array_equal(f["x0"], np.tile([5.0, 10.0, 20.0], 2))
    np.testing.assert_array_equal(f["T_nash"], np.ravel(sol.T_nash))
    np.testing.assert_array_equal(f["S"], np.ravel(sol.params.S_value))
    # each row is the scalar solution at that grid point
    one = solve(GameParams(N=5, delta=0.4, x0=20.0))
    row = f.iloc[5]
    assert row["V_N"] == pytest.approx(float(one.V_N), rel=1e-12)
    assert row["welfare_loss"] == pytest.approx(float(one.welfare_loss), rel=1e-12)
    assert (f["convention"] == "code").all()


def test_scalar_solution_protocol_keeps_the_summary_and_dict_shape():
    sol = solve(check=True)
    assert str(sol) == str(sol.summary()) and "Proposition 1: holds" in str(sol)
    d = sol.to_dict()
    assert {"V_N", "T_nash", "shadow_V_N'(0)", "S", "params", "proposition1"} <= set(d)
    assert d["proposition1"]["holds"] is True and isinstance(d["V_N"], float)
    assert "\n" not in repr(sol) and len(sol.to_frame()) == 1


def test_check_proposition1_without_crossover_changes_nothing_else():
    import dataclasses

    full = check_proposition1(GameParams())
    quick = check_proposition1(GameParams(), crossover=False)
    assert full.shadow_crossover is not None and quick.shadow_crossover is None
    assert dataclasses.replace(full, shadow_crossover=None) == quick
