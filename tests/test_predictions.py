"""Predictions registry (seed 000 §6, seed 001 §7): contents, evaluation rules, template, CLI."""

from __future__ import annotations

import pandas as pd
import pytest
from typer.testing import CliRunner

from endodec import predictions as P
from endodec.errors import DataError, DataWarning, ParameterError


def _obs(*rows):
    return pd.DataFrame([dict(metric=m, date=d, value=v, source="test", note="")
                         for m, d, v in rows])


def _status(res, pid, ver):
    return next(e for e in res.evaluations if e.prediction.id == pid
                and e.prediction.version == ver)


def test_registry_contents():
    reg = P.load_registry()
    ids = {v: {p.id for p in reg if p.version == v} for v in ("000", "001")}
    assert ids["000"] == {"1", "2", "2*", "3", "4", "5", "6", "7", "7*", "8", "9"}
    assert ids["001"] == {"1", "2", "2*", "3", "4", "5", "6", "7", "8", "9"}
    assert P.get("9", "000").extra["frontier_gpus"] == 10_000
    assert P.get("9", "001").extra["frontier_gpus"] == 100_000
    assert P.get("2", "000").window == (2028, 2030) and P.get("2", "001").window == (2028, 2029)
    assert "Open-weight" in P.get("8", "001").title
    assert P.get("3", "001").differences
    with pytest.raises(ParameterError):
        P.get("10", "000")


def test_no_observations_not_evaluable():
    res = P.evaluate(as_of="2026-01-01")
    assert set(res.to_frame().status) == {"not evaluable"}
    assert res.counts()["not evaluable"] == 21


def test_supported_and_early():
    res = P.evaluate(_obs(("consumer_stacked_memory_gb_under_200usd", "2024-06", "16")),
                     as_of="2026-01-01")
    e = _status(res, "1", "000")
    assert e.status == "supported" and "earlier than the predicted window" in e.reason


def test_pending_then_falsified_by_all_through():
    o = _obs(("consumer_stacked_memory_gb_under_200usd", "2026", "8"),
             ("consumer_stacked_memory_gb_under_200usd", "2028-06", "8"))
    assert _status(P.evaluate(o, as_of="2027-06-01"), "1", "001").status == "pending"
    # deadline 2027 passed, falsification window (<= 8GB through 2028) still open
    e = _status(P.evaluate(o, as_of="2028-07-01"), "1", "001")
    assert e.status == "pending" and "open until 2028" in e.reason
    e = _status(P.evaluate(o, as_of="2029-02-01"), "1", "001")
    assert e.status == "falsified" and "<= 8" in e.reason
    # 12GB observed in 2028: the against condition (all <= 8) fails; target missed -> falsified
    o2 = pd.concat([o, _obs(("consumer_stacked_memory_gb_under_200usd", "2028-09", "12"))])
    e = _status(P.evaluate(o2, as_of="2029-02-01"), "1", "001")
    assert e.status == "falsified" and "deadline 2027 passed" in e.reason


def test_any_mode_falsifies_and_survive_supports():
    o = _obs(("dram_hbm_alpha", "2027", "0.12"))
    assert _status(P.evaluate(o, as_of="2028-01-01"), "5", "000").status == "falsified"
    o = _obs(("dram_hbm_alpha", "2027", "0.22"), ("dram_hbm_alpha", "2030", "0.2"))
    assert _status(P.evaluate(o, as_of="2029-01-01"), "5", "000").status == "pending"
    assert _status(P.evaluate(o, as_of="2031-01-02"), "5", "000").status == "supported"


def test_sustained_mode():
    base = [("packaging_alpha_rolling3", "2027-01", "0.14"),
            ("packaging_alpha_rolling3", "2028-01", "0.16"),
            ("packaging_alpha_rolling3", "2029-01", "0.14")]
    res = P.evaluate(_obs(*base), as_of="2030-01-01")
    assert _status(res, "5", "001").status == "pending"  # never below 0.15 for two years
    more = base + [("packaging_alpha_rolling3", "2030-06", "0.13"),
                   ("packaging_alpha_rolling3", "2031-02", "0.12")]
    res = P.evaluate(_obs(*more), as_of="2031-06-01")
    assert _status(res, "5", "001").status == "falsified"


