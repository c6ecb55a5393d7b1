"""The export-control natural experiment (seed 001 §5.1, Table 5, §5.1.5).

Pipeline
--------
1. :func:`fetch_models` - Hugging Face Hub model metadata per author (``HfApi.list_models``), with
   a JSON cache in the layout of the author's ``hf_export_control_cache.json``
   (``{author: [record, ...]}``).
2. :func:`build_model_table` - one row per model: author, created, downloads, parameter count
   parsed from the repository name (unknown kept as ``<NA>``), edge-compatible, MoE, constrained
   group, post-treatment, quarter.
3. :func:`build_panel` - the author-quarter panel of seed 001 §5.1.5 (n_models, n_edge,
   edge_share, total_downloads, log_downloads, n_moe, moe_share, constrained, post,
   post_x_constrained).
4. Estimators: :func:`estimate_did` (baseline DID, firm FE, two-way FE; statsmodels OLS with
   dummies or linearmodels ``PanelOLS``; classical / robust / clustered-by-author SEs),
   :func:`event_study` (with a joint pre-trend Wald test), :func:`post_cross_section` (spec A1),
   :func:`post_trend` (B1, B2, C2, C3; C3 is the paper's "download-trend specification"),
   :func:`model_lpm` (C1, the paper's cross-sectional linear probability model),
   :func:`run_all` (the twelve specifications of the author's log), :func:`robustness_table`.

Conventions (the author's rule, read off ``export_control_model_level.csv`` and
``export_control_did_results.txt``; every one reproduces the author's files exactly, see
``docs/export_controls.md``):

- parameter count: the first ``<number>B`` / ``<number>b`` in the repository name that is not
  followed by a letter or digit (``Qwen2.5-7B-Instruct`` -> 7, ``Mixtral-8x7B`` -> 7 (expert size,
  not total), ``Qwen3.5-397B-A17B`` -> 397, ``bloom-1b7`` -> unknown, ``pythia-410m`` -> unknown);
- edge-compatible: parsed size <= 7B, *or* the lower-cased repository id contains one of
  ``mini, small, tiny, lite, mobile, micro, phi-2, phi-3``. Because the match runs on the full id,
  ``micro`` matches the author ``microsoft``: all 457 Microsoft repositories (including
  ``NextCoder-32B``) count as edge-compatible. Unknown sizes without a keyword count as *not*
  edge-compatible (they stay in the denominator of the share);
- MoE: the repository name contains ``moe``, ``mixtral`` or ``mixture`` (tags are not used, so
  ``Qwen3-30B-A3B`` is not MoE and ``t5_xxl_true_nli_mixture`` is);
- post-treatment: created on or after 2022-10-07 (model level); an author-quarter is post when
  any of its models is (so 2022Q4 is post);
- log_downloads = log(1 + total downloads of the quarter's models); ``downloads`` is the Hub's
  rolling 30-day download count at fetch time, not a cumulative count;
- constrained: Qwen, deepseek-ai, BAAI, 01-ai, internlm, openbmb, THUDM, shibing624, uer (the
  paper's text names six; the log and panel also use shibing624 and uer, which supply 59 of the
  69 constrained pre-treatment models);
- heteroskedasticity-robust SEs are HC1 (statsmodels ``cov_type="HC1"``): this reproduces every
  SE of the author's log.

Implements seed 001 §5.1.5 (DID equation EdgeShare_{f,t} = α + β1 Post_t + β2 Constrained_f +
δ(Post_t × Constrained_f) + ε_{f,t}) and the alternative specifications of the author's script.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from endodec._io import atomic_write_text
from endodec.errors import DataError, DomainError, HubError, NumericalError, ParameterError

__all__ = [
    "TREATMENT_DATE", "TIGHTENING_DATES", "CONSTRAINED_AUTHORS", "CONTROL_AUTHORS", "AUTHORS",
    "PAPER_TREATMENT_AUTHORS", "EDGE_KEYWORDS", "Rules", "parse_params",
    "parse_params_extended", "is_moe", "is_edge", "records_from_dump", "fetch_models",
    "build_model_table", "build_panel", "RegressionResult", "estimate_did", "event_study",
    "EventStudyResult", "post_cross_section", "wild_cluster_bootstrap", "multi_round_did",
    "WildBootstrapResult", "post_trend", "cluster_cr1", "CR1", "model_lpm", "raw_did",
    "descriptives", "run_all", "robustness_table", "compare_frames", "size_shares",
]

TREATMENT_DATE = "2022-10-07"
"""BIS semiconductor export-control rule (seed 001 §5.1.1: October 2022)."""
TIGHTENING_DATES = ("2022-10-07", "2023-10-17", "2025-01-15")
"""Rounds of the controls named in seed 001 §5.1.4 (Oct 2022, Oct 2023, Jan 2025)."""

CONSTRAINED_AUTHORS = ("Qwen", "deepseek-ai", "BAAI", "01-ai", "internlm", "openbmb", "THUDM",
                       "shibing624", "uer")
"""Treatment group of the author's script (log: ``[CN]``)."""
CONTROL_AUTHORS = ("meta-llama", "google", "microsoft", "mistralai", "bigscience", "EleutherAI",
                   "stabilityai", "huggingface")
"""Control group of the author's script (log: ``[US]``)."""
AUTHORS = CONSTRAINED_AUTHORS + CONTROL_AUTHORS
PAPER_TREATMENT_AUTHORS = ("Qwen", "deepseek-ai", "BAAI", "01-ai", "internlm", "openbmb")
"""The six treatment authors seed 001 §5.1.5 names (without shibing624, uer, THUDM)."""

EDGE_KEYWORDS = ("mini", "small", "tiny", "lite", "mobile", "micro", "phi-2", "phi-3")
"""Name keywords that make a model edge-compatible under the author's rule (see module doc)."""
EDGE_KEYWORDS_NO_MICRO = ("mini", "small", "tiny", "lite", "mobile", "phi-2", "phi-3")

_SIZE_RE = re.compile(r"(\d+\.?\d*)[bB](?![a-zA-Z0-9])")
_MOE_WORDS = ("moe", "mixtral", "mixture")


# ----------------------------------------------------------------------------- rules
@dataclass(frozen=True)
class Rules:
    """Choices that turn Hub records into the model table and panel.

    Parameters
    ----------
    treatment_date : str
        ISO date of the treatment (default 2022-10-07).
    edge_threshold_b : float
        Edge-compatible size threshold in billions of parameters (paper §5.1.5: 7; Table 5's
        size row uses 3).
    parser : {"author", "extended"}
        Size parser: the author's name rule, or :func:`parse_params_extended` (also
        ``1b7``-style and million-parameter names, MoE totals).
    edge_rule : {"author", "no_micro", "size_only"}
        ``author``: size <= threshold or a keyword of :data:`EDGE_KEYWORDS`; ``no_micro``: the same
        without ``micro`` (does not classify all of Microsoft as edge); ``size_only``: parsed
        size only, unknown size -> unknown.
    unknown : {"not_edge", "drop"}
        Models whose edge status is unknown (only with ``edge_rule="size_only"``): count them as
        not edge-compatible (in the denominator) or drop them from the shares.
    constrained_authors : tuple of str
        Treatment group.
    moe_rule : {"author", "extended"}
        ``author``: name contains moe/mixtral/mixture; ``extended``: also ``-A<k>B`` active-size
        names, ``<n>x<k>B`` names and ``moe`` in the Hub tags (architecture).
    exclude_authors : tuple of str
        Authors dropped entirely (robustness).
    start : str or None
        Drop models created before this date (robustness: the Hub's ``createdAt`` is 2022-03-02
        for every repository created before that date).
    """

    treatment_date: str = TREATMENT_DATE
    edge_threshold_b: float = 7.0
    parser: str = "author"
    edge_rule: str = "author"
    unknown: str = "not_edge"
    constrained_authors: tuple[str, ...] = CONSTRAINED_AUTHORS
    moe_rule: str = "author"
    exclude_authors: tuple[str, ...] = ()
    start: str | None = None

    def __post_init__(self):
        try:
            ts = pd.Timestamp(self.treatment_date)
        except (ValueError, TypeError, OverflowError) as e:
            raise ParameterError("treatment_date", self.treatment_date,
                                 "an ISO date (YYYY-MM-DD)") from e
        if pd.isna(ts):
            raise ParameterError("treatment_date", self.treatment_date, "an ISO date (YYYY-MM-DD)")
        if self.start is not None:
            try:
                st = pd.Timestamp(self.start)
            except (ValueError, TypeError, OverflowError):
                st = pd.NaT
            if pd.isna(st):
                raise ParameterError("start", self.start, "an ISO date (YYYY-MM-DD) or None")
        try:
            thr = float(self.edge_threshold_b)
        except (TypeError, ValueError):
            thr = float("nan")
        if isinstance(self.edge_threshold_b, bool) or not (np.isfinite(thr) and thr > 0):
            raise ParameterError("edge_threshold_b", self.edge_threshold_b,
                                 "> 0 and finite (billions of parameters)")
        for name, allowed in (("parser", ("author", "extended")),
                              ("edge_rule", ("author", "no_micro", "size_only")),
                              ("unknown", ("not_edge", "drop")),
                              ("moe_rule", ("author", "extended"))):
            if getattr(self, name) not in allowed:
                raise ParameterError(name, getattr(self, name), " | ".join(allowed))
        object.__setattr__(self, "constrained_authors", tuple(self.constrained_authors))
        object.__setattr__(self, "exclude_authors", tuple(self.exclude_authors))

    def replace(self, **kw) -> Rules:
        return dataclasses.replace(self, **kw)


