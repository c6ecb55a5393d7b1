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
    logistic_share,
    share_path,
)
from endodec.model.coordination import KappaSchedule, simulate, timescale_separation
from endodec.model.game import cooperative, nash
from endodec.model.params import describe
from endodec.plots import adoption as plots

#: illustrative parameters (friction-dominated; seed 001 form with the positive part)
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
    # "when lam is sufficiently large, Q* < Q_bar": on the whole grid, Q* < Q_bar exactly when
    # lam exceeds (kappa + mu)/gamma (the sufficient size), wherever Q* exists
    lam_star = (kappa + mu + 1e-3) / gamma
    lam_ok = bool(np.array_equal((Qs < 112)[ex], (lam > lam_star)[ex]))
    never = int((np.asarray(th.status) == "never").sum())
    note_dom = ("on the grid (facts) some parameter points have no R0 = 1 crossing "
                "(eq. 13's base 1 - (kappa+mu)/(gamma c*) + lam/c* <= 0: R0 < 1 even at zero cost); "
                "the paper does not state this domain restriction")

    # figure: R0 vs cumulative production with the regimes
    Q = np.geomspace(2.5, 2000, 400)
    curves = []
    for lamv, lab in ((0.2, "friction-dominated"), (0.6, "network-dominated")):
        p = AdoptionParams.seed000(lam=lamv, kappa=0.3, mu=0.1)
        curves.append({"R0": r0(Q, p), "Q_star": threshold_Q_star(p).Q_star, "regime": lab,
                       "label": f"{lab} (lam={lamv})"})
    p1 = ctx.config.adoption_params(lam=0.2)
    ref = {"R0": r0(Q, p1), "label": "seed 001 form (positive part), friction"}
    kk, ll = np.meshgrid(np.linspace(0, 1.6, 90), np.linspace(0, 1.2, 90))
    PP = ctx.config.adoption_params(kappa=kk, lam=ll, mu=0.1)  # seed 001 form, beta0 = 0.2
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
                     "root (difference in the facts)")
    logistic_gap = abs(rows[2]["c** closed form"] - rows[2]["c** numerical root"])
    return {
        "c_ss_linear": Value(ok["linear"], note="Table 8 linear row = numerical root of the R0 threshold (unity)",
                             data="Table 8 test parameters"),
        "c_ss_power": Value(ok["power"], note="Table 8 power-law row = numerical root of the R0 threshold (unity)",
                            data="Table 8 test parameters"),
        "logistic_implicit": Value(bool(logistic_gap >= 1e-9),
                                   note=logistic_note, data="Table 8",
                                   facts={"closed_form_minus_root": logistic_gap}),
        "eq13": Value(bool(eq13_ok), note="eq. (13) = numerical root of R0(Q) = 1 (beta0 = 1)"),
        "eq13_domain": Value(never == 0, note=note_dom,
                             facts={"grid_points": gamma.size, "no_crossing": never}),
        "friction_Qstar_above": Value(fric_ok, note=(
            "grid check over (gamma, kappa, mu, lam), seed 000 form: Q* > Q_bar at every "
            "friction-dominated point with a crossing (the others have none: Q* infinite)"),
            facts={"grid_points": gamma.size,
                   "friction_points": int((reg == "friction-dominated").sum()),
                   "violations": int((Qs[ex & (reg == "friction-dominated")] <= 112).sum())}),
        "network_Qstar_below": Value(net_ok, note=(
            "grid check, seed 000 form (no positive part). With seed 001's positive part "
            "(c*-c)^+ the network-dominated regime has R0 > 1 at every Q instead")),
        "latency_pulls_closer": Value(lam_ok, note=(
            "on the grid, Q* < Q_bar exactly where lam > (kappa+mu)/gamma (wherever Q* "
            "exists): 'sufficiently large' is that bound"), facts={"grid_points": gamma.size,
                                                                  "with_Q_star": int(ex.sum())}),
        "r0_before_parity": Value(bool(float(r0(100.0, AdoptionParams.seed000(lam=0.6))) > 1),
                                  note="R0 > 1 at Q < Q_bar with a large latency advantage"),
        "qstar_monotone_kappa": Value(mono, note="closed-form dQ*/dkappa positive wherever Q* exists"),
    }


