"""Arithmetic in the running text of both versions, the printed log columns of the
learning-curve tables and the DRAM price endpoints quoted in the text."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from endodec.analyses.base import Value, analysis
from endodec.analyses.descriptive.common import (
    BYTES_PER_PARAM,
    GW_FACILITIES,
    PRIOR_CYCLES_001,
    _cite,
    _load,
    _prov,
    _t,
    doubling_time_months,
    inconsistent_unless,
    stated,
)


# ----------------------------------------------------------------------------- text arithmetic
@analysis("desc001-text-arithmetic", title="Arithmetic in the running text (seed 001)",
          section="1", version="001")
def text_arithmetic_001(ctx):
    """Arithmetic stated in the running text of seed 001 (§1, §2.3, §4, §5.2-5.5, §8.1, §9)."""
    src = "; ".join
    g = _t("h100e_growth_per_year")
    out: dict[str, Value] = {}
    out["doubling_time_months"] = Value(
        float(doubling_time_months(g)), data=_cite("h100e_growth_per_year"),
        note="twelve months × ln(two) / ln(growth factor per year)")
    q = _t("nvidia_dc_rev_q3_fy26_bn")
    out["nvidia_annualized_bn"] = Value(4 * q, data=_cite("nvidia_dc_rev_q3_fy26_bn"),
                                        note="four times the quarterly data-center revenue")
    f0, f1 = _t("google_fcf_2025_bn"), _t("google_fcf_2026_bn")
    out["google_fcf_decline_pct"] = Value(
        100 * (1 - f1 / f0), data=src([_cite("google_fcf_2025_bn"), _cite("google_fcf_2026_bn")]),
        note="the relative fall from 73.3 to 8.2, in percent")
    out.update(_cowos())
    sup = _t("dram_supply_growth_pct")
    status = inconsistent_unless(sup, "d001-8.1-dram-supply")
    out["dram_supply_growth_pct"] = Value(
        sup, status=status,
        data=src([_cite("dram_capacity_growth_lo_pct"), _cite("dram_supply_growth_pct")]),
        note=("§8.1 states that DRAM capacity grows 10–15% per year and, two sentences later, "
              f"a supply growth of {sup:.0f}%"
              + ("; the paper does not say whether bit supply and wafer capacity differ"
                 if status else "")))
    out["n_gw_facilities"] = Value(len(GW_FACILITIES), data="seed 001 §5.2.5 list",
                                   facts={"listed": "; ".join(GW_FACILITIES)},
                                   note="the facilities §5.2.5 names (facts)")
    out["moe_bandwidth_reduction"] = _moe()
    b = BYTES_PER_PARAM
    out["int4_reduction"] = Value(
        b["FP16"] / b["INT4"], data="bytes per parameter by format",
        facts={"bytes_fp16": b["FP16"], "bytes_int4": b["INT4"],
               "from_fp32": b["FP32"] / b["INT4"]},
        note="FP16 (the usual storage format of released weights) to INT4, bytes per parameter "
        "(facts; from FP32 the factor would be the one in facts)")
    out["hbm_share_attribution"] = _hbm_share()
    out["npu_phone_share_pct"] = _npu_share()
    return out


def _cowos() -> dict[str, Value]:
    src = "; ".join
    cap26 = _t("cowos_capacity_end2026_wpm")
    dem26 = _t("cowos_demand_2026_wafers")
    cap24 = _t("cowos_capacity_2024_wpm")
    ratio = dem26 / (12 * cap26)
    return {
        "cowos_demand_supply_ratio": Value(
            ratio, data=src([_cite("cowos_demand_2026_wafers"),
                             _cite("cowos_capacity_end2026_wpm")]),
            facts={"demand_2026_wafers_per_year": dem26, "capacity_wafers_per_month": cap26,
                   "capacity_wafers_per_year": 12 * cap26, "demand_over_monthly_capacity":
                   dem26 / cap26, "ratio_2024": _t("cowos_demand_2024_wafers") / (12 * cap24)},
            note=(f"2026 demand (wafers per year) against the end-2026 capacity (wafers per "
                  f"month, times twelve) is a ratio of {ratio:.2f}, not a shortage; the printed "
                  f"~8:1 is annual demand divided by *monthly* capacity ({dem26 / cap26:.1f}): "
                  "units mixed (an earlier year's ratio in facts)")),
        "cowos_growth_2024_2026": Value(
            cap26 / cap24, data=src([_cite("cowos_capacity_2024_wpm"),
                                     _cite("cowos_capacity_end2026_wpm")]),
            facts={"end2025_to_end2026": cap26 / _t("cowos_capacity_end2025_wpm")},
            note=f"35,000 → 130,000 wafers/month is {cap26 / cap24:.2f}×: closer to quadrupling "
            "than to tripling (the last year alone, facts)"),
    }


def _moe() -> Value:
    dense = _t("dense_class_b")
    lo_b, hi_b = _t("moe_active_lo_b"), _t("moe_active_hi_b")
    red = (dense / hi_b, dense / lo_b)
    exp, _ = stated("d001-5.3.3-moe")
    need = (exp.lo * hi_b, exp.hi * lo_b)
    ds = _t("deepseek_v3_total_b") / _t("deepseek_v3_active_b")
    return Value(
        red, data="seed 001 §5.3.3: 70B-class quality with 20–37B active parameters",
        facts={"dense_b": dense, "active_lo_b": lo_b, "active_hi_b": hi_b,
               "dense_needed_lo_b": need[0], "dense_needed_hi_b": need[1],
               "deepseek_total_over_active": ds},
        note=(f"a dense 70B model against 20–37B active parameters reads {red[0]:.2f}–"
              f"{red[1]:.2f}× less weight traffic per token, not 3–6×; 3–6× would need a dense "
              f"baseline of {need[0]:.0f}–{need[1]:.0f}B, and DeepSeek V3's own total/active "
              f"ratio is {ds:.1f}× (facts)"))


def _hbm_share() -> Value:
    """§5.5's 30–40% of HBM output for *all* AI datacenter demand against §5.2.3's 30–40% for
    the Stargate project *alone*, with Table 9's capex shares as the weights."""
    cx = _load("hyperscaler_capex", "001")
    tot = cx[cx["row_type"] == "total"].set_index("year")["capex_usd_bn"]
    sg = cx[cx["company"] == "Stargate JV"].set_index("year")["capex_usd_bn"]
    share = float(sg[2026] / tot[2026])
    lo, hi = _t("stargate_hbm_share_lo_pct"), _t("stargate_hbm_share_hi_pct")
    implied = lo / share
    status = inconsistent_unless(implied, "d001-5.5-hbm-share")
    return Value(
        implied, status=status,
        data="; ".join([_cite("stargate_hbm_share_lo_pct"), _prov(cx)]),
        facts={"stargate_hbm_lo_pct": lo, "stargate_hbm_hi_pct": hi,
               "stargate_share_of_table9_2026e_pct": 100 * share, "capex_year": 2026},
        note=(f"§5.2.3 gives the Stargate project alone {lo:.0f}–{hi:.0f}% of global HBM "
              f"output; Table 9 puts Stargate at {100 * share:.1f}% of 2026E hyperscaler capex. "
              f"If HBM demand follows capex, all AI datacenter demand takes at least "
              f"{implied:.0f}% of HBM output"
              + (", so §5.5's attribution of 30–40% to all AI datacenter demand cannot hold "
                 "together with §5.2.3's (seed 000 §4.6 instead gives Stargate alone a share "
                 "of DRAM output)" if status else "")))


