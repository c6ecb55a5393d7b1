"""Figures of the R0 adoption framework and the coordination dynamics (seed 000 §3.9,
Appendix C; seed 001 §2.3, §3.10, §5.4).

Builders take arrays or the result objects of :mod:`endodec.model.adoption` and
:mod:`endodec.model.coordination` (share paths, dual-convergence and coordination paths). The
report (:mod:`endodec.analyses.adoption`) and the explorer's adoption page draw through them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from endodec.plots.style import COLORS, GREY, C, new_figure, styled

__all__ = ["FRICTION", "NETWORK", "NO_CROSSING", "dual_convergence", "implied_r0",
           "r0_curve", "r0_regimes", "share_path", "share_paths", "two_gap"]

#: Colours of the regimes (Definition 3) and of the no-crossing case.
FRICTION, NETWORK, NO_CROSSING = COLORS["vermillion"], COLORS["green"], GREY


@styled
def r0_regimes(Q, cases: Sequence[Mapping], reference: Mapping, Q_bar: float, kk, ll, ratio,
               status):
    """R0 against cumulative production in the two regimes, and Q*/Q̄ over (kappa, lam).

    Parameters
    ----------
    Q : array_like
        Cumulative production grid (EB).
    cases : sequence of mapping
        Curves of the left panel: ``R0`` (on ``Q``), ``Q_star``, ``regime``
        ("friction-dominated" or "network-dominated") and ``label``; the span Q̄..Q* is shaded.
    reference : mapping
        A dashed comparison curve: ``R0`` and ``label``.
    Q_bar : float
        Cost parity.
    kk, ll : array_like
        Meshgrid of kappa and lam (right panel).
    ratio : array_like
        log10(Q*/Q̄) where the threshold is crossed (NaN elsewhere).
    status : array_like of str
        Threshold status per grid point ("crossing", "always", "never").

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, (a1, a2) = new_figure(size="two", ncols=2)
    for c in cases:
        col = FRICTION if c["regime"] == "friction-dominated" else NETWORK
        a1.plot(Q, c["R0"], color=col, label=c["label"])
        a1.axvline(c["Q_star"], color=col, ls=":", lw=1)
        lo, hi = sorted((Q_bar, c["Q_star"]))
        a1.axvspan(lo, hi, color=col, alpha=0.12)
    a1.plot(Q, reference["R0"], color="k", lw=1, ls="--", label=reference["label"])
    a1.axhline(1, color="k", lw=0.8)
    a1.axvline(Q_bar, color="k", lw=1, label="cost parity Q_bar")
    a1.set_xscale("log")
    a1.set_ylim(-0.5, 3.0)
    a1.set(xlabel="cumulative production Q (EB)", ylabel="R0(Q)",
           title="R0 vs cumulative production (shaded: Q_bar..Q*)")
    a1.legend(fontsize=7)
    st_ = np.asarray(status)
    im = a2.pcolormesh(kk, ll, np.clip(ratio, 0, 3), cmap="Reds", shading="auto", vmin=0, vmax=3,
                       rasterized=True)
    a2.contourf(kk, ll, (st_ == "never").astype(float), levels=[0.5, 1.5], colors=[NO_CROSSING],
                alpha=0.7)
    a2.contourf(kk, ll, (st_ == "always").astype(float), levels=[0.5, 1.5], colors=[NETWORK],
                alpha=0.5)
    a2.plot(kk[0], kk[0] + 0.1, "k-", lw=1.2, label="regime boundary lam*gamma = kappa + mu")
    a2.set(xlabel="coordination friction kappa", ylabel="latency advantage lam",
           title="seed 001 form: log10(Q*/Q_bar) (red); green: R0 > 1 at every Q; grey: never",
           xlim=(0, 1.6), ylim=(0, 1.2))
    a2.title.set_fontsize(9)
    a2.grid(False)
    a2.legend(fontsize=7, loc="upper left")
    fig.colorbar(im, ax=a2, label="log10(Q*/Q_bar)")
    return fig


