"""``endodec compare RUN_A RUN_B``: which claims, tables and figures two runs disagree on."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from endodec.cli.common import emit


def register(app: typer.Typer) -> None:
    """Add ``compare`` to the main CLI."""
    app.command("compare")(compare)


def compare(
    run_a: Annotated[Path, typer.Argument(help="First report directory (endodec reproduce --out DIR).")],
    run_b: Annotated[Path, typer.Argument(help="Second report directory.")],
    html: Annotated[Path | None, typer.Option("--html", help="Also write a self-contained HTML page with the changed figures side by side.")] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print the comparison as JSON.")] = False,
) -> None:
    """Compare two reproduce runs: claims whose status or value changed, tables and figures that
    changed, and the settings that differ.

    Typical use: reproduce the paper (--out paper), reproduce with your assumption (--out mine),
    then `endodec compare paper mine --html diff.html`.
    """
    from endodec._io import atomic_write_text
    from endodec.report.compare import compare_html, compare_runs

    res = compare_runs(run_a, run_b)
    if html is not None:
        atomic_write_text(html, compare_html(res))
    emit(res, json_out)
    if html is not None and not json_out:
        typer.echo(f"html: {html}")
