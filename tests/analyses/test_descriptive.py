"""Tests of the descriptive analyses (endodec.analyses.descriptive) and their claim rows."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from endodec import datasets
from endodec.analyses import descriptive as D
from endodec.analyses import load_all
from endodec.analyses.base import Context, Value
from endodec.analyses.descriptive.markets import _share_rows
from endodec.claims import evaluate, load_claims
from endodec.errors import DomainError

IDS = sorted(k for k in load_all() if k.startswith("desc"))


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    ctx = Context(out=tmp_path_factory.mktemp("desc"), fast=True)
    reg = load_all()
    return {aid: reg[aid].run(ctx) for aid in IDS}, ctx


@pytest.fixture(scope="module")
def claims():
    c = load_claims()
    return c[c["id"].str.match(r"^d00[01]-")]


def test_every_descriptive_analysis_runs_on_packaged_data(results, claims):
    res, ctx = results
    assert len(IDS) >= 10
    needs = {(r["analysis"], r["key"]) for r in claims.to_dict("records") if r["needs"]}
    for aid, vals in res.items():
        assert vals, aid
        for k, v in vals.items():
            assert isinstance(v, Value), (aid, k)
            if v.status is None and v.value is None:  # only where the paper lacks an input
                assert (aid, k) in needs and v.note and v.facts, (aid, k)
            assert v.status in (None, "inconsistent", "underdetermined"), (aid, k)
            assert not v.readings, (aid, k)  # no reading of a descriptive claim is licensed
    for art in ctx.artifacts:
        for f in art.files:
            assert (ctx.out / f).is_file(), f


def test_claim_rows_resolve_to_returned_keys(results, claims):
    res, _ = results
    assert len(claims) >= 70
    assert claims["id"].is_unique
    for row in claims.to_dict("records"):
        # one statement, one row: a restatement of another file's claim is listed in that
        # claim's also_at, never given a descriptive row of its own
        assert row["analysis"].startswith("desc"), row["id"]
        assert "restatement" not in str(row["note"]), row["id"]
        assert row["analysis"] in res, row["id"]
        assert row["key"] in res[row["analysis"]], (row["id"], row["key"])
        assert row["version"] in ("000", "001")
        assert row["id"].startswith(f"d{row['version']}-"), row["id"]


def test_ledger_statuses_are_computed(results, claims):
    res, _ = results
    led = evaluate(claims[claims["analysis"].str.startswith("desc")], res)
    assert not (led["status"] == "error").any()
    st_ = led.set_index("id")["status"]
    # a few statuses that must come out of the data, not out of the CSV
    assert st_["d000-5.1-cum-loss"] == "reproduced"
    assert st_["d000-5.4-dominance"] == "not reproduced"
    assert st_["d001-6.2-arpanet-lag"] == "inconsistent"
    assert st_["d000-5.1-revenue-peak"] == "inconsistent"
    assert st_["d001-9-ddr5-premium"] == "not reproduced"
    assert st_["d001-5.2.2-cowos-gap"] == "not reproduced"
    # the paper lacks the input: never judged as worded
    assert st_["d001-5.2.4-total"] == "underdetermined"
    assert st_["d001-6.1-cum-loss"] == "underdetermined"
    assert st_["d000-4.4-280x-2yr"] == "underdetermined"


def test_seed_001_claims_use_seed_001_material(results, claims):
    res, _ = results
    v = res["desc001-1.1-acceleration"]["acceleration_pct"]
    assert v.conditions["version"] == "001"
    six = res["desc001-6.1-ibm"]["sixty_pct_in_three_years"]
    assert six.conditions == {"baseline": "delta=0.30", "version": "001"}
    from endodec.model.params import baseline

    assert six.value == pytest.approx(100 * (1 - math.exp(-3 * baseline("001")["delta"])))
    # the seed 000 280x claim does not borrow the seed 001 dates as its value
    assert res["desc000-4.4-training-inference"]["cost_decline_period_years"].value is None


# ----------------------------------------------------------------------------- hand computations
def test_ibm_by_hand():
    ibm = datasets.load("ibm_financials", "000").set_index("year")
    s = D.ibm_summary(ibm.reset_index())
    hand = -(ibm.loc[1991, "net_income_usd_bn"] + ibm.loc[1992, "net_income_usd_bn"]
             + ibm.loc[1993, "net_income_usd_bn"])
    assert s["cum_loss_1991_1993"] == pytest.approx(hand)
    assert s["cum_loss_1991_1993"] == pytest.approx(2.8 + 4.9 + 8.1)
    rd = [ibm.loc[y, "rd_usd_bn"] for y in (1987, 1990, 1991, 1992, 1993)]
    assert s["rd_range_1987_1993"] == (min(rd), max(rd))
    assert s["rd_mean_1987_1993"] == pytest.approx(sum(rd) / 5)
    assert s["first_loss_year"] == 1991 and s["record_loss_year"] == 1993
    assert s["revenue_peak_year"] == 1995 and s["revenue_peak_year_to_1993"] == 1990


def test_cost_decomposition_by_hand():
    cd = datasets.load("cost_decomposition", "001")
    chk = D.cost_decomposition_check(cd).set_index("scenario")
    r = chk.loc["HBM3E (2025)"]
    assert (r["sum_lo"], r["sum_hi"]) == pytest.approx((3 + 6 + 2, 4 + 8 + 2))
    r = chk.loc["Consumer DDR5 (2024, pre-cycle)"]
    assert r["sum_lo"] == pytest.approx(1.5 + 0.3 + 0.2) and bool(r["total_within_sum"])
    r = chk.loc["Consumer DDR5 (2026, supercycle)"]
    assert not bool(r["total_within_sum"]) and r["margin_lo"] == pytest.approx(10 - 3.0)


def test_openrouter_dsdt_by_hand():
    o = D.openrouter_check(datasets.load("openrouter_shares", "001")).set_index("month")
    assert o.loc["2024-06", "ds_dt_recomputed"] == pytest.approx((0.050 - 0.025) / 3)
    assert o.loc["2025-01", "ds_dt_recomputed"] == pytest.approx(0.10)
    assert o.loc["2025-02", "growth_multiple_from_start"] == pytest.approx(18.0)


def test_lags_by_hand():
    t = D.lag_table("000").set_index("transition")
    assert t.loc["Mainframe → PC", "hw_to_coordination"] == (1990 - 1987, 1992 - 1987)
    assert t.loc["ARPANET → Internet", "hw_to_dominance"] == (1995 - 1989, 1997 - 1989)
    assert t.loc["Cloud → Edge AI", "hw_to_dominance_paired"] == (2031 - 2028, 2035 - 2030)
    t1 = D.lag_table("001").set_index("transition")
    assert t1.loc["ARPANET → Internet", "hw_to_R0"] == (4, 5)


def test_text_arithmetic_by_hand(results):
    res, _ = results
    t = res["desc001-text-arithmetic"]
    assert t["doubling_time_months"].value == pytest.approx(12 * math.log(2) / math.log(3.3))
    assert t["cowos_demand_supply_ratio"].value == pytest.approx(1e6 / (12 * 130_000))
    assert t["google_fcf_decline_pct"].value == pytest.approx(100 * (1 - 8.2 / 73.3))
    sv = res["desc001-5.2.4-sovereign"]["total_usd_bn"]
    assert sv.facts["total_at_1.00"] == pytest.approx(52.7 + 25.7 + 43 + 19 + 10 + 47)
    assert sv.facts["breakeven_rate"] == pytest.approx((200 - (52.7 + 25.7 + 19 + 10 + 47)) / 43)
    hbm = t["hbm_share_attribution"]
    assert hbm.value == pytest.approx(30 / (125 / 650))


def test_training_inference_shares_complementary():
    for v in ("000", "001"):
        s = _share_rows(datasets.load("training_inference", v))
        assert np.allclose(s["training_lo"] + s["inference_hi"], 100)


# ----------------------------------------------------------------------------- properties
@settings(max_examples=50, deadline=None)
@given(st.floats(1.01, 100.0))
def test_doubling_time_property(g):
    m = float(D.doubling_time_months(g))
    assert g ** (m / 12) == pytest.approx(2.0, rel=1e-9)


def test_doubling_time_domain():
    with pytest.raises(DomainError):
        D.doubling_time_months(1.0)
    out = D.doubling_time_months(np.array([2.0, 4.0]))
    assert out == pytest.approx([12.0, 6.0])


@settings(max_examples=50, deadline=None)
@given(st.integers(1900, 2050), st.integers(0, 5), st.integers(0, 30), st.integers(0, 5))
def test_range_lag_brackets_every_pair(s0, sw, gap, ew):
    s_lo, s_hi, e_lo = s0, s0 + sw, s0 + sw + gap
    e_hi = e_lo + ew
    lo, hi = D.range_lag(s_lo, s_hi, e_lo, e_hi)
    lags = [e - s for s in range(s_lo, s_hi + 1) for e in range(e_lo, e_hi + 1)]
    assert (lo, hi) == (min(lags), max(lags))
    plo, phi = D.paired_lag(s_lo, s_hi, e_lo, e_hi)
    assert lo <= plo <= phi <= hi


def test_author_fact_of_firm_count(author_data, tmp_path):
    ctx = Context(out=tmp_path, author_data=author_data, fast=True)
    v = load_all()["desc000-1-capex-statements"].run(ctx)["n_big_tech_rows"]
    assert v.value == 4  # the paper's Table 4, with or without the author's data
    assert v.readings == {} and v.facts["author_aggregate_tech_companies"] == 5


def test_tables_written(results):
    _, ctx = results
    names = {a.name for a in ctx.artifacts}
    for n in ("tab000_ibm_losses", "tab001_cost_decomposition_check", "tab000_coordination_lags",
              "tab001_openrouter_check", "fig000_coordination_lags", "fig001_cost_decomposition",
              "tab000_capex_growth", "tab001_capex_growth", "fig000_capex_by_firm"):
        assert n in names
    df = pd.read_csv(ctx.out / "tables" / "tab000_ibm_losses.csv")
    assert df["cumulative_net_income_from_1991"].min() == pytest.approx(-15.8)


def test_capex_growth_table_by_hand():
    t = D.capex_growth_table("000").set_index("year")
    assert t.loc[2022, "firm_rows_sum"] == pytest.approx(23.9 + 31.5 + 58.3 + 31.4)
    assert t.loc[2025, "printed_total_x_2018"] == pytest.approx(436 / 64)
    t1 = D.capex_growth_table("001").set_index("year")
    assert t1.loc[2026, "printed_total"] == pytest.approx(t1.loc[2026, "printed_subtotal"]
                                                          + t1.loc[2026, "printed_other"])


def test_author_attribution_of_total_gap(author_data, tmp_path):
    ctx = Context(out=tmp_path, author_data=author_data, fast=True)
    load_all()["desc-capex-by-firm"].run(ctx)
    t = pd.read_csv(tmp_path / "tables" / "tab000_capex_growth.csv").set_index("year")
    # the author's NVIDIA + Oracle capex explain Table 4's total-row excess in 2024 and 2025
    assert t.loc[2024, "gap_minus_author_extra"] == pytest.approx(0, abs=1e-9)
    assert t.loc[2025, "gap_minus_author_extra"] == pytest.approx(0, abs=1e-9)


def test_text_inputs_are_cited():
    for name, (value, where) in D.text_inputs().items():
        assert isinstance(value, (int, float)), name
        assert where.startswith("seed 00") and "§" in where or "Table" in where, name


@settings(max_examples=60, deadline=None)
@given(st.floats(0.0, 50.0, allow_nan=False))
def test_inconsistent_is_decided_by_the_other_statement(x):
    # d001-8.1-dram-supply states 10–15 (printed digits: ±0.5); any other printed growth rate
    # decides the status, so the status flips exactly at the claim's tolerance
    from endodec.analyses.descriptive.common import inconsistent_unless

    inside = 9.5 - 1e-9 <= x <= 15.5 + 1e-9
    assert (inconsistent_unless(x, "d001-8.1-dram-supply") is None) == inside


@settings(max_examples=50, deadline=None)
@given(st.integers(1950, 2050), st.integers(0, 5), st.integers(0, 10), st.integers(0, 10))
def test_window_plus_lag_is_the_paired_lag(h_lo, width, a, b):
    # Table 7's Cloud → Edge AI check: a dominance window that is the hardware window plus a
    # lag a..b (endpoint by endpoint) gives back that lag
    h_hi = h_lo + width
    assert D.paired_lag(h_lo, h_hi, h_lo + a, h_hi + b) == (min(a, b), max(a, b))

