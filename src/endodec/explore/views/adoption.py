"""Page -- Adoption (R0 vs cumulative production, regimes, share paths, implied R0)."""

from __future__ import annotations

import streamlit as st

from endodec.explore import logic
from endodec.explore.views import common

TITLE = "Adoption"
URL = "adoption"
ICON = "🦠"
MODULE = "endodec.model.adoption"


def render() -> None:
    st.title("Adoption")
    mod = logic.optional_module(MODULE)
    if mod is None:
        common.not_installed(MODULE, "R0 vs cumulative production, regimes, share paths, implied R0")
        return
    st.info("This page is not wired yet.")
