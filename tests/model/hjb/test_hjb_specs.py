"""Each specification on a case with a known answer, and the checker on planted points."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import endodec as ed
from endodec.model.asymmetric import solve_asymmetric
from endodec.model.hjb import (
    ExponentialDemand,
    HJBSpec,
    IsoelasticDemand,
    WrightCost,
    solve_hjb,
)
from endodec.model.hjb.checks import check_spec
from endodec.model.hjb.hamiltonian import nash_asym, nash_sym
from endodec.model.hjb.verify import ivp_solution

SPECS = {
    "isoelastic": HJBSpec(demand=IsoelasticDemand(elasticity=2.0),
                          cost=WrightCost(c0=1.0, alpha=0.0)),
    "exponential": HJBSpec(demand=ExponentialDemand()),
    "wright": HJBSpec(cost=WrightCost(c0=2.0, alpha=0.3, Q0=10.0)),
    "wright-strong": HJBSpec(delta=0.01, cost=WrightCost(c0=9.0, alpha=1.5, Q0=10.0)),
}


@pytest.mark.parametrize("name", list(SPECS))
def test_against_solve_ivp(name):
    sp = SPECS[name]
    sol = solve_hjb(sp)
    for reg, V in (("nash", sol.nash.V[0]), ("coop", sol.coop.V[0])):
        ref = ivp_solution(sp, reg, sol.x[::100])
        np.testing.assert_allclose(V[::100], ref["V"], rtol=1e-6)


def test_asymmetric_one_deviant_matches_the_existing_solver():
    p = ed.GameParams()
    S = float(p.S_value)
    for eps, Sj in ((1.0, S), (0.0, 1.5 * S)):
        ref = solve_asymmetric(p, epsilon=eps, S_j=Sj, n=201)
        sp = HJBSpec.from_game(p, advantages=(eps,) + (0.0,) * 4, S_firms=(Sj,) + (S,) * 4)
        sol = solve_hjb(sp)
        Q = np.interp(ref.x, sol.x, sol.Q_N)
        np.testing.assert_allclose(Q, ref.Q, rtol=1e-6)
        assert sol.T_N0 == pytest.approx(ref.T_star, rel=1e-6)


def test_asymmetric_jacobian_sums_to_the_symmetric_one():
    sp = HJBSpec()
    p = np.full((5, 7), 0.3) + np.linspace(0, 0.1, 7)
    c = np.zeros((5, 7))
    Q, q, H, dH = nash_asym(sp.demand, p, c)
    Qs, Hs, dHs = nash_sym(sp.demand, 5, p[0], c[0])
    np.testing.assert_allclose(Q, Qs, rtol=1e-12)
    np.testing.assert_allclose(H[0], Hs, rtol=1e-12)
    np.testing.assert_allclose(dH[0].sum(axis=0), dHs, rtol=1e-10)
    # finite-difference check of one off-diagonal derivative
    h = 1e-6
    p2 = p.copy()
    p2[2] += h
    _, _, H2, _ = nash_asym(sp.demand, p2, c)
    np.testing.assert_allclose((H2[0] - H[0]) / h, dH[0, 2], rtol=1e-4)


@pytest.mark.parametrize("spec", [HJBSpec(), SPECS["isoelastic"], SPECS["exponential"],
                                  SPECS["wright"], HJBSpec(sigma=2.0),
                                  HJBSpec(N=3, advantages=(0.0, 1.0, 0.5))],
                         ids=["paper", "isoelastic", "exponential", "wright", "stochastic",
                              "asymmetric"])
def test_checker_planted_n1_and_baseline(spec):
    """N = 1: Nash == cooperative, so the strict inequalities fail and the welfare loss is 0."""
    one = spec.replace(N=1, advantages=None if spec.advantages is None else (0.0,))
    c1 = check_spec(one, n=200, cor1=False)
    assert not c1.holds["prop1_Q"] and not c1.holds["welfare"]
    assert "Q_N=" in c1.counterexample["prop1_Q"]
    c = check_spec(spec, n=200)
    assert c.holds["welfare"]


def test_checker_on_the_paper_is_the_theorem():
    c = check_spec(ed.GameParams(), n=300)
    assert all(c.holds.values())
    assert c.acceleration == pytest.approx(float(ed.solve(ed.GameParams()).acceleration),
                                           rel=1e-5)


def test_wright_counterexample_to_proposition_1():
    """Strong industry-wide learning: the planner values cost reduction N times a firm does and
    outproduces the Nash firms near x0 (verified against solve_ivp above)."""
    c = check_spec(SPECS["wright-strong"], n=400)
    assert not c.holds["prop1_Q"] and c.min_gap < -0.1
    assert c.holds["prop1_T"] and c.holds["welfare"]


@settings(max_examples=10, deadline=None)
@given(kind=st.sampled_from(["linear", "isoelastic", "exponential"]),
       c0=st.floats(0.5, 4.0), alpha=st.floats(0.0, 1.0), r=st.floats(0.02, 0.2),
       x0=st.floats(1.0, 20.0))
def test_one_firm_nash_is_the_cooperative_solution(kind, c0, alpha, r, x0):
    """With N = 1 the Nash firm is the planner: the two HJBs coincide for every specification."""
    demand = {"linear": None, "isoelastic": IsoelasticDemand(elasticity=2.5),
              "exponential": ExponentialDemand()}[kind]
    kw = {"demand": demand} if demand is not None else {}
    sp = HJBSpec(N=1, r=r, x0=x0, cost=WrightCost(c0=c0, alpha=alpha), **kw)
    sol = solve_hjb(sp, n=200)
    np.testing.assert_allclose(sol.Q_N, sol.Q_C, rtol=1e-8)
    np.testing.assert_allclose(sol.V_N, sol.V_P, rtol=1e-9)


def test_outside_the_papers_domain_the_cartel_races_faster():
    """S far above the static value pi/r (no interior closed-form solution: a <= (N+1)sqrt(brS)):
    every firm wants the crossing; the planner, valuing it N-fold, produces more (known from an
    independent solve_ivp integration of both HJBs)."""
    sp = HJBSpec(S=10 * (10 / 6) ** 2 / 0.5 / 0.05)
    sol = solve_hjb(sp)
    for reg, V in (("nash", sol.nash.V[0]), ("coop", sol.coop.V[0])):
        ref = ivp_solution(sp, reg, sol.x[::100])
        np.testing.assert_allclose(V[::100], ref["V"], rtol=1e-9)
    c = check_spec(sp, n=300, cor1=False)
    assert not c.holds["prop1_Q"] and not c.holds["prop1_T"] and c.holds["welfare"]
    with pytest.raises(ed.DomainError):
        ed.solve(ed.GameParams(convention="direct", S=sp.S_value))
