"""Registered analyses of the paper (see :mod:`endodec.analyses.base`).

:func:`load_all` imports every analysis module named in :data:`MODULES` so that they register
themselves. Registration is explicit: every module of the list must exist (a missing one is an
:class:`ImportError`, never skipped), and each registers at least one analysis (a test checks).
"""

from __future__ import annotations

import importlib

from endodec.analyses.base import REGISTRY, Analysis, Artifact, Context, Value, analysis

#: The analysis modules, ``endodec.analyses.<name>``; each registers its analyses on import.
MODULES = [
    "game",  # seed 000 §3 / seed 001 §3: the differential game, figures 1-6, welfare, Prop 1,
    #          Appendix A (the two-period model)
    "learning",  # learning curves, breaks, meta-analysis, calibration tables (a package)
    "adoption",  # R0, cannibalization, Appendix C, extensions
    "extensions",  # Prop 2, capacity constraint, asymmetric firms, Corollary 5
    "capex",  # Table 11, Appendix B, strategic complementarity
    "export_controls",  # seed 001 §5.1
    "silicon",  # consumer silicon
    "predictions",  # §6 / §7 predictions registry
    "forecast",  # distributional crossing forecast
    "robustness",  # beyond the paper: HJB solver under other assumptions (no ledger rows)
    "descriptive",  # descriptive numbers of the text (capex growth, IBM, training/inference ...)
]


def load_all() -> dict[str, Analysis]:
    """Import every module of :data:`MODULES` and return the registry.

    Returns
    -------
    dict
        :data:`~endodec.analyses.base.REGISTRY`, ``{analysis id: Analysis}``.

    Raises
    ------
    ImportError
        A module of :data:`MODULES` is missing or fails to import.
    """
    for m in MODULES:
        importlib.import_module(f"endodec.analyses.{m}")
    return REGISTRY


__all__ = ["MODULES", "REGISTRY", "Analysis", "Artifact", "Context", "Value", "analysis",
           "load_all"]
