"""Property-based fuzzing of the game and the sweep on arbitrary inputs.

Every entry point either raises a typed :class:`endodec.errors.EndodecError` or returns finite
numbers (never NaN, never an untyped exception), and the sweep reports, per point, the reason that
names the error ``solve`` raises at the same point. Inputs: arbitrary floats (inf, -inf, NaN, 0,
-0, subnormals, 1e-300, 1e300, negatives), integers of any size and wrong types (strings, None,
booleans, complex numbers, lists of mixed types).

Examples per test: 60 (fast; CI derandomizes them), or 1500 with ``ENDODEC_FUZZ_FULL=1``.
"""

from __future__ import annotations

import math
import os
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from endodec.errors import DomainError, EndodecError, NumericalError, ParameterError
from endodec.model import kernel
from endodec.model.game import (
    NUMERICAL,
    GameParams,
    cooperative,
    nash,
    numerical_reason,
    param_reason,
    solve,
)
from endodec.model.proposition1 import check_proposition1
from endodec.sweep.backends import evaluate
from endodec.sweep.points import OUTPUTS, REASONS

FULL = os.environ.get("ENDODEC_FUZZ_FULL") == "1"
N_EXAMPLES = 1500 if FULL else 60
FUZZ = settings(max_examples=N_EXAMPLES, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])

SPECIAL = [0.0, -0.0, 1e-300, 1e300, -1.0, 5e-324, 2.2e-308, 1.7976931348623157e308, math.nan,
           math.inf, -math.inf, 1e-160, 1e160, 1e-200, 1e200]

#: floats over the whole float64 range, log-uniform in magnitude, plus hypothesis' own floats
log_float = st.builds(lambda m, e, s: s * m * 10.0**e, st.floats(1.0, 9.999),
                      st.integers(-323, 307), st.sampled_from([1.0, 1.0, 1.0, -1.0]))
real = st.one_of(st.sampled_from(SPECIAL), log_float, st.floats(), st.floats(0.01, 100.0))
wrong = st.one_of(st.text(max_size=4), st.none(), st.booleans(), st.complex_numbers(max_magnitude=10),
                  st.lists(st.one_of(st.integers(-5, 5), st.floats(), st.text(max_size=2), st.none()),
                           min_size=1, max_size=3),
                  st.integers(-10**400, 10**400))
anything = st.one_of(real, real, real, wrong)
N_like = st.one_of(st.integers(-3, 60), st.integers(2, 2**60), st.sampled_from([2**53, 2**53 + 2]),
                   real, wrong)
CONV = st.sampled_from(["code", "paper", "direct"])


def _finite(v, allow_inf=None) -> None:
    v = np.asarray(v, dtype=float)
    ok = np.isfinite(v)
    if allow_inf is not None:
        ok = ok | (np.isposinf(v) & allow_inf)
    assert ok.all(), v


def _params(N, a, b, r, delta, x0, S_T, S, conv):
    kw = dict(N=N, a=a, b=b, r=r, delta=delta, x0=x0, convention=conv)
    if conv == "direct":
        kw["S"] = S
    else:
        kw["S_T"] = S_T
    return GameParams(**kw)


def _check_solution(sol) -> None:
    p = sol.params
    zero = (np.asarray(p.S_value) == 0) & (np.asarray(p.x0, dtype=float) == 0)
    for k in ("V_N", "V_P", "T_nash", "T_coop", "welfare_loss", "delta_W", "acceleration",
              "Q_N0", "Q_C0"):
        _finite(getattr(sol, k))
    _finite(sol.overinvestment_ratio, allow_inf=zero)  # exactly inf at S = x0 = 0
    for v in sol.shadow.values():
        _finite(v)
    assert np.all(np.asarray(sol.welfare_loss) >= -1e-12)
    assert np.all(np.asarray(sol.T_nash) <= np.asarray(sol.T_coop) * (1 + 1e-12))


@FUZZ
@given(N_like, anything, anything, anything, anything, anything, anything, anything, CONV)
@example(5, math.inf, 0.5, 0.05, 0.3, 10.0, 0.0, None, "code")
@example(5, 1e-300, 0.5, 0.05, 0.3, 10.0, 0.0, None, "code")
@example(5, 10.0, 1e-239, 1e-159, 0.3, 10.0, 0.0, None, "code")
@example(5, 10.0, 0.5, 0.05, 0.3, 0.0, 0.0, 0.0, "direct")
@example(5, 1e-160, 0.5, 0.05, 0.3, 10.0, 0.0, None, "code")
def test_solve_typed_error_or_finite(N, a, b, r, delta, x0, S_T, S, conv):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no RuntimeWarning either: breakdowns are detected
        try:
            p = _params(N, a, b, r, delta, x0, S_T, S, conv)
            sol = solve(p)
        except EndodecError:
            return
    _check_solution(sol)


