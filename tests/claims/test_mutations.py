"""Every check can fail: a perturbation flips its status (rule 3 of the ledger).

- Numeric claims compared with the paper: moving the paper value outside the tolerance flips a
  match, and putting the computed value in its place flips a mismatch.
- Statements (true/false or text) and statuses an analysis determines need a registered
  mutation of their inputs (``tests/claims/mutations/``); a claim without one fails
  :func:`test_every_statement_check_has_a_mutation`, and a mutation that flips nothing fails
  :func:`test_mutation_flips`.
"""

from __future__ import annotations

import functools

import pytest

from endodec.analyses import REGISTRY, load_all
from endodec.analyses.base import Context
from endodec.claims import evaluate, load_claims, parse_expected

from .ledger_checks import CLAIM_FILES, rows_of_file
from .mutations import all_mutations

MUTATIONS = all_mutations()
COMPARED = ("computed value as worded", "only a declared reading", "neither the value")
EXEMPT_BASIS = ("not run", "the paper does not give")


def _mutated_paper_value(row: dict) -> str | None:
    exp = parse_expected(row["paper_value"])
    if row["status"] == "not reproduced":
        return row["computed"] or None
    if exp.kind in ("number", "range"):
        far = 1e3 * (abs(exp.hi) + 1)
        return f"{exp.hi + far:g}"
    if exp.kind in ("gt", "ge"):
        return f"<{exp.lo - 1e9:g}"
    if exp.kind in ("lt", "le"):
        return f">{exp.lo + 1e9:g}"
    return None


@pytest.mark.parametrize("name", CLAIM_FILES)
def test_paper_value_mutation_flips_every_compared_claim(full_run, name):
    led = rows_of_file(full_run.ledger, name)
    claims = load_claims().set_index("id")
    stuck = []
    for row in led.to_dict("records"):
        if not row["basis"].startswith(COMPARED):
            continue
        if parse_expected(row["paper_value"]).kind in ("bool", "text"):
            continue  # statements: registered input mutations (below)
        new = _mutated_paper_value(row)
        c = claims.loc[[row["id"]]].reset_index()
        c["paper_value"] = new
        again = evaluate(c, full_run.values, subset=True, strict=False)
        if new is None or again["status"].iloc[0] == row["status"]:
            stuck.append(row["id"])
    assert stuck == []


def _needs_mutation(row: dict) -> bool:
    if row["basis"].startswith(EXEMPT_BASIS) or row["status"] in ("needs author data", "error"):
        return False
    return (row["basis"] == "determined by the analysis"
            or parse_expected(row["paper_value"]).kind in ("bool", "text"))


def _covered() -> set[tuple[str, str]]:
    return {(m.analysis, k) for m in MUTATIONS for k in m.keys}


@pytest.mark.parametrize("name", CLAIM_FILES)
def test_every_statement_check_has_a_mutation(full_run, name):
    covered = _covered()
    missing = sorted({r["id"] for r in rows_of_file(full_run.ledger, name).to_dict("records")
                      if _needs_mutation(r) and (r["analysis"], r["key"]) not in covered})
    assert missing == []


@pytest.mark.parametrize("name", CLAIM_FILES)
def test_every_statement_check_has_a_mutation_with_author_data(full_run_author, name):
    covered = _covered()
    missing = sorted({r["id"] for r in rows_of_file(full_run_author.ledger, name)
                      .to_dict("records")
                      if _needs_mutation(r) and (r["analysis"], r["key"]) not in covered})
    assert missing == []


def _run(aid: str, tmp_path, author_data):
    load_all()
    ctx = Context(out=tmp_path, author_data=author_data, fast=True)
    return REGISTRY[aid].run(ctx)


@functools.cache
def _baseline_statuses(aid: str, author: str | None) -> dict[str, list[str]]:
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        vals = _run(aid, Path(tmp), Path(author) if author else None)
    return _statuses(aid, vals)


def _statuses(aid: str, vals) -> dict[str, list[str]]:
    claims = load_claims()
    claims = claims[claims["analysis"] == aid]
    led = evaluate(claims, {aid: vals}, subset=True, strict=False)
    out: dict[str, list[str]] = {}
    for k, s in zip(led["key"], led["status"], strict=True):
        out.setdefault(k, []).append(s)
    return out


@pytest.fixture(autouse=True)
def _no_figure_files(monkeypatch):
    monkeypatch.setattr("endodec.analyses.base.write_figure", lambda fig, d, name, *a, **k: [])


@pytest.mark.parametrize("mutation", MUTATIONS, ids=[m.id for m in MUTATIONS])
def test_mutation_flips(mutation, tmp_path_factory, monkeypatch, request):
    author = None
    if mutation.author_data:
        author = request.getfixturevalue("author_data")
    with monkeypatch.context():  # the baseline runs unperturbed
        before = _baseline_statuses(mutation.analysis, str(author) if author else None)
    mutation.apply(monkeypatch)
    after = _statuses(mutation.analysis, _run(mutation.analysis,
                                              tmp_path_factory.mktemp("mut"), author))
    stuck = [k for k in mutation.keys if after.get(k) == before.get(k)]
    assert before and stuck == [], f"{mutation.what}: no status change for {stuck}"
