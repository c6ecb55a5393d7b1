"""Mutations of the game and extensions checks (claims/data/game.csv, extensions.csv).

Each perturbs an input the analysis reads (a parameter, a module constant, a model piece) so
that the listed checks must change status; see ``tests/claims/mutations/__init__.py``.
"""

from __future__ import annotations

import numpy as np

from . import Mutation

G = "endodec.analyses.game"
E = "endodec.analyses.extensions"


def _scaled_coop(key: str, factor):
    """The cooperative kernel with ``key`` scaled (a planner producing / internalizing more or
    less than eq. 9 says)."""
    from endodec.model import kernel

    orig = kernel.coop_hat

    def coop_hat(N, ss, xi, xp=np, shadow=True):
        out = dict(orig(N, ss, xi, xp, shadow))
        out[key] = out[key] * factor(N)
        return out

    return coop_hat


class _PerFirm:
    """A Nash regime whose 'aggregate' output is the per-firm output and whose shadow cost has
    the wrong sign: Corollary 1 and V' > 0 must then fail."""

    def __init__(self, reg):
        self._r = reg

    def Q(self, x=None):
        return self._r.q(x)

    def dV(self, x=None):
        return -self._r.dV(x)

    def __getattr__(self, name):
        return getattr(self._r, name)


def _per_firm_nash(p=None, **kw):
    from endodec.model.game import nash

    return _PerFirm(nash(p, **kw))


def _paper_range_equal(orig):
    def f(claim_id):
        if claim_id == "e001-5.2-cor4-23":
            return orig("e001-3.7-cor4-12")
        if claim_id == "e001-5.5-r4-mult":
            return (20.0, 80.0)
        if claim_id == "g001-3.6-ratio":
            return (1.0, 2.0)
        return orig(claim_id)

    return f


def _apply_paper_ranges(mp):
    import endodec.analyses.extensions as ext

    mp.setattr(ext, "_paper_range", _paper_range_equal(ext._paper_range))


def _rate_dependent_cost(cum, rate, c0=1.0, alpha=0.23):
    return c0 * np.asarray(cum, float) ** (-alpha) * (1 + np.asarray(rate, float)) ** 0.1


def _threshold_always_unreachable(K_C, params=None, literal=False):
    return np.full(np.shape(K_C), np.inf)


def _coop_investment_above_nash(m):
    total = m.N * (m.a - m.c) / (m.b * (m.N + 1))
    return {"I_unconstrained": 1.01 * total, "I_total": total, "crosses": False,
            "restrains": False}


def _no_asymmetric_gain(m, eps):
    I = (m.a - m.c) / (m.b * (m.N + 1))
    return {"I1": I, "I_rival": I, "I_total": m.N * I}


def _nash_investment_off(m):
    I = 1.01 * (m.a - m.c) / (m.b * (m.N + 1))
    return {"I_firm": I, "I_total": m.N * I, "crosses": m.N * I > m.Qbar}


def _swapped_crossing_times(name, values, params=None):
    from endodec.model.statics import crossing_time_vs

    df = crossing_time_vs(name, values, params)
    return df.rename(columns={"T_nash": "T_coop", "T_coop": "T_nash"})


