"""Loading and validating the claims data (endodec.claims.load)."""

from __future__ import annotations

import pandas as pd
import pytest

from endodec.claims import CLAIM_COLUMNS, claim_files, load_claims
from endodec.errors import DataWarning, SchemaError


def _row(cid: str) -> dict:
    return {c: "" for c in CLAIM_COLUMNS} | {"id": cid, "paper_value": "1.5", "analysis": "x",
                                            "key": f"k-{cid}", "version": "000",
                                            "claim": f"claim {cid}"}


def test_packaged_claims_are_complete():
    names = [e.name for e in claim_files()]
    assert names == sorted(names) and names
    claims = load_claims()
    assert list(claims.columns) == CLAIM_COLUMNS + ["source_file", "source_row"]
    assert set(claims["source_file"]) == set(names)
    assert claims["id"].is_unique


def test_a_directory_of_claims(tmp_path):
    pd.DataFrame([_row("a-1"), _row("a-2")]).to_csv(tmp_path / "a.csv", index=False)
    (tmp_path / "notes.txt").write_text("not a claims file")
    claims = load_claims(tmp_path)
    assert claims["id"].tolist() == ["a-1", "a-2"]
    assert set(claims["source_file"]) == {"a.csv"}


def test_no_claims_files_warns(tmp_path):
    with pytest.warns(DataWarning, match="no claims files"):
        claims = load_claims(tmp_path)
    assert claims.empty and list(claims.columns) == CLAIM_COLUMNS + ["source_file", "source_row"]


def test_missing_column_is_a_schema_error(tmp_path):
    pd.DataFrame([_row("a-1")]).drop(columns="tolerance").to_csv(tmp_path / "a.csv", index=False)
    with pytest.raises(SchemaError, match=r"a\.csv.*\['tolerance'\]"):
        load_claims(tmp_path)


def test_duplicate_ids_are_a_schema_error(tmp_path):
    pd.DataFrame([_row("a-1")]).to_csv(tmp_path / "a.csv", index=False)
    pd.DataFrame([_row("a-1")]).to_csv(tmp_path / "b.csv", index=False)
    with pytest.raises(SchemaError, match=r"a\.csv, b\.csv.*duplicate claim ids: \['a-1'\]"):
        load_claims(tmp_path)
