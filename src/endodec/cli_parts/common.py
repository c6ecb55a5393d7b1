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
    """Print ``obj`` as strict JSON: NumPy values as Python ones, infinities as the strings
    ``"inf"``/``"-inf"`` and NaN as ``null`` (strict JSON has neither)."""
    typer.echo(json.dumps(_clean(obj), indent=2, default=str, allow_nan=False))


def _clean(o):
    import math

    import numpy as np

    if isinstance(o, dict):
        return {k: _clean(v) for k, v in o.items()}
    if isinstance(o, (list, tuple)):
        return [_clean(v) for v in o]
    if isinstance(o, np.ndarray):
        return _clean(o.tolist())
    if isinstance(o, np.generic):
        o = o.item()
    if isinstance(o, float) and not math.isfinite(o):
        return None if math.isnan(o) else ("inf" if o > 0 else "-inf")
    return o
