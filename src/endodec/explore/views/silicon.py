"""Page 7 -- consumer silicon: the bandwidth calculator and the inference crossing condition
(seed 000 §4.5, seed 001 §5.2.6; ``endodec.empirics.silicon``)."""

from __future__ import annotations

import streamlit as st

from endodec.explore import logic
from endodec.explore.views import common
from endodec.plots import empirics as plots

TITLE = "Silicon"
URL = "silicon"
ICON = ":material/memory:"
CUSTOM = "custom device"


@st.cache_data(max_entries=64, show_spinner=False)
def _results(device, model, thresholds, efficiency):
    return logic.silicon_results(dict(device), dict(model), dict(thresholds), efficiency)


def _opt(v: float):
    """0 means 'not given' for optional inputs."""
    return None if v == 0 else float(v)


def _inputs(by_name: dict):
    """Sidebar inputs: device, model, crossing thresholds and efficiency, each with its error
    slot. Returns ``(device, model, thresholds, efficiency, min_tok_s, slots)``."""
    slots = {}
    st.subheader("Device")
    choice = st.selectbox("device", [CUSTOM] + list(by_name), key="si_dev")
    base = by_name.get(choice)
    bw = st.number_input("memory bandwidth (GB/s)",
                         value=float(base.bandwidth_GBs) if base else 546.0, format="%g",
                         key=f"si_bw_{choice}")
    slots["bandwidth_GBs"] = common.error_slot()
    mem = st.number_input("memory (GB; 0 = unknown)",
                          value=float(base.memory_GB or 0) if base else 128.0, format="%g",
                          key=f"si_mem_{choice}")
    slots["memory_GB"] = common.error_slot()
    price = st.number_input("price (USD; 0 = unknown)",
                            value=float(base.price_usd or 0) if base else 3949.0,
                            format="%g", key=f"si_price_{choice}")
    slots["price_usd"] = common.error_slot()
    st.subheader("Model")
    params_B = st.number_input("parameters (billions)", value=70.0, format="%g",
                               key="si_params")
    slots["params_B"] = common.error_slot()
    bits = st.number_input("bits per weight (Q4 = 4; GGUF Q4_K_M ≈ 4.5)", value=4.0,
                           format="%g", key="si_bits")
    slots["bits"] = common.error_slot()
    active = st.number_input("active parameters per token (billions; 0 = dense)",
                             value=0.0, format="%g", key="si_active")
    slots["active_params_B"] = common.error_slot()
    size = st.number_input("model size in memory (GB; 0 = params × bits / 8)", value=0.0,
                           format="%g", key="si_size")
    slots["size_GB"] = common.error_slot()
    st.subheader("Crossing condition")
    min_p = st.number_input("minimum parameters (B)", value=70.0, format="%g",
                            key="si_minp")
    slots["min_params_B"] = common.error_slot()
    min_t = st.number_input("minimum tok/s", value=20.0, format="%g", key="si_mint")
    slots["min_tok_s"] = common.error_slot()
    max_pr = st.number_input("maximum price (USD)", value=1500.0, format="%g",
                             key="si_maxp")
    slots["max_price_usd"] = common.error_slot()
    eff = st.number_input("efficiency (fraction of peak bandwidth)", value=1.0,
                          format="%g", key="si_eff")
    slots["efficiency"] = common.error_slot()
    device = {"name": choice if base else "user device", "bandwidth_GBs": float(bw),
              "memory_GB": _opt(mem), "price_usd": _opt(price)}
    size_v = _opt(size)
    model = {"name": f"{params_B:g}B at {bits:g} bits" + (f", {active:g}B active" if active
                                                          else ""),
             "params_B": float(params_B), "bits": float(bits), "active_params_B": _opt(active),
             "size_GB": size_v}
    thresholds = {"min_params_B": float(min_p), "min_tok_s": float(min_t),
                  "max_price_usd": float(max_pr)}
    return device, model, thresholds, eff, min_t, slots


def render() -> None:
    st.title("Consumer silicon and the crossing condition")
    st.caption("Bandwidth-bound decoding: tok/s ≈ bandwidth / bytes read per token "
               "(`endodec.empirics.silicon.tokens_per_second`); the crossing condition: "
               "≥ 70B parameters at ≥ 20 tok/s under $1,500 (`crossing_condition`).")
    try:
        devices = logic.silicon_devices()
    except Exception as e:  # noqa: BLE001
        common.error(logic.error_text(e))
        devices = []
    by_name = {d.name: d for d in devices}
    with st.sidebar:
        device, model, thresholds, eff, min_t, slots = _inputs(by_name)
    try:
        res = _results(tuple(device.items()), tuple(model.items()), tuple(thresholds.items()),
                       float(eff))
    except Exception as e:  # noqa: BLE001
        name = getattr(e, "name", None)
        if name in slots:  # the library's ParameterError, under its input
            common.show_error(slots[name], logic.error_text(e))
            st.warning("Fix the highlighted inputs in the sidebar.")
        else:
            common.error(logic.error_text(e))
        return
    r = res["result"]

    def yn(v):
        return "unknown" if v is None else ("yes" if v else "no")

    c = st.columns(4)
    c[0].metric("decoding speed (tok/s)", f"{r.tok_s:.4g}")
    c[1].metric(f"bandwidth needed for {min_t:g} tok/s", f"{r.required_bandwidth_GBs:.4g} GB/s")
    c[2].metric("fits in memory", yn(r.fits))
    c[3].metric("CROSSES", yn(r.crosses))
    st.text(r.summary())
    common.show_figure(plots.bandwidth_speed, (res["result"], res["table"], res["efficiency"]),
                       "silicon_tok_s", "si")
    st.markdown("**Packaged devices (consumer_devices) with this model**")
    st.dataframe(res["table"], hide_index=True)
    common.download_table(res["table"], "silicon_devices", "si_t")
    common.cli_box(logic.silicon_command(device, model, thresholds, float(eff)))
