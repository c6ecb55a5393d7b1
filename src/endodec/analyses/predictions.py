"""Predictions registry checks (seed 000 §6, seed 001 §7).

Returns the registry's encoded thresholds, windows and deadlines (checked in the ledger against
the paper's text: a transcription check of ``predictions/predictions.yaml``) and the derived
quantities the predictions imply (Prediction 2* window = Prediction 2 window + the stated 2-3 year
lag; contiguity of Prediction 7's phases; the bandwidth a 70B crossing device needs).
"""

from __future__ import annotations

import pandas as pd

from endodec.analyses.base import Value, analysis

_REG = "predictions registry (endodec/predictions/predictions.yaml)"


@analysis("p-predictions", title="Falsifiable predictions: registry and derived thresholds",
          section="6", version="both")
def predictions(ctx):
    from endodec import predictions as P
    from endodec.empirics import silicon as S

    reg = P.load_registry()
    out = {}
    rows = []
    for p in reg:
        k = f"{p.id.replace('*', 'star')}_{p.version}"
        if p.window and p.window[0] is not None:
            out[f"{k}_window"] = Value((p.window[0], p.window[1]), data=_REG)
        out[f"{k}_deadline"] = Value(p.deadline, data=_REG)
        if p.support:
            c = p.support[0]
            out[f"{k}_support_threshold"] = Value(c.threshold, data=_REG)
        if p.against:
            c = p.against[0]
            thr = c.threshold
            out[f"{k}_against_threshold"] = Value(tuple(thr) if isinstance(thr, list) else thr,
                                                  data=_REG)
            out[f"{k}_against_through"] = Value(c.through, data=_REG)
            for i, c2 in enumerate(p.against[1:], start=2):
                out[f"{k}_against{i}_threshold"] = Value(c2.threshold, data=_REG)
        for name, v in p.extra.items():
            if isinstance(v, (int, float)):
                out[f"{k}_{name}"] = Value(v, data=_REG)
        rows.append({"id": p.id, "version": p.version, "title": p.title, "window":
                     "-".join(str(w) for w in p.window if w is not None),
                     "deadline": p.deadline, "support": "; ".join(c.describe() for c in p.support),
                     "against": "; ".join(c.describe() for c in p.against),
                     "differences": p.differences})
    ctx.save_table(pd.DataFrame(rows), "tab001_predictions_registry",
                   "The predictions of seed 000 §6 and seed 001 §7 as structured conditions",
                   provenance=_REG)
    for v in ("000", "001"):
        ids = {p.id for p in reg if p.version == v}
        out[f"n_numbered_{v}"] = Value(len({i for i in ids if i.isdigit()}), data=_REG)
        p2 = next(p for p in reg if p.id == "2" and p.version == v)
        p2s = next(p for p in reg if p.id == "2*" and p.version == v)
        lo, hi = p2s.extra["lag_after_prediction_2"]
        derived = (p2.window[0] + lo, p2.window[1] + hi)
        note = ("Prediction 2's window plus the stated 2-3 year lag")
        if derived != tuple(p2s.window):
            note += (f" gives {derived[0]}-{derived[1]}, one year wider than the printed "
                     f"{p2s.window[0]}-{p2s.window[1]} (2030 + 3 = 2033)")
        out[f"p2star_window_derived_{v}"] = Value(derived, note=note, data=_REG)
        p7 = next(p for p in reg if p.id == "7" and p.version == v)
        ph = p7.extra["phases"]
        out[f"p7_phases_contiguous_{v}"] = Value(
            bool(ph["surge"][1] + 1 == ph["trough"][0] and ph["trough"][1] + 1
                 == ph["second_wave"][0]), data=_REG)
    p8 = next(p for p in reg if p.id == "8" and p.version == "001")
    out["p8_001_closed_share_against"] = Value(100 - p8.against[0].threshold, data=_REG,
                                               note="open-weight share < 40% <=> closed > 60%")
    out["p2_required_bandwidth_4bit"] = Value(S.required_bandwidth(20, 70, 4),
                                              data="bandwidth-bound decoding, 70B at 4 bits")
    out["p2_required_bandwidth_40GB"] = Value(20 * 40.0, data="20 tok/s x 40 GB (paper's Q4 size)")
    return out
