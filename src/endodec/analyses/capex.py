"""Capex analyses: Table 11 (seed 001 §5.5.1), Appendix B (seed 000 Table B1 / seed 001 Table 13),
the capex tables of seed 000 §4.3 (Table 4) and seed 001 §5.2.3 (Table 9).

The paper's numbers live only in ``claims/data/capex.csv``; everything here is computed from the
packaged tables, the author's data files, and the game kernel (:mod:`endodec.empirics.capex`).
"""

from __future__ import annotations

import pandas as pd

from endodec.analyses.base import Value, analysis
from endodec.claims.expected import matches, parse_expected
from endodec.model.params import GAME_PARAMS, describe
from endodec.plots import empirics as plots

YEARS = range(2018, 2026)
_T11 = "capex_test (seed 001 Table 11, packaged)"
_AUTH = "author data hyperscaler_capex.csv + hyperscaler_capex_aggregate.csv"
#: Core firms of Table 11's Actual column; None: the author's script's (CapexMapping default).
#: A module constant so that a mutation test can replace the fifth firm.
CORE_FIRMS: tuple | None = None
#: What the level regression of seed 001 §5.5.1 is ("a level regression of own capex on rival
#: capex (lagged)"): the estimator condition its claims state.
LEVEL_ESTIMATOR = "level regression on lagged rival capex"


def _mapping(C, ctx=None, **kw):
    """The capex mapping; its game parameters from the run's configuration (``ctx``)."""
    if CORE_FIRMS is not None:
        kw.setdefault("core_firms", CORE_FIRMS)
    if ctx is not None:
        b = ctx.config.game_baseline("001")
        for k in ("a", "b", "r", "delta", "x0"):
            kw.setdefault(k, b[k])
    return C.CapexMapping(**kw)


def _stated_baseline(m, names=("delta", "r"), version="001") -> str:
    """The game parameters a mapping used, printed as the paper prints its baseline."""
    out = []
    for k in names:
        v, p = getattr(m, k), GAME_PARAMS[k]
        txt = p.printed if p.printed is not None and v == p.baseline(version) else f"{v:g}"
        out.append(f"{k}={txt}")
    return ", ".join(out)


def _author_result(ctx):
    from endodec import datasets
    from endodec.empirics import capex as C

    f = datasets.load_author("hyperscaler_capex", directory=ctx.author_data)
    agg = datasets.load_author("hyperscaler_capex_aggregate", directory=ctx.author_data)
    return f, agg, C.capex_test(f, _mapping(C, ctx), aggregate=agg, source=_AUTH)


def _table11_values(res, data, prefix=""):
    out = {}
    t = res.table.set_index("year")
    cond = {"baseline": _stated_baseline(res.mapping)}
    for y in t.index:
        r = t.loc[y]
        out[f"{prefix}N_{y}"] = Value(int(r.N), data=data)
        out[f"{prefix}actual_{y}"] = Value(float(r.actual), data=data)
        out[f"{prefix}nash_{y}"] = Value(float(r.nash), data=data, conditions=cond)
        out[f"{prefix}coop_{y}"] = Value(float(r.coop), data=data, conditions=cond)
        out[f"{prefix}ratio_{y}"] = Value(float(r.actual_over_coop), data=data, conditions=cond)
    return out


def _fifth_firm(C, f, res) -> tuple[str, dict]:
    """The core firm(s) beyond the four regression firms that Table 11 counts from the year N
    first rises (seed 001 §5.5.1: "and from 2024, Apple"), from the author's firm-year data."""
    t = res.table.set_index("year")
    up = [y for y in t.index[1:] if t.loc[y, "N"] > t.loc[y - 1, "N"]]
    year = int(up[0]) if up else int(t.index[-1])
    panel = C.firm_panel(f)
    py = panel[panel.year == year]
    four = C.AUTHOR_REGRESSION_FIRMS
    extra = py[py.company.isin(res.mapping.core_firms) & ~py.company.isin(four)
               & (py.capex > res.mapping.threshold_bn)]
    names = ", ".join(sorted(extra.company))
    facts = {"entry_year": year, "fifth_firm_capex": float(extra.capex.sum()),
             "four_firms_capex": float(py[py.company.isin(four)].capex.sum()),
             "table11_actual": float(t.loc[year, "actual"]),
             "threshold_bn": res.mapping.threshold_bn,
             "author_data_has_apple": bool((panel.company == "Apple").any())}
    note = (f"The text names Apple as the fifth core firm; the author's data "
            f"{'hold' if facts['author_data_has_apple'] else 'hold no'} Apple rows, and the "
            f"firm his script counts as the fifth core firm (capex above the threshold from "
            f"the year N rises) is {names or 'none'}: its capex "
            f"{facts['fifth_firm_capex']:.1f} plus the four firms' "
            f"{facts['four_firms_capex']:.1f} is Table 11's Actual "
            f"{facts['table11_actual']:.1f} for {year}.")
    return names, {"note": note, "facts": facts}


