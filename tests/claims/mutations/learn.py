"""Mutations of the learning-curve and forecast checks (learning.csv, forecast.csv).

Each perturbs what an analysis reads -- a printed table (the packaged dataset loader), a
paper value used as the input of a consistency check (``endodec.analyses.learning._paper_value``,
the claims ledger) or the estimates a selection keeps -- and must flip the status of its keys.
"""

from __future__ import annotations

import numpy as np

from . import Mutation


def _paper_ids(mp, table: dict[str, str]):
    from endodec.analyses import learning

    orig = learning._paper_value
    mp.setattr(learning, "_paper_value", lambda cid: table.get(cid, orig(cid)))


def _hbm_with_shipments(mp):
    """The HBM tables with the regressor the paper names (a synthetic shipment series)."""
    from endodec.analyses import learning

    orig = learning._hbm

    def load(v):
        h = orig(v).copy()
        h[learning.SHIPMENTS] = np.cumsum(np.arange(1.0, len(h) + 1) ** 3) * 1e6
        return h

    mp.setattr(learning, "_hbm", load)


def _hbm_without_last_priced_row(mp):
    from endodec.analyses import learning

    orig = learning._hbm

    def load(v):
        h = orig(v)
        priced = h[~h["projection"].astype(bool)].dropna(subset=["price_usd_per_gb"])
        return h[h["year"] != priced["year"].max()]

    mp.setattr(learning, "_hbm", load)


def _table2_row(mp, alpha: float, t_star: float):
    from endodec.analyses import learning

    orig = learning._printed_table2

    def load():
        t = orig().copy()
        col = next(c for c in t.columns if c.startswith("t_star_years_from_"))
        t.loc[np.isclose(t["alpha"].astype(float), alpha), col] = t_star
        return t

    mp.setattr(learning, "_printed_table2", load)


def _retained_minus_one(mp):
    from endodec.analyses.learning import breaks

    orig = breaks._retained
    mp.setattr(breaks, "_retained", lambda lr: orig(lr).iloc[1:])


def _cnow_priced_as_quoted(mp):
    """Seed 000 Table 3 with its 2024 row priced at the cost §3.7 quotes."""
    from endodec.analyses import learning

    orig = learning._hbm

    def load(v):
        h = orig(v).copy()
        if v == "000":
            h.loc[h["year"] == 2024, "price_usd_per_gb"] = learning._pin("c000-3.7-cnow")
        return h

    mp.setattr(learning, "_hbm", load)


_HBM_KEYS = ("alpha_000", "se_000", "alpha_001", "se_001", "loo_lo", "loo_hi",
             "recursive_first", "boot_ci_lo", "boot_ci_hi")

MUTATIONS = [
    Mutation("s4.2-hbm-fit", keys=_HBM_KEYS,
             what="a table with the cumulative-shipments regressor is fitted as worded",
             apply=_hbm_with_shipments),
    Mutation("s4.2-hbm-fit", keys=("n_000", "n_001"),
             what="without the 2025 row the stated period holds as many priced rows as n",
             apply=_hbm_without_last_priced_row),
    Mutation("s3.7-calibration", keys=("c_now_label_000",),
             what="Table 3 pricing its 2024 row at the quoted current cost",
             apply=_cnow_priced_as_quoted),
    Mutation("s3.8-table2", keys=("inverse_alpha",),
             what="the alpha = 0.23 row printing the T* the other rows imply (48)",
             apply=lambda mp: _table2_row(mp, 0.23, 48.0)),
    Mutation("s4.1-dram-fit", keys=("se_implied",),
             what="a printed R² for which alpha, n and SE agree (0.58)",
             apply=lambda mp: _paper_ids(mp, {"c000-4.1-r2": "0.58"})),
    Mutation("s5.2-dram-fit", keys=("se_implied",),
             what="a printed R² for which alpha, n = 9 and SE agree (0.975)",
             apply=lambda mp: _paper_ids(mp, {"c001-5.2.1-r2": "0.975"})),
    Mutation("s5.2-dram-fit", keys=("n",),
             what="Table 14 printing the 41 annual observations as its full-sample n",
             apply=lambda mp: _paper_ids(mp, {"c001-D-n-full": "41"})),
    Mutation("s5.2-dram-fit", keys=("regime_n_sum",),
             what="regime 1 printing n = 3, so the regime rows add up to the full sample",
             apply=lambda mp: _paper_ids(mp, {"c001-D-r1-n": "3"})),
    Mutation("s5.3-meta", keys=("semi_lo_abstract",),
             what="the abstract printing the same lower bound as §5.3",
             apply=lambda mp: _paper_ids(mp, {"c000-abs-lo": "0.19"})),
    Mutation("s6.4-meta", keys=("band_hi_sec39",),
             what="§3.9 printing the same upper bound as §6.4",
             apply=lambda mp: _paper_ids(mp, {"c001-3.9-hi": "0.25"})),
    Mutation("s6.4-meta", keys=("k_after_exclusion",),
             what="one more estimate excluded, so five remain as the text says",
             apply=_retained_minus_one),
]
MUTATIONS += [
    Mutation("d-bai-perron", keys=("F2_significant_5pct",),
             what="a printed sequential F above the 5% critical value (20)",
             apply=lambda mp: _paper_ids(mp, {"c001-D-F2": "20"})),
    Mutation("d-bai-perron", keys=("F1_significant_1pct",),
             what="a printed sup-F(1) below the 1% critical value (12)",
             apply=lambda mp: _paper_ids(mp, {"c001-D-F1": "12"})),
]


def _hbm_table_label(mp, v: str, label: str):
    from endodec.analyses import learning

    orig = learning._hbm

    def load(version):
        h = orig(version)
        if version == v:
            h = h.copy()
            h.attrs = {**h.attrs, "provenance": {**h.attrs.get("provenance", {}),
                                                 "table": label}}
        return h

    mp.setattr(learning, "_hbm", load)


MUTATIONS += [
    Mutation("s3.7-calibration", keys=("alpha_table_ref_000",),
             what="seed 000's HBM table numbered as the text cites it",
             apply=lambda mp: _hbm_table_label(mp, "000", "Table 2")),
    Mutation("s3.7-calibration", keys=("alpha_table_ref_001",),
             what="seed 001's HBM table under another number",
             apply=lambda mp: _hbm_table_label(mp, "001", "Table 9")),
]
