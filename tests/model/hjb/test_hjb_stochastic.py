"""Learning shocks: the sigma -> 0 limit and the Kolmogorov equation against Monte Carlo."""

from __future__ import annotations

import numpy as np
import pytest

import endodec as ed
from endodec.errors import ParameterError
from endodec.model.hjb import solve_hjb
from endodec.model.hjb.stochastic import (
    crossing_distribution,
    monte_carlo_check,
    simulate_crossing,
)

#: Stated bound on the Kolmogorov-Smirnov distance at 1e5 paths: sampling noise alone has a 95%
#: critical value of 0.0043; the rest covers the time step (t_max/4000) and the grid.
KS_BOUND = 0.01


@pytest.mark.parametrize("sigma", [1e-4, 1e-3])
def test_sigma_to_zero_recovers_the_deterministic_crossing(sigma):
    p = ed.GameParams()
    ex = ed.solve(p)
    sol = solve_hjb(p, sigma=sigma, n=1000)
    assert sol.T_N0 == pytest.approx(float(ex.T_nash), rel=1e-5)
    assert sol.T_C0 == pytest.approx(float(ex.T_coop), rel=1e-5)
    assert sol.V_N0 == pytest.approx(float(ex.V_N), rel=1e-5)
    d = crossing_distribution(sol, nt=4000)
    # the distribution collapses on the deterministic time (smeared only by the grid and the
    # time step: BDF2 on a front, error ~ dt)
    assert d.stats["nash"]["median"] == pytest.approx(float(ex.T_nash), rel=2e-3)
    assert d.stats["coop"]["median"] == pytest.approx(float(ex.T_coop), rel=2e-3)
    assert d.stats["nash"]["mean"] == pytest.approx(float(ex.T_nash), rel=1e-3)
    assert d.stats["nash"]["q95"] - d.stats["nash"]["q05"] < 0.2 * float(ex.T_nash)


def test_kolmogorov_vs_monte_carlo():
    sol = solve_hjb(sigma=5.0, n=1000)
    d = crossing_distribution(sol, nt=2000)
    mc = monte_carlo_check(sol, d, "nash", n_paths=100_000, seed=3)
    assert mc.ks < KS_BOUND, mc
    assert mc.crossed_share > 0.999
    assert mc.mean_mc == pytest.approx(sol.T_N0, rel=0.01)


def test_monte_carlo_is_seeded_and_validated():
    sol = solve_hjb(sigma=2.0, n=200)
    a = simulate_crossing(sol, "coop", 500, seed=1)
    b = simulate_crossing(sol, "coop", 500, seed=1)
    np.testing.assert_array_equal(a, b)
    with pytest.raises(ParameterError, match="regime"):
        simulate_crossing(sol, "cartel", 10)
    with pytest.raises(ParameterError, match="n_paths"):
        simulate_crossing(sol, "nash", 0)


def test_sigma_lowers_the_cooperative_crossing_time_and_acceleration():
    base = solve_hjb(n=300)
    noisy = solve_hjb(sigma=5.0, n=300)
    assert noisy.T_C0 < base.T_C0
    assert noisy.acceleration < base.acceleration
    assert noisy.welfare_loss > 0