# ---------------------------------------------------------------------------------------------
@analysis("s3.9-lag", title="Coordination lag (eq. 15; Tables 3, 7, 9) and share paths",
          section="3.9", version="both")
def lag(ctx):
    params = ctx.config.adoption_params()
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
    out.update(_table7(d0))

    # model (seed 000 form: these are seed 000 claims): dT > 0 where friction-dominated,
    # dT <= 0 where network-dominated, on a kappa grid at a small and a large latency advantage
    ks = np.linspace(0.05, 1.5, 30)
    mono, regs, dTs = True, [], []
    for lam_v in (0.2, 0.6):
        L = coordination_lag(AdoptionParams.seed000(kappa=ks, lam=lam_v))
        d = np.asarray(L.delta_T, float)
        mono &= bool(np.all(np.diff(d[np.isfinite(d)]) >= -1e-12))
        regs.append(np.asarray(L.regime))
        dTs.append(d)
    reg, dT = np.concatenate(regs), np.concatenate(dTs)
    fr, nw = reg == "friction-dominated", reg == "network-dominated"
    pos = bool(np.all(dT[fr & np.isfinite(dT)] > 0))
    net_zero = bool(np.all(dT[nw] <= 0))
    base = coordination_lag(AdoptionParams.seed000())
    src0 = ("seed 000 form (beta0 = 1, no positive part), gamma=1, mu=0.1, c*=5, alpha=0.23, "
            "Q_bar=112; kappa grid at lam = 0.2 and 0.6; game baseline "
            + describe(names=("N", "a", "b", "r", "delta")))
    out["lag_positive_friction"] = Value(pos, note=(
        "dT = T*(Q* - Q_bar) > 0 at every friction-dominated grid point: the game's crossing "
        "time across the coordination gap (the baseline's dT and T_hw in model time units: "
        "facts)"), facts={"baseline_dT": float(base.delta_T), "baseline_T_hw": float(base.T_hw),
                          "friction_points": int(fr.sum()),
                          "violations": int((dT[fr & np.isfinite(dT)] <= 0).sum())}, data=src0)
    out["lag_zero_network"] = Value(net_zero, note=(
        "at every network-dominated grid point Q* < Q_bar: the R0 crossing comes at or before "
        "the hardware crossing (dT <= 0; the paper: 'ΔT ≈ 0')"),
        facts={"network_points": int(nw.sum()), "violations": int((dT[nw] > 0).sum())},
        data=src0)
    out["lag_increasing_kappa"] = Value(mono, note="dT non-decreasing in kappa along both grids",
                                        data=src0)
    out["lag_compressed_prediction"] = Value(
        None, note="the model gives dT = T*(Q* - Q_bar), decreasing as kappa0 falls or lam rises; "
                   "a number of years needs a calibration of kappa0, gamma, lam, beta0 and the "
                   "model-time-to-years scale, which the paper does not give")
    for k in ("pc", "internet"):
        out[f"kappa0_over_lambda_{k}"] = Value(
            None, note="Table 9's implied kappa0/lam has no formula or inputs in the paper; "
                       "kappa0/lam is not identified from (hardware T*, R0 T*) alone")

    # share paths figure
    t = np.linspace(0, 45, 451)
    cases = [("friction-dominated (lam=0.2)", params, C_FR),
             ("network-dominated (lam=0.5)", params.replace(lam=0.5), C_NW),
             ("no R0 crossing (kappa=3)", params.replace(kappa=3.0), C_NV)]
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


def _span(years) -> str:
    return f"{years[0]}" if years[0] == years[1] else f"{years[0]}-{years[1]}"


