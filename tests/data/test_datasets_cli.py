"""`endodec data ...` commands."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from endodec import datasets
from endodec.cli import app
from endodec.datasets import author as datasets_author

runner = CliRunner()


def run(*args, **kw):
    return runner.invoke(app, ["data", *args], **kw)


def test_data_help_lists_commands():
    r = run("--help")
    assert r.exit_code == 0
    for cmd in ("list", "show", "fetch-author", "validate"):
        assert cmd in r.output


def test_list_table_and_json():
    r = run("list")
    assert r.exit_code == 0, r.output
    for name in ("dram", "hbm", "capex_test", "openrouter_shares", "appendix_b"):
        assert name in r.output
    r = run("list", "--json")
    rows = json.loads(r.stdout)["rows"]  # DatasetTable.to_dict()
    assert {x["name"] for x in rows} == set(datasets.list_datasets().name)


def test_show_default_and_version():
    r = run("show", "hbm")
    assert r.exit_code == 0, r.output
    assert "paper version 001" in r.output and "later version" in r.output and "64.0" in r.output
    r = run("show", "hbm", "--version", "000")
    assert r.exit_code == 0 and "paper version 000" in r.output and "Table 3" in r.output
    assert "later version" not in r.output


def test_show_provenance_and_formats():
    r = run("show", "dram", "-v", "001", "--provenance")
    assert r.exit_code == 0, r.output
    assert "sha256:" in r.output and "Table 6" in r.output and "supercycle" in r.output
    assert "cum_prod_eb [EB]" in r.output
    r = run("show", "capex_test", "--format", "csv")
    assert r.output.splitlines()[0] == "year,n_firms,actual_usd_bn,nash_usd_bn,coop_usd_bn,actual_over_coop"
    r = run("show", "openrouter_shares", "-f", "json", "--provenance")
    out = json.loads(r.output)
    assert out["provenance"]["table"] == "Table 10"
    assert out["rows"][0]["source"] == "text, not in table" and out["rows"][0]["ds_dt"] is None
    assert "share" in out["columns"] and out["notes"]


def test_show_errors_are_one_line_exit_2():
    r = run("show", "nope")
    assert r.exit_code == 2 and "unknown dataset 'nope'" in r.output
    r = run("show", "capex_test", "--version", "000")
    assert r.exit_code == 2 and "allowed: 001" in r.output
    r = run("show", "dram", "--format", "xml")
    assert r.exit_code == 2 and "--format" in r.output


def test_validate_directory(tmp_path):
    r = run("validate", str(tmp_path))
    assert r.exit_code == 1
    assert "missing" in r.output and "20 files missing or invalid" in r.output
    r = run("validate", str(tmp_path / "absent"))
    assert r.exit_code == 2 and "does not exist" in r.output


def test_validate_reference_data(author_data):
    r = run("validate", str(author_data))
    assert r.exit_code == 0, r.output
    assert "all 20 author files present and valid" in r.output
    r = run("validate", str(author_data), "--json")
    # stdout is the JSON alone (DatasetTable.to_dict()); the verdict line goes to stderr
    assert all(x["status"] == "ok" for x in json.loads(r.stdout)["rows"])


def test_fetch_author_offline_uses_fake_fetch(tmp_path, monkeypatch):
    import urllib.error

    def offline(url, timeout=30.0):
        raise urllib.error.URLError("no network in tests")

    monkeypatch.setattr(datasets_author, "_http_fetch", offline)
    r = run("fetch-author", "--dir", str(tmp_path / "c"))
    assert r.exit_code == 2 and "could not download" in r.output

    monkeypatch.setattr(datasets_author, "_http_fetch", lambda url, timeout=30.0: b"a,b\n1,2\n")
    r = run("fetch-author", "--dir", str(tmp_path / "c"))
    assert r.exit_code == 0, r.output
    assert "ENDODEC_AUTHOR_DATA" in r.output
    assert (tmp_path / "c" / "dram_learning_curve.csv").read_bytes() == b"a,b\n1,2\n"


@pytest.mark.parametrize("name", ["dram", "hyperscaler_capex", "consumer_devices"])
def test_show_every_version(name):
    for v in datasets.describe(name)["version"], "000":
        r = run("show", name, "--version", v)
        assert r.exit_code == 0, r.output


def test_author_command(author_data, monkeypatch):
    r = run("author", "hbm_pricing", "--dir", str(author_data))
    assert r.exit_code == 0, r.output
    assert "2279b0b" in r.output and "HBM3E+" in r.output
    r = run("author", "capex_overinvestment_results", "--author-data", str(author_data), "-n", "3")
    assert r.exit_code == 0 and "CAPEX OVERINVESTMENT TEST" in r.output
    monkeypatch.delenv("ENDODEC_AUTHOR_DATA", raising=False)
    r = run("author", "hbm_pricing")
    assert r.exit_code == 2 and "no author data directory" in r.output
