"""A ``reproduce --fast`` report shared by the report tests (one run per session), with the axes
of every figure recorded as the analyses save them."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def fast_report(full_run):
    """``reproduce(fast=True)`` on the packaged data (the session's ``full_run``, tests/conftest.py);
    ``.figure_axes``: figure name -> axes."""
    return full_run
