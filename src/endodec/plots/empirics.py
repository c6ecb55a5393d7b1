"""Figures of the empirical sections (seed 000 §4-5; seed 001 §5): capex against the model,
consumer silicon, coordination lags, cost decomposition, capex by firm, export controls.

Builders take the result objects of :mod:`endodec.empirics` or the packaged tables (loaded by
the caller). The report's analyses and the explorer's silicon page draw through them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from endodec.plots.style import COLORS, C, new_figure, styled

__all__ = ["bandwidth_speed", "capex_by_firm", "capex_vs_model", "coordination_lags",
           "cost_decomposition", "did_by_group", "event_study", "silicon_crossing"]


@styled
def capex_vs_model(res, alt=None, title: str = ""):
    """Actual capex against the model's Nash and cooperative paths, and the ratios by year.

    Parameters
    ----------
    res : endodec.empirics.capex.CapexResult
        ``table`` (year, actual, nash, coop, actual_over_coop, nash_over_coop) and ``mapping``.
    alt : CapexResult, optional
        An alternative mapping (dotted).
    title : str
        Title of the left panel.

    Returns
    -------
    matplotlib.figure.Figure
    """
    t = res.table
    fig, axes = new_figure(size="two", ncols=2)
    ax = axes[0]
    ax.plot(t.year, t.actual, "ko-", label="Actual (core firms)")
    ax.plot(t.year, t.nash, "^--", color=COLORS["blue"],
            label=f"Nash ({res.mapping.mapping} mapping)")
    ax.plot(t.year, t.coop, "s--", color=COLORS["vermillion"],
            label=f"Cooperative ({res.mapping.mapping} mapping)")
    if alt is not None:
        ax.plot(alt.table.year, alt.table.coop, ":", color=COLORS["vermillion"], alpha=0.6,
                label=f"Cooperative ({alt.mapping.mapping} mapping)")
    ax.fill_between(t.year, t.coop, t.actual, color=COLORS["vermillion"], alpha=0.08)
    ax.set(xlabel="year", ylabel="capex ($B)", title=title)
    ax.legend()
    ax = axes[1]
    ax.plot(t.year, t.actual_over_coop, "ko-", label="Actual / Cooperative")
    ax.plot(t.year, t.nash_over_coop, "^--", color=COLORS["blue"],
            label="Nash / Cooperative (model)")
    if alt is not None:
        ax.plot(alt.table.year, alt.table.actual_over_coop, "k:", alpha=0.6,
                label=f"Actual / Coop ({alt.mapping.mapping})")
    ax.axhspan(3, 4, color=COLORS["green"], alpha=0.15, label="3-4x (Prop. 1 as stated)")
    ax.set(xlabel="year", ylabel="overinvestment ratio", title="Overinvestment ratio by year")
    ax.legend()
    return fig


@styled
def silicon_crossing(points: Sequence[Mapping], xmax: float):
    """Consumer devices' price against bandwidth-bound tok/s on a dense 70B model, with the
    inference crossing region (>= 20 tok/s, <= $1,500).

    Parameters
    ----------
    points : sequence of mapping
        One per device: ``name``, ``price_usd``, ``tok_s`` (the 40 GB file), ``tok_s_alt``
        (35 GB at 4 bits) and ``fits`` (False: the model does not fit).
    xmax : float
        Upper price limit of the axis.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = new_figure()
    fig.set_size_inches(7.5, 4.8)
    ax.fill_between([50, 1500], 20, 2000, color=COLORS["green"], alpha=0.12,
                    label="crossing region (>= 20 tok/s, <= $1,500)")
    for d in points:
        mk = "o" if d["fits"] is not False else "x"
        ax.scatter(d["price_usd"], d["tok_s"], marker=mk, s=50, zorder=3)
        street = "street" in d["name"]
        label = d["name"].split(" (")[-1].rstrip(")") + (" (street)" if street else "")
        ax.annotate(label, (d["price_usd"], d["tok_s"]), fontsize=7,
                    xytext=(4, -9 if street else 3), textcoords="offset points")
        ax.plot([d["price_usd"]] * 2, [d["tok_s"], d["tok_s_alt"]], "k-", alpha=0.3, lw=1)
    ax.axhline(20, color=COLORS["green"], ls="--", lw=1)
    ax.axvline(1500, color=COLORS["green"], ls="--", lw=1)
    ax.set(xscale="log", yscale="log", xlim=(80, xmax), ylim=(0.5, 200),
           xlabel="device price (USD)", ylabel="bandwidth-bound speed (tok/s), dense 70B Q4 model",
           title="Consumer silicon vs the inference crossing condition")
    ax.legend(loc="upper left")
    ax.text(0.99, 0.01, "x: 70B does not fit in memory; bar: 40 GB file vs 35 GB (4 bits)",
            transform=ax.transAxes, ha="right", fontsize=7)
    return fig


