"""``endodec explore``: an interactive model explorer in the browser (Streamlit).

The app (:mod:`endodec.explore.app`) is a thin layer over the library: every number it shows is
computed by the same functions the CLI and the report use. The computations the pages need are
pure functions in :mod:`endodec.explore.logic` (no Streamlit import), so they are unit-tested
without a browser; the pages in :mod:`endodec.explore.views` only lay out inputs and outputs.

Install the optional extra with ``pip install "endodec[explore]"`` and run ``endodec explore``.
"""

from __future__ import annotations

from pathlib import Path

APP_PATH = Path(__file__).with_name("app.py")

#: Set to "1" by ``endodec explore --host ADDR`` (a non-loopback address): any Host header is
#: then accepted. Otherwise the app answers only requests addressed to a loopback name, which
#: defeats DNS-rebinding attacks on the local server.
ANY_HOST_ENV = "ENDODEC_EXPLORE_ANY_HOST"
#: Host names accepted when the app is bound to this machine only.
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})

__all__ = ["APP_PATH", "ANY_HOST_ENV", "LOOPBACK_NAMES", "host_allowed"]


def host_allowed(host_header: str | None, any_host: bool = False) -> bool:
    """Whether a request with this ``Host`` header may see the app.

    Parameters
    ----------
    host_header : str or None
        The request's ``Host`` header (``"localhost:8501"``, ``"[::1]:8501"``); None or empty
        when there is no HTTP request (Streamlit's test harness), which is allowed.
    any_host : bool
        True when the user bound the app to a network address deliberately (``--host``).
    """
    if any_host or not host_header:
        return True
    h = host_header.strip().lower()
    if h.startswith("["):
        name = h[1:h.find("]")] if "]" in h else h[1:]
    else:
        name = h.rsplit(":", 1)[0] if h.count(":") == 1 else h
    return name.rstrip(".") in LOOPBACK_NAMES
