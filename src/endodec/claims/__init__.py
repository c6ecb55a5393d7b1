"""The claims of both paper versions and the engine that checks them (the claims ledger).

The claims are *data*: CSV files in ``endodec/claims/data/`` (one per part of the paper), one row
per claim, with the columns

=============  ==================================================================================
id             unique claim id, e.g. ``c000-3.5-vn``
version        ``000`` (earlier paper) or ``001`` (later, extended paper)
section        section / appendix of that version, e.g. ``3.5``
table          table or figure number in that version ("" if in the text)
claim          the claim as written in the paper (short quote)
paper_value    the paper's value as written: ``19.22``, ``26-112`` (range), ``<1e-12``, ``>0``,
               ``true``/``false`` (checkable statements), or text
unit           unit of the value (``%``, ``years``, ``EB`` ...)
tolerance      ``digits`` (default: half a unit in the last printed digit), ``abs:X``, ``rel:X``
analysis       id of the registered analysis that computes it
key            key in the analysis' returned values
note           context for readers (not a status; statuses are computed)
conditions     the conditions the claim states, ``key: value; ...`` (baseline, estimator, sample,
               unit, data, version; :mod:`endodec.claims.conditions`)
needs          an input the paper does not give and the claim needs (e.g. ``calendar time
               unit``); such a claim is never reproduced *as worded*
also_at        the other places where the paper repeats the statement (one row per statement)
tolerance_note why a tolerance wider than the printed digits is right for this claim
=============  ==================================================================================

Declared readings live in ``endodec/claims/data/readings/*.csv`` (:mod:`endodec.claims.readings`).

The paper's numbers appear *only* in these files. The package's parts:

- :mod:`endodec.claims.load` -- :func:`load_claims` (load and validate the files),
  :func:`claim_files`, :func:`claim` (one claim's row, by id) and :func:`paper_input` (a paper
  number used as an *input* of a reading);
- :mod:`endodec.claims.expected` -- :func:`parse_expected` (a paper value as written) and
  :func:`matches` (computed value against paper value within tolerance);
- :mod:`endodec.claims.conditions` -- a claim's stated conditions as data;
- :mod:`endodec.claims.readings` -- :func:`load_readings`, the declared readings;
- :mod:`endodec.claims.ledger` -- :func:`evaluate` (the status of every claim: the ledger) and
  :func:`status_counts`.

Layers: this package sits below the analyses and the report; it imports
neither (nor the CLI or the explorer). :func:`evaluate` reads the analyses' values by their
attributes (``value``, ``readings``, ``note``, ``data``, ``status``: the fields of
:class:`endodec.analyses.base.Value`).
"""

from __future__ import annotations

from endodec.claims.conditions import CONDITION_KEYS, parse_conditions
from endodec.claims.expected import Expected, format_value, matches, parse_expected
from endodec.claims.ledger import AS_WORDED, LEDGER_COLUMNS, STATUSES, evaluate, status_counts
from endodec.claims.load import CLAIM_COLUMNS, claim, claim_files, load_claims, paper_input
from endodec.claims.readings import Reading, load_readings

__all__ = ["AS_WORDED", "CLAIM_COLUMNS", "CONDITION_KEYS", "LEDGER_COLUMNS", "STATUSES",
           "Expected", "Reading", "claim", "claim_files", "evaluate", "format_value", "load_claims",
           "load_readings", "matches", "paper_input", "parse_conditions", "parse_expected",
           "status_counts"]
