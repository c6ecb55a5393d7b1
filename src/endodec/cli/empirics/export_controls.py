"""``endodec empirics export-controls ...``: the export-control natural experiment (seed 001 §5.1)."""

from __future__ import annotations

from pathlib import Path

import typer

from endodec.cli.common import JSON_OPTION, check_range, console, emit, fail, option_names

#: library parameter -> CLI option, for messages
_NAMES = {"treatment_date": "--treatment-date", "edge_threshold_b": "--edge-threshold",
          "edge_rule": "--edge-rule", "unknown": "--unknown", "parser": "--parser",
          "cov": "--cov", "engine": "--engine", "ref": "--ref", "n_boot": "--wild",
          "outcome": "--outcome"}
_OUTCOMES = ("edge_share", "n_edge", "log_downloads", "moe_share")

ec_app = typer.Typer(
    help="Export-control natural experiment (seed 001 §5.1): build the author-quarter panel of "
         "Hugging Face model releases by compute-constrained (Chinese) and unconstrained (US/EU) "
         "developers around the October 2022 US semiconductor export controls, and estimate the "
         "difference-in-differences in the edge-compatible (≤7B) share, the event study with its "
         "pre-trend test, the post-treatment LPM and the download trend.",
    no_args_is_help=True,
)

_DUMP = typer.Option(None, "--dump", help="JSON dump of Hub list_models records ({author: "
                     "\\[records]}, the layout of the author's hf_export_control_cache.json).")
_AUTHOR = typer.Option(None, "--author-data", envvar="ENDODEC_AUTHOR_DATA",
                       help="Directory with the author's data files: uses its "
                            "hf_export_control_cache.json.")
_FETCH = typer.Option(False, "--fetch", help="Fetch the records from the Hugging Face Hub "
                      "(needs network and huggingface_hub; cached in --cache-dir).")
_CACHE = typer.Option(None, "--cache-dir", help="Cache directory for --fetch "
                      "(default $ENDODEC_CACHE or ~/.cache/endodec).")
_TDATE = typer.Option("2022-10-07", "--treatment-date", help="Treatment date, an ISO date "
                      "YYYY-MM-DD inside the panel's quarters (the October 2022 controls; later "
                      "rounds: 2023-10-17, 2025-01-15).")
_THR = typer.Option(7.0, "--edge-threshold", callback=check_range(0.0, lo_open=True),
                    help="Edge-compatible size threshold in billions (> 0, finite; §5.1.5: 7; "
                         "Table 5: 3).")
_RULE = typer.Option("author", "--edge-rule", help="author (size or name keyword, as the author's "
                     "script), no_micro (without the 'micro' keyword that marks all of Microsoft "
                     "edge), size_only (parsed size only; unknown stays unknown).")
_UNK = typer.Option("not_edge", "--unknown", help="Unknown edge status (size_only): not_edge "
                    "(kept in the denominator) or drop.")
_PARSER = typer.Option("author", "--parser", help="Size parser: author (first '<n>B' in the name) "
                       "or extended (also 1b7, 410m, 8x7B totals).")
_EXCL = typer.Option(None, "--exclude-author", help="Drop an author (repeatable).")
_COV = typer.Option("robust", "--cov", help="Standard errors: robust (HC1, the author's), "
                    "classical, cluster (by author), HC0, HC2, HC3.")


def register(group: typer.Typer) -> None:
    """Add the ``export-controls`` sub-group to the ``empirics`` group."""
    group.add_typer(ec_app, name="export-controls")


def _rules(treatment_date, edge_threshold, edge_rule, unknown, parser, exclude):
    from endodec.empirics.export_controls import Rules

    return Rules(treatment_date=treatment_date, edge_threshold_b=edge_threshold,
                 edge_rule=edge_rule, unknown=unknown, parser=parser,
                 exclude_authors=tuple(exclude or ()))


