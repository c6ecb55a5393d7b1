"""Logic of the robustness page (:mod:`endodec.explore.views.robustness`): one specification of
:mod:`endodec.model.hjb` (sigma and the specification family as inputs), its numerical MPE and
crossing-time distribution, by the same library calls as the CLI and the report."""

from __future__ import annotations

from typing import Any

from endodec.errors import EndodecError, ParameterError
from endodec.explore.logic.common import Validated

__all__ = ["ROBUSTNESS_SPECS", "ROBUSTNESS_GRID_MAX", "validate_robustness", "robustness_results",
           "robustness_command"]

#: The specification families offered by the page (label -> what it changes).
ROBUSTNESS_SPECS = {
    "paper": "linear demand, no cost (the paper)",
    "isoelastic": "constant-elasticity demand (e = 2), unit cost 1",
    "exponential": "exponential demand",
    "wright": "Wright's-law cost (c0 = 2, alpha = 0.3, Q0 = 10)",
    "asymmetric": "one firm with cost advantage 1",
}
#: Largest grid the page solves (points on [0, x0]).
ROBUSTNESS_GRID_MAX = 2000


def _spec(family: str, N: int, sigma: float):
    from endodec.model.hjb import (
        ExponentialDemand,
        HJBSpec,
        IsoelasticDemand,
        WrightCost,
    )

    kw: dict[str, Any] = {"N": N, "sigma": sigma, "name": family}
    if family == "isoelastic":
        kw.update(demand=IsoelasticDemand(elasticity=2.0), cost=WrightCost(c0=1.0, alpha=0.0))
    elif family == "exponential":
        kw["demand"] = ExponentialDemand()
    elif family == "wright":
        kw["cost"] = WrightCost(c0=2.0, alpha=0.3, Q0=10.0)
    elif family == "asymmetric":
        kw["advantages"] = (1.0,) + (0.0,) * (int(N) - 1)
    return HJBSpec(**kw)


def validate_robustness(raw: dict) -> Validated:
    """Raw widget values (``family``, ``N``, ``sigma``, ``n``) -> a validated ``HJBSpec``
    (``params``) with the library's own messages per input."""
    errors: dict[str, str] = {}
    fam = raw.get("family", "paper")
    if fam not in ROBUSTNESS_SPECS:
        errors["family"] = str(ParameterError("family", fam, f"one of {tuple(ROBUSTNESS_SPECS)}"))
    n = raw.get("n", 400)
    if not isinstance(n, int) or not 10 <= n <= ROBUSTNESS_GRID_MAX:
        errors["n"] = str(ParameterError("n", n, f"an integer in [10, {ROBUSTNESS_GRID_MAX}]"))
    spec = None
    if not errors:
        try:
            spec = _spec(fam, raw.get("N", 5), raw.get("sigma", 0.0))
        except EndodecError as e:
            errors[getattr(e, "name", "_domain")] = str(e)
    return Validated(None if errors else spec, errors)


def robustness_results(spec, n: int = 400, nt: int = 800) -> dict[str, Any]:
    """``solve_hjb`` and ``crossing_distribution`` of one specification (the page's figures:
    :func:`endodec.plots.robustness.value_policy` and ``crossing_distributions``)."""
    from endodec.model.hjb import solve_hjb
    from endodec.model.hjb.stochastic import crossing_distribution

    sol = solve_hjb(spec, n=min(int(n), ROBUSTNESS_GRID_MAX))
    dist = crossing_distribution(sol, nt=nt)
    return {"solution": sol, "distribution": dist, "frame": sol.to_frame()}


def robustness_command(family: str) -> str:
    """The ``endodec robustness`` command that samples this family's region."""
    return f"endodec robustness --family {family} --n-points 20"
