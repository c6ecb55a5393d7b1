"""Regression tests of the measured CLI failures (parts 4 and 9 of the reliability issue).

Each case is one command line that used to print garbage with exit status 0, end in a
traceback, or fail with a message that did not say what to change. Now it must either exit
non-zero with a one-line message that names the CLI option (or the file, row and column) and the
allowed range, or exit 0 with finite output. Runs in-process with Typer's ``CliRunner``.
"""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from endodec.cli import app

runner = CliRunner()
SILICON = ["empirics", "silicon", "calc"]  # command paths
EC = ["empirics", "export-controls"]
_NAN = re.compile(r"(?<![A-Za-z_])(nan|-?inf)(?![A-Za-z_])", re.IGNORECASE)


def _flat(text: str) -> str:
    """Output on one line: rich's boxes and line wrapping removed."""
    return " ".join(text.replace("│", " ").replace("╭", " ").replace("╰", " ").split())


def invoke(args, **kw):
    res = runner.invoke(app, [str(a) for a in args], catch_exceptions=True, **kw)
    out = res.output or ""
    exc = res.exception
    assert exc is None or isinstance(exc, SystemExit), f"{args}: {type(exc).__name__}: {exc}"
    assert "Traceback" not in out and "internal error" not in out, out
    return res.exit_code, _flat(out)


def assert_rejected(args, *must, **kw):
    code, out = invoke(args, **kw)
    assert code != 0, f"{args}: exit 0 with {out[-300:]}"
    for m in must:
        assert m in out, f"{args}: {m!r} not in {out[-400:]!r}"
    return out


def assert_finite_ok(args, **kw):
    code, out = invoke(args, **kw)
    assert code == 0, f"{args}: exit {code}: {out[-400:]}"
    assert not _NAN.search(out), f"{args}: non-finite output {out[-400:]}"
    return out


# ------------------------------------------------------------------------------- forecast
@pytest.mark.parametrize("opt,value", [
    ("--base-year", "nan"), ("--base-year", "inf"), ("--base-year", "-inf"),
    ("--alpha", "nan"), ("--alpha", "inf"), ("--alpha", "-1"), ("--alpha", "0"),
    ("--alpha-se", "nan"), ("--noise-sigma", "nan"), ("--noise-sigma", "inf"),
    ("--noise-sigma", "-1"), ("--rho", "nan"), ("--rho", "1"), ("--c-now", "inf"),
    ("--prob-by", "nan"), ("--prob-by", "inf"), ("--seed", "-1"), ("--n-draws", "0"),
    ("--horizon", "0"), ("--c-target", "nan"), ("--growth", "inf"), ("--N", "1"),
    ("--delta", "nan:1"), ("--s-t-frac", "-1"),
])
def test_forecast_rejects_nonfinite_and_out_of_range(opt, value):
    assert_rejected(["forecast", "--n-draws", "50", opt, value], opt)


def test_forecast_huge_sizes_are_size_errors():
    out = assert_rejected(["forecast", "--n-draws", "100000000"], "--n-draws", "ENDODEC_MAX_BYTES")
    assert "GiB" in out
    assert_rejected(["forecast", "--n-draws", "10", "--horizon", "1000000000"], "--horizon")


def test_forecast_fan_chart_bad_name():
    assert_rejected(["forecast", "--n-draws", "20", "--fan-chart", "chart.txt"], "--fan-chart")


def test_forecast_valid_is_finite():
    out = assert_finite_ok(["forecast", "--n-draws", "200", "--noise-sigma", "0.05",
                            "--prob-by", "2030"])
    assert "P(crossing by 2030)" in out


# -------------------------------------------------------------------------------- silicon
@pytest.mark.parametrize("value", ["2", "-1", "0", "nan", "inf", "1.0000001"])
def test_silicon_efficiency_range(value):
    out = assert_rejected([*SILICON, "--bandwidth", "546", "--efficiency", value],
                          "--efficiency", "(0, 1]")
    assert value in out or str(float(value)) in out


@pytest.mark.parametrize("opt", ["--bandwidth", "--memory", "--price", "--params", "--bits",
                                 "--active", "--size", "--min-params", "--min-tok-s",
                                 "--max-price"])
