"""Capex analyses (seed 000 §4.3/§3.7/App. B, seed 001 §5.2.3/§5.5.1/App. B): the checks behind
capex.csv decide from the tables, state their conditions, and can fail."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import endodec.analyses.capex as K
from endodec.analyses import REGISTRY, Context
from endodec.claims import evaluate, load_claims, load_readings

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"


def _run(aid, tmp_path, author_data=None):
    return REGISTRY[aid].run(Context(out=tmp_path, author_data=author_data, fast=True))


def _claims(aid=None):
    cl = load_claims()
    cl = cl[cl.source_file == "capex.csv"]
    return cl if aid is None else cl[cl.analysis == aid]


@pytest.mark.skipif(not SEEDS.is_dir(), reason="paper text (../shared/seeds) absent")
def test_reading_licences_are_verbatim_sentences_of_their_version():
    for r in load_readings():
        if r.source_file != "emp.csv":
            continue
        text = next(SEEDS.glob(f"{r.licence_version}_*.txt")).read_text(encoding="utf-8")
        assert r.licence in text, r.reading


def test_appendix_b_cells_against_the_tables_own_rows(tmp_path):
    v = _run("k-appb", tmp_path)
    for ver in ("000", "001"):
        # 2025 follows from actual / (3-4x); 2024 does not: the table contradicts itself
        assert v[f"coop_{ver}_2025"].status is None and v[f"excess_{ver}_2025"].status is None
        for k in (f"coop_{ver}_2024", f"excess_{ver}_2024"):
            assert v[k].status == "inconsistent" and "contradict" in v[k].note
        assert v[f"coop_{ver}_2024"].facts["ratio_implied_by_coop"] == "3.07-3.54"
    led = evaluate(_claims("k-appb"), {"k-appb": v}, subset=True)
    assert set(led.status) == {"reproduced", "inconsistent", "not reproduced"}
    m = v["monopolist_000_2025"]
    assert m.conditions == {"baseline": "N=5"} and m.value < m.facts["coop_at_printed_ratio_lo"]


def test_capex_tables_totals_against_rows(tmp_path):
    v = _run("k-capex-tables", tmp_path)
    assert v["t4_total_2018"].value == pytest.approx(64.0)
    assert v["t4_total_2024"].facts["gap"] == pytest.approx(17.8)
    assert v["t9_total_2024"].value == pytest.approx(256.0)  # printed subtotal + other
    assert v["t9_subtotal_2024"].value == pytest.approx(214.2)  # the firm rows
    assert v["actual_2024_t13"].status is None  # ~230 against Table 9's Subtotal 232
    assert v["actual_2025_t13"].status == "inconsistent"
    assert v["cum_2018_2025"].status == "needs author data"
    assert not v["t4_total_2024"].readings  # the aggregate reading needs the author's data
    led = evaluate(_claims("k-capex-tables"), {"k-capex-tables": v}, subset=True)
    st_ = dict(zip(led.id, led.status, strict=True))
    assert st_["k001-5.2-t9-subtotal-2024"] == "not reproduced"
    assert st_["k001-5.2-t9-total-2024"] == "reproduced"
    assert st_["k000-4.6-stargate-dram"] == st_["k001-5.2.3-stargate-hbm"] == "underdetermined"


def test_table4_aggregate_reading_with_author_data(tmp_path, author_data):
    v = _run("k-capex-tables", tmp_path, author_data)
    led = evaluate(_claims("k-capex-tables"), {"k-capex-tables": v}, subset=True)
    st_ = dict(zip(led.id, led.status, strict=True))
    assert st_["k000-4.3-2018"] == "reproduced"
    assert st_["k000-4.3-2024"] == "reproduced under a reading"
    assert "licensed by seed 000" in led.set_index("id").at["k000-4.3-2024", "reading"]
    assert st_["k000-4.3-cum"] == "reproduced"


def test_table11_packaged_determined_statuses(tmp_path):
    v = _run("k-table11-packaged", tmp_path)
    assert v["fifth_firm_capex_2024"].status is None and v["fifth_firm_capex_2024"].value > 0
    assert v["fifth_firm_capex_2025"].status == "inconsistent"
    assert v["alpha_enters"].status == "inconsistent" and v["alpha_enters"].value is False
    assert v["ratio_column_consistent"].value is True
    assert v["accel_N5_pct"].conditions == {"baseline": "N=5"}


def test_table11_conditions_and_fifth_firm(tmp_path, author_data):
    v = _run("k-table11", tmp_path, author_data)
    assert v["fifth_firm"].value == "Oracle"
    assert v["fifth_firm"].facts["author_data_has_apple"] is False
    assert v["ratio_2024"].conditions == {"baseline": "delta=0.30, r=0.05"}
    led = evaluate(_claims("k-table11"), {"k-table11": v}, subset=True)  # strict: no problem
    st_ = dict(zip(led.id, led.status, strict=True))
    assert st_["k001-5.5-post-range"] == "not reproduced"
    assert st_["k001-5.5-post-mean"] == "reproduced"


@given(actual=st.floats(1, 1000), coop=st.floats(1, 100))
def test_ratio_column_check_accepts_exactly_the_rounding(actual, coop):
    """Table 11's Actual/Coop check: a ratio computed from the unrounded Coop and printed to 0.01
    next to Coop printed to 0.1 always passes; a printed ratio off by twice the rounding allowance
    plus 0.5 always fails."""
    t = pd.DataFrame({"year": [2018], "actual_usd_bn": [actual], "coop_usd_bn": [round(coop, 1)],
                      "actual_over_coop": [round(actual / coop, 2)]})
    if t.coop_usd_bn.iloc[0] <= 0.05:
        return
    assert K._ratio_column_check(t)["ratio_column_consistent"].value is True
    c = t.coop_usd_bn.iloc[0]
    t["actual_over_coop"] += 2 * (actual * 0.05 / (c - 0.05) ** 2 + 0.005) + 0.5
    assert K._ratio_column_check(t)["ratio_column_consistent"].value is False
