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
)


# ----------------------------------------------------------------------------- text arithmetic
@analysis("desc001-text-arithmetic", title="Arithmetic in the running text (seed 001)",
          section="1", version="001")
def text_arithmetic_001(ctx):
    """Arithmetic stated in the running text of seed 001 (§1, §2.3, §4, §5.2-5.5, §8.1, §9)."""
    src = "; ".join
    g = _t("h100e_growth_per_year")
    out: dict[str, Value] = {}
    out["doubling_time_months"] = Value(float(doubling_time_months(g)),
                                        data=_cite("h100e_growth_per_year"),
                                        note="12 ln 2 / ln 3.3")
    q = _t("nvidia_dc_rev_q3_fy26_bn")
    out["nvidia_annualized_bn"] = Value(4 * q, data=_cite("nvidia_dc_rev_q3_fy26_bn"),
                                        note="4 × the quarterly data-center revenue")
    f0, f1 = _t("google_fcf_2025_bn"), _t("google_fcf_2026_bn")
    out["google_fcf_decline_pct"] = Value(100 * (1 - f1 / f0),
                                          data=src([_cite("google_fcf_2025_bn"),
                                                    _cite("google_fcf_2026_bn")]),
                                          note="1 - 8.2/73.3")
    cap26 = _t("cowos_capacity_end2026_wpm")
    dem26 = _t("cowos_demand_2026_wafers")
    out["cowos_demand_supply_ratio"] = Value(
        dem26 / (12 * cap26), data=src([_cite("cowos_demand_2026_wafers"),
                                        _cite("cowos_capacity_end2026_wpm")]),
        readings={"2024: demand / (12 × monthly capacity)":
                  _t("cowos_demand_2024_wafers") / (12 * _t("cowos_capacity_2024_wpm"))},
        note=(f"2026 demand of {dem26:,.0f} wafers (per year) against an end-2026 capacity of "
              f"{cap26:,.0f} wafers per month (= {12 * cap26:,.0f} per year) is a ratio of "
              f"{dem26 / (12 * cap26):.2f}, not a shortage; the printed ~8:1 equals "
              f"{dem26:,.0f}/{cap26:,.0f} = {dem26 / cap26:.1f}, i.e. annual demand divided by "
              "monthly capacity (units mixed)"))
    out["cowos_growth_2024_2026"] = Value(
        cap26 / _t("cowos_capacity_2024_wpm"),
        data=src([_cite("cowos_capacity_2024_wpm"),
                  _cite("cowos_capacity_end2026_wpm")]),
        readings={"end 2025 → end 2026": cap26 / _t("cowos_capacity_end2025_wpm")},
        note="35,000 → 130,000 wafers/month is 3.7×: more than tripling (closer to quadrupling)")
    lo, hi = _t("dram_capacity_growth_lo_pct"), _t("dram_capacity_growth_hi_pct")
    sup = _t("dram_supply_growth_pct")
    out["dram_supply_growth_pct"] = Value(
        sup, status="inconsistent" if not lo <= sup <= hi else None,
        data=src([_cite("dram_capacity_growth_lo_pct"),
                  _cite("dram_supply_growth_pct")]),
        note=(f"§8.1 states DRAM capacity grows {lo:.0f}–{hi:.0f}% per year and, two sentences "
              f"later, a supply growth of {sup:.0f}%; the paper does not say whether bit supply "
              "and wafer capacity differ"))
    out["n_gw_facilities"] = Value(len(GW_FACILITIES), data="seed 001 §5.2.5 list",
                                   note="; ".join(GW_FACILITIES))
    dense = _t("dense_class_b")
    red = (dense / _t("moe_active_hi_b"), dense / _t("moe_active_lo_b"))
    out["moe_bandwidth_reduction"] = Value(
        red, data="seed 001 §5.3.3: 70B-class quality with 20–37B active parameters",
        note=(f"a dense 70B model vs 20–37B active parameters reads {red[0]:.1f}–{red[1]:.1f}× "
              "less weight traffic per token, not 3–6×; 3–6× would need a ~110–120B dense "
              "baseline (GPT-OSS, seed 000 §4.5: 116.8B total / 20B active = 5.8×), and "
              "DeepSeek V3's own total/active ratio is "
              f"{_t('deepseek_v3_total_b') / _t('deepseek_v3_active_b'):.0f}×"))
    b = BYTES_PER_PARAM
    out["quantization_footprint_reduction"] = Value(
        (b["FP16"] / b["INT4"], b["FP16"] / b["INT2"]),
        readings={"from FP32": (b["FP32"] / b["INT4"], b["FP32"] / b["INT2"])},
        data="bytes per parameter FP32 4, FP16 2, INT4 0.5, INT2 0.25",
        note=("INT4/INT2 shrink an FP16 model 4–8× (an FP32 model 8–16×); the printed 4–16× "
              "takes its low end from FP16 and its high end from FP32"))
    out["int4_reduction"] = Value(b["FP16"] / b["INT4"], data="FP16 → INT4 bytes per parameter",
                                  readings={"from FP32": b["FP32"] / b["INT4"]})
    out["hbm_share_attribution"] = Value(
        "30–40% of global HBM output", status="inconsistent",
        data="seed 001 §5.2.3 and §5.5 (text)",
        note=("§5.2.3 attributes 30–40% of global HBM output to 'the Stargate project alone'; "
              "§5.5 (citing §5.5 itself) attributes the same 30–40% to all 'AI datacenter "
              "demand'. Seed 000 §4.6 instead says Stargate alone demands ~40% of global DRAM "
              "output"))
    # §4.3 vs §5.2.6: the smartphone market implied by the two sources
    m25 = (_t("phones_2026_bn") / (1 - _t("phones_decline_lo_pct") / 100),
           _t("phones_2026_bn") / (1 - _t("phones_decline_hi_pct") / 100))
    share = (100 * _t("npu_phones_2025_m") / 1000 / m25[1],
             100 * _t("npu_phones_2025_m") / 1000 / m25[0])
    out["npu_phone_share_pct"] = Value(
        share, data=src([_cite("npu_phones_2025_m"), _cite("phones_2026_bn")]),
        note=(f"§5.2.6's TrendForce figures (2026 ≈ 1.135bn after a 10–15% fall) imply 2025 "
              f"shipments of {m25[0]:.2f}–{m25[1]:.2f}bn, so 370M NPU phones are "
              f"{share[0]:.1f}–{share[1]:.1f}% of the market; 32% implies a market of "
              f"{_t('npu_phones_2025_m') / 320:.2f}bn (Gartner vs TrendForce: different sources)"))
    out["n_prior_cycles_named"] = Value(len(PRIOR_CYCLES_001), data="seed 001 §5.5 / §8.2 list",
                                        note="; ".join(PRIOR_CYCLES_001))
    return out