# ----------------------------------------------------------------------------- parsing
def _name(model_id: str) -> str:
    return str(model_id).split("/")[-1]


def parse_params(model_id: str) -> float:
    """Parameter count in billions from a repository name, the author's rule.

    The first ``<number>B`` (case-insensitive ``b``) in the name part of ``model_id`` that is not
    followed by a letter or digit. Returns ``nan`` (unknown) when there is none.

    Examples
    --------
    >>> parse_params("Qwen/Qwen2.5-7B-Instruct")
    7.0
    >>> parse_params("mistralai/Mixtral-8x7B-v0.1")   # expert size, as the author parses it
    7.0
    >>> parse_params("bigscience/bloom-1b7")          # unknown under the author's rule
    nan
    """
    m = _SIZE_RE.search(_name(model_id))
    return float(m.group(1)) if m else float("nan")


_EXT_B = re.compile(r"(?<![a-zA-Z0-9.])(\d+(?:\.\d+)?)[bB](?![a-zA-Z0-9])")
_EXT_BLOOM = re.compile(r"(?<![a-zA-Z0-9.])(\d+)[bB](\d)(?![0-9])")
_EXT_M = re.compile(r"(?<![a-zA-Z0-9.])(\d+(?:\.\d+)?)[mM](?![a-zA-Z])")
_EXT_X = re.compile(r"(\d+)x(\d+(?:\.\d+)?)[bB](?![a-zA-Z])")
_EXT_ACTIVE = re.compile(r"-A(\d+(?:\.\d+)?)B(?![a-zA-Z0-9])")
# Published totals of the MoE families whose names give only the expert size (exact counts).
_MOE_TOTALS = {(8, 7.0): 46.7, (8, 22.0): 141.0}


def parse_params_extended(model_id: str) -> tuple[float, float]:
    """Total and active parameter counts (billions) from a name; an extended rule.

    Differences from :func:`parse_params`: ``-A<k>B`` is read as the *active* size
    (``Qwen3-30B-A3B`` -> total 30, active 3); ``<n>x<k>B`` gives the MoE total (Mixtral 8x7B ->
    46.7, 8x22B -> 141 from the published model cards; other ``n x k`` -> ``n*k`` as an upper bound)
    and active ``2*k`` is not guessed (active = nan); ``1b7`` -> 1.7; ``410m`` -> 0.41;
    ``<number>b`` followed by a digit-free suffix as in the author's rule. Unknown -> ``nan``.
    """
    name = _name(model_id)
    active = float("nan")
    m = _EXT_ACTIVE.search(name)
    if m:
        active = float(m.group(1))
        name_wo = name[: m.start()] + name[m.end():]
    else:
        name_wo = name
    m = _EXT_X.search(name_wo)
    if m:
        n, k = int(m.group(1)), float(m.group(2))
        return _MOE_TOTALS.get((n, k), n * k), active
    m = _EXT_B.search(name_wo)
    if m:
        return float(m.group(1)), active
    m = _EXT_BLOOM.search(name_wo)
    if m:
        return float(f"{m.group(1)}.{m.group(2)}"), active
    m = _EXT_M.search(name_wo)
    if m:
        return float(m.group(1)) / 1000.0, active
    return float("nan"), active


def is_moe(model_id: str, tags: Sequence[str] | None = None, rule: str = "author") -> bool:
    """Mixture-of-experts flag: the author's name rule, or ``rule="extended"`` (also
    ``-A<k>B`` and ``<n>x<k>B`` names and a ``moe`` architecture tag)."""
    low = _name(model_id).lower()
    if any(w in low for w in _MOE_WORDS):
        return True
    if rule == "author":
        return False
    if rule != "extended":
        raise ParameterError("rule", rule, "'author' | 'extended'")
    if _EXT_ACTIVE.search(_name(model_id)) or _EXT_X.search(_name(model_id)):
        return True
    return any("moe" in str(t).lower() and ":" not in str(t) for t in (tags or ()))


def is_edge(param_b, model_id, *, threshold_b: float = 7.0, rule: str = "author"):
    """Edge-compatible flag (vectorised over arrays / Series).

    Returns a pandas ``boolean`` array (``<NA>`` = unknown, only with ``rule="size_only"``).
    """
    size = pd.Series(np.asarray(param_b, dtype=float))
    ids = pd.Series(np.atleast_1d(np.asarray(model_id, dtype=object))).astype(str).str.lower()
    by_size = size <= threshold_b
    if rule == "size_only":
        out = by_size.astype("boolean")
        out[size.isna()] = pd.NA
        return out.to_numpy()
    if rule not in ("author", "no_micro"):
        raise ParameterError("rule", rule, "'author' | 'no_micro' | 'size_only'")
    kws = EDGE_KEYWORDS if rule == "author" else EDGE_KEYWORDS_NO_MICRO
    kw = ids.str.contains("|".join(re.escape(k) for k in kws), regex=True)
    return (by_size | kw).astype("boolean").to_numpy()


# ----------------------------------------------------------------------------- records
def _record_dict(r: Any) -> dict:
    """A Hub record as a dict in the layout of the author's cache (dict or ``ModelInfo``)."""
    if isinstance(r, Mapping):
        return dict(r)
    created = getattr(r, "created_at", None) or getattr(r, "createdAt", None)
    if hasattr(created, "isoformat"):
        ts = pd.Timestamp(created)
        ts = ts.tz_convert("UTC") if ts.tzinfo else ts
        created = ts.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    mid = getattr(r, "id", None) or getattr(r, "modelId", None)
    return {"_id": getattr(r, "_id", None), "id": mid, "likes": getattr(r, "likes", None),
            "private": getattr(r, "private", None), "downloads": getattr(r, "downloads", None),
            "tags": list(getattr(r, "tags", None) or []),
            "pipeline_tag": getattr(r, "pipeline_tag", None),
            "library_name": getattr(r, "library_name", None), "createdAt": created,
            "modelId": mid}


