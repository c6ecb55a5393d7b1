"""The CLI's error boundary: no traceback on any path, one-line messages, exit codes, --debug."""

from __future__ import annotations

import subprocess
import sys

import pytest
from typer.testing import CliRunner

from endodec import cli
from endodec.errors import ParameterError

runner = CliRunner()


def _raise(exc):
    def f(*a, **k):
        raise exc
    return f


@pytest.mark.parametrize("exc, code, text", [
    (ParameterError("a", -1, "> 0"), 2, "invalid parameter a=-1: must be > 0"),
    (FileNotFoundError(2, "No such file or directory", "/x/y.csv"), 74,
     "cannot access /x/y.csv: No such file or directory"),
    (PermissionError(13, "Permission denied", "/root/out"), 74, "Permission denied"),
    (UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte"), 65, "not UTF-8"),
    (MemoryError(), 71, "out of memory"),
    (ZeroDivisionError("float division by zero"), 70, "internal error (ZeroDivisionError"),
    (KeyboardInterrupt(), 130, "interrupted"),
])
def test_boundary_turns_exceptions_into_messages(monkeypatch, exc, code, text):
    monkeypatch.setattr("endodec.model.game.solve", _raise(exc))
    r = runner.invoke(cli.app, ["game", "solve"])
    assert r.exit_code == code, r.output
    assert text in r.output
    assert "Traceback" not in r.output
    assert r.output.count("error:") == 1


def test_debug_shows_the_exception(monkeypatch):
    monkeypatch.setattr("endodec.model.game.solve", _raise(ZeroDivisionError("boom")))
    r = runner.invoke(cli.app, ["--debug", "game", "solve"])
    assert isinstance(r.exception, ZeroDivisionError)
    monkeypatch.setenv("ENDODEC_DEBUG", "1")
    r = runner.invoke(cli.app, ["game", "solve"])
    assert isinstance(r.exception, ZeroDivisionError)
    monkeypatch.setenv("ENDODEC_DEBUG", "0")
    r = runner.invoke(cli.app, ["game", "solve"])
    assert r.exit_code == 70 and r.exception.__class__ is SystemExit


def test_usage_errors_are_not_internal_errors():
    r = runner.invoke(cli.app, ["game", "solve", "--N", "abc"])
    assert r.exit_code == 2 and "internal error" not in r.output
    r = runner.invoke(cli.app, ["no-such-command"])
    assert r.exit_code == 2 and "internal error" not in r.output


def test_messages_are_literal_not_markup(monkeypatch):
    monkeypatch.setattr("endodec.model.game.solve",
                        _raise(ParameterError("x", 1, "see pip install 'endodec[dask]'")))
    r = runner.invoke(cli.app, ["game", "solve"])
    assert "endodec[dask]" in r.output


def test_version_and_python_m():
    r = runner.invoke(cli.app, ["--version"])
    assert r.exit_code == 0 and r.output.startswith("endodec ")
    p = subprocess.run([sys.executable, "-m", "endodec", "--version"], capture_output=True,
                       text=True, timeout=120)
    assert p.returncode == 0 and p.stdout.startswith("endodec ")


def test_every_group_is_required():
    import typer

    assert "game" in cli.GROUPS and "empirics" in cli.GROUPS
    target = typer.Typer()
    with pytest.raises(ImportError):  # a missing group module is an error, never skipped
        cli.register_groups(target, [*cli.GROUPS, "no_such_group"])


def test_old_command_paths_are_gone():
    for old in (["solve"], ["sweep"], ["silicon"], ["export-controls"], ["asymmetric"],
                ["adoption", "asymmetric"], ["adoption", "capacity"],
                ["adoption", "cannibalization"]):
        r = runner.invoke(cli.app, [*old, "--help"])
        assert r.exit_code == 2 and "No such command" in r.output, old