@analysis("k-table11", title="Table 11: hyperscaler capex vs the model's Nash and cooperative "
          "paths (author's mapping, author data)", section="5.5", version="001",
          needs_author_data=True)
def table11(ctx):
    """Table 11 and the regressions of seed 001 §5.5.1 from the author's firm-year data."""
    from endodec.empirics import capex as C

    f, agg, res = _author_result(ctx)
    static = C.capex_test(f, _mapping(C, ctx, mapping="static"), source=_AUTH)
    observed = C.capex_test(f, _mapping(C, ctx, mapping="observed"), source=_AUTH)
    ctx.save_figure(plots.capex_vs_model(res, static, "Table 11 recomputed (author data)"),
                    "fig001_capex_actual_vs_model",
                    "Actual core-firm capex vs the model's Nash and cooperative paths (scaled so "
                    "Nash(2020)=Actual(2020)), and the overinvestment ratio by year; dotted: the "
                    "'static' mapping (every year at x0, no projections).",
                    provenance=f"{_AUTH}; {res.mapping.describe()}")
    tab = res.table.copy()
    for alt in (static, observed):
        tab[f"coop_{alt.mapping.mapping}"] = alt.table["coop"].to_numpy()
        tab[f"ratio_{alt.mapping.mapping}"] = alt.table["actual_over_coop"].to_numpy()
    ctx.save_table(tab, "tab001_table11_recomputed", "Table 11 recomputed with the author's "
                   "mapping, plus the 'static' and 'observed' mappings", provenance=_AUTH)
    fits = [C.complementarity(f, spec, eff, cov) for spec in ("level", "growth")
            for eff in C.EFFECTS for cov in C.COVS]
    reg = pd.DataFrame([r.record() for r in fits])
    ctx.save_table(reg, "tab001_capex_complementarity", "Strategic complementarity: own capex on "
                   "lagged rival capex (level) and growth on growth, pooled / firm effects, "
                   "classical / robust / clustered-by-firm SEs (4 clusters: treat with care)",
                   provenance=_AUTH)
    pub = [r for r in fits if (r.effects, r.cov) in (("none", "unadjusted"), ("none", "robust"),
                                                      ("firm", "clustered"))]
    ctx.save_regression_table(
        pub, "tab001_capex_complementarity_paper", "Strategic complementarity (seed 001 §5.5.1): "
        "own capex on lagged rival capex (1)-(3) and own growth on rival growth (4)-(6)",
        provenance=_AUTH, model_names=[f"{r.spec}" for r in pub], cluster_by="firm",
        notes=[f"Firms: {', '.join(C.AUTHOR_REGRESSION_FIRMS)}. Column (1) is the author's "
               "specification; with so few clusters the clustered p-values are approximate."])
    ctx.save_table(C.hhi_by_year(f), "tab001_capex_hhi", "Capex HHI of the four core firms",
                   provenance=_AUTH)

    out = _table11_values(res, _AUTH + "; author's mapping")
    fifth, ff = _fifth_firm(C, f, res)
    note_n = ("N = number of core firms with capex above the threshold. " + ff["note"])
    for y in YEARS:
        out[f"N_{y}"].note, out[f"N_{y}"].facts = note_n, dict(ff["facts"])
    out["fifth_firm"] = Value(fifth, note=ff["note"], facts=ff["facts"], data=_AUTH)
    out.update(_regression_values(C, f))
    out.update(_ratio_summaries(res, static, observed))
    fs = res.fit_stats()
    out["nash_fit_r"] = Value(fs["pearson_r"], data=_AUTH)
    cum = res.cumulative()
    out["cum_actual_core"] = Value(cum["actual"], data=_AUTH)
    out["cum_actual_over_coop"] = Value(cum["actual_over_coop"], data=_AUTH)
    return out


