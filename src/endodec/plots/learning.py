"""Figures of the learning-curve evidence (seed 000 §4.1-4.2, §5.3; seed 001 §3.8, §5.2, §6.4,
Appendix D): Wright's-law fits, their stability, structural breaks, meta-analysis.

Builders take :class:`~endodec.empirics.learning_curves.WrightFit`,
:class:`~endodec.empirics.learning_curves.BootstrapResult`,
:class:`~endodec.empirics.breaks.BreakResult` and meta-analysis results. The report
(:mod:`endodec.analyses.learning`) and the explorer's learning page both draw through them.
"""

from __future__ import annotations

import numpy as np

from endodec.plots.style import GREY, C, new_figure, styled

__all__ = ["alpha_sensitivity", "bootstrap_hist", "breaks", "fit_overview", "fit_panel",
           "fit_with_residuals", "forest", "hbm_prices", "residuals", "stability"]


def _bootstrap_band(fit, boot, order):
    """Bootstrap band in logs: lines with the bootstrap alphas through the sample centroid."""
    xs = fit.x[order]
    xbar, ybar = float(np.mean(fit.x)), float(np.mean(fit.y))
    lines = ybar - np.outer(boot.alphas, xs - xbar)
    lo, hi = np.quantile(lines, [boot.ci_alpha / 2, 1 - boot.ci_alpha / 2], axis=0)
    return xs, lo, hi


@styled
def fit_panel(fit, ax=None, title: str = "Wright's law fit", boot=None, breaks=None,
              annotate: bool = True):
    """Log-log scatter of price on cumulative output with the OLS line and its CI band.

    Parameters
    ----------
    fit : endodec.empirics.learning_curves.WrightFit
        The fit (``x``, ``y`` in logs).
    ax : matplotlib.axes.Axes, optional
        Draw into this Axes.
    title : str
        Panel title.
    boot : BootstrapResult, optional
        Adds the bootstrap band (bootstrap alphas through the sample centroid).
    breaks : BreakResult, optional
        Adds the regimes of the sequentially selected number of breaks.
    annotate : bool
        Label some points with their labels (years).

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = new_figure(ax)
    q = np.exp(fit.x)
    grid = np.geomspace(q.min(), q.max(), 200)
    pred, lo, hi = fit.predict(grid, interval=True)
    ax.loglog(q, np.exp(fit.y), "o", color=C(0), label="data")
    ax.loglog(grid, pred, "-", color=C(1),
              label=f"OLS: alpha = {fit.alpha:.3f} (SE {fit.se:.3f}), R² = {fit.r2:.3f}")
    ax.fill_between(grid, lo, hi, color=C(1), alpha=0.2,
                    label=f"{100 * (1 - fit.ci_alpha):g}% CI of the mean")
    if annotate:
        step = 1 if fit.n <= 12 else 5
        for i, (xi, yi, lab) in enumerate(zip(q, np.exp(fit.y), fit.labels, strict=True)):
            if i % step == 0 or i == fit.n - 1:
                ax.annotate(str(lab), (xi, yi), fontsize=7, xytext=(3, 3),
                            textcoords="offset points")
    if boot is not None:
        xs, blo, bhi = _bootstrap_band(fit, boot, np.argsort(fit.x))
        ax.plot(np.exp(xs), np.exp(blo), color=C(2), ls=":", lw=1.2,
                label=f"bootstrap {100 * (1 - boot.ci_alpha):g}% band (alpha draws via centroid)")
        ax.plot(np.exp(xs), np.exp(bhi), color=C(2), ls=":", lw=1.2)
    if breaks is not None and breaks.M >= 1:
        m = breaks.selected.get("sequential", 0)
        for j, (a, b) in enumerate(breaks.regimes(m) if m >= 1 else [], start=1):
            coef = np.linalg.lstsq(breaks.X[a:b + 1], breaks.y[a:b + 1], rcond=None)[0]
            ax.plot(np.exp(breaks.X[a:b + 1, 1]), np.exp(breaks.X[a:b + 1] @ coef), ls="--",
                    lw=1.5, label=f"regime {j}: alpha={-coef[1]:.3f}")
    ax.set(xlabel="cumulative production (EB)", ylabel="price ($/GB)", title=title)
    ax.legend()
    return fig


@styled
def residuals(fit, ax=None):
    """OLS residuals of a Wright fit against the row labels (years).

    Parameters
    ----------
    fit : endodec.empirics.learning_curves.WrightFit
        The fit.
    ax : matplotlib.axes.Axes, optional
        Draw into this Axes.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = new_figure(ax)
    ax.axhline(0, color="grey", lw=0.8)
    ax.plot(fit.labels, fit.resid, "o-", color=C(0))
    ax.set(xlabel="year", ylabel="residual (log points)", title="OLS residuals")
    return fig


