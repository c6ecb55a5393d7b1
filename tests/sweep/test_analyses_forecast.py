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
    v = vals["nash_year_000"]
    med = v.facts["mc_nash_q50"]
    assert 2024 < med < 2040 and not v.readings  # no licensed reading supplies the time unit
    assert v.conditions == {"baseline": "N=5, S_T=0"}  # the seed 000 baseline (params.py)
    lo, hi = vals["nash_interval90"].value
    assert lo <= med <= hi
    # Prediction 2's windows are checked against the paper's own crossing date (claims ledger)
    paper = claims.set_index("id")["paper_value"]
    assert vals["p2_window_000"].value == float(paper["f000-3.7-nash-year"])
    assert vals["p2_window_001"].value == float(paper["f001-3.8-nash-year"])
    t = pd.read_csv(tmp_path / "tables" / "tab_f_crossing_quantiles.csv")
    assert {"nash", "hardware"} == set(t["reading"])
    assert (tmp_path / "figures" / "fig_f_crossing_fan.png").exists()
    assert hv["packaged_n_errors"].value == 6


def test_prop1_sweep_covers_the_whole_domain(tmp_path):
    """The random Proposition 1 check draws S beyond the proof's domain (no interior Nash or no
    interior solution at all) and reports the status by region; inside the domain every point
    is evaluated, outside none is (the proposition is not defined there)."""
    reg = load_all()
    vals = reg["f-3.5-sweep-prop1"].run(Context(out=tmp_path, fast=True))
    t = pd.read_csv(tmp_path / "tables" / "tab_f_sweep_prop1.csv").set_index("region")
    assert len(t) == 3 and (t["points"] > 0).all()
    inside = t.loc["both interior solutions (the proof's assumption)"]
    assert inside["not evaluated"] == 0
    outside = t.drop(index=inside.name)
    assert (outside["not evaluated"] == outside["points"]).all()
    f = vals["sweep_statement_holds_all"].facts
    assert vals["sweep_statement_holds_all"].value == (f["fails_at_x0"] == 0)
    assert f["evaluated"] + f["not_evaluated_outside"] == f["points"]


def test_region_status_table_is_the_crosstab_of_the_labels():
    """f-3.5-sweep-prop1 counts integer codes; the table equals pd.crosstab of the labels."""
    import numpy as np
    import pandas as pd

    from endodec.analyses.forecast import _REGIONS, _region_status_table
    from endodec.sweep import PROP1_STATUS

    rng = np.random.default_rng(5)
    labels = list(PROP1_STATUS)
    for lo_reg, hi_status, n in ((0, 4, 500), (1, 3, 80), (0, 2, 7)):  # absent rows / columns
        reg = rng.integers(lo_reg, 3, n)
        st = rng.integers(-1, hi_status, n)
        st_lab = np.where(st >= 0, np.array(labels)[np.maximum(st, 0)], "other")
        old = (pd.crosstab(pd.Series(np.array(_REGIONS)[reg], name="region"),
                           pd.Series(st_lab, name="status"))
               .reindex(columns=labels, fill_value=0).reset_index())
        old["points"] = old[labels].sum(axis=1)
        new = _region_status_table(reg, st, labels)
        pd.testing.assert_frame_equal(old, new, check_exact=True)
        assert new["points"].sum() == int(np.sum(st >= 0))
