"""Command line of endodec (Typer + rich).

Core commands (``solve``, ``reproduce``) live here; other parts of the paper add their commands from
modules in :mod:`endodec.cli_parts`, each exposing ``register(app)``.
"""

from __future__ import annotations

import importlib

import typer

app = typer.Typer(
    name="endodec",
    help=(
        "Endogenous Decentralization: solve the paper's N-firm differential game, re-estimate its "
        "learning curves and empirical tests, and reproduce every table, figure and claim."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

CLI_PARTS = ["game", "reproduce", "data", "learning", "adoption", "empirics",
             "export_controls", "silicon",
             "predictions", "sweep", "forecast", "explore"]


def _register_parts() -> None:
    for m in CLI_PARTS:
        name = f"endodec.cli_parts.{m}"
        try:
            mod = importlib.import_module(name)
        except ModuleNotFoundError as e:
            if e.name != name:
                raise
            continue
        mod.register(app)


_register_parts()


def main() -> None:  # console-script entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