@styled
def fit_with_residuals(fit, title: str):
    """Two panels: the fit (:func:`fit_panel`, $/GB against EB) and its residuals.

    Parameters
    ----------
    fit : endodec.empirics.learning_curves.WrightFit
        The fit.
    title : str
        Title of the fit panel.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, (ax, ax2) = new_figure(size="two", ncols=2)
    fit_panel(fit, ax=ax, title=title)
    ax.set(xlabel="cumulative production (EB)", ylabel="price ($/GB)")
    residuals(fit, ax=ax2)
    return fig


@styled
def bootstrap_hist(boot, alpha: float, ax=None):
    """Histogram of the bootstrap alphas with the CI bounds and the point estimate.

    Parameters
    ----------
    boot : endodec.empirics.learning_curves.BootstrapResult
        The bootstrap (``alphas``, ``ci``, ``n_resamples``).
    alpha : float
        The full-sample estimate.
    ax : matplotlib.axes.Axes, optional
        Draw into this Axes.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = new_figure(ax)
    ax.hist(boot.alphas, bins=60, color=C(0), alpha=0.7)
    for v in boot.ci:
        ax.axvline(v, color=C(1), ls=":")
    ax.axvline(alpha, color=C(1), ls="--")
    ax.set(xlabel="α (learning elasticity)", ylabel="resamples (count)",
           title=f"pairs bootstrap ({boot.n_resamples:,}): 95% CI "
           f"[{boot.ci[0]:.2f}, {boot.ci[1]:.2f}]")
    return fig


@styled
def fit_overview(fit, boot=None, breaks=None):
    """The fit with its bootstrap band and break regimes, and the bootstrap histogram.

    Parameters
    ----------
    fit : WrightFit
        The fit.
    boot : BootstrapResult, optional
        Adds the band and a histogram panel.
    breaks : BreakResult, optional
        Adds the selected regimes.

    Returns
    -------
    matplotlib.figure.Figure
    """
    ncol = 2 if boot is not None else 1
    fig, axs = new_figure(size="two" if ncol == 2 else "one", ncols=ncol, squeeze=False)
    fit_panel(fit, ax=axs[0, 0], boot=boot, breaks=breaks, annotate=False)
    if boot is not None:
        bootstrap_hist(boot, fit.alpha, ax=axs[0, 1])
    return fig


@styled
def stability(fit, loo, rec, boot, title: str):
    """Three panels: leave-one-out alpha, recursive alpha, bootstrap histogram.

    Parameters
    ----------
    fit : WrightFit
        The full-sample fit.
    loo, rec : pandas.DataFrame
        Leave-one-out (``dropped, alpha``) and recursive (``last, alpha``) estimates.
    boot : BootstrapResult
        The pairs bootstrap.
    title : str
        Figure title.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, axs = new_figure(size="three", ncols=3)
    axs[0].plot(loo["dropped"], loo["alpha"], "o", color=C(0))
    axs[0].axhline(fit.alpha, color=C(1), ls="--", label="full sample")
    axs[0].set(title="leave-one-out alpha", xlabel="dropped observation (year)",
               ylabel="α (learning elasticity)")
    axs[1].plot(rec["last"], rec["alpha"], "o-", color=C(0))
    axs[1].axhline(fit.alpha, color=C(1), ls="--")
    axs[1].set(title="recursive (expanding window) alpha",
               xlabel="last observation in window (year)", ylabel="α (learning elasticity)")
    bootstrap_hist(boot, fit.alpha, ax=axs[2])
    axs[0].legend()
    fig.suptitle(title, fontsize=11)
    return fig


@styled
def breaks(res, m: int, title: str, ci=None, ax=None):
    """Regression regimes of ``m`` breaks (Bai-Perron) with optional break-date CIs.

    Parameters
    ----------
    res : endodec.empirics.breaks.BreakResult
        The break search.
    m : int
        Number of breaks drawn.
    title : str
        Panel title.
    ci : pandas.DataFrame, optional
        Break-date intervals (``lo``, ``hi`` as row indices).
    ax : matplotlib.axes.Axes, optional
        Draw into this Axes.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = new_figure(ax)
    x = res.X[:, 1]
    ax.plot(x, res.y, "o", color="grey", ms=4)
    co = res.coefficients(m)
    for j, (a, b) in enumerate(res.regimes(m)):
        xs = np.linspace(x[a], x[b], 20)
        r = co.iloc[j]
        ax.plot(xs, r["b0"] + r["b1"] * xs, lw=2, color=C(j),
                label=f"{res.labels[a]}-{res.labels[b]}: alpha = {-r['b1']:.2f} (n={int(r['n'])})")
    if ci is not None:
        for _, c in ci.dropna(subset=["lo", "hi"]).iterrows():
            lo = int(min(max(c["lo"], 0), res.T - 1))
            hi = int(min(max(c["hi"] + 1, 0), res.T - 1))
            ax.axvspan(x[lo], x[hi], color="grey", alpha=0.15)
        ax.plot([], [], color="grey", alpha=0.3, lw=6, label="95% break-date CI (Bai 1997)")
    ax.set(xlabel="ln cumulative production (EB)", ylabel="ln price ($/GB)", title=title)
    ax.legend()
    return fig


