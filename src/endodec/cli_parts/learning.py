"""``endodec learning ...``: Wright's-law fits, structural breaks, meta-analysis, thresholds."""

from __future__ import annotations

from pathlib import Path

import typer

learning_app = typer.Typer(
    help="Learning curves (seed 000 §3.7, §4.1-4.2, §5.3; seed 001 §3.8, §5.2, §6.4, App. D): "
         "Wright's-law OLS fits, bootstrap, Bai-Perron breaks, Cochran Q, crossing threshold Q̄.",
    no_args_is_help=True,
)


def _load_series(dataset: str, version: str | None, author_data: Path | None):
    from endodec import datasets
    from endodec.errors import ParameterError

    if dataset in ("dram", "hbm"):
        df = datasets.load(dataset, version=version)
        if dataset == "hbm":
            raise ParameterError("DATASET", "hbm", "a table with cumulative output ('dram' or the "
                                 "author's 'dram_learning_curve'): the paper prints no cumulative "
                                 "HBM shipments, so the HBM alpha cannot be re-estimated")
        return df.dropna(subset=["ln_price"]), f"packaged dram (seed {df.attrs.get('version')})"
    if dataset.endswith(".csv"):
        import pandas as pd

        df = pd.read_csv(dataset)
        if "ln_price" not in df.columns and {"price", "cum"} <= set(df.columns):
            import numpy as np

            df = df.assign(ln_price=np.log(df["price"]), ln_cum=np.log(df["cum"]))
        return df, f"file {dataset}"
    if dataset == "dram_learning_curve":
        df = datasets.load_author(dataset, directory=author_data)
        return df, "author data dram_learning_curve.csv (41 years)"
    raise ParameterError("DATASET", dataset, "'dram', 'hbm', 'dram_learning_curve' (author data) "
                         "or a .csv file")


def register(app: typer.Typer) -> None:
    app.add_typer(learning_app, name="learning")


