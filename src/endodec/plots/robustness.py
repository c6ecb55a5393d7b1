"""Figures of the robustness analysis (beyond the paper; :mod:`endodec.model.hjb`).

- :func:`crossing_distributions`: :math:`P(T \\le t)` of both regimes for several learning-shock
  volatilities (``CrossingDistribution`` results);
- :func:`acceleration_by_spec`: the acceleration :math:`1 - T^N/T^C` across specification
  families (a ``RobustnessTable``'s points frame);
- :func:`value_policy`: value functions and aggregate outputs of one ``HJBSolution``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from endodec.plots.style import C, new_figure, styled

__all__ = ["crossing_distributions", "acceleration_by_spec", "value_policy"]


@styled
def crossing_distributions(dists: Sequence, ax=None):
    """Crossing-time distributions, Nash (solid) and cooperative (dashed), one colour per sigma.

    Parameters
    ----------
    dists : sequence of CrossingDistribution
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = new_figure(ax)
    for i, d in enumerate(dists):
        ax.plot(d.t_N, d.F_N, color=C(i), label=f"Nash, sigma={d.sigma:g}")
        ax.plot(d.t_C, d.F_C, color=C(i), ls="--", label=f"coop, sigma={d.sigma:g}")
    ax.set_xlabel("t (model time)")
    ax.set_ylabel("P(T <= t | x0)")
    ax.set_ylim(0, 1.02)
    ax.legend(fontsize="small", ncols=2)
    return fig


@styled
def acceleration_by_spec(table, ax=None):
    """Acceleration :math:`1 - T^N/T^C` of every sampled point, by specification family.

    Parameters
    ----------
    table : RobustnessTable
        Its ``points`` frame (``family``, ``status``, ``acceleration``).
    ax : matplotlib.axes.Axes, optional
    """
    fig, ax = new_figure(ax)
    P = table.points
    fams = list(dict.fromkeys(P["family"])) if len(P) else []
    for i, f in enumerate(fams):
        sub = P[(P["family"] == f) & (P["status"] == "ok")]
        v = sub["acceleration"].to_numpy(float) if "acceleration" in sub else np.array([])
        jitter = np.linspace(-0.2, 0.2, v.size) if v.size > 1 else np.zeros(v.size)
        ax.scatter(i + jitter, 100 * v, s=12, color=C(i), alpha=0.8)
        if v.size:
            ax.hlines(100 * np.median(v), i - 0.3, i + 0.3, color="k", lw=1.5)
    ax.axhline(0, color="0.5", lw=0.8)
    ax.set_xticks(range(len(fams)), fams, rotation=20)
    ax.set_xlabel("specification")
    ax.set_ylabel("acceleration 1 - T_N/T_C (%)")
    return fig


@styled
def value_policy(sol, ax=None):
    """Values (per firm) and aggregate outputs of the Nash MPE and the cooperative benchmark.

    Parameters
    ----------
    sol : HJBSolution
    """
    if ax is None:
        fig, axes = new_figure(None, nrows=1, ncols=2)
    else:
        fig, axes = ax.figure, [ax, ax.twinx()]
    i = sol.x <= sol.spec.x0 * 1.5 if sol.spec.sigma > 0 else slice(None)
    x = sol.x[i]
    axes[0].plot(x, sol.V_N[i], color=C(0), label="Nash V_N")
    axes[0].plot(x, sol.V_P[i], color=C(1), ls="--", label="cooperative V_P")
    axes[0].set_xlabel("x (distance to the threshold)")
    axes[0].set_ylabel("value per firm")
    axes[0].legend(fontsize="small")
    axes[1].plot(x, sol.Q_N[i], color=C(0), label="Nash Q_N")
    axes[1].plot(x, sol.Q_C[i], color=C(1), ls="--", label="cooperative Q_C")
    axes[1].set_xlabel("x")
    axes[1].set_ylabel("aggregate output Q(x)")
    axes[1].legend(fontsize="small")
    return fig
