"""Analyses of the R0 adoption framework and the coordination dynamics.

Seed 000 §3.9 (Table 8, eq. 12-15, Definition 3, Table 9) and Appendix C; seed 001 §2.3 (dual
convergence), §3.10 (eq. 11-18, Table 3), §5.4 (eq. 19-21, Table 10, parameter bounds) and
Appendix C. Everything is computed from :mod:`endodec.model.adoption`,
:mod:`endodec.model.adoption_dynamics`, :mod:`endodec.model.coordination` and the estimator
:mod:`endodec.empirics.implied_r0`; the paper's numbers are only in
``claims/data/adoption.csv``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from endodec.analyses.base import Value, analysis
from endodec.empirics.implied_r0 import implied_r0, kappa_from_r0
from endodec.model.adoption import (
    AdoptionParams,
    classify_regime,
    coordination_lag,
    dQstar_dkappa,
    r0,
    threshold_Q_star,
)
from endodec.model.adoption_dynamics import (
    distributed_r0,
    distributed_r0_full,
    dual_convergence,
    f_exponential,
    share_path,
)
from endodec.model.coordination import KappaSchedule, simulate, timescale_separation
from endodec.model.params import describe
from endodec.plots import adoption as plots

#: illustrative parameters (friction-dominated; seed 001 form with the positive part)
BASE = AdoptionParams()
BASE_DESC = ("illustrative: gamma=1, kappa=0.3, mu=0.1, lam=0.2, beta0=0.2; learning curve "
             "c*=$5/GB, Q_bar=112 EB, alpha=0.23, Q0=2.5 EB; game baseline "
             + describe(names=("N", "a", "b", "r", "delta")))
C_FR, C_NW, C_NV = plots.FRICTION, plots.NETWORK, plots.NO_CROSSING


def _grid(n=7):
    """A parameter grid for the structural checks (seed 000 form, no positive part)."""
    g = np.meshgrid(np.linspace(0.5, 2, n), np.linspace(0.0, 1.5, n), np.linspace(0.05, 0.5, n),
                    np.linspace(0.0, 2.0, n), indexing="ij")
    gamma, kappa, mu, lam = (a.ravel() for a in g)
    return gamma, kappa, mu, lam


# ---------------------------------------------------------------------------------------------
@analysis("s3.9-threshold", title="R0 threshold: Table 8, eq. (13), Definition 3", section="3.9",
          version="000")
def threshold(ctx):
    from scipy.optimize import brentq

    # Table 8: c** of each specification vs a numerical root of R0(c) = 1
    cases = {"linear": {}, "power": {"p": 2.0}, "logistic": {"k": 1.5, "c_mid": 0.2}}
    rows, ok = [], {}
    for spec, kw in cases.items():
        p = AdoptionParams.seed000(spec=spec, gamma=1.5, kappa=0.3, mu=0.15, lam=0.1, **kw)
        th = threshold_Q_star(p)

        def R0c(c, p=p):
            return float(p.beta_at(c) * p.gamma / (p.kappa + p.mu)) - 1.0

        root = brentq(R0c, 1e-9, 50.0, xtol=1e-14)
        table_formula = {"linear": p.c_star - (p.kappa + p.mu) / p.gamma + p.lam,
                         "power": p.c_star - ((p.kappa + p.mu) / p.gamma) ** (1 / p.p) + p.lam,
                         "logistic": np.nan}[spec]
        ok[spec] = abs(root - th.c_star_star) < 1e-9
        rows.append({"spec": spec, "c** closed form": th.c_star_star, "c** numerical root": root,
                     "c** Table 8 formula": table_formula, "Q*": th.Q_star,
                     "R0(Q*)": float(r0(th.Q_star, p))})
    ctx.save_table(pd.DataFrame(rows), "tab000_threshold_specs",
                   "Critical cost c** and threshold Q* under the three adoption functions "
                   "(seed 000 Table 8): closed form vs numerical root of R0 = 1",
                   "gamma=1.5, kappa=0.3, mu=0.15, lam=0.1, beta0=1, c*=5, alpha=0.23, Q_bar=112")

    # eq. (13) vs a numerical root in Q
    p13 = AdoptionParams.seed000(gamma=1.2, kappa=0.5, mu=0.1, lam=0.3)
    lq = brentq(lambda z: float(r0(np.exp(z), p13)) - 1.0, 0.0, 40.0, xtol=1e-14)
    eq13 = 112 * (1 - 0.6 / (1.2 * 5) + 0.3 / 5) ** (-1 / 0.23)
    eq13_ok = abs(np.exp(lq) / eq13 - 1) < 1e-9 and abs(threshold_Q_star(p13).Q_star / eq13 - 1) < 1e-12

    # structural checks on a grid (seed 000: no positive part)
    gamma, kappa, mu, lam = _grid()
    P = AdoptionParams.seed000(gamma=gamma, kappa=kappa, mu=mu + 1e-3, lam=lam)
    th = threshold_Q_star(P)
    reg = np.asarray(classify_regime(P).regime)
    ex = np.asarray(th.exists)
    Qs = np.asarray(th.Q_star)
    fric_ok = bool(np.all(Qs[ex & (reg == "friction-dominated")] > 112))
    net_ok = bool(np.all(Qs[ex & (reg == "network-dominated")] < 112))
    d = np.asarray(dQstar_dkappa(AdoptionParams.seed000(gamma=gamma[ex], kappa=kappa[ex],
                                                        mu=mu[ex] + 1e-3, lam=lam[ex])))
    mono = bool(np.all(d > 0))
    lam_big = AdoptionParams.seed000(lam=np.linspace(0.5, 3, 11), kappa=0.3, mu=0.1)
    lam_ok = bool(np.all(np.asarray(threshold_Q_star(lam_big).Q_star) < 112))
    never = int((np.asarray(th.status) == "never").sum())
    note_dom = (f"on a {gamma.size}-point grid {never} parameter points have no R0 = 1 crossing "
                "(eq. 13's base 1 - (kappa+mu)/(gamma c*) + lam/c* <= 0: R0 < 1 even at zero cost); "
                "the paper does not state this domain restriction")

    # figure: R0 vs cumulative production with the regimes
    Q = np.geomspace(2.5, 2000, 400)
    curves = []
    for lamv, lab in ((0.2, "friction-dominated"), (0.6, "network-dominated")):
        p = AdoptionParams.seed000(lam=lamv, kappa=0.3, mu=0.1)
        curves.append({"R0": r0(Q, p), "Q_star": threshold_Q_star(p).Q_star, "regime": lab,
                       "label": f"{lab} (lam={lamv})"})
    p1 = AdoptionParams(lam=0.2)
    ref = {"R0": r0(Q, p1), "label": "seed 001 form (positive part), friction"}
    kk, ll = np.meshgrid(np.linspace(0, 1.6, 90), np.linspace(0, 1.2, 90))
    PP = AdoptionParams(kappa=kk, lam=ll, mu=0.1)  # seed 001 form, beta0 = 0.2
    T = threshold_Q_star(PP)
    st_ = np.asarray(T.status)
    ratio = np.where(st_ == "crossing", np.log10(np.maximum(np.asarray(T.Q_star), 1e-300) / 112), np.nan)
    fig = plots.r0_regimes(Q, curves, ref, 112.0, kk, ll, ratio, st_)
    ctx.save_figure(fig, "fig000_r0_vs_Q",
                    "R0 as a function of cumulative production (eq. 12, Table 8 linear) in the "
                    "friction- and network-dominated regimes (Definition 3), and the threshold "
                    "Q*/Q_bar over (kappa, lam) with the no-crossing region. Left: seed 000 "
                    "form (no positive part; beta < 0 far below parity, so R0 < 0 there); "
                    "right: seed 001 form",
                    "gamma=1, mu=0.1, c*=5, alpha=0.23, Q_bar=112; left beta0=1, right beta0=0.2")

    logistic_note = ("Table 8 prints 'Implicit; numerical' for the logistic row, but R0 = 1 has "
                     "the closed form c** = c* + lam - c0 - logit((kappa+mu)/gamma)/k (valid for "
                     "0 < (kappa+mu)/gamma < 1; otherwise no crossing); it equals the numerical "
                     f"root to {abs(rows[2]['c** closed form'] - rows[2]['c** numerical root']):.1e}")
    return {
        "c_ss_linear": Value(ok["linear"], note="Table 8 linear row = numerical root of R0 = 1",
                             data="Table 8 test parameters"),
        "c_ss_power": Value(ok["power"], note="Table 8 power-law row = numerical root",
                            data="Table 8 test parameters"),
        "logistic_implicit": Value("closed form", note=logistic_note, data="Table 8"),
        "eq13": Value(bool(eq13_ok), note="eq. (13) = numerical root of R0(Q) = 1 (beta0 = 1)"),
        "eq13_domain": Value(never == 0, note=note_dom),
        "friction_Qstar_above": Value(fric_ok, note="grid check, seed 000 form"),
        "network_Qstar_below": Value(net_ok, note=(
            "grid check, seed 000 form (no positive part). With seed 001's positive part "
            "(c*-c)^+ the network-dominated regime has R0 > 1 at every Q instead")),
        "latency_pulls_closer": Value(lam_ok, note="lam >= (kappa+mu)/gamma gives Q* < Q_bar"),
        "r0_before_parity": Value(bool(float(r0(100.0, AdoptionParams.seed000(lam=0.6))) > 1),
                                  note="R0 > 1 at Q < Q_bar with a large latency advantage"),
        "qstar_monotone_kappa": Value(mono, note="closed-form dQ*/dkappa > 0 wherever Q* exists"),
    }


# ---------------------------------------------------------------------------------------------
@analysis("s3.9-lag", title="Coordination lag (eq. 15; Tables 3, 7, 9) and share paths",
          section="3.9", version="both")
def lag(ctx):
    from endodec import datasets

    out = {}
    d0 = datasets.load("coordination_lags", "000")
    d1 = datasets.load("coordination_lags", "001")
    for df, ver in ((d0, "000"), (d1, "001")):
        for _, row in df.iterrows():
            if row["predicted"]:
                continue
            key = "pc" if "PC" in row["transition"] else "internet"
            lo = int(row["r0_t_lo"]) - int(row["hardware_t_hi"])
            hi = int(row["r0_t_hi"]) - int(row["hardware_t_lo"])
            out[f"lag_{key}_{ver}"] = Value((lo, hi), note="R0 T* minus hardware T* (table years)",
                                            data=f"coordination_lags {ver}")
    hist = [out["lag_pc_001"].value, out["lag_internet_001"].value]
    out["lag_historical_001"] = Value(
        (min(h[0] for h in hist), max(h[1] for h in hist)),
        note="§3.10.3 says the friction case 'produces the 2-5 year coordination lag observed "
             "historically (Table 3)', but Table 3's historical rows span 3-5 years",
        data="coordination_lags 001")
    inet = d0[d0["transition"].str.contains("ARPANET")].iloc[0]
    t7 = (inet["lag_lo_yr"], inet["lag_hi_yr"])
    t9 = (inet["delta_t_lo_yr"], inet["delta_t_hi_yr"])
    out["lag_internet_table7"] = Value(
        (float(t7[0]), float(t7[1])), status="inconsistent" if t7 != t9 else None,
        note=f"Table 7 prints {t7[0]:g}-{t7[1]:g} yr for ARPANET -> Internet but Table 9 (same "
             f"transition) prints dT = {t9[0]:g}-{t9[1]:g} yr; Table 9's years (1989 -> 1993-94) "
             "give 4-5", data="coordination_lags 000")

    # model: dT > 0 in the friction-dominated regime, dT <= 0 in the network-dominated regime
    ks = np.linspace(0.05, 1.5, 30)
    L = coordination_lag(AdoptionParams(kappa=ks, lam=0.2))
    reg = np.asarray(L.regime)
    dT = np.asarray(L.delta_T)
    fr = reg == "friction-dominated"
    pos = bool(np.all(dT[fr & np.isfinite(dT)] > 0))
    net_zero = bool(np.all(dT[reg == "network-dominated"] <= 0))
    mono = bool(np.all(np.diff(dT[np.isfinite(dT)]) >= -1e-12))
    base = coordination_lag(BASE)
    out["lag_positive_friction"] = Value(pos, note=(
        "dT = T*(Q* - Q_bar) > 0: the game's crossing time from the coordination gap "
        f"(baseline {float(base.delta_T):.3g} model units; T_hw = {float(base.T_hw):.3g})"),
        data=BASE_DESC)
    out["lag_zero_network"] = Value(net_zero, note=(
        "with seed 001's positive part and lam*gamma > kappa+mu, R0 > 1 at every Q: the R0 "
        "crossing precedes hardware crossing (dT <= 0; the paper: 'dT ≈ 0')"), data=BASE_DESC)
    out["lag_increasing_kappa"] = Value(mono, note="dT non-decreasing in kappa (model grid)")
    out["lag_compressed_prediction"] = Value(
        None, status="underdetermined",
        note="the predicted 2-3 yr (vs 3-5) needs a calibration of kappa0, gamma, lam, beta0 and "
             "the model-time-to-years scale that the paper does not give; the model gives "
             "dT = T*(Q* - Q_bar), decreasing as kappa0 falls or lam rises")
    out["kappa0_over_lambda"] = Value(
        None, status="underdetermined",
        note="Table 9's implied kappa0/lam (~15, ~18) has no formula or inputs in the paper; "
             "kappa0/lam is not identified from (hardware T*, R0 T*) alone")

    # share paths figure
    t = np.linspace(0, 45, 451)
    cases = [("friction-dominated (lam=0.2)", BASE, C_FR),
             ("network-dominated (lam=0.5)", BASE.replace(lam=0.5), C_NW),
             ("no R0 crossing (kappa=3)", BASE.replace(kappa=3.0), C_NV)]
    rows, drawn = [], []
    for lab, p, col in cases:
        sp = share_path(t, p, s0=0.01)
        drawn.append((lab, sp, col))
        rows.append({"case": lab, "status": sp.threshold.status, "T_hw": sp.T_hw,
                     "T_R0": sp.T_R0, "dT": sp.delta_T, "s(45)": float(sp.s[-1]),
                     "long-run share": sp.s_inf})
    ctx.save_figure(plots.share_paths(drawn), "fig001_share_paths",
                    "Distributed share s(t) of eq. (11) with cumulative output from the Nash "
                    "game played towards Q* (Proposition 1*); after the game's crossing "
                    "production continues at the crossing rate", BASE_DESC)
    ctx.save_table(pd.DataFrame(rows), "tab001_share_paths",
                   "Hardware and R0 crossing times and the coordination lag along share paths",
                   BASE_DESC)
    return out


# ---------------------------------------------------------------------------------------------
@analysis("s3.10-r0", title="Generalized crossing condition with beta0 (eqs. 11-18)",
          section="3.10", version="001")
def r0_framework(ctx):
    from scipy.optimize import brentq

    p = AdoptionParams(gamma=1.3, kappa=0.4, mu=0.1, lam=0.1, beta0=0.3)
    eq14 = abs(float(r0(p.Q_bar, p)) - 0.1 * 1.3 / 0.5) < 1e-12
    lq = brentq(lambda z: float(r0(np.exp(z), p)) - 1.0, np.log(p.Q_bar), 40.0, xtol=1e-14)
    eq18 = 112 * (1 - 0.5 / (0.3 * 1.3 * 5) + 0.1 / (0.3 * 5)) ** (-1 / 0.23)
    eq18_ok = abs(np.exp(lq) / eq18 - 1) < 1e-9
    gamma, kappa, mu, lam = _grid()
    P = AdoptionParams(gamma=gamma, kappa=kappa, mu=mu + 1e-3, lam=lam, beta0=0.5)
    th = threshold_Q_star(P)
    st_ = np.asarray(th.status)
    fr = lam * gamma < kappa + mu + 1e-3
    above = bool(np.all(np.asarray(th.Q_star)[fr & (st_ == "crossing")] > 112))
    always = bool(np.all(st_[~fr] == "always"))
    ex = st_ == "crossing"
    d = np.asarray(dQstar_dkappa(AdoptionParams(gamma=gamma[ex], kappa=kappa[ex], mu=mu[ex] + 1e-3,
                                                lam=lam[ex], beta0=0.5)))
    mono = bool(np.all(d > 0))
    nn = int((st_ == "never").sum())
    return {
        "eq14": Value(eq14, note="R0 at Q = Q_bar equals lam*gamma/(kappa+mu)"),
        "eq18": Value(bool(eq18_ok), note="eq. (18) = numerical root of R0(Q) = 1 with beta0"),
        "direction": Value(above, note="lam*gamma < kappa+mu => Q* > Q_bar (grid check)"),
        "monotone_kappa": Value(mono, note="closed-form dQ*/dkappa > 0 wherever Q* exists"),
        "network_immediate": Value(always, note=(
            "lam*gamma > kappa+mu => R0 > 1 at every Q, including before parity, because "
            "eq. (13)'s positive part makes beta = lam below parity. Eq. (15) silently drops the "
            "positive part; eq. (18) then gives a Q* < Q_bar at which R0 != 1 (status 'always')")),
        "eq18_domain": Value(nn == 0, note=(
            f"{nn} of {st_.size} grid points have no crossing: eq. (18)'s base "
            "1 - (kappa+mu)/(beta0 gamma c*) + lam/(beta0 c*) <= 0, i.e. kappa + mu >= "
            "gamma (beta0 c* + lam): R0 < 1 even at zero cost; the paper states no domain")),
    }


# ---------------------------------------------------------------------------------------------
@analysis("s2.3-dual", title="Dual convergence: falling effective threshold", section="2.3",
          version="001")
def dual(ctx):
    rates = np.array([0.0, 0.01, 0.02, 0.05, 0.1, 0.2])
    res = [dual_convergence(lambda e, g=g: f_exponential(e, g), lambda t: t, BASE) for g in rates]
    T = np.array([r.T_dual for r in res])
    shown = list(zip(rates[[0, 3, 5]], [res[0], res[3], res[5]], strict=True))
    fig = plots.dual_convergence(shown, rates, T, res[0].T_fixed)
    ctx.save_figure(fig, "fig001_dual_convergence",
                    "Dual convergence (seed 001 §2.3): the threshold falls as algorithmic "
                    "efficiency eta(t) = t accumulates, f(eta) = exp(-g eta); quasi-static Nash "
                    "output at the current gap", BASE_DESC + "; threshold Q_bar")
    ctx.save_table(pd.DataFrame({"g": rates, "T_dual": T, "T_fixed": [r.T_fixed for r in res],
                                 "acceleration": [r.acceleration for r in res],
                                 "max separation": [float(r.separation.max()) for r in res]}),
                   "tab001_dual_convergence", "Crossing time under dual convergence", BASE_DESC)
    faster = bool(np.all(np.diff(T) < 0))
    quant = (16 / 4, 32 / 2)
    return {
        "dual_faster": Value(faster, note="crossing time strictly decreasing in the rate of "
                             "algorithmic efficiency gains (any decreasing f)", data=BASE_DESC),
        "quantization_range": Value(quant, note="FP16 -> INT4 = 4x; FP32 -> INT2 = 16x "
                                    "(bit-width ratios)"),
    }


# ---------------------------------------------------------------------------------------------
@analysis("s5.4-implied-r0", title="Implied R0 from OpenRouter shares (eq. 19-21, Table 10)",
          section="5.4", version="001")
def implied(ctx):
    from endodec import datasets

    df = datasets.load("openrouter_shares", "001")
    shares = df["share"].to_numpy(float)
    rows = df.iloc[1:]
    dt = rows["months"].to_numpy(float)
    labels = rows["period_label"].tolist()
    printed_ds = rows["ds_dt"].to_numpy(float)
    res = {t: implied_r0(shares, dt=dt, timing=t, labels=labels)
           for t in ("mid", "end", "start", "exact")}
    res_pr = implied_r0(shares, dt=dt, timing="mid", ds_dt=printed_ds, labels=labels)
    res_pr_end = implied_r0(shares, dt=dt, timing="end", ds_dt=printed_ds, labels=labels)
    mid = res["mid"]
    src = "openrouter_shares 001 (Table 10 shares + the Jan-24 start 1.0% from the text)"
    out = {}
    for i in range(len(labels)):
        out[f"r0_{i + 1}"] = Value(
            float(mid.r0[i]),
            readings={"mid, printed ds/dt": float(res_pr.r0[i]),
                      "end (table's s(t) column)": float(res["end"].r0[i]),
                      "end, printed ds/dt": float(res_pr_end.r0[i]),
                      "exact logistic": float(res["exact"].r0[i])},
            note="eq. (20) with delta = 1/month and the midpoint share (s_i + s_i+1)/2; the "
                 "table's s(t) column is the period-end share, which does not reproduce",
            data=src)
    spike = labels.index("Dec-24 → Jan-25") if "Dec-24 → Jan-25" in labels else 5
    rev = spike + 1
    m_both = mid.mean(exclude=[spike, rev])
    m_spike = mid.mean(exclude=[spike])
    out["mean_ex_spike"] = Value(m_both, readings={
        "excluding only the Dec-24 -> Jan-25 spike row": m_spike},
        note=f"'excluding the R1 spike-reversion' read literally drops both the spike row "
             f"({labels[spike]}) and the reversion row ({labels[rev]}, R0 = {mid.r0[rev]:.2f}): "
             f"mean {m_both:.3f}; dropping only the spike row (the reversion kept) gives "
             f"{m_spike:.3f}", data=src)
    out["mean_approx"] = Value(m_both, readings={"excluding only the spike row": m_spike},
                               note=f"the same two readings, at one decimal: {m_both:.1f} (both "
                                    f"rows dropped) and {m_spike:.1f} (spike row only; unrounded "
                                    f"{m_spike:.4f}); the paper's rounded value looks like its "
                                    "two-decimal mean rounded half-up, which the unrounded "
                                    "mean falls just short of", data=src)
    flat = float(np.mean(mid.r0[1:4]))
    out["flat_mar_nov"] = Value(flat, note="mean of the Mar-Jun, Jun-Sep, Sep-Nov 2024 rows",
                                data=src)
    out["above_unity_most"] = Value(bool((mid.r0 > 1).sum() > mid.r0.size / 2),
                                    note=f"{int((mid.r0 > 1).sum())} of {mid.r0.size} intervals",
                                    data=src)
    out["feb25"] = Value(float(mid.r0[rev]), readings={"mid, printed ds/dt": float(res_pr.r0[rev])},
                         data=src)
    months = (pd.Period(df["month"].iloc[-1], "M") - pd.Period(df["month"].iloc[0], "M")).n + 1
    out["months"] = Value(months, note="Jan-2024 .. Feb-2025 inclusive", data=src)
    out["n_obs"] = Value(len(df), note="observations including the Jan-24 start", data=src)

    # parameter bounds (§5.4.3)
    b = datasets.load("r0_parameter_bounds", "001").set_index("symbol")
    bg = float(b.loc["βγ", "lo"])
    mu = 0.10
    kap = np.asarray(kappa_from_r0(mid.r0, bg, mu))
    kap_pr = np.asarray(kappa_from_r0(res_pr.r0, bg, mu))
    i_mid24 = 2  # Jun-24 -> Sep-24
    k_lo, k_hi = float(kap_pr[spike]), float(kap[i_mid24])
    out["kappa_range"] = Value(
        (k_lo, k_hi),
        readings={f"mu={m:g}": (float(kappa_from_r0(res_pr.r0[spike], bg, m)),
                                float(kappa_from_r0(mid.r0[i_mid24], bg, m))) for m in (0.08, 0.125, 0.17)},
        note=("kappa = beta*gamma/R0 - mu with beta*gamma = 0.24: Jan-25 (R0 = "
              f"{res_pr.r0[spike]:.3f}) and mid-2024 (Jun-Sep, R0 = {mid.r0[i_mid24]:.3f}); the "
              "paper does not state mu: mu = 0.10 (inside its 0.08-0.17 bound) reproduces both "
              "ends, the bound's ends do not. The Feb-25 R0 = 0.59 would need kappa = "
              f"{float(kappa_from_r0(res_pr.r0[rev], bg, mu)):.2f}, outside the stated range"),
        data=src + "; r0_parameter_bounds 001")
    lo_r0, hi_r0 = bg / (0.11 + 0.17), bg / (0.05 + 0.08)
    out["beta_gamma"] = Value(
        None, status="underdetermined",
        note=("no calibration procedure is given; with kappa in 0.05-0.11 and mu in 0.08-0.17, "
              f"beta*gamma = 0.24 implies R0 in {lo_r0:.2f}-{hi_r0:.2f}, which covers the "
              "2024 rows but not Feb-25 (0.59)"))
    out["mu_bounds"] = Value((1 / 12, 1 / 6), note="mu = 1/lifetime for lifetimes of 12 and 6 "
                             "months")
    out["latency_ratio"] = Value((50 / 10, 200 / 10), note="cloud round-trip 50-200 ms over "
                                 "edge <10 ms (a ratio; in eq. 13 lam is an adoption rate, so "
                                 "this bound has no units compatible with R0)")
    # kappa decline (per year)
    t_mid = np.array([1.0, 3.5, 6.5, 9.0, 10.5, 11.5, 12.5])  # interval midpoints, months from Jan-24
    k_end = np.log(k_lo / k_hi) / ((t_mid[spike] - t_mid[i_mid24]) / 12)
    sel = np.arange(5)  # 2024 rows
    slope = np.polyfit(t_mid[sel] / 12, np.log(kap[sel]), 1)[0]
    out["kappa_decline"] = Value(
        float(100 * (1 - np.exp(k_end))),
        readings={"log-linear trend over the 2024 rows": float(100 * (1 - np.exp(slope)))},
        note=(f"from mid-2024 (kappa {k_hi:.3f}) to Jan-25 ({k_lo:.3f}), annualized: the "
              "paper's own endpoints imply a faster decline than 30-50%/yr; the 2024 rows alone "
              "show kappa rising then falling (trend "
              f"{100 * (1 - np.exp(slope)):.0f}%/yr decline)"), data=src + "; mu = 0.10")
    # eq. (21)
    r_lo, r_hi = float(b.loc["κ_distributed/κ_central", "lo"]), float(b.loc["κ_distributed/κ_central", "hi"])
    rc = 1.2
    e21 = (float(distributed_r0(rc, 1.0, r_hi)), float(distributed_r0(rc, 1.0, r_lo)))
    full = [float(distributed_r0_full(bg, kc, mu, m)) for kc in (0.05, 0.11) for m in (r_lo, r_hi)]
    out["r0_distributed"] = Value(
        e21,
        readings={"eq. 21 with R0_c = 1.15": (float(distributed_r0(1.15, 1, r_hi)),
                                             float(distributed_r0(1.15, 1, r_lo))),
                  "eq. 12 with mu = 0.10, kappa_c = 0.05-0.11": (min(full), max(full))},
        note=("eq. (21) with R0_c = 1.2 and kappa_d/kappa_c = 2-5 gives 0.24-0.60, not 0.4-0.8; "
              "eq. (21) also drops mu, which is of the same size as kappa (eq. 12 gives "
              f"{min(full):.2f}-{max(full):.2f}). The printed 0.4-0.8 would follow from R0_c "
              f"between 1.2 and the Jan-25 peak 1.61 with a ratio of 2-3 "
              f"({float(distributed_r0(rc, 1, 3.0)):.2f}-{float(distributed_r0(1.61, 1, 2.0)):.2f})"
              ", not from the stated 2-5"), data="r0_parameter_bounds 001")
    out["subcritical"] = Value(bool(max(e21) < 1), note="eq. (21) range below 1")

    # table + figure
    tab = mid.to_frame().rename(columns={"r0": "R0 mid"})
    tab["R0 mid, printed ds/dt"] = res_pr.r0
    tab["R0 end"] = res["end"].r0
    tab["R0 exact"] = res["exact"].r0
    tab["kappa (mu=0.10)"] = kap
    ctx.save_table(tab, "tab001_implied_r0",
                   "Implied R0 (eq. 20) under the timing conventions; delta = 1 per month", src)
    x = pd.PeriodIndex(df["month"], freq="M").to_timestamp()
    xm = x[:-1] + (x[1:] - x[:-1]) / 2
    fig = plots.implied_r0(x, shares, xm, {t: res[t].r0 for t in ("mid", "end", "exact")},
                           rows["r0_implied"], mid.r0, kap)
    ctx.save_figure(fig, "fig001_implied_r0",
                    "Implied R0 from OpenRouter open-weight shares under three timing "
                    "conventions vs Table 10, and the implied coordination friction", src)
    return out


# ---------------------------------------------------------------------------------------------
@analysis("appC-coordination", title="Semi-endogenous coordination dynamics (Appendix C)",
          section="C", version="both")
def appendix_c(ctx):
    p = BASE
    schedules = {"exponential": KappaSchedule("exponential", 0.3, rate=0.5),
                 "power law": KappaSchedule("power", 0.3, eta=1.0),
                 "threshold (step)": KappaSchedule("step", 0.3, E_threshold=2.0, kappa1=0.25)}
    phi = 1.0
    paths = {k: simulate(p, s, phi=phi) for k, s in schedules.items()}
    slow = simulate(p, KappaSchedule("exponential", 0.3, rate=0.5), phi=1e-3)
    fig = plots.two_gap(paths, slow, "exponential, phi = 0.001", p.Q_bar)
    ctx.save_figure(fig, "fig000_appC_two_gap",
                    "Appendix C: two-sided convergence under declining coordination friction "
                    "(three kappa(E) forms, E' = phi max(0, c* - c(Q))), the two-gap "
                    "decomposition and the quasi-static separation ratio", BASE_DESC + f"; phi={phi}")
    rows = [{"kappa(E)": k, "T_hw": pa.T_hw, "T_R0": pa.T_R0, "T_R0 fixed kappa0": pa.T_R0_fixed,
             "dT": pa.delta_T, "max |dQ*/dt|/sum q": pa.max_separation,
             "jumps": ", ".join(f"{j:.3g}" for j in pa.jumps)} for k, pa in paths.items()]
    rows.append({"kappa(E)": "exponential, phi=0.001", "T_hw": slow.T_hw, "T_R0": slow.T_R0,
                 "T_R0 fixed kappa0": slow.T_R0_fixed, "dT": slow.delta_T,
                 "max |dQ*/dt|/sum q": slow.max_separation, "jumps": ""})
    ctx.save_table(pd.DataFrame(rows), "tab000_appC_coordination",
                   "Crossing times under declining coordination friction", BASE_DESC)
    smooth = [pa for k, pa in paths.items() if "step" not in k]
    drift_neg = all(bool(np.all(pa.dQstar_dt <= 1e-12)) for pa in smooth)
    contracts = all(bool(np.all(np.diff(pa.G_C[np.isfinite(pa.G_C)]) <= 1e-9)) for pa in paths.values())
    earlier = all(pa.T_R0 < pa.T_R0_fixed for pa in paths.values())
    ts_slow, ts_fast = timescale_separation(slow), timescale_separation(paths["exponential"])
    step = paths["threshold (step)"]
    return {
        "drift_negative": Value(drift_neg, note="(dQ*/dkappa)(dkappa/dE)E' <= 0 along the paths",
                                data=BASE_DESC),
        "gap_contracts": Value(contracts and earlier, note=(
            "G_C shrinks and the R0 crossing comes earlier than with fixed kappa0 for every "
            "schedule: " + "; ".join(f"{r['kappa(E)']}: {r['T_R0']:.3g} vs {r['T_R0 fixed kappa0']:.3g}"
                                     for r in rows[:3])), data=BASE_DESC),
        "quasi_static_small_phi": Value(ts_slow["holds"], note=(
            f"phi = 0.001: max ratio {ts_slow['max_ratio']:.3g}; phi = 1: "
            f"{ts_fast['max_ratio']:.3g} (quasi-statics fails: the paper's condition is an "
            "assumption on phi, not a result)"), data=BASE_DESC),
        "step_breaks": Value(bool(step.jumps), note=(
            "a threshold kappa(E) makes Q* jump at t = "
            + ", ".join(f"{j:.3g}" for j in step.jumps) + ": a regime shift, not quasi-static"),
            data=BASE_DESC),
        "lag_shorter_declining": Value(bool(all(pa.delta_T < float(coordination_lag(p).delta_T)
                                                for pa in paths.values())),
                                       note="declining kappa shortens dT relative to fixed kappa0"),
    }
