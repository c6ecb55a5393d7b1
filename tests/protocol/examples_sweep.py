"""Protocol examples of the sweep, forecast and predictions results (see test_protocol.py)."""

from __future__ import annotations

import warnings

import numpy as np

from endodec.predictions import Evaluation, EvaluationResult, PredictionDetail, evaluate, get
from endodec.sweep import SweepResult, sweep
from endodec.sweep.forecast import (
    CrossingForecast,
    ForecastParams,
    ForecastReport,
    crossing_year_distribution,
)
from endodec.sweep.wright_noise import (
    HindcastResult,
    WrightNoiseFit,
    WrightNoiseForecast,
    fit_wright_noise,
    hindcast,
    wright_noise_forecast,
)

_RNG = np.random.default_rng(1)
_X = np.cumsum(0.2 + 0.05 * _RNG.random(14))
_Y = 2.0 - 0.4 * _X + 0.03 * _RNG.standard_normal(14)


def _forecast() -> CrossingForecast:
    with warnings.catch_warnings():  # few draws: the NumericalWarning is the point elsewhere
        warnings.simplefilter("ignore")
        return crossing_year_distribution(ForecastParams(noise_sigma=0.1, horizon=60),
                                          n_draws=40, seed=1)


EXAMPLES = {
    SweepResult: lambda: sweep(["N=2:4", "delta=0.1:0.5:3", "x0=-1,5"], progress=False),
    WrightNoiseFit: lambda: fit_wright_noise(y=_Y, x=_X, m=10, rho=0.2),  # ("estimate": statsmodels)
    WrightNoiseForecast: lambda: wright_noise_forecast(y=_Y, x=_X, horizons=4, growth=0.2,
                                                       last_label=2024),
    HindcastResult: lambda: hindcast(y=_Y, x=_X, m=5, max_horizon=3, data="synthetic"),
    CrossingForecast: _forecast,
    ForecastReport: lambda: ForecastReport(_forecast(), [2030.0]),
    PredictionDetail: lambda: PredictionDetail(get("2*", "000")),
    EvaluationResult: lambda: evaluate(as_of="2026-01-01", version="001"),
    Evaluation: lambda: evaluate(as_of="2026-01-01", version="001").evaluations[0],
}
