"""``endodec forecast``: distribution of the crossing year (Monte Carlo, Wright's law with noise).

A top-level command, not part of ``endodec game``: it joins the learning curve (alpha, its
bootstrap, Wright's-law noise, the cost target) with the game (T*_Nash/T*_Coop over N, delta and
S_T), and is the paper's dated prediction (seed 000 §3.7, seed 001 §3.8), next to
``endodec predictions``.
"""

from __future__ import annotations

from pathlib import Path

import typer

from endodec.cli.common import (
    JSON_OPTION,
    check_range,
    console,
    emit,
    fail,
    option_names,
)

#: library parameter -> CLI option, for messages
_NAMES = {"base_year": "--base-year", "c_now": "--c-now", "c_target": "--c-target",
          "alpha": "--alpha", "alpha_se": "--alpha-se", "growth": "--growth", "N": "--N",
          "delta": "--delta", "S_T_frac": "--s-t-frac", "noise_sigma": "--noise-sigma",
          "rho": "--rho", "horizon": "--horizon", "n_draws": "--n-draws", "seed": "--seed",
          "mode": "--mode", "alpha_samples": "--alpha-bootstrap", "n_resamples": "--n-draws"}


def register(app: typer.Typer) -> None:
    """Add this module's command or group to the main CLI."""
    app.command("forecast")(forecast_cmd)


def _rng(name: str, text: str | None):
    """'v' -> v, 'lo:hi' -> (lo, hi)."""
    if text is None:
        return None
    import math

    try:
        parts = [float(t) for t in text.split(":")]
    except ValueError:
        fail(f"--{name} {text!r}: give a finite number or low:high")
    if len(parts) not in (1, 2) or not all(math.isfinite(v) for v in parts):
        fail(f"--{name} {text!r}: give a finite number or low:high (two finite numbers, "
             "low <= high)")
    if len(parts) == 1:
        return parts[0]
    return tuple(parts)


def forecast_cmd(
    n_draws: int = typer.Option(10000, "--n-draws", "-n", callback=check_range(1, integer=True),
                                help="Monte Carlo draws (integer >= 1; memory bounded by "
                                     "ENDODEC_MAX_BYTES)."),
    seed: int = typer.Option(0, "--seed", callback=check_range(0, 2**32 - 1, integer=True),
                             help="Random seed (integer in [0, 2**32 - 1])."),
    mode: str = typer.Option("nash", "--mode", help="Which crossing year to report first: nash "
                             "(learning-curve time x T*_Nash/T*_Coop of the game) or hardware "
                             "(learning-curve time only, seed 001 Table 2)."),
    base_year: float = typer.Option(2024, "--base-year", callback=check_range(-1e6, 1e6),
                                    help="Year of the current cost (finite, in [-1e6, 1e6])."),
    c_now: float = typer.Option(12.0, "--c-now", callback=check_range(0.0, lo_open=True),
                                help="Current cost, $/GB (> 0, finite; HBM3E: 12)."),
    c_target: str = typer.Option("5:7", "--c-target", help="Target cost $/GB, value or low:high "
                                 "(uniform; 0 < low <= high < --c-now)."),
    alpha: float = typer.Option(0.23, "--alpha", callback=check_range(0.0, lo_open=True),
                                help="Learning elasticity (centre; > 0, finite)."),
    alpha_se: float = typer.Option(0.03, "--alpha-se", callback=check_range(0.0),
                                   help="Standard error of alpha (normal; >= 0, finite)."),
    alpha_bootstrap: str = typer.Option(None, "--alpha-bootstrap", help="Draw alpha from a pairs "
                                        "bootstrap of a Wright fit instead: 'dram' (packaged "
                                        "table) or 'dram_learning_curve' (needs --author-data)."),
    growth: str = typer.Option("0.2:0.3", "--growth", help="Annual growth of cumulative "
                               "production, value or low:high (> 0, finite)."),
    N: str = typer.Option("5:12", "--N", help="Number of firms, value or low:high (integers "
                          ">= 2)."),
    delta: str = typer.Option("0.2:0.4", "--delta", help="Post-crossing displacement rate, "
                              "value or low:high (> 0, finite)."),
    s_t_frac: str = typer.Option("0:0.4", "--s-t-frac", help="Training persistence S_T as a "
                                 "fraction of the inference continuation value, value or "
                                 "low:high (>= 0, finite)."),
    noise_sigma: float = typer.Option(None, "--noise-sigma", callback=check_range(0.0),
                                      help="Per-year s.d. of Wright's-law noise (>= 0, finite; "
                                      "default: estimated from the packaged DRAM table; "
                                      "0 = parameter uncertainty only)."),
    rho: float = typer.Option(0.0, "--rho", callback=check_range(-1.0, 1.0, lo_open=True,
                                                                 hi_open=True),
                              help="MA(1) coefficient of the noise (Lafond et al.; in (-1, 1))."),
    horizon: int = typer.Option(300, "--horizon", callback=check_range(1, integer=True),
                                help="Years simulated (integer >= 1; memory bounded by "
                                     "ENDODEC_MAX_BYTES with --n-draws)."),
    prob_by: list[float] = typer.Option(None, "--prob-by", callback=check_range(),
                                        help="Also print P(crossing by YEAR) (finite; "
                                        "repeatable)."),
    fan_chart: Path = typer.Option(None, "--fan-chart", help="Write the fan chart (PNG/SVG/PDF). "
                                   "An existing file is replaced only if endodec wrote it."),
    overwrite: bool = typer.Option(False, "--overwrite", help="Replace an existing --fan-chart "
                                   "file that endodec did not write."),
    author_data: Path = typer.Option(None, "--author-data", help="Directory of the author's data."),
    as_json: JSON_OPTION = False,
) -> None:
    """Distribution of the crossing year: quantiles and P(crossing by year).

    Monte Carlo over alpha, the target cost, growth of cumulative production, N, delta and S_T,
    with Wright's-law noise (Farmer & Lafond 2016; Lafond et al. 2018). Seed 000 §3.7 / seed 001
    §3.8 print point predictions (Nash ~2028, cooperative ~2042); this shows their spread.
    """
    from endodec.sweep.forecast import ForecastParams, ForecastReport, crossing_year_distribution

    if fan_chart is not None:  # checked before the (long) simulation
        if fan_chart.suffix.lower() not in (".png", ".svg", ".pdf"):
            fail(f"--fan-chart {str(fan_chart)!r}: the file name must end in .png, .svg or .pdf")
        from endodec._io import check_file_target, figure_is_own

        check_file_target(fan_chart, option="--fan-chart", overwrite=overwrite,
                          is_own=figure_is_own)
    with option_names(_NAMES):
        samples = _alpha_samples(alpha_bootstrap, author_data, seed)
        p = ForecastParams(base_year=base_year, c_now=c_now, c_target=_rng("c-target", c_target),
                           alpha=alpha, alpha_se=alpha_se, alpha_samples=samples,
                           growth=_rng("growth", growth), N=_rng("N", N), delta=_rng("delta", delta),
                           S_T_frac=_rng("s-t-frac", s_t_frac), noise_sigma=noise_sigma, rho=rho,
                           horizon=horizon)
        r = crossing_year_distribution(p, n_draws=n_draws, seed=seed, mode=mode)
    rep = ForecastReport(r, list(prob_by or []))
    emit(rep, as_json, text=lambda: console.print(rep.summary(), highlight=False, markup=False))
    if fan_chart is not None:
        _write_fan_chart(r, fan_chart, quiet=as_json)


