"""``endodec data``: the paper's packaged tables and the author's data files.

Commands: ``list``, ``show NAME``, ``template NAME``, ``author STEM``, ``fetch-author``,
``validate DIR``.
Imports of pandas and :mod:`endodec.datasets` stay inside the commands so the CLI starts fast.
"""

from __future__ import annotations

from pathlib import Path

import typer

from endodec.cli.common import JSON_OPTION, check_range, emit

data_app = typer.Typer(
    name="data",
    help=(
        "The paper's data tables (both versions: seed 000 = earlier, seed 001 = later), transcribed "
        "as printed with sidecars naming table, units and notes, and the paper author's fuller data "
        "files (github.com/jonsmirl/thesis @ 2279b0b), which are never bundled."
    ),
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    """Add the ``data`` sub-app to the main CLI."""
    app.add_typer(data_app, name="data")


@data_app.command("list")
def list_cmd(
    as_json: JSON_OPTION = False,
) -> None:
    """List the packaged datasets: name, paper versions that have it, title and source table."""
    from endodec import datasets

    emit(datasets.DatasetTable(datasets.list_datasets()), as_json)


@data_app.command("show")
def show_cmd(
    name: str = typer.Argument(..., help="Dataset name, e.g. dram, hbm, hyperscaler_capex, capex_test (see `endodec data list`)."),
    version: str = typer.Option(
        None, "--version", "-v",
        help="Paper version: 000 (earlier seed) or 001 (later seed). Default: the later version that has the table.",
    ),
    provenance: bool = typer.Option(
        False, "--provenance", help="Also print where the table comes from (seed file, table, file sha256), column units and transcription notes.",
    ),
    fmt: str = typer.Option("table", "--format", "-f", help="Output format: table, csv or json."),
) -> None:
    """Print one packaged table of the paper, validated against its schema."""
    from endodec import datasets
    from endodec.errors import ParameterError

    if fmt not in ("table", "csv", "json"):
        raise ParameterError("--format", fmt, "one of table, csv, json")
    df = datasets.load(name, version)
    prov = df.attrs["provenance"]
    meta = datasets.describe(name, prov["version"]) if provenance else None
    tab = datasets.DatasetTable(df, prov, meta)
    if fmt == "csv":
        typer.echo(df.to_csv(index=False), nl=False)
        if provenance:
            typer.echo(tab.provenance_text())
        return
    emit(tab, fmt == "json")


@data_app.command("template")
def template_cmd(
    name: str = typer.Argument(..., help="Dataset name (see `endodec data list`)."),
    version: str = typer.Option(None, "--version", "-v", help="Paper version of the dataset's schema (default: the later version that has it)."),
    out: Path = typer.Option(Path("."), "--out", "-o", help="Directory to write NAME.csv and NAME.yaml into (files that exist are never overwritten)."),
) -> None:
    """Write a CSV with the dataset's columns and one example row (the paper's first row), and its
    sidecar (units, column meanings, a note for your provenance), to fill with your own data and
    use with `endodec reproduce --data NAME=NAME.csv`."""
    import yaml

    from endodec import datasets
    from endodec._io import atomic_write_text
    from endodec.errors import OutputError

    meta = datasets.describe(name, version)
    prov_v = meta.get("version")
    raw = (datasets.data_dir() / meta.get("file", f"{name}_{prov_v}.csv")).read_text(
        encoding="utf-8").splitlines()
    csv_path, side_path = out / f"{meta['name']}.csv", out / f"{meta['name']}.yaml"
    for p in (csv_path, side_path):
        if p.exists():
            raise OutputError(p, "exists; endodec never overwrites your files: give another "
                                 "--out directory")
    side = {"name": meta["name"], "kind": "user data", "template_of":
            f"seed {prov_v} {meta.get('source', {}).get('table', '')}".strip(),
            "note": "describe your data here: source, date, licence, who collected it",
            "columns": {c: {k: v for k, v in (spec or {}).items() if k in ("unit", "description",
                                                                        "dtype")}
                        for c, spec in (meta.get("columns") or {}).items()}}
    out.mkdir(parents=True, exist_ok=True)
    atomic_write_text(csv_path, "\n".join(raw[:2]) + "\n")
    atomic_write_text(side_path, yaml.safe_dump(side, sort_keys=False, allow_unicode=True))
    typer.echo(f"wrote {csv_path} (columns and one example row) and {side_path} (units, your "
               f"note); use it with: endodec reproduce --data {meta['name']}={csv_path}")


@data_app.command("author")
def author_cmd(
    stem: str = typer.Argument(..., help="Author file stem, e.g. dram_learning_curve, hbm_pricing, capex_overinvestment_results."),
    directory: Path = typer.Option(
        None, "--dir", "--author-data", help="Author data directory (default: $ENDODEC_AUTHOR_DATA).",
    ),
    rows: int = typer.Option(0, "--rows", "-n", callback=check_range(0, integer=True),
                             help="Show only the first N rows (integer >= 0; 0 = all)."),
) -> None:
    """Print one of the author's data files (CSV as a table, .txt logs as text), with its provenance."""
    from endodec import datasets

    obj = datasets.load_author(stem, directory)
    path = datasets.author_path(stem, directory)
    typer.echo(f"{path.name} — author data, github.com/{datasets.AUTHOR_REPO} @ {datasets.AUTHOR_COMMIT[:7]}")
    if isinstance(obj, str):
        typer.echo("\n".join(obj.splitlines()[:rows]) if rows else obj, nl=True)
    elif isinstance(obj, dict):
        typer.echo(f"JSON object with {len(obj)} keys: {', '.join(list(obj)[:20])}")
    else:
        _echo_frame(obj.head(rows) if rows else obj)


@data_app.command("fetch-author")
def fetch_author_cmd(
    directory: Path = typer.Option(
        None, "--dir", help="Where to put the files (default ~/.cache/endodec/author-data, or $XDG_CACHE_HOME/endodec/author-data).",
    ),
    force: bool = typer.Option(False, "--force", help="Download again files already in the directory."),
) -> None:
    """Download the author's data files (github.com/jonsmirl/thesis, commit 2279b0b, thesis_data/) into a cache.

    Needs internet. Use the directory afterwards with --author-data DIR or ENDODEC_AUTHOR_DATA=DIR.
    """
    from endodec import datasets

    target = datasets.download_author_data(directory, force=force)
    typer.echo(f"author data in {target}")
    typer.echo(f"use it with: --author-data {target}   or   export ENDODEC_AUTHOR_DATA={target}")


@data_app.command("validate")
def validate_cmd(
    directory: Path = typer.Argument(..., help="A directory with the author's data files (e.g. made by `endodec data fetch-author`)."),
    as_json: JSON_OPTION = False,
) -> None:
    """Check an author-data directory: which files are present, and whether each passes light validation
    (required columns, positive prices, non-decreasing cumulative series). Exit code 1 if any file is
    missing or invalid."""
    from endodec import datasets

    rep = datasets.validate_author_dir(directory)

    def text() -> None:
        _echo_frame(rep[["stem", "file", "status", "rows"]])
        for _, r in rep[rep.status != "ok"].iterrows():
            typer.echo(f"{r['file']}: {r['message']}", err=True)

    emit(datasets.DatasetTable(rep), as_json, text=text)
    n_bad = int((rep.status != "ok").sum())
    if n_bad:
        typer.echo(f"{n_bad} of {len(rep)} files missing or invalid", err=True)
        raise typer.Exit(1)
    # with --json, stdout is the JSON alone
    typer.echo(f"all {len(rep)} author files present and valid", err=as_json)


def _echo_frame(df) -> None:
    from endodec.datasets import frame_text

    typer.echo(frame_text(df))