def _npu_share() -> Value:
    m25 = (_t("phones_2026_bn") / (1 - _t("phones_decline_lo_pct") / 100),
           _t("phones_2026_bn") / (1 - _t("phones_decline_hi_pct") / 100))
    npu = _t("npu_phones_2025_m") / 1000
    share = (100 * npu / m25[1], 100 * npu / m25[0])
    printed = stated("d001-4.3-npu-share")[0].lo
    return Value(
        share, data="; ".join([_cite("npu_phones_2025_m"), _cite("phones_2026_bn")]),
        facts={"market_2025_lo_bn": m25[0], "market_2025_hi_bn": m25[1],
               "market_implied_by_printed_share_bn": npu / (printed / 100),
               "years": "2025, 2026"},
        note=(f"§5.2.6's TrendForce figures (2026 ≈ 1.135bn after a 10–15% fall) imply 2025 "
              f"shipments of {m25[0]:.2f}–{m25[1]:.2f}bn, so 370M NPU phones are "
              f"{share[0]:.1f}–{share[1]:.1f}% of the market; the printed 32% implies a market of "
              f"{npu / (printed / 100):.2f}bn (Gartner vs TrendForce: different sources)"))


@analysis("desc000-text-arithmetic", title="Arithmetic and cross-version statements (seed 000)",
          section="4.6", version="000")
