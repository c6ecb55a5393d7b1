"""A data table as a result (:class:`DatasetTable`): what ``endodec data list | show | validate``
print, as text or (``to_dict()``) as records with their provenance."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from endodec.results import ResultBase

__all__ = ["DatasetTable", "frame_text"]


def frame_text(df: pd.DataFrame) -> str:
    """``df`` as plain text: every row and column, missing cells blank, no index."""
    with pd.option_context("display.max_rows", 500, "display.max_columns", 50, "display.width", 200,
                           "display.max_colwidth", 60):
        return df.astype(object).where(df.notna(), "").to_string(index=False)


@dataclass(repr=False)
class DatasetTable(ResultBase):
    """A table of data with where it comes from.

    Attributes
    ----------
    frame : DataFrame
        The rows (a packaged table, the list of datasets, an author-data validation report).
    provenance : dict or None
        ``df.attrs["provenance"]`` of a packaged table (seed file, table, sha256, ...).
    columns : dict or None
        Column units and descriptions of the table's sidecar (``--provenance``).
    notes : list of str or None
        Transcription notes of the sidecar (``--provenance``).
    meta : dict or None
        The sidecar (:func:`~endodec.datasets.describe`) behind ``columns``/``notes``.

    Notes
    -----
    ``to_dict()``: ``provenance`` (when known), ``rows`` (records; missing cells ``null``),
    and ``columns`` and ``notes`` when the sidecar was asked for. ``summary()`` prints the table
    (with a header line naming the source for a packaged table, and the provenance block when
    the sidecar was asked for).
    """

    frame: pd.DataFrame
    provenance: dict | None = None
    meta: dict | None = None

    _summary_title = "Data table"

    @property
    def columns(self) -> dict | None:
        return None if self.meta is None else self.meta["columns"]

    @property
    def notes(self) -> list | None:
        return None if self.meta is None else self.meta.get("notes", [])

    def _dict_fields(self) -> dict[str, Any]:
        df = self.frame
        out: dict[str, Any] = {} if self.provenance is None else {"provenance": self.provenance}
        out["rows"] = df.astype(object).where(df.notna(), None).to_dict(orient="records")
        if self.meta is not None:
            out["columns"] = self.columns
            out["notes"] = self.notes
        return out

    def _scalars(self) -> dict[str, Any]:
        p = self.provenance or {}
        return {k: p[k] for k in ("dataset", "version", "table") if k in p} | {
            "rows": len(self.frame), "columns": self.frame.shape[1]}

    def _frame(self) -> pd.DataFrame:
        return self.frame.copy()

    def _summary_tables(self) -> list[tuple[str, Any]]:
        return [("", self.frame)]

    def provenance_text(self) -> str:
        """The provenance block of ``endodec data show --provenance`` (needs :attr:`meta`)."""
        prov, meta = self.provenance or {}, self.meta or {}
        lines = ["", "provenance:"]
        lines += [f"  {k}: {prov.get(k)}"
                  for k in ("dataset", "version", "seed", "table", "section", "file", "sha256")]
        lines.append(f"  caption: {meta.get('source', {}).get('caption', '')}")
        lines.append("columns:")
        for c, spec in meta.get("columns", {}).items():
            unit = f" [{spec['unit']}]" if spec.get("unit") else ""
            lines.append(f"  {c}{unit}: {spec.get('description', '')}")
        if meta.get("notes"):
            lines.append("notes:")
            lines += [f"  - {n}" for n in meta["notes"]]
        return "\n".join(lines)

    def _summary_text(self) -> str:
        lines = []
        p = self.provenance
        if p is not None and "dataset" in p:
            lines.append(f"{p['dataset']} (paper version {p['version']}): {p['title']} — "
                         f"{p['source']}")
            if p.get("default_version"):
                lines.append(f"  ({p['note']}; use --version to choose)")
        lines.append(frame_text(self.frame))
        if self.meta is not None:
            lines.append(self.provenance_text())
        return "\n".join(lines)
