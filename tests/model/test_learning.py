"""Wright's-law threshold and crossing-time formulas (seed 000 §3.7, seed 001 Table 2)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from endodec.errors import DomainError, ParameterError
from endodec.model.learning import (
    alpha_sensitivity_table,
    calibrate_c0,
    crossing_time_vs_alpha,
    threshold_Q,
    wright_cost,
    years_to_threshold,
)


def test_seed000_calibration_26_112():
    q5 = threshold_Q(12.0, 2.5, 5.0, 0.23)
    q7 = threshold_Q(12.0, 2.5, 7.0, 0.23)
    assert round(float(q5)) == 112 and round(float(q7)) == 26
    assert q5 / 2.5 == pytest.approx(45, abs=0.5) and q7 / 2.5 == pytest.approx(10.4, abs=0.1)


@settings(max_examples=50, deadline=None)
@given(c=st.floats(1, 100), q=st.floats(0.1, 1e4), frac=st.floats(0.05, 0.95),
       a=st.floats(0.05, 1.0))
def test_threshold_is_where_curve_hits_target(c, q, frac, a):
    qb = threshold_Q(c, q, c * frac, a)
    c0 = calibrate_c0(c, q, a)
    assert wright_cost(qb, c0, a) == pytest.approx(c * frac, rel=1e-9)
    assert qb > q


def test_threshold_monotone_in_alpha_and_errors():
    qs = threshold_Q(12, 2.5, 5, np.array([0.1, 0.2, 0.3]))
    assert np.all(np.diff(qs) < 0)
    with pytest.raises(DomainError, match="no crossing"):
        threshold_Q(5, 2.5, 7, 0.23)
    with pytest.raises(ParameterError, match="alpha"):
        threshold_Q(12, 2.5, 5, -0.1)
    with pytest.raises(ParameterError, match="cost_ratio"):
        crossing_time_vs_alpha(0.2, cost_ratio=0.5)


def test_table2_formula_matches_author_csv(author_data):
    ref = pd.read_csv(author_data / "alpha_sensitivity_analysis.csv")
    t = alpha_sensitivity_table(ref["alpha"].to_numpy())
    np.testing.assert_allclose(t["t_star_years"], ref["t_star_years_from_2024"], atol=1e-3)
    np.testing.assert_allclose(t["doublings_to_threshold"], ref["doublings_to_threshold"],
                               atol=1e-3)
    np.testing.assert_allclose(t["cumulative_eb_needed"], ref["cumulative_eb_needed"], rtol=1e-6)


def test_table2_rows_and_years_consistent():
    t = alpha_sensitivity_table()
    assert len(t) == 6
    assert np.all(np.diff(t["t_star_years"]) < 0)
    q = t["cumulative_eb_needed"].to_numpy()
    np.testing.assert_allclose(years_to_threshold(q, 3200, 0.25), t["t_star_years"])