def _table7(d0) -> dict:
    """Seed 000 Table 7's historical rows: the lag against the row's dates and Table 9."""
    out = {}
    src = "coordination_lags 000 (Tables 7 and 9)"
    for _, row in d0.iterrows():
        hw = (int(row["hardware_t_lo"]), int(row["hardware_t_hi"]))
        lag = (float(row["lag_lo_yr"]), float(row["lag_hi_yr"]))
        if row["predicted"]:
            continue  # Cloud -> Edge AI: descriptive.csv checks its arithmetic
        key = "pc" if "PC" in row["transition"] else "internet"
        cl = (int(row["coordination_layer_lo"]), int(row["coordination_layer_hi"]))
        dates = (float(cl[0] - hw[1]), float(cl[1] - hw[0]))
        t9 = (float(row["delta_t_lo_yr"]), float(row["delta_t_hi_yr"]))
        facts = {"hardware_start": hw[0], "hardware_end": hw[1], "layer_start": cl[0],
                 "layer_end": cl[1], "lag_from_dates_lo": dates[0], "lag_from_dates_hi": dates[1],
                 "table9_dT_lo": t9[0], "table9_dT_hi": t9[1], "printed_lag_lo": lag[0],
                 "printed_lag_hi": lag[1]}
        bad = lag != dates or lag != t9
        out[f"lag_{key}_table7"] = Value(
            dates, facts=facts, data=src, status="inconsistent" if bad else None,
            note=(f"Table 7 prints a lag of {lag[0]:g}-{lag[1]:g} yr; its own dates (hardware "
                  f"{_span(hw)}, coordination layer {_span(cl)}) give "
                  f"{dates[0]:g}-{dates[1]:g}, and Table 9 prints dT = {t9[0]:g}-{t9[1]:g} yr "
                  "for the same transition" + ("" if bad else ": all agree")))
    return out


@analysis("s3.9-prop1star", title="Proposition 1* and Remark 3: the game towards Q*",
          section="3.9", version="000")
def prop1star(ctx):
    """Seed 000 §3.9.2: the game played towards the generalized threshold Q*(kappa).

    Distances are in the game's units: the baseline x0 is the distance Q_bar - Q0 to cost
    parity, and the distance Q* - Q0 is scaled by the same factor. On a kappa grid at a small and
    a large latency advantage (both regimes of Definition 3): Proposition 1* (Q^N(x) > Q^C(x) on
    (0, x0], T_Nash < T_coop), and Remark 3 (later / earlier absolute crossing; the acceleration
    ratio T_Nash / T_coop "preserved").
    """
    gp = ctx.config.game_params("000")
    ks = np.linspace(0.05, 1.5, 30)
    rows = []
    for lam_v in (0.2, 0.6):
        p = AdoptionParams.seed000(kappa=ks, lam=lam_v)
        th = threshold_Q_star(p)
        ok = np.asarray(th.status) == "crossing"
        scale = float(gp.x0) / (p.Q_bar - p.Q0)
        rows.append(pd.DataFrame({
            "lam": lam_v, "kappa": ks[ok], "regime": np.asarray(classify_regime(p).regime)[ok],
            "Q_star": np.asarray(th.Q_star)[ok], "x0": (np.asarray(th.Q_star)[ok] - p.Q0) * scale}))
    df = pd.concat(rows, ignore_index=True)
    df = df[df["regime"] != "boundary"]
    g = gp.replace(x0=df["x0"].to_numpy())
    N, C = nash(g), cooperative(g)
    df["T_nash"], df["T_coop"] = np.asarray(N.crossing_time()), np.asarray(C.crossing_time())
    df["ratio"] = df["T_nash"] / df["T_coop"]
    xs = np.linspace(1e-3, 1.0, 60)[:, None] * df["x0"].to_numpy()[None, :]
    q_ok = bool(np.all(np.asarray(N.Q(xs)) > np.asarray(C.Q(xs))))
    t_ok = bool((df["T_nash"] < df["T_coop"]).all())
    T_bar = float(nash(gp).crossing_time())
    r_bar = T_bar / float(cooperative(gp).crossing_time())
    fr, nw = df["regime"] == "friction-dominated", df["regime"] == "network-dominated"
    later = bool((df.loc[fr, "T_nash"] > T_bar).all() and (df.loc[nw, "T_nash"] < T_bar).all())
    # "preserved": the printed acceleration 1 - ratio (79% at the baseline) unchanged to its
    # printed precision, half a percentage point
    shift = float(np.max(np.abs(df.loc[fr, "ratio"] - r_bar)))
    ctx.save_table(df, "tab000_prop1star", "Proposition 1* and Remark 3: the game played "
                   "towards Q*(kappa) (seed 000 §3.9.2) in both regimes",
                   "seed 000 form; game baseline " + describe(names=("N", "a", "b", "r", "delta",
                                                                     "x0")))
    src = "seed 000 form on a kappa grid (lam = 0.2, 0.6); game baseline (model/params.py 000)"
    return {
        "prop1star": Value(q_ok and t_ok, data=src, facts={
            "thresholds": len(df), "friction": int(fr.sum()), "network": int(nw.sum()),
            "max_ratio": float(df["ratio"].max())}, note=(
            "Q^N(x) > Q^C(x) on (0, x0] and T_Nash < T_coop for every threshold Q* of the grid, "
            "in both regimes")),
        "remark3_later": Value(later, data=src, facts={"T_nash_at_Q_bar": T_bar}, note=(
            "the Nash crossing time towards Q* against the cost-parity one: later for every "
            "friction-dominated threshold, earlier for every network-dominated one")),
        "remark3_ratio_preserved": Value(shift < 0.005, data=src, facts={
            "ratio_at_Q_bar": r_bar, "ratio_min_friction": float(df.loc[fr, "ratio"].min()),
            "ratio_max_friction": float(df.loc[fr, "ratio"].max()), "max_shift": shift}, note=(
            "T_Nash / T_coop depends on the distance to the threshold: towards Q* > Q_bar it "
            "rises from ratio_at_Q_bar up to ratio_max_friction (facts), so the acceleration "
            "1 - ratio shrinks by more than half a point, the printed precision of the "
            "baseline's acceleration; Nash still accelerates crossing in both regimes "
            "(Proposition 1*)" if shift >= 0.005 else
            "T_Nash / T_coop towards Q* equals its cost-parity value to the printed precision")),
    }


