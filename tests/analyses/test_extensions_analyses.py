"""The extensions analyses run, return every key the claims use, and save their artifacts;
the CLI commands work on a Typer app built here (add_commands)."""

import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from endodec.analyses.base import REGISTRY, Context

IDS = ["s3.6-asymmetric", "s3.6-capacity", "s3.7-prop2-cannibalization", "s5.5-remark4",
       "s8-corollary5"]


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    import endodec.analyses.extensions  # noqa: F401  (registers)

    out = tmp_path_factory.mktemp("ext")
    ctx = Context(out=out, fast=True)
    vals = {aid: REGISTRY[aid].run(ctx) for aid in IDS}
    return ctx, vals


def test_claim_keys_are_returned(results):
    from importlib import resources

    _, vals = results
    with (resources.files("endodec.claims") / "data" / "extensions.csv").open() as f:
        claims = pd.read_csv(f, dtype=str, keep_default_na=False)
    assert claims["id"].str.match(r"^e00[01]-").all()
    for _, row in claims.iterrows():
        assert row["analysis"] in vals, row["id"]
        assert row["key"] in vals[row["analysis"]], row["id"]
        v = vals[row["analysis"]][row["key"]]
        assert v.value is not None or v.status, row["id"]


def test_headline_findings(results):
    _, vals = results
    a = vals["s3.6-asymmetric"]
    assert a["cor2_Q_increasing_in_eps"].value is True
    assert a["cor3_Q_increasing_in_Sj"].value is True
    assert a["symmetric_max_error"].value < 1e-8
    c = vals["s3.6-capacity"]
    assert c["delay_bounded_by_Delta"].value is True
    assert c["perturbations_preserve_or_compress_T"].value is False
    lo, hi = c["delay_years_calibrated"].value
    assert 0 < lo < hi < 5  # below Delta_K = 3-5 years
    p2 = vals["s3.7-prop2-cannibalization"]
    assert p2["eq8_unreachable_below_Kmin"].status == "inconsistent"
    assert p2["channels_sum_to_dxdt"].value is True
    assert vals["s8-corollary5"]["eq22_met_at_paper_rates"].value is False
    assert vals["s5.5-remark4"]["predicted_range"].value == (9.0, 32.0)


def test_artifacts_saved(results):
    ctx, _ = results
    names = {a.name for a in ctx.artifacts}
    for n in ("fig001_asymmetric_outputs", "fig000_capacity_delay",
              "fig001_supply_denial_channels", "fig001_corollary5_eq22"):
        assert n in names
    for a in ctx.artifacts:
        for f in a.files:
            assert (ctx.out / f).exists()


@pytest.fixture()
def app():
    """The ``endodec game`` group (asymmetric, capacity, cannibalization live there)."""
    from endodec.cli import app as root

    def invoke(args, **kw):
        return CliRunner().invoke(root, ["game", *args], **kw)

    return invoke


def test_cli_asymmetric(app):
    r = app(["asymmetric", "--epsilon", "0.5", "--n", "101", "--json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.output)
    assert d["Q_x0"] > d["Q_sym_x0"] and d["T_star"] < d["T_sym"]
    r = app(["asymmetric", "--S-j", "30", "--n", "101"])
    assert r.exit_code == 0 and "S_j=30" in r.output
    r = app(["asymmetric", "--epsilon", "1000", "--n", "51"])
    assert r.exit_code == 2 and "no interior" in r.output


def test_cli_capacity(app):
    r = app(["capacity", "--kappa-share", "0.5", "--Delta", "0.3", "--json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.output)
    assert 0 < d["delay"] <= 0.3 and d["within_bound"]
    r = app(["capacity", "--Delta", "0.3"])
    assert r.exit_code == 2


def test_cli_cannibalization(app):
    r = app(["cannibalization", "--episode", "3", "--M", "0.255", "--p",
                                 "0.1", "--V-ASI", "100", "--json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.output)
    assert d["Delta_IC"] > 0 and d["M_eff_over_M"] > 10
    r = app(["cannibalization"])
    assert r.exit_code == 0 and "never" in r.output
