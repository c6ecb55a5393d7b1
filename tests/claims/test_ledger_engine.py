"""The ledger's rules, each shown refusing a planted violation (endodec.claims.ledger/readings)."""

from __future__ import annotations

import pandas as pd
import pytest

from endodec.analyses.base import Value
from endodec.claims import CLAIM_COLUMNS, evaluate, load_claims, load_readings
from endodec.claims.load import check_one_row_per_statement
from endodec.errors import LedgerError, SchemaError

LICENCE = "a sentence of the paper, quoted verbatim, that licenses this reading"


def _claims(*rows: dict) -> pd.DataFrame:
    base = {c: "" for c in CLAIM_COLUMNS}
    out = []
    for i, r in enumerate(rows, start=1):
        out.append(base | {"version": "000", "table": "Table 1", "section": "3.5",
                           "analysis": "a", "source_file": "t.csv", "source_row": str(i),
                           "claim": f"claim {i}", "tolerance": "digits"} | r)
    return pd.DataFrame(out)


def _readings(tmp_path, *rows: dict):
    d = tmp_path / "readings"
    d.mkdir(exist_ok=True)
    base = {"reading": "alt", "scope": "table:000:Table 1", "licence": LICENCE,
            "licence_version": "000", "changes": "baseline: N=4", "note": ""}
    pd.DataFrame([base | r for r in rows]).to_csv(d / "r.csv", index=False)
    return load_readings(d)


TWO = ({"id": "c1", "key": "k1", "paper_value": "2.0"},
       {"id": "c2", "key": "k2", "paper_value": "3.0"})


def test_as_worded_and_under_a_reading_are_counted_apart(tmp_path):
    rd = _readings(tmp_path, {})
    vals = {"a": {"k1": Value(2.0), "k2": Value(9.0, readings={"alt": 3.0}, note="n")}}
    vals["a"]["k1"].readings["alt"] = 7.0
    led = evaluate(_claims(*TWO), vals, readings=rd)
    assert led["status"].tolist() == ["reproduced", "reproduced under a reading"]
    assert "licensed by seed 000" in led["reading"].iloc[1]
    assert "does not match" in led["readings"].iloc[0]


def test_a_reading_that_contradicts_a_stated_condition_is_refused(tmp_path):
    rd = _readings(tmp_path, {})
    claims = _claims(TWO[0] | {"conditions": "baseline: N=5"}, TWO[1])
    vals = {"a": {"k1": Value(9.0, readings={"alt": 2.0}, note="differs",
                              conditions={"baseline": "N=5"}),
                  "k2": Value(3.0, readings={"alt": 1.0})}}
    led = evaluate(claims, vals, readings=rd)
    assert led["status"].iloc[0] == "not reproduced"
    assert "inadmissible" in led["readings"].iloc[0]


def test_the_primary_value_must_meet_the_stated_conditions():
    claims = _claims(TWO[0] | {"conditions": "estimator: OLS"})
    with pytest.raises(LedgerError, match="estimator"):
        evaluate(claims, {"a": {"k1": Value(2.0, conditions={"estimator": "endpoints"})}},
                 readings=[], subset=True)
    with pytest.raises(LedgerError, match="does not say"):
        evaluate(claims, {"a": {"k1": Value(2.0)}}, readings=[], subset=True)
    led = evaluate(claims, {"a": {"k1": Value(2.0, conditions={"estimator": "ols"})}},
                   readings=[], subset=True)
    assert led["status"].iloc[0] == "reproduced"


def test_other_version_material_is_not_the_claim_as_worded():
    with pytest.raises(LedgerError, match="seed 001 material"):
        evaluate(_claims(TWO[0]), {"a": {"k1": Value(2.0, conditions={"version": "001"})}},
                 readings=[], subset=True)


def test_a_single_row_scope_is_refused(tmp_path):
    rd = _readings(tmp_path, {"scope": "table:000:Table 9"})
    claims = _claims(*TWO, {"id": "c3", "key": "k3", "paper_value": "1", "table": "Table 9"})
    vals = {"a": {"k1": Value(2.0), "k2": Value(3.0), "k3": Value(1.0)}}
    with pytest.raises(LedgerError, match="never to one row"):
        evaluate(claims, vals, readings=rd)


