"""Figures of the differential game (seed 000 §3.4-3.6, Figures 1-6; seed 001 §3.1-3.8).

Panel builders take plain arrays (or a :class:`~endodec.model.game.GameSolution`) and an optional
``ax``; composite builders lay several panels out. The report (:mod:`endodec.analyses.game`) and
the explorer's game and statics pages both draw through these functions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from endodec.plots.style import COOP, GREY, NASH, C, new_figure, styled

__all__ = ["crossing_ratio", "crossing_times", "crossing_vs", "decomposition", "heatmap",
           "output_rates", "overview", "proof_gaps", "shadow_costs", "state_paths",
           "training_persistence", "value_functions", "verification"]


@styled
def value_functions(x, V_N, V_P, ax=None, title: str = "Per-firm value functions"):
    """Per-firm value functions :math:`V_N(x)` (Nash) and :math:`V_P(x)` (cooperative).

    Parameters
    ----------
    x, V_N, V_P : array_like
        Distance to the threshold and the two value functions on it.
    ax : matplotlib.axes.Axes, optional
        Draw into this Axes (default: a new one-column figure).
    title : str
        Panel title.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = new_figure(ax)
    ax.plot(x, V_N, color=NASH, lw=2, label="Nash $V_N(x)$")
    ax.plot(x, V_P, color=COOP, lw=2, label="Cooperative $V_P(x)$")
    ax.set(xlabel="x (distance to threshold)", ylabel="per-firm value", title=title)
    ax.legend()
    return fig


