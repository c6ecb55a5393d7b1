"""Page 3 -- learning curves: Wright's-law fit, bootstrap, Bai-Perron breaks and the crossing
threshold (seed 000 §3.7, §4.1; seed 001 §3.8, §5.2, Appendix D)."""

from __future__ import annotations

import os

import streamlit as st

from endodec.errors import EndodecError
from endodec.explore import logic
from endodec.explore.views import common
from endodec.plots import learning as plots

TITLE = "Learning curves"
URL = "learning"
ICON = ":material/trending_down:"


def _series_inputs():
    """Sidebar inputs of the series: author directory, packaged series or an uploaded CSV.

    Returns ``(author_dir, source, csv_text)``.
    """
    st.subheader("Data")
    author_dir = st.text_input("author data directory (optional)",
                               value=os.environ.get("ENDODEC_AUTHOR_DATA", ""),
                               key="lc_author",
                               help="Directory with the author's files (e.g. "
                                    "dram_learning_curve.csv); default $ENDODEC_AUTHOR_DATA.")
    author_slot = common.error_slot()
    author_dir = author_dir.strip() or None
    if author_dir and not os.path.isdir(author_dir):
        common.show_error(author_slot, f"{author_dir!r} is not a directory")
        author_dir = None
    sources = logic.learning_sources(author_dir)
    source = st.selectbox("series", list(sources), format_func=sources.get, key="lc_src")
    upload = st.file_uploader(
        "or your own series (CSV)", type=["csv"], key="lc_upload",
        help="Columns cumulative, price and optionally label (e.g. the year); one row per "
             f"period, cumulative output non-decreasing; at most {logic.UPLOAD_MAX_ROWS:,} "
             "rows. Used instead of the series above while a file is loaded.")
    upload_slot = common.error_slot()
    csv_text = None
    if upload is not None:
        try:
            csv_text = upload.getvalue().decode("utf-8")
            logic.parse_series_csv(csv_text, file=upload.name)
            source = logic.UPLOAD_SOURCE
        except (UnicodeDecodeError, EndodecError) as e:
            common.show_error(upload_slot, logic.error_text(e))
            csv_text = None
    return author_dir, source, csv_text


def _breaks_and_threshold(res) -> None:
    """The Bai-Perron table and the crossing threshold of a result (when computed)."""
    if res["breaks"] is not None:
        br = res["breaks"]
        st.subheader("Structural breaks (Bai-Perron)")
        st.caption("Selected number of breaks: " + ", ".join(
            f"{k} = {v}" for k, v in br.selected.items()) + f"; critical values simulated with "
            f"{logic.CAPS['breaks_sim']:,} draws.")
        st.dataframe(br.to_frame(), hide_index=True)
        common.download_table(br.to_frame(), "learning_breaks", "lc_br")
    if res["threshold"] is not None:
        t = res["threshold"]
        st.subheader("Crossing threshold")
        st.metric("Q̄ (cumulative output at the target cost)", f"{t['Q_bar']:.4g} EB",
                  help=f"α = {t['alpha']:.4f}; {t['Q_bar'] / t['Q_now']:.3g}x current output")
        common.cli_box(logic.threshold_command(t["c_now"], t["Q_now"], t["c_target"],
                                               t["alpha"]), "Threshold as a CLI command")


def render() -> None:
    st.title("Learning curves")
    st.caption("OLS of ln price on ln cumulative output (`endodec.empirics.learning_curves`), "
               "pairs bootstrap, Bai-Perron breaks (`endodec.empirics.breaks`) and the crossing "
               "threshold Q̄ = Q (c/c*)^(1/α) (`endodec.model.learning.threshold_Q`).")
    with st.sidebar:
        author_dir, source, csv_text = _series_inputs()
        st.subheader("Estimation")
        n_boot = st.number_input("bootstrap resamples (0 = none)", value=2000, step=500,
                                 key="lc_boot", help=f"capped at {logic.CAPS['bootstrap']:,}")
        boot_slot = common.error_slot()
        max_breaks = st.number_input("Bai-Perron: max breaks (-1 = none)", value=2, step=1,
                                     key="lc_breaks", help=f"capped at {logic.CAPS['breaks']}")
        trim = st.number_input("Bai-Perron trimming h (fraction < 1, or observations)",
                               value=0.15 if source.startswith("author:") else 3.0, format="%g",
                               key=f"lc_trim_{source}")
        breaks_slot = common.error_slot()
        seed = st.number_input("seed", value=20260221, step=1, key="lc_seed")
        st.subheader("Crossing threshold")
        c_now = st.number_input("current cost c ($/GB)", value=12.0, format="%g", key="lc_cnow")
        q_now = st.number_input("current cumulative output Q (EB)", value=2.5, format="%g",
                                key="lc_qnow")
        c_target = st.number_input("target cost c* ($/GB)", value=6.0, format="%g",
                                   key="lc_ctarget")
        use_fit = st.checkbox("use the fitted α", value=False, key="lc_usefit")
        alpha_in = st.number_input("α (learning elasticity)", value=0.23, format="%g",
                                   key="lc_alpha", disabled=use_fit)
        thr_slot = common.error_slot()
    if n_boot > logic.CAPS["bootstrap"]:
        boot_slot.info(f"capped at {logic.CAPS['bootstrap']:,} resamples")
    try:
        res = common.learning_results(source, author_dir, int(n_boot), int(max_breaks),
                                      float(trim), int(seed), float(c_now), float(q_now),
                                      float(c_target), None if use_fit else float(alpha_in),
                                      csv_text)
    except Exception as e:  # noqa: BLE001
        common.error(logic.error_text(e))
        return
    errs = res["errors"]
    common.show_error(boot_slot, errs.get("bootstrap"))
    common.show_error(breaks_slot, errs.get("breaks"))
    common.show_error(thr_slot, errs.get("threshold"))
    fit = res["fit"]
    c = st.columns(4)
    c[0].metric("α (learning elasticity)", f"{fit.alpha:.4f}", help=f"SE {fit.se:.4f}")
    c[1].metric("learning rate 1 - 2^-α", f"{100 * fit.learning_rate:.2f}%")
    c[2].metric("R²", f"{fit.r2:.4f}")
    c[3].metric("n", f"{fit.n}")
    st.caption(f"Data: {res['provenance']}. {100 * (1 - fit.ci_alpha):g}% CI of α: "
               f"[{fit.ci[0]:.4f}, {fit.ci[1]:.4f}].")
    if res["boot"] is not None:
        b = res["boot"]
        st.caption(f"Pairs bootstrap: {b.n_resamples:,} resamples, SE {b.se:.4f}, "
                   f"percentile CI [{b.ci[0]:.4f}, {b.ci[1]:.4f}] "
                   f"({b.n_degenerate} degenerate resamples dropped).")
    common.show_figure(plots.fit_overview, (res["fit"], res["boot"], res["breaks"]),
                       f"learning_{source.replace(':', '_')}", "lc")
    tab = logic.fit_table(res)
    st.dataframe(tab, hide_index=True)
    common.download_table(tab, f"learning_fit_{source.replace(':', '_')}", "lc_fit")
    _breaks_and_threshold(res)
    common.caps_note("bootstrap", "breaks", "breaks_sim")
    common.cli_box(logic.learning_command(source, int(n_boot), int(max_breaks), float(trim),
                                          int(seed), author_dir))