def _alpha_samples(alpha_bootstrap: str | None, author_data: Path | None, seed: int):
    """Alpha draws of ``--alpha-bootstrap`` (a pairs bootstrap of a Wright fit), or None."""
    if not alpha_bootstrap:
        return None
    import numpy as np

    from endodec.empirics.learning_curves import bootstrap_alpha, fit_wright
    from endodec.sweep.wright_noise import dram_series

    if alpha_bootstrap not in ("dram", "dram_learning_curve"):
        fail("--alpha-bootstrap: 'dram' or 'dram_learning_curve'")
    if alpha_bootstrap == "dram_learning_curve" and author_data is None:
        fail("--alpha-bootstrap dram_learning_curve needs --author-data DIR")
    df, _ = dram_series(author_data if alpha_bootstrap != "dram" else None)
    fit = fit_wright(np.exp(df["ln_price"]), np.exp(df["ln_cum"]))
    return bootstrap_alpha(fit, n_resamples=2000, seed=seed).alphas


def _write_fan_chart(r, fan_chart: Path, quiet: bool) -> None:
    """Write the fan chart of the forecast ``r`` to ``fan_chart`` (atomically, with endodec's
    figure metadata), with the paper's point predictions read from the claims ledger."""
    import io

    from endodec._io import FIGURE_METADATA, atomic_write_bytes
    from endodec.claims import paper_input
    from endodec.plots.forecast import fan_chart as draw_fan_chart

    # the paper's point predictions, read from the claims ledger (never typed into code)
    nash_y, coop_y = paper_input("f000-3.7-nash-year"), paper_input("f000-3.7-coop-year")
    fig = draw_fan_chart(r, points={f"paper: Nash ~{nash_y:g}": nash_y,
                                    f"paper: cooperative ~{coop_y:g}": coop_y})
    fmt = fan_chart.suffix.lower().lstrip(".")
    buf = io.BytesIO()
    fig.savefig(buf, format=fmt, dpi=130, bbox_inches="tight", metadata=FIGURE_METADATA[fmt])
    try:
        atomic_write_bytes(fan_chart, buf.getvalue())
    except OSError as e:
        fail(f"--fan-chart {str(fan_chart)!r}: cannot write: {e.strerror or e}")
    if not quiet:
        console.print(f"fan chart written to {fan_chart}", highlight=False, markup=False)
