"""Mutations of the descriptive checks (claims/data/descriptive.csv): each perturbs one printed
cell, text input or list the analysis reads and must flip the status of the listed keys.

The descriptive analyses read the packaged tables through the ``_load`` each module imports from
``endodec.analyses.descriptive.common`` and the running-text numbers through ``common.text_inputs``;
a mutation replaces one of them for the run.
"""

from __future__ import annotations

import importlib

from . import Mutation

_PKG = "endodec.analyses.descriptive"


def _cell(module: str, dataset: str, version: str | None, edit):
    """Patch ``<module>._load`` so that ``dataset`` (of ``version``, or any) comes back edited."""

    def apply(mp):
        mod = importlib.import_module(f"{_PKG}.{module}")
        orig = mod._load

        def load(name, v):
            df = orig(name, v)
            if name == dataset and (version is None or v == version):
                df = df.copy()
                edit(df)
            return df

        mp.setattr(mod, "_load", load)

    return apply


def _text(name: str, value: float):
    """Patch the running-text input ``name`` (``common.text_inputs``) to ``value``."""

    def apply(mp):
        common = importlib.import_module(f"{_PKG}.common")
        orig = dict(common.text_inputs())
        orig[name] = (value, orig[name][1])
        mp.setattr(common, "text_inputs", lambda: orig)

    return apply


def _set(df, mask_col, mask_val, **cols):
    m = df[mask_col] == mask_val
    for c, v in cols.items():
        df.loc[m, c] = v


def _share(dimension, training, inference):
    def edit(df):
        m = df["dimension"] == dimension
        df.loc[m, ["training_lo", "training_hi"]] = training
        df.loc[m, ["inference_lo", "inference_hi"]] = inference
    return edit


def _cost(scenario, component, lo, hi):
    def edit(df):
        m = (df["scenario"] == scenario) & (df["component"] == component)
        df.loc[m, ["usd_per_gb_lo", "usd_per_gb_hi"]] = (lo, hi)
    return edit


def _totals(value):
    def edit(df):
        m = (df["component"] == "Total") & ~df["scenario"].str.contains("supercycle")
        df.loc[m, ["usd_per_gb_lo", "usd_per_gb_hi"]] = value
    return edit


def _ln_1984(df):
    df.loc[df["year"] == 1984, "ln_cum"] = -5.0


def _stargate_is_everything(df):
    tot = df.loc[(df["row_type"] == "total") & (df["year"] == 2026), "capex_usd_bn"].iloc[0]
    df.loc[(df["company"] == "Stargate JV") & (df["year"] == 2026), "capex_usd_bn"] = tot


SUPER = "Consumer DDR5 (2026, supercycle)"

