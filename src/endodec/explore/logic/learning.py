"""Logic of the learning-curve page (:mod:`endodec.explore.views.learning`): series, Wright
fit, bootstrap, breaks, crossing threshold, the equivalent CLI commands."""

from __future__ import annotations

import io
import shlex
from typing import Any

import numpy as np
import pandas as pd

from endodec.errors import EndodecError, ParameterError
from endodec.explore.logic.common import CAPS, error_text

__all__ = ["LEARNING_SOURCES", "UPLOAD_MAX_ROWS", "UPLOAD_SCHEMA", "UPLOAD_SOURCE", "fit_table",
           "learning_command", "learning_results", "learning_sources", "load_learning_series",
           "parse_series_csv", "threshold_command"]

LEARNING_SOURCES = {
    "dram:001": "DRAM, printed table (seed 001 Table 6)",
    "dram:000": "DRAM, printed table (seed 000 Table 2)",
    "author:dram_learning_curve": "DRAM 1984-2024, author's 41-year series (author data)",
}


def learning_sources(author_dir: str | None) -> dict[str, str]:
    """The series the learning page offers: packaged tables, plus the author's if configured."""
    src = {k: v for k, v in LEARNING_SOURCES.items() if not k.startswith("author:")}
    if author_dir:
        src.update({k: v for k, v in LEARNING_SOURCES.items() if k.startswith("author:")})
    return src


#: Schema of a user's own learning-curve series (checked by :func:`endodec.datasets.validate_frame`).
UPLOAD_SCHEMA = {"name": "uploaded series", "columns": {
    "label": {"dtype": "str", "nullable": True,
              "description": "row label, e.g. the year (optional column)"},
    "cumulative": {"dtype": "float", "positive": True, "monotone": "increasing",
                   "description": "cumulative output (any unit)"},
    "price": {"dtype": "float", "positive": True, "description": "unit price or cost"},
}}
UPLOAD_SOURCE = "upload"
UPLOAD_MAX_ROWS = 10_000


def parse_series_csv(text: str, file: str = "uploaded CSV") -> pd.DataFrame:
    """A user's learning-curve series from CSV text: columns ``cumulative``, ``price`` and
    optionally ``label`` (or ``year``; names case-insensitive), validated like the packaged tables (positive
    values, non-decreasing cumulative output; errors name the row and column).

    Raises
    ------
    endodec.errors.DataError
        Unparseable CSV, wrong columns, bad values, fewer than 3 or more than
        :data:`UPLOAD_MAX_ROWS` rows.
    """
    from endodec.datasets import validate_frame
    from endodec.errors import DataError

    try:
        raw = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as e:
        raise DataError(f"{file}: cannot parse CSV: {e}") from e
    raw.columns = [str(c).strip().lower() for c in raw.columns]
    if "label" not in raw.columns and "year" in raw.columns:
        raw = raw.rename(columns={"year": "label"})
    if "label" not in raw.columns:
        raw["label"] = [str(i) for i in range(1, len(raw) + 1)]
    if not 3 <= len(raw) <= UPLOAD_MAX_ROWS:
        raise DataError(f"{file}: {len(raw)} rows; need 3 to {UPLOAD_MAX_ROWS:,}")
    return validate_frame(raw, UPLOAD_SCHEMA, file=file)


def load_learning_series(source: str, author_dir: str | None = None,
                         csv_text: str | None = None) -> tuple[pd.DataFrame, str]:
    """Load a learning-curve series via :mod:`endodec.datasets` (or the user's CSV text when
    ``source == "upload"``); returns (frame, provenance)."""
    from endodec import datasets

    if source == UPLOAD_SOURCE:
        if csv_text is None:
            raise ParameterError("csv_text", None, "the uploaded CSV's text when source='upload'")
        df = parse_series_csv(csv_text)
        return df, f"uploaded CSV ({len(df)} rows)"
    kind, _, name = source.partition(":")
    if kind == "dram":
        df = datasets.load("dram", version=name)
        return df.dropna(subset=["ln_price"]), f"packaged dram (seed {name})"
    if kind == "author":
        df = datasets.load_author(name, directory=author_dir)
        return df, f"author data {name}.csv"
    raise ParameterError("source", source, f"one of {tuple(LEARNING_SOURCES)}")


