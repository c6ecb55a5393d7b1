"""The numerical MPE against the closed form, its refinement order, errors and warnings."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import endodec as ed
from endodec.errors import DomainError, NumericalWarning, ParameterError
from endodec.model.hjb import HJBSpec, IsoelasticDemand, WrightCost, solve_hjb
from endodec.model.hjb.solver import ConvergenceError


def _errors(sol, p):
    nash, coop = ed.nash(p), ed.cooperative(p)
    x = sol.x
    xx = x[1:]
    return {
        "V_N": np.max(np.abs(sol.V_N / nash.V(x) - 1)),
        "V_P": np.max(np.abs(sol.V_P / coop.V(x) - 1)),
        "Q_N": np.max(np.abs(sol.Q_N / nash.Q(x) - 1)),
        "Q_C": np.max(np.abs(sol.Q_C / coop.Q(x) - 1)),
        "T_N": np.max(np.abs(sol.T_N[1:] / nash.crossing_time(xx) - 1)),
        "T_C": np.max(np.abs(sol.T_C[1:] / coop.crossing_time(xx) - 1)),
    }


def test_closed_form_agreement_at_default_grid():
    p = ed.GameParams()
    sol = solve_hjb(p)
    assert sol.n == 2000 and sol.order == 2
    err = _errors(sol, p)
    assert max(err.values()) <= 1e-6, err
    ex = ed.solve(p)
    for a, b in (("V_N0", "V_N"), ("V_P0", "V_P"), ("T_N0", "T_nash"), ("T_C0", "T_coop"),
                 ("welfare_loss", "welfare_loss"), ("acceleration", "acceleration")):
        assert getattr(sol, a) == pytest.approx(float(getattr(ex, b)), rel=1e-6)


@pytest.mark.parametrize("order", [1, 2])
def test_refinement_order(order):
    p = ed.GameParams()
    errs = [max(_errors(solve_hjb(p, n=n, order=order), p).values()) for n in (250, 500, 1000)]
    rates = np.log2(np.array(errs[:-1]) / np.array(errs[1:]))
    assert np.all(np.abs(rates - order) < 0.25), (errs, rates)


@settings(max_examples=12, deadline=None)
@given(N=st.integers(2, 12), r=st.floats(0.02, 0.2), delta=st.floats(0.05, 1.0),
       x0=st.floats(1.0, 30.0))
def test_closed_form_over_the_domain(N, r, delta, x0):
    p = ed.GameParams(N=N, r=r, delta=delta, x0=x0)
    err = _errors(solve_hjb(p, n=1000), p)
    assert max(err.values()) < 1e-4, err  # n=1000: half the default grid


def test_constant_cost_is_the_closed_form_with_a_minus_c():
    sp = HJBSpec(cost=WrightCost(c0=2.0, alpha=0.0))
    p = ed.GameParams(a=8.0, convention="direct", S=sp.S_value)
    sol = solve_hjb(sp)
    assert max(_errors(sol, p).values()) < 1e-6


def test_typed_errors_and_warnings():
    with pytest.raises(ParameterError, match="elasticity"):
        IsoelasticDemand(elasticity=0.9)
    with pytest.raises(ParameterError, match="cost"):
        HJBSpec(demand=IsoelasticDemand())
    with pytest.raises(ParameterError, match="N"):
        HJBSpec(N=0)
    with pytest.raises(ParameterError, match="advantages"):
        HJBSpec(N=3, advantages=(0.0, 1.0))
    with pytest.raises(ParameterError, match="n"):
        solve_hjb(n=5)
    with pytest.raises(ParameterError, match="order"):
        solve_hjb(order=3)
    with pytest.raises(DomainError, match="choke"):
        solve_hjb(cost=WrightCost(c0=12.0, alpha=0.0))
    with pytest.raises(ConvergenceError, match="residual .* tolerance"):
        solve_hjb(max_iter=1, tol=1e-14)
    with pytest.warns(NumericalWarning, match="grid too coarse .* accuracy"):
        solve_hjb(n=40, order=1, accuracy=1e-8)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        solve_hjb(n=400, accuracy=1e-4)


def test_no_nan_in_results():
    sol = solve_hjb(sigma=2.0, n=300)
    d = sol.to_dict()
    assert all(np.isfinite(v) for v in (d["V_N0"], d["V_P0"], d["T_N0"], d["T_C0"]))
    f = sol.to_frame()
    assert np.isfinite(f.to_numpy(float)).all()


def test_n1_nash_equals_cooperative():
    sol = solve_hjb(N=1, n=400)
    np.testing.assert_allclose(sol.Q_N, sol.Q_C, rtol=1e-9)
    assert abs(sol.welfare_loss) < 1e-9