def _self_sustaining() -> Value:
    """Eqs. (11)-(12): ds/dt > 0 for small s exactly when R0 = beta*gamma/(kappa+mu) > 1.

    Eq. (11) at a constant adoption rate (its closed form, ``logistic_share``) on a grid of
    beta*gamma and kappa+mu that includes R0 < 1, R0 = 1 and R0 > 1.
    """
    v = np.linspace(0.0, 2.0, 21)  # the same values for both: R0 = 1 exactly on a diagonal
    bg, km = (a.ravel() for a in np.meshgrid(v, v[1:]))
    s0, dt = 1e-6, 1e-3
    grows = np.asarray(logistic_share(dt, s0, bg, km)) > s0
    above = bg > km  # R0 = beta*gamma/(kappa+mu) > 1
    ok = bool(np.array_equal(grows, above))
    return Value(ok, facts={"grid_points": bg.size, "R0_above_one": int(above.sum()),
                            "R0_equal_one": int((bg == km).sum()),
                            "violations": int((grows != above).sum())},
                 note="eq. (11) at a constant adoption rate, from a small share: the share grows "
                      "exactly where beta*gamma/(kappa+mu) exceeds unity (grid including R0 "
                      "below, at and above unity)")


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
    # eq. (16): the cost at Q* is c* - ((kappa+mu)/gamma - lam)/beta0, wherever Q* exists
    Qs = np.asarray(th.Q_star, float)
    e16 = ex & np.isfinite(Qs) & (Qs > 0)
    Pex = AdoptionParams(gamma=gamma[e16], kappa=kappa[e16], mu=mu[e16] + 1e-3, lam=lam[e16],
                         beta0=0.5)
    c16 = Pex.c_star - ((Pex.kappa + Pex.mu) / Pex.gamma - Pex.lam) / Pex.beta0
    err16 = float(np.max(np.abs(np.asarray(Pex.cost(Qs[e16])) / c16 - 1)))
    return {
        "eq12_self_sustaining": _self_sustaining(),
        "eq16": Value(err16 < 1e-9, facts={"max_rel_error": err16, "points": int(e16.sum())},
                      note="the cost at the computed Q* against eq. (16), on the grid wherever Q* "
                           "exists"),
        "eq14": Value(eq14, note="R0 at Q = Q_bar equals lam*gamma/(kappa+mu)"),
        "eq18": Value(bool(eq18_ok), note="eq. (18) = numerical root of R0(Q) = 1 with beta0"),
        "direction": Value(above, note=(
            "lam*gamma < kappa+mu => Q* > Q_bar, checked on a grid over (gamma, kappa, mu, lam) "
            "wherever Q* exists (elsewhere R0 stays below unity: no crossing)"),
            facts={"grid_points": st_.size, "friction_points": int(fr.sum()),
                   "violations": int((np.asarray(th.Q_star)[fr & (st_ == "crossing")]
                                      <= 112).sum())}),
        "monotone_kappa": Value(mono, note="closed-form dQ*/dkappa positive wherever Q* exists"),
        "network_immediate": Value(always, note=(
            "lam*gamma > kappa+mu => R0 above unity at every Q, including before parity, "
            "because eq. (13)'s positive part makes beta = lam below parity. Eq. (15) silently "
            "drops the positive part; eq. (18) then gives a Q* < Q_bar at which R0 is not unity "
            "(status 'always')")),
        "eq18_domain": Value(nn == 0, note=(
            f"{nn} of {st_.size} grid points have no crossing: eq. (18)'s base "
            "1 - (kappa+mu)/(beta0 gamma c*) + lam/(beta0 c*) <= 0, i.e. kappa + mu >= "
            "gamma (beta0 c* + lam): R0 < 1 even at zero cost; the paper states no domain")),
    }