@styled
def hbm_prices(years, prices, ax=None):
    """HBM price by generation on a log scale.

    Parameters
    ----------
    years, prices : array_like
        Year and $/GB of each row.
    ax : matplotlib.axes.Axes, optional
        Draw into this Axes.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = new_figure(ax)
    ax.semilogy(years, prices, "o-")
    ax.set(xlabel="year", ylabel="HBM price ($/GB)",
           title="HBM price by generation (seed 001 Table 8; 2026 projected)")
    return fig


@styled
def alpha_sensitivity(alpha_grid, T_grid, alpha_printed, T_printed, ax=None):
    """Hardware-only crossing time against the learning elasticity, with printed points.

    Parameters
    ----------
    alpha_grid, T_grid : array_like
        The formula's curve.
    alpha_printed, T_printed : array_like
        The points printed in seed 001 Table 2.
    ax : matplotlib.axes.Axes, optional
        Draw into this Axes.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = new_figure(ax)
    ax.plot(alpha_grid, T_grid, color=C(0), label="T* = ln 12 / (alpha ln 1.25) (author's formula)")
    ax.plot(alpha_printed, T_printed, "o", color=C(1), label="printed in seed 001 Table 2")
    ax.set(xlabel="learning elasticity alpha", ylabel="T* (years from 2024)",
           title="Hardware-only crossing time vs alpha")
    ax.legend()
    return fig


@styled
def forest(meta, ax=None, title: str = ""):
    """Forest plot of a meta-analysis (study CIs, fixed- and random-effects diamonds).

    Parameters
    ----------
    meta : endodec.empirics.meta.MetaResult
        The meta-analysis (its ``to_frame()``: one row per study, then the pooled estimates).
    ax : matplotlib.axes.Axes, optional
        Draw into this Axes.
    title : str
        Panel title; empty: Cochran Q, its p-value and I².

    Returns
    -------
    matplotlib.figure.Figure
    """
    if ax is None:
        fig, ax = new_figure()
        fig.set_size_inches(7, 4.5)
    fig = ax.figure
    f = meta.to_frame()
    ys = np.arange(len(f))[::-1]
    for yy, (_, r) in zip(ys, f.iterrows(), strict=True):
        pooled = r["label"] in ("fixed effect", "random effects (DL)")
        ax.plot([r["ci_lo"], r["ci_hi"]], [yy, yy], color=C(3) if pooled else "k")
        if pooled:
            ax.fill([r["ci_lo"], r["effect"], r["ci_hi"], r["effect"]],
                    [yy, yy + 0.3, yy, yy - 0.3], color=C(3), alpha=0.7)
        else:
            ax.plot(r["effect"], yy, "s", color=C(0), markersize=4 + 10 * float(r["w_fe"]) ** 0.5)
    ax.axvline(meta.fe, ls="--", color=GREY, lw=0.8)
    ax.set_yticks(ys)
    ax.set_yticklabels(f["label"])
    ax.set_xlabel("learning elasticity alpha")
    ax.set_ylabel("study")
    ax.set_title(title or f"Q = {meta.q:.2f} (df {meta.df}), p = {meta.q_pvalue:.2f}, "
                 f"I² = {100 * meta.i2:.0f}%")
    ax.grid(False)
    return fig
