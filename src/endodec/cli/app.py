"""The ``endodec`` Typer app: the root group, its error boundary and ``main()``.

The command groups mirror the library: one module of :mod:`endodec.cli` per group, each exposing
``register(app)``, listed explicitly in :data:`GROUPS`. Every listed module must exist: a missing
one is an :class:`ImportError` at startup, never skipped.

Error boundary
--------------
No command prints a traceback unless asked. :class:`BoundaryGroup` wraps every command and turns

- endodec's typed errors (:mod:`endodec.errors`) into ``error: <message>`` and exit 2;
- ``OSError`` (a file that cannot be read or written) into ``error: cannot access FILE: reason``
  and exit 74 (``EX_IOERR``);
- ``UnicodeDecodeError`` into ``error: a file is not UTF-8 text`` and exit 65 (``EX_DATAERR``);
- ``MemoryError`` into a message suggesting smaller sizes or streaming, exit 71;
- ``KeyboardInterrupt`` into ``interrupted`` and exit 130;
- anything else into ``internal error`` (a bug in endodec) and exit 70 (``EX_SOFTWARE``).

``endodec --debug COMMAND ...`` (or ``ENDODEC_DEBUG=1``) re-raises instead, with the full traceback.
"""

from __future__ import annotations

import importlib
import os

import click
import typer
from typer.core import TyperGroup

from endodec import __version__
from endodec.cli.common import print_error

#: Exit codes of the error boundary (sysexits.h where one fits).
EXIT_USAGE, EXIT_ENDODEC, EXIT_DATA, EXIT_SOFTWARE, EXIT_OSERR, EXIT_IO = 2, 2, 65, 70, 71, 74

_DEBUG = {"on": False}


def debug_enabled() -> bool:
    """True when ``--debug`` was given or ``ENDODEC_DEBUG`` is set to a true value."""
    env = os.environ.get("ENDODEC_DEBUG", "").strip().lower()
    return _DEBUG["on"] or env not in ("", "0", "false", "no", "off")


def _message(exc: BaseException) -> tuple[str, int]:
    """The one-line message and the exit code for an exception reaching the boundary."""
    from endodec.errors import EndodecError

    if isinstance(exc, EndodecError):
        return str(exc), EXIT_ENDODEC
    if isinstance(exc, UnicodeDecodeError):
        return (f"a file is not UTF-8 text ({exc.reason} at byte {exc.start}); save it as UTF-8 "
                "(CSV files: 'CSV UTF-8' in a spreadsheet program)", EXIT_DATA)
    if isinstance(exc, MemoryError):
        return ("out of memory; ask for fewer points/draws/resamples, or stream a sweep with "
                "--out FILE.parquet", EXIT_OSERR)
    if isinstance(exc, OSError):
        target = exc.filename if exc.filename is not None else ""
        if exc.filename2 is not None:
            target = f"{exc.filename} -> {exc.filename2}"
        reason = exc.strerror or str(exc) or type(exc).__name__
        what = f"cannot access {target}: {reason}" if target else f"input/output error: {reason}"
        return what, EXIT_IO
    text = str(exc).splitlines()[0] if str(exc) else ""
    return (f"internal error ({type(exc).__name__}: {text}); this is a bug in endodec: please "
            "report it with the command you ran (rerun with --debug for the traceback)",
            EXIT_SOFTWARE)


def _orderly_exits() -> tuple[type[BaseException], ...]:
    """Exceptions that already are an orderly exit: usage errors, ``--help``, ``typer.Exit``.

    Typer >= 0.20 vendors its own click (``typer._click``, all under
    ``typer.exceptions.TyperException``); earlier versions use the click package. Both are
    collected so the boundary never mistakes a usage error for a bug.
    """
    found: list[type[BaseException]] = [SystemExit, typer.Exit, typer.Abort,
                                        click.exceptions.Exit, click.exceptions.Abort,
                                        click.ClickException]
    base = getattr(importlib.import_module("typer.exceptions"), "TyperException", None)
    if base is not None:
        found.append(base)
    return tuple(found)


_PASS_THROUGH = _orderly_exits()


class BoundaryGroup(TyperGroup):
    """The root command group: runs a command inside the error boundary (module docstring) and
    lists the commands in the order of :data:`GROUPS`."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        order = {name.replace("_", "-"): i for i, name in enumerate(GROUPS)}
        return sorted(super().list_commands(ctx), key=lambda n: order.get(n, len(order)))

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except _PASS_THROUGH:
            raise
        except KeyboardInterrupt:
            if debug_enabled():
                raise
            print_error("interrupted")
            raise typer.Exit(130) from None
        except Exception as exc:  # the boundary: nothing escapes as a traceback
            if debug_enabled():
                raise
            msg, code = _message(exc)
            print_error(msg)
            raise typer.Exit(code) from None


app = typer.Typer(
    name="endodec",
    cls=BoundaryGroup,
    help=(
        "Endogenous Decentralization: solve the paper's N-firm differential game, re-estimate its "
        "learning curves and empirical tests, and reproduce every table, figure and claim."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"endodec {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    debug: bool = typer.Option(False, "--debug", help="Show the full traceback of an error "
                               "(also: ENDODEC_DEBUG=1)."),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print endodec's version and exit."),
) -> None:
    """Endogenous Decentralization."""
    _DEBUG["on"] = debug


#: The command groups, in the order of ``endodec --help``: module ``endodec.cli.<name>`` adds
#: them with ``register(app)`` (``game solve|sweep|asymmetric|capacity|cannibalization``,
#: ``learning ...``, ``adoption ...``, ``empirics capex|export-controls ...|silicon ...``,
#: ``forecast``, ``predictions``, ``data ...``, ``reproduce``, ``explore``).
GROUPS = ("game", "learning", "adoption", "empirics", "forecast", "predictions", "data",
          "config", "reproduce", "compare", "robustness", "explore")


def register_groups(target: typer.Typer, groups=GROUPS) -> None:
    """Add every group of ``groups`` to ``target``; a missing module raises ImportError."""
    for name in groups:
        importlib.import_module(f"endodec.cli.{name}").register(target)


register_groups(app)


def main() -> None:
    """Entry point of the ``endodec`` console script and of ``python -m endodec``.

    Warnings print as one line each, ``warning: message`` (Python's format with ``--debug``).
    """
    import warnings

    from endodec.cli.common import format_warning

    python_format = warnings.formatwarning

    def one_line(message, category, filename, lineno, line=None):
        fmt = python_format if debug_enabled() else format_warning
        return fmt(message, category, filename, lineno, line)

    warnings.formatwarning = one_line
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