# ---------------------------------------------------------------------------------------------
@analysis("s2.3-dual", title="Dual convergence: falling effective threshold", section="2.3",
          version="001", cost=2.5)
def dual(ctx):
    base = ctx.config.adoption_params()
    rates = np.array([0.0, 0.01, 0.02, 0.05, 0.1, 0.2])
    res = [dual_convergence(lambda e, g=g: f_exponential(e, g), lambda t: t, base) for g in rates]
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
#: Table 10's declared readings (claims/data/readings/adopt.csv): the timing conventions of eq. (20)
T10_READINGS = {"printed ds/dt": ("mid", True), "end share": ("end", False),
                "end share, printed ds/dt": ("end", True), "exact logistic": ("exact", False)}


def _table10(shares, dt, labels, printed_ds):
    """Implied R0 per interval: the primary (midpoint share, eq. 20) and Table 10's readings."""
    mid = implied_r0(shares, dt=dt, timing="mid", labels=labels)
    alt = {name: implied_r0(shares, dt=dt, timing=t, labels=labels,
                            **({"ds_dt": printed_ds} if pr else {}))
           for name, (t, pr) in T10_READINGS.items()}
    return mid, alt


@analysis("s5.4-implied-r0", title="Implied R0 from OpenRouter shares (eq. 19-21, Table 10)",
          section="5.4", version="001")
