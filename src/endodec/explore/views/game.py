"""Page 1 -- the differential game: Nash MPE vs cooperative benchmark (seed 000/001 §3.1-3.6)."""

from __future__ import annotations

import streamlit as st

from endodec.explore import logic
from endodec.explore.views import common
from endodec.plots import game as plots

TITLE = "Game"
URL = "game"
ICON = ":material/casino:"


def render() -> None:
    st.title("The N-firm crossing game")
    st.caption("Nash Markov perfect equilibrium vs the cooperative benchmark, from the exact "
               "closed forms of `endodec.model.game` (seed 000 §3.1-3.6, seed 001 §3.1-3.6).")
    with st.sidebar:
        st.subheader("Parameters")
        v = common.game_inputs("game")
    if not v.ok:
        if "_domain" in v.errors:
            common.error(v.errors["_domain"])
        else:
            st.warning("Fix the highlighted parameters in the sidebar.")
        return
    key = logic.game_key(v.params)
    st.session_state["explore_game_key"] = key  # shared with the comparative-statics page
    try:
        res = common.game_results(key)
    except Exception as e:  # noqa: BLE001 - the app never shows a traceback
        common.error(logic.error_text(e))
        return
    sol = res["solution"]
    c = st.columns(4)
    c[0].metric("T*_Nash", f"{float(sol.T_nash):.6g}", help="Crossing time, Nash MPE (model units)")
    c[1].metric("T*_Coop", f"{float(sol.T_coop):.6g}",
                help="Crossing time, cooperative benchmark (model units)")
    c[2].metric("acceleration", f"{100 * float(sol.acceleration):.4g}%",
                help="1 - T*_Nash / T*_Coop")
    c[3].metric("welfare loss", f"{100 * float(sol.welfare_loss):.4g}%", help="1 - V_N/V_P")
    c = st.columns(4)
    c[0].metric("V_N(x0)", f"{float(sol.V_N):.6g}")
    c[1].metric("V_P(x0)", f"{float(sol.V_P):.6g}")
    c[2].metric("ΔW = N(V_P - V_N)", f"{float(sol.delta_W):.6g}")
    c[3].metric("Q_N/Q_C at x0", f"{float(sol.overinvestment_ratio):.6g}")
    st.caption(f"Continuation value S = {res['S']:.6g} (convention '{v.params.convention}').")

    chk = res["prop1"]
    st.subheader("Proposition 1")
    verdict = chk.verdict()
    if chk.holds and chk.proof_holds:
        st.success(logic.md_escape(f"Proposition 1 {verdict}"))
    elif chk.holds:
        st.warning(logic.md_escape(f"Proposition 1 {verdict}"))
    else:
        common.error(f"Proposition 1 {verdict}")
    reg = logic.counterexample_regions(chk, res["prop1_curve"])
    if "shadow" in reg or "output" in reg:
        parts = []
        if "output" in reg:
            parts.append(f"statement Q_N > Q_C fails for x in [{reg['output'][0]:.6g}, "
                         f"{reg['output'][1]:.6g}]")
        if "shadow" in reg:
            parts.append(f"proof step 2 (N V_P' > V_N') fails for x in ({reg['shadow'][0]:.6g}, "
                         f"{reg['shadow'][1]:.6g}] (end of the checked range)")
        st.markdown("**Counterexample region:** " + "; ".join(parts) + ".")
        common.show_figure(plots.proof_gaps, logic.prop1_figure_args(res),
                           "proposition1_regions", "prop1")
    st.subheader("Value functions, output rates, shadow costs and paths")
    common.show_figure(plots.overview, (res["curves"], res["paths"], res["solution"]),
                       "game_curves", "game")
    common.caps_note("curve_points", "path_points")
    with st.expander("Tables"):
        st.dataframe(res["headline"], hide_index=True)
        common.download_table(res["headline"], "game_headline", "headline",
                              "Download headline table (CSV)")
        common.download_table(res["curves"], "game_curves", "curves",
                              "Download curves V, Q, V' vs x (CSV)")
        common.download_table(res["paths"], "game_paths", "paths",
                              "Download state paths x(t) (CSV)")
    common.cli_box(res["command"])