def _regression_values(C, f) -> dict:
    lv = C.complementarity(f, "level")
    gr = C.complementarity(f, "growth")
    fe = C.complementarity(f, "level", "firm", "clustered")
    facts = {"n": lv.nobs, "fe_beta": fe.beta, "fe_t": fe.tstat, "fe_p": fe.pvalue,
             "fe_df": fe.df_inference, "growth_beta": gr.beta, "growth_p": gr.pvalue}
    note = ("Pooled OLS of own capex on the sum of the other three core firms' capex lagged one "
            f"year (Microsoft, Alphabet, Amazon, Meta; n={lv.nobs}, classical SEs), as in the "
            "author's script. With firm effects and firm-clustered SEs (CR1, "
            f"t({fe.df_inference:g})): beta={fe.beta:.3f} (t={fe.tstat:.2f}, p={fe.pvalue:.3f}); "
            "the text does not state that specification. The growth-on-growth version is not "
            f"significant (beta={gr.beta:.3f}, p={gr.pvalue:.3f}), which the text omits.")
    cond = {"estimator": LEVEL_ESTIMATOR}

    def v(x):
        return Value(x, note=note, facts=facts, data=_AUTH, conditions=cond)

    return {"level_beta": v(lv.beta), "level_t": v(lv.tstat), "level_p": v(lv.pvalue),
            "level_r2": v(lv.r2), "growth_beta": Value(gr.beta, data=_AUTH),
            "growth_p": Value(gr.pvalue, data=_AUTH)}


def _ratio_summaries(res, static, observed) -> dict:
    """The text's summaries of Table 11's ratio column (seed 001 §5.5.1 and §5.5)."""
    t = res.table
    first = 2022  # the text's "post-ChatGPT period (2022-2025)"
    post = t[t.year >= first]
    r = post.set_index("year").actual_over_coop
    mfacts = {"static_mapping_mean": static.mean_ratio(first),
              "observed_mapping_mean": observed.mean_ratio(first)}
    mnote = (f"Mean of the recomputed Actual/Coop ratios {first}-{int(t.year.max())}. Mappings "
             "of calendar years onto the model that use no projections give other means "
             f"('static' {mfacts['static_mapping_mean']:.2f}, 'observed' "
             f"{mfacts['observed_mapping_mean']:.2f}); the paper states only the author's.")
    out = {"mean_ratio_2022_2025": Value(res.mean_ratio(first), data=_AUTH, note=mnote,
                                         facts=mfacts)}
    out["peak_ratio"] = Value(float(t.actual_over_coop.max()), data=_AUTH)
    pre = t[t.year <= 2020].actual_over_coop
    out["pre_ai_ratio_range"] = Value((float(pre.min()), float(pre.max())), data=_AUTH)
    pfacts = {"first_year": first, "last_year": int(r.index.max()), "min_ratio": float(r.min()),
              "min_year": int(r.idxmin()), "max_ratio": float(r.max()),
              "mean_ratio": res.mean_ratio(first)}
    out["post_ratio_range"] = Value(
        (float(r.min()), float(r.max())), data=_AUTH, facts=pfacts,
        note=(f"Table 11's ratios for {first}-{pfacts['last_year']} run from "
              f"{pfacts['min_ratio']:.2f} ({pfacts['min_year']}) to {pfacts['max_ratio']:.2f}. "
              "The lower end of the stated range matches "
              f"the {first}-{pfacts['last_year']} mean ({pfacts['mean_ratio']:.2f}), not a "
              "ratio of any year: the range is the mean-to-peak span, which the paper does not "
              "call a range anywhere."))
    return out


@analysis("k-table11-packaged", title="Table 11 from the printed table: growth split by N, "
          "mappings without projections, internal consistency", section="5.5", version="001", cost=1.2)