@styled
def r0_curve(Q, R0, Q0: float, Q_bar: float, Q_star: float | None, title: str, ax=None):
    """R0 along cumulative production for one parameter set, with Q0, Q̄ and Q* marked.

    Parameters
    ----------
    Q, R0 : array_like
        Cumulative production and R0 on it.
    Q0, Q_bar : float
        Production today and cost parity.
    Q_star : float or None
        The threshold R0 = 1 (None when not crossed).
    title : str
        Panel title.
    ax : matplotlib.axes.Axes, optional
        Draw into this Axes.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = new_figure(ax)
    R0 = np.asarray(R0, float)
    ax.plot(Q, R0, label="$R_0(Q)$")
    ax.axhline(1.0, color="k", lw=0.8)
    ok = R0 >= 1
    if ok.any():
        ax.fill_between(Q, 0, 1, where=ok, color=C(2), alpha=0.12,
                        transform=ax.get_xaxis_transform(), label="self-sustaining ($R_0 \\geq 1$)")
    ax.axvline(float(Q0), color="gray", ls=":", label=f"Q0 = {float(Q0):.4g}")
    ax.axvline(float(Q_bar), color=C(3), ls="--", label=f"cost parity Q̄ = {float(Q_bar):.4g}")
    if Q_star is not None:
        ax.axvline(float(Q_star), color=C(1), ls="--", label=f"Q* = {float(Q_star):.4g}")
    ax.set(xscale="log", xlabel="cumulative production Q (EB)", ylabel="$R_0$ (dimensionless)",
           title=title)
    ax.legend()
    return fig


@styled
def share_path(sp, ax=None):
    """One share path s(t) (seed 001 eq. 11) with R0 on a twin axis and its crossing times.

    Parameters
    ----------
    sp : endodec.model.adoption.SharePath
        ``t, s, R0, T_hw, T_R0, T_game, delta_T``.
    ax : matplotlib.axes.Axes, optional
        Draw into this Axes.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = new_figure(ax)
    ax.plot(sp.t, sp.s, label="distributed share s(t)")
    ax.set(xlabel="time t (model units)", ylabel="distributed share (fraction)")
    ax2 = ax.twinx()
    ax2.plot(sp.t, sp.R0, color=C(1), label="$R_0(Q(t))$")
    ax2.axhline(1.0, color=C(1), lw=0.6, ls=":")
    ax2.set_ylabel("$R_0$")
    ax2.grid(False)
    for T, lab, c in ((sp.T_hw, "hardware crossing", C(2)), (sp.T_R0, "R0 = 1", C(3)),
                      (sp.T_game, "game ends", "gray")):
        if np.isfinite(T):
            ax.axvline(T, color=c, ls="--", lw=1, label=f"{lab}: t = {T:.4g}")
    h1, l1 = ax.get_legend_handles_labels()
    h2, l2 = ax2.get_legend_handles_labels()
    ax.legend(h1 + h2, l1 + l2, loc="best")
    ax.set_title(f"Share path (seed 001 eq. 11); coordination lag ΔT = {sp.delta_T:.4g}")
    return fig


@styled
def share_paths(cases: Sequence[tuple[str, object, str]]):
    """Share paths of several cases (left) and R0 along the output path (right).

    Parameters
    ----------
    cases : sequence of (label, SharePath, colour)
        One entry per case; dashed lines mark the hardware crossing, dotted ones R0 = 1.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, (a1, a2) = new_figure(size="two", ncols=2)
    for lab, sp, col in cases:
        a1.plot(sp.t, sp.s, color=col, label=lab)
        a2.plot(sp.t, sp.R0, color=col)
        for T, ls in ((sp.T_hw, "--"), (sp.T_R0, ":")):
            if np.isfinite(T):
                a1.axvline(T, color=col, ls=ls, lw=0.9)
    a1.set(xlabel="time t (model units)", ylabel="distributed share s(t) (fraction)",
           title="Share dynamics, eq. (11) (dashed: hardware, dotted: R0 crossing)")
    a1.legend(fontsize=7)
    a2.axhline(1, color="k", lw=0.8)
    a2.set(xlabel="time t (model units)", ylabel="R0(Q(t)) (dimensionless)",
           title="R0 along the Nash output path")
    return fig


@styled
def dual_convergence(shown: Sequence[tuple[float, object]], rates, T, T_fixed: float):
    """Dual convergence (seed 001 §2.3): Q(t) and the falling Q_eff(t); crossing time vs rate.

    Parameters
    ----------
    shown : sequence of (rate, DualConvergence)
        Paths drawn in the left panel (``t, Q, Q_eff``).
    rates, T : array_like
        Efficiency rates and crossing times with dual convergence.
    T_fixed : float
        Crossing time with hardware learning only.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, (a1, a2) = new_figure(size="two", ncols=2)
    for g, r in shown:
        (ln,) = a1.plot(r.t, r.Q, label=f"Q(t), eta rate {g:g}")
        a1.plot(r.t, r.Q_eff, ls="--", color=ln.get_color())
    a1.set(xlabel="time t (model units)", ylabel="cumulative production (EB)",
           title="Q(t) rises while Q_eff(t) = Q_bar f(eta(t)) falls")
    a1.legend(fontsize=7)
    a2.plot(rates, T, "o-", label="crossing time with dual convergence")
    a2.axhline(T_fixed, color="k", lw=0.8, label="hardware learning only")
    a2.set(xlabel="algorithmic efficiency rate g (f = exp(-g t))", ylabel="crossing time (model units)",
           title="Effect on the crossing time")
    a2.legend(fontsize=7)
    return fig


