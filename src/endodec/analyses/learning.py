"""Learning-curve analyses of both paper versions.

Seed 000: §3.7 (calibration Q̄), §4.1 (DRAM, Table 2), §4.2 (HBM, Table 3), §5.3 (Table 6).
Seed 001: §3.8 (Table 2, T* vs alpha), §3.9, §5.2.1-5.2.2 (Tables 6, 8, small-sample diagnostics),
§6.4 (Table 12, Cochran Q), Appendix D (Table 14, Bai-Perron).

Every number is recomputed from the packaged tables (printed in the paper) or, in the analyses
marked ``needs_author_data``, from the author's data files; the paper's numbers live only in
``claims/data/learning.csv``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from endodec.analyses.base import Value, analysis
from endodec.plots import learning as plots

B_FULL, B_FAST = 10_000, 1_000
SIM_FULL, SIM_FAST = 20_000, 2_000


# ----------------------------------------------------------------------------- helpers
def _dram(version: str) -> pd.DataFrame:
    from endodec import datasets

    return datasets.load("dram", version=version)


def _prov(df: pd.DataFrame) -> str:
    p = df.attrs.get("provenance", {})
    if p.get("kind") == "author":
        return f"author data {p.get('file', '')} (jonsmirl/thesis @ {p.get('commit', '')[:7]})"
    return f"packaged {p.get('dataset', '')} v{p.get('version', '')}: {p.get('source', '')}"


def _nb(ctx) -> int:
    return B_FAST if ctx.fast else B_FULL


def _ns(ctx) -> int:
    return SIM_FAST if ctx.fast else SIM_FULL


def _implied_se(alpha, r2, n):
    """SE of the slope implied by alpha, R² and n in a simple regression:
    alpha * sqrt((1 - R²) / (R² (n - 2)))."""
    return alpha * np.sqrt((1 - r2) / (r2 * (n - 2)))


# ----------------------------------------------------------------------------- DRAM, packaged
def _dram_packaged(ctx, version: str):
    from endodec.empirics.learning_curves import (
        bootstrap_alpha,
        fit_frame,
        fit_wright,
        leave_one_out,
        recursive_fits,
        subperiod_fits,
    )

    df = _dram(version)
    prov = _prov(df)
    d = df.dropna(subset=["ln_price"])
    fit = fit_frame(d, logs=True, name=f"DRAM, printed table (seed {version})")
    lv = d[d["cum_prod_qualifier"].fillna("") != "<"]
    fit_levels = fit_wright(d["price_usd_per_gb"], d["cum_prod_eb"], labels=d["year"])
    fit_no84 = fit_frame(lv, logs=True)
    endpoint = -(fit.y[-1] - fit.y[0]) / (fit.x[-1] - fit.x[0])
    sub = subperiod_fits(fit.x, fit.y, fit.labels, [(1984, 2000), (2000, 2024)], min_obs=2)
    sub2 = {}
    for a, b in [(1984, 2000), (2000, 2024)]:
        m = (fit.labels >= a) & (fit.labels <= b)
        sub2[(a, b)] = float(-np.polyfit(fit.x[m], fit.y[m], 1)[0])
    loo = leave_one_out(fit)
    rec = recursive_fits(fit)
    boot = bootstrap_alpha(fit, n_resamples=_nb(ctx), seed=ctx.seed)
    tag = f"{version}"
    tab = pd.concat([fit.to_frame().assign(sample="printed logs (OLS)"),
                     fit_levels.to_frame().assign(sample="levels, 1984 cum = 0.001 EB"),
                     fit_no84.to_frame().assign(sample="printed logs without 1984")],
                    ignore_index=True)
    ctx.save_table(tab, f"tab{tag}_dram_fit", f"Wright's-law OLS on the DRAM table printed in seed "
                   f"{version}; alternative treatments of the 1984 '<0.001' row.", provenance=prov)
    ctx.save_regression_table([fit, fit_levels, fit_no84], f"tab{tag}_dram_fit_paper", "Wright's "
                              f"law on the DRAM table printed in seed {version}", provenance=prov,
                              model_names=["printed logs", "levels", "without 1984"])
    ctx.save_table(sub.assign(alpha_any_n=[sub2[k] for k in sub2]), f"tab{tag}_dram_subperiods",
                   "Sub-period fits on the printed DRAM rows (few observations).", provenance=prov)
    ctx.save_table(loo, f"tab{tag}_dram_loo", "Leave-one-out alphas, printed DRAM table",
                   provenance=prov)
    ctx.save_table(rec, f"tab{tag}_dram_recursive", "Expanding-window alphas, printed DRAM table",
                   provenance=prov)
    ctx.save_table(boot.to_frame(), f"tab{tag}_dram_bootstrap",
                   "Pairs bootstrap of alpha, printed DRAM table", provenance=prov)
    ctx.save_figure(plots.fit_with_residuals(fit, f"DRAM learning curve, table printed in seed {version}"),
                    f"fig{tag}_dram_fit", "Wright's-law fit with 95% band and residuals",
                    provenance=prov)
    ctx.save_figure(plots.stability(fit, loo, rec, boot, f"DRAM printed table (seed {version})"),
                    f"fig{tag}_dram_diagnostics", "Leave-one-out, recursive and bootstrap alphas",
                    provenance=prov)
    return fit, fit_levels, fit_no84, endpoint, sub, sub2, boot, prov


@analysis("s4.1-dram-fit", title="DRAM learning curve (printed table)", section="4.1",
          version="000")
def dram_fit_000(ctx):
    fit, fl, f84, endpoint, sub, sub2, boot, prov = _dram_packaged(ctx, "000")
    why = (f"The 9 printed rows give alpha = {fit.alpha:.3f} (OLS on the printed logs); the paper's 0.22 "
           "is not reproducible from its own Table 2 and is also far from the author's 41-year "
           "series (0.771, see s4.1-dram-author). The triple (alpha 0.22, SE 0.03, n 41) is "
           "internally inconsistent with R² = 0.96: R² = 0.96 with n = 41 implies SE = "
           f"alpha*sqrt((1-R²)/(R²(n-2))) = {_implied_se(0.22, 0.96, 41):.4f}.")
    rd = {"printed_levels_1984_cum_0.001": fl.alpha, "printed_without_1984": f84.alpha,
          "endpoint_slope_1984_2024": endpoint}
    s1 = sub.iloc[0]
    s2 = sub.iloc[1]
    return {
        "alpha": Value(fit.alpha, readings=rd, note=why, data=prov),
        "se": Value(fit.se, readings={"implied_by_paper_alpha_r2_n41": _implied_se(0.22, 0.96, 41)},
                    note="SE of the OLS slope on the 9 printed rows; " + why, data=prov),
        "r2": Value(fit.r2, readings={"printed_levels": fl.r2}, data=prov,
                    note="R² of the OLS fit on the 9 printed rows (author's 41-year series: 0.959)"),
        "n": Value(fit.n, data=prov, note="the paper prints 9 of the 41 years; the 41-year "
                   "series is the author's (run with --author-data)"),
        "alpha_1984_2000": Value(s1["alpha"], data=prov, note=f"{int(s1['n'])} printed rows 1984-2000; "
                                 "author's 41-year series gives 0.495 (s4.1-dram-author)"),
        "alpha_2000_2024": Value(s2["alpha"], data=prov, note=f"{int(s2['n'])} printed rows "
                                 "2000-2024; author's 41-year series gives 0.80"),
        "boot_ci_lo": Value(boot.ci[0], data=prov, note="no paper claim; pairs bootstrap"),
        "boot_ci_hi": Value(boot.ci[1], data=prov),
    }


@analysis("s5.2-dram-fit", title="DRAM die cost trajectory (printed Table 6)", section="5.2",
          version="001")
def dram_fit_001(ctx):
    fit, fl, f84, endpoint, sub, sub2, boot, prov = _dram_packaged(ctx, "001")
    note = (f"OLS on the 9 printed rows through 2024 gives alpha = {fit.alpha:.3f} (SE {fit.se:.3f}, R² {fit.r2:.3f}); "
            "the paper's 0.66 equals the two-point slope between the 1984 and 2024 rows "
            f"((13.68-0.69)/(8.07+11.51) = {endpoint:.3f}), not an OLS estimate. (0.66, SE 0.04, "
            f"R² 0.96) is internally inconsistent for n = 9: R² 0.96 implies SE {_implied_se(0.66, 0.96, 9):.3f}."
            )
    rd = {"endpoint_slope_1984_2024": endpoint, "printed_levels_1984_cum_0.001": fl.alpha,
          "printed_without_1984": f84.alpha}
    df = _dram("001")
    sc = df[df["supercycle"].astype(bool)].iloc[0]
    trend = float(fit.predict(sc["cum_prod_eb"]))
    lo_p, hi_p = float(sc["price_usd_per_gb_lo"]), float(sc["price_usd_per_gb_hi"])
    p24 = float(df.loc[df["year"] == 2024, "price_usd_per_gb"].iloc[0])
    above_trend = (100 * (lo_p / trend - 1), 100 * (hi_p / trend - 1))
    above_2024 = (100 * (lo_p / p24 - 1), 100 * (hi_p / p24 - 1))
    sc_note = (f"Table 6's 2025-26 row ({lo_p:g}-{hi_p:g} $/GB at ~{sc['cum_prod_eb']:g} EB) lies "
               f"{above_trend[0]:.0f}-{above_trend[1]:.0f}% above the OLS trend of the printed rows "
               f"({trend:.2f} $/GB) and {above_2024[0]:.0f}-{above_2024[1]:.0f}% above the 2024 "
               "price: neither is 250-400% (the paper's figure refers to consumer DDR5 prices, "
               "which Table 6 does not list)")
    out_sc = {"supercycle_above_trend": Value(above_trend, readings={"vs_2024_price": above_2024},
                                              note=sc_note, data=prov)}
    return out_sc | {
        "alpha": Value(fit.alpha, readings=rd, note=note, data=prov),
        "se": Value(fit.se, readings={"implied_by_alpha0.66_r2_n9": _implied_se(0.66, 0.96, 9)},
                    note=note, data=prov),
        "r2": Value(fit.r2, readings={"printed_levels": fl.r2}, note=note, data=prov),
        "n": Value(fit.n, data=prov, note="rows through 2024 (the 2025-26 supercycle row is "
                   "excluded: printed as a price range, 'not production cost')"),
    }


def _serial_table(ctx, fit, boot, prov):
    """Inference on alpha under the measured autocorrelation: OLS vs Newey-West SEs,
    iid-pairs (percentile, BCa, studentized) vs block-bootstrap intervals; saved as a table."""
    from endodec.empirics.learning_curves import block_bootstrap_alpha, serial_correlation

    sc = serial_correlation(fit)
    r = sc.iloc[0]
    rows = [("OLS t(n-2)", r["se_ols"], r["ci_lo_ols"], r["ci_hi_ols"], None),
            (f"Newey-West t(n-2), {int(r['nw_lags'])} lags", r["se_nw"], r["ci_lo_nw"],
             r["ci_hi_nw"], None),
            ("pairs bootstrap, percentile", boot.se, *boot.ci, None),
            ("pairs bootstrap, BCa", boot.se, *boot.ci_bca, None),
            ("pairs bootstrap, studentized", boot.se, *boot.ci_studentized, None)]
    for kind in ("moving", "stationary"):
        b = block_bootstrap_alpha(fit, n_resamples=min(_nb(ctx), 2000), seed=ctx.seed, kind=kind)
        rows.append((f"{b.method} bootstrap, percentile", b.se, *b.ci, b.block_length))
    tab = pd.DataFrame(rows, columns=["inference", "se", "ci_lo", "ci_hi", "block_length"])
    tab.insert(0, "alpha", fit.alpha)
    tab["dw"], tab["rho1"], tab["bg_pvalue"] = r["dw"], r["rho1"], r["bg_pvalue"]
    ctx.save_table(tab, "tabA_dram_author_serial", "Alpha under serial correlation: OLS vs "
                   "Newey-West SEs (bandwidth floor(4(n/100)^(2/9))), iid vs block bootstrap "
                   "(arch), Durbin-Watson and Breusch-Godfrey", provenance=prov)
    note = (f"Residuals are autocorrelated (Durbin-Watson {r['dw']:.3f}, rho1 {r['rho1']:.2f}, "
            f"Breusch-Godfrey p = {r['bg_pvalue']:.2g}): the Newey-West SE "
            f"({int(r['nw_lags'])} lags) is {r['se_nw']:.4f} = {r['nw_over_ols']:.2f}x the OLS "
            "SE; table tabA_dram_author_serial")
    return sc, note


@analysis("s4.1-dram-author", title="DRAM learning curve, author's 41-year series",
          section="4.1", version="both", needs_author_data=True)
def dram_fit_author(ctx):
    from endodec import datasets
    from endodec.empirics.learning_curves import (
        bootstrap_alpha,
        fit_frame,
        leave_one_out,
        recursive_fits,
        rolling_fits,
        subperiod_fits,
    )

    a = datasets.load_author("dram_learning_curve", directory=ctx.author_data)
    prov = _prov(a)
    fit = fit_frame(a, logs=True, name="DRAM 1984-2024 (author data)")
    sub = subperiod_fits(fit.x, fit.y, fit.labels,
                         [(1984, 2000), (2000, 2024), (1984, 1994), (1995, 2007), (2008, 2024)])
    loo = leave_one_out(fit)
    rec = recursive_fits(fit, min_obs=3)
    roll = rolling_fits(fit, 10)
    boot = bootstrap_alpha(fit, n_resamples=_nb(ctx), seed=ctx.seed)
    ctx.save_table(pd.concat([fit.to_frame(), sub], ignore_index=True), "tabA_dram_author_fits",
                   "Author's 41-year DRAM series: full-sample and sub-period OLS",
                   provenance=prov)
    ctx.save_regression_table([fit], "tabA_dram_author_fit_paper", "Wright's law on the "
                              "author's 41-year DRAM series", provenance=prov, model_names=["OLS"])
    ctx.save_table(roll, "tabA_dram_author_rolling", "10-year rolling alphas (author data)",
                   provenance=prov)
    ctx.save_figure(plots.fit_with_residuals(fit, "DRAM 1984-2024, author's 41-year series"),
                    "figA_dram_author_fit", "Wright's-law fit on the author's series",
                    provenance=prov)
    ctx.save_figure(plots.stability(fit, loo, rec, boot, "DRAM 1984-2024 (author data)"),
                    "figA_dram_author_diagnostics", "LOO, recursive, bootstrap (author data)",
                    provenance=prov)
    serial, sc_note = _serial_table(ctx, fit, boot, prov)
    out = {
        "alpha": Value(fit.alpha, data=prov, note="OLS on the author's 41 annual rows "
                       "(= author's own ols_alpha column 0.7709). seed 000 prints 0.22 and seed "
                       "001 prints 0.66 for 'the 41-year' regression: neither matches."),
        "se": Value(fit.se, data=prov,
                    note="conventional OLS SE (the author's own dram_learning_curve.csv: 0.0255). "
                         "The SE 0.04 printed in seed 001 matches the author's "
                         "learning_curve_literature.csv row 'DRAM (aggregate, OLS)', which lists "
                         "alpha 0.77 with SE 0.04 (n 41): the paper kept that SE with alpha 0.66. "
                         + sc_note),
        "se_nw": Value(float(serial.loc[0, "se_nw"]), data=prov, note=sc_note),
        "nw_over_ols": Value(float(serial.loc[0, "nw_over_ols"]), data=prov, note=sc_note),
        "durbin_watson": Value(float(serial.loc[0, "dw"]), data=prov,
                               note=f"rho1 = {serial.loc[0, 'rho1']:.3f}"),
        "bg_pvalue": Value(float(serial.loc[0, "bg_pvalue"]), data=prov,
                           note=f"Breusch-Godfrey LM, {int(serial.loc[0, 'bg_lags'])} lags"),
        "r2": Value(fit.r2, data=prov), "n": Value(fit.n, data=prov),
        "boot_ci_lo": Value(boot.ci[0], data=prov), "boot_ci_hi": Value(boot.ci[1], data=prov),
        "loo_min": Value(float(loo["alpha"].min()), data=prov),
        "loo_max": Value(float(loo["alpha"].max()), data=prov),
    }
    for _, r in sub.iterrows():
        k = f"alpha_{r['start']}_{r['end']}"
        out[k] = Value(r["alpha"], data=prov,
                       note=(f"OLS on the author's {int(r['n'])} annual rows {r['start']}-"
                             f"{r['end']}: alpha = {r['alpha']:.3f} (full sample on the same "
                             f"series: {fit.alpha:.3f}, claim c000-4.1-alpha-41y)"))
        out[f"se_{r['start']}_{r['end']}"] = Value(r["se"], data=prov)
    # the author's own results file (validation)
    try:
        st = datasets.load_author("dram_subsample_tests", directory=ctx.author_data)
        from endodec.empirics.breaks import segment_ssr

        S = segment_ssr(fit.y, np.column_stack([np.ones(fit.n), fit.x]), 2)
        chow = []
        for bp in st["breakpoint"]:
            k = int(np.flatnonzero(fit.labels == bp)[0])
            s0, s1, s2 = S[0, fit.n - 1], S[0, k], S[k + 1, fit.n - 1]
            chow.append(((s0 - s1 - s2) / 2) / ((s1 + s2) / (fit.n - 4)))
        out["chow_max_abs_diff_vs_author"] = Value(float(np.max(np.abs(np.array(chow)
                                                                       - st["chow_f"]))),
                                                   data=prov, note="Chow F vs the author's file")
    except Exception as e:  # pragma: no cover - optional file
        out["chow_max_abs_diff_vs_author"] = Value(None, note=f"not computed: {e}")
    return out


# ----------------------------------------------------------------------------- HBM
@analysis("s4.2-hbm-fit", title="HBM learning curve (Table 3 / Table 8)", section="4.2",
          version="both")
def hbm_fit(ctx):
    from endodec import datasets
    from endodec.empirics.learning_curves import fit_wright

    out = {}
    for v in ("000", "001"):
        h = datasets.load("hbm", version=v)
        prov = _prov(h)
        obs = h[~h["projection"].astype(bool)].dropna(subset=["price_usd_per_gb"])
        p, yr, cap = (obs["price_usd_per_gb"].to_numpy(float), obs["year"].to_numpy(),
                      obs["capacity_per_stack_gb"].to_numpy(float))
        proxies = {}
        for nm, q in {"years_since_2014": yr - 2014.0, "cumulative_capacity_per_stack": np.cumsum(cap),
                      "generation_index": np.arange(1.0, len(p) + 1)}.items():
            f = fit_wright(p, q, labels=yr)
            proxies[nm] = (f.alpha, f.se, f.r2, f.n)
        implied = float(np.exp(np.log(p[0] / p[-1]) / 0.23))
        note = ("underdetermined: the paper regresses ln($/GB) on ln(cumulative HBM units "
                "shipped) but prints no shipment series (nor does the author's hbm_pricing.csv). "
                f"alpha = 0.23 over {yr[0]}-{yr[-1]} ({p[0]:g} -> {p[-1]:g} $/GB) requires "
                f"cumulative shipments to grow {implied:,.0f}x. Proxy regressors (readings, not "
                "the paper's): " + "; ".join(f"{k}: alpha {a:.3f} (SE {s:.3f}, R² {r:.3f}, n {n})"
                                               for k, (a, s, r, n) in proxies.items()))
        rd = {k: v_[0] for k, v_ in proxies.items()}
        out[f"alpha_{v}"] = Value(None, readings=rd, note=note, data=prov, status="underdetermined")
        out[f"se_{v}"] = Value(None, readings={k: v_[1] for k, v_ in proxies.items()}, note=note,
                               data=prov, status="underdetermined")
        out[f"n_{v}"] = Value(int(len(p)), readings={"through_2024": int((yr <= 2024).sum())},
                              data=prov, note="non-projected priced rows 2015-2025: 7; the paper's "
                              "n = 6 matches the rows through 2024 (the period of Tables 6/12), "
                              "although the text says 2015-2025")
        out[f"n_through_2024_{v}"] = Value(int((yr <= 2024).sum()), data=prov,
                                           note="rows 2015-2024 (the Table 6/12 period)")
        out[f"price_ratio_{v}"] = Value(float(p[0] / p[-1]), data=prov)
        if v == "001":
            fig = plots.hbm_prices(h["year"], h["price_usd_per_gb"].fillna(
                h["price_usd_per_gb_lo"]))
            ctx.save_figure(fig, "fig001_hbm_prices", "HBM prices; no cumulative shipments are "
                            "printed, so alpha cannot be re-estimated", provenance=prov)
    for k in ("loo_lo", "loo_hi", "recursive_first", "boot_ci_lo", "boot_ci_hi"):
        out[k] = Value(None, status="underdetermined",
                       note="needs the cumulative HBM shipment series the paper does not print; "
                            "the estimators are in endodec.empirics.learning_curves and run on "
                            "any (price, cumulative) table")
    return out


# ----------------------------------------------------------------------------- calibration
@analysis("s3.7-calibration", title="Crossing threshold Q̄ from the learning curve",
          section="3.7", version="both")
def calibration(ctx):
    from endodec.model.learning import threshold_Q

    c_now, q_now, alpha = 12.0, 2.5, 0.23
    targets = np.array([5.0, 6.0, 7.0])
    qb = threshold_Q(c_now, q_now, targets, alpha)
    tab = pd.DataFrame({"target_usd_per_gb": targets, "Q_bar_EB": qb, "multiple_of_now": qb / q_now})
    data = "seed 000 §3.7 inputs: c_now = $12/GB, Q_now = 2.5 EB, alpha = 0.23, target $5-7/GB"
    ctx.save_table(tab, "tab000_calibration_qbar", "Q̄ = Q_now (c_now/c*)^(1/alpha)",
                   provenance=data)
    from endodec import datasets

    h0 = datasets.load("hbm", version="000")
    c24 = float(h0.loc[h0["year"] == 2024, "price_usd_per_gb"].iloc[0])
    alt = threshold_Q(c24, q_now, targets, alpha)
    note = ("Q̄ = 2.5 (12/c*)^(1/0.23): the paper's arithmetic holds. Note: §3.7 calls $12/GB "
            f"'HBM3E, 2024' but its own Table 3 prices HBM3E (2024) at ${c24:g}/GB ($12 is "
            f"HBM3E+, 2025); with ${c24:g}/GB the range would be {alt[2]:.0f}-{alt[0]:.0f} EB "
            "(seed 001 §3.8 fixes the label to 2025).")
    rd5 = {f"c_now_{c24:g}_table3_2024": float(alt[0])}
    rd7 = {f"c_now_{c24:g}_table3_2024": float(alt[2])}
    return {
        "qbar_range": Value((float(qb[2]), float(qb[0])), data=data, note=note),
        "qbar_5": Value(float(qb[0]), data=data, note=note, readings=rd5),
        "qbar_7": Value(float(qb[2]), data=data, note=note, readings=rd7),
        "multiple_range": Value((float(qb[2] / q_now), float(qb[0] / q_now)), data=data),
        "qbar_6": Value(float(qb[1]), data=data, note="mid target $6/GB (not printed)"),
    }


@analysis("s3.8-table2", title="Crossing time vs learning elasticity (Table 2)", section="3.8",
          version="001")
def table2(ctx):
    from endodec.model.learning import alpha_sensitivity_table, years_to_threshold

    t = alpha_sensitivity_table()
    data = ("T* = ln(12)/(alpha ln 1.25): cost reduction factor 12 from 3,200 EB with 25%/yr "
            "growth of cumulative output, the inputs recovered from the author's "
            "alpha_sensitivity_analysis.csv (the paper states none of them)")
    ctx.save_table(t, "tab001_table2_alpha_sensitivity", "Seed 001 Table 2 recomputed",
                   provenance=data)
    from endodec import datasets
    from endodec.model.learning import crossing_time_vs_alpha

    printed = datasets.load("alpha_sensitivity", version="001")
    ag = np.linspace(0.10, 0.40, 200)
    fig = plots.alpha_sensitivity(ag, crossing_time_vs_alpha(ag), printed["alpha"],
                                  printed["t_star_years_from_2024"])
    ctx.save_figure(fig, "fig001_table2_crossing_vs_alpha", "Crossing time vs alpha: formula and "
                    "the printed Table 2", provenance=data + "; points: " + _prov(printed))
    out = {}
    qbar_sec37 = float(years_to_threshold(112.0, 2.5, 0.25))
    for _, r in t.iterrows():
        a = f"{r['alpha']:.2f}"
        note = "formula of the author's script"
        if a == "0.23":
            note = ("the author's CSV has no 0.23 row (its baseline is 0.32); its formula gives "
                    f"{r['t_star_years']:.1f} years ({r['calendar_year']:.0f}), not 47 (2071); "
                    "47 corresponds to alpha ≈ 0.237. Linear interpolation between the 0.20 and "
                    "0.25 rows gives 49.0. The §3.7 calibration (Q̄ = 112 EB from 2.5 EB, same "
                    f"growth) would give {qbar_sec37:.1f} years: the two sections use different "
                    "thresholds.")
        rd_t, rd_y = {}, {}
        if a == "0.23":
            # linear interpolation between the neighbouring rows of the same formula
            t20, t25 = (float(t.loc[np.isclose(t["alpha"], x), "t_star_years"].iloc[0])
                        for x in (0.20, 0.25))
            rd_t["linear_interp_0.20_0.25"] = t20 + (0.23 - 0.20) / 0.05 * (t25 - t20)
            # a hand approximation: ~3 years per doubling instead of ln2/ln1.25 = 3.106
            rd_t["3_years_per_doubling"] = 3.0 * float(r["doublings_to_threshold"])
            rd_y["3_years_per_doubling"] = 2024 + rd_t["3_years_per_doubling"]
            note += (" The row is matched by doublings x 3 years = "
                     f"{rd_t['3_years_per_doubling']:.2f} years ({rd_y['3_years_per_doubling']:.1f})"
                     ": a '3 years per doubling' approximation, which the other rows do not use"
                     " (it would give 89.6 instead of 93 at alpha 0.12).")
        out[f"t_star_{a}"] = Value(float(r["t_star_years"]), data=data, note=note, readings=rd_t)
        out[f"year_{a}"] = Value(float(r["calendar_year"]), data=data, note=note, readings=rd_y)
    return out


# ----------------------------------------------------------------------------- breaks
def _regime_table(fit, periods):
    from endodec.empirics.learning_curves import subperiod_fits

    return subperiod_fits(fit.x, fit.y, fit.labels, periods, min_obs=2)


PAPER_REGIMES = [(1984, 1994), (1995, 2007), (2008, 2024)]


@analysis("d-bai-perron", title="Bai-Perron breaks in the DRAM die series (Table 14)",
          section="D", version="001")
def bai_perron_packaged(ctx):
    from endodec.empirics.breaks import bai_perron
    from endodec.empirics.learning_curves import fit_frame

    df = _dram("001").dropna(subset=["ln_price"])
    prov = _prov(df)
    fit = fit_frame(df, logs=True)
    X = np.column_stack([np.ones(fit.n), fit.x])
    res = bai_perron(fit.y, X, h=3, labels=fit.labels, n_sim=_ns(ctx), seed=ctx.seed)
    reg = _regime_table(fit, PAPER_REGIMES)
    ctx.save_table(res.to_frame(), "tab001_bai_perron_printed", "Bai-Perron on the 9 printed "
                   "DRAM rows (h = 3 observations, eps = 1/3)", provenance=prov)
    ctx.save_table(reg, "tab001_table14_regimes_printed", "Paper's regimes fitted on the "
                   "printed rows", provenance=prov)
    ctx.save_figure(plots.breaks(res, 1, "Printed DRAM rows: 1 break (strucchange convention)"),
                    "fig001_breaks_printed", "Bai-Perron regimes on the printed table",
                    provenance=prov)
    last1 = res.labels[res.breaks[1][0]]  # strucchange break date = last obs of regime 1
    note_f = ("sup-F(1) on the 9 printed rows (rounded logs) = {:.2f}, break after {} (strucchange "
              "reports the last year of regime 1). With the author's unrounded logs at the same "
              "9 years it is 18.28 (analysis d-bai-perron-author).").format(res.table["supF"][1],
                                                                           last1)
    out = {
        "supF1": Value(float(res.table["supF"][1]), data=prov, note=note_f,
                       readings={"supF_over_q": float(res.table["supF_over_q"][1])}),
        "break1": Value(int(last1), readings={"first_year_of_regime2": int(res.regime_starts(1)[0])},
                        data=prov, note=note_f),
        "supF2": Value(float(res.table["supF_next"][1]), data=prov,
                       note="sup-F(2|1) on the printed rows; 9.7 not reproduced (with 9 rows "
                            "and h = 3 the 2-break model fits almost exactly)"),
        "break2": Value(None, status="underdetermined", data=prov,
                        note="a 2008 break cannot be located on the printed rows (no printed "
                             "year between 2005 and 2010); see d-bai-perron-author"),
    }
    for j, (_, r) in enumerate(reg.iterrows(), start=1):
        out[f"regime{j}_alpha"] = Value(
            r["alpha"], data=prov,
            note=(f"OLS through the {int(r['n'])} printed rows in {r['start']}-{r['end']}; the "
                  "paper's regime estimates use an annual series: the same regimes on the "
                  f"author's data are claim c001-D-r{j}-alpha-41y (analysis d-bai-perron-author)"))
        out[f"regime{j}_se"] = Value(r.get("se", np.nan), data=prov,
                                     note=f"OLS SE on {int(r['n'])} printed rows (undefined for 2);"
                                          " the paper's SEs match neither the printed rows nor the"
                                          " author's annual data (d-bai-perron-author)")
        out[f"regime{j}_n"] = Value(int(r["n"]), data=prov,
                                    note="printed rows per regime are 2, 3, 4 (the paper's 4, 3, 3 "
                                         "sums to 10, but its full-sample n is 9)")
    r1, r3 = float(reg["alpha"].iloc[0]), float(reg["alpha"].iloc[2])
    out["bookend_range"] = Value((min(r1, r3), max(r1, r3)), data=prov,
                                 note="regime 1 and regime 3 alphas (paper's 1995/2008 regimes)")
    return out


@analysis("d-bai-perron-author", title="Bai-Perron on the author's 41-year DRAM series",
          section="D", version="001", needs_author_data=True)
def bai_perron_author(ctx):
    from endodec import datasets
    from endodec.empirics.breaks import bai_perron
    from endodec.empirics.learning_curves import fit_frame

    a = datasets.load_author("dram_learning_curve", directory=ctx.author_data)
    prov = _prov(a)
    fit = fit_frame(a, logs=True)
    X = np.column_stack([np.ones(fit.n), fit.x])
    res = bai_perron(fit.y, X, h=0.15, labels=fit.labels, n_sim=_ns(ctx), seed=ctx.seed)
    res_fin = bai_perron(fit.y, X, h=0.15, labels=fit.labels, crit="finite",
                         n_sim=max(500, _ns(ctx) // 10), seed=ctx.seed)
    reg = _regime_table(fit, PAPER_REGIMES)
    # the 9 printed years with the author's unrounded logs
    printed = [1984, 1990, 1995, 2000, 2005, 2010, 2015, 2020, 2024]
    m9 = np.isin(fit.labels, printed)
    r9 = bai_perron(fit.y[m9], X[m9], h=3, labels=fit.labels[m9], n_sim=_ns(ctx), seed=ctx.seed)
    ctx.save_table(res.to_frame(), "tabA_bai_perron_author", "Bai-Perron (h = 0.15) on the "
                   "author's 41-year series, simulated asymptotic critical values",
                   provenance=prov)
    ci2 = res.confint(2)
    ctx.save_table(ci2, "tabA_bai_perron_author_ci", "Break-date 95% CIs (Bai 1997, as R "
                   "strucchange confint)", provenance=prov)
    ctx.save_table(reg, "tabA_table14_regimes_author", "Paper's Table 14 regimes on the "
                   "author's series", provenance=prov)
    ctx.save_figure(plots.breaks(res, 2, "Author's 41-year DRAM series: 2 global breaks", ci2),
                    "figA_breaks_author", "Bai-Perron regimes (author data)", provenance=prov)
    b2 = [int(x) for x in res.break_labels(2)]  # last year of the old regime (Bai-Perron)
    s2 = [int(x) for x in res.regime_starts(2)]
    sel = res.selected
    note_b = (f"global SSR minimum with 2 breaks at {b2[0]} and {b2[1]} (last year of the old "
              f"regime; new regimes start {s2[0]} and {s2[1]}; h = 0.15, "
              f"6 obs); selection: sequential {sel['sequential']}, BIC {sel['bic']}, LWZ "
              f"{sel['lwz']}. The paper's break years name the first year of the new regime (see "
              "the reading first_year_of_new_regime). The author's file "
              "alpha_resolution_piecewise uses 1995/2008, which "
              "is not the least-squares partition. 95% break-date CIs (Bai 1997, last year of "
              "the old regime): " + "; ".join(f"[{int(r['date_lo'])}, {int(r['date_hi'])}]"
                                              for _, r in ci2.dropna(subset=["lo"]).iterrows()))
    out = {
        "break1": Value(b2[0], readings={"first_year_of_new_regime": s2[0]}, data=prov,
                        note=note_b),
        "break2": Value(b2[1], readings={"first_year_of_new_regime": s2[1]}, data=prov,
                        note=note_b),
        "supF1": Value(float(res.table["supF"][1]), data=prov,
                       readings={"printed_9_years_author_logs": float(r9.table["supF"][1]),
                                 "F_scale_over_q": float(res.table["supF_over_q"][1])},
                       note="sup-F(1) on the 41 years is {:.1f}; the paper's 18.3 equals R "
                            "strucchange's sup-F on the 9 printed years with the author's "
                            "unrounded logs ({:.2f}, break after 1995)".format(
                                res.table["supF"][1], r9.table["supF"][1])),
        "supF2": Value(float(res.table["supF_next"][1]), data=prov,
                       readings={"F_scale_over_q": float(res.table["supF_next"][1]) / 2},
                       note="sup-F(2|1) on the 41 years; 9.7 not reproduced by any reading tried"),
        "n_breaks_sequential": Value(int(sel["sequential"]), data=prov,
                                     readings={"lwz": sel["lwz"], "bic": sel["bic"],
                                               "finite_sample_sequential":
                                                   res_fin.selected["sequential"]}),
        "crit_5pct_supF1": Value(float(res.crit.loc[0, 0.95]), data=prov,
                                 note="simulated asymptotic 5% critical value, q = 2"),
    }
    for j, (_, r) in enumerate(reg.iterrows(), start=1):
        out[f"regime{j}_alpha"] = Value(r["alpha"], data=prov)
        out[f"regime{j}_se"] = Value(r["se"], data=prov,
                                     note="conventional OLS SE within the regime (= the author's "
                                          "alpha_resolution_piecewise.csv); HC0-3 and Newey-West "
                                          "(1-3 lags) SEs do not give the paper's 0.05/0.12 either")
        out[f"regime{j}_n"] = Value(int(r["n"]), data=prov,
                                    note="annual observations in the regime (= the author's "
                                         "n_obs 11, 13, 17); the paper's 4, 3, 3 match neither "
                                         "these nor the printed rows (2, 3, 4)")
    r1, r3 = float(reg["alpha"].iloc[0]), float(reg["alpha"].iloc[2])
    out["bookend_range"] = Value((min(r1, r3), max(r1, r3)), data=prov,
                                 note="regime 1 and regime 3 alphas (paper's 1995/2008 regimes)")
    return out


# ----------------------------------------------------------------------------- meta-analysis
@analysis("s6.4-meta", title="Cross-domain learning rates: Cochran Q (Table 12)", section="6.4",
          version="001")
def meta_001(ctx):
    import itertools

    from endodec import datasets
    from endodec.empirics.meta import meta_analysis, select_estimates

    lr = datasets.load("learning_rates", version="001")
    prov = _prov(lr)
    sel = select_estimates(lr, "paper_001")
    r = meta_analysis(sel["alpha"], sel["se"], sel["product"])
    full = select_estimates(lr, "none")
    rf = meta_analysis(full["alpha"], full["se"], full["product"])
    ctx.save_table(r.to_frame(), "tab001_meta_table12", "Inverse-variance meta-analysis of the "
                   "Table 12 estimates (paper's exclusions)", provenance=prov)
    fig = plots.forest(r)
    ctx.save_figure(fig, "fig001_forest_table12", "Forest plot, Table 12 (paper's exclusions)",
                    provenance=prov)
    # which 5-subsets give Q near 2.1?
    hits = []
    cand = full.reset_index(drop=True)
    for sub in itertools.combinations(range(len(cand)), 5):
        s = cand.iloc[list(sub)]
        m = meta_analysis(s["alpha"], s["se"])
        hits.append((abs(m.q - 2.1), m.q, m.q_pvalue, ", ".join(s["product"])))
    hits.sort()
    best = hits[0]
    from scipy import stats

    note = (f"the stated exclusion (Goldberg, Irwin & Klenow) leaves {r.k} estimates, not 5: "
            f"Q = {r.q:.2f}, df {r.df}, p = {r.q_pvalue:.3f}. The paper's p = 0.72 is consistent "
            f"with Q = 2.1 on 4 df (p = {stats.chi2.sf(2.1, 4):.3f}), but no 5-estimate subset "
            f"matching the stated exclusion gives Q = 2.1; the closest 5-subset is "
            f"[{best[3]}] with Q = {best[1]:.3f}, p = {best[2]:.3f} (it includes the excluded "
            "Irwin & Klenow IV estimate)")
    return {
        "cochran_q": Value(r.q, readings={"closest_5_subset_incl_IK": best[1],
                                          "all_7_with_se": rf.q},
                           note=note, data=prov, status="inconsistent"),
        "q_pvalue": Value(r.q_pvalue, readings={"closest_5_subset_incl_IK": best[2],
                                                "all_7_with_se": rf.q_pvalue},
                          note=note, data=prov, status="inconsistent"),
        "k": Value(r.k, note=note, data=prov),
        "band_lo": Value(float(sel["alpha"].min()), data=prov),
        "band_hi": Value(float(sel["alpha"].max()), data=prov,
                         note="the six retained estimates span 0.21 (Li-ion) to 0.25 (AWS); §3.9 "
                              "says 0.21-0.24, §6.4 says 0.21-0.25"),
        "i2": Value(r.i2, data=prov), "tau2": Value(r.tau2, data=prov),
        "fe": Value(r.fe, data=prov), "re": Value(r.re, data=prov),
    }


@analysis("s5.3-meta", title="Cross-domain learning rates (seed 000 Table 6)", section="5.3",
          version="000")
def meta_000(ctx):
    from endodec import datasets
    from endodec.empirics.meta import meta_analysis

    lr = datasets.load("learning_rates", version="000")
    prov = _prov(lr)
    r = meta_analysis(lr["alpha"], lr["se"], lr["product"])
    ctx.save_table(r.to_frame(), "tab000_meta_table6", "Meta-analysis of seed 000 Table 6",
                   provenance=prov)
    fig = plots.forest(r)
    ctx.save_figure(fig, "fig000_forest_table6", "Forest plot, seed 000 Table 6",
                    provenance=prov)
    semi = lr[lr["industry"] == "Semiconductor"]
    return {
        "semi_mean": Value(float(semi["alpha"].mean()), data=prov,
                           note="mean of the 'Semiconductor' rows of Table 6 (incl. solar PV, "
                                "listed there in this version)"),
        "semi_lo": Value(float(semi["alpha"].min()), data=prov,
                         note="lowest semiconductor alpha printed in Table 6 is 0.22; no 0.19 "
                              "appears in the table"),
        "semi_hi": Value(float(semi["alpha"].max()), data=prov,
                         note="highest semiconductor alpha printed in Table 6 is 0.24 (AWS cloud, "
                              "0.25, is listed under 'Internet')"),
        "cochran_q": Value(r.q, data=prov, note="no paper claim in seed 000"),
        "q_pvalue": Value(r.q_pvalue, data=prov),
    }


# ----------------------------------------------------------------------------- author result files
@analysis("s5.2-author-resolution", title="Author's regime, rolling and literature files "
          "re-derived", section="5.2", version="001", needs_author_data=True)
def author_resolution(ctx):
    """Recompute the author's alpha_resolution_piecewise / _rolling and learning_curve_literature
    files from data (validation of the author's pipeline; no paper claims of their own)."""
    from endodec import datasets
    from endodec.empirics.learning_curves import fit_frame, rolling_fits, subperiod_fits
    from endodec.empirics.meta import meta_analysis

    d = ctx.author_data
    a = datasets.load_author("dram_learning_curve", directory=d)
    fit = fit_frame(a, logs=True)
    prov = _prov(a)
    out = {}
    pw = datasets.load_author("alpha_resolution_piecewise", directory=d)
    mine = subperiod_fits(fit.x, fit.y, fit.labels,
                          list(zip(pw["start_year"], pw["end_year"], strict=True)))
    cmp_pw = pd.DataFrame({"start": pw["start_year"], "end": pw["end_year"],
                           "alpha_author": pw["alpha"], "alpha": mine["alpha"],
                           "se_author": pw["alpha_se"], "se": mine["se"],
                           "r2_author": pw["r_squared"], "r2": mine["r2"],
                           "n_author": pw["n_obs"], "n": mine["n"]})
    ctx.save_table(cmp_pw, "tabA_piecewise_vs_author", "Regime fits vs the author's "
                   "alpha_resolution_piecewise.csv", provenance=prov)
    out["piecewise_max_abs_diff"] = Value(float(np.max(np.abs(cmp_pw["alpha"] - cmp_pw["alpha_author"]))),
                                          data=prov, note="regime alphas vs the author's file")
    ro = datasets.load_author("alpha_resolution_rolling", directory=d)
    w = int(ro["end_year"].iloc[0] - ro["start_year"].iloc[0] + 1)
    rf = rolling_fits(fit, w)
    m = rf.merge(ro, left_on="start", right_on="start_year", suffixes=("", "_author"))
    ctx.save_table(m[["start", "end", "alpha", "alpha_author", "se", "alpha_se"]],
                   "tabA_rolling_vs_author", f"{w}-year rolling alphas vs the author's file",
                   provenance=prov)
    out["rolling_max_abs_diff"] = Value(float(np.max(np.abs(m["alpha"] - m["alpha_author"]))),
                                        data=prov)
    out["rolling_min"] = Value(float(rf["alpha"].min()), data=prov)
    out["rolling_max"] = Value(float(rf["alpha"].max()), data=prov)
    lit = datasets.load_author("learning_curve_literature", directory=d)
    ok = lit.dropna(subset=["alpha", "alpha_se"])
    ok = ok[~ok["product"].str.contains("aggregate, OLS|IV", regex=True)]
    r = meta_analysis(ok["alpha"], ok["alpha_se"], ok["product"])
    ctx.save_table(r.to_frame(), "tabA_meta_literature", "Meta-analysis of the author's "
                   "literature file (estimates with SE, excluding the pooled DRAM OLS and the IV "
                   "estimate)", provenance=_prov(lit))
    out["literature_q"] = Value(r.q, data=_prov(lit), note=f"k = {r.k}")
    out["literature_q_pvalue"] = Value(r.q_pvalue, data=_prov(lit))
    out["literature_i2"] = Value(r.i2, data=_prov(lit))
    return out