def learning_results(source: str, author_dir: str | None, n_boot: int, max_breaks: int,
                     trim: float, seed: int, c_now: float, q_now: float, c_target: float,
                     alpha: float | None, csv_text: str | None = None) -> dict[str, Any]:
    """Wright fit, bootstrap, Bai-Perron breaks and crossing threshold for one series.

    Calls :func:`endodec.empirics.learning_curves.fit_frame` (OLS of ln price on ln Q),
    :func:`~endodec.empirics.learning_curves.bootstrap_alpha` (pairs bootstrap, ``n_boot``
    capped at ``CAPS["bootstrap"]``; 0 = none), :func:`endodec.empirics.breaks.bai_perron`
    (``max_breaks`` capped at ``CAPS["breaks"]``; -1 = none) and
    :func:`endodec.model.learning.threshold_Q` with ``alpha`` (default: the fitted alpha).
    ``source="upload"`` fits the user's CSV text ``csv_text`` (:func:`parse_series_csv`).
    Errors of each step are returned under ``errors`` (the other steps still run).
    """
    from endodec.empirics.learning_curves import bootstrap_alpha, fit_frame

    df, prov = load_learning_series(source, author_dir, csv_text)
    if source == UPLOAD_SOURCE:  # levels of the user's columns (logs taken by the fit)
        fit = fit_frame(df, price="price", cum="cumulative", label="label", name="uploaded series")
    else:
        fit = fit_frame(df, logs=True, name=LEARNING_SOURCES.get(source, source))
    out: dict[str, Any] = {"fit": fit, "provenance": prov, "errors": {}, "boot": None,
                           "breaks": None, "threshold": None}
    n_boot = int(min(max(int(n_boot), 0), CAPS["bootstrap"]))
    if n_boot:
        try:
            out["boot"] = bootstrap_alpha(fit, n_resamples=n_boot, seed=int(seed))
        except EndodecError as e:
            out["errors"]["bootstrap"] = error_text(e)
    if max_breaks >= 0:
        from endodec.empirics.breaks import bai_perron

        try:
            h = trim if trim < 1 else int(trim)
            out["breaks"] = bai_perron(fit.y, np.column_stack([np.ones(fit.n), fit.x]), h=h,
                                       max_breaks=min(int(max_breaks), CAPS["breaks"]),
                                       labels=fit.labels, seed=int(seed),
                                       n_sim=CAPS["breaks_sim"])
        except EndodecError as e:
            out["errors"]["breaks"] = error_text(e)
    from endodec.model.learning import threshold_Q

    a_used = fit.alpha if alpha is None else alpha
    try:
        out["threshold"] = {"alpha": float(a_used), "c_now": c_now, "Q_now": q_now,
                            "c_target": c_target,
                            "Q_bar": float(threshold_Q(c_now, q_now, c_target, a_used))}
    except EndodecError as e:
        out["errors"]["threshold"] = error_text(e)
    return out


def fit_table(res: dict[str, Any]) -> pd.DataFrame:
    t = res["fit"].to_frame()
    if res["boot"] is not None:
        b = res["boot"].to_frame().add_prefix("boot_")
        t = pd.concat([t.reset_index(drop=True), b.reset_index(drop=True)], axis=1)
    return t


def learning_command(source: str, n_boot: int, max_breaks: int, trim: float, seed: int,
                     author_dir: str | None) -> str:
    kind, _, name = source.partition(":")
    args = ["endodec", "learning", "fit"]
    args += ["dram", "--version", name] if kind == "dram" else [name]
    if n_boot:
        args += ["--bootstrap", str(int(min(n_boot, CAPS["bootstrap"])))]
    if max_breaks >= 0:
        args += ["--breaks", str(int(max_breaks)), "--trim", f"{trim:g}"]
    args += ["--seed", str(int(seed))]
    if kind == "author" and author_dir:
        args += ["--author-data", author_dir]
    return " ".join(shlex.quote(a) for a in args)


def threshold_command(c_now: float, q_now: float, c_target: float, alpha: float) -> str:
    return (f"endodec learning threshold --c-now {c_now:g} --q-now {q_now:g} "
            f"--target {c_target:g} --alpha {alpha:.6g}")