def _records(dump: Path | None, author_data: Path | None, fetch: bool, cache_dir: Path | None,
             authors: list[str] | None = None):
    from endodec.datasets import hub
    from endodec.empirics import export_controls as ec

    if dump is not None:
        return hub.records_from_dump(dump), f"dump {dump}"
    if fetch:
        return hub.fetch_models(authors or ec.AUTHORS, cache_dir=cache_dir), "Hugging Face Hub"
    if author_data is not None:
        from endodec import datasets

        return (datasets.load_author("hf_export_control_cache", author_data),
                "author data hf_export_control_cache.json")
    fail("give --dump FILE, --author-data DIR or --fetch")


def _build(dump, author_data, fetch, cache_dir, rules, authors=None):
    from endodec.empirics import export_controls as ec

    recs, src = _records(dump, author_data, fetch, cache_dir, authors)
    models = ec.build_model_table(recs, rules)
    return recs, models, ec.build_panel(models, rules), src


@ec_app.command("panel")
def panel(
    out: Path = typer.Option(Path("export_control_panel.csv"), "--out", "-o",
                             help="Author-quarter panel CSV to write."),
    models_out: Path | None = typer.Option(None, "--models-out", help="Also write the "
                                            "model-level table (one row per model)."),
    dump: Path | None = _DUMP, author_data: Path | None = _AUTHOR, fetch: bool = _FETCH,
    cache_dir: Path | None = _CACHE,
    author: list[str] | None = typer.Option(None, "--author", help="Hub author to fetch "
                                              "(repeatable; default: the 17 of the paper)."),
    treatment_date: str = _TDATE, edge_threshold: float = _THR, edge_rule: str = _RULE,
    unknown: str = _UNK, parser: str = _PARSER, exclude_author: list[str] | None = _EXCL,
    overwrite: bool = typer.Option(False, "--overwrite", help="Replace existing --out / "
                                   "--models-out files that are not earlier outputs of these "
                                   "tables."),
):
    """Build the author-quarter panel from Hub metadata and write it as CSV.

    Columns: n_models, n_edge, edge_share, total/log downloads, MoE share, constrained, post.
    """
    from endodec._io import atomic_write_text

    with option_names(_NAMES):
        rules = _rules(treatment_date, edge_threshold, edge_rule, unknown, parser, exclude_author)
        _, models, p, src = _build(dump, author_data, fetch, cache_dir, rules, author)
        from endodec._io import check_file_target, csv_header_is

        m_cols = list(models.columns)
        for opt, path, cols in (("--out", out, list(p.columns)),
                                ("--models-out", models_out, m_cols)):
            if path is not None:  # an earlier output of the same table is replaced, nothing else
                check_file_target(path, option=opt, overwrite=overwrite,
                                  is_own=lambda f, c=cols: csv_header_is(f, c))
        try:
            atomic_write_text(out, p.to_csv(index=False))
            if models_out is not None:
                m = models.copy()
                m["created"] = m.created.dt.strftime("%Y-%m-%d %H:%M:%S")
                atomic_write_text(models_out, m.to_csv(index=False))
        except OSError as e:
            fail(f"cannot write {e.filename or out}: {e.strerror or e}")
    console.print(f"{len(models)} models, {models.author.nunique()} authors, "
                  f"{int(models.constrained.sum())} from constrained firms ({src})",
                  markup=False, highlight=False)
    console.print(f"panel: {len(p)} author-quarters, {p.quarter.nunique()} quarters "
                  f"({p.quarter.min()}-{p.quarter.max()}) -> {out}", markup=False, highlight=False)


