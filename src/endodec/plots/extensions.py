"""Figures of the model's extensions (seed 000 §3.6 capacity; seed 001 §3.6 asymmetric firms,
§3.7 supply denial, §8 Corollary 5).

Builders take the frames and result objects of :mod:`endodec.model.asymmetric`,
:mod:`endodec.model.capacity` and :mod:`endodec.model.supply_denial` as computed by
:mod:`endodec.analyses.extensions`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from endodec.plots.style import GREY, C, new_figure, styled

__all__ = ["asymmetric_outputs", "capacity_delay", "eq22_sides", "supply_denial"]


@styled
def asymmetric_outputs(de, ds, S: float, N: float, curves: Sequence[tuple[str, object]], sym):
    """Asymmetric Markov equilibrium: outputs against the cost advantage epsilon (Corollary 2)
    and against S_j (seed 001 Corollary 3), and aggregate output along x.

    Parameters
    ----------
    de, ds : pandas.DataFrame
        Statics in epsilon and in S_j (``Q_x0``, ``q_j_x0``, ``q_i_x0``).
    S : float
        The symmetric continuation value (S_j is shown relative to it).
    N : float
        Number of firms.
    curves : sequence of (label, solution)
        Solutions drawn in the third panel (``x``, ``Q``).
    sym : solution
        The symmetric solution (its closed form ``Q_sym`` is dotted).

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, axes = new_figure(size="three", ncols=3)
    axes[0].plot(de["epsilon"], de["Q_x0"], "k-o", ms=3, label="aggregate Q(x0)")
    axes[0].plot(de["epsilon"], de["q_j_x0"] * N, "--", color=C(1),
                 label="N x q_j (advantaged firm)")
    axes[0].plot(de["epsilon"], de["q_i_x0"] * N, "--", color=C(0), label="N x q_i (each rival)")
    axes[0].set(xlabel="cost advantage ε (model units)", ylabel="output rate at x0",
                title="Corollary 2: one firm with cost c - epsilon")
    axes[0].legend()
    axes[1].plot(ds["S_j"] / S, ds["Q_x0"], "k-o", ms=3, label="aggregate Q(x0)")
    axes[1].plot(ds["S_j"] / S, ds["q_j_x0"] * N, "--", color=C(1), label="N x q_j")
    axes[1].plot(ds["S_j"] / S, ds["q_i_x0"] * N, "--", color=C(0), label="N x q_i")
    axes[1].set(xlabel="S_j / S (ratio)", ylabel="output rate at x0",
                title="Corollary 3 (seed 001): firm j with S_j > S")
    axes[1].legend()
    for lab, s in curves:
        axes[2].plot(s.x, s.Q, label=lab)
    axes[2].plot(sym.x, sym.Q_sym, "k:", label="closed form (symmetric)")
    axes[2].set(xlabel="distance to crossing x", ylabel="aggregate output Q(x)")
    axes[2].legend()
    return fig