@pytest.mark.parametrize("value", ["nan", "inf", "-1", "0"])
def test_silicon_positive_options(opt, value):
    base = [] if opt == "--bandwidth" else ["--bandwidth", "546"]
    assert_rejected([*SILICON, *base, opt, value], opt, "> 0")


def test_silicon_overflow_is_numerical_error_and_valid_is_finite():
    assert_rejected([*SILICON, "--bandwidth", "1e308", "--size", "1e-300"], "tok/s")
    out = assert_finite_ok([*SILICON, "--bandwidth", "546", "--memory", "128", "--price",
                            "3949", "--efficiency", "0.8"])
    assert "tok/s" in out
    code, out = invoke([*SILICON, "--bandwidth", "546", "--efficiency", "1", "--json"])
    assert code == 0 and json.loads(out)["tok_s"] > 0


# ------------------------------------------------------------------------------- adoption
@pytest.mark.parametrize("opt", ["--gamma", "--kappa", "--mu", "--lam", "--beta0", "--c-star",
                                 "--alpha", "--Q-bar", "--Q0", "--p", "--k"])
@pytest.mark.parametrize("value", ["nan", "inf", "-1"])
def test_adoption_threshold_rejects(opt, value):
    assert_rejected(["adoption", "threshold", opt, value], opt)


def test_adoption_friction_sum_zero():
    assert_rejected(["adoption", "threshold", "--kappa", "0", "--mu", "0"], "--kappa + --mu")


@pytest.mark.parametrize("args,opt", [
    (["--r0-central", "-1"], "--r0-central"), (["--r0-central", "nan"], "--r0-central"),
    (["--ratio", "0"], "--ratio"), (["--ratio", "nan"], "--ratio"), (["--mu", "-0.1"], "--mu"),
    (["--beta-gamma", "nan"], "--beta-gamma"), (["--kappa-central", "-1"], "--kappa-central"),
    (["--kappa-central", "0", "--mu", "0"], "--kappa-central"),
])
def test_adoption_distributed_r0_rejects(args, opt):
    assert_rejected(["adoption", "distributed-r0", *args], opt)


def test_adoption_distributed_r0_valid():
    assert_finite_ok(["adoption", "distributed-r0", "--ratio", "2", "--ratio", "5"])


@pytest.mark.parametrize("args,opt", [
    (["--delta", "nan"], "--delta"), (["--delta", "-1"], "--delta"), (["--dt", "inf"], "--dt"),
    (["--beta-gamma", "-1"], "--beta-gamma"), (["--mu", "nan"], "--mu"),
    (["--timing", "zz"], "--timing"),
])
def test_adoption_implied_r0_rejects(args, opt):
    assert_rejected(["adoption", "implied-r0", *args], opt)


def test_adoption_implied_r0_files(tmp_path):
    d = tmp_path / "a_dir"
    d.mkdir()
    assert_rejected(["adoption", "implied-r0", "--shares", d], "directory", "--shares")
    f = tmp_path / "s.csv"
    f.write_text("share\n0.1\nnan\n0.3\n")
    assert_rejected(["adoption", "implied-r0", "--shares", f], "s.csv", "row 2", "'share'")
    f.write_text("share\n0.1\n-0.2\n0.3\n")
    assert_rejected(["adoption", "implied-r0", "--shares", f], "--shares", "(0, 1)")
    f.write_text("foo\n1\n")
    assert_rejected(["adoption", "implied-r0", "--shares", f], "s.csv", "'share'")
    assert_finite_ok(["adoption", "implied-r0"])


@pytest.mark.parametrize("args,opt", [
    (["--n", "1"], "--n"), (["--n", "0"], "--n"), (["--t-max", "nan"], "--t-max"),
    (["--t-max", "-1"], "--t-max"), (["--s0", "0"], "--s0"), (["--s0", "nan"], "--s0"),
    (["--post-rate", "nan"], "--post-rate"), (["--post-rate", "abc"], "--post-rate"),
    (["--post-rate", "inf"], "--post-rate"), (["--gamma", "-1"], "--gamma"),
    (["--N", "1"], "--N"),
])
def test_adoption_path_rejects(args, opt):
    assert_rejected(["adoption", "path", *args], opt)