def records_from_dump(obj: Any) -> list[dict]:
    """Flatten a dump (``{author: [records]}`` as in the author's cache, or a list of records /
    ``ModelInfo`` objects) into a list of dicts, keeping the dump's order."""
    if isinstance(obj, (str, os.PathLike)):
        path = Path(obj)
        if not path.exists():
            raise DataError(f"Hub dump {str(path)!r} does not exist")
        if path.is_dir():
            raise DataError(f"Hub dump {str(path)!r} is a directory; give the JSON file")
        try:
            with open(path, encoding="utf-8") as fh:
                obj = json.load(fh)
        except UnicodeDecodeError as e:
            raise DataError(f"Hub dump {path}: not UTF-8 JSON ({e.reason} at byte {e.start})") from e
        except json.JSONDecodeError as e:
            raise DataError(f"Hub dump {path}: invalid JSON at line {e.lineno}, column {e.colno}: "
                            f"{e.msg}") from e
        except (OSError, RecursionError, ValueError) as e:
            raise DataError(f"Hub dump {path}: cannot read: {e}") from e
    if isinstance(obj, Mapping):
        if "id" in obj or "modelId" in obj:
            return [_record_dict(obj)]
        out = []
        for v in obj.values():
            if not isinstance(v, (list, tuple)):
                raise DataError(f"Hub dump: expected a list of records per author, got {type(v)}")
            out.extend(_record_dict(r) for r in v)
        return out
    if isinstance(obj, Iterable) and not isinstance(obj, (str, bytes)):
        return [_record_dict(r) for r in obj]
    raise DataError(f"Hub dump: expected a dict of author -> records or a list, got {type(obj)}")


def _atomic_json(path: Path, obj) -> None:
    atomic_write_text(path, json.dumps(obj, indent=1))


def fetch_models(authors: Sequence[str] = AUTHORS, cache_dir: str | os.PathLike | None = None,
                 *, limit: int | None = 1000, refresh: bool = False, token: str | None = None,
                 api: Any = None) -> dict[str, list[dict]]:
    """Fetch model metadata per author from the Hugging Face Hub, with a JSON cache.

    Parameters
    ----------
    authors : sequence of str
        Hub organisations (default: the 17 of the author's script).
    cache_dir : path, optional
        Directory of the cache file ``hf_models_<hash>.json`` (layout of the author's
        ``hf_export_control_cache.json``); default ``$ENDODEC_CACHE`` or ``~/.cache/endodec``.
    limit : int or None
        Records per author (the author's script used 1000, which truncates ``google``).
    refresh : bool
        Ignore an existing cache.
    token : str, optional
        Hub token (public models need none).
    api : object, optional
        An ``HfApi``-like object (tests pass a stub).

    Returns
    -------
    dict
        ``{author: [record dict, ...]}``.

    Raises
    ------
    HubError
        ``huggingface_hub`` missing or the Hub unreachable, and no cache.
    """
    authors = list(authors)
    base = Path(cache_dir or os.environ.get("ENDODEC_CACHE") or Path.home() / ".cache" / "endodec")
    key = hashlib.sha256(json.dumps([sorted(authors), limit]).encode()).hexdigest()[:12]
    path = base / f"hf_models_{key}.json"
    if path.exists() and not refresh:
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)
    if api is None:
        try:
            from huggingface_hub import HfApi
        except ImportError as e:
            raise HubError("fetching from the Hugging Face Hub needs huggingface_hub: "
                                "pip install 'endodec[hub]' (or pass a dump: records_from_dump)"
                                ) from e
        api = HfApi(token=token)
    import inspect

    try:
        params = inspect.signature(api.list_models).parameters
    except (TypeError, ValueError):  # pragma: no cover - builtins / C callables
        params = {}
    kw: dict[str, Any] = {"limit": limit, "sort": "created_at"}
    if "direction" in params:  # huggingface_hub < 1.0 sorts ascending unless direction=-1
        kw["direction"] = -1
    out: dict[str, list[dict]] = {}
    for a in authors:
        try:
            recs = list(api.list_models(author=a, **kw))
        except Exception as e:  # network errors come in many types (requests, httpx, OSError)
            raise HubError(f"could not list models of author {a!r} on the Hugging Face Hub "
                                f"({type(e).__name__}: {e}); offline? Use a cached dump "
                                f"(cache_dir) or records_from_dump(<json>)") from e
        out[a] = [_record_dict(r) for r in recs]
    _atomic_json(path, out)
    return out


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


# ----------------------------------------------------------------------------- results
@dataclass
class RegressionResult:
    """One regression: coefficient tables as Series and the fitted model.

    The attribute names follow statsmodels' ``RegressionResults`` (``params``, ``bse``,
    ``tvalues``, ``pvalues``, ``conf_int``, ``nobs``, ``df_resid``, ``cov_type``); ``delta``,
    ``se`` and ``p`` are the coefficient of interest's entries.

    Attributes
    ----------
    name, outcome, coef : str
        Specification label, dependent variable, coefficient of interest.
    params, bse, pvalues : pandas.Series
    nobs : int
    rsquared : float
        R² of the OLS with dummies (the author's convention; PanelOLS: overall R² of the
        dummy-variable fit as well, ``rsquared_within`` in ``extra``).
    cov_type : str
    engine : str
        ``statsmodels`` or ``linearmodels``.
    extra : dict
    fit : object
        The statsmodels / linearmodels result.
    df_inference : float
        Degrees of freedom of the t distribution behind ``pvalues`` and :meth:`conf_int`
        (``inf``: standard normal). Clustered inference uses ``G - 1`` (Stata, fixest,
        pyfixest; Cameron, Gelbach and Miller 2008); HC SEs use the normal as statsmodels does
        (the author's log); classical SEs use ``df_resid``.
    cov_correction : str
        The small-sample correction of the covariance, named (e.g. ``"CR1: G/(G-1)*(N-1)/(N-K)"``
        for clustered SEs, ``"HC1: N/(N-K)"``).
    n_clusters : int or None
        Number of clusters G of a clustered covariance.
    df_resid : float
        N - K of the dummy-variable regression (K counts absorbed effects).
    """

    name: str
    outcome: str
    coef: str
    params: pd.Series
    bse: pd.Series
    pvalues: pd.Series
    nobs: int
    rsquared: float
    cov_type: str
    engine: str = "statsmodels"
    extra: dict = field(default_factory=dict)
    fit: Any = None
    df_inference: float = float("inf")
    cov_correction: str = ""
    n_clusters: int | None = None
    df_resid: float = float("nan")

    @property
    def delta(self) -> float:
        return float(self.params[self.coef])

    @property
    def se(self) -> float:
        return float(self.bse[self.coef])

    @property
    def p(self) -> float:
        return float(self.pvalues[self.coef])

    @property
    def tvalues(self) -> pd.Series:
        """``params / bse``."""
        return self.params / self.bse

    def conf_int(self, alpha: float = 0.05) -> pd.DataFrame:
        """Two-sided ``1 - alpha`` intervals ``params ± q * bse`` with ``q`` the t(df_inference)
        quantile (normal when ``df_inference`` is infinite), the distribution of ``pvalues``.
        Columns ``0`` (lower) and ``1`` (upper), as statsmodels."""
        from scipy import stats

        if isinstance(alpha, bool) or not isinstance(alpha, (int, float, np.floating)) \
                or not 0 < alpha < 1:
            raise ParameterError("alpha", alpha, "in (0, 1)")
        q = (stats.norm.ppf(1 - alpha / 2) if not np.isfinite(self.df_inference)
             else stats.t.ppf(1 - alpha / 2, self.df_inference))
        return pd.DataFrame({0: self.params - q * self.bse, 1: self.params + q * self.bse})

    def row(self) -> dict:
        return {"specification": self.name, "outcome": self.outcome, "coef": self.coef,
                "estimate": self.delta, "se": self.se, "p_value": self.p, "n": self.nobs,
                "r2": self.rsquared, "cov_type": self.cov_type, "engine": self.engine,
                "cov_correction": self.cov_correction, "n_clusters": self.n_clusters,
                "df_inference": self.df_inference}

    def summary(self) -> str:
        keep = [k for k in self.params.index if not str(k).startswith(("C(", "author", "quarter"))]
        dist = ("normal" if not np.isfinite(self.df_inference)
                else f"t({self.df_inference:g})")
        corr = f"; {self.cov_correction}" if self.cov_correction else ""
        ncl = f", G = {self.n_clusters}" if self.n_clusters else ""
        lines = [f"{self.name}: {self.outcome}  (N = {self.nobs}, R² = {self.rsquared:.4f}, "
                 f"SE: {self.cov_type}{corr}{ncl}; p-values {dist}, {self.engine})"]
        for k in keep:
            star = "*" * sum(self.pvalues[k] < a for a in (0.1, 0.05, 0.01))
            lines.append(f"  {k:<24s} {self.params[k]:+.4f}  (SE {self.bse[k]:.4f})  "
                         f"p = {self.pvalues[k]:.4f} {star}")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return (f"RegressionResult({self.name!r}, {self.coef}={self.delta:+.4f}, se={self.se:.4f},"
                f" p={self.p:.4f}, n={self.nobs})")


