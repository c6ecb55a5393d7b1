"""The export-control natural experiment (seed 001 §5.1, Table 5, §5.1.5).

Pipeline
--------
1. :func:`endodec.datasets.hub.fetch_models` - Hugging Face Hub model metadata per author
   (``HfApi.list_models``), with a JSON cache in the layout of the author's
   ``hf_export_control_cache.json`` (``{author: [record, ...]}``); a dump is read by
   :func:`endodec.datasets.hub.records_from_dump`.
2. :func:`build_model_table` - one row per model: author, created, downloads, parameter count
   parsed from the repository name (unknown kept as ``<NA>``), edge-compatible, MoE, constrained
   group, post-treatment, quarter.
3. :func:`build_panel` - the author-quarter panel of seed 001 §5.1.5 (n_models, n_edge,
   edge_share, total_downloads, log_downloads, n_moe, moe_share, constrained, post,
   post_x_constrained).
4. Estimators: :func:`estimate_did` (baseline DID, firm FE, two-way FE; statsmodels OLS with
   dummies or linearmodels ``PanelOLS``; classical / robust / clustered-by-author SEs),
   :func:`event_study` (with a joint pre-trend Wald test), :func:`post_cross_section` (spec A1),
   :func:`post_trend` (B1, B2, C2, C3; C3 is the paper's "download-trend specification"),
   :func:`model_lpm` (C1, the paper's cross-sectional linear probability model),
   :func:`run_all` (the twelve specifications of the author's log), :func:`robustness_table`,
   :func:`wild_cluster_bootstrap`.

Submodules (the parts of seed 001 §5.1): :mod:`~endodec.empirics.export_controls.design`
(treatment date, groups, name rules, :class:`Rules`), :mod:`~endodec.empirics.export_controls.panel`
(model table and author-quarter panel), :mod:`~endodec.empirics.export_controls.estimators`
(DID, event study, LPM, trends, CR1 covariance), :mod:`~endodec.empirics.export_controls.robustness`
(wild bootstrap, robustness table, comparison with the author's files) and
:mod:`~endodec.empirics.export_controls.results` (the result classes),
:mod:`~endodec.empirics.export_controls.report` (what the CLI prints, one result per command).

Conventions (the author's rule, read off ``export_control_model_level.csv`` and
``export_control_did_results.txt``; every one reproduces the author's files exactly, see
``docs/export_controls.md``):

- parameter count: the first ``<number>B`` / ``<number>b`` in the repository name that is not
  followed by a letter or digit (``Qwen2.5-7B-Instruct`` -> 7, ``Mixtral-8x7B`` -> 7 (expert size,
  not total), ``Qwen3.5-397B-A17B`` -> 397, ``bloom-1b7`` -> unknown, ``pythia-410m`` -> unknown);
- edge-compatible: parsed size <= 7B, *or* the lower-cased repository id contains one of
  ``mini, small, tiny, lite, mobile, micro, phi-2, phi-3``. Because the match runs on the full id,
  ``micro`` matches the author ``microsoft``: all 457 Microsoft repositories (including
  ``NextCoder-32B``) count as edge-compatible. Unknown sizes without a keyword count as *not*
  edge-compatible (they stay in the denominator of the share);
- MoE: the repository name contains ``moe``, ``mixtral`` or ``mixture`` (tags are not used, so
  ``Qwen3-30B-A3B`` is not MoE and ``t5_xxl_true_nli_mixture`` is);
- post-treatment: created on or after 2022-10-07 (model level); an author-quarter is post when
  any of its models is (so 2022Q4 is post);
- log_downloads = log(1 + total downloads of the quarter's models); ``downloads`` is the Hub's
  rolling 30-day download count at fetch time, not a cumulative count;
- constrained: Qwen, deepseek-ai, BAAI, 01-ai, internlm, openbmb, THUDM, shibing624, uer (the
  paper's text names six; the log and panel also use shibing624 and uer, which supply 59 of the
  69 constrained pre-treatment models);
- heteroskedasticity-robust SEs are HC1 (statsmodels ``cov_type="HC1"``): this reproduces every
  SE of the author's log.

Implements seed 001 §5.1.5 (DID equation EdgeShare_{f,t} = α + β1 Post_t + β2 Constrained_f +
δ(Post_t × Constrained_f) + ε_{f,t}) and the alternative specifications of the author's script.
"""

from __future__ import annotations

from endodec.empirics.export_controls.design import (
    AUTHORS,
    CONSTRAINED_AUTHORS,
    CONTROL_AUTHORS,
    EDGE_KEYWORDS,
    EDGE_KEYWORDS_NO_MICRO,
    PAPER_TREATMENT_AUTHORS,
    TIGHTENING_DATES,
    TREATMENT_DATE,
    Rules,
    is_edge,
    is_moe,
    parse_params,
    parse_params_extended,
)
from endodec.empirics.export_controls.estimators import (
    CR1,
    cluster_cr1,
    estimate_did,
    event_study,
    model_lpm,
    multi_round_did,
    not_estimable,
    post_cross_section,
    post_trend,
    results_frame,
    run_all,
)
from endodec.empirics.export_controls.panel import (
    build_model_table,
    build_panel,
    descriptives,
    raw_did,
    size_shares,
)
from endodec.empirics.export_controls.report import DidReport, EventStudyReport
from endodec.empirics.export_controls.results import (
    EventStudyResult,
    RegressionResult,
    WildBootstrapResult,
)
from endodec.empirics.export_controls.robustness import (
    compare_frames,
    robustness_table,
    wild_cluster_bootstrap,
)

__all__ = [
    "DidReport", "EventStudyReport",
    "TREATMENT_DATE", "TIGHTENING_DATES", "CONSTRAINED_AUTHORS", "CONTROL_AUTHORS", "AUTHORS",
    "PAPER_TREATMENT_AUTHORS", "EDGE_KEYWORDS", "EDGE_KEYWORDS_NO_MICRO", "Rules",
    "parse_params", "parse_params_extended", "is_moe", "is_edge", "build_model_table",
    "build_panel", "RegressionResult", "estimate_did", "event_study", "EventStudyResult",
    "post_cross_section", "wild_cluster_bootstrap", "multi_round_did", "WildBootstrapResult",
    "post_trend", "cluster_cr1", "CR1", "model_lpm", "raw_did", "descriptives", "run_all",
    "robustness_table", "compare_frames", "size_shares", "not_estimable", "results_frame",
]
