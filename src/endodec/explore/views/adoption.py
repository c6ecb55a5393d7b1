"""Page 4 -- adoption: R0 vs cumulative production with regimes, share paths, implied R0
(seed 000 §3.9; seed 001 §2.3, §3.10, §5.4; ``endodec.model.adoption``)."""

from __future__ import annotations

import streamlit as st

from endodec.explore import logic
from endodec.explore.views import common
from endodec.plots import adoption as plots

TITLE = "Adoption"
URL = "adoption"
ICON = ":material/share:"


@st.cache_data(max_entries=64, show_spinner=False)
def _results(key):
    return logic.adoption_results(key)


@st.cache_data(max_entries=32, show_spinner=False)
def _path(key, t_max, n, s0, target, regime, post_rate, game):
    return logic.adoption_path(key, t_max, n, s0, target, regime, post_rate, game)


def _inputs():
    d = logic.adoption_defaults()
    vals, slots = {}, {}
    for k, step in (("gamma", 0.1), ("kappa", 0.05), ("mu", 0.05), ("lam", 0.05),
                    ("beta0", 0.05), ("c_star", 0.5), ("alpha", 0.01), ("Q_bar", 10.0),
                    ("Q0", 0.5)):
        vals[k] = st.number_input(logic.ADOPTION_LABELS[k], value=float(d[k]), step=step,
                                  format="%g", key=f"ad_{k}")
        slots[k] = common.error_slot()
    vals["spec"] = st.selectbox(logic.ADOPTION_LABELS["spec"], ["linear", "power", "logistic"],
                                key="ad_spec")
    vals["clip"] = st.checkbox(logic.ADOPTION_LABELS["clip"], value=bool(d["clip"]),
                               key="ad_clip")
    if vals["spec"] == "power":
        vals["p"] = st.number_input(logic.ADOPTION_LABELS["p"], value=float(d["p"]),
                                    format="%g", key="ad_p")
        slots["p"] = common.error_slot()
    if vals["spec"] == "logistic":
        vals["k"] = st.number_input(logic.ADOPTION_LABELS["k"], value=float(d["k"]),
                                    format="%g", key="ad_k")
        slots["k"] = common.error_slot()
        vals["c_mid"] = st.number_input(logic.ADOPTION_LABELS["c_mid"],
                                        value=float(d["c_mid"]), format="%g", key="ad_cmid")
        slots["c_mid"] = common.error_slot()
    v = logic.validate_adoption(vals)
    for k, msg in v.errors.items():
        # "kappa + mu" concerns two inputs: show it under mu
        common.show_error(slots.get(k, slots["mu"]), msg)
    return v


def _path_tab(v, key) -> None:
    """Share path s(t) (seed 001 eq. 11) at the adoption parameters ``v.params``."""
    c = st.columns(5)
    t_max = c[0].number_input("horizon t_max (model time)", value=40.0, format="%g",
                              key="ad_tmax")
    n = c[1].number_input("time points", value=201, step=50, key="ad_n",
                          help=f"capped at {logic.CAPS['adoption_points']}")
    s0 = c[2].number_input("initial share s(0)", value=0.01, format="%g", key="ad_s0")
    target = c[3].selectbox("game played towards", ["auto", "Q_star", "Q_bar"],
                            key="ad_target")
    post = c[4].selectbox("after the game", ["last", "stop"], key="ad_post")
    regime = st.radio("output regime", ["nash", "coop"], horizontal=True, key="ad_regime")
    gkey = st.session_state.get("explore_game_key")
    use_game = gkey is not None and st.checkbox(
        "play the game at the Game page's parameters", value=True, key="ad_usegame",
        help="N, a, b, r, δ and the continuation value from the Game page (x0 is set by "
             "the distance from Q0 to the threshold); unticked: the paper's baseline.")
    game = gkey if use_game else None
    try:
        sp = _path(key, float(t_max), int(n), float(s0), target, regime, post, game)
    except Exception as e:  # noqa: BLE001
        common.error(logic.error_text(e))
    else:
        c = st.columns(4)
        c[0].metric("hardware crossing T_hw", f"{sp.T_hw:.4g}")
        c[1].metric("R0 crossing T_R0", f"{sp.T_R0:.4g}")
        c[2].metric("coordination lag ΔT", f"{sp.delta_T:.4g}")
        c[3].metric("long-run share 1 - 1/R0", f"{sp.s_inf:.4g}")
        common.show_figure(plots.share_path, (sp,), "adoption_share_path", "ad_sp")
        common.download_table(sp.to_frame(), "adoption_share_path", "ad_sp")
        if game is None:
            d = logic.GAME_DEFAULTS
            st.caption(f"The game runs at the paper's baseline parameters (N={d['N']}, "
                       f"a={d['a']:g}, b={d['b']:g}, r={d['r']:g}, δ={d['delta']:g}), the "
                       "default of `endodec adoption path`.")
        else:
            p = logic.params_from_key(game)
            st.caption(f"The game runs at the Game page's parameters (N={int(p.N)}, "
                       f"a={float(p.a):g}, b={float(p.b):g}, r={float(p.r):g}, "
                       f"δ={float(p.delta):g}, convention '{p.convention}').")
        common.cli_box(logic.adoption_command(v.params, "path", game, regime=regime,
                                              t_max=f"{float(t_max):g}",
                                              n=int(min(n, logic.CAPS["adoption_points"])),
                                              s0=f"{float(s0):g}", target=target,
                                              post_rate=post))