CR1 = "CR1: G/(G-1)*(N-1)/(N-K)"
"""Name of the default cluster-robust small-sample correction (Stata, fixest, sandwich::vcovCL
with ``type = "HC1"``)."""
_CORRECTION = {"nonrobust": "classical: s² (X'X)^-1, s² = SSR/(N-K)", "HC0": "HC0: none",
               "HC1": "HC1: N/(N-K)", "HC2": "HC2: 1/(1-h_ii)", "HC3": "HC3: 1/(1-h_ii)²",
               "cluster": CR1}


def cluster_cr1(Xt: np.ndarray, u: np.ndarray, groups, k_full: int) -> tuple[np.ndarray, int]:
    """CR1 cluster-robust covariance of an OLS fit (Liang and Zeger 1986; Cameron, Gelbach and
    Miller 2008, eq. (2) with the Stata/fixest small-sample factor).

    ``V = c (X'X)^-1 (sum_g X_g' u_g u_g' X_g) (X'X)^-1``, ``c = G/(G-1) * (N-1)/(N-K)``: the
    covariance of ``sandwich::vcovCL(type = "HC1")``, Stata's ``vce(cluster)`` and statsmodels'
    ``cov_type="cluster"``. For a fit with absorbed fixed effects pass the within-transformed
    regressors ``Xt`` (by Frisch-Waugh-Lovell the block of the dummy-variable sandwich for
    these regressors is the within sandwich) and ``k_full`` = the number of columns of the
    dummy-variable regression, as R's ``lm`` with ``factor()`` dummies counts them.

    Parameters
    ----------
    Xt : (N, k) array
        Regressors (within-transformed when effects are absorbed).
    u : (N,) array
        OLS residuals.
    groups : array_like of length N
        Cluster labels.
    k_full : int
        K in ``(N-1)/(N-K)``.

    Returns
    -------
    (V, G) : (k, k) ndarray and the number of clusters.

    Raises
    ------
    DataError
        Fewer than 2 clusters (the CR1 factor ``G/(G-1)`` is undefined and a cluster-robust
        SE needs at least two clusters; more than ~20 for the t(G-1) approximation to be good).
    NumericalError
        Singular ``X'X`` (collinear regressors) or ``N <= K``.

    References
    ----------
    Cameron, A. C., Gelbach, J. B. and Miller, D. L. (2008), "Bootstrap-based improvements for
    inference with clustered errors", *Review of Economics and Statistics* 90(3), 414-427.
    """
    Xt = np.asarray(Xt, dtype=float)
    u = np.asarray(u, dtype=float)
    codes, uniq = pd.factorize(pd.Series(np.asarray(groups)), sort=True)
    G = len(uniq)
    n = len(u)
    if G < 2:
        raise DataError(f"clustered SE: {G} cluster(s); a cluster-robust covariance needs at "
                        "least 2 clusters (G/(G-1) is undefined) -- use cov='robust' (HC1), or "
                        "data with more clusters")
    if n <= k_full:
        raise NumericalError("clustered SE", f"N = {n} <= K = {k_full}: no residual degrees "
                             "of freedom (more observations or fewer regressors)")
    XtX = Xt.T @ Xt
    if np.linalg.matrix_rank(XtX) < XtX.shape[0]:
        raise NumericalError("clustered SE", "X'X is singular: the regressors are collinear "
                             "(drop a regressor that is a combination of the others)")
    Ainv = np.linalg.inv(XtX)
    S = np.zeros((G, Xt.shape[1]))
    np.add.at(S, codes, Xt * u[:, None])
    c = G / (G - 1) * (n - 1) / (n - k_full)
    return c * Ainv @ (S.T @ S) @ Ainv, G


_COV = {"classical": "nonrobust", "nonrobust": "nonrobust", "unadjusted": "nonrobust",
        "robust": "HC1", "HC1": "HC1", "HC0": "HC0", "HC2": "HC2", "HC3": "HC3",
        "cluster": "cluster", "clustered": "cluster"}


def _cov(cov: str) -> str:
    if cov not in _COV:
        raise ParameterError("cov", cov, "classical | robust (HC1) | HC0 | HC2 | HC3 | cluster")
    return _COV[cov]


def _design(formula: str, data: pd.DataFrame) -> tuple[pd.Series, pd.DataFrame]:
    """Response and design matrix for ``"y ~ a + b + C(g)"`` (names and ``C(name)`` only), with
    an intercept and treatment-coded dummies named as patsy names them (``C(g)[T.level]``, first
    sorted level dropped). Faster than patsy for the many small fits of the robustness table."""
    lhs, rhs = (t.strip() for t in formula.split("~"))
    cols = {"Intercept": np.ones(len(data))}
    for term in (t.strip() for t in rhs.split("+")):
        m = re.fullmatch(r"C\((\w+)\)", term)
        if m:
            v = data[m.group(1)].astype(str)
            for lev in sorted(v.unique())[1:]:
                cols[f"{term}[T.{lev}]"] = (v == lev).to_numpy(dtype=float)
        else:
            cols[term] = data[term].to_numpy(dtype=float)
    X = pd.DataFrame(cols, index=data.index)
    y = data[lhs].astype(float)
    ok = y.notna() & X.notna().all(axis=1)
    return y[ok], X[ok]


def _ols(formula: str, data: pd.DataFrame, cov: str, groups: str = "author"):
    import statsmodels.api as sm

    c = _cov(cov)
    y, X = _design(formula, data)
    model = sm.OLS(y, X)
    codes = pd.factorize(data.loc[y.index, groups])[0]
    if c == "cluster":
        G = int(codes.max()) + 1 if codes.size else 0
        if G < 2:
            raise DataError(f"clustered SE: {G} cluster(s) of {groups!r}; a cluster-robust "
                            "covariance needs at least 2 clusters (G/(G-1) is undefined) -- "
                            "use cov='robust' (HC1), or data with more clusters")
        # CR1 (statsmodels' default use_correction=True: G/(G-1)*(N-1)/(N-K)) and, with
        # use_t=True, t(G-1) p-values and intervals (df_resid_inference = G - 1)
        fit = model.fit(cov_type="cluster", cov_kwds={"groups": codes}, use_t=True)
    else:
        fit = model.fit(cov_type=c)
    fit.endodec_groups = codes  # cluster ids for wild_cluster_bootstrap
    return fit, c


def _wrap(name, outcome, coef, fit, cov, engine="statsmodels", **extra) -> RegressionResult:
    if cov == "cluster":
        dfi, ncl = float(fit.df_resid_inference), int(fit.df_resid_inference) + 1
    else:
        dfi, ncl = (float(fit.df_resid) if fit.use_t else float("inf")), None
    return RegressionResult(name, outcome, coef, fit.params.copy(), fit.bse.copy(),
                            fit.pvalues.copy(), int(fit.nobs), float(fit.rsquared), cov, engine,
                            extra, fit, df_inference=dfi, cov_correction=_CORRECTION.get(cov, ""),
                            n_clusters=ncl, df_resid=float(fit.df_resid))


