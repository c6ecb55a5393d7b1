"""Mutations for the adoption, silicon and predictions claims (adoption.csv, silicon.csv,
predictions.csv): each perturbs a model function, a data cell or a registry entry that an
analysis reads, and must flip the status of the listed keys (tests/claims/test_mutations.py).
"""

from __future__ import annotations

import dataclasses

import numpy as np

from . import Mutation

A = "endodec.analyses.adoption"


def _wrap(mp, target: str, post):
    """Replace ``target`` (a dotted name) by ``post(original(*a, **k), *a, **k)``."""
    import importlib

    mod, name = target.rsplit(".", 1)
    orig = getattr(importlib.import_module(mod), name)
    mp.setattr(target, lambda *a, **k: post(orig(*a, **k), *a, **k))


def _game_params(mp, **changes):
    """Let the run configuration's game parameters (``ctx.config.game_params``) change."""
    from endodec.analyses.config import RunConfig

    orig = RunConfig.game_params
    mp.setattr(RunConfig, "game_params",
               lambda self, *a, **k: orig(self, *a, **k).replace(**changes))


def _table(mp, name: str, version: str, edit):
    """Let ``endodec.datasets.load(name, version)`` return ``edit(copy of the table)``."""
    import endodec.datasets as D

    orig = D.load

    def load(n, v=None, *a, **k):
        df = orig(n, v, *a, **k)
        return edit(df.copy()) if (n, str(v)) == (name, version) else df

    mp.setattr("endodec.datasets.load", load)


def _cell(df, where: dict, **values):
    m = np.ones(len(df), bool)
    for col, sub in where.items():
        m &= df[col].astype(str).str.contains(sub, regex=False).to_numpy()
    for col, v in values.items():
        df.loc[m, col] = v
    return df


def _replace(res, **kw):
    return dataclasses.replace(res, **{k: f(getattr(res, k)) for k, f in kw.items()})


def _registry(mp, edit):
    """Let ``endodec.predictions.load_registry()`` return ``edit(registry)``."""
    import endodec.predictions as P

    orig = P.load_registry
    mp.setattr("endodec.predictions.load_registry", lambda *a, **k: edit(orig(*a, **k)))


def _with(reg, pid: str, version: str, **extra):
    out = []
    for p in reg:
        if p.id == pid and p.version == version:
            p = dataclasses.replace(p, extra={**p.extra, **extra})
        out.append(p)
    return out


def _always_to_crossing(st):
    st = np.asarray(st).copy()
    st[st == "always"] = "crossing"
    return st


