"""Logic of the forecast page (:mod:`endodec.explore.views.forecast`): the crossing-year
distribution (``endodec.sweep.forecast``, an optional part)."""

from __future__ import annotations

import dataclasses
import importlib
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from endodec.explore.logic.common import CAPS, Validated, validate_fields

__all__ = ["FORECAST_MODULE", "FORECAST_RANGES", "forecast_defaults", "forecast_key",
           "forecast_python", "forecast_results", "validate_forecast"]

FORECAST_MODULE = "endodec.sweep.forecast"
FORECAST_RANGES = ("c_target", "growth", "N", "delta", "S_T_frac")


def forecast_defaults() -> dict[str, Any]:
    """Defaults of :class:`endodec.sweep.forecast.ForecastParams` (read from the class)."""
    mod = importlib.import_module(FORECAST_MODULE)
    out = {}
    for f in dataclasses.fields(mod.ForecastParams):
        if f.init:
            out[f.name] = (f.default_factory() if f.default_factory is not dataclasses.MISSING
                           else f.default)
    return out


def validate_forecast(values: Mapping[str, Any]) -> Validated:
    mod = importlib.import_module(FORECAST_MODULE)
    vals = dict(values)
    for k in FORECAST_RANGES:  # (lo, hi) with lo == hi -> scalar
        v = vals.get(k)
        if isinstance(v, (tuple, list)) and len(v) == 2 and v[0] == v[1]:
            vals[k] = v[0]
    return validate_fields(mod.ForecastParams, vals, forecast_defaults())


def forecast_key(p) -> tuple:
    out = []
    for k in ("base_year", "c_now", "c_target", "alpha", "alpha_se", "growth", "N", "delta",
              "S_T_frac", "noise_sigma", "rho", "horizon"):
        v = getattr(p, k)
        out.append((k, tuple(v) if isinstance(v, (list, tuple)) else v))
    return tuple(out)


def forecast_results(key: Sequence, n_draws: int, seed: int, mode: str) -> dict[str, Any]:
    """:func:`endodec.sweep.forecast.crossing_year_distribution` with ``n_draws`` capped at
    ``CAPS["forecast_draws"]``; quantiles and P(crossing by year) for both readings."""
    mod = importlib.import_module(FORECAST_MODULE)
    p = mod.ForecastParams(**dict(key))
    n = int(min(max(int(n_draws), 1), CAPS["forecast_draws"]))
    fc = mod.crossing_year_distribution(p, n_draws=n, seed=int(seed), mode=mode)
    q = pd.DataFrame({m: fc.quantiles(mode=m) for m in ("nash", "hardware")}).T
    q.index.name = "reading"
    return {"forecast": fc, "quantiles": q.reset_index(), "prob": fc.prob_table(),
            "n_draws": n}


def forecast_python(p, n_draws: int, seed: int, mode: str) -> str:
    """The equivalent Python call (there is no ``endodec forecast`` command yet)."""
    kw = ", ".join(f"{k}={v!r}" for k, v in forecast_key(p))
    return (f"from endodec.sweep.forecast import ForecastParams, crossing_year_distribution\n"
            f"fc = crossing_year_distribution(ForecastParams({kw}),\n"
            f"                                n_draws={n_draws}, seed={seed}, mode={mode!r})\n"
            f"print(fc.summary())")
