"""Export-control analyses (seed 001 §5.1) run end to end and feed every claim of
export_controls.csv; with the author's data the DID table reproduces and the known departures
stay flagged."""

from __future__ import annotations

import pytest

import endodec.analyses.export_controls  # noqa: F401  (registers)
from endodec.analyses import REGISTRY, Context
from endodec.claims import evaluate, load_claims

IDS = [k for k, a in REGISTRY.items() if a.func.__module__ == "endodec.analyses.export_controls"]


def _claims():
    cl = load_claims()
    return cl[cl["source_file"] == "export_controls.csv"]


def test_without_author_data(tmp_path):
    ctx = Context(out=tmp_path, author_data=None, fast=True)
    ids = [k for k in IDS if not REGISTRY[k].needs_author_data]
    vals = {k: REGISTRY[k].run(ctx) for k in ids}
    led = evaluate(_claims(), vals, skipped_author={k for k in IDS if REGISTRY[k].needs_author_data},
                   subset=True)
    assert (led.status != "error").all(), led.loc[led.status == "error", ["id", "explanation"]]
    st = dict(zip(led.id, led.status, strict=True))
    assert st["x001-5.1.2-npred"] == "reproduced"
    assert st["x001-5.1.3-size-c"] == "needs author data"
    assert st["x001-5.1.5-twfe-d"] == "needs author data"
    assert st["x001-5.1.3-deriv-c"] == "underdetermined"
    assert {a.name for a in ctx.artifacts} == {"tab001_table5"}


def test_with_author_data(tmp_path, author_data):
    ctx = Context(out=tmp_path, author_data=author_data, fast=True)
    vals = {k: REGISTRY[k].run(ctx) for k in IDS}
    led = evaluate(_claims(), vals, subset=True)
    assert (led.status != "error").all(), led.loc[led.status == "error", ["id", "explanation"]]
    st = dict(zip(led.id, led.status, strict=True))
    for key in ("base-d", "base-se", "base-p", "ffe-d", "ffe-se", "twfe-d", "twfe-r2", "lpm-pp",
                "lpm-p", "dl-beta", "dl-p", "nmodels", "nobs", "matchpanel", "matchmodels",
                "ncontrol", "allpos"):
        assert st[f"x001-5.1.5-{key}"] == "reproduced", key
    for cid in ("x001-5.1.5-period", "x001-5.1.5-ntreat", "x001-5.1.3-size-c",
                "x001-5.1.3-size-u", "x001-5.1.2-skew", "x001-6.3-allresolve"):
        assert st[cid] == "not reproduced", cid
    assert st["x001-5.1.3-moe"] == "reproduced"
    for cid in ("x001-5.1.2-eco", "x001-5.1.3-qwen700", "x001-5.3.2-qwen700", "x001-5.1.2-cap"):
        assert st[cid] == "underdetermined", cid
    names = {a.name for a in ctx.artifacts}
    assert {"fig001_event_study", "fig001_did_by_group", "tab001_did", "tab001_did_robustness",
            "tab001_event_study", "tab001_table5"} <= names
    assert (tmp_path / "figures" / "fig001_event_study.png").exists()
    assert vals["s5.1-alternatives"]["lpm_p_clustered"].value > 0.1
    assert vals["s5.1-robustness"]["paper_groups_identified"].value is False


@pytest.mark.parametrize("aid", IDS)
def test_ids_are_version_001(aid):
    assert REGISTRY[aid].version == "001" and aid.startswith("s5.1")


def test_size_claims_refuse_the_7b_reading(tmp_path, author_data):
    """§5.1.5's ≤7B edge share is declared (licensed by §5.1.5) but contradicts the ≤3B sample
    the size claims state: it is tried and refused, never used (seed 001 §5.1.3)."""
    ctx = Context(out=tmp_path, author_data=author_data, fast=True)
    vals = {"s5.1-size": REGISTRY["s5.1-size"].run(ctx)}
    cl = _claims()
    led = evaluate(cl[cl.analysis == "s5.1-size"], vals, subset=True)
    assert set(led.id) == {"x001-5.1.3-size-c", "x001-5.1.3-size-u", "x001-5.1.2-skew"}
    assert led.readings.str.contains("inadmissible").all()
    assert (led.status == "not reproduced").all()
    assert (led.reading == "").all()
    v = vals["s5.1-size"]["small_share_constrained_pct"]
    assert v.conditions == {"sample": "<=3B"} and v.value < v.readings["<=7B edge share"]


def test_notes_state_computed_facts(tmp_path, author_data):
    """The facts the issue found typed wrong are computed: every constrained pre-treatment
    model comes from the two extra authors; the pre-period authors are listed from the data."""
    ctx = Context(out=tmp_path, author_data=author_data, fast=True)
    p = REGISTRY["s5.1-panel"].run(ctx)["n_constrained_authors"]
    assert p.facts["n_pre_models_of_extra_authors"] == p.facts["n_constrained_pre_models"]
    assert "all " in p.note
    es = REGISTRY["s5.1-event-study"].run(ctx)["n_sig_pre"]
    assert es.facts["n_authors"] == len(es.facts["authors"].split(", "))
    assert es.facts["authors"] in es.note
