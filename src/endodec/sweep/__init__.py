"""Parameter sweeps and distributional crossing forecasts (issue 7).

- :mod:`endodec.sweep.grid`: :class:`Grid` (``Grid.from_specs(["N=2:50", "delta=0.05:0.8:100"])``)
  and sample loading; unvaried parameters keep the baseline of :mod:`endodec.model.params`;
- :mod:`endodec.sweep.engine`: :func:`sweep`, the chunk loop, and :class:`SweepResult`; absurd
  sweeps are refused before allocating (``ENDODEC_MAX_POINTS``, ``ENDODEC_MAX_BYTES``);
- :mod:`endodec.sweep.points`: one chunk of points, validated by the rule
  :func:`endodec.model.game.solve` uses (same reasons), outputs and Proposition 1 status;
- :mod:`endodec.sweep.backends`: the numpy / jax / dask runners, all running the single
  closed-form kernel :func:`endodec.model.kernel.game_kernel`;
- :mod:`endodec.sweep.stats`, :mod:`endodec.sweep.output`: streaming statistics, the Parquet
  stream;
- :mod:`endodec.sweep.wright_noise`: the Wright's-law experience-curve forecast with noise and its
  hindcast (Farmer & Lafond 2016; Lafond et al. 2018);
- :mod:`endodec.sweep.forecast`: Monte Carlo crossing-year distributions.
"""

import inspect
import sys
import types

from endodec.sweep.backends import BACKENDS, evaluate
from endodec.sweep.engine import SweepResult, max_points, sweep
from endodec.sweep.grid import Grid, load_samples, parse_spec
from endodec.sweep.points import OUTPUTS, PROP1_STATUS, REASONS

__all__ = ["BACKENDS", "OUTPUTS", "PROP1_STATUS", "REASONS", "Grid", "SweepResult", "evaluate",
           "load_samples", "max_points", "parse_spec", "sweep"]


class _CallableModule(types.ModuleType):
    """``endodec.sweep`` is the subpackage and, when called, :func:`endodec.sweep.engine.sweep`.

    Importing any ``endodec.sweep.*`` module binds the attribute ``endodec.sweep`` to this
    package, which would otherwise hide the public-face function ``ed.sweep``; a callable package
    keeps ``ed.sweep(...)`` working whichever was bound first.
    """

    def __call__(self, *args, **kwargs):
        return sweep(*args, **kwargs)


_CallableModule.__call__.__doc__ = sweep.__doc__
_CallableModule.__call__.__signature__ = inspect.signature(sweep)
sys.modules[__name__].__class__ = _CallableModule
