"""One style for every figure of endodec: rc parameters, fonts, figure sizes (the report's, and
one-column / two-column journal widths), a colour-blind-safe palette.

Every builder in :mod:`endodec.plots` draws under :func:`styled` (its rc parameters apply while
the figure is built) and creates its figure with :func:`new_figure`, so the report's figures and
the explorer's look alike.

The palette is Okabe and Ito's (2008) eight colours, safe for the common colour-vision
deficiencies; it is the colour cycle inside a builder, and :func:`C` gives its n-th colour as a
hex string (builders use ``C(n)``, not ``"Cn"``: matplotlib resolves ``"Cn"`` when the figure
is saved, after the builder's rc context has ended).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

__all__ = ["C", "COLORS", "NASH", "COOP", "FONTS", "GREY", "PALETTE", "RC", "SIZES", "new_figure",
           "pyplot", "styled"]

#: Okabe-Ito palette, by name.
COLORS = {
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "green": "#009E73",
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "purple": "#CC79A7",
    "yellow": "#F0E442",
    "black": "#000000",
}
#: The colour cycle of every figure (``"C0"`` = blue, ``"C1"`` = vermillion, ...).
PALETTE = [COLORS[k] for k in ("blue", "vermillion", "green", "orange", "sky", "purple",
                               "yellow", "black")]


def C(n: int) -> str:
    """The ``n``-th colour of :data:`PALETTE` (cyclic), as a hex string."""
    return PALETTE[int(n) % len(PALETTE)]


#: Nash (decentralised investment) and cooperative (planner) curves, everywhere.
NASH, COOP = COLORS["blue"], COLORS["vermillion"]
GREY = "#7f7f7f"

#: Figure sizes in inches: one panel ("one"), a row of two ("two") or three ("three") panels,
#: a 2x2 grid ("grid"), a narrow strip of two panels ("strip") -- the report's sizes -- and the
#: journal sizes: a figure one column wide ("column", 3.5 in, the column of a two-column
#: journal page) and one spanning both columns or a one-column page ("page", 7.0 in).
SIZES = {
    "one": (6.5, 4.0),
    "two": (11.0, 4.2),
    "three": (13.5, 4.0),
    "grid": (10.0, 7.0),
    "strip": (10.0, 3.8),
    "column": (3.5, 2.6),
    "page": (7.0, 3.0),
}

#: The fonts: a sans-serif family that ships with matplotlib (DejaVu Sans), so every machine
#: draws the same glyphs; mathematics in the matching DejaVu style. PDFs embed the glyphs
#: (``pdf.fonttype`` 3, matplotlib's default: no font files needed to open them).
FONTS: dict[str, Any] = {
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "mathtext.fontset": "dejavusans",
}

#: rc parameters applied while a builder draws.
RC: dict[str, Any] = {
    "axes.prop_cycle": None,  # filled below (cycler import kept lazy)
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.titlesize": 10,
    # titles at the top of their Axes (plus axes.titlepad), placed once: with None matplotlib
    # re-measures every titled Axes' y axis at each draw, to lift a title over top ticks or a
    # y offset text; no figure of endodec has either (tests/report/test_figures.py), and
    # that pass was a sixth of the time spent writing figures
    "axes.titley": 1.0,
    "axes.labelsize": 9,
    "xtick.labelsize": 8,
    "ytick.labelsize": 8,
    "legend.fontsize": 8,
    "legend.framealpha": 0.85,
    "lines.linewidth": 1.6,
    "figure.dpi": 100,
    "savefig.dpi": 130,
    **FONTS,
}


def pyplot():
    """matplotlib's pyplot on the non-interactive Agg backend (no display needed)."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    return plt


def _rc() -> dict[str, Any]:
    from cycler import cycler

    rc = dict(RC)
    rc["axes.prop_cycle"] = cycler(color=PALETTE)
    return rc


def styled(builder: Callable) -> Callable:
    """Decorator: run a figure builder under the package's rc parameters (:data:`RC`)."""

    @functools.wraps(builder)
    def wrapper(*args, **kwargs):
        plt = pyplot()
        with plt.rc_context(_rc()):
            return builder(*args, **kwargs)

    return wrapper


def new_figure(ax=None, size: str = "one", nrows: int = 1, ncols: int = 1, **kw):
    """A figure and its axes: ``ax``'s figure when an Axes is given, else a new figure.

    Parameters
    ----------
    ax : matplotlib.axes.Axes or None
        Draw into this Axes (a single-panel builder); None creates a figure.
    size : str
        Key of :data:`SIZES`.
    nrows, ncols : int
        Panels of a new figure.
    **kw
        Passed to ``plt.subplots`` (``sharey``, ``squeeze``...).

    Returns
    -------
    (Figure, Axes or array of Axes)
    """
    if ax is not None:
        return ax.figure, ax
    plt = pyplot()
    kw.setdefault("constrained_layout", True)
    return plt.subplots(nrows, ncols, figsize=SIZES[size], **kw)