@learning_app.command("fit")
def fit(
    dataset: str = typer.Argument(..., help="'dram' (the paper's printed DRAM table: seed 000 "
                                  "Table 2 / seed 001 Table 6), 'dram_learning_curve' (the "
                                  "author's 41-year series; needs --author-data), or a CSV file "
                                  "with columns year, price, cum (or ln_price, ln_cum)."),
    version: str | None = typer.Option(None, "--version", "-v",
                                          help="Paper version of the packaged table: 000 or 001."),
    bootstrap: int = typer.Option(0, "--bootstrap", "-b", help="Pairs-bootstrap resamples of alpha "
                                  "(paper: 10,000; 0 = none)."),
    breaks: int = typer.Option(-1, "--breaks", help="Bai-Perron: largest number of breaks M to "
                               "consider (-1 = no break analysis). Trimming --trim."),
    trim: float = typer.Option(0.15, "--trim", help="Bai-Perron minimum segment length: fraction "
                               "of the sample (eps) if < 1, else a number of observations."),
    diagnostics: bool = typer.Option(False, "--diagnostics", help="Also print leave-one-out and "
                                     "recursive expanding-window alphas (seed 001 §5.2.2)."),
    seed: int = typer.Option(20260221, "--seed", help="Seed of the bootstrap / critical values."),
    author_data: Path | None = typer.Option(None, "--author-data", help="Directory with the "
                                               "author's data files (or ENDODEC_AUTHOR_DATA)."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON instead of text tables."),
) -> None:
    """Fit Wright's law ln c = ln c0 - alpha ln Q by OLS on a DRAM series and print the summary:
    alpha (learning elasticity), SE, R², n, CI, progress ratio 2^-alpha and learning rate."""
    from endodec.cli_parts.common import friendly_errors, print_json

    with friendly_errors():
        import numpy as np

        from endodec.empirics.learning_curves import bootstrap_alpha, fit_frame

        df, src = _load_series(dataset, version, author_data)
        f = fit_frame(df, logs=True, name=src)
        out = {"fit": f.to_frame().iloc[0].to_dict()}
        text = [f.summary()]
        if bootstrap:
            b = bootstrap_alpha(f, n_resamples=bootstrap, seed=seed)
            out["bootstrap"] = b.to_frame().iloc[0].to_dict()
            text.append(b.summary())
        if diagnostics:
            from endodec.empirics.learning_curves import leave_one_out, recursive_fits

            loo, rec = leave_one_out(f), recursive_fits(f)
            out["leave_one_out"] = loo.to_dict(orient="records")
            out["recursive"] = rec.to_dict(orient="records")
            fmt = {"float_format": lambda v: f"{v:.4f}", "index": False}
            text.append("Leave-one-out alphas:\n" + loo.to_string(**fmt))
            text.append("Recursive (expanding window) alphas:\n" + rec.to_string(**fmt))
        if breaks >= 0:
            from endodec.empirics.breaks import bai_perron

            h = trim if trim < 1 else int(trim)
            r = bai_perron(f.y, np.column_stack([np.ones(f.n), f.x]), h=h, max_breaks=breaks,
                           labels=f.labels, seed=seed)
            out["breaks"] = r.to_frame().to_dict(orient="records")
            out["selected"] = r.selected
            text.append(r.summary())
        if json_out:
            print_json(out)
        else:
            typer.echo("\n\n".join(text))


@learning_app.command("threshold")
def threshold(
    c_now: float = typer.Option(12.0, help="Current cost c ($/GB; paper: HBM3E ≈ $12/GB)."),
    q_now: float = typer.Option(2.5, help="Current cumulative production Q (EB; paper ≈ 2.5)."),
    target: list[float] = typer.Option([5.0, 7.0], help="Target cost(s) c* ($/GB; paper $5-7)."),
    alpha: float = typer.Option(0.23, help="Learning elasticity alpha (paper: 0.23, HBM)."),
) -> None:
    """Crossing threshold Q̄ = Q (c/c*)^(1/alpha) (seed 000 §3.7: Q̄ ≈ 26-112 EB)."""
    from endodec.cli_parts.common import friendly_errors

    with friendly_errors():
        from endodec.model.learning import threshold_Q

        for t in target:
            q = float(threshold_Q(c_now, q_now, t, alpha))
            typer.echo(f"c* = {t:g} $/GB: Q̄ = {q:.2f} EB ({q / q_now:.1f}x current)")


@learning_app.command("table2")
def table2(
    cost_ratio: float = typer.Option(12.0, help="Current / target cost (author's script: 12)."),
    q_now: float = typer.Option(3200.0, help="Cumulative output now, EB (author: 3,200)."),
    growth: float = typer.Option(0.25, help="Annual growth of cumulative output (author: 0.25)."),
) -> None:
    """Seed 001 Table 2: hardware-only crossing time T* = ln(ratio)/(alpha ln(1+g)) vs alpha."""
    from endodec.cli_parts.common import friendly_errors

    with friendly_errors():
        from endodec.model.learning import alpha_sensitivity_table

        t = alpha_sensitivity_table(cost_ratio=cost_ratio, Q_now=q_now, growth=growth)
        typer.echo(t.to_string(index=False, float_format=lambda v: f"{v:.4g}"))


@learning_app.command("meta")
def meta(
    version: str = typer.Option("001", "--version", "-v", help="Learning-rate table: 000 "
                                "(Table 6) or 001 (Table 12)."),
    exclude: str = typer.Option("paper_001", help="Exclusions: paper_001 (Goldberg et al. and "
                                "Irwin & Klenow, as the paper states), none, no_iv, no_goldberg."),
) -> None:
    """Cochran Q, I², tau² and fixed/random-effects pooled alpha across technologies."""
    from endodec.cli_parts.common import friendly_errors

    with friendly_errors():
        from endodec import datasets
        from endodec.empirics.meta import meta_analysis, select_estimates

        lr = datasets.load("learning_rates", version=version)
        s = select_estimates(lr, exclude)
        typer.echo(meta_analysis(s["alpha"], s["se"], s["product"]).summary())
