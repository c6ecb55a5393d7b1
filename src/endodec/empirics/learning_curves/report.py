"""One Wright's-law fit with its optional companions (``endodec learning fit``).

:class:`LearningFitReport` holds the fit, its pairs and block bootstraps, the leave-one-out and
recursive sub-sample fits and the Bai-Perron break analysis, whichever were asked for.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from endodec.empirics.learning_curves.bootstrap import BootstrapResult
from endodec.empirics.learning_curves.ols import WrightFit
from endodec.results import ResultBase

__all__ = ["LearningFitReport"]


@dataclass(repr=False)
class LearningFitReport(ResultBase):
    """A Wright's-law fit and the analyses run on it.

    Attributes
    ----------
    fit : WrightFit
    bootstrap, block_bootstrap : BootstrapResult or None
        Pairs bootstrap and block bootstrap of alpha (None: not run).
    leave_one_out, recursive : DataFrame or None
        Leave-one-out and recursive (expanding-window) alphas (None: not run).
    breaks : BreakResult or None
        Bai-Perron break analysis of the fit (None: not run).

    Notes
    -----
    ``to_dict()`` has one key per analysis run: ``fit``, ``bootstrap`` and ``block_bootstrap``
    (the row of their ``to_frame()``), ``leave_one_out`` and ``recursive`` (records),
    ``breaks`` (records of the break table) and ``selected`` (the chosen number of breaks).
    """

    fit: WrightFit
    bootstrap: BootstrapResult | None = None
    block_bootstrap: BootstrapResult | None = None
    leave_one_out: pd.DataFrame | None = None
    recursive: pd.DataFrame | None = None
    breaks: Any = None

    _summary_title = "Wright's-law fit"

    def _dict_fields(self) -> dict[str, Any]:
        out: dict[str, Any] = {"fit": self.fit.to_frame().iloc[0].to_dict()}
        for k in ("bootstrap", "block_bootstrap"):
            if getattr(self, k) is not None:
                out[k] = getattr(self, k).to_frame().iloc[0].to_dict()
        if self.leave_one_out is not None:
            out["leave_one_out"] = self.leave_one_out
        if self.recursive is not None:
            out["recursive"] = self.recursive
        if self.breaks is not None:
            out["breaks"] = self.breaks.to_frame()
            out["selected"] = self.breaks.selected
        return out

    def _scalars(self) -> dict[str, Any]:
        return self.fit._scalars()

    def _summary_tables(self) -> list[tuple[str, Any]]:
        return self.fit._summary_tables()

    def _summary_text(self) -> str:
        text = [str(self.fit.summary())]
        text += [str(b.summary()) for b in (self.bootstrap, self.block_bootstrap)
                 if b is not None]
        fmt = {"float_format": lambda v: f"{v:.4f}", "index": False}
        if self.leave_one_out is not None:
            text.append("Leave-one-out alphas:\n" + self.leave_one_out.to_string(**fmt))
        if self.recursive is not None:
            text.append("Recursive (expanding window) alphas:\n" + self.recursive.to_string(**fmt))
        if self.breaks is not None:
            text.append(str(self.breaks.summary()))
        return "\n\n".join(text)