MUTATIONS = [
    # training vs inference (seed 000 Table 4a, seed 001 Table 4)
    Mutation("desc000-4.4-training-inference", ("inference_share_now_vs_80_90",),
             "a 2025 inference share of 85% in Table 4a agrees with the text's 80–90%",
             _cell("markets", "training_inference", "000",
                   _share("Share of AI compute (2025)", 15.0, 85.0))),
    Mutation("desc000-4.4-training-inference", ("shares_sum_to_100",),
             "a 2023 training share of 60% leaves Table 4a's row summing to 93",
             _cell("markets", "training_inference", "000",
                   _share("Share of AI compute (2023)", 60.0, 33.0))),
    Mutation("desc001-4-training-inference", ("inference_share_now_vs_80_90",),
             "a 2025 inference share of 85% in Table 4 agrees with the text's 80–90%",
             _cell("markets", "training_inference", "001",
                   _share("Share of AI compute (2025)", 15.0, 85.0))),
    Mutation("desc001-4-training-inference", ("shares_sum_to_100",),
             "a 2026 inference share of 60% leaves Table 4's row summing to 93",
             _cell("markets", "training_inference", "001",
                   _share("Share of AI compute (2026, proj.)", 33.0, 60.0))),
    Mutation("desc001-4-training-inference", ("shares_match_000",),
             "a 30/70 split for 2026 in seed 001 Table 4 no longer matches seed 000 Table 4a",
             _cell("markets", "training_inference", "001",
                   _share("Share of AI compute (2026, proj.)", 30.0, 70.0))),
    # IBM (seed 000 Table 5, Table 7)
    Mutation("desc000-5.1-ibm", ("revenue_peak_year",),
             "1995 revenue below 1990's makes the 'Revenue peak' label agree with the column",
             _cell("markets", "ibm_financials", "000",
                   lambda df: _set(df, "year", 1995, revenue_usd_bn=60.0))),
    Mutation("desc000-5.1-ibm", ("table5_386_year_matches_table7",),
             "a 1986 hardware crossing in Table 7 no longer matches Table 5's '386 crosses' row",
             _cell("markets", "coordination_lags", "000",
                   lambda df: _set(df, "transition", "Mainframe → PC", hardware_t_lo=1986,
                                   hardware_t_hi=1986))),
    # cost decomposition (seed 001 Table 7)
    Mutation("desc001-5.2.1-cost-decomposition",
             ("total_within_components_hbm3e", "total_within_components_ddr5_2024",
              "total_within_components_stacked_2029"),
             "Totals of 100 $/GB exceed the sum of their components",
             _cell("markets", "cost_decomposition", "001", _totals(100.0))),
    Mutation("desc001-5.2.1-cost-decomposition", ("supercycle_total_exceeds_components",),
             "a supercycle Total of 2.5–3 $/GB no longer exceeds its components",
             _cell("markets", "cost_decomposition", "001", _cost(SUPER, "Total", 2.5, 3.0))),
    Mutation("desc001-5.2.1-cost-decomposition", ("packaging_exceeds_die_hbm3e",),
             "an HBM3E die cost of 10–12 $/GB exceeds its packaging cost",
             _cell("markets", "cost_decomposition", "001",
                   _cost("HBM3E (2025)", "Die fabrication", 10.0, 12.0))),
    Mutation("desc001-5.2.1-cost-decomposition", ("die_dominant_ddr5_2024",),
             "a DDR5 (2024) packaging cost of 2 $/GB leaves the die below half of the cost",
             _cell("markets", "cost_decomposition", "001",
                   _cost("Consumer DDR5 (2024, pre-cycle)", "Packaging & stacking", 2.0, 2.0))),
    # printed log columns
    Mutation("desc-log-columns", ("ln_cum_1984_000", "ln_cum_1984_001"),
             "a 1984 ln(Cum.) of -5 is above ln(0.001): inconsistent with the '<'",
             _cell("text_arithmetic", "dram", None, _ln_1984)),
    # coordination lags (seed 001 Table 3)
    Mutation("desc001-3.10.5-coordination-lags", ("arpanet_lag_3_5",),
             "an ARPANET R0 crossing of 1992–94 makes Table 3's lag 3–5 years, as §6.2 says",
             _cell("lags", "coordination_lags", "001",
                   lambda df: _set(df, "transition", "ARPANET → Internet", r0_t_lo=1992))),
    # seed 001 Table 9 notes
    Mutation("desc001-4-capex-statements", ("oracle_within_other_2026",),
             "an Oracle guidance of $90B no longer fits inside 'Other hyperscalers' (75+)",
             _text("oracle_2026e_bn", 90.0)),
    Mutation("desc001-4-capex-statements", ("msft_commitments_exceed_table",),
             "a $15B quarter annualizes below Table 9's Microsoft 2025 figure",
             _text("msft_fy25_quarter_bn", 15.0)),
    # running text
    Mutation("desc001-text-arithmetic", ("dram_supply_growth_pct",),
             "a supply growth of 12% agrees with the 10–15% capacity growth",
             _text("dram_supply_growth_pct", 12.0)),
    Mutation("desc001-text-arithmetic", ("hbm_share_attribution",),
             "if Stargate were all of Table 9's 2026E capex, §5.2.3 and §5.5 would agree",
             _cell("text_arithmetic", "hyperscaler_capex", "001", _stargate_is_everything)),
    Mutation("desc000-text-arithmetic", ("n_prior_cycles",),
             "a fourth cycle in the later version's list matches seed 000's 'four prior cycles'",
             lambda mp: mp.setattr(f"{_PKG}.text_arithmetic.PRIOR_CYCLES_001",
                                   ("a", "b DRAM", "c", "d DRAM"))),
]

MUTATIONS.append(
    Mutation("desc001-3.10.5-coordination-lags", ("cloud_edge_hw_vs_p2",),
             "a Prediction 2 window from 2027 matches Table 3's 2027–29",
             _text("p2_hardware_window_lo_001", 2027.0)))
