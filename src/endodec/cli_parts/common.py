"""Helpers shared by CLI modules."""

from __future__ import annotations

import json
from contextlib import contextmanager
from typing import Annotated

import typer
from rich.console import Console

console = Console()
err_console = Console(stderr=True)


def fail(msg: str, code: int = 2) -> None:
    """Print ``error: msg`` on stderr (literally: brackets such as ``endodec[dask]`` are not
    rich markup) and exit with ``code``."""
    print_error(msg)
    raise typer.Exit(code)


def print_error(msg: str) -> None:
    """``error: msg`` on stderr, the message printed literally (no rich markup)."""
    err_console.print("[bold red]error:[/] ", end="")
    err_console.print(str(msg), markup=False, highlight=False)


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


def emit(result, json_out: bool) -> None:
    """Print a result object: ``result.to_dict()`` as strict JSON, or ``result.summary()``."""
    if json_out:
        print_json(result.to_dict())
    else:
        typer.echo(result.summary())


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


# options of the game shared by sub-commands that play it (adoption path, extensions)
_N = Annotated[int, typer.Option("--N", "-N", help="Number of centralized firms (N >= 2).")]
_A = Annotated[float, typer.Option(help="Demand intercept a of P = a - bQ (eq. 4).")]
_B = Annotated[float, typer.Option(help="Demand slope b of P = a - bQ (eq. 4).")]
_R = Annotated[float, typer.Option(help="Discount rate r.")]
_DELTA = Annotated[float, typer.Option(help="Post-crossing displacement rate delta (eq. 5).")]
_X0 = Annotated[float, typer.Option(help="Initial distance to the crossing threshold x0.")]
_ST = Annotated[float, typer.Option("--S-T", help="Persistent training value S_T ('paper' convention).")]
_S = Annotated[float | None, typer.Option("--S", help="Continuation value S given directly (implies --convention direct).")]
_CONV = Annotated[str, typer.Option(help="Continuation value: 'code' (default), 'paper' (eq. 5) or 'direct' (--S).")]
_JSON = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]


def game_params(N, a, b, r, delta, x0, S_T, S, convention):
    """GameParams from the shared game options (``--S`` implies the 'direct' convention)."""
    from endodec.model.game import GameParams

    if S is not None:
        convention = "direct"
    return GameParams(N=N, a=a, b=b, r=r, delta=delta, x0=x0, S_T=S_T, S=S,
                      convention=convention)