def text_arithmetic_000(ctx):
    """Seed 000 §4.6's 'four prior DRAM cycles' against the cycles seed 001 names (a
    cross-version comparison)."""
    n = len(PRIOR_CYCLES_001)
    dram = sum("DRAM" in c for c in PRIOR_CYCLES_001)
    status = inconsistent_unless(n, "d000-4.6-four-cycles")
    return {
        "n_prior_cycles": Value(
            n, status=status, data="seed 001 §5.5 / §8.2 list",
            facts={"named": "; ".join(PRIOR_CYCLES_001), "dram_cycles_named": dram},
            note=("a cross-version comparison: seed 000 gives no list, the later version names "
                  f"{n} prior memory cycles (facts), {dram} of them DRAM"
                  + ("; the two versions disagree" if status else ""))),
    }


def log_column_errors(df: pd.DataFrame, pairs) -> dict[str, float]:
    """Largest |printed ln(v) - ln(printed v)| per (value column, log column) pair, over rows with
    both printed (rows whose value carries a qualifier such as '<' are skipped)."""
    out = {}
    for val, lg in pairs:
        m = df[[val, lg]].dropna()
        if "cum_prod_qualifier" in df and val == "cum_prod_eb":
            m = m[df.loc[m.index, "cum_prod_qualifier"].isna()
                  | (df.loc[m.index, "cum_prod_qualifier"] == "~")]
        out[lg] = float(np.max(np.abs(np.log(m[val].astype(float)) - m[lg].astype(float))))
    return out


@analysis("desc-log-columns", title="Printed log columns of the learning-curve tables",
          section="4.1", version="both")
def log_columns(ctx):
    """The ln(Price), ln(Cum.) and ln($/GB) columns of seed 000 Tables 2-3 and seed 001 Table 6
    against the logs of the printed values (printed to 2 decimals: error <= 0.005)."""
    out, rows = {}, []
    specs = {("dram", "000"): [("price_usd_per_gb_lo", "ln_price_lo"),
                              ("price_usd_per_gb_hi", "ln_price_hi"), ("cum_prod_eb", "ln_cum")],
             ("dram", "001"): [("price_usd_per_gb_lo", "ln_price_lo"),
                              ("price_usd_per_gb_hi", "ln_price_hi"), ("cum_prod_eb", "ln_cum")],
             ("hbm", "000"): [("price_usd_per_gb", "ln_price")]}
    for (name, v), pairs in specs.items():
        df = _load(name, v)
        err = log_column_errors(df, pairs)
        for k, e in err.items():
            rows.append({"table": f"{name} v{v}", "column": k, "max_abs_error": e})
        out[f"max_log_error_{name}_{v}"] = Value(
            max(err.values()), data=_prov(df), facts=err,
            note="largest |printed log − ln(printed value)| per log column in facts, over the "
            "rows whose value is printed without a qualifier such as '<'")
        if name == "dram":
            r = df[df["cum_prod_qualifier"] == "<"].iloc[0]
            implied = math.exp(r["ln_cum"])
            out[f"ln_cum_{int(r['year'])}_{v}"] = Value(
                bool(r["ln_cum"] <= math.log(r["cum_prod_eb"])), data=_prov(df),
                facts={"printed_ln_cum": float(r["ln_cum"]), "bound_eb": float(r["cum_prod_eb"]),
                       "implied_cum_eb": implied},
                note=(f"cumulative production printed '<{r['cum_prod_eb']:g}' with ln(Cum.) "
                      f"{r['ln_cum']:.2f}: the log corresponds to {implied:.2g} EB, below the "
                      "bound, so consistent with the '<'"))
    ctx.save_table(pd.DataFrame(rows), "tab_log_columns_check", "Printed log columns vs the logs "
                   "of the printed values", provenance="packaged dram v000/v001, hbm v000")
    return out


@analysis("desc-dram-endpoints", title="DRAM price endpoints quoted in the text",
          section="4.1", version="both")
def dram_endpoints(ctx):
    """'Prices declined from $870,000/GB (1984) to $2.00/GB (2024)' (seed 000 §4.1, seed 001
    §5.2.1) and '~3,200 EB through 2024' (seed 001 §5.2.1) against the printed DRAM tables."""
    out = {}
    for v in ("000", "001"):
        d = _load("dram", v)
        d = d[~d["supercycle"].astype(bool)].set_index("year")
        table = "Table 2" if v == "000" else "Table 6"
        for yr in (1984, 2024):
            out[f"price_{yr}_{v}"] = Value(float(d.loc[yr, "price_usd_per_gb"]), data=_prov(d),
                                           note=f"the price in {table}'s {yr} row")
        out[f"cum_2024_{v}"] = Value(float(d.loc[2024, "cum_prod_eb"]), data=_prov(d),
                                     note=f"the cumulative production in {table}'s 2024 row")
    return out
