"""Fixtures of the explorer tests: a real ``endodec reproduce`` output directory."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def reproduce_dir(tmp_path_factory):
    """A small real reproduce output (one analysis of the game, fast mode)."""
    from endodec.report.reproduce import reproduce

    out = tmp_path_factory.mktemp("explore-reproduce") / "results"
    reproduce(out=out, only=["s3.5-training-persistence"], fast=True)
    return out


def pytest_configure(config):
    config.addinivalue_line("markers", "figures: AppTest that also draws the page's figures")
