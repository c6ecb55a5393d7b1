"""The report's ledger table follows the ledger frame: any statuses, any columns."""

from __future__ import annotations

import pandas as pd

from endodec.report.html import LEDGER_HIDDEN, _ledger_context


def test_ledger_table_follows_the_frame():
    led = pd.DataFrame({
        "id": ["a", "b", "c"], "version": ["000", "001", "001"], "section": ["3.5", "3.10", "A"],
        "claim": ["x", "y", "z"], "status": ["reproduced", "reproduced under a reading", "error"],
        "reading_scope": ["", "Table 2", ""], "key": ["k1", "k2", "k3"],
        "computed": [1.5, float("nan"), None]})
    ctx = _ledger_context(led)
    keys = [k for k, _ in ctx["ledger_cols"]]
    assert keys == [c for c in led.columns if c not in LEDGER_HIDDEN]  # a new column is shown
    assert "reading_scope" in keys and "key" not in keys
    assert dict(ctx["ledger_statuses"]) == {"reproduced": 1, "reproduced under a reading": 1,
                                            "error": 1}
    assert ctx["ledger_versions"] == ["000", "001"]
    # majors first, then their sub-sections, in natural order (3.10 after 3.5)
    assert [v for v, _ in ctx["ledger_sections"]] == ["3", "3.5", "3.10", "A"]
    assert [r["computed"] for r in ctx["ledger"]] == ["1.5", "", ""]  # NaN / None shown blank