def test_adoption_path_size_guard():
    assert_rejected(["adoption", "path", "--n", "100000000"], "--n", "ENDODEC_MAX_BYTES")


def test_adoption_path_valid():
    assert_finite_ok(["adoption", "path", "--n", "5"])


@pytest.mark.parametrize("args,opt", [
    (["--kappa0", "0"], "--kappa0"), (["--kappa0", "nan"], "--kappa0"),
    (["--rate", "inf"], "--rate"), (["--eta", "-1"], "--eta"), (["--phi", "nan"], "--phi"),
    (["--eps", "0"], "--eps"), (["--kappa1", "0.5"], "--kappa1"),
    (["--E-threshold", "nan"], "--E-threshold"), (["--schedule", "zz"], "--schedule"),
])
def test_adoption_coordination_rejects(args, opt):
    assert_rejected(["adoption", "coordination", *args], opt)


@pytest.mark.parametrize("args,opt", [
    (["--n", "1"], "--n"), (["--n", "0"], "--n"), (["--epsilon", "nan"], "--epsilon"),
    (["--epsilon", "-100"], "--epsilon"), (["--S-j", "-1"], "--S-j"), (["--N", "1"], "--N"),
    (["--a", "nan"], "--a"),
])
def test_game_asymmetric_rejects(args, opt):
    assert_rejected(["game", "asymmetric", *args], opt)


def test_game_asymmetric_valid_has_positive_crossing_time():
    code, out = invoke(["game", "asymmetric", "--n", "51", "--json"])
    assert code == 0
    assert json.loads(out)["T_star"] > 0


@pytest.mark.parametrize("args,opt", [
    (["--kappa-share", "nan"], "--kappa-share"), (["--kappa-share", "-1"], "--kappa-share"),
    (["--kappa0", "inf"], "--kappa0"), (["--kappa0", "1", "--Delta", "nan"], "--Delta"),
    (["--kappa0", "1", "--regime", "zz"], "--regime"),
])
def test_game_capacity_rejects(args, opt):
    assert_rejected(["game", "capacity", *args], opt)


@pytest.mark.parametrize("args,opt", [
    (["--theta", "0"], "--theta"), (["--theta", "nan"], "--theta"),
    (["--K-min", "-1"], "--K-min"), (["--K0", "inf"], "--K0"), (["--g-K", "nan"], "--g-K"),
    (["--t-max", "inf"], "--t-max"), (["--t-max", "nan"], "--t-max"),
    (["--t-max", "1e7"], "ENDODEC_MAX_BYTES"), (["--p", "2", "--M", "1", "--V-ASI", "1"], "--p"),
    (["--episode", "-1"], "--episode"), (["--g-K", "1000"], "--g-K"),
])
def test_game_cannibalization_rejects(args, opt):
    assert_rejected(["game", "cannibalization", *args], opt)


def test_game_cannibalization_valid():
    assert_finite_ok(["game", "cannibalization", "--t-max", "50"])


# -------------------------------------------------------------------------------- learning
def test_learning_fit_negative_price_names_file_row_column(tmp_path):
    f = tmp_path / "series.csv"
    f.write_text("year,price,cum\n2000,10,1\n2001,-8,2\n2002,6,4\n2003,5,8\n")
    assert_rejected(["learning", "fit", f], "series.csv", "row 2", "'price'", "> 0")


@pytest.mark.parametrize("content,must", [
    (b"", "empty"), ("year,price,cumulative\n1990,caf\xe9,1\n".encode("latin-1"), "UTF-8"),
    (b"foo,bar\n1,2\n", "price"), (b"year,price,cum\n2000,1,1\n2001,,2\n", "row 2"),
    (b"year,price,cum\n2000,abc,1\n2001,2,2\n", "row 1"), (b"year,price,cum\n1,inf,1\n", "inf"),
    (b"year,ln_price,ln_cum\n1,nan,1\n2,1,2\n3,0,3\n", "ln_price"),
])
def test_learning_fit_bad_files(tmp_path, content, must):
    f = tmp_path / "s.csv"
    f.write_bytes(content)
    assert_rejected(["learning", "fit", f], must)


