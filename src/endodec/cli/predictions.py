"""``endodec predictions``: the falsifiable predictions (seed 000 §6, seed 001 §7) and their
status against a user-maintained observations file."""

from __future__ import annotations

from pathlib import Path

import typer

from endodec.cli.common import JSON_OPTION, emit, option_names


def register(app: typer.Typer) -> None:
    """Add this module's command or group to the main CLI."""
    app.command("predictions")(predictions)


def predictions(
    observations: Path | None = typer.Option(None, "--observations", "-o", help="Observations "
                                             "CSV (metric,date,value,source,note); see "
                                             "--template."),
    template: Path | None = typer.Option(None, "--template", help="Write an empty observations "
                                         "template (one row per metric) to this file and exit. "
                                         "An existing file is never replaced (it may hold your "
                                         "observations) unless --overwrite is given."),
    overwrite: bool = typer.Option(False, "--overwrite", help="Replace an existing --template "
                                   "file."),
    version: str | None = typer.Option(None, "--version", "-v", help="Only seed 000 or 001 "
                                       "('000' or '001')."),
    as_of: str | None = typer.Option(None, "--as-of", help="Evaluation date (a valid date "
                                     "YYYY-MM-DD; default today)."),
    show: str | None = typer.Option(None, "--show", help="Print one prediction in full, e.g. "
                                    "'2*@000'."),
    json_out: JSON_OPTION = False,
) -> None:
    """Evaluate the paper's predictions (1, 2, 2*, 3-9, 7*) against observations: pending /
    supported / falsified / not evaluable, with the reason. endodec ships no observations."""

    names = {"as_of": "--as-of", "version": "--version", "prediction": "--show",
             "observations": "--observations"}
    with option_names(names):
        from endodec import predictions as P

        if template is not None:
            from endodec._io import check_file_target

            check_file_target(template, option="--template", overwrite=overwrite)
            p = P.write_template(template)
            typer.echo(f"wrote {p} ({len(P.metrics())} metrics; fill date and value)")
            return
        if show is not None:
            pid, _, ver = show.partition("@")
            emit(P.PredictionDetail(P.get(pid, ver or "001")), json_out)
            return
        emit(P.evaluate(observations, version=version, as_of=as_of), json_out)
