"""Registered analyses of the paper (see :mod:`endodec.analyses.base`).

:func:`load_all` imports every analysis module so that they register themselves. Modules are
listed in ``MODULES``; a module that is not present yet is skipped (so the package works while
parts are being built), but an import *error inside* a present module is raised.
"""

from __future__ import annotations

import importlib

from endodec.analyses.base import REGISTRY, Analysis, Artifact, Context, Value, analysis

MODULES = [
    "game",  # seed 000 §3 / seed 001 §3: the differential game, figures 1-6, welfare, Prop 1
    "two_period",  # Appendix A
    "learning",  # learning curves, breaks, meta-analysis, calibration tables
    "adoption",  # R0, cannibalization, Appendix C, extensions
    "extensions",  # Prop 2, capacity constraint, asymmetric firms, Corollary 5
    "capex",  # Table 11, Appendix B, strategic complementarity
    "export_controls",  # seed 001 §5.1
    "silicon",  # consumer silicon
    "predictions",  # §6 / §7 predictions registry
    "forecast",  # distributional crossing forecast
    "descriptive",  # descriptive numbers of the text (capex growth, IBM, training/inference ...)
]


def load_all() -> dict[str, Analysis]:
    for m in MODULES:
        name = f"endodec.analyses.{m}"
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as e:  # only skip if *this* module is absent
            if e.name != name:
                raise
    return REGISTRY


__all__ = ["REGISTRY", "Analysis", "Artifact", "Context", "Value", "analysis", "load_all"]