def _check_panel(panel: pd.DataFrame, outcome: str) -> None:
    if not isinstance(panel, pd.DataFrame):
        raise ParameterError("panel", type(panel).__name__, "a DataFrame (build_panel)")
    if not isinstance(outcome, str):
        raise ParameterError("outcome", outcome, "a column name of the panel")
    need = {"author", "quarter", "constrained", "post", "post_x_constrained", outcome}
    miss = need - set(panel.columns)
    if miss:
        raise DataError(f"panel lacks columns {sorted(miss)}")
    if panel.empty:
        raise DataError("panel is empty")


def _check_identified(panel: pd.DataFrame, outcome: str) -> None:
    """:class:`DomainError` unless every (constrained, post) cell has author-quarters and the
    outcome varies: otherwise Post x Constrained is collinear with the other terms (or the
    outcome is constant) and the DID estimate is an artefact of the pseudo-inverse."""
    from endodec.errors import DomainError

    y = pd.to_numeric(panel[outcome], errors="coerce")
    ok = y.notna()
    for c in (0, 1):
        for p in (0, 1):
            n = int(((panel["constrained"] == c) & (panel["post"] == p) & ok).sum())
            if n == 0:
                who = "constrained" if c else "unconstrained"
                when = "after" if p else "before"
                raise DomainError(
                    f"DID not identified: no {who} author-quarters {when} the treatment date "
                    "(Post x Constrained has no variation of its own); choose a treatment date "
                    "inside the panel's quarters and keep both groups")
    if y[ok].nunique() <= 1:
        raise DomainError(f"DID not identified: the outcome {outcome!r} is constant "
                          f"(value {float(y[ok].iloc[0]):g}) over the panel (e.g. an edge threshold that "
                          "makes every model edge-compatible)")


def _check_estimate(res: RegressionResult) -> RegressionResult:
    from endodec.errors import NumericalError

    d, se = res.params[res.coef], res.bse[res.coef]
    if not (np.isfinite(d) and np.isfinite(se) and se > 0 and np.isfinite(res.pvalues[res.coef])):
        raise NumericalError(f"{res.name}: {res.coef}",
                             f"estimate {d!r} with SE {se!r}: the design is degenerate")
    return res


_SPECS = {"baseline": "Baseline DID", "firm_fe": "Firm FE", "twfe": "Two-way FE (firm + quarter)"}


def estimate_did(panel: pd.DataFrame, outcome: str = "edge_share", spec: str = "baseline",
                 cov: str = "robust", engine: str = "statsmodels") -> RegressionResult:
    """Difference-in-differences on the author-quarter panel (seed 001 §5.1.5).

    ``baseline``: y = α + β1 Post + β2 Constrained + δ Post×Constrained + ε;
    ``firm_fe``: author effects replace Constrained; ``twfe``: author and quarter effects.

    Parameters
    ----------
    cov : {"classical", "robust", "cluster", "HC0", "HC2", "HC3"}
        ``robust`` is HC1 (reproduces the author's log; normal p-values, as statsmodels);
        ``cluster`` clusters by author with the CR1 correction G/(G-1)·(N-1)/(N-K) (K counts
        the fixed effects, as R's ``lm`` with dummies) and t(G-1) p-values and intervals, as
        Stata, fixest, pyfixest and ``lmtest::coeftest(vcovCL(type="HC1"), df=G-1)``; the
        correction is named in ``result.cov_correction`` and ``summary()``.
    engine : {"statsmodels", "linearmodels"}
        OLS with dummies, or ``linearmodels.PanelOLS`` with absorbed effects (same δ).
        Classical SEs agree between the engines; clustered SEs agree (both are CR1: for
        PanelOLS the CR1 covariance is computed by :func:`cluster_cr1` from its residuals and
        within-transformed regressors, because PanelOLS's own clustered covariance omits
        G/(G-1) by default); both equal R's ``sandwich::vcovCL(type="HC1")`` to 1e-8
        (``tests/fixtures/sandwich``). PanelOLS's ``robust`` is HC0-type with a
        degrees-of-freedom correction and differs slightly from HC1 with effects.

    Raises
    ------
    DataError
        ``cov="cluster"`` with fewer than 2 authors.

    References
    ----------
    Cameron, A. C., Gelbach, J. B. and Miller, D. L. (2008), *Review of Economics and
    Statistics* 90(3), 414-427; Cameron, A. C. and Miller, D. L. (2015), "A practitioner's guide
    to cluster-robust inference", *Journal of Human Resources* 50(2), 317-372.
    """
    _check_panel(panel, outcome)
    if spec not in _SPECS:
        raise ParameterError("spec", spec, " | ".join(_SPECS))
    if engine not in ("statsmodels", "linearmodels"):
        raise ParameterError("engine", engine, "'statsmodels' | 'linearmodels'")
    _cov(cov)
    _check_identified(panel, outcome)
    if engine == "linearmodels":
        return _check_estimate(_did_panelols(panel, outcome, spec, cov))
    rhs = {"baseline": "post + constrained + post_x_constrained",
           "firm_fe": "post + post_x_constrained + C(author)",
           "twfe": "post_x_constrained + C(author) + C(quarter)"}[spec]
    fit, c = _ols(f"{outcome} ~ {rhs}", panel, cov)
    return _check_estimate(_wrap(_SPECS[spec], outcome, "post_x_constrained", fit, c))


def _did_panelols(panel, outcome, spec, cov) -> RegressionResult:
    from linearmodels.panel import PanelOLS

    d = panel.copy()
    d["_q"] = pd.PeriodIndex(d["quarter"], freq="Q").to_timestamp()
    d = d.set_index(["author", "_q"])
    c = _cov(cov)
    if spec == "baseline":
        exog = d[["post", "constrained", "post_x_constrained"]].assign(const=1.0)
        mod = PanelOLS(d[outcome], exog)
    elif spec == "firm_fe":
        mod = PanelOLS(d[outcome], d[["post", "post_x_constrained"]], entity_effects=True)
    else:
        mod = PanelOLS(d[outcome], d[["post_x_constrained"]], entity_effects=True,
                       time_effects=True)
    if c == "cluster":
        # point estimates and residuals from PanelOLS; the CR1 covariance from them (the
        # library's own clustered covariance omits G/(G-1) by default and, with effects
        # absorbed, counts K differently from lm/Stata/fixest): see cluster_cr1
        res = mod.fit(cov_type="clustered", cluster_entity=True)
    elif c == "nonrobust":
        res = mod.fit(cov_type="unadjusted")
    else:
        res = mod.fit(cov_type="robust")
    # overall R² of the equivalent dummy-variable regression, comparable with the author's
    resid = np.asarray(res.resids)
    y = np.asarray(d[outcome], dtype=float)
    r2 = 1 - (resid @ resid) / np.sum((y - y.mean()) ** 2)
    params, bse, pvals = res.params.copy(), res.std_errors.copy(), res.pvalues.copy()
    X = np.asarray(mod.exog.values2d, dtype=float)
    ent = d.index.get_level_values(0).astype(str)
    dummies = []
    if spec in ("firm_fe", "twfe"):
        dummies.append(pd.get_dummies(ent, dtype=float).to_numpy())
    if spec == "twfe":
        dummies.append(pd.get_dummies(d.index.get_level_values(1).astype(str),
                                      dtype=float).to_numpy()[:, 1:])
    if dummies:
        D = np.column_stack(dummies)
        Xt = X - D @ np.linalg.lstsq(D, X, rcond=None)[0]
        k_full = X.shape[1] + np.linalg.matrix_rank(D)
    else:
        Xt, k_full = X, X.shape[1]
    df_resid = float(len(y) - k_full)
    extra = {"rsquared_within": float(res.rsquared_within)}
    if c == "cluster":
        from scipy import stats

        V, G = cluster_cr1(Xt, resid, ent, k_full)
        bse = pd.Series(np.sqrt(np.diag(V)), index=params.index)
        pvals = pd.Series(2 * stats.t.sf(np.abs(params / bse), G - 1), index=params.index)
        return RegressionResult(_SPECS[spec], outcome, "post_x_constrained", params, bse, pvals,
                                int(res.nobs), float(r2), "cluster", "linearmodels", extra, res,
                                df_inference=float(G - 1), cov_correction=CR1, n_clusters=G,
                                df_resid=df_resid)
    return RegressionResult(_SPECS[spec], outcome, "post_x_constrained", params, bse, pvals,
                            int(res.nobs), float(r2),
                            {"nonrobust": "classical"}.get(c, "robust"), "linearmodels", extra,
                            res, df_inference=float("inf"),  # PanelOLS (debiased=False): normal
                            cov_correction=("classical: s² (X'X)^-1, s² = SSR/(N-K)"
                                            if c == "nonrobust" else
                                            "linearmodels 'robust' (HC0-type with N/(N-K))"),
                            df_resid=df_resid)


