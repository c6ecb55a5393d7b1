"""The robustness page: its logic equals the library, and it renders."""

from __future__ import annotations

import numpy as np
import pytest

from endodec.explore.logic import robustness as logic
from endodec.model.hjb import solve_hjb


def test_logic_validation_uses_the_library():
    v = logic.validate_robustness({"family": "paper", "N": 0, "sigma": 0.0, "n": 100})
    assert not v.ok and "invalid parameter N=0" in v.errors["N"]
    v = logic.validate_robustness({"family": "paper", "N": 3, "sigma": -1.0, "n": 100})
    assert not v.ok and "sigma" in v.errors
    v = logic.validate_robustness({"family": "nope", "n": 100})
    assert not v.ok and "family" in v.errors


@pytest.mark.parametrize("family", list(logic.ROBUSTNESS_SPECS))
def test_logic_results_equal_the_library(family):
    v = logic.validate_robustness({"family": family, "N": 3, "sigma": 1.0, "n": 100})
    assert v.ok, v.errors
    res = logic.robustness_results(v.params, 100, nt=100)
    ref = solve_hjb(v.params, n=100)
    np.testing.assert_array_equal(res["solution"].Q_N, ref.Q_N)
    assert res["distribution"].stats["nash"]["mass"] > 0.99
    assert list(res["frame"].columns[:3]) == ["x", "V_N", "V_P"]


def test_page_renders():
    at_mod = pytest.importorskip("streamlit.testing.v1")
    at = at_mod.AppTest.from_string(
        "from endodec.explore.views import robustness\nrobustness.render()", default_timeout=120)
    at.run()
    assert not at.exception
    assert at.title[0].value == "Beyond the paper: robustness"
