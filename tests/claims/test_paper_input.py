"""Paper numbers used as inputs are read from the claims ledger, not written in code."""

from __future__ import annotations

import pytest

from endodec.claims import claim, load_claims, paper_input


def test_paper_input_reads_the_claims_ledger():
    claims = load_claims().set_index("id")
    for cid in ("g000-3.7-tn-years", "g000-3.7-tc-years"):
        assert paper_input(cid) == float(claims.at[cid, "paper_value"])


def test_paper_input_errors():
    with pytest.raises(KeyError, match="no claim 'nope'"):
        paper_input("nope")
    claims = load_claims()
    rng = claims[claims["paper_value"].str.fullmatch(r"\d+(\.\d+)?-\d+(\.\d+)?")]["id"].iloc[0]
    with pytest.raises(ValueError, match="not a single number"):
        paper_input(rng)


def test_claim_is_the_row_of_that_id():
    claims = load_claims()
    rows = {r["id"]: r for r in claims.to_dict("records")}
    for cid in (claims["id"].iloc[0], claims["id"].iloc[len(claims) // 2], claims["id"].iloc[-1]):
        assert claim(cid) == rows[cid]
    with pytest.raises(KeyError, match="no claim 'nope' in the claims ledger"):
        claim("nope")
