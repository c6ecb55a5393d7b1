"""Calibration: mapping model time to calendar years (seed 000 §3.7; seed 001 §3.8).

The paper reports crossing times in years (claims ``g000-3.7-tn-years`` and ``g000-3.7-tc-years``
of the ledger) but never states the time unit of the model, whose crossing times at the baseline are of order one.
The mapping is therefore a parameter here: ``years = years_per_unit * T``. :func:`implied_time_scale`
backs out the scale a printed number implies, so the ledger can check whether *one* scale makes
the paper's several printed years mutually consistent.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from endodec.errors import ParameterError

__all__ = ["CalendarMap", "implied_time_scale"]


@dataclass(frozen=True)
class CalendarMap:
    """Model time -> calendar year.

    Parameters
    ----------
    base_year : float
        Calendar year at model time 0 (the paper uses 2024).
    years_per_unit : float
        Years per model time unit (> 0). Not given by the paper; see module docstring.
    """

    base_year: float = 2024.0
    years_per_unit: float = 1.0

    def __post_init__(self):
        if not self.years_per_unit > 0:
            raise ParameterError("years_per_unit", self.years_per_unit, "> 0")

    def years(self, T):
        """Duration in years of model time ``T``."""
        return np.asarray(T, float) * self.years_per_unit

    def year(self, T):
        """Calendar year reached after model time ``T``."""
        return self.base_year + self.years(T)


def implied_time_scale(T_model, years):
    """Years per model unit implied by a printed duration ``years`` for model time ``T_model``."""
    T_model = np.asarray(T_model, float)
    if np.any(T_model <= 0):
        raise ParameterError("T_model", T_model, "> 0")
    return np.asarray(years, float) / T_model
