"""Helpers shared by the CLI's group modules.

Output: :func:`print_error`, :func:`fail` and :func:`emit` (a result's ``to_dict()`` as strict JSON
with ``--json``, else its text). Options: :func:`check_range` (finite
values in a range), :func:`option_names` (library parameter names -> CLI options in messages) and
:func:`game_options`, the game's options built from :data:`endodec.model.params.GAME_PARAMS`.

Errors are not caught here: :class:`endodec.cli.app.BoundaryGroup` turns endodec's typed errors
into ``error: ...`` and exit status 2.
"""

from __future__ import annotations

import functools
import inspect
import json
import math
from contextlib import contextmanager
from typing import Annotated

import typer
from rich.console import Console

from endodec.model.params import GAME_PARAMS, N_MAX

console = Console()
err_console = Console(stderr=True)


def fail(msg: str, code: int = 2) -> None:
    """Print ``error: msg`` on stderr (literally: brackets such as ``endodec[dask]`` are not
    rich markup) and exit with ``code``."""
    print_error(msg)
    raise typer.Exit(code)


def print_error(msg: str) -> None:
    """``error: msg`` on stderr, the message printed literally (no rich markup) and on one line
    (``soft_wrap``: rich inserts no line breaks at the console width; the terminal wraps)."""
    err_console.print("[bold red]error:[/] ", end="", soft_wrap=True)
    err_console.print(str(msg), markup=False, highlight=False, soft_wrap=True)


def format_warning(message, category, filename, lineno, line=None) -> str:
    """``warnings.formatwarning`` of the CLI: ``warning: message`` on one line (no file name, line
    number or source line; ``--debug`` keeps Python's format)."""
    return f"warning: {' '.join(str(message).split())}\n"


#: Install command of each optional extra (printed literally: the brackets are not markup).
INSTALL_HINTS = {extra: f'pip install "endodec[{extra}]"'
                 for extra in ("jax", "dask", "explore", "hub")}


def require_extra(module: str, extra: str, what: str, code: int = 2) -> None:
    """Exit with a one-line ``error:`` naming the install command when the optional dependency
    ``module`` of the extra ``extra`` cannot be imported (before any work or progress bar).

    Parameters
    ----------
    module : str
        The module to import (``"jax"``, ``"distributed"``, ``"streamlit"``, ...).
    extra : str
        The endodec extra that installs it (a key of :data:`INSTALL_HINTS`).
    what : str
        What needs it, as the user asked for it (``"--backend jax"``).
    code : int
        Exit status (default 2, invalid usage).
    """
    import importlib

    try:
        importlib.import_module(module)
    except ImportError:
        fail(f"{what} needs {module}, which is not installed; install the optional extra: "
             f"{INSTALL_HINTS[extra]}", code)


def emit(result, json_out: bool, text=None) -> None:
    """Print a result object: with ``--json`` exactly ``result.to_dict()`` as strict JSON
    (:func:`endodec.results.jsonable`: no NaN or Infinity tokens), else its summary.

    Every ``--json`` of the CLI goes through here.

    Parameters
    ----------
    result : endodec.results.ResultBase
        The library's result.
    json_out : bool
        The command's ``--json`` flag.
    text : callable, optional
        Prints the human-readable form (default: ``typer.echo(result.summary())``).
    """
    if json_out:
        from endodec.results import jsonable

        typer.echo(json.dumps(jsonable(result.to_dict()), indent=2, allow_nan=False))
    elif text is not None:
        text()
    else:
        typer.echo(result.summary())


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


# ---------------------------------------------------------------------------------------------
# the game's options, built from the parameter table (endodec.model.params.GAME_PARAMS)
# ---------------------------------------------------------------------------------------------
#: The ``--json`` flag of every command that has one.
JSON_OPTION = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]

#: The game's options in the order of ``--help``: library name -> CLI option (from the table).
GAME_OPTIONS = {**{k: p.option for k, p in GAME_PARAMS.items()}, "convention": "--convention"}

#: Help of ``--convention`` (the continuation value S of eq. 5).
CONVENTION_HELP = ("Continuation value S at the crossing: 'code' = (a/(N+1))^2/b/(r+delta) (the "
                   "author's script, default; reproduces the headline numbers), 'paper' = S_T + "
                   "S_I/(N(r+delta)) (eq. 5) or 'direct' = --S.")


def param_allowed(p) -> str:
    """The allowed range of parameter ``p`` in words (the integer rule states its upper bound)."""
    if p.integer:
        return f"{p.allowed} and <= 2**{int(math.log2(N_MAX))}"
    return p.allowed


def _table_check(p):
    """Option callback: reject a value the table's rule ``p.invalid`` rejects (NaN, inf, out of
    range), naming the option, the value and the allowed range."""
    allowed = param_allowed(p)

    def callback(ctx: typer.Context, param: typer.CallbackParam, value):
        if ctx.resilient_parsing or value is None:
            return value
        if bool(p.invalid(float(value))):
            raise typer.BadParameter(f"{value!r} is not {allowed}", ctx=ctx, param=param)
        return value

    return callback


def _game_parameter(name: str) -> inspect.Parameter:
    """The keyword parameter of a command for the game's parameter ``name`` (its option, help,
    range check and default from the table; the baseline of seed 000, which seed 001 shares)."""
    from endodec.model.game import CONVENTIONS, GameParams

    if name == "convention":
        opt = typer.Option(GameParams.convention, "--convention",
                           help=f"{CONVENTION_HELP} One of {', '.join(CONVENTIONS)}.")
        return inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=opt,
                                 annotation=str)
    p = GAME_PARAMS[name]
    decls = (p.option, "-N") if name == "N" else (p.option,)
    extra = " Implies --convention direct." if name == "S" else ""
    base = p.baseline()
    opt = typer.Option(base, *decls, callback=_table_check(p),
                       help=f"{p.help}{extra} Allowed: {param_allowed(p)}. "
                            f"Paper: {p.ref.split(';')[0]}.")
    kind = int if p.integer else (float if base is not None else float | None)
    return inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=opt, annotation=kind)


def game_options(exclude: tuple[str, ...] = ()):
    """Decorator: add the game's options (:data:`GAME_OPTIONS`, built from ``GAME_PARAMS``) to a
    command and pass their values to it as one keyword argument ``game`` (a dict by library
    name; :func:`game_params` turns it into :class:`~endodec.model.game.GameParams`).

    Parameters
    ----------
    exclude : tuple of str
        Parameters the command sets itself (e.g. ``("x0",)``); they are not options.
    """
    names = [n for n in GAME_OPTIONS if n not in exclude]

    def decorate(func):
        sig = inspect.signature(func, eval_str=True)
        own = [q.replace(kind=inspect.Parameter.KEYWORD_ONLY)
               for q in sig.parameters.values() if q.name != "game"]
        extra = [_game_parameter(n) for n in names]

        @functools.wraps(func)
        def command(*args, **kwargs):
            kwargs["game"] = {n: kwargs.pop(n) for n in names}
            return func(*args, **kwargs)

        params = extra + own  # the game's options first in --help
        command.__signature__ = sig.replace(parameters=params)
        command.__annotations__ = {q.name: q.annotation for q in params}
        del command.__wrapped__  # typer reads the signature above, not the wrapped function's
        return command

    return decorate


def game_params(game: dict):
    """:class:`~endodec.model.game.GameParams` from the values of :func:`game_options`
    (``--S`` implies the 'direct' convention)."""
    from endodec.model.game import GameParams

    kw = dict(game)
    if kw.get("S") is not None:
        kw["convention"] = "direct"
    return GameParams(**kw)