def table11_packaged(ctx):
    """What can be checked from the printed Table 11 (and Table 9) without the author's data."""
    from endodec import datasets
    from endodec.empirics import capex as C

    t = datasets.load("capex_test", "001")
    act = t.set_index("year")["actual_usd_bn"]
    Nover = dict(zip(t.year.astype(int), t.n_firms.astype(int), strict=True))
    static = C.capex_test(None, C.CapexMapping(mapping="static", N_override=Nover), actual=act,
                          source=_T11)
    observed = C.capex_test(None, C.CapexMapping(mapping="observed", N_override=Nover),
                            actual=act, source=_T11)
    out = {}
    if ctx.author_data is None:
        fig = plots.capex_vs_model(observed, static, "Table 11 actual vs model ('observed' mapping)")
        ctx.save_figure(fig, "fig001_capex_actual_vs_model_packaged",
                        "Printed Table 11 actuals vs the model under mappings that do not use "
                        "projections ('observed': C_total = cumulative observed capex; 'static': "
                        "x = x0)", provenance=_T11)
    g = C.growth_by_N_change(t.rename(columns={"n_firms": "N", "actual_usd_bn": "actual"}))
    gfacts = {"n_years_N_increased": g["n_changed"], "n_years_N_stable": g["n_stable"]}
    gnote = (f"Mean YoY growth of Table 11's Actual column in the years where N rose "
             f"({g['n_changed']} observation(s)) vs the {g['n_stable']} other years; with so few "
             "observations in the 'N increased' group no test is possible.")
    out["growth_N_increased"] = Value(100 * g["mean_changed"], note=gnote, data=_T11,
                                      facts=gfacts)
    out["growth_N_stable"] = Value(100 * g["mean_stable"], note=gnote, data=_T11, facts=gfacts)
    out["n_years_N_increased"] = Value(g["n_changed"], data=_T11)
    out.update(_ratio_column_check(t))
    out["post_exceeds_nash_and_coop"] = _post_exceeds(t)
    for y in YEARS:
        out[f"static_ratio_{y}"] = Value(float(static.table.set_index("year").loc[y,
                                                                              "actual_over_coop"]))
    out["static_mean_ratio_2022_2025"] = Value(static.mean_ratio(2022), data=_T11)
    out.update(_fifth_firm_capex(C, datasets, act))
    b = ctx.config.game_baseline("001")
    acc = C.crossing_acceleration_by_N(tuple(sorted({3, 4, 5, 6, 8, 10, int(b["N"])})),
                                       mapping=_game_mapping(C, b))
    out["accel_N5_pct"] = Value(100 * float(acc.set_index("N").loc[5, "acceleration"]),
                                data="game kernel, seed 001 baseline "
                                + describe("001", names=("a", "b", "r", "delta", "x0"), sep=" "),
                                conditions={"baseline": "N=5"})
    out["ratio_x0_N4"] = Value(float(acc.set_index("N").loc[4, "ratio_x0"]),
                               data="game kernel, N=4, code convention")
    out["ratio_x0_N5"] = Value(float(acc.set_index("N").loc[b["N"], "ratio_x0"]),
                               data=f"game kernel, N={b['N']}, code convention")
    out["alpha_enters"] = _alpha_enters()
    ctx.save_table(acc, "tab001_capex_acceleration_by_N", "Crossing-time acceleration and "
                   "Q_N/Q_C at x0 by N (author's Test 2 table)", provenance="game kernel")
    return out


def _ratio_column_check(t) -> dict:
    """Table 11's internal arithmetic: is the printed Actual/Coop column Actual / Coop?

    The Coop column is printed to 0.1, so Actual / Coop can differ from the ratio computed from
    the unrounded Coop by up to Actual * 0.05 / Coop^2; the ratio itself is printed to 0.01.
    """
    a, c, r = t.actual_usd_bn, t.coop_usd_bn, t.actual_over_coop
    err = (a / c - r).abs()
    allowed = a * 0.05 / (c - 0.05) ** 2 + 0.005 + 1e-9
    bad = t.year[err > allowed].astype(int).tolist()
    facts = {"max_abs_diff": float(err.max()), "year_of_max": int(t.year[err.idxmax()]),
             "n_years_off": len(bad), "coop_printed_to": 0.1, "half_unit": 0.05}
    note = (f"Actual / Coop from the printed (rounded) columns differs from the printed ratio by "
            f"at most {facts['max_abs_diff']:.3f} ({facts['year_of_max']}); the rounding of Coop "
            "to 0.1 allows up to Actual x 0.05 / (Coop squared) in each year. "
            + (f"Years off by more: {', '.join(map(str, bad))}." if bad else
               "No year is off by more."))
    return {"ratio_column_max_abs_diff": Value(float(err.max()), data=_T11, facts=facts,
                                               note=note),
            "ratio_column_consistent": Value(not bad, data=_T11, facts=facts, note=note)}


def _post_exceeds(t) -> Value:
    """Seed 001 §5.5.1: the post-ChatGPT ratios are "far exceeding both the cooperative optimum
    and the Nash equilibrium path" -- in every year 2022-2025, Actual > Nash and Actual > Coop?"""
    first = 2022  # the text's "post-ChatGPT period (2022-2025)"
    p = t[t.year >= first]
    below = p.year[(p.actual_usd_bn <= p.nash_usd_bn) | (p.actual_usd_bn <= p.coop_usd_bn)]
    r = p.actual_usd_bn / p.nash_usd_bn
    facts = {"min_actual_over_nash": float(r.min()), "year_of_min": int(p.year[r.idxmin()]),
             "n_years_not_above": len(below), "first_year": first,
             "scaling_year": int(t.year[(t.actual_usd_bn - t.nash_usd_bn).abs().idxmin()])}
    note = (f"Printed Table 11: Actual exceeds the Nash column by a factor of at least "
            f"{facts['min_actual_over_nash']:.2f} ({facts['year_of_min']}) in every year from "
            f"{first}; the Nash column is flat by the author's scaling (Nash = Actual in "
            f"{facts['scaling_year']})."
            if below.empty else
            f"Actual does not exceed Nash and Coop in {', '.join(map(str, below))}.")
    return Value(bool(below.empty), data=_T11, note=note, facts=facts)


