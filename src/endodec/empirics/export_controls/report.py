"""What ``endodec empirics export-controls did | event-study`` print, as one result each.

:class:`DidReport` holds the DID specifications (with optional wild-bootstrap p-values) and the
robustness table; :class:`EventStudyReport` an event study with the source of its records.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from endodec.empirics.export_controls.results import EventStudyResult
from endodec.results import ResultBase

__all__ = ["DidReport", "EventStudyReport"]


@dataclass(repr=False)
class DidReport(ResultBase):
    """DID specifications of seed 001 §5.1.5 on one panel.

    Attributes
    ----------
    source : str
        Where the Hub records came from.
    results : list of RegressionResult
        One per specification (baseline, firm FE, TWFE, and the alternatives with ``--all``).
    table : DataFrame
        :func:`~endodec.empirics.export_controls.results_frame` of ``results`` with ``note``
        (why a specification is not estimable) and, with a wild bootstrap, ``p_wild``.
    n_obs : int
        Author-quarters of the panel.
    cov : str
        Standard errors.
    robustness : DataFrame or None
        :func:`~endodec.empirics.export_controls.robustness_table` (None: not asked for).
    """

    source: str
    results: list
    table: pd.DataFrame
    n_obs: int
    cov: str
    robustness: pd.DataFrame | None = None

    _summary_title = "Export-control DID"

    def _dict_fields(self) -> dict[str, Any]:
        return {"source": self.source, "results": self.table, "robustness": self.robustness}

    def _scalars(self) -> dict[str, Any]:
        return {"source": self.source, "n_obs": self.n_obs, "cov": self.cov,
                "specifications": len(self.results)}

    def _summary_tables(self) -> list[tuple[str, Any]]:
        return [("DID specifications", self.table)]

    def _summary_text(self) -> str:
        wild = "p_wild" in self.table.columns
        lines = [f"Export-control DID ({self.source}; {self.n_obs} author-quarters, SE {self.cov})"]
        for i, r in enumerate(self.results):
            if r.extra.get("not_estimable"):
                lines.append(f"{r.name}: {r.outcome}: not estimable ({r.extra['not_estimable']})")
                continue
            lines.append(str(r.summary()).splitlines()[0])
            extra = f", wild-bootstrap p = {self.table.p_wild.iloc[i]:.4f}" if wild else ""
            lines.append(f"    {r.coef} = {r.delta:+.4f} (SE {r.se:.4f}), p = {r.p:.4f}{extra}")
        if self.robustness is not None:
            cols = ["choice", "variant", "cov", "n_obs", "baseline_delta", "firm_fe_delta",
                    "twfe_delta", "twfe_p", "lpm_beta", "lpm_p", "download_trend_p", "note"]
            lines.append(self.robustness[cols].to_string(index=False,
                                                         float_format=lambda v: f"{v:.4f}"))
        return "\n".join(lines)


@dataclass(repr=False)
class EventStudyReport(ResultBase):
    """An event study (:class:`EventStudyResult`) with the source of its Hub records.

    ``to_dict()``: ``source``, ``ref``, ``coefficients`` (the event-time table), ``pretrend_F``,
    ``pretrend_p``, ``pretrend_df`` and ``n_significant_pre``.
    """

    result: EventStudyResult
    source: str

    _summary_title = "Event study"

    def _dict_fields(self) -> dict[str, Any]:
        es = self.result
        return {"source": self.source, "ref": es.ref, "coefficients": es.table,
                "pretrend_F": es.pretrend_stat, "pretrend_p": es.pretrend_p,
                "pretrend_df": es.pretrend_df, "n_significant_pre": es.n_sig_pre}

    def _scalars(self) -> dict[str, Any]:
        return {"source": self.source, **self.result._scalars()}

    def _summary_tables(self) -> list[tuple[str, Any]]:
        return self.result._summary_tables()

    def _summary_text(self) -> str:
        return str(self.result.summary())
