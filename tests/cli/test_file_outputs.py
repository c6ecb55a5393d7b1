"""Single-file outputs never replace a file endodec did not write (unless --overwrite)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from endodec._io import check_file_target, csv_header_is, figure_is_own
from endodec.cli import app
from endodec.errors import OutputError

runner = CliRunner()


def test_template_never_overwrites_observations(tmp_path):
    obs = tmp_path / "obs.csv"
    obs.write_text("metric,date,value\nmy_metric,2026-01-01,3\n")
    r = runner.invoke(app, ["predictions", "--template", str(obs)])
    assert r.exit_code == 2 and "--overwrite" in r.output
    assert "my_metric" in obs.read_text()
    r = runner.invoke(app, ["predictions", "--template", str(obs), "--overwrite"])
    assert r.exit_code == 0 and "my_metric" not in obs.read_text()


@pytest.mark.parametrize("ext", ["png", "svg", "pdf"])
def test_fan_chart_replaces_only_its_own_figure(tmp_path, ext):
    f = tmp_path / f"fan.{ext}"
    args = ["forecast", "--n-draws", "100", "--fan-chart", str(f)]
    assert runner.invoke(app, args).exit_code == 0
    assert figure_is_own(f)
    assert runner.invoke(app, args).exit_code == 0  # its own earlier output: replaced
    foreign = tmp_path / f"mine.{ext}"
    foreign.write_bytes(b"a figure of mine")
    r = runner.invoke(app, ["forecast", "--n-draws", "100", "--fan-chart", str(foreign)])
    assert r.exit_code == 2 and "not written by endodec" in r.output
    assert foreign.read_bytes() == b"a figure of mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([f.name, foreign.name])


def test_check_file_target_rules(tmp_path):
    d = tmp_path / "d"
    d.mkdir()
    with pytest.raises(OutputError, match="directory"):
        check_file_target(d)
    f = tmp_path / "t.csv"
    f.write_text("a,b\n1,2\n")
    with pytest.raises(OutputError, match="not written by endodec"):
        check_file_target(f)
    assert check_file_target(f, is_own=lambda p: csv_header_is(p, ["a", "b"])) == f
    with pytest.raises(OutputError):
        check_file_target(f, is_own=lambda p: csv_header_is(p, ["a", "c"]))
    assert check_file_target(f, overwrite=True) == f
    assert check_file_target(tmp_path / "new.csv") == tmp_path / "new.csv"
