"""``endodec explore``: an interactive model explorer in the browser (Streamlit).

The app (:mod:`endodec.explore.app`) is a thin layer over the library: every number it shows is
computed by the same functions the CLI and the report use. The computations the pages need are
pure functions in :mod:`endodec.explore.logic` (no Streamlit import), so they are unit-tested
without a browser; the pages in :mod:`endodec.explore.views` only lay out inputs and outputs.

Install the optional extra with ``pip install "endodec[explore]"`` and run ``endodec explore``.
"""

from pathlib import Path

APP_PATH = Path(__file__).with_name("app.py")

__all__ = ["APP_PATH"]
