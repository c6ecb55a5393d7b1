"""``endodec forecast``: distribution of the crossing year (Monte Carlo, Wright's law with noise)."""

from __future__ import annotations

from pathlib import Path

import typer

from endodec.cli_parts.common import console, fail, friendly_errors, print_json


def register(app: typer.Typer) -> None:
    app.command("forecast")(forecast_cmd)


def _rng(name: str, text: str | None):
    """'v' -> v, 'lo:hi' -> (lo, hi)."""
    if text is None:
        return None
    try:
        parts = [float(t) for t in text.split(":")]
    except ValueError:
        fail(f"--{name} {text!r}: give a number or low:high")
    if len(parts) == 1:
        return parts[0]
    if len(parts) != 2:
        fail(f"--{name} {text!r}: give a number or low:high")
    return tuple(parts)


def forecast_cmd(
    n_draws: int = typer.Option(10000, "--n-draws", "-n", help="Monte Carlo draws."),
    seed: int = typer.Option(0, "--seed", help="Random seed."),
    mode: str = typer.Option("nash", "--mode", help="Which crossing year to report first: nash "
                             "(learning-curve time x T*_Nash/T*_Coop of the game) or hardware "
                             "(learning-curve time only, seed 001 Table 2)."),
    base_year: float = typer.Option(2024, "--base-year", help="Year of the current cost."),
    c_now: float = typer.Option(12.0, "--c-now", help="Current cost, $/GB (HBM3E: 12)."),
    c_target: str = typer.Option("5:7", "--c-target", help="Target cost $/GB, value or low:high "
                                 "(uniform)."),
    alpha: float = typer.Option(0.23, "--alpha", help="Learning elasticity (centre)."),
    alpha_se: float = typer.Option(0.03, "--alpha-se", help="Standard error of alpha (normal)."),
    alpha_bootstrap: str = typer.Option(None, "--alpha-bootstrap", help="Draw alpha from a pairs "
                                        "bootstrap of a Wright fit instead: 'dram' (packaged "
                                        "table) or 'dram_learning_curve' (needs --author-data)."),
    growth: str = typer.Option("0.2:0.3", "--growth", help="Annual growth of cumulative "
                               "production, value or low:high."),
    N: str = typer.Option("5:12", "--N", help="Number of firms, value or low:high (integers)."),
    delta: str = typer.Option("0.2:0.4", "--delta", help="Post-crossing displacement rate."),
    s_t_frac: str = typer.Option("0:0.4", "--s-t-frac", help="Training persistence S_T as a "
                                 "fraction of the inference continuation value."),
    noise_sigma: float = typer.Option(None, "--noise-sigma", help="Per-year s.d. of Wright's-law "
                                      "noise (default: estimated from the packaged DRAM table; "
                                      "0 = parameter uncertainty only)."),
    rho: float = typer.Option(0.0, "--rho", help="MA(1) coefficient of the noise (Lafond et al.)."),
    horizon: int = typer.Option(300, "--horizon", help="Years simulated."),
    prob_by: list[float] = typer.Option(None, "--prob-by", help="Also print P(crossing by YEAR) "
                                        "(repeatable)."),
    fan_chart: Path = typer.Option(None, "--fan-chart", help="Write the fan chart (PNG/SVG/PDF)."),
    author_data: Path = typer.Option(None, "--author-data", help="Directory of the author's data."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Distribution of the crossing year: quantiles and P(crossing by year).

    Monte Carlo over alpha, the target cost, growth of cumulative production, N, delta and S_T,
    with Wright's-law noise (Farmer & Lafond 2016; Lafond et al. 2018). Seed 000 §3.7 / seed 001
    §3.8 print point predictions (Nash ~2028, cooperative ~2042); this shows their spread.
    """
    import numpy as np

    from endodec.sweep.forecast import ForecastParams, crossing_year_distribution

    with friendly_errors():
        samples = None
        if alpha_bootstrap:
            from endodec.empirics.learning_curves import bootstrap_alpha, fit_wright
            from endodec.sweep.forecast import dram_series

            if alpha_bootstrap not in ("dram", "dram_learning_curve"):
                fail("--alpha-bootstrap: 'dram' or 'dram_learning_curve'")
            if alpha_bootstrap == "dram_learning_curve" and author_data is None:
                fail("--alpha-bootstrap dram_learning_curve needs --author-data DIR")
            df, _ = dram_series(author_data if alpha_bootstrap != "dram" else None)
            fit = fit_wright(np.exp(df["ln_price"]), np.exp(df["ln_cum"]))
            samples = bootstrap_alpha(fit, n_resamples=2000, seed=seed).alphas
        p = ForecastParams(base_year=base_year, c_now=c_now, c_target=_rng("c-target", c_target),
                           alpha=alpha, alpha_se=alpha_se, alpha_samples=samples,
                           growth=_rng("growth", growth), N=_rng("N", N), delta=_rng("delta", delta),
                           S_T_frac=_rng("s-t-frac", s_t_frac), noise_sigma=noise_sigma, rho=rho,
                           horizon=horizon)
        r = crossing_year_distribution(p, n_draws=n_draws, seed=seed, mode=mode)
    years = list(prob_by or [])
    if as_json:
        print_json({m: {"quantiles": r.quantiles(mode=m).to_dict(),
                        "prob_by": {str(y): r.prob_by(y, m) for y in years}}
                    for m in ("nash", "hardware")} | {"noise_sigma": r.noise_sigma,
                                                      "n_draws": n_draws, "seed": seed,
                                                      "invalid_draws": r.n_invalid})
    else:
        console.print(r.summary(), highlight=False, markup=False)
        for y in years:
            console.print(f"  P(crossing by {y:g}): nash {r.prob_by(y, 'nash'):.3f}, "
                          f"hardware {r.prob_by(y, 'hardware'):.3f}", highlight=False)
    if fan_chart is not None:
        fig = r.fan_chart(points={"paper: Nash ~2028": 2028, "paper: cooperative ~2042": 2042})
        fan_chart.parent.mkdir(parents=True, exist_ok=True)
        tmp = fan_chart.with_name(f".{fan_chart.stem}.tmp{fan_chart.suffix}")
        fig.savefig(tmp, dpi=130, bbox_inches="tight")
        tmp.replace(fan_chart)
        if not as_json:
            console.print(f"fan chart written to {fan_chart}", highlight=False)
