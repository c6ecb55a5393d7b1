"""CLI: endodec empirics export-controls panel / did / event-study."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from endodec.cli import app

runner = CliRunner()
EC = ["empirics", "export-controls"]  # the command group


@pytest.fixture()
def dump(hub_dump):
    return hub_dump


def test_help_in_paper_terms():
    r = runner.invoke(app, [*EC, "--help"])
    assert r.exit_code == 0
    assert "export-controls" in runner.invoke(app, ["empirics", "--help"]).output
    assert "export controls" in r.output and "edge-compatible" in r.output
    for cmd in ("panel", "did", "event-study"):
        assert cmd in r.output


def test_panel_writes_csv(dump, tmp_path):
    out, mo = tmp_path / "panel.csv", tmp_path / "models.csv"
    r = runner.invoke(app, [*EC, "panel", "--dump", str(dump), "-o", str(out),
                            "--models-out", str(mo)])
    assert r.exit_code == 0, r.output
    p = pd.read_csv(out)
    assert p.n_models.sum() == 160 == len(pd.read_csv(mo))
    assert set(p.constrained[p.author.isin(["Qwen", "uer"])]) == {1}


def test_did_json_and_text(dump):
    r = runner.invoke(app, [*EC, "did", "--dump", str(dump), "--json", "--all"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.output)
    assert len(d["results"]) == 12
    assert d["results"][0]["specification"] == "Baseline DID"
    r = runner.invoke(app, [*EC, "did", "--dump", str(dump), "--cov", "cluster",
                            "--engine", "linearmodels"])
    assert r.exit_code == 0, r.output
    assert "post_x_constrained" in r.output
    r = runner.invoke(app, [*EC, "did", "--dump", str(dump), "--wild", "199",
                            "--json"])
    assert r.exit_code == 0, r.output
    assert all(0 < x["p_wild"] <= 1 for x in json.loads(r.output)["results"])


def test_event_study(dump):
    r = runner.invoke(app, [*EC, "event-study", "--dump", str(dump), "--json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.output)
    assert d["ref"] == "2022Q3" and d["pretrend_df"] == 2


def test_clear_errors(dump):
    r = runner.invoke(app, [*EC, "did"])
    assert r.exit_code == 2 and "--dump" in r.output
    r = runner.invoke(app, [*EC, "did", "--dump", str(dump), "--cov", "nope"])
    assert r.exit_code == 2 and "cov" in r.output