@styled
def output_rates(x, Q_N, Q_C, ax=None, gap: bool = True,
                 title: str = "Aggregate output: Nash overinvestment"):
    """Aggregate output rates :math:`Q_N(x)`, :math:`Q_C(x)`, the gap shaded when ``gap``.

    Parameters
    ----------
    x, Q_N, Q_C : array_like
        Distance to the threshold and the Nash and cooperative output rates.
    ax : matplotlib.axes.Axes, optional
        Draw into this Axes.
    gap : bool
        Shade the overinvestment gap between the curves.
    title : str
        Panel title.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = new_figure(ax)
    ax.plot(x, Q_N, color=NASH, lw=2, label="Nash $Q_N(x)$")
    ax.plot(x, Q_C, color=COOP, lw=2, label="Cooperative $Q_C(x)$")
    if gap:
        ax.fill_between(x, Q_C, Q_N, color=NASH, alpha=0.15, label="overinvestment gap")
    ax.set(xlabel="x (remaining distance to crossing)", ylabel="aggregate output rate",
           title=title)
    ax.legend()
    return fig


@styled
def shadow_costs(x, dV_N, N_dV_P, ax=None, log: bool = False, crossover: float | None = None,
                 x0: float | None = None, title: str = "The learning externality"):
    """Private :math:`V_N'(x)` and social :math:`N V_P'(x)` shadow costs of depletion.

    Parameters
    ----------
    x, dV_N, N_dV_P : array_like
        Distance to the threshold and the two shadow costs.
    ax : matplotlib.axes.Axes, optional
        Draw into this Axes.
    log : bool
        Log-log axes (the tail where the proof's step 2 fails).
    crossover : float, optional
        Where the two curves cross (a dotted line).
    x0 : float, optional
        The initial distance (a dashed line).
    title : str
        Panel title.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = new_figure(ax)
    plot = ax.loglog if log else ax.plot
    plot(x, dV_N, color=NASH, lw=2, label="private $V_N'(x)$")
    plot(x, N_dV_P, color=COOP, lw=2, label="social $N V_P'(x)$")
    if crossover:
        ax.axvline(crossover, color=GREY, ls=":", label=f"crossover x={crossover:.0f}")
    if x0 is not None:
        ax.axvline(x0, color="k", ls="--", lw=0.8, label="x0")
    ax.set(xlabel="x", ylabel="shadow cost of depletion (model units)", title=title)
    ax.legend()
    return fig


@styled
def state_paths(t, x_nash, x_coop, T_nash: float, T_coop: float, ax=None):
    """State paths :math:`x(t)` under Nash and cooperative investment with the crossing times.

    Parameters
    ----------
    t, x_nash, x_coop : array_like
        Model time and the two state paths.
    T_nash, T_coop : float
        Crossing times (in the legend).
    ax : matplotlib.axes.Axes, optional
        Draw into this Axes.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = new_figure(ax)
    ax.plot(t, x_nash, color=NASH, label=f"Nash, T*={float(T_nash):.4g}")
    ax.plot(t, x_coop, color=COOP, label=f"cooperative, T*={float(T_coop):.4g}")
    ax.set(xlabel="time t (model units)", ylabel="distance to crossing x(t)",
           title="State paths and crossing times")
    ax.legend()
    return fig


@styled
def overview(curves, paths, solution):
    """2x2 figure of one parameter set: value functions, output rates, shadow costs, paths.

    Parameters
    ----------
    curves : pandas.DataFrame
        Columns ``x, V_N, V_P, Q_N, Q_C, dV_N, N_dV_P``.
    paths : pandas.DataFrame
        Columns ``t, x_nash, x_coop``.
    solution : endodec.model.game.GameSolution
        Supplies the crossing times.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = new_figure(size="grid", nrows=2, ncols=2)
    c = curves
    value_functions(c.x, c.V_N, c.V_P, ax=ax[0, 0], title="Value functions")
    output_rates(c.x, c.Q_N, c.Q_C, ax=ax[0, 1], gap=False, title="Output rates")
    shadow_costs(c.x, c.dV_N, c.N_dV_P, ax=ax[1, 0], title="Shadow costs")
    state_paths(paths.t, paths.x_nash, paths.x_coop, solution.T_nash, solution.T_coop,
                ax=ax[1, 1])
    return fig


@styled
def decomposition(dec: Mapping, ax=None):
    """Nash output = static Cournot output minus the dynamic (shadow-cost) restraint.

    Parameters
    ----------
    dec : mapping
        :func:`endodec.model.game.cournot_decomposition` (``x, static_cournot, Q_nash,
        Q_coop``).
    ax : matplotlib.axes.Axes, optional
        Draw into this Axes.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = new_figure(ax)
    ax.plot(dec["x"], dec["static_cournot"], "k--", label="static Cournot $Na/(b(N+1))$")
    ax.plot(dec["x"], dec["Q_nash"], color=NASH, lw=2, label="Nash $Q_N(x)$")
    ax.plot(dec["x"], dec["Q_coop"], color=COOP, lw=2, label="Cooperative $Q_C(x)$")
    ax.fill_between(dec["x"], dec["Q_nash"], dec["static_cournot"], color="grey", alpha=0.2,
                    label="dynamic restraint $NV_N'/(b(N+1))$")
    ax.set(xlabel="x", ylabel="aggregate output rate", title="Decomposition of Nash output")
    ax.legend()
    return fig


@styled
def training_persistence(S_T, welfare_loss, acceleration, ax=None):
    """Welfare loss and acceleration (in %) as training persistence :math:`S_T` grows.

    Parameters
    ----------
    S_T : array_like
        Training persistence values.
    welfare_loss, acceleration : array_like
        As fractions (plotted in %).
    ax : matplotlib.axes.Axes, optional
        Draw into this Axes.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = new_figure(ax)
    ax.plot(S_T, 100 * np.asarray(welfare_loss), color=NASH, label="welfare loss (%)")
    ax.plot(S_T, 100 * np.asarray(acceleration), color=COOP, label="acceleration (%)")
    ax.set(xlabel="training persistence S_T", ylabel="welfare loss / acceleration (%)",
           title="Training persistence moderates the welfare loss")
    ax.legend()
    return fig


@styled
def verification(runs: Sequence[Mapping]):
    """Figure 1: closed-form value functions vs RK4, and the verification error.

    Parameters
    ----------
    runs : sequence of mapping
        One per regime: ``kind`` ("nash" or "coop"), ``x``, ``V`` (RK4), ``exact`` (closed
        form at ``x``) and ``error`` (:math:`|x_{exact}(V_{RK4}) - x|`).

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, axes = new_figure(size="strip", ncols=2)
    for r in runs:
        col, lab = (NASH, "Nash $V_N$") if r["kind"] == "nash" else (COOP, "Cooperative $V_P$")
        axes[0].plot(r["x"], r["V"], color=col, lw=2, label=f"{lab} (RK4)")
        axes[0].plot(r["x"], r["exact"], ":", color="k", lw=1)
        axes[1].semilogy(r["x"][1:], np.maximum(r["error"][1:], 1e-18), color=col, lw=0.8,
                         label=lab)
    axes[0].set(xlabel="x (distance to crossing)", ylabel="V(x)",
                title="Exact (dotted) vs numerical (solid)")
    axes[0].legend()
    axes[1].set(xlabel="x", ylabel="|x_exact(V_num) - x|", title="Verification error")
    axes[1].legend()
    return fig


def _label(name: str) -> str:
    return {"delta": "δ (displacement rate)", "N": "N (number of firms)"}.get(name, name)


@styled
def crossing_times(values, T_nash, T_coop, name: str = "N", ax=None, title: str | None = None):
    """Crossing times :math:`T^*_{Nash}`, :math:`T^*_{Coop}` against one parameter.

    Parameters
    ----------
    values : array_like
        The parameter's values (markers when ``name == "N"``).
    T_nash, T_coop : array_like
        Crossing times at each value.
    name : str
        The parameter (axis label).
    ax : matplotlib.axes.Axes, optional
        Draw into this Axes.
    title : str, optional
        Panel title (default ``"T* vs NAME"``).

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = new_figure(ax)
    mk = {"ms": 3} if name == "N" else {}
    ax.plot(values, T_nash, "o-" if name == "N" else "-", color=NASH, label="Nash", **mk)
    ax.plot(values, T_coop, "s-" if name == "N" else "-", color=COOP, label="Cooperative", **mk)
    ax.set(xlabel=_label(name), ylabel="crossing time T* (model units)",
           title=title if title is not None else f"T* vs {_label(name)}")
    ax.legend()
    return fig


@styled
def crossing_ratio(values, ratio, name: str = "N", ax=None, Q_ratio=None):
    """Nash/cooperative ratios against one parameter: :math:`T^*_N/T^*_C` (and
    :math:`Q_N/Q_C` at x0 when ``Q_ratio`` is given).

    Parameters
    ----------
    values, ratio : array_like
        The parameter's values and :math:`T^*_N/T^*_C`.
    name : str
        The parameter (axis label).
    ax : matplotlib.axes.Axes, optional
        Draw into this Axes.
    Q_ratio : array_like, optional
        :math:`Q_N/Q_C` at x0.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = new_figure(ax)
    ax.plot(values, ratio, "o-" if name == "N" else "-", color="k", ms=3, label="T*_N/T*_C")
    if Q_ratio is not None:
        ax.plot(values, Q_ratio, color=C(2), label="Q_N/Q_C at x0")
        ax.legend()
    ax.set(xlabel=_label(name), ylabel="Nash / cooperative", title="Nash / cooperative ratios")
    return fig


@styled
def crossing_vs(frame, name: str = "N", Q_ratio: bool = False, title: str | None = None):
    """Two panels: crossing times and the Nash/cooperative ratios against ``name``.

    Parameters
    ----------
    frame : pandas.DataFrame
        :func:`endodec.model.game.crossing_time_vs` (columns ``NAME, T_nash, T_coop, ratio``;
        ``Q_ratio_x0`` when ``Q_ratio``).
    name : str
        The varied parameter (``"N"`` or ``"delta"``).
    Q_ratio : bool
        Also draw :math:`Q_N/Q_C` at x0.
    title : str, optional
        Figure title.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, axes = new_figure(size="strip", ncols=2)
    x = np.asarray(frame[name])
    crossing_times(x, frame["T_nash"], frame["T_coop"], name, ax=axes[0])
    crossing_ratio(x, frame["ratio"], name, ax=axes[1],
                   Q_ratio=frame["Q_ratio_x0"] if Q_ratio else None)
    if title:
        fig.suptitle(title)
    return fig


@styled
def proof_gaps(curve, regions: Mapping, x0: float):
    """Proposition 1's proof step 2 (:math:`NV_P' - V_N'`) and its statement
    (:math:`Q^N - Q^C`) on the checker's range, failure regions shaded.

    Parameters
    ----------
    curve : pandas.DataFrame
        Columns ``x, shadow_gap, output_gap``.
    regions : mapping
        Optional ``"shadow"`` and ``"output"`` entries ``(lo, hi)``: where each fails.
    x0 : float
        The initial distance (a dashed line when positive).

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = new_figure(size="strip", ncols=2)
    ax[0].plot(curve.x, curve.shadow_gap, label="$NV^{P\\prime}(x) - V^{N\\prime}(x)$")
    ax[0].set(xscale="log", xlabel="x (distance to crossing)", ylabel="shadow-cost gap",
              title="Proof step 2: shadow-cost order")
    ax[1].plot(curve.x, curve.output_gap, label="$Q^N(x) - Q^C(x)$")
    ax[1].set(xscale="log", xlabel="x (distance to crossing)", ylabel="output gap",
              title="Statement: output gap")
    for a, key, lab in ((ax[0], "shadow", "step 2 fails"), (ax[1], "output", "statement fails")):
        a.axhline(0, color="k", lw=0.8)
        if key in regions:
            a.axvspan(regions[key][0], regions[key][1], color=C(1), alpha=0.15, label=lab)
        if x0 > 0:
            a.axvline(x0, color="gray", ls="--", lw=0.8, label="x0")
        a.legend()
    return fig


@styled
def heatmap(x, y, Z, xlabel: str, ylabel: str, label: str):
    """A quantity of the game over a grid of two parameters (NaN cells masked).

    Parameters
    ----------
    x, y : array_like
        Grid axes.
    Z : array_like
        Values, shape ``(len(y), len(x))``; NaN where there is no interior solution.
    xlabel, ylabel : str
        Parameter names.
    label : str
        The quantity (colour bar and title).

    Returns
    -------
    matplotlib.figure.Figure
    """
    plt_size = "one"
    fig, ax = new_figure(size=plt_size)
    m = ax.pcolormesh(x, y, np.ma.masked_invalid(Z), shading="auto", cmap="viridis")
    fig.colorbar(m, ax=ax, label=label)
    ax.grid(False)
    ax.set(xlabel=xlabel, ylabel=ylabel, title=f"{label} (grid {len(x)}x{len(y)})")
    return fig