def _implied_tab() -> None:
    """Implied R0 (seed 001 eq. 20) from an editable share series."""
    st.markdown("Edit the share series (first row: starting share; `months`: length of "
                "each interval). Default: the packaged OpenRouter open-weight shares "
                "(seed 001 Table 10).")
    table = st.data_editor(logic.default_share_table(), num_rows="dynamic",
                           key="ad_shares", hide_index=True)
    c = st.columns(2)
    timing = c[0].selectbox("share in s(1-s)", ["mid", "end", "start", "exact"],
                            key="ad_timing",
                            help="mid reproduces Table 10; see implied_r0's docstring")
    delta = c[1].number_input("δ of eq. (19) (per month)", value=1.0, format="%g",
                              key="ad_delta")
    slot = common.error_slot()
    try:
        ir = logic.implied_from_table(table, timing, float(delta))
    except Exception as e:  # noqa: BLE001
        common.show_error(slot, logic.error_text(e))
    else:
        st.metric("mean implied R0", f"{ir.mean():.4g}")
        frame = ir.to_frame()
        st.dataframe(frame, hide_index=True)
        common.download_table(frame, "implied_r0", "ad_ir")
        common.cli_box(f"endodec adoption implied-r0 --timing {timing} --delta "
                       f"{float(delta):g}  # packaged shares; --shares FILE.csv for yours")


def render() -> None:
    st.title("Adoption: R0 and the modified threshold")
    st.caption("R0 = β(c(Q), λ) γ/(κ + μ) along Wright's-law cost (seed 000 eq. 12; seed 001 "
               "eqs. 12-18), Definition 3 regimes, share dynamics (seed 001 eq. 11) and implied "
               "R0 from share data (eq. 20), from `endodec.model.adoption`, "
               "`endodec.model.adoption_dynamics` and `endodec.empirics.implied_r0`.")
    with st.sidebar:
        st.subheader("Adoption parameters")
        v = _inputs()
    if not v.ok:
        st.warning("Fix the highlighted parameters in the sidebar.")
        return
    key = logic.adoption_key(v.params)
    tab1, tab2, tab3 = st.tabs(["R0 vs cumulative production", "Share path", "Implied R0"])
    with tab1:
        try:
            res = _results(key)
        except Exception as e:  # noqa: BLE001
            common.error(logic.error_text(e))
            return
        th, reg = res["threshold"], res["regime"]
        st.markdown(f"Regime (Definition 3): **{reg.regime}** · Q\\* status: **{th.status}**")
        c = st.columns(3)
        c[0].metric("R0 at cost parity", f"{float(reg.R0_parity):.4g}")
        c[1].metric("Q* (R0 = 1)", f"{float(th.Q_star):.6g}", help=f"status: {th.status}")
        c[2].metric("Q*/Q̄", f"{float(th.Q_star) / float(v.params.Q_bar):.4g}")
        st.caption(logic.md_escape(th.reason))
        common.show_figure(plots.r0_curve, logic.r0_figure_args(res), "adoption_r0", "ad_r0")
        common.download_table(res["frame"], "adoption_r0", "ad_r0")
        common.caps_note("adoption_points")
        common.cli_box(logic.adoption_command(v.params))
    with tab2:
        _path_tab(v, key)
    with tab3:
        _implied_tab()
