"""``endodec learning ...``: Wright's-law fits, structural breaks, meta-analysis, thresholds."""

from __future__ import annotations

from pathlib import Path

import typer

from endodec.cli.common import JSON_OPTION, check_range, emit, option_names

_POS = check_range(0.0, lo_open=True)

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
        from pathlib import Path

        from endodec.errors import DataError

        if not Path(dataset).exists():  # the fix in the message: what DATASET may be
            raise DataError(f"learning-curve file {dataset!r} (DATASET) does not exist; give the "
                            "path of a CSV with columns year, price, cum (or ln_price, ln_cum), "
                            "or a dataset: 'dram', 'hbm', 'dram_learning_curve' (author data)")
        return _read_series_csv(dataset), f"file {dataset}"
    if dataset == "dram_learning_curve":
        df = datasets.load_author(dataset, directory=author_data)
        return df, "author data dram_learning_curve.csv (41 years)"
    raise ParameterError("DATASET", dataset, "'dram', 'hbm', 'dram_learning_curve' (author data) "
                         "or a .csv file")


def _read_series_csv(path: str):
    """A user's learning-curve CSV: ``ln_price, ln_cum`` (finite), or a price and a cumulative
    output column (``price``/``cost``/... and ``cum``/``cumulative``/...; finite, > 0) whose logs
    are taken. Every cell is checked: a missing, non-numeric, non-finite or non-positive value is
    an error naming the file, row and column (no row is dropped silently)."""
    import numpy as np

    from endodec import datasets
    from endodec.errors import SchemaError

    cols = list(datasets.read_user_csv(path, what="learning-curve file", option="DATASET").columns)
    if "ln_price" in cols:
        cum = "ln_cum" if "ln_cum" in cols else "ln_cumulative"
        df = datasets.read_user_csv(path, what="learning-curve file", required=["ln_price", cum],
                                    numeric=["ln_price", cum], option="DATASET")
        return df.rename(columns={cum: "ln_cum"}) if cum != "ln_cum" else df
    price = next((c for c in ("price", "price_usd_per_gb", "price_per_gb_usd", "cost")
                  if c in cols), None)
    cum = next((c for c in ("cum", "cumulative", "cum_prod_eb",
                            "cumulative_production_exabytes") if c in cols), None)
    if price is None or cum is None:
        from pathlib import Path

        miss = "price" if price is None else "cum"
        raise SchemaError(Path(path).name, f"no {'price' if price is None else 'cumulative'} "
                          "column", column=miss, allowed="columns year, price, cum (or ln_price, "
                          "ln_cum); the file has " + (", ".join(map(str, cols)) or "none"))
    df = datasets.read_user_csv(path, what="learning-curve file", required=[price, cum],
                                positive=[price, cum], option="DATASET")
    return df.assign(ln_price=np.log(df[price]), ln_cum=np.log(df[cum]))


def register(app: typer.Typer) -> None:
    """Add this module's command or group to the main CLI."""
    app.add_typer(learning_app, name="learning")


@learning_app.command("fit")
def fit(
    dataset: str = typer.Argument(..., help="'dram' (the paper's printed DRAM table: seed 000 "
                                  "Table 2 / seed 001 Table 6), 'dram_learning_curve' (the "
                                  "author's 41-year series; needs --author-data), or a CSV file "
                                  "with columns year, price, cum (or ln_price, ln_cum)."),
    version: str | None = typer.Option(None, "--version", "-v",
                                          help="Paper version of the packaged table: 000 or 001."),
    bootstrap: int = typer.Option(0, "--bootstrap", "-b", callback=check_range(0, integer=True),
                                  help="Pairs-bootstrap resamples of alpha (0 = none, else an "
                                  "integer >= 10; paper: 10,000; memory bounded by "
                                  "ENDODEC_MAX_BYTES)."),
    breaks: int = typer.Option(-1, "--breaks", callback=check_range(-1, integer=True),
                               help="Bai-Perron: largest number of breaks M to consider (-1 = no "
                               "break analysis, else an integer >= 0 that the sample and --trim "
                               "allow)."),
    trim: float = typer.Option(0.15, "--trim", callback=_POS, help="Bai-Perron minimum segment "
                               "length: a fraction of the sample in (0, 0.5), or an integer "
                               "number of observations >= 1."),
    robust: bool = typer.Option(False, "--robust", help="Bai-Perron (2003) variant for "
                                "serially correlated, heteroskedastic errors, mbreaks' defaults: "
                                "HAC (quadratic spectral, Andrews bandwidth) F statistics with "
                                "AR(1) prewhitening and regime-specific variances (needs >= 4 "
                                "observations per segment). Default: classical errors, as "
                                "strucchange and the paper."),
    diagnostics: bool = typer.Option(False, "--diagnostics", help="Also print leave-one-out and "
                                     "recursive expanding-window alphas (seed 001 §5.2.2)."),
    seed: int = typer.Option(20260221, "--seed", callback=check_range(0, 2**32 - 1, integer=True),
                             help="Seed of the bootstrap / critical values (integer in "
                                  "[0, 2**32 - 1])."),
    author_data: Path | None = typer.Option(None, "--author-data", help="Directory with the "
                                               "author's data files (or ENDODEC_AUTHOR_DATA)."),
    json_out: JSON_OPTION = False,
) -> None:
    """Fit Wright's law ln c = ln c0 - alpha ln Q by OLS on a DRAM series and print the summary:
    alpha (learning elasticity), SE, R², n, CI, progress ratio 2^-alpha and learning rate."""
    names = {"n_resamples": "--bootstrap", "seed": "--seed", "h": "--trim",
             "max_breaks": "--breaks", "DATASET": "DATASET", "version": "--version"}
    with option_names(names):

        from endodec.empirics.learning_curves import (
            LearningFitReport,
            bootstrap_alpha,
            fit_frame,
        )

        df, src = _load_series(dataset, version, author_data)
        f = fit_frame(df, logs=True, name=src)
        rep = LearningFitReport(f)
        if bootstrap:
            rep.bootstrap = bootstrap_alpha(f, n_resamples=bootstrap, seed=seed)
            if f.n >= 8:  # block bootstrap for the serially correlated annual series
                from endodec.empirics.learning_curves import block_bootstrap_alpha

                rep.block_bootstrap = block_bootstrap_alpha(f, n_resamples=bootstrap, seed=seed)
        if diagnostics:
            from endodec.empirics.learning_curves import leave_one_out, recursive_fits

            rep.leave_one_out, rep.recursive = leave_one_out(f), recursive_fits(f)
        if breaks >= 0:
            rep.breaks = _bai_perron(f, breaks, trim, robust, seed)
        emit(rep, json_out)


