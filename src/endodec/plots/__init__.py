"""Figure builders of endodec, grouped by the paper's parts, in one style.

Every figure of the report (:mod:`endodec.analyses`) and of the explorer
(:mod:`endodec.explore`) is drawn here, once:

- :mod:`endodec.plots.game`: the differential game (value functions, output, shadow costs,
  crossing times, Proposition 1, heatmaps);
- :mod:`endodec.plots.learning`: Wright's-law fits, stability, breaks, meta-analysis;
- :mod:`endodec.plots.adoption`: R0, share paths, dual convergence, coordination dynamics;
- :mod:`endodec.plots.empirics`: capex, silicon, coordination lags, costs, export controls;
- :mod:`endodec.plots.extensions`: asymmetric firms, capacity, supply denial, Corollary 5;
- :mod:`endodec.plots.forecast`: the crossing-year fan chart and the hindcast;
- :mod:`endodec.plots.style`: rc parameters, figure sizes and the colour-blind-safe palette
  every builder applies.

A builder takes result objects (``GameSolution``, ``WrightFit``, ``BreakResult``, forecast
results, ...) or plain arrays, draws into ``ax`` when one is given, and returns the
:class:`matplotlib.figure.Figure`. This package imports :mod:`endodec.model`,
:mod:`endodec.empirics`, :mod:`endodec.datasets` and :mod:`endodec.results` only (never the
analyses, the report, the explorer, the CLI or the sweep engine).

>>> from endodec.plots import game
>>> fig = game.value_functions([0, 1, 2], [3, 2, 1], [4, 3, 2])
>>> type(fig).__name__
'Figure'
"""

from __future__ import annotations

from endodec.plots import (  # robustness: beyond the paper (endodec.model.hjb)
    adoption,
    empirics,
    extensions,
    forecast,
    game,
    learning,
    robustness,
    style,
)

__all__ = ["adoption", "empirics", "extensions", "forecast", "game", "learning", "style",
           "robustness"]
