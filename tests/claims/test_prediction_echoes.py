"""Predictions are not reproductions (issue 15, item 4).

The predictions registry (``predictions.yaml``) is endodec's transcription of the paper's
predictions; a claim comparing a registry value with the paper compares the paper with itself.
The analysis marks such values as echoes and the ledger refuses a claim that points at one; the
predictions appear in the report as predictions, with their evaluation status.
"""

from __future__ import annotations

import functools

import pandas as pd
import pytest

from endodec.analyses import load_all
from endodec.analyses.base import Context, Value
from endodec.analyses.predictions import Echo
from endodec.claims import CLAIM_COLUMNS, evaluate, load_claims
from endodec.errors import LedgerError


@functools.cache
def _values() -> dict:
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        return load_all()["p-predictions"].run(Context(out=Path(tmp), fast=True))


def _claim(key: str, paper_value: str) -> pd.DataFrame:
    row = {c: "" for c in CLAIM_COLUMNS} | {
        "id": "p000-6-planted", "version": "000", "section": "6", "claim": "a planted echo",
        "paper_value": paper_value, "tolerance": "digits", "analysis": "p-predictions",
        "key": key, "source_file": "planted.csv", "source_row": "1"}
    return pd.DataFrame([row])


def test_a_claim_echoing_the_registry_is_refused():
    vals = _values()
    assert isinstance(vals["2_000_window"], Echo)
    with pytest.raises(LedgerError, match="is an echo"):
        evaluate(_claim("2_000_window", "2028-2030"), {"p-predictions": vals}, readings=[],
                 subset=True)
    led = evaluate(_claim("2_000_window", "2028-2030"), {"p-predictions": vals}, readings=[],
                   subset=True, strict=False)
    assert led["status"].iloc[0] != "reproduced"
    assert any("echo" in p for p in led.attrs["problems"])


def test_the_same_claim_on_a_computed_value_is_judged():
    led = evaluate(_claim("k", "2028-2030"), {"p-predictions": {"k": Value((2028, 2030))}},
                   readings=[], subset=True)
    assert led["status"].iloc[0] == "reproduced"


def test_every_registry_number_is_an_echo_and_the_checks_are_not():
    vals = _values()
    checks = {k for k, v in vals.items() if not getattr(v, "echo", False)}
    assert checks == {f"{k}_{v}" for v in ("000", "001") for k in (
        "n_numbered", "p2star_window_derived", "p7_phases_contiguous", "p2_window_vs_lag_table")}
    assert any(k.endswith("_deadline") for k in vals) and all(
        isinstance(vals[k], Echo) for k in vals if k.endswith(("_deadline", "_threshold")))


def test_no_packaged_claim_points_at_an_echo():
    vals = _values()
    claims = load_claims()
    mine = claims[claims["analysis"] == "p-predictions"]
    echoed = [r.id for r in mine.itertuples() if getattr(vals.get(r.key), "echo", False)]
    assert echoed == [] and len(mine) >= 8


def test_the_report_lists_the_predictions_with_their_status(tmp_path):
    from endodec import predictions as P
    from endodec.report.predictions import predictions_section

    reg = P.load_registry()
    html = predictions_section(as_of="2030-06-30")
    assert html.count('id="prediction-') == len(reg)
    assert "not evaluable" in html and "evaluated, not reproduced" in html
    obs = tmp_path / "obs.csv"
    obs.write_text("metric,date,value,source,note\n"
                   "consumer_stacked_memory_gb_under_200usd,2026,24,test,\n")
    html = predictions_section(as_of="2030-06-30", observations=obs)
    row = html.split('id="prediction-000-1"')[1].split("</tr>")[0]
    assert "<td>supported</td>" in row


def test_the_full_report_shows_predictions_apart_from_the_claims(full_run):
    html = (full_run.out / "report.html").read_text(encoding="utf-8")
    led = full_run.ledger
    pred = led[led["source_file"] == "predictions.csv"]
    assert not pred.empty and (pred["basis"] != "an echo, not a computation").all()
    claims_part, _, predictions_part = html.partition('<h2 id="predictions">')
    assert predictions_part and 'id="prediction-001-2*"' in predictions_part
    assert 'id="prediction-' not in claims_part