@styled
def bandwidth_speed(result, table, efficiency: float):
    """Decoding speed against memory bandwidth for one model (the bandwidth-bound line), the
    packaged devices as points and the chosen device highlighted.

    Parameters
    ----------
    result : endodec.empirics.silicon.CrossingResult
        The chosen device and model (``model``, ``device``, ``tok_s``, ``thresholds``).
    table : pandas.DataFrame
        Packaged devices (``bandwidth_GBs``, ``tok_s``).
    efficiency : float
        Fraction of peak bandwidth reached.

    Returns
    -------
    matplotlib.figure.Figure
    """
    r, t, m = result, table, result.model
    bw = np.geomspace(10, 10_000, 200)
    fig, ax = new_figure()
    ax.plot(bw, efficiency * bw / m.bytes_per_token_GB,
            label=f"{m.name}: {m.bytes_per_token_GB:.3g} GB read per token")
    ax.axhline(r.thresholds["min_tok_s"], color=C(1), ls="--",
               label=f"{r.thresholds['min_tok_s']:g} tok/s")
    if len(t):
        ax.scatter(t.bandwidth_GBs, t.tok_s, s=14, color="gray", label="packaged devices")
    ax.scatter([r.device.bandwidth_GBs], [r.tok_s], color=C(3), zorder=3, label=r.device.name)
    ax.set(xscale="log", yscale="log", xlabel="memory bandwidth (GB/s)", ylabel="tok/s",
           title="Bandwidth-bound decoding speed (endodec.empirics.silicon)")
    ax.legend()
    ax.grid(alpha=0.3, which="both")
    return fig


@styled
def coordination_lags(tabs: Mapping):
    """Printed vs recomputed lags (years) per transition, one panel per paper version.

    Parameters
    ----------
    tabs : mapping
        Version -> lag table (``transition`` and (lo, hi) tuples per lag column).

    Returns
    -------
    matplotlib.figure.Figure
    """
    series = [("printed_lag_table7", "printed lag (Table 7)", "0.6"),
              ("printed_delta_t", "printed ΔT (Table 9 / Table 3)", "k"),
              ("hw_to_coordination", "hardware → coordination layer", C(2)),
              ("hw_to_R0", "hardware → R0 crossing", C(1)),
              ("hw_to_dominance_paired", "hardware → dominance", C(3))]
    fig, axes = new_figure(size="two", ncols=len(tabs), squeeze=False, sharex=True,
                           constrained_layout=False)
    fig.set_size_inches(6.5 * len(tabs), 3.4)
    for ax, (ver, tab) in zip(axes[0], tabs.items(), strict=True):
        for i, r in enumerate(tab.to_dict("records")):
            y0 = len(tab) - 1 - i
            for j, (col, lab, color) in enumerate(series):
                v = r.get(col)
                if not isinstance(v, tuple):
                    continue
                y = y0 + 0.3 - 0.15 * j
                ax.plot([v[0], v[1] + (0.15 if v[0] == v[1] else 0)], [y, y], color=color,
                        lw=5, solid_capstyle="butt",
                        label=lab if lab not in ax.get_legend_handles_labels()[1] else None)
        ax.set_yticks(range(len(tab)))
        ax.set_yticklabels(list(tab["transition"])[::-1], fontsize=8)
        ax.set(xlabel="lag (years)", ylabel="transition", xlim=(0, 10), title=f"seed {ver}")
        ax.grid(False)
        ax.grid(axis="x", alpha=0.3)
    handles, labels = [], []
    for ax in axes[0]:
        for h, lab in zip(*ax.get_legend_handles_labels(), strict=True):
            if lab not in labels:
                handles.append(h)
                labels.append(lab)
    fig.legend(handles, labels, fontsize=7, loc="lower center", ncol=3,
               bbox_to_anchor=(0.5, -0.08))
    fig.tight_layout()
    return fig


