"""From Hub records to the data of the export-control study (seed 001 §5.1.5): the model-level
table (the author's ``export_control_model_level.csv``), the author-quarter panel (the author's
``export_control_panel.csv``) and their descriptive summaries (raw DID means, group counts,
Table 5's size shares).

The records come from :mod:`endodec.datasets.hub` (:func:`~endodec.datasets.hub.fetch_models`
or a dump read by :func:`~endodec.datasets.hub.records_from_dump`).
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import pandas as pd

from endodec.datasets.hub import records_from_dump
from endodec.empirics.export_controls.design import (
    Rules,
    is_edge,
    is_moe,
    parse_params,
    parse_params_extended,
)
from endodec.errors import DataError

__all__ = ["build_model_table", "build_panel", "raw_did", "descriptives", "size_shares"]


def _quarter(ts: pd.Series) -> pd.Series:
    return ts.dt.to_period("Q").astype(str)


def build_model_table(records: Any, rules: Rules | None = None) -> pd.DataFrame:
    """Model-level table (seed 001 §5.1.5; the author's ``export_control_model_level.csv``).

    Parameters
    ----------
    records : dump dict, list of records, or path to a JSON dump
    rules : Rules, optional

    Returns
    -------
    pandas.DataFrame
        ``model_id, author, created, downloads, param_b`` (float, NaN = unknown),
        ``active_param_b`` (extended parser only, else NaN), ``size_known``,
        ``edge_compatible`` (pandas ``boolean``; <NA> = unknown under ``size_only``),
        ``constrained, post, quarter, moe``.
    """
    rules = rules or Rules()
    base = records if isinstance(records, _Base) else _base_table(records)
    return _finish(base, rules)


class _Base:
    """Parsed records shared by several rule sets (robustness table): the raw columns plus the
    parser and MoE outputs, computed once per parser / MoE rule."""

    def __init__(self, df: pd.DataFrame):
        self.df = df
        self.cache: dict = {}

    def sizes(self, parser: str) -> tuple[np.ndarray, np.ndarray]:
        key = ("size", parser)
        if key not in self.cache:
            ids = self.df.model_id
            if parser == "author":
                self.cache[key] = (ids.map(parse_params).to_numpy(float),
                                   np.full(len(ids), np.nan))
            else:
                pa = [parse_params_extended(m) for m in ids]
                self.cache[key] = (np.array([t[0] for t in pa], float),
                                   np.array([t[1] for t in pa], float))
        return self.cache[key]

    def moe(self, rule: str) -> np.ndarray:
        key = ("moe", rule)
        if key not in self.cache:
            self.cache[key] = np.array([is_moe(m, t, rule) for m, t in
                                        zip(self.df.model_id, self.df.tags, strict=True)], bool)
        return self.cache[key]


def _base_table(records: Any) -> _Base:
    recs = records_from_dump(records)
    if not recs:
        raise DataError("Hub dump: no model records")
    rows = []
    for r in recs:
        mid = r.get("id") or r.get("modelId")
        if not mid:
            raise DataError(f"Hub record without id: {r!r:.200}")
        author = str(mid).split("/")[0] if "/" in str(mid) else r.get("author", "")
        c = r.get("createdAt") or r.get("created_at")
        if c is None:
            raise DataError(f"Hub record {mid!r}: no createdAt")
        rows.append({"model_id": mid, "author": author, "created": str(c),
                     "downloads": int(r.get("downloads") or 0), "tags": r.get("tags") or []})
    df = pd.DataFrame(rows)
    try:
        created = pd.to_datetime(df["created"], utc=True, format="ISO8601")
    except (ValueError, TypeError) as e:
        raise DataError(f"Hub dump: unparseable createdAt ({e})") from e
    df["created"] = created.dt.tz_localize(None).astype("datetime64[ns]")
    return _Base(df)


def _finish(base: _Base, rules: Rules) -> pd.DataFrame:
    df = base.df.drop(columns="tags").copy()
    df["param_b"], df["active_param_b"] = base.sizes(rules.parser)
    df["moe"] = base.moe(rules.moe_rule)
    keep = np.ones(len(df), bool)
    if rules.exclude_authors:
        keep &= ~df.author.isin(rules.exclude_authors).to_numpy()
    if rules.start is not None:
        keep &= (df.created >= pd.Timestamp(rules.start)).to_numpy()
    df = df[keep].reset_index(drop=True)
    df["size_known"] = df.param_b.notna()
    df["edge_compatible"] = pd.array(is_edge(df.param_b.to_numpy(), df.model_id.to_numpy(),
                                             threshold_b=rules.edge_threshold_b,
                                             rule=rules.edge_rule), dtype="boolean")
    df["constrained"] = df.author.isin(rules.constrained_authors).astype(int)
    df["post"] = (df.created >= pd.Timestamp(rules.treatment_date)).astype(int)
    df["quarter"] = _quarter(df.created)
    cols = ["model_id", "author", "created", "downloads", "param_b", "active_param_b",
            "size_known", "edge_compatible", "constrained", "post", "quarter", "moe"]
    df = df[cols]
    df.attrs["rules"] = dataclasses.asdict(rules)
    return df


def build_panel(models: pd.DataFrame, rules: Rules | None = None) -> pd.DataFrame:
    """Author-quarter panel (the author's ``export_control_panel.csv``).

    ``edge_share = n_edge / n_models`` where, under ``rules.unknown == "drop"``, models of unknown
    edge status are left out of both counts (``n_models`` then counts classified models only);
    otherwise unknown counts as not edge-compatible. ``post`` = 1 when any model of the
    author-quarter is post-treatment. Rows sorted by author (case-sensitive, as the author's
    file) and quarter.
    """
    rules = rules or Rules()
    if models.empty:
        raise DataError("model table is empty: no author-quarter panel")
    m = models.copy()
    edge = m["edge_compatible"].astype("boolean")
    if rules.unknown == "drop":
        m = m[edge.notna().to_numpy()].copy()
        edge = m["edge_compatible"].astype("boolean")
    m["_edge"] = edge.fillna(False).astype(int)
    m["_moe"] = m["moe"].astype(int)
    g = m.groupby(["author", "quarter"], sort=True)
    p = pd.DataFrame({
        "n_models": g.size(), "n_edge": g["_edge"].sum(), "total_downloads": g["downloads"].sum(),
        "n_moe": g["_moe"].sum(), "constrained": g["constrained"].max(), "post": g["post"].max(),
    }).reset_index()
    p.insert(2, "quarter_str", p["quarter"])
    p["edge_share"] = p.n_edge / p.n_models
    p["log_downloads"] = np.log1p(p.total_downloads.astype(float))
    p["moe_share"] = p.n_moe / p.n_models
    p["post_x_constrained"] = p.post * p.constrained
    cols = ["author", "quarter", "quarter_str", "n_models", "n_edge", "edge_share",
            "total_downloads", "log_downloads", "n_moe", "moe_share", "constrained", "post",
            "post_x_constrained"]
    return p[cols].sort_values(["author", "quarter"]).reset_index(drop=True)


# ----------------------------------------------------------------------------- descriptives
def raw_did(panel: pd.DataFrame, outcome: str = "edge_share") -> dict[str, float]:
    """Unweighted means of the panel outcome by group and period and their difference."""
    g = panel.groupby(["constrained", "post"])[outcome].mean()
    try:
        out = {"constrained_pre": g[(1, 0)], "constrained_post": g[(1, 1)],
               "control_pre": g[(0, 0)], "control_post": g[(0, 1)]}
    except KeyError as e:
        raise DataError(f"raw DID: no author-quarters in cell (constrained, post) = {e}") from e
    out["constrained_diff"] = out["constrained_post"] - out["constrained_pre"]
    out["control_diff"] = out["control_post"] - out["control_pre"]
    out["did"] = out["constrained_diff"] - out["control_diff"]
    return {k: float(v) for k, v in out.items()}


def descriptives(models: pd.DataFrame) -> pd.DataFrame:
    """Model-level counts and shares by group and period (the log's descriptive block)."""
    rows = []
    for c, lab in ((0, "control"), (1, "constrained")):
        m = models[models.constrained == c]
        e = m["edge_compatible"].astype("boolean").astype(float)
        row = {"group": lab, "n_models": len(m), "n_pre": int((m.post == 0).sum()),
               "n_post": int((m.post == 1).sum())}
        for per, k in ((0, "pre"), (1, "post")):
            s = m.post == per
            row[f"edge_share_{k}"] = float(e[s].mean()) if s.any() else float("nan")
            row[f"moe_share_{k}"] = float(m.moe[s].mean()) if s.any() else float("nan")
            sz = m.param_b[s].dropna()
            row[f"median_param_b_{k}"] = float(sz.median()) if len(sz) else float("nan")
            row[f"n_size_known_{k}"] = int(len(sz))
        row["edge_share_diff"] = row["edge_share_post"] - row["edge_share_pre"]
        rows.append(row)
    return pd.DataFrame(rows)


def size_shares(models: pd.DataFrame, threshold_b: float = 3.0, post_only: bool = True
                ) -> pd.DataFrame:
    """Share of models with parsed size <= ``threshold_b`` by group (Table 5's size row: ≤3B),
    with two denominators: all models, and models of known size."""
    m = models[models.post == 1] if post_only else models
    rows = []
    for c, lab in ((1, "constrained"), (0, "control")):
        g = m[m.constrained == c]
        small = (g.param_b <= threshold_b)
        rows.append({"group": lab, "n_models": len(g), "n_known": int(g.param_b.notna().sum()),
                     "n_small": int(small.sum()),
                     "share_all": float(small.mean()) if len(g) else float("nan"),
                     "share_known": float(small.sum() / g.param_b.notna().sum())
                     if g.param_b.notna().any() else float("nan")})
    return pd.DataFrame(rows)