@FUZZ
@given(N_like, real, real, real, real, real, real, real, CONV, st.sampled_from(["nash", "coop"]))
def test_regimes_typed_error_or_finite(N, a, b, r, delta, x0, S_T, S, conv, kind):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            p = _params(N, a, b, r, delta, x0, S_T, S, conv)
            g = nash(p) if kind == "nash" else cooperative(p)
            vals = [g.V(), g.Q(), g.crossing_time(), g.dV(), g.social_dV()]
        except EndodecError:
            return
    for v in vals:
        _finite(v)


@FUZZ
@given(N_like, real, real, real, real, real, real, real, CONV)
@example(5, 10.0, 0.5, 0.05, 0.3, 10.0, 0.0, None, "code")
@example(5, 1e-160, 0.5, 0.05, 0.3, 10.0, 0.0, None, "code")
@example(5, 10.0, 1e300, 0.05, 0.3, 10.0, 0.0, None, "code")
def test_proposition1_typed_error_or_holds(N, a, b, r, delta, x0, S_T, S, conv):
    """Proposition 1 is a theorem: for valid inputs the checker must never report it failing."""
    try:
        p = _params(N, a, b, r, delta, x0, S_T, S, conv)
        res = check_proposition1(p, n=41)
    except EndodecError:
        return
    assert res.holds, res.verdict()
    assert res.boundary_holds, res.verdict()
    for v in (res.min_output_gap, res.lam, res.Nmu, res.x_max):
        _finite(v)


@FUZZ
@given(anything, anything)
def test_proposition1_options_typed(x_max, n):
    try:
        check_proposition1(GameParams(), x_max=x_max, n=n)
    except EndodecError:
        pass


# ---------------------------------------------------------------------------------------------
# the sweep reports, per point, the reason of the error solve raises there
# ---------------------------------------------------------------------------------------------
def _expected_reason(row: dict, conv: str) -> str:
    try:
        kw = {k: v for k, v in row.items() if not (conv != "direct" and k == "S")}
        sol = solve(GameParams(convention=conv, **kw))
    except ParameterError as e:
        return param_reason(e.name)
    except DomainError as e:
        return REASONS[3] if "cooperative" in str(e) else REASONS[2]
    except NumericalError as e:
        assert e.quantity in NUMERICAL
        return numerical_reason(e.quantity)
    _check_solution(sol)
    return ""


point = st.fixed_dictionaries({
    "N": st.one_of(st.integers(-1, 40).map(float), st.sampled_from([2.5, 2.0**53, 1e300])),
    "a": real, "b": real, "r": real, "delta": real, "x0": real, "S_T": real, "S": real})


@FUZZ
@given(st.lists(point, min_size=1, max_size=6), CONV)
@example([{"N": 5.0, "a": 10.0, "b": 1e-239, "r": 1e-159, "delta": 0.3, "x0": 10.0, "S_T": 0.0,
           "S": 1.0}], "code")
@example([{"N": 5.0, "a": 1e-300, "b": 0.5, "r": 0.05, "delta": 0.3, "x0": 10.0, "S_T": 0.0,
           "S": 1.0}], "code")
@example([{"N": 5.0, "a": 10.0, "b": 0.5, "r": 0.05, "delta": 0.3, "x0": 10.0, "S_T": 0.0,
           "S": 1e6}], "direct")
def test_sweep_reason_matches_solve(points, conv):
    cols = {k: np.array([p[k] for p in points], dtype=float) for k in points[0]}
    if conv != "direct":
        cols.pop("S")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = evaluate(cols, convention=conv)
    for i in range(len(points)):
        row = {k: float(v[i]) for k, v in cols.items()}
        want = _expected_reason(row, conv)
        got = REASONS[int(out["reason"][i])]
        assert got == want, (row, got, want)
        if out["code"][i] == 0:
            zero = out["S"][i] == 0 and row["x0"] == 0
            for c in OUTPUTS:
                assert np.isfinite(out[c][i]) or (c == "ratio" and zero and out[c][i] == np.inf), c
        else:
            assert got != "" and all(np.isnan(out[c][i]) for c in OUTPUTS)


@FUZZ
@given(st.lists(st.tuples(real, real, real, real, real, real), min_size=1, max_size=8))
def test_kernel_code_zero_means_finite(rows):
    """The kernel alone: code 0 points have finite outputs; others are NaN with a code."""
    N, a, b, r, S, x0 = (np.array(c, dtype=float) for c in zip(*rows, strict=True))
    N = np.round(np.abs(N))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the raw kernel may warn; the guarantees are in codes
        out = kernel.game_kernel(N, a, b, r, S, x0)
    ok = out["code"] == 0
    zero = (S == 0) & (x0 == 0)
    for k in kernel.BREAKDOWN[1:]:  # [0] is the input xi
        v = out[k]
        assert np.all(np.isfinite(v[ok]) | ((k == "ratio") & zero[ok] & np.isposinf(v[ok]))), k
        assert np.all(np.isnan(v[~ok])), k
    assert np.all((out["num"] > 0) == (out["code"] == 4))