@styled
def cost_decomposition(cd):
    """Stacked cost components per scenario with the component-sum range and the printed total.

    Parameters
    ----------
    cd : pandas.DataFrame
        The ``cost_decomposition`` table (``scenario``, ``component``, ``usd_per_gb_lo/hi``).

    Returns
    -------
    matplotlib.figure.Figure
    """
    comp = cd[cd["component"] != "Total"].copy()
    comp["mid"] = (comp["usd_per_gb_lo"] + comp["usd_per_gb_hi"]) / 2
    scen = list(dict.fromkeys(cd["scenario"]))
    fig, ax = new_figure()
    fig.set_size_inches(8, 4)
    bottom = np.zeros(len(scen))
    for j, name in enumerate(dict.fromkeys(comp["component"])):
        sub = comp[comp["component"] == name].set_index("scenario").reindex(scen)
        ax.bar(range(len(scen)), sub["mid"], bottom=bottom, color=C(j), label=name)
        bottom += sub["mid"].to_numpy()
    lo_sum = comp.groupby("scenario")["usd_per_gb_lo"].sum().reindex(scen)
    hi_sum = comp.groupby("scenario")["usd_per_gb_hi"].sum().reindex(scen)
    ax.errorbar(range(len(scen)), bottom, yerr=[bottom - lo_sum, hi_sum - bottom], fmt="none",
                ecolor="grey", capsize=4, label="component-sum range")
    tot = cd[cd["component"] == "Total"].set_index("scenario").reindex(scen)
    for i, (lo, hi) in enumerate(zip(tot["usd_per_gb_lo"], tot["usd_per_gb_hi"], strict=True)):
        ax.plot([i + 0.3, i + 0.3], [lo, hi if hi > lo else lo + 0.05], color="k", lw=4,
                label="printed Total" if i == 0 else None)
    ax.set_xticks(range(len(scen)))
    ax.set_xticklabels([s.replace(" (", "\n(") for s in scen], fontsize=8)
    ax.set_ylabel("cost (US$ per GB)")
    ax.set_xlabel("scenario")
    ax.legend()
    return fig


