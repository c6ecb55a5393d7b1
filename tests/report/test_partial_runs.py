"""``--only`` never destroys a report; ``--update`` updates a complete report in place."""

from __future__ import annotations

import hashlib
import json
import shutil

import pandas as pd
import pytest
from typer.testing import CliRunner

from endodec.errors import OutputError
from endodec.report.reproduce import reproduce

AID = "s3.4-verification"


def _digest(d):
    return {p.relative_to(d).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(d.rglob("*")) if p.is_file()}


@pytest.fixture()
def full_copy(full_run, tmp_path):
    out = tmp_path / "results"
    shutil.copytree(full_run.out, out)
    return out


def test_only_refuses_to_replace_a_complete_report(full_copy):
    before = _digest(full_copy)
    with pytest.raises(OutputError, match="--update"):
        reproduce(out=full_copy, only=[AID], fast=True)
    assert _digest(full_copy) == before


def test_cli_only_over_a_complete_report_fails_cleanly(full_copy):
    from endodec.cli import app

    before = _digest(full_copy)
    r = CliRunner().invoke(app, ["reproduce", "--only", AID, "--out", str(full_copy)])
    assert r.exit_code != 0 and "--update" in r.output and "Traceback" not in r.output
    assert _digest(full_copy) == before


def test_update_replaces_only_the_rows_of_the_analyses_run(full_copy, full_run):
    before = _digest(full_copy)
    old = pd.read_csv(full_copy / "ledger.csv", dtype=str, keep_default_na=False)
    reproduce(out=full_copy, only=[AID], fast=True, update=True)
    new = pd.read_csv(full_copy / "ledger.csv", dtype=str, keep_default_na=False)
    assert new["id"].tolist() == old["id"].tolist()
    others = old["analysis"] != AID
    pd.testing.assert_frame_equal(new[others].reset_index(drop=True),
                                  old[others].reset_index(drop=True))
    after = _digest(full_copy)
    mine = {f for a in full_run.manifest["artifacts"] if a["analysis"] == AID
            for f in a["files"]}
    for f, h in before.items():  # every other figure and table byte-identical
        if f.startswith(("figures/", "tables/")) and f not in mine:
            assert after.get(f) == h, f
    m = json.loads((full_copy / "manifest.json").read_text())
    assert m["scope"] == "full" and m["updates"][-1]["analyses"] == [AID]
    assert set(m["timings_s"]) == set(full_run.manifest["timings_s"])
    assert "Updated in place" in (full_copy / "report.html").read_text()


def test_a_partial_run_says_so(tmp_path):
    out = tmp_path / "part"
    reproduce(out=out, only=[AID], fast=True)
    m = json.loads((out / "manifest.json").read_text())
    assert m["scope"] == "partial" and m["analyses_run"] == [AID]
    assert "Partial run" in (out / "report.html").read_text()
    reproduce(out=out, only=[AID], fast=True)  # a partial report may be replaced by another


def test_update_needs_only_and_a_complete_report(tmp_path):
    with pytest.raises(OutputError, match="needs --only"):
        reproduce(out=tmp_path / "a", update=True)
    with pytest.raises(OutputError, match="no report"):
        reproduce(out=tmp_path / "b", only=[AID], update=True)
