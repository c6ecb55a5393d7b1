"""Protocol examples of the numerical MPE and the robustness analysis (see test_protocol.py)."""

from __future__ import annotations

from endodec.analyses.robustness import RobustnessTable, robustness_table
from endodec.model.hjb import HJBSolution, HJBSpec, WrightCost, solve_hjb
from endodec.model.hjb.checks import SpecCheck, check_spec
from endodec.model.hjb.stochastic import (
    CrossingDistribution,
    CrossingMonteCarlo,
    crossing_distribution,
    monte_carlo_check,
)


def _mc() -> CrossingMonteCarlo:
    sol = solve_hjb(sigma=2.0, n=100)
    return monte_carlo_check(sol, crossing_distribution(sol, nt=200), "nash", n_paths=200)


EXAMPLES = {
    HJBSolution: lambda: solve_hjb(N=3, advantages=(0.0, 0.5, 1.0), n=100),
    CrossingDistribution: lambda: crossing_distribution(solve_hjb(sigma=1.0, n=100), nt=100),
    CrossingMonteCarlo: _mc,
    SpecCheck: lambda: check_spec(HJBSpec(cost=WrightCost(c0=9.0, alpha=1.5), delta=0.01), n=100),
    RobustnessTable: lambda: robustness_table(n_points=1, families=["paper", "wright"], n=60),
}
