"""Distributional crossing forecasts vs the paper's point predictions (issue 7).

Seed 000 §3.7 and seed 001 §3.8 print crossing *years* (Nash ~2028, cooperative ~2042) and seed
001 Table 2 hardware-only times; §6 / §7 date the hardware crossing (Prediction 2). These analyses
put a distribution around those dates (:mod:`endodec.sweep.forecast`): Monte Carlo over the
learning elasticity, target cost, growth of cumulative production, N, delta and S_T, with and
without Wright's-law noise (Farmer & Lafond 2016; Lafond et al. 2018), and validate the noise
model by a hindcast on DRAM.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from endodec.analyses.base import Value, analysis
from endodec.claims import paper_input
from endodec.plots import forecast as plots
from endodec.sweep.forecast import ForecastParams, crossing_year_distribution
from endodec.sweep.wright_noise import dram_series, fit_wright_noise, hindcast

#: Scenario inputs (seed 000 §3.7: "$5/GB for all timing predictions"; N and S_T the baseline
#: of the parameter table, endodec.model.params); spreads are this module's choices
#: (ForecastParams docstring).
_POINT = dict(c_target=5.0, S_T_frac=0.0)  # S_T = 0: pure displacement; N: the run's game.N


def _noise_sigma(author_data) -> tuple[float, str]:
    """Per-year s.d. of Wright's-law noise on DRAM (annual author series if given)."""
    df, lab = dram_series(author_data)
    fit = fit_wright_noise(y=df["ln_price"].to_numpy(), x=df["ln_cum"].to_numpy())
    step = float(np.mean(np.diff(df["year"].to_numpy())))
    return float(fit.sigma / np.sqrt(step)), lab


#: The scenario of the paper's point inputs (its label also names the run's N and delta).
POINT_SCENARIO = "point inputs"


def _runs(ctx):
    n = 2000 if ctx.fast else 20000
    sigma, lab = _noise_sigma(ctx.author_data)
    b = ctx.config.game_baseline("000")
    point = dict(_POINT, N=b["N"])
    scen = {
        f"{POINT_SCENARIO} (alpha 0.23, $12->$5/GB, 25%/yr, N={b['N']:g}, delta "
        f"{b['delta']:.2f})": ForecastParams(alpha_se=0.0, growth=0.25, delta=float(b["delta"]),
                                             noise_sigma=0.0, **point),
        "parameter uncertainty (alpha, growth, delta)": ForecastParams(noise_sigma=0.0, **point),
        "parameter uncertainty + Wright noise": ForecastParams(noise_sigma=sigma, **point),
        "full (target $5-7, N 5-12, S_T 0-0.4) + noise": ForecastParams(noise_sigma=sigma),
        "Table 2 inputs (cost ratio 12), parameter uncertainty": ForecastParams(
            c_now=12.0, c_target=1.0, noise_sigma=0.0, **{k: v for k, v in point.items()
                                                           if k != "c_target"}),
    }
    res = {k: crossing_year_distribution(p, n_draws=1 if "point" in k else n, seed=ctx.seed)
           for k, p in scen.items()}
    return res, sigma, lab, n


def _row(name, r, mode):
    q = r.quantiles(mode=mode)
    y = r._valid(mode)
    return {"scenario": name, "reading": mode, "q5": q["q5"], "q25": q["q25"], "median": q["q50"],
            "q75": q["q75"], "q95": q["q95"], "P_by_2028": r.prob_by(2028, mode),
            "P_by_2030": r.prob_by(2030, mode), "P_by_2042": r.prob_by(2042, mode),
            "P_no_crossing_in_horizon": float(np.mean(np.isinf(y))) if y.size else np.nan,
            "invalid_draws": r.n_invalid}


@analysis("f-3.7-crossing-forecast", title="Distribution of the crossing year (Monte Carlo, "
          "Wright's law with noise)", section="3.7", version="both", cost=2.7)
