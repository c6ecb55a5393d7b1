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
        # a value or a determined status, unless the claim needs an input the paper lacks
        assert v.value is not None or v.status or row["needs"], row["id"]


def test_headline_findings(results):
    _, vals = results
    a = vals["s3.6-asymmetric"]
    assert a["cor2_Q_increasing_in_eps"].value is True
    assert a["cor3_Q_increasing_in_Sj"].value is True
    assert a["symmetric_max_error"].value < 1e-8
    c = vals["s3.6-capacity"]
    assert c["delay_bounded_by_Delta"].value is True
    assert c["perturbations_preserve_or_compress_T"].value is False
    # the two printed estimates of Corollary 4 (1-2 and 2-3 years) contradict each other, and
    # the model gives the delay only in units of T*
    for k in ("cor4_delay_years_12", "cor4_delay_years_23"):
        assert c[k].status == "inconsistent" and c[k].value is None
        assert all(0 < v < 1 for k2, v in c[k].facts.items() if k2.startswith("delay_over_T"))
    assert c["alpha_unaffected"].facts["alpha_gap"] < 1e-10
    p2 = vals["s3.7-prop2-cannibalization"]
    assert p2["eq8_unreachable_below_Kmin"].status == "inconsistent"
    assert p2["channels_sum_to_dxdt"].value is True
    assert p2["channels_sum_to_dxdt"].facts["max_relative_error"] < 1e-3
    assert p2["two_dim_crossing_later"].value is True
    assert p2["spring_effect"].facts["Q_ratio_crossing_to_parity"] > 1
    assert vals["s8-corollary5"]["eq22_met_at_paper_rates"].value is False
    assert vals["s5.5-remark4"]["predicted_range"].value == (9.0, 32.0)
    assert vals["s5.5-remark4"]["ratio_multiplier"].status == "inconsistent"
    assert vals["s8-corollary5"]["gap_closes_2029_2030"].status == "inconsistent"


def test_no_undeclared_readings(results):
    """The extensions offer no readings: alternative points are facts, never rescues."""
    _, vals = results
    assert all(not v.readings for a in vals.values() for v in a.values())


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