def _fifth_firm_capex(C, datasets, act) -> dict:
    """Table 11 Actual minus Table 9's four firms: the fifth firm's capex (seed 001 §5.5.1)."""
    cap = C.firm_panel(datasets.load("hyperscaler_capex", "001"))
    four = cap[cap.company.isin(C.AUTHOR_REGRESSION_FIRMS)].groupby("year")["capex"].sum()
    src = _T11 + " and Table 9 (packaged)"
    out = {}
    y0 = datasets.load("hyperscaler_capex", "000")
    g0 = y0[(y0.row_type == "firm") & y0.company.isin(C.AUTHOR_REGRESSION_FIRMS)].groupby(
        "year")["capex_usd_bn"].sum()
    for y in (2024, 2025):
        gap = float(act.loc[y] - four.loc[y])
        facts = {"table11_actual": float(act.loc[y]), "table9_four_firms": float(four.loc[y]),
                 "year": y}
        note = (f"Table 11's Actual {y} ({facts['table11_actual']:.1f}) minus Table 9's four "
                f"firms (Microsoft, Alphabet, Amazon, Meta: {facts['table9_four_firms']:.1f}) is "
                f"{gap:.1f}, the capex Table 11 attributes to the fifth core firm.")
        status = None
        if y in g0.index:
            facts["seed000_four_firms_guidance"] = float(g0.loc[y])
            facts["table11_minus_seed000_four"] = float(act.loc[y] - g0.loc[y])
        if gap <= 0:
            status = "inconsistent"
            note += (" A negative remainder means Table 11 and Table 9 cannot both be right: "
                     "Table 11 is built on seed 000's 2025 guidance for the four firms "
                     f"({facts.get('seed000_four_firms_guidance', float('nan')):.1f}; "
                     f"remainder {facts.get('table11_minus_seed000_four', float('nan')):.1f}), "
                     "while Table 9 prints higher 2025 figures.")
        out[f"fifth_firm_capex_{y}"] = Value(gap, status=status, data=src, note=note,
                                             facts=facts)
    return out


def _alpha_enters() -> Value:
    """Does the learning elasticity alpha enter the game whose paths Table 11 prints?"""
    names = tuple(GAME_PARAMS)
    enters = "alpha" in names
    note = ("" if enters else
            "The caption cites alpha, but the learning elasticity is not a parameter of the "
            f"game ({', '.join(names)}) nor of the author's script: Table 11's model paths do not "
            "depend on alpha. The caption and the game of §3 disagree.")
    return Value(enters, status=None if enters else "inconsistent", note=note,
                 data="the game's parameter table (endodec.model.params.GAME_PARAMS)",
                 facts={"game_parameters": len(names)})


_AUTH_AGG = "author data hyperscaler_capex_aggregate.csv"


@analysis("k-capex-tables", title="Hyperscaler capex tables: totals, growth, cumulative (seed 000 "
          "Table 4, seed 001 Table 9)", section="4.3", version="both")
def capex_tables(ctx):
    """Check the printed totals of seed 000 Table 4 and seed 001 Table 9 against their rows."""
    from endodec import datasets

    agg = None
    if ctx.author_data is not None:
        agg = datasets.load_author("hyperscaler_capex_aggregate", directory=ctx.author_data) \
            .set_index("year")["industry_total_capex_bn"]
    out = _table4(datasets.load("hyperscaler_capex", "000"), agg)
    out.update(_table9(datasets.load("hyperscaler_capex", "001"), agg))
    out.update(_table13_actuals(datasets))
    out["stargate_dram_share"] = Value(None, note="no DRAM output or Stargate memory-demand "
                                       "data in the paper or the author's files")
    out["stargate_hbm_share"] = Value(None, note="no HBM output or Stargate memory-demand data "
                                      "in the paper or the author's files")
    return out


def _gap_facts(firms, printed, agg, y) -> dict:
    f = {"firm_rows_sum": float(firms.loc[y]), "printed_total": float(printed.loc[y]),
         "gap": float(printed.loc[y] - firms.loc[y])}
    if agg is not None and y in agg.index:
        f["author_aggregate"] = float(agg.loc[y])
    return f