def crossing_forecast(ctx):
    """Crossing-year distributions vs the paper's point predictions (seed 000 §3.7, seed 001 §3.8,
    Prediction 2)."""
    res, sigma, lab, n = _runs(ctx)
    rows = [_row(k, r, m) for k, r in res.items() for m in ("nash", "hardware")]
    tab = pd.DataFrame(rows)
    prov = (f"{n:,} draws, seed {ctx.seed}; noise sigma {sigma:.3f}/yr estimated from {lab}; "
            "alpha ~ N(0.23, 0.03), growth U(0.20, 0.30), delta U(0.2, 0.4) unless fixed; game "
            "a=10 b=0.5 r=0.05 x0=10, convention 'paper' (S_I = industry Cournot profit)")
    ctx.save_table(tab, "tab_f_crossing_quantiles", "Crossing-year quantiles and P(crossing by "
                   "year) by scenario; 'nash' = hardware time x T*_Nash/T*_Coop, 'hardware' = "
                   "learning-curve time (read as the cooperative crossing)", prov,
                   float_format="{:.6g}")
    full = res["full (target $5-7, N 5-12, S_T 0-0.4) + noise"]
    ctx.save_table(full.prob_table(np.arange(2026, 2076, 2)), "tab_f_prob_by_year",
                   "P(crossing by year), full uncertainty with Wright noise", prov)
    # the paper's point predictions, read from the claims ledger (never typed into code)
    nash_y, coop_y = paper_input("f000-3.7-nash-year"), paper_input("f000-3.7-coop-year")
    t2_y = paper_input("c001-t2-y0.23")
    fig = plots.fan_chart(full, points={f"paper: Nash ~{nash_y:g}": nash_y,
                                        f"paper: cooperative ~{coop_y:g}": coop_y,
                                        f"seed 001 Table 2 (alpha 0.23): {t2_y:g}": t2_y})
    ctx.save_figure(fig, "fig_f_crossing_fan", "Fan chart of the hardware cost path and the "
                    "distribution of the crossing year (full uncertainty + Wright noise)", prov)
    pu = res["parameter uncertainty (alpha, growth, delta)"]
    pn = res["parameter uncertainty + Wright noise"]
    pt = next(r for k, r in res.items() if k.startswith(POINT_SCENARIO))
    t2 = res["Table 2 inputs (cost ratio 12), parameter uncertainty"]

    facts = _forecast_facts(pu, pn, pt, t2, sigma)
    note = ("The paper gives no calendar unit for the model's time, so the crossing year is "
            "underdetermined as worded. endodec's forecast supplies one (an assumption, not a "
            "reading of the paper): cumulative HBM output growing 20-30%/yr and the cooperative "
            "crossing read as the learning-curve (hardware) time, the Nash one scaled by "
            "T_N/T_C. ")

    def val(mode: str, version: str, with_baseline: bool) -> Value:
        q = pu.quantiles(mode=mode)
        qn = pn.quantiles(mode=mode)
        b = ctx.config.game_baseline(version)
        cond = {"baseline": f"N={b['N']:g}" + (f", S_T={b['S_T']:g}" if version == "000" else "")}
        txt = (f"Under it the {mode} crossing year has median {q['q50']:.1f} (90% "
               f"[{q['q5']:.1f}, {q['q95']:.1f}]), with Wright noise median {qn['q50']:.1f} (90% "
               f"[{qn['q5']:.1f}, {qn['q95']:.1f}]); point inputs give "
               f"{facts[f'point_{mode}']:.1f}.")
        return Value(facts[f"point_{mode}"], note=note + txt, data=prov, facts=facts,
                     conditions=cond if with_baseline else {})

    def window(cid: str) -> Value:
        y = paper_input(cid)
        return Value(y, data="the paper's own crossing date (claims ledger)",
                     facts={"paper_crossing_year": y, "mc_P_in_2028_2030":
                            facts["mc_P_round_2028_2030"]},
                     note=(f"the crossing date the paper gives in its calibration ({cid}: "
                           f"~{y:g}) against the window of Prediction 2 ('hardware crossing')"))

    return {
        "nash_year_000": val("nash", "000", True),
        "coop_year_000": val("hardware", "000", False),
        "nash_year_001": val("nash", "001", True),
        "coop_year_001": val("hardware", "001", False),
        "p2_window_000": window("f000-3.7-nash-year"),
        "p2_window_001": window("f001-3.8-nash-year"),
        "nash_p_by_2028": Value(pu.prob_by(2028, "nash"), data=prov),
        "nash_interval90": Value(tuple(float(v) for v in pu.quantiles((0.05, 0.95), "nash")),
                                 data=prov),
        "noise_sigma_per_year": Value(sigma, data=lab),
    }


def _forecast_facts(pu, pn, pt, t2, sigma) -> dict:
    """The numbers the crossing-year notes quote (Monte Carlo quantiles, point inputs)."""
    out = {"noise_sigma_per_year": sigma, "interval_pct": 90,
           "point_nash": float(pt.years[0]),
           "point_hardware": float(pt.samples["year_hardware"].iloc[0])}
    for mode in ("nash", "hardware"):
        q, qn = pu.quantiles(mode=mode), pn.quantiles(mode=mode)
        out |= {f"mc_{mode}_{k}": float(q[k]) for k in ("q5", "q50", "q95")}
        out |= {f"mc_noise_{mode}_{k}": float(qn[k]) for k in ("q5", "q50", "q95")}
        out[f"table2_inputs_{mode}_median"] = float(t2.quantiles(mode=mode)["q50"])
    out["mc_P_round_2028_2030"] = pu.prob_by(2030.5, "nash") - pu.prob_by(2027.5, "nash")
    return out


