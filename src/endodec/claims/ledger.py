"""The claims ledger: one verdict per statement of the paper, from what the analyses compute.

The claims are data (:mod:`endodec.claims`); the paper's numbers appear only there.
:func:`evaluate` computes each claim's status:

- ``reproduced``: the claim *as worded* -- its version, its stated conditions (baseline,
  estimator, sample, unit: the ``conditions`` column) -- is what the analysis computes, within the
  claim's stated tolerance;
- ``reproduced under a reading``: only a declared, admissible reading
  (:mod:`endodec.claims.readings`) matches; named in the ``reading`` column, counted apart and
  never summed into ``reproduced``;
- ``not reproduced``: neither the value as worded nor any admissible reading matches; the
  ``explanation`` says what was computed and why it differs, ``readings`` lists what was tried;
- ``inconsistent`` / ``underdetermined``: determined by the analysis (two statements of the paper
  contradict each other; the paper lacks an input the claim needs -- a claim that lists a missing
  input in ``needs`` can never be reproduced as worded);
- ``needs author data``: the analysis needs ``--author-data`` and it was not given;
- ``error``: the analysis failed (a bug; tests forbid it).

Rule violations are not statuses: an analysis that offers an undeclared reading, a reading outside
its scope or applied to some claims of its scope but not the others, a primary value computed
under conditions other than those the claim states, a missing key, or a claim pointing at an
*echo* (a value the analysis transcribed from the paper instead of computing it, e.g. a
predictions-registry entry) make :func:`evaluate` raise
:class:`~endodec.errors.LedgerError` naming the claims (``strict=False`` returns them in
``frame.attrs["problems"]`` instead, for diagnosis).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import pandas as pd

from endodec.claims.conditions import normalize, parse_conditions
from endodec.claims.expected import format_value, matches, parse_expected
from endodec.claims.load import CLAIM_COLUMNS
from endodec.claims.readings import Reading, load_readings
from endodec.errors import LedgerError

__all__ = ["AS_WORDED", "LEDGER_COLUMNS", "STATUSES", "evaluate", "status_counts"]

STATUSES = ["reproduced", "reproduced under a reading", "not reproduced", "inconsistent",
            "underdetermined", "needs author data", "error"]
#: Statuses an analysis may determine itself (``Value.status``).
DETERMINED = ("not reproduced", "inconsistent", "underdetermined", "needs author data")
#: The statuses that judge the claim as worded.
AS_WORDED = ("reproduced", "not reproduced")

LEDGER_COLUMNS = CLAIM_COLUMNS + ["computed", "reading", "readings", "status", "basis",
                                  "explanation", "facts", "data", "source_file", "source_row"]


def evaluate(claims: pd.DataFrame, values: dict[str, dict[str, Any]],
             errors: dict[str, str] | None = None, skipped_author: set[str] | None = None,
             readings: list[Reading] | None = None, strict: bool = True,
             subset: bool = False, touched: dict[str, list[str]] | None = None
             ) -> pd.DataFrame:
    """Compute the status of every claim.

    Parameters
    ----------
    claims : DataFrame
        From :func:`~endodec.claims.load.load_claims`.
    values : dict
        ``{analysis_id: {key: Value}}`` as returned by the analyses (read by attribute:
        ``value``, ``readings``, ``note``, ``data``, ``status``, ``conditions``, ``facts``).
    errors : dict, optional
        ``{analysis_id: error message}`` for analyses that raised.
    skipped_author : set, optional
        Analyses that were not run because they need author data.
    readings : list of Reading, optional
        The declared readings; default :func:`~endodec.claims.readings.load_readings`.
    strict : bool
        Raise :class:`~endodec.errors.LedgerError` on a rule violation (default); else list the
        violations in ``frame.attrs["problems"]``.
    subset : bool
        With ``readings`` given: ``claims`` is a part of the claims, so the scope of a reading
        (at least two claims) is not judged. The packaged readings (``readings=None``) are
        always judged against the packaged claims.
    touched : dict, optional
        ``{analysis id: [configuration keys]}``: analyses that ran under a configuration other
        than the paper's. Their claims are still evaluated, against the paper's values; the
        rules that hold the *paper's* computation to the claim's wording (stated conditions, a
        why for a mismatch) do not apply to them, and their explanation says which keys differ.

    Returns
    -------
    DataFrame
        One row per claim, columns :data:`LEDGER_COLUMNS`: ``computed``, ``reading`` (the reading
        that reproduced, if any), ``readings`` (every reading tried with its verdict), ``status``,
        ``basis`` (how the status was reached), ``explanation``, ``facts`` (the numbers the
        explanation uses), ``data`` (provenance).

    Raises
    ------
    LedgerError
        A rule violation (see the module docstring), when ``strict``.
    """
    errors = errors or {}
    skipped_author = skipped_author or set()
    if readings is None:  # the packaged readings, judged once against the packaged claims
        declared, problems = _packaged_readings()
        declared, problems = list(declared), list(problems)
    else:
        declared = readings
        problems = [] if subset else _scope_problems(declared, claims)
    records = claims.to_dict("records")
    rows = []
    touched = touched or {}
    for c in records:
        row, probs = _evaluate_one(c, values, errors, skipped_author, declared)
        keys = touched.get(c["analysis"])
        if keys:
            probs = [p for p in probs if "did not return key" in p or "offers reading" in p]
            row["explanation"] = (f"computed under a configuration other than the paper's "
                                  f"({', '.join(keys)}); " + row["explanation"]).rstrip("; ")
        rows.append(row)
        problems += probs
    problems += _sibling_problems(declared, records, values, errors, skipped_author)
    frame = pd.DataFrame(rows, columns=LEDGER_COLUMNS)
    frame.attrs["problems"] = problems
    if problems and strict:
        raise LedgerError(problems)
    return frame


@lru_cache(maxsize=1)
def _packaged_readings() -> tuple[tuple[Reading, ...], tuple[str, ...]]:
    """The packaged readings and their scope problems against the packaged claims, read once
    per process (both are package data)."""
    from endodec.claims.load import load_claims

    declared = load_readings()
    return tuple(declared), tuple(_scope_problems(declared, load_claims()))


def _evaluate_one(c: dict, values, errors, skipped_author, declared: list[Reading]):
    aid, key = c["analysis"], c["key"]
    row = {k: c.get(k, "") for k in LEDGER_COLUMNS}
    row.update(computed="", reading="", readings="", status="error", basis="", explanation="",
               facts="", data="")
    problems: list[str] = []
    where = f"claim {c['id']} ({c.get('source_file', '')} row {c.get('source_row', '')})"
    if aid in skipped_author:
        row.update(status="needs author data", basis="not run",
                   explanation="run with --author-data DIR (the author's thesis_data files)")
        return row, problems
    if aid in errors:
        row.update(basis="analysis failed", explanation=f"analysis {aid} failed: {errors[aid]}")
        return row, problems
    if aid not in values or key not in values[aid]:
        problems.append(f"{where}: analysis {aid!r} did not return key {key!r}")
        row["explanation"] = f"analysis {aid!r} did not return key {key!r}"
        return row, problems
    v = values[aid][key]
    echo = _echo_problem(where, aid, key, v)
    if echo:
        row.update(basis="an echo, not a computation", explanation=echo)
        return row, [echo]
    exp = parse_expected(c["paper_value"])
    stated = parse_conditions(c.get("conditions", ""))
    used = dict(getattr(v, "conditions", {}) or {})
    facts = dict(getattr(v, "facts", {}) or {})
    row.update(computed=format_value(v.value), data=v.data, explanation=v.note,
               facts="; ".join(f"{k}={format_value(x)}" for k, x in facts.items()))
    problems += _condition_problems(where, c, stated, used)
    tried, hit = [], None
    for name, x in (v.readings or {}).items():
        decl = [r for r in declared if r.reading == name and r.covers(c)]
        if not decl:
            problems.append(f"{where}: analysis {aid} offers reading {name!r}, which no "
                            "readings file declares for this claim's table or group")
            continue
        r = decl[0]
        why_not = r.contradiction(stated)
        if why_not:
            tried.append(f"{name}={format_value(x)} (inadmissible: {why_not})")
            continue
        ok = matches(x, exp, c["tolerance"])
        tried.append(f"{name}={format_value(x)} ({'matches' if ok else 'does not match'})")
        if ok and hit is None:
            hit = r
    row["readings"] = "; ".join(tried)
    needs = str(c.get("needs", "")).strip()
    if v.status:
        if v.status not in DETERMINED:
            problems.append(f"{where}: analysis {aid} key {key}: status {v.status!r} cannot be "
                            f"determined by an analysis (allowed: {', '.join(DETERMINED)})")
        elif needs and v.status in AS_WORDED:
            problems.append(f"{where}: the claim needs {needs!r}, which the paper does not give; "
                            f"it cannot be {v.status!r} as worded")
        row.update(status=v.status, basis="determined by the analysis")
    elif needs:
        if hit is not None:
            row.update(status="reproduced under a reading", reading=hit.describe(),
                       basis=f"the paper does not give {needs}; a declared reading supplies it")
        else:
            row.update(status="underdetermined", basis=f"the paper does not give {needs}")
    elif v.value is not None and matches(v.value, exp, c["tolerance"]):
        row.update(status="reproduced", basis="computed value as worded, within tolerance")
    elif hit is not None:
        row.update(status="reproduced under a reading", reading=hit.describe(),
                   basis="only a declared reading matches")
    else:
        row.update(status="not reproduced",
                   basis="neither the value as worded nor an admissible reading matches")
        if not row["explanation"]:
            problems.append(f"{where}: not reproduced without an explanation (Value.note)")
    return row, problems


# -- Rule: an echo is not a claim (issue 15, item 4) -----------------------------------------
# An analysis marks a value it transcribed from the paper rather than computed (e.g. a window or a
# threshold of the predictions registry, ``predictions.yaml``) with ``echo = True``
# (:class:`endodec.analyses.predictions.Echo`). Comparing it with the paper would compare the paper
# with endodec's own transcription of it, so a claim pointing at one is refused.
def _echo_problem(where: str, aid: str, key: str, v) -> str:
    if not getattr(v, "echo", False):
        return ""
    return (f"{where}: analysis {aid} key {key} is an echo (a value transcribed from the paper, "
            "e.g. the predictions registry), not a computation; a transcription compared with "
            "the paper is not a reproduction: remove the claim, or check what is computable "
            "inside the statement (its arithmetic) instead")


def _condition_problems(where: str, c: dict, stated: dict, used: dict) -> list[str]:
    out = []
    if "version" in used and normalize(used["version"]) != normalize(c["version"]):
        out.append(f"{where}: a seed {c['version']} claim is computed with seed "
                   f"{used['version']} material; declare that as a reading")
    for k, want in stated.items():
        if k == "version":
            continue
        if k not in used:
            out.append(f"{where}: the claim states {k}: {want}, and the analysis does not say "
                       f"under which {k} it computed (Value.conditions)")
        elif normalize(used[k]) != normalize(want):
            out.append(f"{where}: the claim states {k}: {want}, the analysis computed under "
                       f"{k}: {used[k]}; the primary value must be the claim as worded")
    return out


def _scope_problems(declared: list[Reading], claims: pd.DataFrame) -> list[str]:
    out = []
    records = claims.to_dict("records")
    if not records:
        return out
    for r in declared:
        n = sum(r.covers(c) for c in records)
        if n < 2:
            out.append(f"reading {r.reading!r} ({r.source_file} row {r.source_row}): its scope "
                       f"covers {n} claim(s); a reading applies to a table or a claim group, "
                       "never to one row")
        for other in declared:
            if other is not r and other.reading == r.reading and (
                    other.source_file, other.source_row) > (r.source_file, r.source_row):
                both = [c["id"] for c in records if r.covers(c) and other.covers(c)]
                if both:
                    out.append(f"reading {r.reading!r} is declared twice for {both[:3]}")
    return out


def _sibling_problems(declared, records, values, errors, skipped_author) -> list[str]:
    out = []
    for r in declared:
        offered, missing = [], []
        for c in records:
            if not r.covers(c) or c["analysis"] in skipped_author or c["analysis"] in errors:
                continue
            v = values.get(c["analysis"], {}).get(c["key"])
            if v is None:
                continue
            (offered if r.reading in (v.readings or {}) else missing).append(c["id"])
        if offered and missing:
            out.append(f"reading {r.reading!r} ({r.source_file} row {r.source_row}) is applied "
                       f"to {offered[:4]} but not to their siblings {missing[:4]} in its scope "
                       f"{' | '.join(':'.join(s) for s in r.scope)}")
    return out


def status_counts(ledger: pd.DataFrame) -> pd.Series:
    """Number of claims per status, in the order of :data:`STATUSES` (zeros included)."""
    return ledger["status"].value_counts().reindex(STATUSES, fill_value=0)


def facts_of(row: dict) -> dict[str, str]:
    """The ``facts`` cell of a ledger row as ``{name: printed value}``."""
    out = {}
    for part in str(row.get("facts", "")).split("; "):
        k, sep, x = part.partition("=")
        if sep:
            out[k] = x
    return out