@analysis("desc000-text-arithmetic", title="Arithmetic and cross-version statements (seed 000)",
          section="4.6", version="000")
def text_arithmetic_000(ctx):
    """Seed 000 §4.4/§4.6 statements checkable against seed 001 (the later version) or
    arithmetic."""
    return {
        "n_prior_cycles": Value(
            len(PRIOR_CYCLES_001), status="inconsistent", data="seed 001 §5.5 / §8.2 list",
            note=("seed 000 §4.6 speaks of 'four prior DRAM cycles'; the later version names "
                  f"{len(PRIOR_CYCLES_001)} prior cycles ({'; '.join(PRIOR_CYCLES_001)}), one of "
                  "them a NAND expansion")),
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
        out[f"max_log_error_{name}_{v}"] = Value(max(err.values()), data=_prov(df),
                                                 note="; ".join(f"{k}: {e:.4f}"
                                                                for k, e in err.items()))
        if name == "dram":
            r = df[df["cum_prod_qualifier"] == "<"].iloc[0]
            out[f"ln_cum_1984_{v}"] = Value(
                bool(r["ln_cum"] <= math.log(r["cum_prod_eb"])), data=_prov(df),
                note=(f"cumulative production printed '<{r['cum_prod_eb']:g}' with ln(Cum.) "
                      f"{r['ln_cum']:.2f} = ln({math.exp(r['ln_cum']):.0e}): consistent with the "
                      "'<' (the printed log corresponds to 1e-5 EB, not 0.001)"))
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
        out[f"price_1984_{v}"] = Value(float(d.loc[1984, "price_usd_per_gb"]), data=_prov(d))
        out[f"price_2024_{v}"] = Value(float(d.loc[2024, "price_usd_per_gb"]), data=_prov(d))
        out[f"cum_2024_{v}"] = Value(float(d.loc[2024, "cum_prod_eb"]), data=_prov(d))
    return out
