"""CLI: endodec game sweep (and endodec forecast)."""

from __future__ import annotations

import json

import pandas as pd
from typer.testing import CliRunner

from endodec.cli import app

runner = CliRunner()


def test_sweep_grid_json():
    r = runner.invoke(app, ["game", "sweep", "--vary", "N=2:50", "--vary", "delta=0.05:0.8:100", "--json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.output)
    assert d["n_points"] == 4900 and d["n_valid"] == 4900 and d["prop1"] == {"holds": 4900}
    # SweepResult.to_dict() has the shape of the CLI's --json (timings aside)
    from endodec.sweep import sweep

    lib = sweep(["N=2:50", "delta=0.05:0.8:100"], reduce="summary", progress=False).to_dict()
    assert list(lib) == list(d)
    timing = ("elapsed_s", "points_per_second")
    assert {k: v for k, v in lib.items() if k not in timing} == {
        k: v for k, v in d.items() if k not in timing}


def test_sweep_samples_to_parquet(tmp_path):
    src = tmp_path / "s.csv"
    pd.DataFrame({"N": [5, 1, 12], "delta": [0.3, 0.3, 0.2], "id": [7, 8, 9]}).to_csv(src, index=False)
    out = tmp_path / "o.parquet"
    r = runner.invoke(app, ["game", "sweep", "--samples", str(src), "--out", str(out), "--no-progress"])
    assert r.exit_code == 0, r.output
    f = pd.read_parquet(out)
    assert f["id"].tolist() == [7, 8, 9] and f["code"].tolist() == [0, 1, 0]
    assert "invalid parameter N" in r.output


def test_sweep_errors():
    assert runner.invoke(app, ["game", "sweep"]).exit_code == 2
    r = runner.invoke(app, ["game", "sweep", "--vary", "foo=1:2"])
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


# --- regressions: grid/option validation and size guards (reliability issue, parts 3-5) -------
import pytest  # noqa: E402


def _o(res) -> str:
    """Output with rich's line wrapping undone."""
    return " ".join(res.output.split())


@pytest.mark.parametrize("spec, shown", [
    ("N=2:50:nan", "nan"), ("N=2:50:inf", "inf"), ("N=2:50:-3", "-3"), ("N=2:50:abc", "abc"),
    ("N=2:50:2.5", "2.5"), ("N=2:50:1e15", "1e15"), ("delta=0.1:inf", "inf"),
    ("a=1,nan", "nan"), ("a=-1e308:1e308:3", "-1e308:1e308:3"), ("N=2.5:9", "2.5:9"),
])
def test_bad_vary_specs_name_option_value_and_range(spec, shown):
    r = runner.invoke(app, ["game", "sweep", "--vary", spec, "--no-progress"])
    assert r.exit_code == 2, r.output
    assert f"invalid parameter --vary {spec.split('=')[0]}=" in _o(r) and shown in _o(r)
    assert "must be" in _o(r) and "Traceback" not in _o(r)


@pytest.mark.parametrize("args, shown", [
    (["--fix", "a=inf"], "--fix a"), (["--fix", "a=-1"], "--fix a"), (["--fix", "a=1,2"], "--fix a"),
    (["--workers", "0"], "--workers"), (["--chunk-size", "0"], "--chunk-size"),
    (["--chunk-size", str(2**40)], "--chunk-size"),
])
def test_bad_options_name_option(args, shown):
    r = runner.invoke(app, ["game", "sweep", "--vary", "N=2:3", *args, "--no-progress"])
    assert r.exit_code == 2, r.output
    assert f"invalid parameter {shown}" in _o(r) and "must be" in _o(r)


def test_overflowing_point_has_a_numerical_reason():
    r = runner.invoke(app, ["game", "sweep", "--vary", "b=1e-239", "--vary", "r=1e-159", "--json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.output)
    assert d["n_valid"] == 0
    assert d["reason"] == {"numerical: x0*b*r/a not representable in float64": 1}
    s = runner.invoke(app, ["game", "solve", "--b", "1e-239", "--r", "1e-159"])
    assert s.exit_code == 2 and "x0*b*r/a is not representable in float64" in _o(s)


def test_empty_samples_are_a_data_error(tmp_path):
    src = tmp_path / "empty.csv"
    src.write_text("N,delta\n")
    r = runner.invoke(app, ["game", "sweep", "--samples", str(src), "--no-progress"])
    assert r.exit_code == 2 and "no rows" in _o(r), r.output


def test_absurd_sweeps_refused_quickly():
    import time

    t = time.perf_counter()
    r = runner.invoke(app, ["game", "sweep", "--vary", "N=2:1e12", "--no-progress"])
    assert r.exit_code == 2 and "ENDODEC_MAX_BYTES" in _o(r), r.output
    r = runner.invoke(app, ["game", "sweep", "--vary", "N=2:50:1000", "--vary", "a=1:2:1000",
                            "--vary", "b=1:2:1000", "--vary", "r=1:2:1000", "--no-progress"])
    assert r.exit_code == 2 and "ENDODEC_MAX_POINTS" in _o(r), r.output
    assert time.perf_counter() - t < 10


def test_help_gives_ranges():
    r = runner.invoke(app, ["game", "sweep", "--help"])
    assert r.exit_code == 0
    assert "1024" in _o(r) and "2**31" in _o(r) and "2**40" in _o(r)


def test_out_never_replaces_a_foreign_file(tmp_path):
    from typer.testing import CliRunner

    from endodec.cli import app

    r = CliRunner()
    mine = tmp_path / "thesis.parquet"
    mine.write_text("my own data")
    res = r.invoke(app, ["game", "sweep", "--vary", "N=2:4", "--out", str(mine), "--no-progress"])
    assert res.exit_code == 2 and "not written by endodec" in res.output
    assert mine.read_text() == "my own data"
    res = r.invoke(app, ["game", "sweep", "--vary", "N=2:4", "--out", str(tmp_path), "--no-progress"])
    assert res.exit_code == 2 and "directory" in res.output
    # an earlier sweep written by endodec is replaced; --overwrite replaces a foreign file deliberately
    own = tmp_path / "s.parquet"
    for n in ("4", "5"):
        res = r.invoke(app, ["game", "sweep", "--vary", f"N=2:{n}", "--out", str(own), "--no-progress"])
        assert res.exit_code == 0, res.output
    import pandas as pd

    assert len(pd.read_parquet(own)) == 4
    res = r.invoke(app, ["game", "sweep", "--vary", "N=2:4", "--out", str(mine), "--no-progress",
                         "--overwrite"])
    assert res.exit_code == 0 and len(pd.read_parquet(mine)) == 3


def test_stale_parts_of_killed_sweeps_are_removed(tmp_path):
    import subprocess
    import sys

    from endodec.sweep import sweep

    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / f".s.parquet.{dead.pid}.tmp"
    stale.write_bytes(b"partial")
    other = tmp_path / ".s.parquet.notes.tmp"
    other.write_text("not ours")
    sweep(["N=2:3"], out=tmp_path / "s.parquet", progress=False)
    assert not stale.exists() and other.exists()
