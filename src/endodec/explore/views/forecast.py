"""Page 5 -- the distributional crossing-year forecast with its fan chart
(``endodec.sweep.forecast``: Wright's law with noise and Monte Carlo over parameters)."""

from __future__ import annotations

import numpy as np
import streamlit as st

from endodec.explore import logic
from endodec.explore.views import common
from endodec.plots import forecast as plots

TITLE = "Forecast"
URL = "forecast"
ICON = ":material/event:"


@st.cache_data(max_entries=32, show_spinner=False)
def _results(key, n, seed, mode):
    return logic.forecast_results(key, n, seed, mode)


def _range_input(label, lo, hi, key, integer=False):
    return common.range_input(f"{label}:", lo, hi, key, integer, words=("low", "high"))


def _pair(v):
    return (v, v) if not isinstance(v, (tuple, list)) else tuple(v)


def render() -> None:
    st.title("Crossing-year forecast")
    st.caption("Monte Carlo over the learning elasticity, target cost, growth of cumulative "
               "output and the game's N, δ, S_T, with Wright's-law noise "
               "(`endodec.sweep.forecast.crossing_year_distribution`). The 'nash' reading "
               "scales the hardware time by T\\*_Nash / T\\*_Coop of the game at each draw.")
    d = logic.forecast_defaults()
    vals, slots = {}, {}
    with st.sidebar:
        st.subheader("Forecast inputs")
        vals["base_year"] = st.number_input("base year", value=float(d["base_year"]),
                                            format="%g", key="fc_base")
        slots["base_year"] = common.error_slot()
        vals["c_now"] = st.number_input("current cost c ($/GB)", value=float(d["c_now"]),
                                        format="%g", key="fc_cnow")
        slots["c_now"] = common.error_slot()
        vals["c_target"] = _range_input("target cost ($/GB)", *_pair(d["c_target"]), "fc_ct")
        slots["c_target"] = common.error_slot()
        vals["alpha"] = st.number_input("α (centre)", value=float(d["alpha"]), format="%g",
                                        key="fc_alpha")
        slots["alpha"] = common.error_slot()
        vals["alpha_se"] = st.number_input("α standard error", value=float(d["alpha_se"]),
                                           format="%g", key="fc_alpha_se")
        slots["alpha_se"] = common.error_slot()
        vals["growth"] = _range_input("growth of cumulative output /yr", *_pair(d["growth"]),
                                      "fc_g")
        slots["growth"] = common.error_slot()
        vals["N"] = _range_input("N", *_pair(d["N"]), "fc_N", integer=True)
        slots["N"] = common.error_slot()
        vals["delta"] = _range_input("δ", *_pair(d["delta"]), "fc_delta")
        slots["delta"] = common.error_slot()
        vals["S_T_frac"] = _range_input("S_T (fraction of inference value)",
                                        *_pair(d["S_T_frac"]), "fc_st")
        slots["S_T_frac"] = common.error_slot()
        est = st.checkbox("noise σ estimated from the DRAM table", value=d["noise_sigma"] is None,
                          key="fc_est")
        sig = st.number_input("noise σ per year", value=0.1, format="%g", key="fc_sigma",
                              disabled=est)
        vals["noise_sigma"] = None if est else float(sig)
        slots["noise_sigma"] = common.error_slot()
        vals["rho"] = st.number_input("MA(1) ρ", value=float(d["rho"]), format="%g",
                                      key="fc_rho")
        slots["rho"] = common.error_slot()
        vals["horizon"] = st.number_input("horizon (years)", value=int(d["horizon"]), step=50,
                                          key="fc_h")
        slots["horizon"] = common.error_slot()
        st.subheader("Monte Carlo")
        n = st.number_input("draws", value=2000, step=1000, key="fc_n",
                            help=f"capped at {logic.CAPS['forecast_draws']:,}")
        seed = st.number_input("seed", value=0, step=1, key="fc_seed")
        mode = st.selectbox("reading", ["nash", "hardware"], key="fc_mode")
    v = logic.validate_forecast(vals)
    for k, msg in v.errors.items():
        common.show_error(slots.get(k, slots["c_now"]), msg)
    if not v.ok:
        st.warning("Fix the highlighted inputs in the sidebar.")
        return
    try:
        res = _results(logic.forecast_key(v.params), int(n), int(seed), mode)
    except Exception as e:  # noqa: BLE001
        common.error(logic.error_text(e))
        return
    fc = res["forecast"]
    q = fc.quantiles()
    c = st.columns(3)
    c[0].metric(f"median crossing year ({mode})", f"{q['q50']:.1f}")
    c[1].metric(f"P(crossing by {int(v.params.base_year) + 10})",
                f"{fc.prob_by(v.params.base_year + 10):.3f}")
    c[2].metric(f"P(no crossing within {int(v.params.horizon)} yr)",
                f"{float(np.mean(np.isinf(fc.years[~np.isnan(fc.years)]))):.3f}")
    st.markdown(f"50% interval **[{q['q25']:.1f}, {q['q75']:.1f}]**, 90% interval "
                f"**[{q['q5']:.1f}, {q['q95']:.1f}]** ({mode} reading).")
    st.caption(f"{res['n_draws']:,} draws, seed {fc.seed}, noise σ {fc.noise_sigma:.3g}/yr; "
               f"{fc.n_invalid} draws without an interior game solution (kept as NaN).")
    if int(n) > logic.CAPS["forecast_draws"]:
        st.info(f"draws capped at {logic.CAPS['forecast_draws']:,}")
    common.show_figure(plots.fan_chart, (res["forecast"],), f"forecast_fan_{mode}", "fc")
    st.dataframe(res["quantiles"], hide_index=True)
    common.download_table(res["quantiles"], "forecast_quantiles", "fc_q",
                          "Download quantiles (CSV)")
    common.download_table(res["prob"], "forecast_prob_by_year", "fc_p",
                          "Download P(crossing by year) (CSV)")
    common.download_table(fc.samples, "forecast_draws", "fc_s", "Download all draws (CSV)")
    common.caps_note("forecast_draws")
    st.caption("Python: `crossing_year_distribution(ForecastParams(...), n_draws=..., seed=...)`"
               " in `endodec.sweep.forecast`.")
    st.code(logic.forecast_python(v.params, res["n_draws"], int(seed), mode), language="python")