def implied(ctx):
    from endodec import datasets

    df = datasets.load("openrouter_shares", "001")
    shares = df["share"].to_numpy(float)
    rows = df.iloc[1:]
    dt = rows["months"].to_numpy(float)
    labels = rows["period_label"].tolist()
    mid, alt = _table10(shares, dt, labels, rows["ds_dt"].to_numpy(float))
    src = "openrouter_shares 001 (Table 10 shares + the Jan-24 start from the text)"
    out = {}
    for i in range(len(labels)):
        out[f"r0_{i + 1}"] = Value(
            float(mid.r0[i]), readings={n: float(r.r0[i]) for n, r in alt.items()},
            conditions={"baseline": f"delta={mid.delta:g}/month"},
            note="eq. (20) with delta per month and the interval's midpoint share (the mean "
                 "of its two end shares), Delta s/Delta t from the shares; the table's own s(t) column "
                 "(the period-end share) and its printed Delta s/Delta t are readings",
            data=src)
    spike = labels.index("Dec-24 → Jan-25") if "Dec-24 → Jan-25" in labels else 5
    rev = spike + 1
    both = [spike, rev]
    m_both, m_spike = mid.mean(exclude=both), mid.mean(exclude=[spike])
    out["mean_ex_spike"] = Value(
        m_both, readings={n: r.mean(exclude=both) for n, r in alt.items()},
        conditions={"baseline": f"delta={mid.delta:g}/month"},
        facts={"mean_both_rows_dropped": m_both, "mean_spike_row_only_dropped": m_spike,
               "reversion_r0": float(mid.r0[rev]), "spike_row": labels[spike],
               "reversion_row": labels[rev]},
        note=f"'excluding the R1 spike-reversion' drops the spike row ({labels[spike]}) and the "
             f"reversion row ({labels[rev]}); no timing convention of eq. (20) gives the printed "
             "mean. Dropping only the spike row (keeping the reversion) would come closer, but "
             "the text names both, so that is not a reading of it", data=src)
    flat = float(np.mean(mid.r0[1:4]))
    out["flat_mar_nov"] = Value(flat, note="mean of the Mar-Jun, Jun-Sep and Sep-Nov 2024 rows",
                                data=src)
    n_above = int((mid.r0 > 1).sum())
    out["above_unity_most"] = Value(bool(n_above > mid.r0.size / 2),
                                    note="intervals with R0 > 1 against all intervals",
                                    facts={"above_unity": n_above, "intervals": mid.r0.size},
                                    data=src)
    months = (pd.Period(df["month"].iloc[-1], "M") - pd.Period(df["month"].iloc[0], "M")).n + 1
    out["months"] = Value(months, note="first to last month of the series, inclusive",
                          facts={"first": df["month"].iloc[0], "last": df["month"].iloc[-1]},
                          data=src)
    out["n_obs"] = Value(len(df), note="observations including the Jan-24 start", data=src)
    out.update(_parameter_bounds(datasets, mid, labels, spike, rev, src))
    tab = mid.to_frame().rename(columns={"r0": "R0 mid"})
    for n, r in alt.items():
        tab[f"R0 {n}"] = r.r0
    ctx.save_table(tab, "tab001_implied_r0",
                   "Implied R0 (eq. 20) under the timing conventions; delta = 1 per month", src)
    x = pd.PeriodIndex(df["month"], freq="M").to_timestamp()
    xm = x[:-1] + (x[1:] - x[:-1]) / 2
    bounds = datasets.load("r0_parameter_bounds", "001").set_index("symbol")
    mu_fig = float(bounds.loc["μ", ["lo", "hi"]].astype(float).mean())
    kap = np.asarray(kappa_from_r0(mid.r0, float(bounds.loc["βγ", "lo"]), mu_fig))
    fig = plots.implied_r0(x, shares, xm, {"mid": mid.r0, "end": alt["end share"].r0,
                                           "exact": alt["exact logistic"].r0},
                           rows["r0_implied"], mid.r0, kap)
    ctx.save_figure(fig, "fig001_implied_r0",
                    "Implied R0 from OpenRouter open-weight shares under three timing "
                    "conventions vs Table 10, and the implied coordination friction "
                    "(beta*gamma = 0.24, mu at the middle of its stated bound)", src)
    return out


