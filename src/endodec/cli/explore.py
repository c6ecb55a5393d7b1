"""``endodec explore``: start the interactive model explorer (Streamlit) in the browser."""

from __future__ import annotations

import importlib.util
import signal
import subprocess
import sys
import time
from typing import Annotated

import typer

INSTALL_HINT = 'pip install "endodec[explore]"'


def register(app: typer.Typer) -> None:
    """Add this module's command or group to the main CLI."""
    app.command("explore")(explore)


def streamlit_command(host: str, port: int) -> list[str]:
    """The ``streamlit run`` command line for the explorer app."""
    from endodec.explore import APP_PATH

    return [sys.executable, "-m", "streamlit", "run", str(APP_PATH),
            "--server.address", host, "--server.port", str(port),
            "--server.headless", "true", "--browser.gatherUsageStats", "false",
            "--client.toolbarMode", "minimal"]  # no Deploy button, no developer menu


STOP_TIMEOUT = 10.0
"""Seconds ``endodec explore`` waits for the server after forwarding SIGTERM/SIGINT."""


def run_server(cmd: list[str], env: dict[str, str]) -> int:
    """Run the Streamlit server; forward SIGTERM and SIGINT to it and wait, so the port is freed.

    Parameters
    ----------
    cmd : list of str
        The command line (:func:`streamlit_command`).
    env : dict
        The server's environment.

    Returns
    -------
    int
        The server's exit status (0 when it stopped on a forwarded signal); a server that does
        not stop within :data:`STOP_TIMEOUT` seconds is killed.
    """
    proc = subprocess.Popen(cmd, env=env)
    stopping = []

    def forward(signum, _frame):
        stopping.append(signum)
        if proc.poll() is None:
            proc.send_signal(signum)

    old = {s: signal.signal(s, forward) for s in (signal.SIGTERM, signal.SIGINT)}
    deadline = None
    try:
        while True:
            try:
                rc = proc.wait(timeout=0.2)
                break
            except subprocess.TimeoutExpired:
                if stopping and deadline is None:
                    deadline = time.monotonic() + STOP_TIMEOUT
                elif deadline is not None and time.monotonic() > deadline:
                    proc.kill()
    finally:
        for s, h in old.items():
            signal.signal(s, h)
    return 0 if stopping else rc


def _valid_host(host: str) -> bool:
    """An IP address literal (``[::1]`` accepted) or an RFC 1123 host name."""
    import ipaddress
    import re

    h = host.strip()
    try:
        ipaddress.ip_address(h.strip("[]"))
        return True
    except ValueError:
        pass
    labels = h.rstrip(".").split(".")
    return (0 < len(h) <= 253 and all(re.fullmatch(r"[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?", lb)
                                      for lb in labels))


def explore(
    port: Annotated[int, typer.Option("--port", "-p", help="Local port of the web app.")] = 8501,
    host: Annotated[str, typer.Option(
        "--host", help="Address to bind. Default 127.0.0.1 (this machine only); give 0.0.0.0 "
                       "to expose the app on the network deliberately. Bound to this machine, the app answers only requests addressed to localhost/127.0.0.1/[::1] (Host header check).")] = "127.0.0.1",
) -> None:
    """Open the interactive model explorer: sliders for the game, comparative statics, learning
    curves, adoption, forecast, the claims ledger and the silicon calculator (Streamlit).

    Needs the optional extra: pip install "endodec\\[explore]". Stop it with Ctrl-C.
    """
    from endodec.cli.common import fail

    try:
        found = importlib.util.find_spec("streamlit") is not None
    except (ImportError, ValueError):  # a broken or blocked installation
        found = False
    if not found:
        fail("the explorer needs Streamlit, which is not installed; install the optional extra: "
             f"{INSTALL_HINT}", 1)
    if not _valid_host(host):
        fail(f"invalid --host {host!r}: must be an IP address or a host name (letters, digits, "
             "'-', '.')", 2)
    if not 0 < port < 65536:
        fail(f"invalid --port {port}: must be in 1..65535", 2)
    shown = f"[{host}]" if ":" in host else host
    typer.echo(f"endodec explore: http://{shown}:{port}  (Ctrl-C to stop)")
    if host not in ("127.0.0.1", "localhost", "::1"):
        typer.echo(f"warning: bound to {host}: the app is reachable from other machines.")
    import os

    from endodec.explore import ANY_HOST_ENV, LOOPBACK_NAMES

    env = dict(os.environ)
    env.pop(ANY_HOST_ENV, None)
    if host.strip("[]") not in LOOPBACK_NAMES:
        env[ANY_HOST_ENV] = "1"  # bound to a network address deliberately: any Host header
    raise typer.Exit(run_server(streamlit_command(host, port), env))
