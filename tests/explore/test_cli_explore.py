"""``endodec explore``: the command line it runs, the bind address, the missing-extra message."""

from __future__ import annotations

import importlib.util
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from endodec.cli import app
from endodec.cli import explore as cli_explore
from endodec.explore import ANY_HOST_ENV, APP_PATH, host_allowed

runner = CliRunner()


def test_explore_runs_streamlit_on_localhost(monkeypatch):
    calls, envs = [], []
    monkeypatch.setattr(cli_explore, "run_server", lambda cmd, env: calls.append(cmd) or envs.append(env) or 0)
    res = runner.invoke(app, ["explore", "--port", "8765"])
    assert res.exit_code == 0, res.output
    assert "http://127.0.0.1:8765" in res.output
    (cmd,) = calls
    assert cmd[1:4] == ["-m", "streamlit", "run"] and cmd[4] == str(APP_PATH)
    opts = dict(zip(cmd[5::2], cmd[6::2], strict=True))
    assert opts["--server.address"] == "127.0.0.1" and opts["--server.port"] == "8765"
    assert opts["--server.headless"] == "true"
    assert opts["--client.toolbarMode"] == "minimal"  # no Deploy button
    assert ANY_HOST_ENV not in envs[0]  # loopback: the app checks the Host header


def test_explore_host_is_explicit_and_warned(monkeypatch):
    calls, envs = [], []
    monkeypatch.setattr(cli_explore, "run_server", lambda cmd, env: calls.append(cmd) or envs.append(env) or 3)
    res = runner.invoke(app, ["explore", "--host", "0.0.0.0", "-p", "9000"])
    assert res.exit_code == 3  # streamlit's exit status is passed through
    assert "reachable from other machines" in res.output
    assert calls[0][calls[0].index("--server.address") + 1] == "0.0.0.0"
    assert envs[0][ANY_HOST_ENV] == "1"


@pytest.mark.parametrize("host, ok", [
    ("localhost:8501", True), ("127.0.0.1:8501", True), ("[::1]:8501", True),
    ("LOCALHOST", True), ("localhost.:80", True), (None, True), ("", True),
    ("evil.example:8501", False), ("127.0.0.1.evil.example", False), ("[::2]:8501", False),
    ("localhost.evil.example", False), ("0.0.0.0:8501", False)])
def test_host_header_check(host, ok):
    assert host_allowed(host) is ok
    assert host_allowed(host, any_host=True)


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


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(c) for c in text.split()]


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has exited


@pytest.mark.slow
@pytest.mark.skipif(importlib.util.find_spec("streamlit") is None, reason="streamlit not installed")
@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_sigterm_stops_the_server_and_frees_the_port(tmp_path):
    port = _free_port()
    log = open(tmp_path / "explore.log", "w")  # noqa: SIM115
    proc = subprocess.Popen([sys.executable, "-m", "endodec", "explore", "--port", str(port)],
                            cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            if proc.poll() is not None or time.monotonic() > deadline:
                log.flush()
                pytest.fail("endodec explore did not start:\n" +
                            (tmp_path / "explore.log").read_text())
            time.sleep(0.3)
        servers = _children(proc.pid)
        assert servers, "endodec explore runs streamlit as a child process"
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=15) == 0
        for pid in servers:
            assert not _alive(pid), f"streamlit child {pid} still running"
        with socket.socket() as s:  # the port is free again
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind(("127.0.0.1", port))
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        log.close()
