"""``endodec compare``: exactly the claims, artifacts and settings that differ."""

from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest
from typer.testing import CliRunner

from endodec.errors import DataError
from endodec.report.compare import compare_html, compare_runs


@pytest.fixture()
def pair(full_run, tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    shutil.copytree(full_run.out, a)
    shutil.copytree(full_run.out, b)
    return a, b


def test_identical_runs_differ_in_nothing(pair):
    r = compare_runs(*pair)
    assert (len(r.status_changes), len(r.value_changes), len(r.artifacts), len(r.settings)) \
        == (0, 0, 0, 0)
    assert r.n_claims > 100 and not r.only_in_a and not r.only_in_b


def test_lists_exactly_what_changed(pair):
    a, b = pair
    led = pd.read_csv(b / "ledger.csv", dtype=str, keep_default_na=False)
    flip = led.index[led["status"] == "reproduced"][:2]
    led.loc[flip, "status"] = "not reproduced"
    num = led.index[(led["status"] == "reproduced")
                    & pd.to_numeric(led["computed"], errors="coerce").notna()][0]
    led.loc[num, "computed"] = str(float(led.loc[num, "computed"]) * 2 + 1)
    dropped = led.loc[led.index[-1], "id"]
    led.drop(index=led.index[-1]).to_csv(b / "ledger.csv", index=False)
    m = json.loads((b / "manifest.json").read_text())
    fig = next(x for x in m["artifacts"] if x["kind"] == "figure")
    png = next(f for f in fig["files"] if f.endswith(".png"))
    (b / png).write_bytes((b / png).read_bytes() + b"\0")
    m["seed"] = 7
    (b / "manifest.json").write_text(json.dumps(m))
    r = compare_runs(a, b)
    assert set(r.status_changes["id"]) == set(led.loc[flip, "id"])
    assert r.value_changes["id"].tolist() == [led.loc[num, "id"]]
    assert r.only_in_a == [dropped] and r.only_in_b == []
    assert r.artifacts[["name", "change"]].values.tolist() == [[fig["name"], "changed"]]
    assert r.settings["key"].tolist() == ["seed"]
    page = compare_html(r)
    assert page.count("data:image/png;base64") == 2 and fig["name"] in page


def test_cli(pair, tmp_path):
    from endodec.cli import app

    out = tmp_path / "diff.html"
    res = CliRunner().invoke(app, ["compare", str(pair[0]), str(pair[1]), "--html", str(out)])
    assert res.exit_code == 0, res.output
    assert "status changed: 0" in res.output and out.is_file()
    res = CliRunner().invoke(app, ["compare", str(pair[0]), str(tmp_path / "nope")])
    assert res.exit_code != 0 and "not an endodec report" in res.output


def test_not_a_report(tmp_path):
    with pytest.raises(DataError, match="not an endodec report"):
        compare_runs(tmp_path, tmp_path)