MUTATIONS = [
    # --- s3.9-threshold (seed 000 §3.9, Table 8, eq. 13, Definition 3) -----------------------
    Mutation("s3.9-threshold", keys=("c_ss_linear", "c_ss_power", "logistic_implicit", "eq13"),
             what="the closed-form threshold off by 1% (c** + 0.01, Q* x 1.01) no longer "
                  "matches the numerical root of R0 = 1",
             apply=lambda mp: _wrap(mp, f"{A}.threshold_Q_star", lambda r, *a, **k: _replace(
                 r, c_star_star=lambda c: np.asarray(c) + 0.01,
                 Q_star=lambda q: np.asarray(q) * 1.01))),
    Mutation("s3.9-threshold", keys=("friction_Qstar_above", "network_Qstar_below"),
             what="Definition 3's regimes swapped",
             apply=lambda mp: _wrap(mp, f"{A}.classify_regime", lambda r, *a, **k: _replace(
                 r, regime=lambda g: np.where(np.asarray(g) == "friction-dominated",
                                              "network-dominated", "friction-dominated")))),
    Mutation("s3.9-threshold", keys=("latency_pulls_closer",),
             what="a threshold halved: Q* < Q_bar no longer tracks lam > (kappa+mu)/gamma",
             apply=lambda mp: _wrap(mp, f"{A}.threshold_Q_star", lambda r, *a, **k: _replace(
                 r, Q_star=lambda q: np.asarray(q) * 0.5))),
    Mutation("s3.9-threshold", keys=("qstar_monotone_kappa",),
             what="the sign of dQ*/dkappa reversed",
             apply=lambda mp: _wrap(mp, f"{A}.dQstar_dkappa", lambda r, *a, **k: -np.asarray(r))),
    Mutation("s3.9-threshold", keys=("r0_before_parity",),
             what="R0 halved: a large latency advantage no longer lifts R0 above one before "
                  "parity",
             apply=lambda mp: _wrap(mp, f"{A}.r0", lambda r, *a, **k: 0.5 * np.asarray(r))),
    # --- s3.9-prop1star (Proposition 1*, Remark 3) -------------------------------------------
    Mutation("s3.9-prop1star", keys=("prop1star",),
             what="Nash firms producing the cooperative output",
             apply=lambda mp: mp.setattr(f"{A}.nash", _coop())),
    Mutation("s3.9-prop1star", keys=("remark3_later",),
             what="Definition 3's regimes swapped",
             apply=lambda mp: _wrap(mp, f"{A}.classify_regime", lambda r, *a, **k: _replace(
                 r, regime=lambda g: np.where(np.asarray(g) == "friction-dominated",
                                              "network-dominated", "friction-dominated")))),
    Mutation("s3.9-prop1star", keys=("remark3_ratio_preserved",),
             what="a baseline far below the game's natural scale (x0 = 1e-4), where T_N/T_C is "
                  "flat in the distance",
             apply=lambda mp: _game_params(mp, x0=1e-4)),
    # --- s3.9-lag (eq. 15, Tables 7 and 9) ----------------------------------------------------
    Mutation("s3.9-lag", keys=("lag_positive_friction", "lag_increasing_kappa",
                               "lag_zero_network"),
             what="the coordination lag's sign reversed",
             apply=lambda mp: _wrap(mp, f"{A}.coordination_lag", lambda r, *a, **k: _replace(
                 r, delta_T=lambda d: -np.asarray(d) + 1.0))),
    Mutation("s3.9-lag", keys=("lag_internet_table7",),
             what="Table 7's ARPANET lag cell set to Table 9's 4-5 years (the tables agree)",
             apply=lambda mp: _table(mp, "coordination_lags", "000", lambda df: _cell(
                 df, {"transition": "ARPANET"}, lag_lo_yr=4))),
    # --- appC-coordination (Appendix C) -------------------------------------------------------
    Mutation("appC-coordination", keys=("gap_contracts", "step_breaks", "lag_shorter_declining"),
             what="no ecosystem investment (phi = 0): kappa stays at kappa0",
             apply=lambda mp: mp.setattr(f"{A}.simulate", _simulate_phi0())),
    Mutation("appC-coordination", keys=("drift_negative",),
             what="the threshold drift's sign reversed",
             apply=lambda mp: _wrap(mp, f"{A}.simulate", lambda r, *a, **k: _replace(
                 r, dQstar_dt=lambda d: -np.asarray(d) + 1e-6))),
    # --- s2.3-dual ------------------------------------------------------------------------------
    Mutation("s2.3-dual", keys=("dual_faster",),
             what="algorithmic efficiency without effect on the threshold (f = 1)",
             apply=lambda mp: mp.setattr(f"{A}.f_exponential", lambda e, g: np.ones_like(
                 np.asarray(e, float)))),
    # --- s3.10-r0 (seed 001 eqs. 11-18) --------------------------------------------------------
    Mutation("s3.10-r0", keys=("eq14", "eq18"),
             what="R0 off by 1%",
             apply=lambda mp: _wrap(mp, f"{A}.r0", lambda r, *a, **k: 1.01 * np.asarray(r))),
    Mutation("s3.10-r0", keys=("eq12_self_sustaining",),
             what="a share that never grows (eq. 11 without its contagion term)",
             apply=lambda mp: mp.setattr(f"{A}.logistic_share", lambda t, s0, bg, km: np.full(
                 np.shape(bg), s0 * 0.5))),
    Mutation("s3.10-r0", keys=("eq16",),
             what="the threshold Q* off by 1%",
             apply=lambda mp: _wrap(mp, f"{A}.threshold_Q_star", lambda r, *a, **k: _replace(
                 r, Q_star=lambda q: np.asarray(q) * 1.01))),
    Mutation("s3.10-r0", keys=("direction", "network_immediate"),
             what="a threshold solver that halves Q* and reports a crossing where R0 > 1 at "
                  "every Q",
             apply=lambda mp: _wrap(mp, f"{A}.threshold_Q_star", lambda r, *a, **k: _replace(
                 r, Q_star=lambda q: np.asarray(q) * 0.5, status=_always_to_crossing))),
    Mutation("s3.10-r0", keys=("monotone_kappa",),
             what="the sign of dQ*/dkappa reversed",
             apply=lambda mp: _wrap(mp, f"{A}.dQstar_dkappa", lambda r, *a, **k: -np.asarray(r))),
    # --- s5.4-implied-r0 (Table 10, eq. 21) ----------------------------------------------------
    Mutation("s5.4-implied-r0", keys=("above_unity_most",),
             what="a flat open-weight share (no growth: R0 = 1 in every interval)",
             apply=lambda mp: _table(mp, "openrouter_shares", "001", lambda df: df.assign(
                 share=0.05, ds_dt=0.0))),
    Mutation("s5.4-implied-r0", keys=("subcritical",),
             what="distributed friction no higher than central (ratio 1-2)",
             apply=lambda mp: _table(mp, "r0_parameter_bounds", "001", lambda df: _cell(
                 df, {"symbol": "κ_distributed/κ_central"}, lo=0.5))),
    # --- p-predictions (seed 000 §6, seed 001 §7) ----------------------------------------------
    Mutation("p-predictions", keys=("p2star_window_derived_000",),
             what="a lag of exactly 2 years after Prediction 2 (its window then gives 2*'s)",
             apply=lambda mp: _registry(mp, lambda reg: _with(
                 reg, "2*", "000", lag_after_prediction_2=[2, 2]))),
    Mutation("p-predictions", keys=("p7_phases_contiguous_000", "p7_phases_contiguous_001"),
             what="Prediction 7's trough extended to overlap the second wave",
             apply=lambda mp: _registry(mp, lambda reg: _with(_with(
                 reg, "7", "000", phases={"surge": [2027, 2030], "trough": [2031, 2033],
                                          "second_wave": [2033, 2035]}),
                 "7", "001", phases={"surge": [2027, 2030], "trough": [2031, 2033],
                                     "second_wave": [2033, 2035]}))),
    Mutation("p-predictions", keys=("p2_window_vs_lag_table_001",),
             what="Table 3's Cloud -> Edge AI hardware T* starting a year later",
             apply=lambda mp: _table(mp, "coordination_lags", "001", lambda df: _cell(
                 df, {"transition": "Edge"}, hardware_t_lo=2028))),
    # --- s-silicon (seed 000 §4.5, seed 001 §5.2.6) --------------------------------------------
    Mutation("s-silicon", keys=("amd_most_cost_efficient_70b",),
             what="the Strix Halo systems at $5,000",
             apply=lambda mp: _table(mp, "consumer_devices", "000", lambda df: _cell(
                 df, {"chip": "AMD"}, price_usd=5000, price_usd_lo=5000, price_usd_hi=5000))),
    Mutation("s-silicon", keys=("no_device_crosses", "amd_meets_params_not_speed"),
             what="a $1,400 Strix Halo with 900 GB/s",
             apply=lambda mp: _table(mp, "consumer_devices", "000", lambda df: _cell(
                 df, {"chip": "AMD"}, price_usd=1400, price_usd_lo=1400, price_usd_hi=1400,
                 bandwidth_gb_s=900))),
    Mutation("s-silicon", keys=("m3ultra_meets_params_and_speed",),
             what="the M3 Ultra at 700 GB/s",
             apply=lambda mp: _table(mp, "consumer_devices", "000", lambda df: _cell(
                 df, {"chip": "M3 Ultra"}, bandwidth_gb_s=700))),
    Mutation("s-silicon", keys=("m3ultra_outperforms_m4pro",),
             what="the M4 Pro at 900 GB/s",
             apply=lambda mp: _table(mp, "consumer_devices", "000", lambda df: _cell(
                 df, {"chip": "M4 Pro"}, bandwidth_gb_s=900))),
    Mutation("s-silicon", keys=("rtx5090_exceeds_speed_if_fits",),
             what="the RTX 5090 at 500 GB/s",
             apply=lambda mp: _table(mp, "consumer_devices", "001", lambda df: _cell(
                 df, {"chip": "RTX 5090"}, bandwidth_gb_s=500))),
    Mutation("s-silicon", keys=("rtx5090_fits_70b",),
             what="the RTX 5090 with 48 GB",
             apply=lambda mp: _table(mp, "consumer_devices", "001", lambda df: _cell(
                 df, {"chip": "RTX 5090"}, memory_gb=48))),
]


def _coop():
    from endodec.model.game import cooperative

    return cooperative


def _simulate_phi0():
    from endodec.model.coordination import simulate

    return lambda p, s, phi=1.0, **k: simulate(p, s, phi=0.0, **k)