@styled
def implied_r0(months, shares, mid_months, r0_by_timing: Mapping, printed, r0_mid, kappa):
    """Three panels: the open-weight share, implied R0 (eq. 20) per timing, implied kappa.

    Parameters
    ----------
    months : array_like of datetime
        Observation months.
    shares : array_like
        Open-weight token share per month.
    mid_months : array_like of datetime
        Interval midpoints.
    r0_by_timing : mapping
        Timing convention -> implied R0 per interval.
    printed : array_like
        The R0 printed in Table 10.
    r0_mid : array_like
        Implied R0 under the 'mid' timing (shaded above 1).
    kappa : array_like
        Implied coordination friction.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, axs = new_figure(size="three", ncols=3)
    axs[0].plot(months, shares, "o-")
    axs[0].set(title="(a) open-weight token share", xlabel="month",
               ylabel="open-weight token share (fraction)")
    for (tname, r), col in zip(r0_by_timing.items(), (C(0), C(1), C(2)), strict=False):
        axs[1].plot(mid_months, r, "o-", color=col, label=f"timing={tname}")
    axs[1].plot(mid_months, printed, "kx", label="Table 10 (printed)")
    axs[1].axhline(1, color="k", lw=0.8)
    axs[1].fill_between(mid_months, 1, np.maximum(r0_mid, 1), color=C(2), alpha=0.15)
    axs[1].set(title="(b) implied R0, eq. (20)", xlabel="month (interval midpoint)",
               ylabel="implied R0 (dimensionless)")
    axs[1].legend(fontsize=7)
    axs[2].plot(mid_months, kappa, "o-")
    axs[2].set(title="(c) implied kappa = 0.24/R0 - 0.10", xlabel="month (interval midpoint)",
               ylabel="implied coordination friction κ")
    for a in axs:
        a.tick_params(axis="x", rotation=45, labelsize=7)
    return fig


@styled
def two_gap(paths: Mapping[str, object], slow, slow_label: str, Q_bar: float):
    """Appendix C: Q(t) and Q*(kappa(E(t))), the two gaps, and the timescale ratio.

    Parameters
    ----------
    paths : mapping
        Schedule name -> coordination path (``t, Q, Q_star, G_H, G_C, separation``).
    slow : coordination path
        A slow-learning comparison (dotted in the third panel).
    slow_label : str
        Its legend label.
    Q_bar : float
        Cost parity (a horizontal line).

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, axs = new_figure(size="three", ncols=3)
    for (k, pa), col in zip(paths.items(), (C(0), C(1), C(2)), strict=False):
        axs[0].plot(pa.t, pa.Q, color=col, label=f"Q(t), {k}")
        axs[0].plot(pa.t, pa.Q_star, color=col, ls="--")
        axs[1].plot(pa.t, pa.G_H, color=col, ls="-", label=f"G_H, {k}")
        axs[1].plot(pa.t, pa.G_C, color=col, ls="--", label=f"G_C, {k}")
        axs[2].semilogy(pa.t, np.maximum(pa.separation, 1e-6), color=col, label=k)
    axs[2].semilogy(slow.t, np.maximum(slow.separation, 1e-6), color="k", ls=":",
                    label=slow_label)
    axs[0].axhline(Q_bar, color="k", lw=0.8)
    axs[0].set(xlabel="time t (model units)", ylabel="cumulative production Q (EB)",
               title="Q(t) rises, Q*(kappa(E(t))) falls (dashed)")
    axs[0].legend(fontsize=7)
    axs[1].axhline(0, color="k", lw=0.8)
    axs[1].set(xlabel="time t (model units)", ylabel="gap (EB)",
               title="two gaps: hardware G_H, coordination G_C")
    axs[1].legend(fontsize=6)
    axs[2].axhline(1, color="k", lw=0.8)
    axs[2].set(xlabel="time t (model units)", ylabel="|dQ*/dt| / Σq (ratio)",
               title="timescale ratio |dQ*/dt| / sum q")
    axs[2].legend(fontsize=7)
    return fig
