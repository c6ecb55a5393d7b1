"""A full run's ledger keeps the ledger's rules, file by file (endodec.claims.ledger).

The engine refuses violations (tests/claims/test_ledger_engine.py plants each one); these tests
run the real analyses and check that no claims file breaks a rule, so a file's owner can run
``pytest tests/claims -k <file>``.
"""

from __future__ import annotations

import pytest

from endodec.claims import AS_WORDED, load_claims
from endodec.claims.load import check_one_row_per_statement

from .ledger_checks import CLAIM_FILES, problems_of_file, rows_of_file, untraced_numbers


@pytest.mark.parametrize("name", CLAIM_FILES)
def test_no_rule_violations(full_run, name):
    assert problems_of_file(full_run, name) == []


@pytest.mark.parametrize("name", CLAIM_FILES)
def test_no_rule_violations_with_author_data(full_run_author, name):
    assert problems_of_file(full_run_author, name) == []


@pytest.mark.parametrize("name", CLAIM_FILES)
def test_one_row_per_statement(name):
    claims = load_claims()
    check_one_row_per_statement(claims[claims["source_file"] == name])


def test_one_row_per_statement_across_files():
    check_one_row_per_statement(load_claims())


@pytest.mark.parametrize("name", CLAIM_FILES)
def test_explanations_are_computed_not_typed(full_run, name):
    bad = {r["id"]: untraced_numbers(r) for r in rows_of_file(full_run.ledger, name)
           .to_dict("records")}
    assert {k: v for k, v in bad.items() if v} == {}


@pytest.mark.parametrize("name", CLAIM_FILES)
def test_explanations_are_computed_not_typed_with_author_data(full_run_author, name):
    bad = {r["id"]: untraced_numbers(r) for r in rows_of_file(full_run_author.ledger, name)
           .to_dict("records")}
    assert {k: v for k, v in bad.items() if v} == {}


def test_a_claim_needing_a_missing_input_is_never_judged_as_worded(full_run):
    led = full_run.ledger
    assert not ((led["needs"] != "") & led["status"].isin(AS_WORDED)).any()


def test_an_untraced_number_is_caught():
    row = {"explanation": "59 of the 69 constrained models (Table 3, seed 000)",
           "computed": "69", "facts": "n_constrained=69"}
    assert untraced_numbers(row) == ["59"]
    row["facts"] += "; n_flagged=59"
    assert untraced_numbers(row) == []
