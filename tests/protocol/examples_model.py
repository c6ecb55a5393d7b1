"""Protocol examples of the model's results (see test_protocol.py); each builds in < 1 s."""

import numpy as np

from endodec.empirics.implied_r0 import ImpliedR0, ImpliedR0Report, implied_r0
from endodec.model.adoption import (
    AdoptionParams,
    CoordinationLag,
    RegimeClassification,
    ThresholdReport,
    ThresholdResult,
    classify_regime,
    coordination_lag,
    threshold_Q_star,
)
from endodec.model.adoption_dynamics import (
    DistributedR0Table,
    DualConvergence,
    SharePath,
    dual_convergence,
    f_exponential,
    share_path,
)
from endodec.model.asymmetric import AsymmetricSolution, solve_asymmetric
from endodec.model.cannibalization import (
    Crossing2D,
    DxDecomposition,
    SupplyDenial,
    crossing_2d,
    dx_decomposition,
    supply_denial_duration,
)
from endodec.model.capacity import CapacityResult, capacity_constrained_crossing
from endodec.model.continuum import CannibalizationReport, ContinuumResult, capability_continuum
from endodec.model.coordination import CoordinationPath, CoordinationReport, simulate
from endodec.model.game import GameParams, GameSolution, solve
from endodec.model.learning import AlphaSensitivity, ThresholdTable, alpha_sensitivity_table
from endodec.model.proposition1 import Proposition1Check, check_proposition1

_T = np.linspace(0.0, 10.0, 21)


def _broadcast_solution() -> GameSolution:
    """A solution on a 2 x 3 parameter grid (N down, delta across): to_frame keeps the grid."""
    return solve(GameParams(N=np.array([[3], [5]]), delta=np.array([0.2, 0.3, 0.4])))


EXAMPLES = {
    GameSolution: _broadcast_solution,
    Proposition1Check: lambda: check_proposition1(GameParams(), n=50),
    AsymmetricSolution: lambda: solve_asymmetric(GameParams(), epsilon=0.5, n=21),
    CapacityResult: lambda: capacity_constrained_crossing(GameParams(), kappa0=8.0, Delta=0.3,
                                                          n=11),
    ContinuumResult: lambda: capability_continuum(0.12, 0.35, theta=3.5, K_min=0.1),
    Crossing2D: lambda: crossing_2d(_T, lambda t: 0.3 * t, 10.0, lambda t: 1.0 + 0.1 * t),
    DxDecomposition: lambda: dx_decomposition(_T, lambda t: 10.0 + t, lambda t: 1.0 + 0.5 * t,
                                              1.0),
    SupplyDenial: lambda: supply_denial_duration(lambda t: np.exp(0.12 * np.asarray(t)),
                                                 lambda t: 0.2 * np.exp(0.35 * np.asarray(t)),
                                                 3.5, 0.1, t_max=10.0, n=101),
    ThresholdResult: lambda: threshold_Q_star(AdoptionParams()),
    RegimeClassification: lambda: classify_regime(AdoptionParams()),
    CoordinationLag: lambda: coordination_lag(AdoptionParams()),
    SharePath: lambda: share_path(_T, AdoptionParams()),
    DualConvergence: lambda: dual_convergence(lambda e: f_exponential(e, 0.05), lambda t: t,
                                              AdoptionParams(), n=41),
    CoordinationPath: lambda: simulate(AdoptionParams(), n=41),
    # the implied-R0 estimator moved from model/adoption.py to empirics/implied_r0.py
    ImpliedR0: lambda: implied_r0([0.010, 0.025, 0.050, 0.080], dt=[2, 3, 3], timing="mid"),
    ImpliedR0Report: lambda: ImpliedR0Report(
        implied_r0([0.010, 0.025, 0.050], timing="mid"), np.array([0.1, 0.12]), 0.24, 0.1),
    ThresholdReport: lambda: ThresholdReport(threshold_Q_star(AdoptionParams()),
                                             classify_regime(AdoptionParams()),
                                             coordination_lag(AdoptionParams())),
    CoordinationReport: lambda: _coordination_report(),
    DistributedR0Table: lambda: DistributedR0Table(1.2, 0.08, 0.1, 0.24, np.array([2.0, 5.0]),
                                                   np.array([0.6, 0.24]), np.array([0.9, 0.5])),
    ThresholdTable: lambda: ThresholdTable(12.0, 2.5, 0.23, np.array([5.0, 7.0]),
                                           np.array([112.5, 26.0])),
    AlphaSensitivity: lambda: AlphaSensitivity(alpha_sensitivity_table(), 12.0, 3200.0, 0.25),
    CannibalizationReport: lambda: CannibalizationReport(
        supply_denial_duration(lambda t: np.exp(0.12 * np.asarray(t)),
                               lambda t: 0.5 * np.exp(0.35 * np.minimum(t, 3.0)), 1.0, 0.45,
                               t_max=20.0, n=201, from_onset=True),
        capability_continuum(0.12, 0.35, theta=3.5, K_min=0.1), episode=3.0, M=1.0, M_eff=11.0),
}


def _coordination_report() -> CoordinationReport:
    from endodec.model.coordination import timescale_separation

    pa = simulate(AdoptionParams(), n=41)
    return CoordinationReport(pa, timescale_separation(pa, eps=0.1), 0.1)