# ----------------------------------------------------------------------------- wild bootstrap
@dataclass
class WildBootstrapResult:
    """Wild cluster restricted (WCR) bootstrap-t test of one coefficient.

    Attributes
    ----------
    coef : str
    estimate, t_stat : float
        Estimate and its CR1 cluster-robust t statistic.
    p_value : float
        Symmetric bootstrap p-value P(|t*| >= |t|) under H0: coefficient = 0.
    n_boot, n_clusters : int
    weights : str
    """

    coef: str
    estimate: float
    t_stat: float
    p_value: float
    n_boot: int
    n_clusters: int
    weights: str
    p_value_strict: float = float("nan")
    full_enumeration: bool = False

    def summary(self) -> str:
        how = "all 2^G sign vectors" if self.full_enumeration else f"B = {self.n_boot}"
        return (f"wild cluster bootstrap ({self.weights}, WCR, {how}, G = {self.n_clusters}): "
                f"{self.coef} = {self.estimate:+.4f}, t = {self.t_stat:.3f}, "
                f"p = {self.p_value:.4f} (ties counted; {self.p_value_strict:.4f} without)")


def wild_cluster_bootstrap(result: RegressionResult, n_boot: int = 9999, seed: int = 0,
                           weights: str = "rademacher", chunk: int = 500,
                           coef: str | None = None) -> WildBootstrapResult:
    """Wild cluster restricted bootstrap-t p-value for ``result.coef`` (Cameron, Gelbach and
    Miller 2008; MacKinnon and Webb 2017), clusters = authors.

    With 16 clusters, and treatment assigned at the cluster level, the CR1 cluster-robust
    t test over-rejects. The WCR bootstrap imposes the null (coefficient = 0), then redraws the
    restricted residuals multiplied by one weight per cluster: Rademacher ±1, or Webb's six-point
    distribution, which has more distinct draws when G is small. Each draw is refitted and its
    CR1 t statistic recorded.
    Only for results from the statsmodels engine (OLS with dummies).

    ``p_value`` counts draws with |t*| >= |t| (ties included, conservative); ``p_value_strict``
    counts |t*| > |t| (the convention of the ``wildboottest`` package). The two differ when few
    clusters move the statistic: other clusters' weights then leave t* = ±t exactly. With
    Rademacher weights and 2^G <= ``n_boot`` every sign vector is enumerated, as ``wildboottest``
    does.
    """
    fit = result.fit
    if fit is None or not hasattr(fit, "endodec_groups"):
        raise ParameterError("result", result.name, "a statsmodels-engine RegressionResult")
    if weights not in ("rademacher", "webb"):
        raise ParameterError("weights", weights, "'rademacher' | 'webb'")
    if isinstance(n_boot, bool) or not isinstance(n_boot, (int, np.integer)) or n_boot < 99:
        raise ParameterError("n_boot", n_boot, "an integer >= 99")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or not 0 <= seed < 2**32:
        raise ParameterError("seed", seed, "an integer in [0, 2**32)")
    if isinstance(chunk, bool) or not isinstance(chunk, (int, np.integer)) or chunk < 1:
        raise ParameterError("chunk", chunk, "an integer >= 1")
    from endodec._limits import check_size

    check_size(f"a wild bootstrap of {int(n_boot):,} draws", 32.0 * min(int(n_boot), 2**1000),
               "use fewer draws")
    X = np.asarray(fit.model.exog, float)
    y = np.asarray(fit.model.endog, float)
    names = list(fit.model.exog_names)
    coef = coef or result.coef
    if coef not in names:
        raise ParameterError("coef", coef, f"one of {names[:6]}...")
    k = names.index(coef)
    g = np.asarray(fit.endodec_groups)
    G = int(g.max()) + 1
    n, p = X.shape
    A = np.linalg.pinv(X)  # p x n: beta = A y
    a_k = A[k]
    Xr = np.delete(X, k, axis=1)
    beta_r = np.linalg.lstsq(Xr, y, rcond=None)[0]
    fitted_r = Xr @ beta_r
    u_r = y - fitted_r
    cfac = G / (G - 1) * (n - 1) / (n - p)
    onehot = np.zeros((n, G))
    onehot[np.arange(n), g] = 1.0

    def t_stats(Y):  # Y: n x m
        b = a_k @ Y
        U = Y - X @ (A @ Y)
        S = onehot.T @ (a_k[:, None] * U)  # G x m
        return b / np.sqrt(cfac * np.sum(S * S, axis=0))

    t0 = float(t_stats(y[:, None])[0])
    rng = np.random.default_rng(seed)
    webb = np.array([-np.sqrt(1.5), -1.0, -np.sqrt(0.5), np.sqrt(0.5), 1.0, np.sqrt(1.5)])
    full = weights == "rademacher" and 2 ** G <= n_boot
    total = 2 ** G if full else int(n_boot)
    tol = 1e-9 * max(1.0, abs(t0))
    ge = gt = done = 0
    while done < total:
        m = min(chunk, total - done)
        if full:
            idx = np.arange(done, done + m)
            V = ((idx[None, :] >> np.arange(G)[:, None]) & 1) * 2.0 - 1.0
        elif weights == "rademacher":
            V = rng.choice([-1.0, 1.0], size=(G, m))
        else:
            V = rng.choice(webb, size=(G, m))
        Y = fitted_r[:, None] + u_r[:, None] * V[g]
        at = np.abs(t_stats(Y))
        ge += int(np.sum(at >= abs(t0) - tol))
        gt += int(np.sum(at > abs(t0) + tol))
        done += m
    return WildBootstrapResult(coef, float(result.params[coef]), t0, ge / total, total, G,
                               weights, gt / total, full)


# ----------------------------------------------------------------------------- event study
@dataclass
class EventStudyResult:
    """Event-study coefficients (Constrained × quarter, reference quarter omitted) and the joint
    pre-trend test.

    Attributes
    ----------
    table : pandas.DataFrame
        ``quarter, coef, se, p_value, period`` (``pre`` / ``post``; reference row has 0, 0, 1).
    pretrend_stat, pretrend_p, pretrend_df : float, float, int
        Wald F test that all pre-treatment coefficients (other than the reference) are zero.
    n_sig_pre : int
        Pre-treatment coefficients significant at ``alpha``.
    """

    table: pd.DataFrame
    pretrend_stat: float
    pretrend_p: float
    pretrend_df: int
    n_sig_pre: int
    ref: str
    cov_type: str
    nobs: int
    alpha: float = 0.05
    fit: Any = None

    @property
    def parallel_trends_supported(self) -> bool:
        """The author's criterion: no individually significant pre-treatment coefficient."""
        return self.n_sig_pre == 0

    def summary(self) -> str:
        lines = [f"Event study (ref = {self.ref}, SE {self.cov_type}, N = {self.nobs})",
                 f"{'quarter':>8} {'coef':>9} {'SE':>8} {'p':>7}  period"]
        for r in self.table.itertuples():
            lines.append(f"{r.quarter:>8} {r.coef:+9.4f} {r.se:8.4f} {r.p_value:7.4f}  {r.period}")
        lines.append(f"joint pre-trend test: F({self.pretrend_df}) = {self.pretrend_stat:.3f}, "
                     f"p = {self.pretrend_p:.4f}; significant pre coefficients: {self.n_sig_pre}")
        return "\n".join(lines)


