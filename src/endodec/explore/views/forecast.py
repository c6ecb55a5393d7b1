"""Page -- Forecast (the distributional crossing-year forecast)."""

from __future__ import annotations

import streamlit as st

from endodec.explore import logic
from endodec.explore.views import common

TITLE = "Forecast"
URL = "forecast"
ICON = "🔮"
MODULE = "endodec.sweep.forecast"


def render() -> None:
    st.title("Forecast")
    mod = logic.optional_module(MODULE)
    if mod is None:
        common.not_installed(MODULE, "the distributional crossing-year forecast")
        return
    st.info("This page is not wired yet.")
