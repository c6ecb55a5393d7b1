"""The readings of readings/adopt.csv: licensed verbatim by the paper, scoped to a whole table."""

from __future__ import annotations

from pathlib import Path

import pytest

from endodec.claims import load_claims, load_readings

REPO = Path(__file__).resolve().parents[2]
SEEDS = {"000": "000_deb3b41bcd93aae2.txt", "001": "001_e19c307f00e12d5b.txt"}


def _mine():
    return [r for r in load_readings() if r.source_file == "adopt.csv"]


def _seed(version: str) -> str:
    for root in (REPO.parent / "shared" / "seeds", REPO.parent.parent / "shared" / "seeds"):
        f = root / SEEDS[version]
        if f.is_file():
            return f.read_text(encoding="utf-8")
    pytest.skip("the paper's text (../shared/seeds) is absent")


def test_every_licence_is_quoted_verbatim():
    readings = _mine()
    assert readings
    for r in readings:
        assert r.licence in _seed(r.licence_version), r.reading


def test_every_reading_covers_a_whole_table():
    claims = load_claims().to_dict("records")
    for r in _mine():
        covered = [c for c in claims if r.covers(c)]
        assert len(covered) >= 2 and {c["table"] for c in covered} == {"Table 10"}, r.reading