def event_study(panel: pd.DataFrame, outcome: str = "edge_share", ref: str | None = None,
                treatment_date: str = TREATMENT_DATE, cov: str = "robust",
                alpha: float = 0.05) -> EventStudyResult:
    """Event study: y = Σ_q γ_q (Constrained × 1[quarter = q]) + author FE + quarter FE, q ≠ ref.

    ``ref`` defaults to the last pre-treatment quarter (2022Q3 for 2022-10-07). The pre-trend
    test is a joint Wald F test of the pre-treatment γ_q.
    """
    _check_panel(panel, outcome)
    tq = str(pd.Period(pd.Timestamp(treatment_date), freq="Q"))
    qs = sorted(panel["quarter"].astype(str).unique())
    if ref is None:
        pre = [q for q in qs if q < tq]
        if not pre:
            raise DataError(f"event study: no quarter before the treatment quarter {tq}")
        ref = pre[-1]
    if ref not in qs:
        raise ParameterError("ref", ref, f"a quarter of the panel ({qs[0]}..{qs[-1]})")
    d = panel.copy()
    names = {}
    for q in qs:
        if q == ref:
            continue
        n = "ev_" + q
        d[n] = ((d["quarter"].astype(str) == q) & (d["constrained"] == 1)).astype(int)
        if d[n].sum() > 0:
            names[q] = n
    if not names:
        raise DomainError("event study not identified: no constrained author-quarters outside "
                          f"the reference quarter {ref} (are all constrained authors excluded?)")
    y = pd.to_numeric(d[outcome], errors="coerce").dropna()
    if y.nunique() <= 1:
        raise DomainError(f"event study not identified: the outcome {outcome!r} is constant "
                          f"({'no values' if not len(y) else f'value {float(y.iloc[0]):g}'}) over the panel")
    fit, c = _ols(f"{outcome} ~ " + " + ".join(names.values()) + " + C(author) + C(quarter)",
                  d, cov)
    rows = []
    for q in qs:
        if q == ref:
            rows.append((q, 0.0, 0.0, 1.0, "pre"))
        elif q in names:
            n = names[q]
            rows.append((q, fit.params[n], fit.bse[n], fit.pvalues[n],
                         "pre" if q < tq else "post"))
    tab = pd.DataFrame(rows, columns=["quarter", "coef", "se", "p_value", "period"])
    pre_names = [names[q] for q in names if q < tq]
    if pre_names:
        w = fit.wald_test(", ".join(f"{n} = 0" for n in pre_names), use_f=True, scalar=True)
        stat, p, df_ = float(w.statistic), float(w.pvalue), len(pre_names)
    else:
        stat, p, df_ = float("nan"), float("nan"), 0
    nsig = int(((tab.period == "pre") & (tab.quarter != ref) & (tab.p_value < alpha)).sum())
    return EventStudyResult(tab, stat, p, df_, nsig, ref, c, int(fit.nobs), alpha, fit)


# ----------------------------------------------------------------------------- alternatives
def _post_panel(panel: pd.DataFrame) -> pd.DataFrame:
    d = panel[panel["post"] == 1].copy()
    if d.empty:
        raise DataError("no post-treatment author-quarters")
    qs = sorted(d["quarter"].astype(str).unique())
    d["time_idx"] = d["quarter"].astype(str).map({q: i for i, q in enumerate(qs)})
    return d


def post_cross_section(panel: pd.DataFrame, outcome: str = "edge_share",
                       cov: str = "robust") -> RegressionResult:
    """Spec A1: y ~ Constrained + quarter FE on the post-treatment author-quarters."""
    d = _post_panel(panel)
    fit, c = _ols(f"{outcome} ~ constrained + C(quarter)", d, cov)
    return _wrap("(A1) Cross-section", outcome, "constrained", fit, c)


def post_trend(panel: pd.DataFrame, outcome: str = "edge_share", firm_fe: bool = False,
               cov: str = "robust") -> RegressionResult:
    """Post-treatment trend interaction: y ~ Constrained + t + Constrained×t (B1, C2, C3) or
    y ~ t + Constrained×t + author FE (B2); t = quarters since the first post quarter.

    With ``outcome="log_downloads"`` this is the paper's "download-trend specification"
    (seed 001 §5.1.5: β = +0.376, p = 0.030).
    """
    d = _post_panel(panel)
    d["constrained_x_time"] = d["constrained"] * d["time_idx"]
    rhs = ("time_idx + constrained_x_time + C(author)" if firm_fe
           else "constrained + time_idx + constrained_x_time")
    fit, c = _ols(f"{outcome} ~ {rhs}", d, cov)
    lab = {("edge_share", False): "(B1) Time trend interaction",
           ("edge_share", True): "(B2) Time trend + firm FE",
           ("n_edge", False): "(C2) Edge count trend",
           ("log_downloads", False): "(C3) Download trend"}.get((outcome, firm_fe),
                                                                 f"trend: {outcome}")
    return _wrap(lab, outcome, "constrained_x_time", fit, c)


def model_lpm(models: pd.DataFrame, cov: str = "robust", days_per_month: float = 30.4375
              ) -> RegressionResult:
    """Spec C1, the paper's cross-sectional linear probability model (seed 001 §5.1.5):
    P(edge) ~ Constrained + months since the author's first post-treatment model + quarter FE,
    on post-treatment models (models with unknown edge status are dropped)."""
    d = models[models["post"] == 1].copy()
    e = d["edge_compatible"].astype("boolean")
    d = d[e.notna().to_numpy()].copy()
    if d.empty:
        raise DataError("no post-treatment models")
    d["edge"] = d["edge_compatible"].astype(int)
    first = d.groupby("author")["created"].transform("min")
    d["months_since_entry"] = (d["created"] - first).dt.total_seconds() / 86400 / days_per_month
    fit, c = _ols("edge ~ constrained + months_since_entry + C(quarter)", d, cov)
    return _wrap("(C1) Model-level LPM", "edge", "constrained", fit, c)


def multi_round_did(panel: pd.DataFrame, dates: Sequence[str] = TIGHTENING_DATES,
                    outcome: str = "edge_share", cov: str = "robust") -> RegressionResult:
    """Two-way FE DID with one Constrained × Post_k term per round of the controls (seed 001
    §5.1.4, "staggered treatment": October 2022, October 2023, January 2025).

    y = Σ_k δ_k (Constrained × 1[quarter >= quarter of round k]) + author FE + quarter FE; δ_k is
    the *additional* effect of round k. All constrained authors are treated at the same dates,
    so this is a multiple-event-date design rather than staggered adoption across units.
    ``coef`` is the first round's term; all are in ``params``.
    """
    _check_panel(panel, outcome)
    if not dates:
        raise ParameterError("dates", dates, "at least one ISO date")
    d = panel.copy()
    q = pd.PeriodIndex(d["quarter"].astype(str), freq="Q")
    names = []
    for i, dt in enumerate(dates, start=1):
        tq = pd.Period(pd.Timestamp(dt), freq="Q")
        n = f"constrained_x_round{i}"
        d[n] = ((q >= tq) & (d["constrained"].to_numpy() == 1)).astype(int)
        if d[n].nunique() < 2:
            raise DataError(f"round {i} ({dt}): Constrained × Post has no variation")
        names.append(n)
    fit, c = _ols(f"{outcome} ~ " + " + ".join(names) + " + C(author) + C(quarter)", d, cov)
    return _wrap("Multi-round TWFE (2022-10, 2023-10, 2025-01)", outcome, names[0], fit, c,
                 rounds=dict(zip(names, dates, strict=True)))


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


def not_estimable(name: str, outcome: str, coef: str, cov: str, reason: str
                  ) -> RegressionResult:
    """A placeholder :class:`RegressionResult` for a specification that is not identified:
    NaN estimates, ``nobs = 0``, ``fit = None`` and the reason in ``extra["not_estimable"]``."""
    nan = pd.Series({coef: float("nan")})
    return RegressionResult(name, outcome, coef, nan, nan.copy(), nan.copy(), 0, float("nan"),
                            cov, "statsmodels", {"not_estimable": reason}, None)