@analysis("f-4.1-hindcast", title="Hindcast of Wright's law with noise on DRAM (Lafond et al. "
          "2018)", section="4.1", version="both")
def hindcast_dram(ctx):
    """Empirical normalised forecast errors vs the theoretical t(m-1) distribution."""
    out = {}
    sets = [("packaged", None)] + ([("author", ctx.author_data)] if ctx.author_data else [])
    for name, d in sets:
        df, lab = dram_series(d)
        y, x, yr = df["ln_price"].to_numpy(), df["ln_cum"].to_numpy(), df["year"].to_numpy()
        frames = []
        for rho in (0.0, 0.3):
            h = hindcast(y=y, x=x, labels=yr, m=5, max_horizon=None if name == "packaged" else 10,
                         rho=rho, data=lab)
            t = h.table()
            t.insert(0, "rho", rho)
            frames.append(t)
            if rho == 0.0:
                ks = h.ks()
                fig = plots.hindcast(h)
                ctx.save_figure(fig, f"fig_f_hindcast_{name}", f"Hindcast normalised errors vs "
                                f"t(4): {lab}", f"{lab}; window m = 5")
                all_row = t[t["tau"] == "all"].iloc[0]
                out[f"{name}_mean_eps2"] = Value(float(all_row["mean_eps2"]), data=lab,
                                                 note=f"theory (m-1)/(m-3) = 2; KS = {ks[0]:.3f} "
                                                      f"(p = {ks[1]:.3g}, indicative)")
                out[f"{name}_coverage90"] = Value(float(all_row["coverage_90"]), data=lab,
                                                  note="nominal 0.90")
                out[f"{name}_n_errors"] = Value(int(all_row["n"]), data=lab)
        ctx.save_table(pd.concat(frames, ignore_index=True), f"tab_f_hindcast_{name}",
                       f"Hindcast by horizon (m = 5): mean normalised error, mean squared "
                       f"(theory 2), coverage of the 90% t-interval; {lab}", lab)
    if ctx.author_data:
        out.update(_rho_estimate(ctx))
    if not ctx.author_data:
        out["author_mean_eps2"] = Value(None, status="needs author data",
                                        note="the 41-year annual DRAM series is the author's "
                                             "dram_learning_curve.csv")
    return out


def _rho_estimate(ctx) -> dict:
    """Farmer-Lafond theta (MA(1) rho of the difference noise) estimated on the author's annual
    series, and what it does to the forecast spread (vs the default rho = 0)."""
    from endodec.sweep.wright_noise import wright_noise_forecast

    df, lab = dram_series(ctx.author_data)
    y, x = df["ln_price"].to_numpy(), df["ln_cum"].to_numpy()
    est = wright_noise_forecast(y=y, x=x, horizons=10, rho="estimate")
    zero = wright_noise_forecast(y=y, x=x, horizons=10, rho=0.0)
    f = est.fit
    tab = pd.DataFrame({"tau": est.tau, "sd_log_cost_rho0": zero.scale,
                        "sd_log_cost_rho_hat": est.scale,
                        "ratio": est.scale / zero.scale})
    tab["rho_hat"], tab["rho_se"] = f.rho, f.rho_se
    tab["rho_ci_lo"], tab["rho_ci_hi"] = f.rho_ci
    prov = f"{lab}; m = {f.m} differences; MA(1) MLE (statsmodels ARIMA(0,0,1))"
    ctx.save_table(tab, "tab_f_rho_estimate_author", "Wright's law with noise: MA(1) theta "
                   "estimated from the data vs theta = 0, forecast SD of log cost by horizon",
                   prov)
    return {"author_rho_estimate": Value(float(f.rho), data=prov,
                                         note=f"se {f.rho_se:.3f}, 95% CI [{f.rho_ci[0]:.3f}, "
                                              f"{f.rho_ci[1]:.3f}]; the 10-year forecast SD is "
                                              f"{tab['ratio'].iloc[-1]:.2f}x the theta = 0 one")}


#: Regions of the parameter space of f-3.5-sweep-prop1 (codes 0, 1, 2).
_REGIONS = ("both interior solutions (the proof's assumption)",
            "no interior Nash solution (cooperative only)", "no interior solution")