def _table4(d0, agg) -> dict:
    """Seed 000 Table 4: Industry Total vs the firm rows; growth; cumulative (§4.3)."""
    src0 = "hyperscaler_capex (seed 000 Table 4, packaged)"
    firms = d0[d0.row_type == "firm"].groupby("year")["capex_usd_bn"].sum()
    printed = d0[d0.row_type == "total"].set_index("year")["capex_usd_bn"]
    out = {}
    for y in printed.index:
        facts = _gap_facts(firms, printed, agg, y)
        note = ""
        if abs(facts["gap"]) > 0.5:
            note = (f"The firm rows of Table 4 sum to {facts['firm_rows_sum']:.1f}, "
                    f"{facts['gap']:.1f} short of the printed Industry Total.")
            if "author_aggregate" in facts:
                note += (" The author's industry aggregate (hyperscaler_capex_aggregate.csv: the "
                         "listed firms plus NVIDIA and Oracle) is "
                         f"{facts['author_aggregate']:.1f}: the printed total is that aggregate.")
        rd = {"author aggregate": facts["author_aggregate"]} if agg is not None else {}
        out[f"t4_total_{y}"] = Value(facts["firm_rows_sum"], readings=rd, data=src0, note=note,
                                     facts=facts, conditions={"data": "Table 4"})
    y0, y1 = int(printed.index.min()), int(printed.index.max())
    gfacts = {"firm_rows_ratio": float(firms.loc[y1] / firms.loc[y0])}
    out["t4_growth_2018_2025"] = Value(
        float(printed.loc[y1] / printed.loc[y0]), data=src0, facts=gfacts,
        note=f"printed Industry Total {y1} / {y0}; the firm rows give "
             f"{gfacts['firm_rows_ratio']:.2f}")
    if agg is not None:
        c = float(agg.loc[y0:y1].sum())
        out["cum_2018_2025"] = Value(
            c, data=_AUTH_AGG,
            facts={"printed_years_sum": float(printed.sum())},
            note=f"sum of the author's annual industry totals {y0}-{y1}; the printed table lacks "
                 "the odd years (its printed totals alone sum to "
                 f"{float(printed.sum()):.1f}), and the author's totals equal the printed ones "
                 "in the printed years")
    else:
        out["cum_2018_2025"] = Value(None, status="needs author data",
                                     note="the printed Table 4 lacks the odd years")
    out["four_firm_total_2025_000"] = Value(
        float(d0[(d0.row_type == "firm") & (d0.company != "Stargate JV")
                 & (d0.year == y1)].capex_usd_bn.sum()), data=src0)
    return out


def _table9(d1, agg) -> dict:
    """Seed 001 Table 9: Subtotal vs the firm rows, Total vs Subtotal + Other, cumulative."""
    src1 = "hyperscaler_capex (seed 001 Table 9, packaged)"
    firms = d1[d1.row_type == "firm"].groupby("year")["capex_usd_bn"].sum()
    sub = d1[d1.row_type == "subtotal"].set_index("year")["capex_usd_bn"]
    oth = d1[d1.row_type == "other"].set_index("year")["capex_usd_bn"].reindex(sub.index) \
        .fillna(0.0)
    tot = d1[d1.row_type == "total"].set_index("year")["capex_usd_bn"]
    out = {}
    cond = {"data": "Table 9"}
    for y in sub.index:
        facts = _gap_facts(firms, sub, agg, y)
        note = ""
        if abs(facts["gap"]) > 0.5:
            note = (f"The firm rows of Table 9 sum to {facts['firm_rows_sum']:.1f}, "
                    f"{facts['gap']:.1f} short of the printed Subtotal; Table 9's footnote puts "
                    "Oracle among the 'Other hyperscalers', so the Subtotal should be the listed "
                    "firms alone.")
            if "author_aggregate" in facts:
                note += (" The printed Subtotal equals the author's industry aggregate "
                         f"({facts['author_aggregate']:.1f}: the listed firms plus NVIDIA and "
                         "Oracle).")
        out[f"t9_subtotal_{y}"] = Value(facts["firm_rows_sum"], data=src1, note=note,
                                        facts=facts, conditions=cond)
        tf = {"printed_subtotal": float(sub.loc[y]), "printed_other": float(oth.loc[y])}
        out[f"t9_total_{y}"] = Value(float(sub.loc[y] + oth.loc[y]), data=src1, facts=tf,
                                     conditions=cond,
                                     note="printed Subtotal + printed Other hyperscalers")
    cfacts = {"printed_totals_sum": float(tot.sum()), "n_printed_years": len(tot),
              "printed_years": " ".join(map(str, tot.index))}
    note = (f"Sum of Table 9's {len(tot)} printed totals ({', '.join(map(str, tot.index))}): "
            f"{cfacts['printed_totals_sum']:,.0f}.")
    odd = [y for y in range(int(tot.index.min()), int(tot.index.max()) + 1) if y not in tot.index]
    if agg is not None:
        have = [y for y in odd if y in agg.index]
        cfacts["author_missing_years_sum"] = float(agg.loc[have].sum())
        cfacts["missing_years"] = " ".join(map(str, have))
        cfacts["with_author_missing_years"] = cfacts["printed_totals_sum"] + cfacts[
            "author_missing_years_sum"]
        note += (f" Adding the author's industry totals for the missing years "
                 f"({', '.join(map(str, have))}) gives {cfacts['with_author_missing_years']:,.0f}.")
    note += (" Neither reaches the stated cumulative figure; the paper does not say how it was "
             "built.")
    out["t9_cum_2018_2026"] = Value(cfacts["printed_totals_sum"], data=src1, facts=cfacts,
                                    note=note, conditions=cond)
    return out