@pytest.mark.parametrize("bad", ["1.5", None, [1, "a"], 1 + 2j, True, object(), [[1, 2], [3]]])
def test_wrong_types_are_parameter_errors(bad):
    for name in ("N", "a", "b", "r", "delta", "x0", "S_T"):
        with pytest.raises(ParameterError, match=rf"invalid parameter {name}="):
            GameParams(**{name: bad})


@FUZZ
@given(st.integers(-300, 300), st.integers(-300, 300), st.integers(-300, 300),
       st.sampled_from([1.0, 2.5, 7.0]), st.floats(0.0, 0.99), st.floats(1e-3, 1e3))
@example(-160, 0, 0, 1.0, 0.36, 1.0)
@example(150, 150, -10, 1.0, 0.36, 1.0)
def test_results_scale_exactly_or_raise(ea, eb, er, m, frac, dist):
    """Across the float64 range the model's scaling law holds to 1e-11 or a NumericalError is raised.

    In natural units (value a^2/(br), time 1/r, stock a/(br)) the game depends only on N, sigma =
    S b r / a^2 and xi = x0 b r / a. A game at extreme (a, b, r) must therefore reproduce the game
    at a = b = r = 1 with the same sigma and xi (computed exactly, in rationals): a silently
    imprecise result breaks this.
    """
    from fractions import Fraction as F

    a, b, r = m * 10.0**ea, 10.0**eb, 10.0**er
    N = 5
    sig = frac / (N + 1) ** 2  # inside the Nash domain
    with np.errstate(all="ignore"):
        S = sig * (a / b) * (a / r)
        x0 = dist * (a / b) / r
    if not (0 < S < np.inf and 0 < x0 < np.inf):
        return
    sig_exact = float(F(S) * F(b) * F(r) / F(a) ** 2)  # the sigma, xi of the inputs as given
    xi_exact = float(F(x0) * F(b) * F(r) / F(a))
    if not (kernel.TINY <= sig_exact and kernel.TINY <= xi_exact):
        return
    ref = solve(GameParams(N=N, a=1.0, b=1.0, r=1.0, S=sig_exact, x0=xi_exact, convention="direct"))
    try:
        s = solve(GameParams(N=N, a=a, b=b, r=r, S=S, x0=x0, convention="direct"))
    except NumericalError:
        return
    for k in ("welfare_loss", "acceleration", "overinvestment_ratio"):
        assert float(getattr(s, k)) == pytest.approx(float(getattr(ref, k)), rel=1e-11), k
    want = F(float(ref.V_N)) * F(a) * F(a) / (F(b) * F(r))  # times the exact value unit
    assert float(s.V_N) == pytest.approx(float(want), rel=1e-11)
    assert float(s.T_coop) == pytest.approx(float(ref.T_coop) / r, rel=1e-11)


@FUZZ
@given(st.integers(2, 10**6), st.floats(1e-16, 0.5), st.sampled_from([0.0, 1e-12, 1.0, 1e4]),
       st.integers(-100, 100))
def test_near_the_domain_boundary(N, eps, x0, e):
    """S just below the Nash bound a^2/(b r (N+1)^2): finite results and Proposition 1 holds,
    or a typed error (never a misreported failure)."""
    a, b, r = 10.0 * 10.0**e, 0.5, 0.05
    S = (1 - eps) * (a / b) * (a / r) / (N + 1) ** 2
    try:
        p = GameParams(N=N, a=a, b=b, r=r, S=S, x0=x0 * (a / b) / r, convention="direct")
        _check_solution(solve(p))
        res = check_proposition1(p, n=41)
    except (DomainError, NumericalError):
        return
    assert res.holds and res.boundary_holds, res.verdict()


@FUZZ
@given(st.one_of(st.lists(st.one_of(st.text(max_size=12), st.sampled_from(
           ["N=2:5", "delta=0.1:0.5:3", "a=1,2", "x0=0:1e300:3", "N=2:50:nan", "b=1e-300,1e300"])),
           max_size=3), st.integers(), st.none(), st.floats()),
       st.one_of(st.none(), st.integers(-2, 100), st.floats(), st.text(max_size=3)),
       st.one_of(st.none(), st.sampled_from(["summary", "mean"]), st.integers()),
       st.one_of(st.none(), st.sampled_from(["code", "paper", "direct", "x"])))
def test_sweep_arguments_typed_error_or_finite(specs, chunk_size, reduce, conv):
    from endodec.sweep import sweep

    try:
        res = sweep(specs, chunk_size=chunk_size, reduce=reduce, convention=conv, progress=False)
    except EndodecError:
        return
    assert res.n_points >= 1 and 0 <= res.n_valid <= res.n_points
    if res.frame is not None:
        f = res.frame
        ok = f["code"].to_numpy() == 0
        assert (f["reason"].astype(str).to_numpy()[~ok] != "").all()
        assert np.isfinite(f.loc[ok, ["V_N", "V_P", "T_nash", "T_coop"]].to_numpy(dtype=float)).all()
