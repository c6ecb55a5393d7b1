"""Figures of the crossing-year forecast and the Wright's-law hindcast.

The builders take the results (:class:`~endodec.sweep.forecast.CrossingForecast`, the hindcast
result of :func:`endodec.sweep.wright_noise.hindcast`) and draw them under the package style, so
the report (:mod:`endodec.analyses.forecast`), the explorer's forecast page and the CLI's
``--fan-chart`` get the same figure. This module does not import :mod:`endodec.sweep` (results
are passed in).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from scipy import stats

from endodec.plots.style import GREY, C, new_figure, styled

__all__ = ["fan_chart", "hindcast"]


def _pair(ax, size: str = "two"):
    """A figure and its two side-by-side Axes: ``ax``'s (a pair of Axes) or a new figure's."""
    if ax is not None:
        a1, a2 = ax
        return a1.figure, (a1, a2)
    return new_figure(size=size, ncols=2)


@styled
def fan_chart(forecast, points: Mapping[str, float] | None = None,
              ax: Sequence | None = None):
    """Fan chart: cost-path quantile bands with the target range (left) and P(crossing by year)
    for the Nash and hardware readings (right), with optional point predictions
    ``{"label": year}`` marked.

    Parameters
    ----------
    forecast : endodec.sweep.forecast.CrossingForecast
        The Monte Carlo forecast.
    points : mapping, optional
        Point predictions to mark, ``{"label": year}``.
    ax : pair of matplotlib.axes.Axes, optional
        Draw the two panels into these Axes; None creates a figure.

    Returns
    -------
    matplotlib.figure.Figure
    """
    p = forecast.params
    fig, (a1, a2) = _pair(ax)
    window = min(p.horizon, 100)
    cq = forecast.cost_quantiles
    cq = cq[cq["year"] <= p.base_year + window]
    yrs = cq["year"].to_numpy()
    a1.fill_between(yrs, cq["q5"], cq["q95"], color=C(0), alpha=0.15, label="5-95%")
    a1.fill_between(yrs, cq["q25"], cq["q75"], color=C(0), alpha=0.35, label="25-75%")
    a1.plot(yrs, cq["q50"], color=C(0), label="median")
    target = np.atleast_1d(np.asarray(p.c_target, dtype=float))  # a value or (low, high)
    lo, hi = float(target[0]), float(target[-1])
    a1.axhspan(lo, hi if hi > lo else lo * 1.001, color=C(3), alpha=0.2, label="target cost")
    a1.set_yscale("log")
    a1.set(xlabel="year", ylabel="cost ($/GB)",
           title="Hardware cost path (Wright's law with noise)")
    a1.legend()
    grid = np.linspace(p.base_year, p.base_year + window, 500)
    for mode, c in (("nash", C(1)), ("hardware", C(0))):
        a2.plot(grid, forecast.prob_by(grid, mode), color=c, label=f"{mode} reading")
    for i, (lab, yr) in enumerate(dict(points or {}).items()):
        a2.axvline(yr, color=C(i + 2), ls="--", lw=1, label=lab)
    a2.set_ylim(0, 1)
    a2.set(xlabel="year", ylabel="P(crossing by year)", title="Distribution of the crossing year")
    a2.legend()
    return fig


@styled
def hindcast(result, ax: Sequence | None = None):
    """Empirical CDF of the hindcast's normalised errors against t(m-1) (left), and mean eps^2
    by horizon against the theory (m-1)/(m-3) (right).

    Parameters
    ----------
    result : endodec.sweep.wright_noise.HindcastResult
        The hindcast.
    ax : pair of matplotlib.axes.Axes, optional
        Draw the two panels into these Axes; None creates a figure.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, (a1, a2) = _pair(ax)
    eps = np.sort(result.errors["eps"].to_numpy())
    if eps.size:
        a1.step(eps, np.arange(1, eps.size + 1) / eps.size, where="post", color=C(0),
                label="hindcast errors")
        g = np.linspace(min(eps.min(), -4), max(eps.max(), 4), 400)
        a1.plot(g, result.theory.cdf(g), "--", color="k", label=f"t({result.m - 1}) (theory)")
        a1.plot(g, stats.norm.cdf(g), ":", color=GREY, label="N(0,1)")
    a1.set(xlabel="normalised forecast error ε", ylabel="cumulative probability")
    a1.legend()
    t = result.table()
    t = t[t["tau"] != "all"]
    a2.plot(t["tau"].astype(int), t["mean_eps2"], "o-", color=C(0), label="empirical mean ε²")
    a2.axhline(t["theory_eps2"].iloc[0] if len(t) else np.nan, color="k", ls="--",
               label="theory (m-1)/(m-3)")
    a2.set(xlabel="horizon τ (steps)", ylabel="mean ε²")
    a2.legend()
    fig.suptitle(f"Hindcast: Wright's law with noise, {result.data}", fontsize=10)
    return fig
