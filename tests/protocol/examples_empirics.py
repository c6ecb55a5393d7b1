"""Protocol examples of the empirical results (learning curves, breaks, meta, capex, silicon).

Small synthetic data only; every builder runs well under a second (see test_protocol.py).
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from endodec.empirics.breaks import BreakResult, bai_perron
from endodec.empirics.capex import (
    CapexMapping,
    CapexReport,
    CapexTestResult,
    ComplementarityResult,
    capex_test,
    complementarity,
    growth_by_N_change,
)
from endodec.empirics.learning_curves import (
    BootstrapResult,
    LearningFitReport,
    WrightFit,
    bootstrap_alpha,
    fit_wright,
    leave_one_out,
)
from endodec.empirics.meta import MetaResult, meta_analysis
from endodec.empirics.silicon import (
    CrossingResult,
    Device,
    DeviceTable,
    Model,
    crossing_condition,
)
from endodec.errors import NumericalWarning


def _wright() -> WrightFit:
    q = np.geomspace(1.0, 64.0, 8)
    noise = np.array([0.02, -0.01, 0.03, -0.02, 0.0, 0.01, -0.03, 0.02])
    return fit_wright(50 * q**-0.3 * np.exp(noise), q, labels=np.arange(2000, 2008))


def _bootstrap() -> BootstrapResult:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NumericalWarning)  # 200 resamples: fast, not accurate
        return bootstrap_alpha(_wright(), n_resamples=200, seed=1)


def _breaks() -> BreakResult:
    rng = np.random.default_rng(0)
    y = np.r_[np.zeros(12), np.ones(12)] + rng.normal(0, 0.2, 24)
    return bai_perron(y, h=4, max_breaks=2, n_sim=200, labels=np.arange(1990, 2014))


def _panel() -> pd.DataFrame:
    cap = {"A": [10, 12, 15, 20, 26], "B": [6, 7, 9, 12, 15], "C": [3, 4, 6, 8, 11],
           "D": [1, 2, 3, 6, 7]}
    return pd.DataFrame([{"company": f, "year": y, "capex_bn_usd": float(c)}
                         for f, v in cap.items() for y, c in zip(range(2018, 2023), v,
                                                                  strict=True)])


def _capex() -> CapexTestResult:
    m = CapexMapping(core_firms=("A", "B", "C", "D"), scaling_year=2019, C_total=500.0)
    return capex_test(_panel(), m)


def _complementarity() -> ComplementarityResult:
    return complementarity(_panel(), firms=("A", "B", "C", "D"))


def _crossing() -> CrossingResult:
    return crossing_condition(Device("toy box", 800.0, memory_GB=96.0, price_usd=2000.0),
                              Model("toy 70B", 70.0, bits=4.0))


EXAMPLES = {
    WrightFit: _wright,
    BootstrapResult: _bootstrap,
    BreakResult: _breaks,
    MetaResult: lambda: meta_analysis([0.30, 0.35, 0.25], [0.05, 0.04, 0.06],
                                      labels=["a", "b", "c"]),
    CapexTestResult: _capex,
    ComplementarityResult: _complementarity,
    CrossingResult: _crossing,
    DeviceTable: lambda: DeviceTable("000", Model("toy 70B", 70.0, bits=4.0), [_crossing()]),
    LearningFitReport: lambda: LearningFitReport(_wright(), bootstrap=_bootstrap(),
                                                 leave_one_out=leave_one_out(_wright()),
                                                 breaks=_breaks()),
    CapexReport: lambda: CapexReport(_capex(), growth_by_N_change(_capex()),
                                     [_complementarity()]),
}
