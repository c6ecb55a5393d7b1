"""Predictions of seed 000 §6 / seed 001 §7: what is checkable *inside* them, and the registry.

The predictions themselves are not reproductions: ``predictions/predictions.yaml`` is endodec's
transcription of the paper's predictions, so comparing a registry value (a window, a deadline, a
threshold) with the paper would compare the paper with itself. Such values are returned as
:class:`Echo` values, and the ledger refuses a claim that points at one
(:func:`endodec.claims.ledger.evaluate`, rule "echoes are not claims"). The predictions appear in
the report as predictions, with their evaluation status (:func:`endodec.predictions.evaluate`;
:mod:`endodec.report.predictions`).

What *is* checkable, and returned as claim values:

- the arithmetic of a prediction: Prediction 2*'s window is Prediction 2's window plus the stated
  2-3 year lag (``p2star_window_derived_<v>``);
- the contiguity of Prediction 7's phases and their span against its window
  (``p7_phases_contiguous_<v>``);
- the hardware-crossing window of Prediction 2 against the Cloud -> Edge AI row of the lag table
  of the same version (seed 000 Table 9, seed 001 Table 3: ``p2_window_vs_lag_table_<v>``);
- the count of numbered predictions against the "nine predictions" of the text
  (``n_numbered_<v>``: a total against its rows).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from endodec.analyses.base import Value, analysis

__all__ = ["Echo", "predictions"]

_REG = "predictions registry (endodec/predictions/predictions.yaml)"


@dataclass
class Echo(Value):
    """A value transcribed from the paper (a registry entry), not computed: never a claim.

    The ledger refuses a claim whose analysis key returns an ``Echo``: the comparison would be
    the paper against endodec's own transcription of it.
    """

    echo: bool = True


def _key(p) -> str:
    return f"{p.id.replace('*', 'star')}_{p.version}"


def _echoes(p) -> dict[str, Echo]:
    """The registry's transcribed numbers of one prediction (for display; never claims)."""
    k, out = _key(p), {}
    if p.window and p.window[0] is not None:
        out[f"{k}_window"] = Echo((p.window[0], p.window[1]), data=_REG)
    out[f"{k}_deadline"] = Echo(p.deadline, data=_REG)
    for i, c in enumerate(p.support, start=1):
        out[f"{k}_support{'' if i == 1 else i}_threshold"] = Echo(
            tuple(c.threshold) if isinstance(c.threshold, list) else c.threshold, data=_REG)
    for i, c in enumerate(p.against, start=1):
        s = "" if i == 1 else str(i)
        out[f"{k}_against{s}_threshold"] = Echo(
            tuple(c.threshold) if isinstance(c.threshold, list) else c.threshold, data=_REG)
        out[f"{k}_against{s}_through"] = Echo(c.through, data=_REG)
    for name, v in p.extra.items():
        if isinstance(v, (int, float)):
            out[f"{k}_{name}"] = Echo(v, data=_REG)
    return out


def _lag_arithmetic(reg, v: str) -> Value:
    """Prediction 2* window = Prediction 2 window + the stated lag (both of version ``v``)."""
    p2 = next(p for p in reg if p.id == "2" and p.version == v)
    p2s = next(p for p in reg if p.id == "2*" and p.version == v)
    lo, hi = p2s.extra["lag_after_prediction_2"]
    derived = (p2.window[0] + lo, p2.window[1] + hi)
    facts = {"p2_window_start": p2.window[0], "p2_window_end": p2.window[1], "lag_min": lo,
             "lag_max": hi, "derived_start": derived[0], "derived_end": derived[1],
             "p2star_window_start": p2s.window[0], "p2star_window_end": p2s.window[1]}
    if derived == tuple(p2s.window):
        return Value(derived, facts=facts, data=_REG,
                     note="Prediction 2's window plus the stated lag equals Prediction 2*'s "
                          "window")
    return Value(derived, status="inconsistent", facts=facts, data=_REG, note=(
        f"two statements of §{'6' if v == '000' else '7'} disagree: Prediction 2's window "
        f"{p2.window[0]}-{p2.window[1]} plus Prediction 2*'s lag of {lo}-{hi} years gives "
        f"{derived[0]}-{derived[1]}, but Prediction 2* prints the window "
        f"{p2s.window[0]}-{p2s.window[1]}"))


