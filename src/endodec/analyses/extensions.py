"""Analyses of the model's extensions (seed 000 §3.6 Cor. 2-3; seed 001 §3.6 Cor. 2-4, §3.7
Proposition 2, §5.5 Remark 4, §8 Corollary 5).

Every number is computed from :mod:`endodec.model.asymmetric`, :mod:`endodec.model.capacity`,
:mod:`endodec.model.cannibalization` and :mod:`endodec.model.continuum`; the paper's values live only in
``claims/data/extensions.csv``. Inputs the paper states (growth rates, theta, p, M) are used as
*inputs*; the conclusions it draws from them are recomputed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from endodec.analyses.base import Value, analysis
from endodec.claims import paper_input
from endodec.errors import DomainError
from endodec.model.asymmetric import asymmetric_statics
from endodec.model.cannibalization import (
    CannibalizationParams,
    crossing_2d,
    dx_decomposition,
    effective_demand,
    residual_capacity,
    supply_denial_duration,
    threshold_2d,
)
from endodec.model.capacity import capacity_constrained_crossing
from endodec.model.continuum import capability_continuum
from endodec.model.game import GameParams, nash, solve
from endodec.model.params import describe
from endodec.plots import extensions as plots

BASE = GameParams()
BASE_DESC = describe() + ", S=pi_bar/(r+delta) (author's code)"


def _f(x) -> float:
    return float(np.asarray(x))


# ---------------------------------------------------------------------------------------------
# Asymmetric firms
# ---------------------------------------------------------------------------------------------
@analysis("s3.6-asymmetric", title="Asymmetric firms: cost advantage (Cor. 2) and higher "
          "post-crossing value (seed 001 Cor. 3)", section="3.6", version="both")
def asymmetric(ctx):
    n = 81 if ctx.fast else 201
    S = _f(BASE.S_value)
    Smax = _f(BASE.a) ** 2 / (_f(BASE.b) * _f(BASE.r) * (_f(BASE.N) + 1) ** 2)
    eps = np.linspace(0.0, 3.0, 7 if ctx.fast else 13)
    Sjs = np.linspace(S, min(6 * S, 0.95 * Smax), 7 if ctx.fast else 13)
    de = asymmetric_statics(BASE, epsilon=eps, n=n)
    ds = asymmetric_statics(BASE, S_j=Sjs, n=n)
    sols_e, sols_s = de.attrs.pop("solutions"), ds.attrs.pop("solutions")
    sym_err = max(float(np.max(np.abs(sols_e[0].Q - sols_e[0].Q_sym))),
                  abs(sols_e[0].T_star - sols_e[0].T_sym))

    def incr_all(sols):  # Q(x) strictly increasing along the parameter grid at every x
        return all(np.all(s1.Q > s0.Q) for s0, s1 in zip(sols[:-1], sols[1:], strict=True))

    cor2 = incr_all(sols_e)
    cor3_Q = incr_all(sols_s)
    cor3_q = all(np.all(s.q_j > s.q_i) for s in sols_s[1:])
    rivals_contract = all(np.all(s1.q_i < s0.q_i) for s0, s1 in zip(sols_e[:-1], sols_e[1:],
                                                                     strict=True))
    N = _f(BASE.N)
    less = all(np.all((N - 1) * (s0.q_i - s1.q_i) < (s1.q_j - s0.q_j))
               for s0, s1 in zip(sols_e[:-1], sols_e[1:], strict=True))
    T_comp = bool(np.all(np.diff(de["T_star"]) < 0))
    T_comp_S = bool(np.all(np.diff(ds["T_star"]) < 0))
    # robustness over other parameter points (readings)
    others, other_notes = {}, []
    for label, p in (("N=2", BASE.replace(N=2)), ("N=12", BASE.replace(N=12)),
                     ("S_T>0 (paper convention, S_T=10)", GameParams(convention="paper", S_T=10.0))):
        try:
            e = asymmetric_statics(p, epsilon=[0.0, 0.5, 1.0], n=61).attrs["solutions"]
            others[label] = incr_all(e)
        except DomainError as err:  # pragma: no cover - reported, not hidden
            other_notes.append(f"{label}: no interior equilibrium ({err})")

    curves = [("symmetric", sols_e[0]), (f"epsilon={eps[-1]:g}", sols_e[-1]),
              (f"S_j={Sjs[-1] / S:.2g} S", sols_s[-1])]
    fig = plots.asymmetric_outputs(de, ds, S, N, curves, sols_e[0])
    prov = BASE_DESC + "; coupled HJBs integrated with solve_ivp (DOP853, rtol 1e-12)"
    ctx.save_figure(fig, "fig001_asymmetric_outputs",
                    "Asymmetric Markov equilibrium: outputs vs epsilon and vs S_j", prov)
    ctx.save_table(pd.concat([de.assign(case="epsilon"), ds.assign(case="S_j")]),
                   "tab_3_6_asymmetric", "Asymmetric equilibrium outputs and crossing times", prov)
    d = "baseline game, epsilon in [0, 3], S_j in [S, 6S]; Q(x) compared at every x of the grid"
    return {
        "cor2_Q_increasing_in_eps": Value(bool(cor2), readings=others, data=d,
                                          note="aggregate output Q(x) strictly higher at every x "
                                               "for each step in epsilon; readings: other "
                                               "parameter points" + "".join(
                                                   "; " + m for m in other_notes)),
        "cor2_rivals_contract_less": Value(bool(rivals_contract and less), data=d,
                                           note=f"rivals contract: {rivals_contract}; by less than "
                                                f"firm 1 expands: {less}"),
        "cor2_T_compressed": Value(T_comp, data=d,
                                   note="T* falls with epsilon: " + ", ".join(
                                       f"{v:.4g}" for v in de["T_star"])),
        "cor3_qj_exceeds_qi": Value(bool(cor3_q), data=d),
        "cor3_Q_increasing_in_Sj": Value(bool(cor3_Q), data=d,
                                         note=f"T* falls with S_j: {T_comp_S}"),
        "symmetric_max_error": Value(sym_err, data=BASE_DESC,
                                     note="asymmetric solver at epsilon=0, S_j=S vs closed form"),
    }


# ---------------------------------------------------------------------------------------------
# Capacity constraint
# ---------------------------------------------------------------------------------------------
@analysis("s3.6-capacity", title="Capacity constraint and boom-bust (seed 000 Cor. 3, seed 001 "
          "Cor. 4)", section="3.6", version="both")
def capacity(ctx):
    from endodec.empirics.learning_curves import fit_wright

    reg = nash(BASE)
    T0 = _f(reg.crossing_time())
    Q0 = _f(reg.Q())
    fracs = np.linspace(0.0, 1.2, 13 if ctx.fast else 25)
    Deltas = np.array([0.25, 0.5, 1.0, 2.0]) * T0
    rows = []
    for D in Deltas:
        for fr in fracs:
            res = capacity_constrained_crossing(BASE, kappa0=fr * Q0, Delta=D, n=3)
            rows.append({"Delta/T*": D / T0, "kappa0/Q(x0)": fr, "delay": res.delay,
                         "delay/Delta": res.delay / D, "within_bound": res.within_bound})
    tab = pd.DataFrame(rows)
    bounded = bool(tab["within_bound"].all())
    # a schedule that is restored later than Delta is *not* bounded (documented, not hidden)
    late = capacity_constrained_crossing(BASE, kappa=lambda t: 0.5 * Q0 if t < 2 * T0 else np.inf,
                                         Delta=T0, n=201)
    # the learning rate is a function of cumulative output only: fit Wright's law on the
    # constrained and unconstrained paths sampled in *time*
    alpha, c0, Qoff = 0.23, 1.0, 5.0  # cumulative output at t=0 = Qoff; any values work
    ex = capacity_constrained_crossing(BASE, kappa0=0.5 * Q0, Delta=0.5 * T0, n=301)
    un = capacity_constrained_crossing(BASE, kappa0=10 * Q0, Delta=0.5 * T0, n=301)
    fits = {}
    for lab, r in (("constrained", ex), ("unconstrained", un)):
        cum = Qoff + (float(BASE.x0) - r.x)
        cost = c0 * cum ** (-alpha)
        fits[lab] = fit_wright(cost, cum).alpha
    alpha_same = abs(fits["constrained"] - fits["unconstrained"]) < 1e-10
    # calibrated reading of "1-2 years": Delta_K = 3-5 years, capacity meets 55-60% of demand,
    # years per model unit from the printed T*_Nash in years (claim g000-3.7-tn-years, §3.7)
    ypu = paper_input("g000-3.7-tn-years") / T0
    cal = {}
    for share in (0.55, 0.60):
        for Dy in (3.0, 5.0):
            cal[(share, Dy)] = capacity_constrained_crossing(BASE, kappa0=share * Q0,
                                                             Delta=Dy / ypu, n=3).delay * ypu
    lo, hi = min(cal.values()), max(cal.values())

    fig = plots.capacity_delay(tab, [D / T0 for D in Deltas], un, ex, late)
    prov = BASE_DESC + "; firms produce min(Q_N(x), kappa(t)) (quasi-static reading)"
    ctx.save_figure(fig, "fig000_capacity_delay", "Capacity-constrained crossing delay", prov)
    ctx.save_table(tab, "tab_3_6_capacity_delay", "Crossing delay vs initial capacity and lag", prov)
    d = f"baseline game; kappa0/Q_N(x0) in [0, 1.2], Delta/T* in {list(Deltas / T0)}"
    binding = capacity_constrained_crossing(BASE, kappa0=0.5 * Q0, Delta=0.5 * T0, n=3)
    return {
        "delay_bounded_by_Delta": Value(bounded, data=d, note=(
            "exact under the lag rule (capacity ordered at t=0 arrives at Delta and is never "
            "binding again, because unconstrained output falls along the path). A schedule "
            f"that restores capacity only at 2T* delays by {late.delay / T0:.3g} T* > Delta = T*: "
            "the bound needs capacity to catch up within Delta.")),
        "alpha_unaffected": Value(bool(alpha_same),
                                  data="Wright fit on cost sampled in time along both paths",
                                  note="alpha depends on cumulative output only (eq. 1), so a "
                                       "slower path traces the same cost curve; fitted alpha "
                                       + ", ".join(f"{k} {v:.12g}" for k, v in fits.items())),
        "binding_capacity_delays": Value(bool(binding.delay > 0), data=d,
                                         note=f"delay {binding.delay:.4g} model units at "
                                              "kappa0 = 0.5 Q_N(x0), Delta = 0.5 T*"),
        "perturbations_preserve_or_compress_T": Value(
            bool(binding.delay <= 0), data=d,
            note=("Corollaries 1-2 compress T* but a binding capacity constraint (Corollary 3) "
                  f"delays it (here by {binding.delay:.4g} model units, "
                  f"{100 * binding.delay / T0:.3g}% of T*); 'preserve or compress' holds only "
                  "in the long-run learning rate, not in T*.")),
        "delay_years_calibrated": Value(
            (lo, hi), readings={f"share {k[0]:.2f}, Delta_K {k[1]:g}y": v for k, v in cal.items()},
            data="capacity meets 55-60% of demand (Micron, seed 001 §5.5.2), Delta_K = 3-5 years "
                 f"(§3.7), {ypu * T0:g} years per T*_Nash (claim g000-3.7-tn-years, seed 000 §3.7)",
            note=f"delay in years {lo:.2f}-{hi:.2f}: approximately the paper's 1-2 years, and "
                 "below Delta_K as the bound requires"),
    }


# ---------------------------------------------------------------------------------------------
# Proposition 2: input cannibalization
# ---------------------------------------------------------------------------------------------
#: Illustrative DRAM scenario in years from 2024 (capacity normalized to 1 in 2024).
SCEN = dict(theta=3.5, K_min=0.45, Qbar=1.0, alpha=0.23, kappa_lo=0.1, kappa_hi=0.3,
            K_scale=0.3, D_share=0.5 / 3.5, g_K=0.12, g_D=0.35, M=0.255, V_ASI=100.0, p0=0.02)
SCEN_DESC = ("illustrative scenario (years from 2024): K = e^{0.12 t} (10-15%/yr), theta = 3.5 "
             "(3-4), theta D_H(0) = 0.5 K(0), K_min = 0.45 K(0); D_H proportional to "
             "M_eff = M + p(t) V_ASI with M = $0.255T, V_ASI = $100T, p(t) = 0.02 e^{0.35 t} "
             "during the ASI episode (then constant); learning channel sum q = theta D_H")


def _scenario(T_ep: float, g_K: float | None = None):
    s = SCEN
    gK = s["g_K"] if g_K is None else g_K
    M_eff0 = _f(effective_demand(s["M"], s["p0"], s["V_ASI"]))

    def p_t(t):
        return np.minimum(s["p0"] * np.exp(s["g_D"] * np.minimum(t, T_ep)), 1.0)

    def M_eff(t):
        return effective_demand(s["M"], p_t(np.asarray(t, float)), s["V_ASI"])

    def D(t):
        return s["D_share"] * M_eff(t) / M_eff0

    def K(t):
        return np.exp(gK * np.asarray(t, float))

    return K, D, M_eff


@analysis("s3.7-prop2-cannibalization", title="Proposition 2: input cannibalization, "
          "two-dimensional crossing, supply-denial duration", section="3.7", version="001")
def cannibalization(ctx):
    from scipy.integrate import cumulative_trapezoid

    s = SCEN
    c = CannibalizationParams(theta=s["theta"], K_min=s["K_min"], Qbar=s["Qbar"],
                              alpha=s["alpha"], kappa_lo=s["kappa_lo"], kappa_hi=s["kappa_hi"],
                              K_scale=s["K_scale"])
    t = np.linspace(0.0, 30.0, 1201 if ctx.fast else 3001)
    T_ep = 3.0
    K, D, M_eff = _scenario(T_ep)
    qt = c.theta * D(t)
    Q = 1.0 + cumulative_trapezoid(qt, t, initial=0.0)
    dec = dx_decomposition(t, K, D, qt, c)
    cr = crossing_2d(t, Q, K, D, c)
    sd = supply_denial_duration(K, D, c.theta, c.K_min, t=t, from_onset=True)
    # counterfactual: no supply dimension (K_min = 0 and friction at abundant capacity)
    cr_mono = crossing_2d(t, Q, 10.0 * K(t), 0.0, c.replace(K_min=0.0))
    # Delta_IC vs the length of the ASI episode, for several capacity growth rates
    eps_grid = np.arange(0.0, 10.5, 1.0 if ctx.fast else 0.5)
    rows = []
    for gK in (0.10, 0.15, 0.23):
        for Te in eps_grid:
            Kx, Dx, _ = _scenario(Te, gK)
            r = supply_denial_duration(Kx, Dx, c.theta, c.K_min, t_max=200.0, n=4001,
                                       from_onset=True)
            rows.append({"g_K": gK, "ASI episode (years)": Te,
                         "Delta_IC (years)": np.inf if r.never else r.Delta_IC,
                         "denied at t0": r.denied_now,
                         "dK/dt > theta dD_H/dt at restoration": r.rate_condition_at_restoration})
    tab = pd.DataFrame(rows)
    # literal eq. (8) vs the text: value when K_C < K_min
    KC_low = c.K_min - 0.1
    lit = _f(threshold_2d(KC_low, c, literal=True))
    txt = _f(threshold_2d(KC_low, c))

    fig = plots.supply_denial(t, dec, K(t), c.K_min, T_ep, tab, eps_grid)
    ctx.save_figure(fig, "fig001_supply_denial_channels",
                    "Proposition 2: supply-denial vs learning channels, consumer capacity, and "
                    "supply-denial duration vs the ASI episode", SCEN_DESC)
    ctx.save_table(tab, "tab_3_7_supply_denial_duration",
                   "Supply-denial duration Delta_IC vs ASI episode length", SCEN_DESC)

    boom = dec.dKC_dt < 0
    anti_in_boom = bool(np.any(dec.anti_dominates & boom))
    T2, Tc = cr.T_2d, cr.T_cost
    spring = None
    if T2 is not None:
        i = int(np.searchsorted(t, T2))
        spring = float(Q[i] / cr.qbar_star[i])
    grow = tab[(tab["g_K"] == 0.15)]
    short = grow[grow["ASI episode (years)"] == 0.0]["Delta_IC (years)"].iloc[0]
    longer = grow[grow["ASI episode (years)"] == 10.0]["Delta_IC (years)"].iloc[0]
    rate_ok = tab["dK/dt > theta dD_H/dt at restoration"].dropna()
    ep5_10 = {f"g_K={r['g_K']:.2f}, episode {r['ASI episode (years)']:g}y": r["Delta_IC (years)"]
              for _, r in tab.iterrows() if r["ASI episode (years)"] in (5.0, 10.0)}
    Kc_2025 = _f(residual_capacity(K(1.0), D(1.0), c.theta))
    return {
        "eq8_unreachable_below_Kmin": Value(
            False, readings={"text: Q** = inf when K_C < K_min": bool(np.isinf(txt))},
            status="inconsistent", data="eq. (8) of seed 001",
            note=(f"eq. (8) as printed, Qbar* x 1{{K_C >= K_min}}, gives Q** = {lit:g} when "
                  "K_C < K_min, i.e. the threshold is trivially reached; the text says it is "
                  "unreachable. endodec implements the text (Q** = inf); literal=True gives the "
                  "printed formula.")),
        "channels_sum_to_dxdt": Value(bool(np.allclose(dec.supply_denial + dec.learning,
                                                       dec.dx_dt)), data=SCEN_DESC),
        "anti_crossing_dominates_in_boom": Value(anti_in_boom, data=SCEN_DESC, note=(
            f"supply-denial channel exceeds learning on {100 * float(np.mean(dec.anti_dominates)):.3g}"
            "% of the horizon, all in the boom phase (dK_C/dt < 0)")),
        "two_dim_crossing_later": Value(
            bool(T2 is None or (cr_mono.T_2d is not None and T2 >= cr_mono.T_2d)),
            data=SCEN_DESC, note=(f"cost parity is necessary but not sufficient: T_2d = {T2} "
                                  f"years, cost dimension alone {Tc} years, without the supply "
                                  f"dimension {cr_mono.T_2d} years")),
        "spring_effect": Value(bool(spring is not None and spring > 1), data=SCEN_DESC,
                               note="at the two-dimensional crossing cumulative production "
                                    f"exceeds the cost threshold (Q/Qbar* = {spring}): crossing "
                                    "from a more advanced position on the cost curve "
                                    "(stock-flow asymmetry)"),
        "delta_ic_exceeds_delta_k": Value(
            bool(longer > short), data="g_K = 15%/yr; " + SCEN_DESC,
            note=(f"Delta_IC = {short:.3g} years without an ASI episode vs {longer:.3g} years "
                  "with a 10-year episode")),
        "restoration_needs_rate_condition": Value(bool(rate_ok.all()), data=SCEN_DESC,
                                                  note="at every restoration time on the grid, "
                                                       "dK/dt > theta dD_H/dt"),
        "delta_ic_5_10": Value(None, status="underdetermined", readings=ep5_10, data=SCEN_DESC,
                               note=("Delta_IC depends on the capacity growth rate, the "
                                     "initial shortfall and K_min, none of which the paper pins "
                                     "down. In this scenario episodes of 5-10 years give "
                                     f"Delta_IC = {min(ep5_10.values()):.3g}-"
                                     f"{max(ep5_10.values()):.3g} years depending on capacity "
                                     "growth (10-23%/yr): the duration is the episode plus the "
                                     "time capacity needs to catch up with the demand level "
                                     "reached, not the episode itself.")),
        "margin_to_wafer_ratio": Value(
            (5.0 / 4.0, 10.0 / 3.0), data="HBM margins 5-10x consumer DRAM, theta = 3-4 "
                                          "(seed 001 §3.7)",
            note="theta_pi/theta from the stated ranges is 1.25-3.33; the printed 1.5-3 "
                 "narrows both ends"),
        "supply_denied_2025": Value(None, status="underdetermined",
                                    data=SCEN_DESC,
                                    note=f"an empirical dating; K_min is not measured. The "
                                         f"illustrative scenario is set up so that K_C(2025) = "
                                         f"{Kc_2025:.3g} < K_min = {c.K_min}, which is not "
                                         "evidence"),
        "supply_denial_duration_scenario": Value(sd.Delta_IC, data=SCEN_DESC,
                                                 note=f"ASI episode of {T_ep:g} years"),
    }


# ---------------------------------------------------------------------------------------------
# Remark 4: the superintelligence option
# ---------------------------------------------------------------------------------------------
@analysis("s5.5-remark4", title="Remark 4: option-value demand M_eff = M + p V_ASI",
          section="5.5", version="001")
def remark4(ctx):
    M = 0.255  # $T, projected inference market 2030 (input stated by the paper)
    ps = np.array([0.05, 0.20])
    V_gdp = 100.0  # one year of global GDP, $T
    ratio = effective_demand(M, ps, V_gdp) / M
    # V_ASI that would give the printed multiplier 3-8 at p in [0.05, 0.2]
    V_needed = ((3.0 - 1.0) * M / ps[1], (8.0 - 1.0) * M / ps[0])
    base = solve(BASE)
    mult = {}
    for m in (3.0, 8.0):
        try:
            mult[f"a x {m:g} (market size, S recomputed)"] = _f(
                solve(BASE.replace(a=_f(BASE.a) * m)).overinvestment_ratio / base.overinvestment_ratio)
        except DomainError as e:
            mult[f"a x {m:g}"] = f"no interior solution: {e}"
        try:
            mult[f"S x {m:g} (prize at crossing)"] = _f(
                solve(GameParams(S=_f(BASE.S_value) * m, convention="direct")).overinvestment_ratio
                / base.overinvestment_ratio)
        except DomainError:
            mult[f"S x {m:g} (prize at crossing)"] = "no interior Nash solution"
    lo_hi = (3.0 * 3.0, 4.0 * 8.0)
    tab = pd.DataFrame({"p": ps, "M_eff ($T) with V_ASI = $100T": effective_demand(M, ps, V_gdp),
                        "M_eff/M": ratio})
    ctx.save_table(tab, "tab_5_5_remark4", "Remark 4: effective prize", "M = $255B (2030), "
                   "V_ASI = one year of global GDP ($100T)")
    return {
        "meff_over_m_orders": Value(
            bool(10.0 <= ratio[0] and ratio[1] <= 100.0),
            data="M = $0.255T, V_ASI = $100T (one year of global GDP), p = 0.05-0.20",
            note=f"M_eff/M = {ratio[0]:.3g}-{ratio[1]:.3g}; log10(M_eff/M) = " + "-".join(f"{np.log10(r):.2f}" for r in ratio)
                 + ": one to two orders of magnitude, as stated"),
        "ratio_multiplier": Value(
            None, status="inconsistent",
            readings={"M_eff/M with V_ASI = $100T": (float(ratio[0]), float(ratio[1])), **mult},
            data="as above; game at the baseline",
            note=(f"the same paragraph says M_eff/M is 'one to two orders of magnitude' (here "
                  f"{ratio[0]:.0f}-{ratio[1]:.0f}) and that it multiplies the ratio by 'M_eff/M "
                  f"~ 3-8x'; 3-8 needs V_ASI = ${V_needed[0]:.1f}T-${V_needed[1]:.1f}T. In the "
                  "game, scaling the market (a) by 3-8 raises Q_N/Q_C only by the factors in "
                  "the readings, and scaling S lowers it: the ratio does not scale with the "
                  "prize.")),
        "predicted_range": Value(lo_hi, data="3-4x (Prop. 1 ratio) times 3-8x (M_eff/M)",
                                 note="product of the two printed ranges"),
        "brackets_observed": Value(bool(lo_hi[0] <= 11.0 and 19.0 <= lo_hi[1]),
                                   data="observed 11-19x (Table 11, capex part)"),
    }


# ---------------------------------------------------------------------------------------------
# Corollary 5: capability continuum
# ---------------------------------------------------------------------------------------------
@analysis("s8-corollary5", title="Corollary 5: supply denial under the capability continuum",
          section="8", version="001")
def corollary5(ctx):
    theta = 3.5
    # paper's rates: capacity 10-15%/yr (also "supply growth 23%"), AI demand 35%/yr;
    # growth rates read as annual percentage growth -> continuous rates ln(1+g)
    K0, D0 = 1.0, 0.5 / theta  # denied now needs K0 < theta D0 + K_min; K_min = 0.6
    Kmin = 0.6
    res = {}
    for gk in (0.10, 0.15, 0.23):
        res[gk] = capability_continuum(np.log1p(gk), np.log1p(0.35), K0=K0, D0=D0, theta=theta,
                                       K_min=Kmin)
    persistent = any(r.eq22_eventually for r in res.values())
    temporary = [k for k, r in res.items() if r.Delta_IC is not None]
    # demand decelerates to 20%; capacity "more than doubles by 2030" (from 2025 or 2026);
    # shortfall: capacity meets 55-60% of demand
    rows = []
    for start in (2025, 2026):
        gk = 2 ** (1 / (2030 - start)) - 1
        for share in (0.55, 0.60):
            r = capability_continuum(np.log1p(gk), np.log1p(0.20), K0=share, D0=1.0 / theta,
                                     theta=theta)
            need = (1 / share) ** (1 / (2030 - start)) * 1.20 - 1
            rows.append({"from": start, "capacity growth (doubling by 2030)": gk,
                         "share of demand met": share,
                         "gap closes (year)": None if r.Delta_IC is None else start + r.Delta_IC,
                         "capacity growth needed to close by 2030": need})
    tab = pd.DataFrame(rows)
    ctx.save_table(tab, "tab_8_continuum_gap", "Corollary 5: does the gap close by 2029-2030?",
                   "demand growth 20%/yr; capacity doubling by 2030; shortfall 40-45%")
    # scenario figure: eq. (22) sides over time for the paper's rates
    t = np.linspace(0, 15, 301)
    cap = [(gk, np.log1p(gk) * K0 * np.exp(np.log1p(gk) * t)) for gk in (0.10, 0.15, 0.23)]
    gd = np.log1p(0.35)
    fig = plots.eq22_sides(2025 + t, cap, theta * gd * D0 * np.exp(gd * t), 0.35)
    ctx.save_figure(fig, "fig001_corollary5_eq22", "Corollary 5: the two sides of eq. (22)",
                    f"K0 = 1, theta D_H(0) = 0.5, theta = {theta}")
    # sustained capability growth for decades: demand grows 35%/yr for 20 years, capacity 15%/yr
    # (M_eff keeps rising: p and V_ASI(A) both grow with capability, so D_H grows throughout)
    gK15, gD35 = np.log1p(0.15), np.log1p(0.35)
    dec20 = supply_denial_duration(lambda t: np.exp(gK15 * np.asarray(t)),
                                   lambda t: 0.5 / theta * np.exp(gD35 * np.minimum(t, 20.0)),
                                   theta, SCEN["K_min"], t_max=300.0, n=6001, from_onset=True)
    closes = [r for r in rows if r["gap closes (year)"] is not None and r["gap closes (year)"] <= 2030]
    return {
        "eq22_met_at_paper_rates": Value(
            persistent, data="capacity 10%, 15%, 23%/yr vs demand 35%/yr",
            note="; ".join(f"g_K={k:.2f}: " + r.summary().splitlines()[2].strip()
                           for k, r in res.items()) + ". With capacity growth below demand growth, eq. (22) does not hold eventually and "
                 "supply denial does not resolve for good (closed form)" + (
                     f"; a temporary restoration occurs for g_K = {temporary} when initial "
                     "capacity growth in levels still exceeds demand growth" if temporary else "")),
        "gap_closes_2029_2030": Value(
            None, status="inconsistent",
            readings={f"from {r['from']}, share {r['share of demand met']}":
                      r["gap closes (year)"] if r["gap closes (year)"] is not None else "never"
                      for r in rows},
            data="demand 20%/yr; capacity doubling by 2030 (14.9-18.9%/yr); shortfall 40-45%",
            note=("'more than double by 2030' is 14.9-18.9%/yr, below the 20% demand growth, so "
                  "eq. (22) fails and the gap does not close; closing it by 2030 needs capacity "
                  f"growth of {tab['capacity growth needed to close by 2030'].min():.0%}-"
                  f"{tab['capacity growth needed to close by 2030'].max():.0%}/yr "
                  f"({len(closes)} of {len(rows)} cases close by 2030)")),
        "dic_decades_if_sustained": Value(
            bool(dec20.Delta_IC is None or dec20.Delta_IC >= 20.0),
            note="Delta_IC = " + ("never" if dec20.Delta_IC is None else
                                  f"{dec20.Delta_IC:.3g} years from the onset of denial"),
            data="demand growth 35%/yr for 20 years then flat, capacity 15%/yr, theta D_H(0) = "
                 "0.5 K(0), K_min = 0.45 K(0)"),
        "memory_reduction_suffices": Value(bool(64 / 4 <= 100), data="64 GB -> 4 GB vs 100x",
                                           note="running 64 GB-class models on 4 GB needs 16x; "
                                                "100x is more than enough"),
    }