def test_a_reading_applied_to_some_siblings_only_is_refused(tmp_path):
    rd = _readings(tmp_path, {})
    vals = {"a": {"k1": Value(9.0, readings={"alt": 2.0}, note="n"), "k2": Value(3.0)}}
    with pytest.raises(LedgerError, match="not to their siblings"):
        evaluate(_claims(*TWO), vals, readings=rd)


def test_an_undeclared_reading_is_refused():
    vals = {"a": {"k1": Value(9.0, readings={"my tuned reading": 2.0}, note="n")}}
    with pytest.raises(LedgerError, match="no readings file declares"):
        evaluate(_claims(TWO[0]), vals, readings=[], subset=True)


def test_a_claim_needing_a_missing_input_is_never_as_worded(tmp_path):
    claims = _claims(TWO[0] | {"needs": "calendar time unit"})
    led = evaluate(claims, {"a": {"k1": Value(2.0)}}, readings=[], subset=True)
    assert led["status"].iloc[0] == "underdetermined"
    with pytest.raises(LedgerError, match="cannot be 'not reproduced' as worded"):
        evaluate(claims, {"a": {"k1": Value(2.0, status="not reproduced", note="x")}},
                 readings=[], subset=True)


def test_not_reproduced_needs_a_why():
    with pytest.raises(LedgerError, match="without an explanation"):
        evaluate(_claims(TWO[0]), {"a": {"k1": Value(5.0)}}, readings=[], subset=True)


def test_a_missing_key_is_refused():
    with pytest.raises(LedgerError, match="did not return key"):
        evaluate(_claims(TWO[0]), {"a": {}}, readings=[], subset=True)


@pytest.mark.parametrize("change, match", [
    ({"licence": "short"}, "licenses it"),
    ({"licence_version": "002"}, "000 or 001"),
    ({"scope": "claim:c1"}, "never one claim"),
    ({"changes": ""}, "what it changes"),
    ({"changes": "mood: happy"}, "unknown key .mood."),
])
def test_bad_readings_data_is_refused_at_load(tmp_path, change, match):
    with pytest.raises(SchemaError, match=match) as e:
        _readings(tmp_path, change)
    assert e.value.row == 1 and e.value.column


def _write(tmp_path, rows):
    base = {c: "" for c in CLAIM_COLUMNS}
    pd.DataFrame([base | r for r in rows]).to_csv(tmp_path / "x.csv", index=False)


@pytest.mark.parametrize("change, column", [
    ({"analysis": "no-such-analysis"}, "analysis"),
    ({"conditions": "weather: sunny"}, "conditions"),
    ({"conditions": "baseline N=5"}, "conditions"),
    ({"version": "002"}, "version"),
    ({"tolerance": "rel:x"}, "tolerance"),
    ({"paper_value": ""}, "paper_value"),
])
def test_bad_claims_data_is_refused_at_load(tmp_path, change, column):
    _write(tmp_path, [{"id": "x-1", "version": "000", "paper_value": "1", "analysis": "a",
                       "key": "k"} | change])
    with pytest.raises(SchemaError) as e:
        load_claims(tmp_path, analyses={"a"})
    assert (e.value.file, e.value.row, e.value.column) == ("x.csv", 1, column)


def test_two_rows_for_one_statement_are_refused():
    claims = _claims(TWO[0], TWO[1] | {"key": "k1"})
    with pytest.raises(SchemaError, match="two rows for one statement"):
        check_one_row_per_statement(claims)
    claims = _claims(TWO[0], TWO[1] | {"claim": "Claim 1 "})
    with pytest.raises(SchemaError, match="same statement"):
        check_one_row_per_statement(claims)
    check_one_row_per_statement(_claims(*TWO))  # distinct statements pass


def test_a_configuration_other_than_the_papers_is_evaluated_not_refused():
    claims = _claims(TWO[0] | {"conditions": "baseline: N=5"})
    vals = {"a": {"k1": Value(7.0, conditions={"baseline": "N=8"})}}
    with pytest.raises(LedgerError):
        evaluate(claims, vals, readings=[], subset=True)
    led = evaluate(claims, vals, readings=[], subset=True, touched={"a": ["game.N"]})
    assert led["status"].iloc[0] == "not reproduced"
    assert "game.N" in led["explanation"].iloc[0]