def _phases(reg, v: str) -> Value:
    """Prediction 7: surge, trough and second wave are contiguous and span its window."""
    p7 = next(p for p in reg if p.id == "7" and p.version == v)
    ph = p7.extra["phases"]
    gaps = [ph["trough"][0] - ph["surge"][1], ph["second_wave"][0] - ph["trough"][1]]
    span = (ph["surge"][0], ph["second_wave"][1])
    ok = gaps == [1, 1] and span == tuple(p7.window)
    return Value(bool(ok), data=_REG, facts={"gap_surge_trough_years": gaps[0],
                                              "gap_trough_wave_years": gaps[1],
                                              "span_start": span[0], "span_end": span[1]},
                 note="each phase starts the year after the previous one ends, and the phases "
                      "span the prediction's window" if ok else
                      "the phases leave a gap or overlap, or do not span the window")


def _vs_lag_table(reg, v: str) -> Value:
    """Prediction 2's window against the Cloud -> Edge AI hardware T* of the lag table."""
    from endodec import datasets

    p2 = next(p for p in reg if p.id == "2" and p.version == v)
    df = datasets.load("coordination_lags", v)
    row = df[df["predicted"].astype(str).str.lower() == "true"].iloc[0]
    table = (int(row["hardware_t_lo"]), int(row["hardware_t_hi"]))
    name = "Table 9" if v == "000" else "Table 3"
    facts = {"table_hardware_start": table[0], "table_hardware_end": table[1]}
    src = f"coordination_lags {v} ({name}, Cloud -> Edge AI row); {_REG}"
    if table == tuple(p2.window):
        return Value(table, facts=facts, data=src,
                     note=f"{name}'s hardware T* for Cloud -> Edge AI is Prediction 2's window")
    return Value(table, status="inconsistent", facts=facts, data=src, note=(
        f"{name} dates the Cloud -> Edge AI hardware crossing {table[0]}-{table[1]}, "
        f"Prediction 2 (the same hardware crossing) {p2.window[0]}-{p2.window[1]}"))


@analysis("p-predictions", title="Falsifiable predictions: their internal arithmetic",
          section="6", version="both")
def predictions(ctx):
    from endodec import predictions as P

    reg = P.load_registry()
    out: dict[str, Value] = {}
    rows = []
    for p in reg:
        out.update(_echoes(p))
        rows.append({"id": p.id, "version": p.version, "title": p.title, "window":
                     "-".join(str(w) for w in p.window if w is not None),
                     "deadline": p.deadline, "support": "; ".join(c.describe() for c in p.support),
                     "against": "; ".join(c.describe() for c in p.against),
                     "differences": p.differences})
    ctx.save_table(pd.DataFrame(rows), "tab001_predictions_registry",
                   "The predictions of seed 000 §6 and seed 001 §7 as structured conditions "
                   "(a transcription of the paper; their status is in the report's predictions "
                   "section, not in the ledger)", provenance=_REG)
    for v in ("000", "001"):
        ids = sorted({p.id for p in reg if p.version == v and p.id.isdigit()}, key=int)
        out[f"n_numbered_{v}"] = Value(len(ids), data=_REG, facts={"first": ids[0],
                                                                   "last": ids[-1]},
                                       note="distinct numbered predictions listed in the "
                                            "section (the starred refinements not counted)")
        out[f"p2star_window_derived_{v}"] = _lag_arithmetic(reg, v)
        out[f"p7_phases_contiguous_{v}"] = _phases(reg, v)
        out[f"p2_window_vs_lag_table_{v}"] = _vs_lag_table(reg, v)
    return out