@styled
def capex_by_firm(tables: Mapping):
    """Stacked capex by firm per year with the printed totals, one panel per paper version.

    Parameters
    ----------
    tables : mapping
        Version -> ``hyperscaler_capex`` table (``row_type``, ``year_label``, ``company``,
        ``capex_usd_bn``).

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, axes = new_figure(size="two", ncols=len(tables), sharey=True)
    fig.set_size_inches(12, 4.2)
    names = sorted(set().union(*(set(t["company"]) for t in tables.values())))
    colors = {n: C(i) for i, n in enumerate(names)}
    for ax, (v, cx) in zip(np.atleast_1d(axes), tables.items(), strict=True):
        f = cx[cx["row_type"].isin(["firm", "other"])].pivot_table(
            index="year_label", columns="company", values="capex_usd_bn", aggfunc="sum").fillna(0)
        f = f.loc[sorted(f.index)]
        bottom = np.zeros(len(f))
        for c in f.columns:
            ax.bar(range(len(f)), f[c], bottom=bottom, label=c, color=colors[c])
            bottom += f[c].to_numpy()
        tot = cx[cx["row_type"] == "total"].set_index("year_label")["capex_usd_bn"].reindex(f.index)
        ax.plot(range(len(f)), tot, "k_", markersize=28, mew=2.5, label="printed total")
        ax.set_xticks(range(len(f)))
        ax.set_xticklabels(f.index)
        ax.set_title(f"seed {v}: {'Table 4' if v == '000' else 'Table 9'} (US$ bn)")
        ax.set(xlabel="year", ylabel="capex (US$ bn)")
        ax.legend(fontsize=7, loc="upper left")
    return fig


@styled
def did_by_group(models, panel, results: Sequence):
    """Edge-compatible share by group and quarter, and the DID estimates with 95% CIs.

    Parameters
    ----------
    models : pandas.DataFrame
        Model-level rows (``quarter``, ``constrained``, ``edge_compatible``).
    panel : pandas.DataFrame
        Author-quarter panel (``quarter``, ``constrained``, ``edge_share``).
    results : sequence of DIDResult
        Estimates drawn (``name``, ``delta``, ``se``).

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, (ax, ax2) = new_figure(size="two", ncols=2)
    fig.set_size_inches(12, 4.2)
    m = models.copy()
    m["edge"] = m.edge_compatible.astype(float)
    g = m.groupby(["quarter", "constrained"]).edge.mean().unstack()
    pm = panel.groupby(["quarter", "constrained"]).edge_share.mean().unstack()
    x = np.arange(len(g.index))
    for c, lab, col in ((1, "constrained (CN)", C(1)), (0, "control (US/EU)", C(0))):
        if c in g:
            ax.plot(x, g[c].to_numpy(), "o-", color=col, label=f"{lab}: pooled models")
        if c in pm:
            ax.plot(x, pm[c].reindex(g.index).to_numpy(), "s--", color=col, alpha=0.5,
                    label=f"{lab}: mean of author shares")
    tq = list(g.index).index("2022Q4") if "2022Q4" in g.index else None
    if tq is not None:
        ax.axvline(tq - 0.5, color="grey", ls=":", label="export controls (2022-10-07)")
    ax.set_xticks(x, g.index, rotation=60, fontsize=7)
    ax.set(xlabel="quarter", ylabel="edge-compatible share (≤7B, author's rule)",
           title="Edge share by group and quarter")
    ax.legend(fontsize=7)
    labs = [r.name for r in results]
    est = np.array([r.delta for r in results])
    se = np.array([r.se for r in results])
    y = np.arange(len(results))[::-1]
    ax2.errorbar(est, y, xerr=1.96 * se, fmt="o", color=C(2), capsize=3)
    ax2.axvline(0, color="grey", lw=0.8)
    ax2.set_yticks(y, labs, fontsize=8)
    ax2.set(xlabel="δ (Post × Constrained), 95% CI, HC1", ylabel="specification",
            title="DID estimates (seed 001 §5.1.5)")
    return fig


@styled
def event_study(es):
    """Event-study coefficients with 95% CIs, pre- and post-treatment.

    Parameters
    ----------
    es : endodec.empirics.export_controls.EventStudy
        ``table`` (``period``, ``coef``, ``se``, ``quarter``), ``ref`` and the pre-trend test
        (``pretrend_df``, ``pretrend_stat``, ``pretrend_p``).

    Returns
    -------
    matplotlib.figure.Figure
    """
    t = es.table
    fig, ax = new_figure()
    fig.set_size_inches(9, 4)
    x = np.arange(len(t))
    pre = (t.period == "pre").to_numpy()
    ax.errorbar(x[pre], t.coef[pre], yerr=1.96 * t.se[pre], fmt="o", color=C(0), capsize=3,
                label="pre-treatment")
    ax.errorbar(x[~pre], t.coef[~pre], yerr=1.96 * t.se[~pre], fmt="o", color=C(1), capsize=3,
                label="post-treatment")
    ax.axhline(0, color="grey", lw=0.8)
    ax.axvline(pre.sum() - 0.5, color="grey", ls=":")
    ax.set_xticks(x, t.quarter, rotation=60, fontsize=8)
    ax.set(xlabel="quarter", ylabel="Constrained × quarter (edge share)",
           title=f"Event study, ref {es.ref}; joint pre-trend F({es.pretrend_df}) = "
                 f"{es.pretrend_stat:.2f}, p = {es.pretrend_p:.3f} (HC1)")
    ax.legend()
    return fig
