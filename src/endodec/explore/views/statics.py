"""Page 2 -- comparative statics: T* and Nash/cooperative ratios over N and delta, heatmaps
(seed 000 §3.6 Corollary 1, Figures 4-5)."""

from __future__ import annotations

import streamlit as st

from endodec.explore import logic
from endodec.explore.views import common
from endodec.plots import game as plots

TITLE = "Comparative statics"
URL = "statics"
ICON = ":material/show_chart:"


def _defaults() -> dict:
    key = st.session_state.get("explore_game_key")
    if key is None:
        return {}
    return dict(zip(logic.GAME_FIELDS, key, strict=True))


def _range(label: str, lo: float, hi: float, key: str, integer: bool = False):
    a, b = common.range_input(label, lo, hi, key, integer)
    return float(a), float(b)


def render() -> None:
    st.title("Comparative statics")
    st.caption("Crossing times and overinvestment as parameters vary; every point is solved "
               "exactly by `endodec.model.game` / `endodec.model.kernel.game_kernel`.")
    with st.sidebar:
        st.subheader("Base parameters")
        v = common.game_inputs("statics", defaults=_defaults())
    if not v.ok:
        common.error(v.errors.get("_domain", "Fix the highlighted parameters in the sidebar."))
        return
    key = logic.game_key(v.params)

    tab1, tab2 = st.tabs(["T* over N and δ", "Heatmap"])
    with tab1:
        n = st.number_input("points per line", value=60, step=10, key="statics_n",
                            help=f"capped at {logic.CAPS['statics_points']}")
        for name in ("N", "delta"):
            lo, hi = logic.default_range(name)
            integer = name == "N"
            st.markdown(f"**Over {'δ' if name == 'delta' else name}**")
            a, b = _range("δ" if name == "delta" else name, lo, hi, f"statics_{name}", integer)
            try:
                df = common.statics_line(key, name, a, b, int(n))
            except Exception as e:  # noqa: BLE001
                common.error(logic.error_text(e))
                continue
            common.show_figure(plots.crossing_vs, (df, name, True), f"statics_{name}", f"st_{name}")
            common.download_table(df, f"statics_{name}", f"st_{name}")
            common.cli_box(logic.sweep_command(key, {name: df[name].to_numpy()},
                                               f"statics_{name}.parquet"))
        common.caps_note("statics_points", "statics_N_max")
    with tab2:
        c1, c2, c3 = st.columns(3)
        px = c1.selectbox("x parameter", logic.HEATMAP_PARAMS, index=0, key="hm_px")
        py = c2.selectbox("y parameter", logic.HEATMAP_PARAMS, index=4, key="hm_py")
        qty = c3.selectbox("quantity", list(logic.HEATMAP_QUANTITIES), index=0,
                           format_func=lambda k: logic.HEATMAP_QUANTITIES[k], key="hm_q")
        xr = _range(f"x: {px}", *logic.default_range(px), key=f"hm_x_{px}")
        yr = _range(f"y: {py}", *logic.default_range(py), key=f"hm_y_{py}")
        n = st.number_input("grid points per axis", value=60, step=10, key="hm_n",
                            help=f"capped at {logic.CAPS['heatmap_side']}")
        try:
            h = common.heatmap_grid(key, px, xr, py, yr, int(n), qty)
        except Exception as e:  # noqa: BLE001
            common.error(logic.error_text(e))
        else:
            if int(n) > logic.CAPS["heatmap_side"]:
                st.info(f"grid capped at {logic.CAPS['heatmap_side']} points per axis")
            args = (h["x"], h["y"], h["Z"], h["px"], h["py"],
                    logic.HEATMAP_QUANTITIES[h["quantity"]])
            common.show_figure(plots.heatmap, args, f"heatmap_{qty}_{px}_{py}", "hm")
            st.caption("Kernel codes on the grid: " + "; ".join(
                f"{k}: {v}" for k, v in h["codes"].items()))
            common.download_table(h["frame"], f"heatmap_{qty}_{px}_{py}", "hm")
            common.cli_box(logic.sweep_command(key, {px: h["x"], py: h["y"]},
                                               f"heatmap_{px}_{py}.parquet"))
        common.caps_note("heatmap_side")
    common.cli_box(logic.solve_command(v.params), "Base point as a CLI command")
