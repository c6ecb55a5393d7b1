"""The game analyses: every claim key is returned, the random checks cover the whole domain,
and the baseline claims state the conditions they were computed under."""

import numpy as np
import pandas as pd
import pytest

from endodec.analyses.base import REGISTRY, Context

IDS = ["s3-baseline", "s3.7-calendar", "s3.5-training-persistence", "s3.4-verification",
       "s3.5-figures", "s3.5-proposition1", "s3.6-statics", "appA-two-period"]


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    import endodec.analyses.game  # noqa: F401  (registers)

    ctx = Context(out=tmp_path_factory.mktemp("game"), fast=True)
    return ctx, {aid: REGISTRY[aid].run(ctx) for aid in IDS}


def test_claim_keys_are_returned(results):
    from importlib import resources

    _, vals = results
    with (resources.files("endodec.claims") / "data" / "game.csv").open() as f:
        claims = pd.read_csv(f, dtype=str, keep_default_na=False)
    for _, row in claims.iterrows():
        assert row["key"] in vals[row["analysis"]], row["id"]


def test_baseline_conditions_are_read_off_the_parameters(results):
    from endodec.analyses.config import RunConfig
    from endodec.analyses.game import baseline_conditions

    BASE = RunConfig().game_params("000")
    from endodec.model.params import baseline

    _, vals = results
    cond = vals["s3-baseline"]["V_N"].conditions
    b = baseline("000")
    assert cond == {"baseline": f"N={b['N']}, S_T={b['S_T']:g}"} == baseline_conditions(BASE)
    assert baseline_conditions(BASE.replace(N=7))["baseline"].startswith("N=7")


def test_random_draws_cover_the_whole_domain():
    from endodec.analyses.game import _draw_domain

    d = _draw_domain(np.random.default_rng(1), 4000)
    smax = (d["a"] / d["b"]) * (d["a"] / d["r"]) / (d["N"] + 1.0) ** 2
    assert (d["S"] < smax).all() and (d["f"] == 0).any()
    assert (1 - d["f"]).min() < 1e-10  # up to the boundary where the Nash solution ends
    assert d["N"].min() == 2 and d["N"].max() > 1e5


def test_proposition1_findings(results):
    _, vals = results
    p = vals["s3.5-proposition1"]
    assert p["prop1_holds"].value is True and p["step1_holds"].value is True
    assert p["step2_holds"].value is False  # fails in the tail, at the baseline and broadly
    f = p["step2_holds"].facts
    assert f["step2_fails"] > f["evaluable"] / 2 and f["step2_crossover_baseline"] > f["x0"]


def test_the_ratio_is_not_rescued(results):
    _, vals = results
    r = vals["s3-baseline"]["ratio"]
    assert r.readings == {} and r.facts["ratio_min"] > 4  # above 3-4 at every baseline state


def test_years_are_not_computed(results):
    _, vals = results
    c = vals["s3.7-calendar"]
    assert c["T_nash_years"].value is None and c["T_coop_years"].value is None
    assert not c["T_nash_years"].readings
