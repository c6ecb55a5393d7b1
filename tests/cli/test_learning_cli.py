"""CLI: endodec learning fit / threshold / table2 / meta."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from endodec.cli import app

runner = CliRunner()


def test_fit_dram_with_bootstrap_and_breaks():
    r = runner.invoke(app, ["learning", "fit", "dram", "--version", "000", "--bootstrap", "200",
                            "--breaks", "1", "--trim", "3"])
    assert r.exit_code == 0, r.output
    assert "alpha" in r.output and "0.7469" in r.output
    assert "percentile CI" in r.output and "Bai-Perron" in r.output


def test_fit_json():
    r = runner.invoke(app, ["learning", "fit", "dram", "-v", "001", "--json", "--diagnostics"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.output)
    assert d["fit"]["n"] == 9
    assert len(d["leave_one_out"]) == 9 and len(d["recursive"]) == 8


def test_fit_hbm_is_a_clear_error():
    r = runner.invoke(app, ["learning", "fit", "hbm"])
    assert r.exit_code == 2
    assert "cumulative" in r.output


def test_threshold_table2_meta():
    r = runner.invoke(app, ["learning", "threshold"])
    assert r.exit_code == 0 and "112.47" in r.output and "26.04" in r.output
    r = runner.invoke(app, ["learning", "table2"])
    assert r.exit_code == 0 and "92.8" in r.output
    r = runner.invoke(app, ["learning", "meta"])
    assert r.exit_code == 0 and "Cochran Q = 0.97" in r.output
    r = runner.invoke(app, ["learning", "threshold", "--target", "20"])
    assert r.exit_code == 2 and "c_target" in r.output


def test_author_series(author_data):
    r = runner.invoke(app, ["learning", "fit", "dram_learning_curve", "--author-data",
                            str(author_data), "--breaks", "3"])
    assert r.exit_code == 0, r.output
    assert "0.7709" in r.output and "2008" in r.output


def test_fit_user_csv(tmp_path):
    import numpy as np
    import pandas as pd

    q = np.geomspace(1, 1000, 12)
    p = tmp_path / "curve.csv"
    pd.DataFrame({"year": range(2000, 2012), "price": 50 * q**-0.3, "cum": q}).to_csv(p, index=False)
    r = runner.invoke(app, ["learning", "fit", str(p), "--json"])
    assert r.exit_code == 0, r.output
    assert abs(json.loads(r.output)["fit"]["alpha"] - 0.3) < 1e-9
    r = runner.invoke(app, ["learning", "fit", "nonsense"])
    assert r.exit_code == 2 and "DATASET" in r.output
