"""Helpers shared by CLI modules."""

from __future__ import annotations

import json
import math
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


# ---------------------------------------------------------------------------------------------
# option checks shared by every CLI module
# ---------------------------------------------------------------------------------------------
def check_range(lo: float | None = None, hi: float | None = None, *, lo_open: bool = False,
                hi_open: bool = False, integer: bool = False):
    """A Typer option callback that rejects NaN, inf and values outside the range.

    click's ``FloatRange`` accepts ``nan`` (every comparison with NaN is false), so every float
    option of these commands goes through this check instead. The usage error names the option,
    the value and the allowed range (``Invalid value for '--efficiency': 2.0 is not a finite
    number in (0, 1]``). Lists (repeatable options) are checked element by element.

    Parameters
    ----------
    lo, hi : float, optional
        Bounds (None: unbounded).
    lo_open, hi_open : bool
        Exclude the bound itself.
    integer : bool
        Wording for integer options (the type itself is checked by click).
    """
    from endodec._validate import describe_range

    allowed = describe_range(lo, hi, lo_open, hi_open, integer)

    def callback(ctx: typer.Context, param: typer.CallbackParam, value):
        if ctx.resilient_parsing or value is None:
            return value
        for v in value if isinstance(value, (list, tuple)) else [value]:
            if v is None:
                continue
            f = float(v)
            ok = (math.isfinite(f) and (lo is None or (f > lo if lo_open else f >= lo))
                  and (hi is None or (f < hi if hi_open else f <= hi)))
            if not ok:
                raise typer.BadParameter(f"{v!r} is not {allowed}", ctx=ctx, param=param)
        return value

    return callback


@contextmanager
def option_names(mapping: dict[str, str]):
    """Re-raise the library's :class:`~endodec.errors.ParameterError` for a parameter in
    ``mapping`` (library name -> CLI option) under the CLI option's name, so the message says
    which option to change (``invalid parameter efficiency (--efficiency)=2.0: must be in
    (0, 1]``)."""
    from endodec.errors import ParameterError

    try:
        yield
    except ParameterError as e:
        opt = mapping.get(e.name)
        if opt is None:
            raise
        base = f"invalid parameter {e.name}={e.value!r}: must be {e.allowed}"
        msg = str(e)
        detail = msg[len(base):].strip()[1:-1] if msg.startswith(base) and len(msg) > len(base) else ""
        raise ParameterError(opt if opt == e.name else f"{e.name} ({opt})", e.value, e.allowed,
                             detail) from e


#: CLI options of the shared game parameters (``cli_parts/common.py``), by library name.
GAME_OPTIONS = {"N": "--N", "a": "--a", "b": "--b", "r": "--r", "delta": "--delta",
                "x0": "--x0", "S_T": "--S-T", "S": "--S", "convention": "--convention"}


# options of the game shared by sub-commands that play it (adoption path, extensions)
_N = Annotated[int, typer.Option("--N", "-N", help="Number of centralized firms: an integer >= 2.", callback=check_range(2, 2**53, integer=True))]
_A = Annotated[float, typer.Option(help="Demand intercept a of P = a - bQ (eq. 4), > 0.", callback=check_range(0, lo_open=True))]
_B = Annotated[float, typer.Option(help="Demand slope b of P = a - bQ (eq. 4), > 0.", callback=check_range(0, lo_open=True))]
_R = Annotated[float, typer.Option(help="Discount rate r, > 0.", callback=check_range(0, lo_open=True))]
_DELTA = Annotated[float, typer.Option(help="Post-crossing displacement rate delta (eq. 5), > 0.", callback=check_range(0, lo_open=True))]
_X0 = Annotated[float, typer.Option(help="Initial distance to the crossing threshold x0, >= 0.", callback=check_range(0))]
_ST = Annotated[float, typer.Option("--S-T", help="Persistent training value S_T ('paper' convention), >= 0.", callback=check_range(0))]
_S = Annotated[float | None, typer.Option("--S", help="Continuation value S given directly (implies --convention direct), >= 0.", callback=check_range(0))]
_CONV = Annotated[str, typer.Option(help="Continuation value: 'code' (default), 'paper' (eq. 5) or 'direct' (--S).")]
_JSON = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]


def game_params(N, a, b, r, delta, x0, S_T, S, convention):
    """GameParams from the shared game options (``--S`` implies the 'direct' convention)."""
    from endodec.model.game import GameParams

    if S is not None:
        convention = "direct"
    return GameParams(N=N, a=a, b=b, r=r, delta=delta, x0=x0, S_T=S_T, S=S,
                      convention=convention)