def _table13_actuals(datasets) -> dict:
    """Seed 001 Table 13's actual capex against Table 9's Subtotal, the row that carries seed
    000's Industry Total (same 2018-2024 values) in seed 001."""
    t13 = datasets.load("overinvestment_calibration", "001")
    act = t13[(t13.quantity == "Actual AI capex") & t13.year.notna()]
    d1 = datasets.load("hyperscaler_capex", "001")
    sub = d1[d1.row_type == "subtotal"].set_index("year")["capex_usd_bn"]
    tot = d1[d1.row_type == "total"].set_index("year")["capex_usd_bn"]
    t11 = datasets.load("capex_test", "001").set_index("year")["actual_usd_bn"]
    out = {}
    for r in act.itertuples():
        y = int(r.year)
        facts = {"table13_actual": float(r.lo), "table9_subtotal": float(sub.loc[y]),
                 "table9_total": float(tot.loc[y]), "table11_actual": float(t11.loc[y])}
        same = matches(float(sub.loc[y]), parse_expected(str(r.printed)), "rel:0.02")
        note = (f"Table 13 prints {r.printed} for {y}; Table 9 prints Subtotal "
                f"{facts['table9_subtotal']:.0f} and Total {facts['table9_total']:.0f}, Table 11 "
                f"Actual {facts['table11_actual']:.1f} (five core firms).")
        if not same:
            note += (" Table 13 and Table 9 state different actuals for the same year: Table 13 "
                     "keeps the figure of seed 000 while Table 9 was updated.")
        out[f"actual_{y}_t13"] = Value(float(sub.loc[y]), status=None if same else
                                       "inconsistent", data="seed 001 Tables 9, 11 and 13 "
                                       "(packaged)", note=note, facts=facts,
                                       conditions={"data": "Table 9"})
    return out


@analysis("k-appb", title="Appendix B: overinvestment in dollar terms", section="B",
          version="both")
def appendix_b(ctx):
    """Implied cooperative capex and excess from the table's own actual and ratio rows (seed 000
    Table B1, seed 001 Table 13), and seed 000 §3.7's point figures at the model's baseline."""
    from endodec import datasets
    from endodec.empirics import capex as C

    out = {}
    for v, table in (("000", "Table B1"), ("001", "Table 13")):
        d = datasets.load("overinvestment_calibration", v)
        out.update(_dollar_rows(C, d, v, table, ctx))
    out.update(_section37(C, datasets.load("overinvestment_calibration", "000"),
                          ctx.config.game_baseline("000")))
    return out


def _game_mapping(C, b: dict):
    """The capex mapping at the game parameters ``b`` (the run's configuration)."""
    return C.CapexMapping(a=b["a"], b=b["b"], r=b["r"], delta=b["delta"], x0=b["x0"])


def _model_ratio(C, b: dict) -> tuple[float, dict]:
    acc = C.crossing_acceleration_by_N((b["N"],), mapping=_game_mapping(C, b))
    return float(acc["ratio_x0"].iloc[0]), b