def test_all_conditions_required_and_target_deadline_without_against():
    o = _obs(("hyperscaler_inference_capex_cut_pct_yoy", "2028-03", "25"))
    res = P.evaluate(o, as_of="2028-06-01")
    assert _status(res, "3", "001").status == "pending"
    o = pd.concat([o, _obs(("hyperscaler_training_capex_maintained", "2028", "true"))])
    assert _status(P.evaluate(o, as_of="2029-06-01"), "3", "001").status == "supported"
    # seed 000 also needs the repositioning statement; after its deadline -> falsified
    e = _status(P.evaluate(o, as_of="2029-06-01"), "3", "000")
    assert e.status == "falsified" and "repositioning" in e.reason


def test_observations_after_as_of_ignored_and_qualitative():
    o = _obs(("consumer_stacked_memory_gb_under_200usd", "2027", "32"))
    with pytest.warns(DataWarning, match="1 of 1 observations are dated after as_of"):
        res = P.evaluate(o, as_of="2026-06-01")
    assert _status(res, "1", "000").status == "not evaluable"
    assert _status(res, "7*", "000").status == "not evaluable"
    assert "qualitative" in _status(res, "7*", "000").reason


def test_read_observations_errors(tmp_path):
    p = tmp_path / "o.csv"
    p.write_text("metric,date,value\nnope,2026,1\n")
    with pytest.raises(DataError, match="unknown metric"):
        P.read_observations(p)
    p.write_text("metric,date,value\ndram_hbm_alpha,soon,1\n")
    with pytest.raises(DataError, match="bad date"):
        P.read_observations(p)
    p.write_text("metric,date,value\ndram_hbm_alpha,2026,abc\n")
    with pytest.raises(DataError, match="bad value"):
        P.read_observations(p)
    p.write_text("metric,value\n")
    with pytest.raises(DataError):
        P.read_observations(p)
    p.write_text("metric,date,value\ndram_hbm_alpha,2026-Q2,0.2\n")
    assert P.read_observations(p).date.iloc[0] == pd.Timestamp("2026-06-30")


def test_template_roundtrip_and_shipped(tmp_path):
    from importlib import resources

    out = P.write_template(tmp_path / "t.csv")
    assert P.read_observations(out).empty  # no invented observations
    shipped = resources.files("endodec.predictions").joinpath("observations_template.csv")
    assert shipped.read_text() == out.read_text()
    assert set(pd.read_csv(out).metric) == set(P.metrics())


def test_cli_predictions(tmp_path):
    from endodec.cli import app

    r = CliRunner().invoke(app, ["predictions", "--template", str(tmp_path / "t.csv")])
    assert r.exit_code == 0 and (tmp_path / "t.csv").exists()
    o = tmp_path / "o.csv"
    o.write_text("metric,date,value,source,note\nopen_weight_token_share_pct,2027-12,55,x,\n")
    r = CliRunner().invoke(app, ["predictions", "-o", str(o), "-v", "001", "--as-of",
                                 "2028-01-01"])
    assert r.exit_code == 0, r.output
    assert "supported" in r.output and "P7*" not in r.output
    r = CliRunner().invoke(app, ["predictions", "--json", "--as-of", "2026-01-01"])
    assert r.exit_code == 0 and '"not evaluable": 21' in r.output
    import json

    assert json.loads(r.output) == P.evaluate(as_of="2026-01-01").to_dict()  # one shape
    r = CliRunner().invoke(app, ["predictions", "--show", "9@001"])
    assert r.exit_code == 0 and "100000" in r.output
    o.write_text("metric,date,value\nbogus,2026,1\n")
    r = CliRunner().invoke(app, ["predictions", "-o", str(o)])
    assert r.exit_code == 2


def test_analysis_derived_windows(tmp_path):
    from endodec.analyses import load_all
    from endodec.analyses.base import Context

    vals = load_all()["p-predictions"].run(Context(out=tmp_path, fast=True))
    assert vals["p2star_window_derived_000"].value == (2030, 2033)
    assert vals["p2star_window_derived_001"].value == (2030, 2032)
    assert vals["n_numbered_000"].value == vals["n_numbered_001"].value == 9
    assert vals["p7_phases_contiguous_001"].value is True
