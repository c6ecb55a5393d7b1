"""Parts shared by the explorer's pages: compute caps, optional parts of endodec, message
escaping, validation of parameter dataclasses, download bytes (no Streamlit import)."""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from endodec.errors import EndodecError, ParameterError

__all__ = ["CAPS", "Validated", "csv_bytes", "error_text", "fig_bytes",
           "md_escape", "validate_fields"]

CAPS = {
    "curve_points": 401,        # points of each value-function / output-rate curve
    "path_points": 301,         # time points of the state paths
    "statics_points": 200,      # points of a comparative-statics line (T* vs N or delta)
    "statics_N_max": 200,       # largest N on the comparative-statics line
    "heatmap_side": 120,        # grid points per heatmap axis (120 x 120 = 14,400 kernel calls)
    "bootstrap": 20_000,        # bootstrap resamples of alpha
    "breaks": 5,                # largest number of Bai-Perron breaks
    "breaks_sim": 5_000,        # Monte Carlo draws for the break critical values
    "forecast_draws": 20_000,   # Monte Carlo draws of the crossing-year forecast
    "adoption_points": 400,     # grid points of the adoption curves
    "ledger_rows": 5_000,       # rows of the ledger table shown at once
}

_MD_SPECIAL = re.compile(r"([\\`*_\[\]$])")


def md_escape(text: str) -> str:
    """Escape Markdown/LaTeX specials so a library message shows literally in Streamlit
    (``*`` in ``sqrt(b*r*S)``, ``_`` in names, ``$`` in prices)."""
    return _MD_SPECIAL.sub(r"\\\1", str(text))


def error_text(e: BaseException) -> str:
    """A one-paragraph message for a library error (never a traceback)."""
    if isinstance(e, EndodecError):
        return str(e)
    return f"{type(e).__name__}: {e}"


@dataclass
class Validated:
    """Parameters built from raw inputs, or the library's errors keyed by input name.

    ``errors`` maps an input name (``"N"``, ``"delta"``...) to the library's message; the key
    ``"_domain"`` holds a :class:`~endodec.errors.DomainError` (no interior solution), which
    concerns the parameters jointly.
    """

    params: Any | None
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.params is not None and not self.errors


def validate_fields(cls, values: Mapping[str, Any], defaults: Mapping[str, Any]) -> Validated:
    """Build ``cls(**values)`` (a frozen validated parameter dataclass of endodec) and collect the
    library's :class:`~endodec.errors.ParameterError` messages keyed by field name.

    When a field fails, its message is recorded and the field is reset to its default so the
    other fields are still checked; an error about a combination (e.g. ``"kappa + mu"``) is
    recorded under its own name.
    """
    kw = {k: values.get(k, defaults[k]) for k in defaults}
    errors: dict[str, str] = {}
    for _ in range(len(kw) + 2):
        try:
            obj = cls(**kw)
        except ParameterError as e:
            # the first message about a field is the one about the user's value (a later one
            # may be about the default it was reset to, e.g. S=None under 'direct')
            errors.setdefault(e.name if e.name in kw else str(e.name), str(e))
            if e.name in kw and kw[e.name] != defaults[e.name]:
                kw[e.name] = defaults[e.name]
                continue
            return Validated(None, errors)
        return Validated(None, errors) if errors else Validated(obj, {})
    return Validated(None, errors)  # pragma: no cover - every pass fixes one field


def _fmt(v: float) -> str:
    return f"{float(v):.6g}"


def fig_bytes(fig, fmt: str = "png", dpi: int = 130) -> bytes:
    """Render a matplotlib figure to PNG or SVG bytes (for downloads)."""
    if fmt not in ("png", "svg"):
        raise ParameterError("fmt", fmt, "'png' or 'svg'")
    buf = io.BytesIO()
    fig.savefig(buf, format=fmt, dpi=dpi if fmt == "png" else None, bbox_inches="tight",
                metadata={"Date": None} if fmt == "svg" else None)
    return buf.getvalue()


def csv_bytes(df: pd.DataFrame) -> bytes:
    return df.to_csv(index=False).encode("utf-8")
