"""Streamlit entry point of ``endodec explore`` (``streamlit run`` this file).

Pages are the modules listed in :data:`endodec.explore.views.PAGES`; each has ``render()``.
"""

from __future__ import annotations

import importlib
import os

import streamlit as st

from endodec.explore import ANY_HOST_ENV, host_allowed
from endodec.explore.views import PAGES

st.set_page_config(page_title="endodec explore", page_icon=":material/trending_down:", layout="wide")

_host = (getattr(st.context, "headers", None) or {}).get("Host")
if not host_allowed(_host, os.environ.get(ANY_HOST_ENV) == "1"):
    st.error(f"Request for host {_host!r} refused: this explorer answers only on this machine "
             "(localhost). Start it with `endodec explore --host ADDRESS` to expose it.")
    st.stop()

# Streamlit serves its default page at "/" only (its url_path is ignored: "/game" would say
# "Page not found"). So the default page is a landing page that switches to the first view, every
# view is a non-default page with a deep link "/<URL>", and the sidebar lists the views.
_pages = []
for name in PAGES:
    mod = importlib.import_module(f"endodec.explore.views.{name}")
    _pages.append(st.Page(mod.render, title=mod.TITLE, url_path=mod.URL, icon=mod.ICON))


def _landing() -> None:
    """The app root "/": go to the first view (so "/" and "/<its URL>" show the same page)."""
    st.switch_page(_pages[0])


_current = st.navigation([st.Page(_landing, title="endodec explore", url_path="", default=True),
                          *_pages], position="hidden")
with st.sidebar:
    for _p in _pages:
        st.page_link(_p)
_current.run()
