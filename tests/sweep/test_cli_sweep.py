"""CLI: endodec sweep."""

from __future__ import annotations

import json

import pandas as pd
from typer.testing import CliRunner

from endodec.cli import app

runner = CliRunner()


def test_sweep_grid_json():
    r = runner.invoke(app, ["sweep", "--vary", "N=2:50", "--vary", "delta=0.05:0.8:100", "--json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.output)
    assert d["n_points"] == 4900 and d["n_valid"] == 4900 and d["prop1"] == {"holds": 4900}


def test_sweep_samples_to_parquet(tmp_path):
    src = tmp_path / "s.csv"
    pd.DataFrame({"N": [5, 1, 12], "delta": [0.3, 0.3, 0.2], "id": [7, 8, 9]}).to_csv(src, index=False)
    out = tmp_path / "o.parquet"
    r = runner.invoke(app, ["sweep", "--samples", str(src), "--out", str(out), "--no-progress"])
    assert r.exit_code == 0, r.output
    f = pd.read_parquet(out)
    assert f["id"].tolist() == [7, 8, 9] and f["code"].tolist() == [0, 1, 0]
    assert "invalid parameter N" in r.output


def test_sweep_errors():
    assert runner.invoke(app, ["sweep"]).exit_code == 2
    r = runner.invoke(app, ["sweep", "--vary", "foo=1:2"])
    assert r.exit_code == 2 and "foo" in r.output


def test_forecast_cli(tmp_path):
    png = tmp_path / "fan.png"
    r = runner.invoke(app, ["forecast", "-n", "300", "--horizon", "120", "--prob-by", "2028",
                            "--fan-chart", str(png)])
    assert r.exit_code == 0, r.output
    assert "median" in r.output and "P(crossing by 2028)" in r.output and png.stat().st_size > 0
    r = runner.invoke(app, ["forecast", "-n", "200", "--noise-sigma", "0", "--N", "5",
                            "--growth", "0.25", "--delta", "0.3", "--s-t-frac", "0",
                            "--c-target", "5", "--alpha-se", "0", "--json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.output)
    assert abs(d["nash"]["quantiles"]["q50"] - 2027.527) < 0.01
    assert abs(d["hardware"]["quantiles"]["q50"] - 2041.058) < 0.01
    r = runner.invoke(app, ["forecast", "--c-target", "20"])
    assert r.exit_code == 2 and ("c_target" in r.output or "c-target" in r.output)