def run_all(models: pd.DataFrame, panel: pd.DataFrame, cov: str = "robust"
            ) -> list[RegressionResult]:
    """The twelve specifications of the author's log, in its order: (1)-(6) DID, A1, B1, B2, C1,
    C2, C3."""
    out = [estimate_did(panel, "edge_share", s, cov) for s in ("baseline", "firm_fe", "twfe")]
    for y, lab in (("n_edge", "Count (n_edge)"), ("log_downloads", "Log downloads"),
                   ("moe_share", "MoE share")):
        try:
            r = estimate_did(panel, y, "baseline", cov)
        except (DomainError, NumericalError) as e:
            # an alternative outcome without variation (e.g. no MoE model in the dump) is
            # reported as not estimable instead of a 0 estimate with a NaN p-value
            r = not_estimable(lab, y, "post_x_constrained", _cov(cov), str(e))
        r.name = lab
        out.append(r)
    out.append(post_cross_section(panel, cov=cov))
    out.append(post_trend(panel, "edge_share", cov=cov))
    out.append(post_trend(panel, "edge_share", firm_fe=True, cov=cov))
    out.append(model_lpm(models, cov=cov))
    out.append(post_trend(panel, "n_edge", cov=cov))
    out.append(post_trend(panel, "log_downloads", cov=cov))
    return out


def results_frame(results: Sequence[RegressionResult]) -> pd.DataFrame:
    """Results as a table (one row per specification)."""
    return pd.DataFrame([r.row() for r in results])


# ----------------------------------------------------------------------------- robustness
def _did_row(label: str, choice: str, models: pd.DataFrame, rules: Rules, cov: str) -> dict:
    row = {"choice": choice, "variant": label, "n_models": len(models)}
    try:
        panel = build_panel(models, rules)
        row["n_obs"] = len(panel)
        pre_c = int(((panel.constrained == 1) & (panel.post == 0)).sum())
        row["constrained_pre_obs"] = pre_c
        if pre_c == 0:
            row["note"] = "not identified: no constrained pre-treatment author-quarter"
            return row
        for s in ("baseline", "firm_fe", "twfe"):
            r = estimate_did(panel, "edge_share", s, cov)
            row[f"{s}_delta"], row[f"{s}_se"], row[f"{s}_p"] = r.delta, r.se, r.p
        lpm = model_lpm(models, cov=cov)
        row["lpm_beta"], row["lpm_p"] = lpm.delta, lpm.p
        c3 = post_trend(panel, "log_downloads", cov=cov)
        row["download_trend_beta"], row["download_trend_p"] = c3.delta, c3.p
        row["note"] = ""
    except (DataError, DomainError, NumericalError) as e:
        row["note"] = f"not estimable: {e}"
    return row


def robustness_table(records: Any, base: Rules | None = None) -> pd.DataFrame:
    """How the DID (and the LPM and download trend) change under alternative choices.

    Rows: the author's choices; treatment date (second and third rounds, a placebo a year
    earlier); unknown-size handling and size parser; edge rule/threshold; group definitions (the
    paper's six treatment authors; without Google, whose list is truncated at 1,000; without the
    2022Q1 ``createdAt`` pile-up); standard errors (classical, robust HC1, HC3, clustered by
    author). Rows whose DID is not identified say so in ``note`` (their estimates are NaN).
    """
    base = base or Rules()
    recs = _base_table(records)
    variants: list[tuple[str, str, Rules, str]] = [
        ("author's choices", "baseline", base, "robust"),
        ("treatment date", "2023-10-17 (second round)", base.replace(treatment_date="2023-10-17"),
         "robust"),
        ("treatment date", "2025-01-15 (third round)", base.replace(treatment_date="2025-01-15"),
         "robust"),
        ("treatment date", "2021-10-07 (placebo, one year early)",
         base.replace(treatment_date="2021-10-07"), "robust"),
        ("treatment date", "2022-10-07, data from 2022-04-01 (drop createdAt pile-up)",
         base.replace(start="2022-04-01"), "robust"),
        ("unknown size", "size only; unknown = not edge",
         base.replace(edge_rule="size_only", unknown="not_edge"), "robust"),
        ("unknown size", "size only; unknown dropped",
         base.replace(edge_rule="size_only", unknown="drop"), "robust"),
        ("unknown size", "extended parser (1b7, 410m, 8x7B); size only; unknown dropped",
         base.replace(parser="extended", edge_rule="size_only", unknown="drop"), "robust"),
        ("edge rule", "keywords without 'micro' (Microsoft not all edge)",
         base.replace(edge_rule="no_micro"), "robust"),
        ("edge rule", "threshold 3B (Table 5)", base.replace(edge_threshold_b=3.0), "robust"),
        ("group definition", "paper's six treatment authors (drop shibing624, uer)",
         base.replace(exclude_authors=("shibing624", "uer", "THUDM")), "robust"),
        ("group definition", "without google (truncated at 1,000 records)",
         base.replace(exclude_authors=("google",)), "robust"),
        ("group definition", "without EleutherAI and bigscience (research checkpoints)",
         base.replace(exclude_authors=("EleutherAI", "bigscience")), "robust"),
        ("standard errors", "classical", base, "classical"),
        ("standard errors", "HC3", base, "HC3"),
        ("standard errors", "clustered by author (16 clusters)", base, "cluster"),
    ]
    rows = []
    for choice, label, rules, cov in variants:
        models = build_model_table(recs, rules)
        row = _did_row(label, choice, models, rules, cov)
        row["cov"] = _cov(cov)
        rows.append(row)
    cols = ["choice", "variant", "cov", "n_models", "n_obs", "constrained_pre_obs",
            "baseline_delta", "baseline_se", "baseline_p", "firm_fe_delta", "firm_fe_se",
            "firm_fe_p", "twfe_delta", "twfe_se", "twfe_p", "lpm_beta", "lpm_p",
            "download_trend_beta", "download_trend_p", "note"]
    return pd.DataFrame(rows).reindex(columns=cols)


# ----------------------------------------------------------------------------- comparison
def compare_frames(mine: pd.DataFrame, theirs: pd.DataFrame, keys: Sequence[str],
                   rtol: float = 1e-9) -> pd.DataFrame:
    """Cell-by-cell comparison of two tables joined on ``keys``.

    Returns one row per (key, column) that differs, plus rows present in only one table
    (``column = "<row>"``). An empty frame means identical up to ``rtol``.
    """
    a, b = mine.copy(), theirs.copy()
    for k in keys:
        a[k], b[k] = a[k].astype(str), b[k].astype(str)
    m = a.merge(b, on=list(keys), how="outer", suffixes=("_mine", "_theirs"), indicator=True)
    diffs = []
    for r in m[m["_merge"] != "both"].itertuples():
        diffs.append({**{k: getattr(r, k) for k in keys}, "column": "<row>",
                      "mine": r._asdict()["_merge"] == "left_only",
                      "theirs": r._asdict()["_merge"] == "right_only"})
    both = m[m["_merge"] == "both"]
    common = [c for c in mine.columns if c in theirs.columns and c not in keys]
    for c in common:
        x, y = both[c + "_mine"], both[c + "_theirs"]
        try:
            xf, yf = pd.to_numeric(x).astype(float), pd.to_numeric(y).astype(float)
            same = np.isclose(xf, yf, rtol=rtol, atol=1e-12) | (xf.isna() & yf.isna())
        except (ValueError, TypeError):
            same = x.astype(str) == y.astype(str)
        for i in np.flatnonzero(~np.asarray(same)):
            r = both.iloc[i]
            diffs.append({**{k: r[k] for k in keys}, "column": c, "mine": r[c + "_mine"],
                          "theirs": r[c + "_theirs"]})
    return pd.DataFrame(diffs, columns=list(keys) + ["column", "mine", "theirs"])