@styled
def capacity_delay(tab, lags: Sequence[float], unconstrained, constrained, late):
    """Capacity-constrained crossing: delay over the construction lag against initial
    capacity, and the state paths.

    Parameters
    ----------
    tab : pandas.DataFrame
        Columns ``Delta/T*``, ``kappa0/Q(x0)``, ``delay/Delta``.
    lags : sequence of float
        The values of ``Delta/T*`` drawn.
    unconstrained, constrained, late : path
        State paths (``t``, ``x``): closed form, binding capacity, capacity restored late.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, axes = new_figure(size="two", ncols=2)
    for D in lags:
        sub = tab[np.isclose(tab["Delta/T*"], D)]
        axes[0].plot(sub["kappa0/Q(x0)"], sub["delay/Delta"], "o-", ms=3,
                     label=f"Delta = {D:.2g} T*")
    axes[0].axhline(1.0, color="k", ls=":", lw=1)
    axes[0].set(xlabel="initial capacity kappa0 / unconstrained output Q_N(x0)",
                ylabel="crossing delay / construction lag Δ (ratio)",
                title="Delay <= Delta (capacity arrives after Delta)")
    axes[0].legend()
    axes[1].plot(unconstrained.t, unconstrained.x, "k-", label="unconstrained (closed form)")
    axes[1].plot(constrained.t, constrained.x, "-", color=C(1),
                 label="kappa0 = 0.5 Q_N(x0), Delta = 0.5 T*")
    axes[1].plot(late.t, late.x, "--", color=C(2), label="capacity restored only at 2T* (> Delta)")
    axes[1].set(xlabel="time (model units)", ylabel="distance to crossing x(t)")
    axes[1].legend()
    return fig


@styled
def supply_denial(t, dec, K, K_min: float, episode: float, tab, eps_grid):
    """Proposition 2: the channels of dx/dt (eq. 9), consumer capacity, and the supply-denial
    duration against the ASI episode (eq. 10).

    Parameters
    ----------
    t : array_like
        Years from 2024.
    dec : decomposition
        ``supply_denial``, ``learning``, ``dx_dt``, ``denied``, ``K_C`` on ``t``.
    K : array_like
        Total capacity on ``t``.
    K_min : float
        Minimum consumer capacity.
    episode : float
        Length of the ASI episode drawn (years).
    tab : pandas.DataFrame
        Columns ``g_K``, ``ASI episode (years)``, ``Delta_IC (years)``.
    eps_grid : array_like
        Episode lengths (the 45-degree line).

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, axes = new_figure(size="three", ncols=3)
    fig.set_size_inches(15, 4)
    ax = axes[0]
    ax.plot(t, dec.supply_denial, color=C(1), label="supply-denial channel (dQ**/dK_C) dK_C/dt")
    ax.plot(t, dec.learning, color=C(0), label="learning channel -sum q")
    ax.plot(t, dec.dx_dt, "k--", lw=1, label="dx/dt (sum)")
    ax.axhline(0, color="grey", lw=0.5)
    ax.fill_between(t, 0, 1, where=dec.denied, transform=ax.get_xaxis_transform(), color="grey",
                    alpha=0.15, label="K_C < K_min (threshold unreachable)")
    lim = 3 * float(np.max(np.abs(dec.learning)))
    ax.set(ylim=(-lim, lim), xlabel="time (years from 2024)", ylabel="contribution to dx/dt",
           title="eq. (9): channels of dx/dt")
    ax.legend(fontsize=7)
    ax = axes[1]
    ax.plot(t, dec.K_C, color=C(2), label="K_C = K - theta D_H")
    ax.axhline(K_min, color="k", ls=":", label="K_min")
    ax.plot(t, K, color=GREY, lw=1, label="K")
    ax.set(xlabel="time (years from 2024)", ylabel="consumer capacity K", ylim=(-1, 4),
           title=f"consumer capacity (ASI episode {episode:g} years)")
    ax.legend(fontsize=7)
    ax = axes[2]
    for gK in dict.fromkeys(tab["g_K"]):
        sub = tab[tab["g_K"] == gK]
        y = sub["Delta_IC (years)"].to_numpy(float)
        ax.plot(sub["ASI episode (years)"], np.where(np.isfinite(y), y, np.nan), "o-", ms=3,
                label=f"capacity growth {100 * gK:.0f}%/yr")
    ax.plot(eps_grid, eps_grid, "k:", lw=1, label="Delta_IC = episode length")
    ax.set(xlabel="length of the ASI investment episode (years)",
           ylabel="supply-denial duration Delta_IC (years)", title="eq. (10)")
    ax.legend(fontsize=7)
    return fig


@styled
def eq22_sides(years, capacity: Sequence[tuple[float, object]], demand, demand_rate: float):
    """Corollary 5, eq. (22): capacity growth dK/dt at several rates against induced demand
    growth theta dD_H/dt.

    Parameters
    ----------
    years : array_like
        Calendar years.
    capacity : sequence of (rate, array)
        dK/dt on ``years`` per capacity growth rate.
    demand : array_like
        theta dD_H/dt on ``years``.
    demand_rate : float
        Demand growth rate (legend).

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = new_figure()
    styles = (":", "--", "-")
    for (gk, y), st in zip(capacity, styles, strict=False):
        ax.plot(years, y, st, color=C(0), label=f"dK/dt, {100 * gk:.0f}%/yr")
    ax.plot(years, demand, color=C(1), lw=2, label=f"theta dD_H/dt, {100 * demand_rate:.0f}%/yr")
    ax.set(yscale="log", xlabel="year", ylabel="growth index (start = 1)",
           title="eq. (22): capacity growth vs induced demand growth")
    ax.legend()
    return fig
