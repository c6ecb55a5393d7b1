"""Streamlit helpers shared by the pages: error slots, downloads, CLI box, cached calls."""

from __future__ import annotations

import threading

import streamlit as st

from endodec.explore import logic

DISPLAY_DPI = 100  # on-screen figures; downloads use the report's 130 dpi PNG and SVG
#: Draw figures (tests of page logic switch this off to save time; figures are tested apart)
RENDER_FIGURES = True


def error_slot(container=None):
    """An empty placeholder right under an input, filled with ``st.error`` when it is invalid."""
    return (container or st).empty()


def show_error(slot, msg: str | None) -> None:
    """Fill an error slot with a library message, shown literally (Markdown escaped)."""
    if msg:
        slot.error(logic.md_escape(msg))


def error(msg: str) -> None:
    """``st.error`` with a library message shown literally."""
    st.error(logic.md_escape(msg))


def _supports_deferred() -> bool:
    """Recent Streamlit accepts a callable ``data`` (generated on click) and ``on_click="ignore"``;
    older releases get the bytes eagerly."""
    import inspect

    try:
        sig = inspect.signature(st.download_button)
    except (TypeError, ValueError):  # pragma: no cover
        return False
    return ("callable" in (st.download_button.__doc__ or "")
            and sig.parameters["on_click"].default == "rerun")


_DEFERRED = _supports_deferred()


def download(label: str, make, file_name: str, mime: str, key: str) -> None:
    """A download button whose bytes come from ``make()`` (deferred when Streamlit allows)."""
    if _DEFERRED:
        st.download_button(label, make, file_name=file_name, mime=mime, key=key,
                           on_click="ignore")
    else:  # pragma: no cover - older Streamlit
        st.download_button(label, make(), file_name=file_name, mime=mime, key=key)


#: Streamlit runs each session's script in its own thread, and matplotlib (pyplot's figure
#: manager, the mathtext parser) is not thread-safe: two pages drawing at once raised a mathtext
#: ParseException in the browser test. Every figure is built and rendered under this lock.
FIGURE_LOCK = threading.RLock()


def _render(builder, args, fmt: str, dpi: int = 130) -> bytes:
    import matplotlib.pyplot as plt

    with FIGURE_LOCK:
        fig = builder(*args)
        try:
            return logic.fig_bytes(fig, fmt, dpi=dpi)
        finally:
            plt.close(fig)


def show_figure(builder, args: tuple, stem: str, key: str) -> None:
    """Show ``builder(*args)`` (a matplotlib figure) with PNG and SVG download buttons.

    The download bytes are produced only when a button is clicked (deferred callables that
    rebuild the figure from the same cached results), so a rerun renders the figure once.
    """
    if RENDER_FIGURES:
        st.image(_render(builder, args, "png", dpi=DISPLAY_DPI))
    else:
        st.caption(f"[figure {stem}]")
    c1, c2, _ = st.columns([1, 1, 4])
    with c1:
        download("Download PNG", lambda: _render(builder, args, "png"), f"{stem}.png",
                 "image/png", f"{key}_png")
    with c2:
        download("Download SVG", lambda: _render(builder, args, "svg"), f"{stem}.svg",
                 "image/svg+xml", f"{key}_svg")


def download_table(df, stem: str, key: str, label: str = "Download CSV") -> None:
    download(label, lambda: logic.csv_bytes(df), f"{stem}.csv", "text/csv", f"{key}_csv")


def cli_box(cmd: str, caption: str = "Copy as CLI command") -> None:
    st.caption(caption)
    st.code(cmd, language="bash")




def caps_note(*names: str) -> None:
    st.caption("Compute caps: " + ", ".join(f"{n} ≤ {logic.CAPS[n]:,}" for n in names))


@st.cache_data(max_entries=128, show_spinner=False)
def game_results(key: tuple):
    return logic.game_results(key)


@st.cache_data(max_entries=64, show_spinner=False)
def statics_line(key: tuple, name: str, lo: float, hi: float, n: int):
    return logic.statics_line(key, name, lo, hi, n)


@st.cache_data(max_entries=32, show_spinner=False)
def heatmap_grid(key, px, xr, py, yr, n, quantity):
    return logic.heatmap_grid(key, px, xr, py, yr, n, quantity)


@st.cache_data(max_entries=32, show_spinner=False)
def learning_results(*args):
    return logic.learning_results(*args)


def game_inputs(prefix: str, container=None, defaults: dict | None = None) -> logic.Validated:
    """Inputs for N, a, b, r, delta, x0, S_T and the convention, each followed by its error slot.

    Values are validated by :class:`endodec.model.game.GameParams` (via
    :func:`endodec.explore.logic.validate_game`); messages appear right under the input.
    """
    c = container or st
    d = dict(logic.GAME_DEFAULTS)
    d.update(defaults or {})
    vals, slots = {}, {}
    vals["N"] = c.number_input(logic.GAME_LABELS["N"], value=int(d["N"]),
                               step=int(logic.game_step("N")), key=f"{prefix}_N",
                               help=logic.game_help("N"))
    slots["N"] = error_slot(c)
    for k in ("a", "b", "r", "delta", "x0", "S_T"):
        vals[k] = c.number_input(logic.GAME_LABELS[k], value=float(d[k]),
                                 step=float(logic.game_step(k)), format="%g",
                                 key=f"{prefix}_{k}", help=logic.game_help(k))
        slots[k] = error_slot(c)
    conv = ["code", "paper", "direct"]
    vals["convention"] = c.selectbox(
        logic.GAME_LABELS["convention"], conv, index=conv.index(d["convention"])
        if d["convention"] in conv else 0, key=f"{prefix}_convention",
        help="'code': S = (a/(N+1))^2/b/(r+δ) (author's script; headline numbers); "
             "'paper': S = S_T + S_I/(N(r+δ)) (eq. 5) with S_I the industry Cournot profit; "
             "'direct': S as given below.")
    slots["convention"] = error_slot(c)
    if vals["convention"] == "direct":
        S0 = d["S"] if d.get("S") is not None else logic.code_S(vals)
        vals["S"] = c.number_input(logic.GAME_LABELS["S"], value=float(S0), step=1.0,
                                   format="%g", key=f"{prefix}_S", help=logic.game_help("S"))
        slots["S"] = error_slot(c)
    v = logic.validate_game(vals)
    for k, msg in v.errors.items():
        if k in slots:
            show_error(slots[k], msg)
    return v


def range_input(label: str, lo, hi, key: str, integer: bool = False,
                words: tuple[str, str] = ("from", "to")):
    """Two number inputs side by side for a range ``(lo, hi)`` (ints when ``integer``)."""
    c1, c2 = st.columns(2)
    if integer:
        a = c1.number_input(f"{label} {words[0]}", value=int(lo), step=1, key=f"{key}_lo")
        b = c2.number_input(f"{label} {words[1]}", value=int(hi), step=1, key=f"{key}_hi")
    else:
        a = c1.number_input(f"{label} {words[0]}", value=float(lo), format="%g", key=f"{key}_lo")
        b = c2.number_input(f"{label} {words[1]}", value=float(hi), format="%g", key=f"{key}_hi")
    return a, b