@ec_app.command("did")
def did(
    dump: Path | None = _DUMP, author_data: Path | None = _AUTHOR, fetch: bool = _FETCH,
    cache_dir: Path | None = _CACHE, cov: str = _COV,
    engine: str = typer.Option("statsmodels", "--engine", help="statsmodels (OLS with dummies) "
                               "or linearmodels (PanelOLS with absorbed effects)."),
    outcome: str = typer.Option("edge_share", "--outcome", help="edge_share, n_edge, "
                                "log_downloads or moe_share."),
    all_specs: bool = typer.Option(False, "--all", help="Also the alternative specifications "
                                   "of the author's script (A1, B1, B2, C1 LPM, C2, C3 "
                                   "download trend)."),
    robustness: bool = typer.Option(False, "--robustness", help="Print the robustness table "
                                    "(treatment dates, unknown sizes, edge rules, groups, SEs)."),
    wild: int = typer.Option(0, "--wild", callback=check_range(0, integer=True),
                             help="Wild cluster bootstrap p-values (WCR, Rademacher, clusters = "
                                  "authors) with this many draws: 0 = none, else an integer "
                                  ">= 99 (memory bounded by ENDODEC_MAX_BYTES)."),
    as_json: JSON_OPTION = False,
    treatment_date: str = _TDATE, edge_threshold: float = _THR, edge_rule: str = _RULE,
    unknown: str = _UNK, parser: str = _PARSER, exclude_author: list[str] | None = _EXCL,
):
    """Estimate the DID of seed 001 §5.1.5 and print δ, SE, p.

    EdgeShare = α + β1 Post + β2 Constrained + δ Post×Constrained (baseline), with firm effects,
    and with firm and quarter effects.
    """
    from endodec.empirics import export_controls as ec

    if outcome not in _OUTCOMES:
        fail(f"--outcome {outcome!r}: must be one of {', '.join(_OUTCOMES)}")
    if wild and wild < 99:
        fail(f"--wild {wild}: must be 0 (none) or an integer >= 99")
    if wild and engine != "statsmodels":
        fail("--wild needs --engine statsmodels")
    with option_names(_NAMES):
        rules = _rules(treatment_date, edge_threshold, edge_rule, unknown, parser, exclude_author)
        recs, models, p, src = _build(dump, author_data, fetch, cache_dir, rules)
        res = [ec.estimate_did(p, outcome, s, cov, engine) for s in ("baseline", "firm_fe", "twfe")]
        if all_specs:
            res += ec.run_all(models, p, cov)[3:]
        tab = ec.results_frame(res)
        ok = [not r.extra.get("not_estimable") for r in res]
        tab["note"] = [r.extra.get("not_estimable", "") for r in res]
        if wild:
            tab["p_wild"] = [ec.wild_cluster_bootstrap(r, n_boot=wild).p_value if good else None
                             for r, good in zip(res, ok, strict=True)]
        rob = ec.robustness_table(recs, rules) if robustness else None
        rep = ec.DidReport(src, res, tab, len(p), cov, rob)
    emit(rep, as_json, text=lambda: console.print(rep.summary(), markup=False, highlight=False))


@ec_app.command("event-study")
def event_study(
    dump: Path | None = _DUMP, author_data: Path | None = _AUTHOR, fetch: bool = _FETCH,
    cache_dir: Path | None = _CACHE, cov: str = _COV,
    ref: str | None = typer.Option(None, "--ref", help="Reference quarter (default: the last "
                                   "pre-treatment quarter, 2022Q3)."),
    outcome: str = typer.Option("edge_share", "--outcome", help="Panel outcome: edge_share, "
                                "n_edge, log_downloads or moe_share."),
    as_json: JSON_OPTION = False,
    treatment_date: str = _TDATE, edge_threshold: float = _THR, edge_rule: str = _RULE,
    unknown: str = _UNK, parser: str = _PARSER, exclude_author: list[str] | None = _EXCL,
):
    """Event study with the joint pre-trend (parallel trends) test.

    Constrained × quarter coefficients with author and quarter effects; Wald test that the
    pre-treatment coefficients are zero.
    """
    from endodec.empirics import export_controls as ec

    if outcome not in _OUTCOMES:
        fail(f"--outcome {outcome!r}: must be one of {', '.join(_OUTCOMES)}")
    with option_names(_NAMES):
        rules = _rules(treatment_date, edge_threshold, edge_rule, unknown, parser, exclude_author)
        _, _, p, src = _build(dump, author_data, fetch, cache_dir, rules)
        rep = ec.EventStudyReport(ec.event_study(p, outcome, ref=ref,
                                                 treatment_date=treatment_date, cov=cov), src)
    emit(rep, as_json, text=lambda: console.print(rep.summary(), markup=False, highlight=False))