def test_learning_fit_missing_and_directory(tmp_path):
    assert_rejected(["learning", "fit", tmp_path / "nope.csv"], "does not exist")
    d = tmp_path / "d.csv"
    d.mkdir()
    assert_rejected(["learning", "fit", d], "directory")


def test_learning_fit_constant_price_is_an_error(tmp_path):
    f = tmp_path / "c.csv"
    f.write_text("year,price,cum\n2000,5,1\n2001,5,2\n2002,5,4\n")
    assert_rejected(["learning", "fit", f], "constant")


@pytest.mark.parametrize("args,opt", [
    (["--bootstrap", "5"], "--bootstrap"), (["--bootstrap", "-1"], "--bootstrap"),
    (["--bootstrap", "100000000000"], "ENDODEC_MAX_BYTES"), (["--trim", "nan"], "--trim"),
    (["--trim", "2.5", "--breaks", "1"], "--trim"), (["--seed", "-1"], "--seed"),
    (["--breaks", "-2"], "--breaks"),
])
def test_learning_fit_option_ranges(args, opt):
    assert_rejected(["learning", "fit", "dram", *args], opt)


def test_learning_fit_valid_csv_and_bootstrap(tmp_path):
    f = tmp_path / "ok.csv"
    f.write_text("year,price,cum\n2000,10,1\n2001,8,2\n2002,6.5,4\n2003,5,8\n2004,4.1,16\n")
    assert_finite_ok(["learning", "fit", f, "--bootstrap", "200"])


@pytest.mark.parametrize("args,opt", [
    (["threshold", "--alpha", "nan"], "--alpha"), (["threshold", "--target", "inf"], "--target"),
    (["threshold", "--c-now", "-1"], "--c-now"), (["threshold", "--alpha", "1e-300"], "Q_bar"),
    (["table2", "--cost-ratio", "1"], "--cost-ratio"), (["table2", "--growth", "nan"], "--growth"),
    (["meta", "--exclude", "nan"], "--exclude"),
])
def test_learning_other_commands(args, opt):
    assert_rejected(["learning", *args], opt)


# ----------------------------------------------------------------------------- predictions
@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "1e999"])
def test_predictions_nonfinite_observation(tmp_path, value):
    f = tmp_path / "obs.csv"
    f.write_text(f"metric,date,value,source,note\ndram_hbm_alpha,2025-01-01,{value},x,\n")
    assert_rejected(["predictions", "--observations", f], "obs.csv", "row 1", "'value'")


@pytest.mark.parametrize("kind", ["missing", "dir", "empty", "latin1", "wrongcols", "baddate"])
def test_predictions_bad_files(tmp_path, kind):
    f = tmp_path / "obs.csv"
    if kind == "missing":
        f = tmp_path / "no" / "obs.csv"
    elif kind == "dir":
        f = tmp_path
    elif kind == "empty":
        f.write_bytes(b"")
    elif kind == "latin1":
        f.write_bytes("metric,date,value\ndram_hbm_alpha,2025,caf\xe9\n".encode("latin-1"))
    elif kind == "wrongcols":
        f.write_text("foo,bar\n1,2\n")
    else:
        f.write_text("metric,date,value\ndram_hbm_alpha,nan,1\n")
    assert_rejected(["predictions", "--observations", f], "obs")


@pytest.mark.parametrize("value", ["2024-13-40", "abc", "nan", ""])
def test_predictions_as_of(value):
    assert_rejected(["predictions", "--as-of", value], "--as-of")


def test_predictions_valid(tmp_path):
    f = tmp_path / "obs.csv"
    f.write_text("metric,date,value,source,note\ndram_hbm_alpha,2025-01-01,0.2,x,\n")
    code, out = invoke(["predictions", "--observations", f])
    assert code == 0 and "1" in out


# ------------------------------------------------------------------------ empirics, data
def test_capex_printed_names_the_cli_option():
    out = assert_rejected(["empirics", "capex", "--printed"], "--c-total", "--mapping")
    assert "CapexMapping" not in out