def _dollar_rows(C, d, v, table, ctx) -> dict:
    src = f"overinvestment_calibration (seed {v} {table}, packaged)"
    rows = d[d.year.notna()].assign(year=lambda x: x.year.astype(int))
    get = {q: rows[rows.quantity == q].set_index("year") for q in rows.quantity.unique()}
    actual, ratio = get["Actual AI capex"], get["Model QN/QC ratio"]
    coop_p, exc_p = get["Implied cooperative"], get["Excess investment"]
    model, b = _model_ratio(C, ctx.config.game_baseline(v))
    out, frames = {}, []
    for y in actual.index:
        a, lo, hi = float(actual.loc[y, "lo"]), float(ratio.loc[y, "lo"]), float(ratio.loc[y, "hi"])
        tab = C.dollar_table(pd.Series({y: a}), (lo, hi))
        frames.append(tab)
        coop = (float(tab.loc[y, "coop_lo"]), float(tab.loc[y, "coop_hi"]))
        exc = (float(tab.loc[y, "excess_lo"]), float(tab.loc[y, "excess_hi"]))
        pc = (float(coop_p.loc[y, "lo"]), float(coop_p.loc[y, "hi"]))
        pe = (float(exc_p.loc[y, "lo"]), float(exc_p.loc[y, "hi"]))
        facts = {"actual": a, "ratio_lo": lo, "ratio_hi": hi,
                 "ratio_implied_by_coop": f"{a / pc[1]:.2f}-{a / pc[0]:.2f}",
                 "ratio_implied_by_excess": f"{a / (a - pe[0]):.2f}-{a / (a - pe[1]):.2f}",
                 "model_ratio_at_baseline": model, "model_baseline_N": b["N"],
                 "coop_at_model_ratio": a / model, "excess_at_model_ratio": a - a / model}
        cond = {"data": table}
        for key, val, printed, what in (("coop", coop, coop_p, "cooperative"),
                                        ("excess", exc, exc_p, "excess")):
            ok = matches(val, parse_expected(str(printed.loc[y, "printed"])), "rel:0.02")
            note = (f"{table}'s own actual ({a:.0f}) and ratio row ({lo:g}-{hi:g}) give "
                    f"{what} {val[0]:.1f}-{val[1]:.1f}.")
            if not ok:
                note += (f" The printed {printed.loc[y, 'printed']} corresponds to ratios "
                         f"{facts[f'ratio_implied_by_{key}']}, not to the table's ratio row: the cells of {table} contradict each "
                         "other.")
            note += (f" The model's own ratio at the seed {v} baseline (N={b['N']}) is "
                     f"{model:.2f}, which gives {facts[f'{key}_at_model_ratio']:.1f}.")
            out[f"{key}_{v}_{y}"] = Value(val, status=None if ok else "inconsistent", note=note,
                                          facts=facts, data=src, conditions=cond)
        out[f"ratio_{v}"] = Value(model, data=f"game kernel Q_N/Q_C at x0, seed {v} baseline")
    if v == "000":
        ctx.save_table(pd.concat(frames), "tab000_appendix_b", "Appendix B recomputed: implied "
                       "cooperative = actual / ratio; excess = actual - cooperative",
                       index=True, provenance=src)
    return out


def _section37(C, d, b0: dict) -> dict:
    """Seed 000 §3.7: "the model implies a 'rational monopolist' benchmark of ~$145B, with the
    excess ~$291B", against the projected 2025 spending of Table 4 / Table B1, at the model's
    Q_N/Q_C at the seed 000 baseline (the sentence says "at the baseline calibration")."""
    model, b = _model_ratio(C, b0)
    rows = d[(d.quantity == "Actual AI capex") & d.year.notna()]
    y = int(rows.year.max())
    a = float(rows[rows.year == y].lo.iloc[0])
    r = d[(d.quantity == "Model QN/QC ratio") & (d.year == y)]
    lo, hi = float(r.lo.iloc[0]), float(r.hi.iloc[0])
    facts = {"actual": a, "model_ratio_at_baseline": model, "baseline_N": b["N"],
             "coop_at_model_ratio": a / model, "excess_at_model_ratio": a - a / model,
             "printed_ratio_lo": lo, "printed_ratio_hi": hi,
             "coop_at_printed_ratio_lo": a / lo, "excess_at_printed_ratio_lo": a - a / lo}
    cond = {"baseline": f"N={b['N']}"}
    note = (f"At the seed 000 baseline (N={b['N']}) the model's Q_N/Q_C at x0 is {model:.2f}, so "
            f"{a:.0f} / {model:.2f} = {a / model:.1f} cooperative and {a - a / model:.1f} excess. "
            f"The printed figures follow from the lower end of the printed ratio range instead "
            f"({a:.0f} / {lo:g} = {a / lo:.1f}; excess {a - a / lo:.1f}), a ratio the model does "
            "not produce at its baseline.")
    return {"monopolist_000_2025": Value(a / model, note=note, facts=facts, conditions=cond,
                                         data="game kernel at the seed 000 baseline; Table B1"),
            "monopolist_excess_000_2025": Value(a - a / model, note=note, facts=facts,
                                                conditions=cond, data="game kernel at the seed "
                                                "000 baseline; Table B1")}


__all__ = ["table11", "table11_packaged", "capex_tables", "appendix_b"]
