"""Parameter sweeps and distributional crossing forecasts (issue 7).

- :mod:`endodec.sweep.grid`: :class:`Grid` (``Grid.from_specs(["N=2:50", "delta=0.05:0.8:100"])``)
  and sample loading;
- :mod:`endodec.sweep.engine`: :func:`sweep` over numpy / jax / dask backends, all running the
  single closed-form kernel :func:`endodec.model.kernel.game_kernel`; each point is validated by
  the rule :func:`endodec.model.game.solve` uses (same reasons), and absurd sweeps are refused
  before allocating (``ENDODEC_MAX_POINTS``, ``ENDODEC_MAX_BYTES``);
- :mod:`endodec.sweep.forecast`: Monte Carlo crossing-year distributions and the Wright's-law
  experience-curve forecast with noise (Farmer & Lafond 2016; Lafond et al. 2018).
"""

from endodec.sweep.engine import (
    BACKENDS,
    PROP1_STATUS,
    REASONS,
    SweepResult,
    evaluate,
    max_points,
    sweep,
)
from endodec.sweep.grid import Grid, load_samples, parse_spec

__all__ = ["BACKENDS", "PROP1_STATUS", "REASONS", "Grid", "SweepResult", "evaluate",
           "load_samples", "max_points", "parse_spec", "sweep"]
