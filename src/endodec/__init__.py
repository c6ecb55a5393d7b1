"""endodec: the working paper *Endogenous Decentralization* as tested, fast software.

The public face::

    import endodec as ed

    sol = ed.solve(ed.GameParams(N=5))          # Nash MPE vs cooperative benchmark
    print(sol.summary())                        # text; .as_html(), .as_latex(); Jupyter renders it
    ed.check_proposition1(ed.GameParams())      # Proposition 1 and its proof steps
    fit = ed.fit_wright(ed.load("dram", version="001"))
    fit.params, fit.bse, fit.conf_int()         # statsmodels names on every estimate

Every name below is loaded lazily on first use, so ``import endodec`` stays cheap (it imports
only NumPy and the typed errors). The layers underneath (``endodec.model``, ``endodec.empirics``,
``endodec.datasets``, ``endodec.sweep``, ``endodec.claims``, ``endodec.analyses``,
``endodec.plots``, ``endodec.report``) are described in ``docs/architecture.md``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

__version__ = "0.1.0"

from endodec.errors import (  # noqa: E402
    AuthorDataMissing,
    DataError,
    DataWarning,
    DomainError,
    EndodecError,
    EndodecWarning,
    NumericalError,
    NumericalWarning,
    OutputError,
    ParameterError,
    SchemaError,
)

#: Public name -> "module:attribute" (or "module" for a subpackage), imported on first access.
_LAZY: dict[str, str] = {
    # the game (seed 000 §3; seed 001 §3)
    "GameParams": "endodec.model.game:GameParams",
    "GAME_PARAMS": "endodec.model.params:GAME_PARAMS",
    "baseline": "endodec.model.params:baseline",
    "solve": "endodec.model.game:solve",
    "nash": "endodec.model.game:nash",
    "cooperative": "endodec.model.game:cooperative",
    "check_proposition1": "endodec.model.proposition1:check_proposition1",
    "crossing_time_vs": "endodec.model.statics:crossing_time_vs",
    "solve_asymmetric": "endodec.model.asymmetric:solve_asymmetric",
    "capacity_constrained_crossing": "endodec.model.capacity:capacity_constrained_crossing",
    "solve_hjb": "endodec.model.hjb.mpe:solve_hjb",  # numerical MPE beyond the paper
    "HJBSpec": "endodec.model.hjb.spec:HJBSpec",
    # adoption (seed 000 §3.9; seed 001 §3.10)
    "AdoptionParams": "endodec.model.adoption:AdoptionParams",
    "r0": "endodec.model.adoption:r0",
    "threshold_Q_star": "endodec.model.adoption:threshold_Q_star",
    "share_path": "endodec.model.adoption_dynamics:share_path",
    "implied_r0": "endodec.empirics.implied_r0:implied_r0",
    # cannibalization
    "CannibalizationParams": "endodec.model.cannibalization:CannibalizationParams",
    # econometrics
    "fit_wright": "endodec.empirics.learning_curves:fit_wright",
    "fit_frame": "endodec.empirics.learning_curves:fit_frame",
    "bootstrap_alpha": "endodec.empirics.learning_curves:bootstrap_alpha",
    "bai_perron": "endodec.empirics.breaks:bai_perron",
    "meta_analysis": "endodec.empirics.meta:meta_analysis",
    "capex_test": "endodec.empirics.capex:capex_test",
    "estimate_did": "endodec.empirics.export_controls:estimate_did",
    "event_study": "endodec.empirics.export_controls:event_study",
    "crossing_condition": "endodec.empirics.silicon:crossing_condition",
    # sweeps and forecasts
    "sweep": "endodec.sweep",  # the subpackage, callable as endodec.sweep.engine.sweep
    "Grid": "endodec.sweep.grid:Grid",
    "ForecastParams": "endodec.sweep.forecast:ForecastParams",
    "forecast": "endodec.sweep.forecast:crossing_year_distribution",
    # data, predictions, the paper run
    "load": "endodec.datasets:load",
    "list_datasets": "endodec.datasets:list_datasets",
    "load_author": "endodec.datasets:load_author",
    "evaluate_predictions": "endodec.predictions.registry:evaluate",
    "reproduce": "endodec.report.reproduce:reproduce",
    "RunConfig": "endodec.analyses.config:RunConfig",
    "load_config": "endodec.analyses.config:load_config",
    "compare_runs": "endodec.report.compare:compare_runs",
    # the result protocol
    "Summary": "endodec.results:Summary",
    "ResultBase": "endodec.results:ResultBase",
}

_SUBPACKAGES = ("model", "empirics", "datasets", "sweep", "predictions", "claims", "analyses",
                "report", "results", "errors")

__all__ = [
    "__version__",
    "EndodecError", "ParameterError", "DomainError", "DataError", "SchemaError",
    "AuthorDataMissing", "NumericalError", "OutputError",
    "EndodecWarning", "NumericalWarning", "DataWarning",
    *_LAZY,
]


def __getattr__(name: str):
    target = _LAZY.get(name)
    if target is None:
        if name in _SUBPACKAGES:
            return importlib.import_module(f"endodec.{name}")
        raise AttributeError(f"module 'endodec' has no attribute {name!r}")
    mod, _, attr = target.partition(":")
    value = getattr(importlib.import_module(mod), attr) if attr else importlib.import_module(mod)
    globals()[name] = value  # cache: later accesses skip __getattr__
    return value


def __dir__():
    return sorted(set(globals()) | set(__all__) | set(_SUBPACKAGES))


if TYPE_CHECKING:  # pragma: no cover - static type checkers see the real objects
    from endodec.datasets import list_datasets, load, load_author  # noqa: F401
    from endodec.model.game import GameParams, solve  # noqa: F401
    from endodec.model.proposition1 import check_proposition1  # noqa: F401