MUTATIONS = [
    # --- game.csv ------------------------------------------------------------------------
    Mutation("s3.5-proposition1", keys=("prop1_holds",),
             what="a planner producing 2(N+1) times eq. (9)'s output outproduces Nash",
             apply=lambda mp: mp.setattr("endodec.model.kernel.coop_hat",
                                         _scaled_coop("Q", lambda N: 2 * (N + 1)))),
    Mutation("s3.5-proposition1", keys=("step1_holds",),
             what="a planner internalizing a thousandth of the social shadow cost: N mu < lambda",
             apply=lambda mp: mp.setattr("endodec.model.kernel.coop_hat",
                                         _scaled_coop("social_dV", lambda N: 1e-3))),
    Mutation("s3.5-proposition1", keys=("step2_holds",),
             what="step 2 checked on the calibrated range [0, x0] only (where it holds)",
             apply=lambda mp: mp.setattr(f"{G}.STEP2_RANGE", "x0")),
    Mutation("s3.5-figures", keys=("gap_positive", "V_P_above_V_N", "fig3_private_fraction"),
             what="the cooperative regime replaced by the Nash one: no gap in output or value, "
                  "and the private shadow cost equals the social one",
             apply=lambda mp: mp.setattr(f"{G}.cooperative", __import__(
                 "endodec.model.game", fromlist=["nash"]).nash)),
    Mutation("s3.6-statics", keys=("cor1_QN_increasing_in_N", "V_prime_positive"),
             what="per-firm output (falling in N) and a negative shadow cost",
             apply=lambda mp: mp.setattr(f"{G}.nash", _per_firm_nash)),
    Mutation("s3.6-statics", keys=("delta_nash_less_sensitive",),
             what="the Nash and cooperative crossing times swapped in the delta sweep",
             apply=lambda mp: mp.setattr(f"{G}.crossing_time_vs", _swapped_crossing_times)),
    Mutation("appA-two-period", keys=("coop_below_nash",),
             what="a planner investing more than the Nash total",
             apply=lambda mp: mp.setattr(f"{G}.cooperative_investment",
                                         _coop_investment_above_nash)),
    Mutation("appA-two-period", keys=("A1_asym_raises_total",),
             what="a cost advantage that changes nobody's investment",
             apply=lambda mp: mp.setattr(f"{G}.asymmetric_nash", _no_asymmetric_gain)),
    Mutation("appA-two-period", keys=("foc_best_response",),
             what="I* one percent above the FOC's root",
             apply=lambda mp: mp.setattr(f"{G}.nash_investment", _nash_investment_off)),
    # --- extensions.csv ------------------------------------------------------------------
    Mutation("s3.6-asymmetric", keys=("cor2_Q_increasing_in_eps", "cor2_rivals_contract_less",
                                      "cor2_T_compressed"),
             what="a cost disadvantage (epsilon < 0) instead of an advantage",
             apply=lambda mp: mp.setattr(f"{E}.EPS_MAX", -0.5)),
    Mutation("s3.6-asymmetric", keys=("cor3_qj_exceeds_qi", "cor3_Q_increasing_in_Sj"),
             what="a lower post-crossing value S_j < S",
             apply=lambda mp: mp.setattr(f"{E}.SJ_FACTOR", 0.5)),
    Mutation("s3.6-capacity", keys=("delay_bounded_by_Delta",),
             what="new capacity arrives at 3 Delta instead of Delta",
             apply=lambda mp: mp.setattr(f"{E}.RESTORE_AFTER", 3.0)),
    Mutation("s3.6-capacity", keys=("alpha_unaffected",),
             what="a unit cost that also depends on the production rate",
             apply=lambda mp: mp.setattr(f"{E}._unit_cost", _rate_dependent_cost)),
    Mutation("s3.6-capacity", keys=("binding_capacity_delays",
                                    "perturbations_preserve_or_compress_T"),
             what="a capacity cap above Nash output (never binds)",
             apply=lambda mp: mp.setattr(f"{E}.BINDING_SHARE", 2.0)),
    Mutation("s3.6-capacity", keys=("supercycle_delays",),
             what="capacity meeting all of demand",
             apply=lambda mp: mp.setattr(f"{E}.SUPPLY_SHARE", (1.0, 1.2))),
    Mutation("s3.6-capacity", keys=("cor4_delay_years_12", "cor4_delay_years_23"),
             what="the two statements of Corollary 4's estimate made equal",
             apply=_apply_paper_ranges),
    Mutation("s3.7-prop2-cannibalization", keys=("eq8_unreachable_below_Kmin",),
             what="an eq. (8) that is infinite below K_min, as the text says",
             apply=lambda mp: mp.setattr(f"{E}.threshold_2d", _threshold_always_unreachable)),
    Mutation("s3.7-prop2-cannibalization", keys=("channels_sum_to_dxdt",),
             what="a learning channel counting sum q_i twice",
             apply=lambda mp: mp.setattr(f"{E}.LEARNING_CHANNEL_SCALE", 2.0)),
    Mutation("s3.7-prop2-cannibalization", keys=("anti_crossing_dominates_in_boom",
                                                  "delta_ic_exceeds_delta_k"),
             what="no growth of ASI belief (M_eff constant): no boom",
             apply=lambda mp: mp.setitem(__import__(E, fromlist=["SCEN"]).SCEN, "g_D", 0.0)),
    Mutation("s3.7-prop2-cannibalization", keys=("two_dim_crossing_later", "spring_effect"),
             what="no minimum consumer capacity (K_min = 0): cost parity is the crossing",
             apply=lambda mp: mp.setitem(__import__(E, fromlist=["SCEN"]).SCEN, "K_min", 0.0)),
    Mutation("s3.7-prop2-cannibalization", keys=("restoration_needs_rate_condition",),
             what="centralized demand too small to deny supply: no restoration to confirm",
             apply=lambda mp: mp.setitem(__import__(E, fromlist=["SCEN"]).SCEN, "D_share", 0.01)),
    Mutation("s5.5-remark4", keys=("meff_over_m_orders",),
             what="V_ASI of $1T instead of one year of global GDP",
             apply=lambda mp: mp.setattr(f"{E}.V_GDP", 1.0)),
    Mutation("s5.5-remark4", keys=("ratio_multiplier", "brackets_observed"),
             what="printed ranges that agree (M_eff/M ~ 20-80x, Q_N/Q_C ~ 1-2x)",
             apply=_apply_paper_ranges),
    Mutation("s8-corollary5", keys=("eq22_met_at_paper_rates",),
             what="AI demand growing 5%/yr, below capacity growth",
             apply=lambda mp: mp.setattr(f"{E}.G_DEMAND", 0.05)),
    Mutation("s8-corollary5", keys=("gap_closes_2029_2030",),
             what="demand growth stopping instead of decelerating to 20%",
             apply=lambda mp: mp.setattr(f"{E}.G_DEMAND_DECEL", 0.0)),
    Mutation("s8-corollary5", keys=("dic_decades_if_sustained",),
             what="capability growth sustained for 2 years, not decades",
             apply=lambda mp: mp.setattr(f"{E}.SUSTAIN_YEARS", 2.0)),
    Mutation("s8-corollary5", keys=("memory_reduction_suffices",),
             what="a 10x compression instead of 100x",
             apply=lambda mp: mp.setattr(f"{E}.COMPRESSION", 10.0)),
]
