"""``endodec reproduce``: the whole paper as one report with a claims ledger."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from endodec.cli.common import console, fail
from endodec.errors import AnalysisFailed


def register(app: typer.Typer) -> None:
    """Add ``reproduce`` to the main CLI."""
    app.command("reproduce")(reproduce)


def reproduce(
    out: Annotated[Path, typer.Option("--out", "-o", help="Output directory: new, empty, or an earlier endodec report (anything else is refused; endodec never deletes files it did not write). Replaced atomically when the new report is complete and every analysis succeeded; a failed run keeps its output at DIR.failed.")] = Path("results"),
    author_data: Annotated[Path | None, typer.Option("--author-data", help="Directory with the paper author's data files (jonsmirl/thesis thesis_data layout); enables the analyses that need them. Default: $ENDODEC_AUTHOR_DATA if set.")] = None,
    only: Annotated[list[str] | None, typer.Option("--only", help="Run only these analyses: ids (s3.5-welfare), id prefixes (s3), section numbers (3.5) or module names (game, learning, ...). Repeatable.")] = None,
    jobs: Annotated[str, typer.Option("--jobs", "-j", help="Worker processes: auto (one per usable CPU core, at most 8; the longest analyses start first) or 1-256 (1 runs everything in this process). Every setting gives the same ledger, tables and figures.")] = "auto",
    seed: Annotated[int | None, typer.Option(help="Seed for every random draw (bootstrap, Monte Carlo), 0 to 2**32-1. Default: run.seed of the configuration (20260221).")] = None,
    fast: Annotated[bool, typer.Option("--fast", help="Fewer resamples (quick look; stated in the report).")] = False,
    config: Annotated[Path | None, typer.Option("--config", help="Run configuration (TOML; `endodec config template` writes one with every key). Default: the paper's configuration.")] = None,
    set_: Annotated[list[str] | None, typer.Option("--set", help="Override one configuration key, SECTION.KEY=VALUE (e.g. game.N=8, game.delta=0.2). Repeatable; applied after --config.")] = None,
    data: Annotated[list[str] | None, typer.Option("--data", help="Your CSV in place of a packaged dataset, NAME=FILE (e.g. dram=my_prices.csv), validated against that dataset's schema (`endodec data template NAME`). Repeatable.")] = None,
    cache: Annotated[Path | None, typer.Option("--cache", help="Cache directory of each analysis' results (default: DIR.cache beside --out); a re-run recomputes only the analyses whose code, configuration slice or data changed.")] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Compute every analysis afresh and write no cache.")] = False,
    update: Annotated[bool, typer.Option("--update", help="With --only: update the rows, figures and tables of those analyses in the complete report at --out, keeping everything else (without --update, --only refuses to replace a complete report and writes a partial report elsewhere).")] = False,
    formats: Annotated[str, typer.Option("--formats", help="Figure formats, comma-separated, from png, pdf, svg; png is required (the report shows it). png,pdf skips the SVGs (faster).")] = "png,pdf,svg",
    list_: Annotated[bool, typer.Option("--list", help="List the registered analyses (id, section, version, title) and exit.")] = False,
) -> None:
    """Reproduce every table and figure of both paper versions and audit every claim.

    Writes DIR/report.html, DIR/ledger.csv, DIR/ledger.json, DIR/figures/*.png|pdf|svg,
    DIR/tables/*.csv|md|tex and DIR/manifest.json.
    """
    import os

    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from endodec.analyses.config import load_config
    from endodec.report.reproduce import reproduce as run
    from endodec.report.reproduce import select

    if list_:
        from rich.markup import escape
        from rich.table import Table

        t = Table(title="Registered analyses")
        for c in ("id", "section", "version", "author data", "title"):
            t.add_column(c)
        for a in select(only):
            t.add_row(*(escape(v) for v in (a.id, a.section, a.version,
                                            "yes" if a.needs_author_data else "", a.title)))
        console.print(t)
        return
    cfg = load_config(config, set_, data)
    if author_data is None and os.environ.get("ENDODEC_AUTHOR_DATA"):
        author_data = Path(os.environ["ENDODEC_AUTHOR_DATA"])
    with Progress(TextColumn("[bold]reproduce[/]"), BarColumn(),
                  TextColumn("{task.completed}/{task.total} {task.description}"),
                  TimeElapsedColumn(), console=console, transient=True) as bar:
        task = bar.add_task("", total=None)

        def progress(aid, done, total):
            bar.update(task, completed=done, total=total, description=aid)

        try:
            res = run(out=out, author_data=author_data, only=only, jobs=_jobs(jobs), seed=seed,
                      fast=True if fast else None, progress=progress, update=update,
                      config=cfg, cache=False if no_cache else (cache or True),
                      formats=formats)
        except AnalysisFailed as e:
            bar.stop()
            console.print(e.result.summary(), markup=False, highlight=False)
            fail(str(e), code=1)
    console.print(res.summary(), markup=False, highlight=False)
    console.print(f"report: {res.out / 'report.html'}", markup=False, highlight=False)


def _jobs(text: str) -> int | str:
    """``--jobs``: ``auto`` or an integer (the range is checked by the library)."""
    from endodec.errors import ParameterError

    t = text.strip().lower()
    if t == "auto":
        return t
    try:
        return int(t)
    except ValueError:
        raise ParameterError("jobs", text, "auto or an integer in [1, 256]") from None
