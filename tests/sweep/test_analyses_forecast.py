"""The forecast analyses run, save their artifacts and return the keys the claims use."""

from __future__ import annotations

import pandas as pd

from endodec.analyses import load_all
from endodec.analyses.base import Context
from endodec.claims import load_claims


def test_forecast_analyses_fast(tmp_path):
    reg = load_all()
    ctx = Context(out=tmp_path, fast=True)
    vals = reg["f-3.7-crossing-forecast"].run(ctx)
    hv = reg["f-4.1-hindcast"].run(ctx)
    claims = load_claims()
    mine = claims[claims["id"].str.startswith(("f000", "f001"))]
    assert len(mine) >= 6
    for _, c in mine.iterrows():
        assert c["key"] in (vals if c["analysis"] == "f-3.7-crossing-forecast" else hv)
    med = vals["nash_year_median"].value
    assert 2024 < med < 2040 and "point inputs" in vals["nash_year_median"].readings
    lo, hi = vals["nash_interval90"].value
    assert lo <= med <= hi
    t = pd.read_csv(tmp_path / "tables" / "tab_f_crossing_quantiles.csv")
    assert {"nash", "hardware"} == set(t["reading"])
    assert (tmp_path / "figures" / "fig_f_crossing_fan.png").exists()
    assert hv["packaged_n_errors"].value == 6
