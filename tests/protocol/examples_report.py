"""Protocol examples of the report's results (see test_protocol.py)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from endodec.analyses.base import Artifact, Value
from endodec.claims import CLAIM_COLUMNS, evaluate
from endodec.report.compare import CompareResult
from endodec.report.reproduce import ReproduceResult


def _reproduce_result() -> ReproduceResult:
    claims = pd.DataFrame([{c: "" for c in CLAIM_COLUMNS} | {
        "id": f"t000-1.{i}", "version": "000", "section": "1", "paper_value": pv,
        "analysis": "t-demo", "key": f"k{i}", "source_file": "demo.csv"}
        for i, pv in enumerate(["1.5", "2-3", "true"])])
    values = {"t-demo": {"k0": Value(1.5), "k1": Value(4.0, note="differs"), "k2": Value(True)}}
    art = Artifact("table", "tab_demo", "A demo table",
                   ["tables/tab_demo.csv", "tables/tab_demo.md", "tables/tab_demo.tex"],
                   analysis="t-demo", section="1", version="000")
    return ReproduceResult(out=Path("results"), ledger=evaluate(claims, values, readings=[]), artifacts=[art],
                           timings={"t-demo": 0.01}, errors={}, skipped_author=[], seconds=0.5,
                           manifest={"seed": 20260221, "fast": True})


def _compare_result() -> CompareResult:
    sc = pd.DataFrame([{"id": "t000-1.0", "version": "000", "section": "1", "claim": "x = 1.5",
                        "status_a": "reproduced", "status_b": "not reproduced",
                        "computed_a": "1.5", "computed_b": "2"}])
    vc = pd.DataFrame([{"id": "t000-1.1", "computed_a": "4", "computed_b": "4.5", "change": 0.5,
                        "rel_change": 0.125}])
    arts = pd.DataFrame([{"name": "fig_demo", "kind": "figure", "change": "changed",
                          "file": "figures/fig_demo.png"}])
    st = pd.DataFrame([{"key": "seed", "a": "1", "b": "2"}])
    return CompareResult(Path("a"), Path("b"), sc, vc, [], ["t000-9"], arts, st, 3)


EXAMPLES = {ReproduceResult: _reproduce_result, CompareResult: _compare_result}