def test_capex_printed_with_alternatives_is_finite():
    assert_finite_ok(["empirics", "capex", "--printed", "--mapping", "observed"])
    assert_finite_ok(["empirics", "capex", "--printed", "--c-total", "1000"])


@pytest.mark.parametrize("args,opt", [
    (["--threshold", "nan"], "--threshold"), (["--c-total", "-1"], "--c-total"),
    (["--c-total", "inf"], "--c-total"), (["--appendix-b", "nan-1"], "--appendix-b"),
    (["--appendix-b", "4-3"], "--appendix-b"), (["--appendix-b", "abc"], "--appendix-b"),
    (["--mapping", "zz"], "--mapping"),
])
def test_capex_options(args, opt):
    assert_rejected(["empirics", "capex", "--printed", "--c-total", "1000", *args], opt)


def test_data_commands_bad_inputs(tmp_path):
    assert_rejected(["data", "show", "no-such-table"], "no-such-table")
    assert_rejected(["data", "show", "dram", "--version", "002"], "002")
    assert_rejected(["data", "author", "dram_learning_curve", "--dir", tmp_path / "nope"],
                    "nope")
    assert_rejected(["data", "author", "dram_learning_curve", "--dir", tmp_path, "--rows", "-1"],
                    "--rows")
    f = tmp_path / "file.txt"
    f.write_text("x")
    assert_rejected(["data", "validate", f], "file.txt")


# --------------------------------------------------------------------------- export controls
@pytest.fixture()
def dump(hub_dump):
    return hub_dump


@pytest.mark.parametrize("args,must", [
    (["--treatment-date", "1900-01-01"], "not identified"),
    (["--treatment-date", "2099-01-01"], "not identified"),
    (["--edge-threshold", "1e300"], "constant"),
    (["--exclude-author", "Qwen", "--exclude-author", "uer"], "not identified"),
    (["--treatment-date", ""], "--treatment-date"), (["--treatment-date", "abc"], "--treatment-date"),
    (["--edge-threshold", "nan"], "--edge-threshold"), (["--edge-threshold", "0"], "--edge-threshold"),
    (["--wild", "5"], "--wild"), (["--wild", "-1"], "--wild"), (["--cov", "zz"], "--cov"),
    (["--outcome", "zz"], "--outcome"), (["--engine", "zz"], "--engine"),
])
def test_did_degenerate_and_bad_options(dump, args, must):
    assert_rejected([*EC, "did", "--dump", dump, *args], must)


@pytest.mark.parametrize("args,must", [
    (["--edge-threshold", "1e300"], "constant"),
    (["--exclude-author", "Qwen", "--exclude-author", "uer"], "not identified"),
    (["--ref", "zz"], "--ref"), (["--outcome", "zz"], "--outcome"),
])
def test_event_study_degenerate(dump, args, must):
    assert_rejected([*EC, "event-study", "--dump", dump, *args], must)


def test_did_all_reports_unidentified_alternatives(dump):
    # the dump has no MoE model: the MoE-share DID is "not estimable", not 0 with p = NaN
    out = assert_finite_ok([*EC, "did", "--dump", dump, "--all"])
    assert "MoE share" in out and "not estimable" in out
    code, out = invoke([*EC, "did", "--dump", dump, "--all", "--json"])
    assert code == 0
    rows = json.loads(out)["results"]
    moe = [r for r in rows if r["specification"] == "MoE share"][0]
    assert moe["note"] and moe["estimate"] is None


@pytest.mark.parametrize("kind", ["missing", "dir", "empty", "latin1", "notjson", "wrongshape"])
def test_dump_files(tmp_path, kind):
    f = tmp_path / "d.json"
    if kind == "missing":
        f = tmp_path / "no" / "d.json"
    elif kind == "dir":
        f = tmp_path
    elif kind == "empty":
        f.write_bytes(b"")
    elif kind == "latin1":
        f.write_bytes('{"a": "caf\xe9"}'.encode("latin-1"))
    elif kind == "notjson":
        f.write_text("metric,date\n1,2\n")
    else:
        f.write_text('{"a": 3}')
    assert_rejected([*EC, "did", "--dump", f], "dump")
