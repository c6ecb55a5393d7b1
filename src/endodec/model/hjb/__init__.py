"""Numerical Markov perfect equilibria of the game beyond the paper's assumptions.

The paper's results (seed 000 §3.2-3.6; seed 001 §3.2-3.6) rest on deterministic learning, linear
demand, cost-free output and symmetric firms. This package solves the game's HJBs numerically by
the implicit upwind finite-difference method of Achdou, Han, Lasry, Lions & Moll (2022) for any
:class:`~endodec.model.hjb.spec.HJBSpec`:

- :mod:`~endodec.model.hjb.spec`: demand (linear, isoelastic, exponential), cost (none, Wright's
  law), asymmetric firms, learning shocks;
- :mod:`~endodec.model.hjb.hamiltonian`: policies and Hamiltonians of the Nash and cooperative
  problems;
- :mod:`~endodec.model.hjb.solver` / :mod:`~endodec.model.hjb.mpe`: the grid, the scheme,
  Newton's method, :func:`solve_hjb` and :class:`HJBSolution`;
- :mod:`~endodec.model.hjb.stochastic`: the crossing-time distribution (Kolmogorov backward
  equation) and its Monte Carlo check;
- :mod:`~endodec.model.hjb.verify`: independent ``solve_ivp`` solutions for validation;
- :mod:`~endodec.model.hjb.checks`: Proposition 1, Corollary 1, welfare and acceleration on one
  specification.

Method, equations and validation: ``docs/robustness.md``.
"""

from endodec.model.hjb.mpe import HJBSolution, as_spec, solve_hjb
from endodec.model.hjb.spec import (
    ExponentialDemand,
    HJBSpec,
    IsoelasticDemand,
    LinearDemand,
    NoCost,
    WrightCost,
)

__all__ = ["HJBSolution", "HJBSpec", "solve_hjb", "as_spec", "LinearDemand", "IsoelasticDemand",
           "ExponentialDemand", "NoCost", "WrightCost"]
