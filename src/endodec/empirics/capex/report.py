"""Table 11 with its companions in one result (``endodec empirics capex``).

:class:`CapexReport` holds the recomputed Table 11, the growth of capex by change in N, the
strategic-complementarity regressions and the Appendix B dollar table, whichever were run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from endodec.empirics.capex.table11 import CapexTestResult
from endodec.results import ResultBase

__all__ = ["CapexReport"]


@dataclass(repr=False)
class CapexReport(ResultBase):
    """Table 11, growth by N change, regressions and Appendix B.

    Attributes
    ----------
    test : CapexTestResult
        Table 11 recomputed.
    growth : dict
        :func:`~endodec.empirics.capex.growth_by_N_change` of ``test`` (its ``table`` is left
        out of ``to_dict()``).
    regressions : list of ComplementarityResult
        The strategic-complementarity regressions (empty: not run).
    appendix_b : DataFrame or None
        :func:`~endodec.empirics.capex.dollar_table` (None: not asked for).
    ratio : str or None
        The ratio (or range) of ``appendix_b`` as given.
    """

    test: CapexTestResult
    growth: dict
    regressions: list = field(default_factory=list)
    appendix_b: pd.DataFrame | None = None
    ratio: str | None = None

    _summary_title = "Capex vs model (Table 11)"

    def _dict_fields(self) -> dict[str, Any]:
        out: dict[str, Any] = {"table11": self.test.table, "C_total": self.test.C_total,
                               "growth": {k: v for k, v in self.growth.items() if k != "table"}}
        if self.regressions:
            out["regressions"] = [r.record() for r in self.regressions]
        if self.appendix_b is not None:
            out["appendix_b"] = self.appendix_b.reset_index()
        return out

    def _scalars(self) -> dict[str, Any]:
        return self.test._scalars()

    def _summary_tables(self) -> list[tuple[str, Any]]:
        return self.test._summary_tables()

    def _summary_text(self) -> str:
        g = self.growth
        text = [str(self.test.summary()),
                f"YoY growth when N increased: {100 * g['mean_changed']:.1f}% "
                f"({g['n_changed']} yr); N stable: {100 * g['mean_stable']:.1f}% "
                f"({g['n_stable']} yr)" if g["mean_changed"] is not None else
                "N never increased in the sample"]
        text += [str(r.summary()) for r in self.regressions]
        if self.appendix_b is not None:
            text.append(f"Appendix B for ratio {self.ratio}:\n"
                        + self.appendix_b.round(1).to_string())
        return "\n".join(text)