def _bai_perron(f, breaks: int, trim: float, robust: bool, seed: int):
    """Bai-Perron breaks in the Wright fit ``f`` (``--breaks``, ``--trim``, ``--robust``)."""
    import numpy as np

    from endodec.empirics.breaks import bai_perron

    if trim >= 1 and trim != int(trim):
        from endodec.errors import ParameterError

        raise ParameterError("--trim", trim, "a fraction in (0, 0.5) or an integer >= 1")
    h = trim if trim < 1 else int(trim)
    opts = dict(robust=True, prewhit=True, hetvar=True, hetdat=True) if robust else {}
    return bai_perron(f.y, np.column_stack([np.ones(f.n), f.x]), h=h, max_breaks=breaks,
                      labels=f.labels, seed=seed, **opts)


@learning_app.command("threshold")
def threshold(
    c_now: float = typer.Option(12.0, callback=_POS, help="Current cost c ($/GB; > 0, finite; "
                                "paper: HBM3E ≈ $12/GB)."),
    q_now: float = typer.Option(2.5, callback=_POS, help="Current cumulative production Q (EB; "
                                "> 0, finite; paper ≈ 2.5)."),
    target: list[float] = typer.Option([5.0, 7.0], callback=_POS, help="Target cost(s) c* "
                                       "($/GB; > 0, finite, below --c-now; paper $5-7)."),
    alpha: float = typer.Option(0.23, callback=_POS, help="Learning elasticity alpha (> 0, "
                                "finite; paper: 0.23, HBM)."),
    json_out: JSON_OPTION = False,
) -> None:
    """Crossing threshold Q̄ = Q (c/c*)^(1/alpha) (seed 000 §3.7: Q̄ ≈ 26-112 EB)."""

    names = {"c_now": "--c-now", "Q_now": "--q-now", "c_target": "--target", "alpha": "--alpha",
             "Q_bar": "--c-now/--q-now/--target/--alpha"}
    with option_names(names):
        import numpy as np

        from endodec.model.learning import ThresholdTable, threshold_Q

        c = np.asarray(target, dtype=float)
        q = np.array([float(threshold_Q(c_now, q_now, t, alpha)) for t in target])
        emit(ThresholdTable(c_now, q_now, alpha, c, q), json_out)


@learning_app.command("table2")
def table2(
    cost_ratio: float = typer.Option(12.0, callback=check_range(1.0, lo_open=True),
                                     help="Current / target cost (> 1, finite; author's script: "
                                          "12)."),
    q_now: float = typer.Option(3200.0, callback=_POS, help="Cumulative output now, EB (> 0, "
                                "finite; author: 3,200)."),
    growth: float = typer.Option(0.25, callback=_POS, help="Annual growth of cumulative output "
                                 "(> 0, finite; author: 0.25)."),
    json_out: JSON_OPTION = False,
) -> None:
    """Seed 001 Table 2: hardware-only crossing time T* = ln(ratio)/(alpha ln(1+g)) vs alpha."""

    names = {"cost_ratio": "--cost-ratio", "Q_now": "--q-now", "growth": "--growth"}
    with option_names(names):
        from endodec.model.learning import AlphaSensitivity, alpha_sensitivity_table

        t = alpha_sensitivity_table(cost_ratio=cost_ratio, Q_now=q_now, growth=growth)
        emit(AlphaSensitivity(t, cost_ratio, q_now, growth), json_out)


@learning_app.command("meta")
def meta(
    version: str = typer.Option("001", "--version", "-v", help="Learning-rate table: 000 "
                                "(Table 6) or 001 (Table 12)."),
    exclude: str = typer.Option("paper_001", help="Exclusions: paper_001 (Goldberg et al. and "
                                "Irwin & Klenow, as the paper states), none, no_iv, no_goldberg."),
    json_out: JSON_OPTION = False,
) -> None:
    """Cochran Q, I², tau² and fixed/random-effects pooled alpha across technologies."""

    with option_names({"exclude": "--exclude", "version": "--version"}):
        from endodec import datasets
        from endodec.empirics.meta import meta_analysis, select_estimates

        lr = datasets.load("learning_rates", version=version)
        s = select_estimates(lr, exclude)
        emit(meta_analysis(s["alpha"], s["se"], s["product"]), json_out)
