"""``endodec config``: the run configuration (show the effective one, write a template)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from endodec.cli.common import JSON_OPTION

config_app = typer.Typer(
    name="config",
    help=("The run configuration of `endodec reproduce --config FILE --set KEY=VALUE`: every "
          "game and adoption parameter (defaults: the paper's calibration, per version), the "
          "seed, and your own data files in place of packaged datasets."),
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    """Add the ``config`` sub-app to the main CLI."""
    app.add_typer(config_app, name="config")


@config_app.command("show")
def show_cmd(
    config: Annotated[Path | None, typer.Option("--config", help="A TOML run configuration.")] = None,
    set_: Annotated[list[str] | None, typer.Option("--set", help="SECTION.KEY=VALUE override (repeatable).")] = None,
    data: Annotated[list[str] | None, typer.Option("--data", help="NAME=FILE dataset override (repeatable).")] = None,
    as_json: JSON_OPTION = False,
) -> None:
    """Print the effective configuration and how it differs from the paper's."""
    import json

    from endodec.analyses.config import load_config
    from endodec.model.params import baseline

    cfg = load_config(config, set_, data)
    if as_json:
        typer.echo(json.dumps({"config": cfg.model_dump(mode="json"), "differences": [
            {"key": k, "paper": p, "run": v} for k, p, v in cfg.differences()]}, indent=1))
        return
    b0, b1 = baseline("000"), baseline("001")
    for key, value in cfg.flat().items():
        section, name = key.split(".", 1)
        if section == "game" and value is None:
            shown = (f"{b0[name]} (paper baseline)" if b0[name] == b1[name]
                     else f"{b0[name]} (seed 000) / {b1[name]} (seed 001)")
            if b0[name] is None:
                shown = "computed (paper convention)"
        else:
            shown = str(value)
        typer.echo(f"{key} = {shown}")
    diffs = cfg.differences()
    typer.echo("differences from the paper's configuration: "
               + ("none" if not diffs else "; ".join(f"{k}: {p} -> {v}" for k, p, v in diffs)))


@config_app.command("template")
def template_cmd(
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write the template to this file (refused if it exists); default: print it.")] = None,
) -> None:
    """Write a commented TOML configuration with every key, its default, unit and paper section."""
    from endodec._io import atomic_write_text
    from endodec.analyses.config import template
    from endodec.errors import OutputError

    text = template()
    if out is None:
        typer.echo(text, nl=False)
        return
    if out.exists():
        raise OutputError(out, "exists; endodec never overwrites your files: give a new path")
    atomic_write_text(out, text)
    typer.echo(f"wrote {out}")