def _parameter_bounds(datasets, mid, labels, spike, rev, src) -> dict:
    """§5.4.3-5.4.4: kappa from R0, the rate of its decline, eq. (21)."""
    b = datasets.load("r0_parameter_bounds", "001").set_index("symbol")
    bg = float(b.loc["βγ", "lo"])
    mu_lo, mu_hi = float(b.loc["μ", "lo"]), float(b.loc["μ", "hi"])
    k_lo, k_hi = float(b.loc["κ", "lo"]), float(b.loc["κ", "hi"])
    mus = np.linspace(mu_lo, mu_hi, 10)
    i_mid24 = labels.index("Jun-24 → Sep-24") if "Jun-24 → Sep-24" in labels else 2
    src_b = src + "; r0_parameter_bounds 001"
    out = {}
    ends = {m: (float(kappa_from_r0(mid.r0[spike], bg, m)),
                float(kappa_from_r0(mid.r0[i_mid24], bg, m))) for m in (mu_lo, mu_hi)}
    out["kappa_range"] = Value(
        None, data=src_b, conditions={"baseline": f"beta*gamma={bg:g}"},
        facts={"kappa_jan25_at_mu_lo": ends[mu_lo][0], "kappa_mid24_at_mu_lo": ends[mu_lo][1],
               "kappa_jan25_at_mu_hi": ends[mu_hi][0], "kappa_mid24_at_mu_hi": ends[mu_hi][1],
               "r0_jan25": float(mid.r0[spike]), "r0_mid24": float(mid.r0[i_mid24]),
               "kappa_feb25_at_mu_lo": float(kappa_from_r0(mid.r0[rev], bg, mu_lo)),
               "rows": f"{labels[spike]}; {labels[i_mid24]}; {labels[rev]}"},
        note=("kappa = beta*gamma/R0 - mu at the Jan-25 and mid-2024 (Jun-Sep) rows: the value "
              "shifts one for one with mu, which the paper only bounds; at the bound's ends the "
              "range runs as in the facts. The Feb-25 row would need a kappa far above the "
              "stated range (facts)"))
    # "approximately 30-50% per year during 2024": the log-linear trend of kappa over the 2024 rows
    t_mid = np.cumsum(np.r_[0, mid.dt[:-1]]) + mid.dt / 2  # interval midpoints, months
    sel = np.array([i for i, lab in enumerate(labels) if lab.endswith("-24")])
    decline = []
    for m in mus:
        k = np.asarray(kappa_from_r0(mid.r0[sel], bg, m))
        slope = np.polyfit(t_mid[sel] / 12, np.log(k), 1)[0] if np.all(k > 0) else np.nan
        decline.append(100 * (1 - np.exp(slope)))
    decline = np.asarray(decline)
    k_end = [kappa_from_r0(mid.r0[j], bg, mu_lo) for j in (i_mid24, spike)]
    yrs = (t_mid[spike] - t_mid[i_mid24]) / 12
    endpoint = float(100 * (1 - (k_end[1] / k_end[0]) ** (1 / yrs)))
    out["kappa_decline"] = Value(
        float(decline[0]), data=src_b,
        facts={"rows": f"{labels[sel[0]]} .. {labels[sel[-1]]}; {labels[spike]}",
               "decline_pct_min_over_mu": float(np.nanmin(decline)),
               "decline_pct_max_over_mu": float(np.nanmax(decline)),
               "endpoint_decline_pct_mid24_to_jan25": endpoint},
        note=("trend of log kappa over the 2024 rows, for every mu in the stated bound "
              "(the primary at the bound's lower end): kappa does not decline during 2024 at any "
              "mu of the bound (the trend is a rise); only the jump to the Jan-25 spike row gives a "
              "decline, far above 30-50% a year"))
    r0c = float(b.loc["R0_centralized", "lo"])
    r_lo = float(b.loc["κ_distributed/κ_central", "lo"])
    r_hi = float(b.loc["κ_distributed/κ_central", "hi"])
    e21 = (float(distributed_r0(r0c, 1.0, r_hi)), float(distributed_r0(r0c, 1.0, r_lo)))
    full = [float(distributed_r0_full(bg, kc, m, q)) for kc in (k_lo, k_hi) for m in mus
            for q in (r_lo, r_hi)]
    out["r0_distributed"] = Value(
        e21, data=src_b, conditions={"baseline": f"R0_c={r0c:g}, kappa_d/kappa_c={r_lo:g}-{r_hi:g}"},
        facts={"eq12_min": min(full), "eq12_max": max(full),
               "ratio_needed_lo": r0c / float(b.loc["R0_distributed", "hi"]),
               "ratio_needed_hi": r0c / float(b.loc["R0_distributed", "lo"])},
        note=("eq. (21) with R0_c and the stated friction ratio gives the computed range, not "
              "0.4-0.8; the printed range needs ratios between ratio_needed_lo and "
              "ratio_needed_hi (facts). Eq. (21) also drops mu, of the same size as kappa: "
              "eq. (12) itself gives eq12_min-eq12_max over the stated kappa and mu bounds"))
    out["subcritical"] = Value(bool(max(e21) < 1), note="eq. (21) range below 1",
                               facts={"eq21_max": max(e21)}, data=src_b)
    lo_r0, hi_r0 = bg / (k_hi + mu_hi), bg / (k_lo + mu_lo)
    out["beta_gamma"] = Value(None, data=src_b, facts={"r0_lo": lo_r0, "r0_hi": hi_r0,
                                                       "rows": f"{labels[0]} .. {labels[rev]}"},
                              note=(
        "no calibration procedure is given; with kappa and mu in their stated bounds, beta*gamma "
        "= 0.24 implies R0 between r0_lo and r0_hi (facts), which covers every row of Table 10 "
        "but the Feb-25 one"))
    out["mu_bounds"] = Value((1 / 12, 1 / 6), note="mu is the inverse lifetime, for lifetimes of "
                             "12 and 6 months")
    out["latency_ratio"] = Value((50 / 10, 200 / 10), note="cloud round-trip 50-200 ms over "
                                 "edge <10 ms (a ratio; in eq. 13 lam is an adoption rate, so "
                                 "this bound has no units compatible with R0)")
    return out


