"""Helpers shared by CLI modules."""

from __future__ import annotations

import json
from contextlib import contextmanager

import typer
from rich.console import Console

console = Console()
err_console = Console(stderr=True)


def fail(msg: str, code: int = 2) -> None:
    err_console.print(f"[bold red]error:[/] {msg}")
    raise typer.Exit(code)


@contextmanager
def friendly_errors():
    """Turn endodec's typed errors into a one-line message and exit code 2."""
    from endodec.errors import EndodecError

    try:
        yield
    except EndodecError as e:
        fail(str(e))


def print_json(obj) -> None:
    typer.echo(json.dumps(obj, indent=2, default=_default))


def _default(o):
    try:
        import numpy as np

        if isinstance(o, np.generic):
            return o.item()
        if isinstance(o, np.ndarray):
            return o.tolist()
    except ImportError:  # pragma: no cover
        pass
    return str(o)