def _region_status_table(regions: np.ndarray, status: np.ndarray, labels: list) -> pd.DataFrame:
    """Points by region (codes into :data:`_REGIONS`) and status (codes into ``labels``, -1
    for none of them): ``pd.crosstab`` of the labels reindexed to ``labels`` (regions that occur,
    sorted by label), plus a ``points`` column; counted with ``np.bincount``."""
    K = len(labels)
    ok = status >= 0
    cnt = np.bincount(regions[ok] * K + status[ok], minlength=len(_REGIONS) * K)
    cnt = cnt.reshape(len(_REGIONS), K)
    rows = sorted((_REGIONS[i], i) for i in np.unique(regions))
    tab = pd.DataFrame(cnt[[i for _, i in rows]],
                       index=pd.Index([r for r, _ in rows], name="region"),
                       columns=pd.Index(labels, name="status")).reset_index()
    tab["points"] = tab[labels].sum(axis=1)
    return tab


@analysis("f-3.5-sweep-prop1", title="Proposition 1 at x0 over a random sweep of parameters",
          section="3.5", version="both", cost=1.1)
def sweep_prop1(ctx):
    """Proposition 1 (seed 000 §3.5 / seed 001 §3.5) at x0 over random parameters, on the whole
    domain where the game's objects are defined and beyond the proof's assumptions.

    N 2-49, a 0.5-50, b 0.05-5, r 0.005-0.5 and x0 1e-6-300 (log-uniform) are drawn over wide
    ranges; S is drawn uniformly up to 1.25 times the cooperative domain bound a²/(4bNr), so the
    sample covers the region where both interior solutions exist (S < a²/(b r (N+1)²), the
    proof's assumption), the band where only the cooperative one does (the proposition cannot be
    evaluated: no interior Nash solution) and the region where neither does. The table gives the
    status by region; the full check on a state grid for the paper's parameters is analysis
    s3.5-proposition1.
    """
    from endodec.sweep import PROP1_STATUS, sweep

    n = 100_000 if ctx.fast else 1_000_000
    rng = np.random.default_rng(ctx.seed)
    N = rng.integers(2, 50, n).astype(float)
    a, b, r = rng.uniform(0.5, 50, n), rng.uniform(0.05, 5, n), rng.uniform(0.005, 0.5, n)
    nash_bound, coop_bound = a * a / (b * r * (N + 1) ** 2), a * a / (4 * b * N * r)
    S = rng.uniform(0, 1.25, n) * coop_bound
    x0 = 10 ** rng.uniform(-6, 2.5, n)
    res = sweep(pd.DataFrame({"N": N, "a": a, "b": b, "r": r, "S": S, "x0": x0}),
                outputs=("T_N",), progress=False)
    # integer codes (status: index in PROP1_STATUS, -1 for anything else; region: index in
    # _REGIONS) instead of a million strings; the table is the crosstab of the labels
    status = pd.Categorical(res.frame["prop1"], categories=list(PROP1_STATUS)).codes
    regions = np.select([S < nash_bound, S < coop_bound], [0, 1], 2)
    tab = _region_status_table(regions, status, list(PROP1_STATUS))
    prov = (f"{n:,} random points, seed {ctx.seed}, convention 'direct'; sweep engine (numpy); "
            "S uniform on [0, 1.25 a²/(4bNr)]")
    ctx.save_table(tab, "tab_f_sweep_prop1", "Proposition 1 status at x0 by region of the "
                   "parameter space (statement Q_N > Q_C and T_N < T_C; proof step 2 "
                   "N V_P' > V_N')", prov)
    inside = regions == 0
    fails = int(np.sum(status == 2))
    evaluated = int(np.sum(status != 3))
    step2 = status == 1
    facts = {"points": n, "evaluated": evaluated, "inside_proof_domain": int(inside.sum()),
             "fails_at_x0": fails, "step2_fails": int(step2.sum()),
             "not_evaluated_outside": int(np.sum((status == 3) & ~inside))}
    if step2.any():
        facts["step2_fail_min_x0_over_S"] = float(np.min((x0 / np.sqrt(S))[step2]))
    note = (f"{fails} of the {evaluated:,} evaluable points fail the statement at x0; all "
            f"{facts['not_evaluated_outside']:,} points outside the proof's domain have no "
            "interior Nash solution, where the proposition is not defined; proof step 2 fails "
            f"at {facts['step2_fails']:,} points (table tab_f_sweep_prop1)")
    return {
        "sweep_statement_holds_all": Value(fails == 0, data=prov, note=note, facts=facts),
        "sweep_step2_fail_share": Value(float(step2.sum()) / max(evaluated, 1), data=prov,
                                        note=note, facts=facts),
    }