# ---------------------------------------------------------------------------------------------
@analysis("appC-coordination", title="Semi-endogenous coordination dynamics (Appendix C)",
          section="C", version="both", cost=1.8)
def appendix_c(ctx):
    base = ctx.config.adoption_params()
    p = base
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
    # strictly: G_C never grows and ends below its start; the crossing earlier beyond the
    # integrator's tolerance (with kappa fixed both hold only to ~1e-10, by numerical noise)
    contracts = all(bool(np.all(np.diff(g) <= 1e-9) and g[-1] < g[0] * (1 - 1e-6))
                    for g in (pa.G_C[np.isfinite(pa.G_C)] for pa in paths.values()))
    earlier = all(pa.T_R0 < pa.T_R0_fixed * (1 - 1e-6) for pa in paths.values())
    ts_slow, ts_fast = timescale_separation(slow), timescale_separation(paths["exponential"])
    step = paths["threshold (step)"]
    return {
        "drift_negative": Value(drift_neg, note="(dQ*/dkappa)(dkappa/dE)E' <= 0 along the paths",
                                data=BASE_DESC),
        "gap_contracts": Value(contracts and earlier, note=(
            "G_C shrinks and the R0 crossing comes earlier than with fixed kappa0 for every "
            "schedule (crossing times in the facts)"), data=BASE_DESC,
            facts={f"T_R0_{r['kappa(E)'].split()[0]}": r["T_R0"] for r in rows[:3]}
            | {"T_R0_fixed_kappa0": rows[0]["T_R0 fixed kappa0"]}),
        "quasi_static_small_phi": Value(None, note=(
            "the approximation error of the quasi-static Nash path needs the two-state game's "
            "solution, which the paper leaves to future work; computed here only the separation "
            "ratio max |dQ*/dt| / sum q_i, small for slow ecosystem investment and not for fast, "
            "and how far the drift moves the R0 crossing against fixed kappa0 (facts)"),
            facts={"phi_slow": 1e-3, "max_ratio_slow": ts_slow["max_ratio"], "phi_fast": phi,
                   "max_ratio_fast": ts_fast["max_ratio"],
                   "crossing_shift_slow": abs(slow.T_R0 / slow.T_R0_fixed - 1),
                   "crossing_shift_fast": abs(paths["exponential"].T_R0
                                              / paths["exponential"].T_R0_fixed - 1)},
            data=BASE_DESC),
        "step_breaks": Value(bool(step.jumps), note=(
            "a threshold kappa(E) makes Q* jump (jump times in the facts): a regime shift, not "
            "quasi-static"), facts={f"jump_{i + 1}_t": j for i, j in enumerate(step.jumps)},
            data=BASE_DESC),
        "lag_shorter_declining": Value(bool(all(
            pa.delta_T < float(coordination_lag(p).delta_T) - 1e-6 * abs(pa.T_R0_fixed)
            for pa in paths.values())),
                                       note="declining kappa shortens dT relative to fixed kappa0"),
    }
