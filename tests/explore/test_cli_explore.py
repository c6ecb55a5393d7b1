"""``endodec explore``: the command line it runs, the bind address, the missing-extra message."""

from __future__ import annotations

import importlib.util

from typer.testing import CliRunner

from endodec.cli import app
from endodec.cli_parts import explore as cli_explore
from endodec.explore import APP_PATH

runner = CliRunner()


def test_explore_runs_streamlit_on_localhost(monkeypatch):
    calls = []
    monkeypatch.setattr(cli_explore.subprocess, "call", lambda cmd: calls.append(cmd) or 0)
    res = runner.invoke(app, ["explore", "--port", "8765"])
    assert res.exit_code == 0, res.output
    assert "http://127.0.0.1:8765" in res.output
    (cmd,) = calls
    assert cmd[1:4] == ["-m", "streamlit", "run"] and cmd[4] == str(APP_PATH)
    opts = dict(zip(cmd[5::2], cmd[6::2], strict=True))
    assert opts["--server.address"] == "127.0.0.1" and opts["--server.port"] == "8765"
    assert opts["--server.headless"] == "true"


def test_explore_host_is_explicit_and_warned(monkeypatch):
    calls = []
    monkeypatch.setattr(cli_explore.subprocess, "call", lambda cmd: calls.append(cmd) or 3)
    res = runner.invoke(app, ["explore", "--host", "0.0.0.0", "-p", "9000"])
    assert res.exit_code == 3  # streamlit's exit status is passed through
    assert "reachable from other machines" in res.output
    assert calls[0][calls[0].index("--server.address") + 1] == "0.0.0.0"


def test_explore_bad_port():
    res = runner.invoke(app, ["explore", "--port", "70000"])
    assert res.exit_code == 2 and "--port" in res.output


def test_explore_without_streamlit_says_how_to_install(monkeypatch):
    real = importlib.util.find_spec
    monkeypatch.setattr(cli_explore.importlib.util, "find_spec",
                        lambda name, *a: None if name == "streamlit" else real(name, *a))
    res = runner.invoke(app, ["explore"])
    assert res.exit_code == 1
    assert 'pip install "endodec[explore]"' in res.output


def test_help_mentions_the_extra():
    res = runner.invoke(app, ["explore", "--help"])
    assert res.exit_code == 0 and "endodec[explore]" in res.output and "--host" in res.output
