"""Page -- Silicon (bandwidth calculator and crossing condition)."""

from __future__ import annotations

import streamlit as st

from endodec.explore import logic
from endodec.explore.views import common

TITLE = "Silicon"
URL = "silicon"
ICON = "💻"
MODULE = "endodec.empirics.silicon"


def render() -> None:
    st.title("Silicon")
    mod = logic.optional_module(MODULE)
    if mod is None:
        common.not_installed(MODULE, "bandwidth calculator and crossing condition")
        return
    st.info("This page is not wired yet.")
