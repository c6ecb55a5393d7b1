"""Descriptive and arithmetic claims of the text, recomputed from the packaged tables.

This module audits the statements of both paper versions that are *arithmetic about data* and that
no model- or estimation-based part checks: sums, ratios, multiples, counts ("N of M"), ranges and
"from X to Y" statements, table total rows, and the consistency of a number quoted in the text with
the table it comes from (or with the other version of the paper).

Sections covered (see ``docs/ledger-coverage.md`` for the full section-by-section checklist):

- seed 000 §1/abstract/§4.4 (Table 4a training vs inference), §4.6, §5.1 (IBM, Table 5),
  §5.2, §5.4 (coordination lags, Table 7; with Table 9 of §3.9.3), §7;
- seed 001 §1, §2.3, §4 (Table 4), §5.2.1 (cost decomposition, Table 7), §5.2.2 (CoWoS text),
  §5.2.3 (NVIDIA, Google FCF), §5.2.4 (sovereign subsidies), §5.3, §5.4.5 (OpenRouter, Table 10),
  §5.5, §6.1-6.2, §8.1, §9, and Table 3 (coordination lags).

Inputs are the packaged tables (``endodec.datasets.load``). A few statements combine numbers
that the paper quotes only in its running text (e.g. "35,000 wafers/month (2024) ... 130,000 (end
2026) ... a supply-demand gap of approximately 8:1"). Those *inputs* are the packaged table
``text_inputs`` (:func:`text_inputs`; each row with the seed, section, unit and quoted words);
the *derived* number the paper states (here the 8:1) is never written in this package: it lives
in ``claims/data/descriptive.csv`` and the ledger compares.

Modules: :mod:`~endodec.analyses.descriptive.markets` (training/inference, IBM, cost
decomposition, OpenRouter, sovereign subsidies), :mod:`~endodec.analyses.descriptive.headlines`
(a seed 001 headline of the game, at the seed 001 baseline), :mod:`~endodec.analyses.descriptive.lags`
(coordination lags), :mod:`~endodec.analyses.descriptive.capex_statements` (capex statements
and capex by firm), :mod:`~endodec.analyses.descriptive.text_arithmetic` (running-text
arithmetic, log columns, DRAM endpoints), shared parts in
:mod:`~endodec.analyses.descriptive.common`. Importing this package registers every analysis.
"""

from __future__ import annotations

from endodec.analyses.descriptive import (
    capex_statements,
    headlines,
    lags,
    markets,
    text_arithmetic,
)
from endodec.analyses.descriptive.capex_statements import capex_growth_table
from endodec.analyses.descriptive.common import (
    doubling_time_months,
    paired_lag,
    range_lag,
    text_inputs,
    union_range,
)
from endodec.analyses.descriptive.lags import lag_table
from endodec.analyses.descriptive.markets import (
    cost_decomposition_check,
    ibm_summary,
    openrouter_check,
)
from endodec.analyses.descriptive.text_arithmetic import log_column_errors

__all__ = ["capex_growth_table", "capex_statements", "cost_decomposition_check",
           "doubling_time_months", "headlines", "ibm_summary", "lag_table", "lags", "log_column_errors",
           "markets", "openrouter_check", "paired_lag", "range_lag", "text_arithmetic",
           "text_inputs", "union_range"]
