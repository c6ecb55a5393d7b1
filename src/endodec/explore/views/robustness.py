"""Page -- beyond the paper: the game under learning shocks and other assumptions
(:mod:`endodec.model.hjb`; not a claim of the paper)."""

from __future__ import annotations

import streamlit as st

from endodec.explore.logic import robustness as logic
from endodec.explore.logic.common import error_text
from endodec.explore.views import common
from endodec.plots import robustness as plots

TITLE = "Beyond the paper: robustness"
URL = "robustness"
ICON = ":material/science:"


def render() -> None:
    st.title("Beyond the paper: robustness")
    st.caption("Numerical MPE by implicit upwind finite differences (`endodec.model.hjb`); "
               "not a claim of the paper.")
    with st.sidebar:
        st.subheader("Specification")
        fam = st.selectbox("specification", list(logic.ROBUSTNESS_SPECS), key="rb_family",
                           format_func=lambda k: f"{k}: {logic.ROBUSTNESS_SPECS[k]}")
        N = st.number_input("N (firms)", min_value=1, max_value=20, value=5, step=1, key="rb_N")
        sigma = st.number_input("σ (learning shocks)", min_value=0.0, value=0.0, step=0.5,
                                key="rb_sigma")
        n = st.number_input("grid points on [0, x0]", min_value=10,
                            max_value=logic.ROBUSTNESS_GRID_MAX, value=400, step=100,
                            key="rb_n")
    v = logic.validate_robustness({"family": fam, "N": int(N), "sigma": float(sigma),
                                   "n": int(n)})
    if not v.ok:
        common.error("; ".join(v.errors.values()))
        return
    try:
        res = logic.robustness_results(v.params, int(n))
    except Exception as e:  # noqa: BLE001
        common.error(error_text(e))
        return
    sol, dist = res["solution"], res["distribution"]
    c1, c2, c3 = st.columns(3)
    c1.metric("T Nash (expected)", f"{sol.T_N0:.4g}")
    c2.metric("T Coop (expected)", f"{sol.T_C0:.4g}")
    c3.metric("welfare loss", f"{100 * sol.welfare_loss:.3g}%")
    st.subheader("Value functions and policies")
    common.show_figure(plots.value_policy, (sol,), f"robustness_{fam}_values", "rb_vp")
    st.subheader("Crossing-time distribution")
    common.show_figure(plots.crossing_distributions, ([dist],), f"robustness_{fam}_T", "rb_T")
    common.download_table(res["frame"], f"robustness_{fam}", "rb")
    common.cli_box(logic.robustness_command(fam))
