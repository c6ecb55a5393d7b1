"""The falsifiable predictions of seed 000 §6 and seed 001 §7 as data, and their evaluation.

The registry (``predictions.yaml`` in this package) holds every prediction of both versions
(1, 2, 2*, 3-9, 7*) with statement, metric(s), thresholds, comparison, window/deadline and the
paper's evidence-for / evidence-against conditions in structured form. :func:`evaluate` compares
them with a user-maintained observations CSV (columns ``metric,date,value,source,note``) and
returns a status per prediction: ``pending``, ``supported``, ``falsified`` or ``not evaluable``,
with the reason. No observations ship with endodec; :func:`write_template` writes an empty
template listing every metric.
"""

from __future__ import annotations

import datetime as _dt
import functools
import os
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from endodec._io import atomic_write_text
from endodec.errors import DataError, DataWarning, ParameterError
from endodec.results import ResultBase

__all__ = [
    "Condition",
    "Prediction",
    "PredictionDetail",
    "load_registry",
    "metrics",
    "get",
    "read_observations",
    "write_template",
    "Evaluation",
    "EvaluationResult",
    "evaluate",
    "STATUSES",
]

STATUSES = ("pending", "supported", "falsified", "not evaluable")
OPS = (">=", ">", "<=", "<", "==", "outside", "inside")
MODES = ("any", "all", "sustained")
OBS_COLUMNS = ["metric", "date", "value", "source", "note"]


@dataclass(frozen=True)
class Condition:
    """One structured condition: ``metric op threshold`` on observations dated in a window."""

    metric: str
    op: str
    threshold: object
    by: int | None = None  # support: latest year
    start: int | None = None  # "from"
    through: int | None = None  # against: latest year
    mode: str = "any"
    years: float = 0.0

    def __post_init__(self):
        if self.op not in OPS:
            raise ParameterError("op", self.op, f"one of {OPS}")
        if self.mode not in MODES:
            raise ParameterError("mode", self.mode, f"one of {MODES}")
        if self.op in ("outside", "inside"):
            t = self.threshold
            if not (isinstance(t, (list, tuple)) and len(t) == 2 and t[0] <= t[1]):
                raise ParameterError("threshold", t, "[lo, hi] for outside/inside")

    @classmethod
    def from_dict(cls, d: dict) -> Condition:
        return cls(d["metric"], d["op"], d["threshold"], d.get("by"), d.get("from"),
                   d.get("through"), d.get("mode", "any"), float(d.get("years", 0)))

    def test(self, v: float) -> bool:
        t = self.threshold
        if self.op == "outside":
            return v < t[0] or v > t[1]
        if self.op == "inside":
            return t[0] <= v <= t[1]
        t = float(t)
        return {">=": v >= t, ">": v > t, "<=": v <= t, "<": v < t, "==": v == t}[self.op]

    def describe(self) -> str:
        t = self.threshold
        ts = f"[{t[0]}, {t[1]}]" if isinstance(t, (list, tuple)) else f"{t}"
        w = []
        if self.start:
            w.append(f"from {self.start}")
        if self.by:
            w.append(f"by {self.by}")
        if self.through:
            w.append(f"through {self.through}")
        m = "" if self.mode == "any" else f" ({self.mode}" + (
            f", >= {self.years:g} years)" if self.mode == "sustained" else ")")
        return f"{self.metric} {self.op} {ts} {' '.join(w)}{m}".strip()


@dataclass(frozen=True)
class Prediction:
    """A prediction of one paper version (see ``predictions.yaml``)."""

    id: str
    version: str
    title: str
    statement: str
    deadline: int | None
    window: tuple
    resolve: str
    support: tuple
    against: tuple
    evidence_for: str = ""
    evidence_against: str = ""
    differences: str = ""
    extra: dict = field(default_factory=dict, compare=False)

    @property
    def key(self) -> str:
        return f"P{self.id}@{self.version}"

    @property
    def metrics(self) -> list[str]:
        out = []
        for c in self.support + self.against:
            if c.metric not in out:
                out.append(c.metric)
        return out

    @property
    def evaluable(self) -> bool:
        return bool(self.support or self.against)


_KNOWN = {"id", "version", "title", "statement", "deadline", "window", "resolve", "support",
          "against", "evidence_for", "evidence_against", "differences"}


def _raw(path=None) -> dict:
    import copy

    if path is None:
        return copy.deepcopy(_packaged_raw())
    return _parse_yaml(Path(path).read_text(encoding="utf-8"))


def _parse_yaml(text: str) -> dict:
    from endodec._io import load_yaml

    return load_yaml(text)


@functools.lru_cache(maxsize=1)
def _packaged_raw() -> dict:
    return _parse_yaml(resources.files("endodec.predictions").joinpath(
        "predictions.yaml").read_text(encoding="utf-8"))


def load_registry(path: str | os.PathLike | None = None) -> list[Prediction]:
    """All predictions of both versions (seed 000 §6, seed 001 §7), validated.

    Raises
    ------
    DataError
        A malformed entry or a condition naming an unknown metric.
    """
    raw = _raw(path)
    mets = raw.get("metrics", {})
    out = []
    for i, d in enumerate(raw["predictions"]):
        try:
            sup = tuple(Condition.from_dict(c) for c in d.get("support") or [])
            ag = tuple(Condition.from_dict(c) for c in d.get("against") or [])
        except (KeyError, ParameterError) as e:
            raise DataError(f"predictions.yaml entry {i} ({d.get('id')}@{d.get('version')}): "
                            f"{e}") from e
        for c in sup + ag:
            if c.metric not in mets:
                raise DataError(f"predictions.yaml entry {i}: unknown metric {c.metric!r}")
        if d.get("resolve") not in ("target", "survive"):
            raise DataError(f"predictions.yaml entry {i}: resolve must be target or survive")
        if str(d.get("version")) not in ("000", "001"):
            raise DataError(f"predictions.yaml entry {i}: version must be '000' or '001'")
        out.append(Prediction(
            str(d["id"]), str(d["version"]), d["title"], d["statement"], d.get("deadline"),
            tuple(d.get("window") or ()), d["resolve"], sup, ag, d.get("evidence_for", ""),
            d.get("evidence_against", ""), d.get("differences", ""),
            {k: v for k, v in d.items() if k not in _KNOWN}))
    keys = [p.key for p in out]
    if len(set(keys)) != len(keys):
        raise DataError("predictions.yaml: duplicated id/version")
    return out


def metrics(path=None) -> dict:
    """Metric name -> {unit, description}."""
    return dict(_raw(path).get("metrics", {}))


def get(pid: str, version: str) -> Prediction:
    for p in load_registry():
        if p.id == str(pid) and p.version == str(version):
            return p
    raise ParameterError("prediction", f"{pid}@{version}", "an id of the registry (1, 2, 2*, "
                         "3-9, 7* in 000; 1-9, 2* in 001)")


def write_template(path: str | os.PathLike) -> Path:
    """Write an observations template: header plus one *empty* row per metric (no values).

    The template lists every metric of the registry with its unit and description in ``note``;
    fill ``date`` and ``value`` (and ``source``) and add rows as observations accumulate.
    """

    from endodec.errors import OutputError

    path = Path(path)
    if path.is_dir():
        raise OutputError(path, "is a directory; give a file name for the template")
    rows = [{"metric": m, "date": "", "value": "", "source": "",
             "note": f"[{d.get('unit', '')}] {d.get('description', '')}"}
            for m, d in metrics().items()]
    text = pd.DataFrame(rows, columns=OBS_COLUMNS).to_csv(index=False)
    try:
        atomic_write_text(path, text)
    except OSError as e:
        raise OutputError(path, f"cannot write the template: {e.strerror or e}") from e
    return path


def _year_end(y: int) -> pd.Timestamp:
    return pd.Timestamp(year=int(y), month=12, day=31)


def _year_start(y: int) -> pd.Timestamp:
    return pd.Timestamp(year=int(y), month=1, day=1)


def _parse_date(s) -> pd.Timestamp:
    s = str(s).strip()
    if len(s) == 4 and s.isdigit():
        return _year_end(int(s))  # a bare year is read as "during that year" -> its end
    import re

    m = re.fullmatch(r"(\d{4})-?Q([1-4])", s, flags=re.I)
    if m:
        return (pd.Timestamp(year=int(m.group(1)), month=3 * int(m.group(2)), day=1)
                + pd.offsets.MonthEnd(0))
    if re.fullmatch(r"\d{4}-\d{1,2}", s):
        return pd.Timestamp(s + "-01") + pd.offsets.MonthEnd(0)
    return pd.Timestamp(s)


def _parse_value(v) -> float:
    s = str(v).strip().lower()
    if s in ("true", "yes", "y"):
        return 1.0
    if s in ("false", "no", "n"):
        return 0.0
    return float(s.replace(",", ""))


def _read_observations_csv(path) -> pd.DataFrame:
    """The observations file as strings, with typed errors naming the file."""
    p = Path(path).expanduser()
    if not p.exists():
        raise DataError(f"observations file {str(p)!r} does not exist (write one with "
                        "--template FILE)")
    if p.is_dir():
        raise DataError(f"observations file {str(p)!r} is a directory; give the CSV file")
    try:
        return pd.read_csv(p, dtype=str, keep_default_na=False, comment="#", encoding="utf-8")
    except UnicodeDecodeError as e:
        raise DataError(f"observations file {p}: not UTF-8 text ({e.reason} at byte {e.start}); "
                        "save it as UTF-8 CSV") from e
    except pd.errors.EmptyDataError as e:
        raise DataError(f"observations file {p}: the file is empty (needs the header "
                        f"{','.join(OBS_COLUMNS)})") from e
    except pd.errors.ParserError as e:
        raise DataError(f"observations file {p}: cannot parse CSV: {e}") from e
    except OSError as e:
        raise DataError(f"observations file {p}: cannot read: {e.strerror or e}") from e


def read_observations(path_or_df) -> pd.DataFrame:
    """Read and validate an observations CSV (``metric,date,value,source,note``).

    Dates: ``YYYY`` (read as the end of that year), ``YYYY-MM``, ``YYYY-Qn`` or ``YYYY-MM-DD``.
    Values: finite numbers or true/false. Rows with an empty value are ignored (template rows);
    ``nan``, ``inf`` and other non-finite values are errors.

    Raises
    ------
    DataError
        The file is missing, a directory, not UTF-8 or not CSV; missing columns; unknown metric,
        unparseable date or non-finite value (:class:`~endodec.errors.SchemaError` naming the
        file, row and column).
    """
    from endodec.errors import SchemaError

    if isinstance(path_or_df, pd.DataFrame):
        df, file = path_or_df, "<observations frame>"
    elif isinstance(path_or_df, (str, os.PathLike)):
        df, file = _read_observations_csv(path_or_df), Path(path_or_df).name
    else:
        raise ParameterError("observations", type(path_or_df).__name__,
                             "a path to a CSV file or a DataFrame")
    missing = {"metric", "date", "value"} - {str(c) for c in df.columns}
    if missing:
        raise SchemaError(file, f"missing columns {sorted(missing)}", column=sorted(missing)[0],
                          allowed="columns " + ", ".join(OBS_COLUMNS))
    known = metrics()
    rows = []
    for i, (_, r) in enumerate(df.iterrows(), start=1):
        raw = r["value"]
        if (not isinstance(raw, str) and pd.isna(raw)) or str(raw).strip() in ("", "None"):
            continue
        if r["metric"] not in known:
            raise SchemaError(file, "unknown metric", row=i, column="metric", value=r["metric"],
                              allowed=", ".join(sorted(known)))
        try:
            d = _parse_date(r["date"])
        except (ValueError, TypeError, OverflowError):
            d = pd.NaT
        if pd.isna(d) or not 1 <= d.year <= 9999:
            raise SchemaError(file, "bad date", row=i, column="date", value=r["date"],
                              allowed="YYYY, YYYY-MM, YYYY-Qn or YYYY-MM-DD")
        try:
            v = _parse_value(raw)
        except ValueError:
            v = float("nan")
        if not np.isfinite(v):
            raise SchemaError(file, "bad value: not a finite number", row=i, column="value", value=raw,
                              allowed="a finite number or true/false (empty: no observation)")
        rows.append({"metric": r["metric"], "date": d, "value": v,
                     "source": r.get("source", ""), "note": r.get("note", "")})
    return pd.DataFrame(rows, columns=OBS_COLUMNS)


@dataclass(repr=False)
class PredictionDetail(ResultBase):
    """One prediction in full (``endodec predictions --show``).

    ``to_dict()``: the prediction's fields (``id, version, title, statement, window, deadline,
    resolve``), its conditions as text (``support``, ``against``), the evidence and differences
    between the versions, and the registry's extra keys.
    """

    prediction: Prediction

    _summary_title = "Prediction"

    def _dict_fields(self) -> dict:
        p = self.prediction
        return {"id": p.id, "version": p.version, "title": p.title, "statement": p.statement,
                "window": list(p.window), "deadline": p.deadline, "resolve": p.resolve,
                "support": [c.describe() for c in p.support],
                "against": [c.describe() for c in p.against],
                "evidence_for": p.evidence_for, "evidence_against": p.evidence_against,
                "differences": p.differences, **p.extra}

    def _summary_text(self) -> str:
        return "\n".join(f"{k:>17}: {v}" for k, v in self._dict_fields().items())


@dataclass(repr=False)
class Evaluation(ResultBase):
    """Status of one prediction: ``pending | supported | falsified | not evaluable``.

    ``to_dict()`` is one row of :meth:`EvaluationResult.to_frame` (``id, version, title,
    deadline, status, reason``).
    """

    prediction: Prediction
    status: str
    reason: str
    evidence: list = field(default_factory=list)

    _summary_title = "Prediction status"

    def _dict_fields(self) -> dict:
        p = self.prediction
        return {"id": p.id, "version": p.version, "title": p.title, "deadline": p.deadline,
                "status": self.status, "reason": self.reason}

    def _summary_text(self) -> str:
        p = self.prediction
        lines = [f"P{p.id} [{p.version}] {self.status}: {p.title}", f"  {self.reason}"]
        lines += [f"  evidence: {e}" for e in self.evidence]
        return "\n".join(lines)


@dataclass(repr=False)
class EvaluationResult(ResultBase):
    """Evaluations of many predictions, with the observations and date used.

    ``to_frame()``: one row per prediction (``id, version, title, deadline, status, reason``);
    ``to_dict()``: what ``endodec predictions --json`` prints (``as_of``, ``n_observations``,
    ``counts``, ``predictions``).
    """

    evaluations: list
    as_of: pd.Timestamp
    n_observations: int

    _summary_title = "Predictions (seed 000 §6, seed 001 §7)"

    def _frame(self) -> pd.DataFrame:
        return pd.DataFrame([e.to_dict() for e in self.evaluations],
                            columns=["id", "version", "title", "deadline", "status", "reason"])

    def _dict_fields(self) -> dict:
        return {"as_of": str(self.as_of.date()), "n_observations": self.n_observations,
                "counts": self.counts(), "predictions": [e.to_dict() for e in self.evaluations]}

    def _scalars(self) -> dict:
        return {"as_of": str(self.as_of.date()), "n_observations": self.n_observations,
                "n_predictions": len(self.evaluations), **self.counts()}

    def _summary_tables(self) -> list:
        return [("Status per prediction", self._frame()),
                ("Counts", pd.DataFrame({"predictions": self.counts()}))]

    def counts(self) -> dict:
        f = self._frame()
        return {s: int((f["status"] == s).sum()) for s in STATUSES}

    def _summary_text(self) -> str:
        lines = [f"Predictions (seed 000 §6, seed 001 §7) as of {self.as_of.date()}, "
                 f"{self.n_observations} observations"]
        for e in self.evaluations:
            p = e.prediction
            lines.append(f"  P{p.id:<3} [{p.version}] {e.status:<14} {p.title}")
            lines.append(f"        {e.reason}")
        c = self.counts()
        lines.append("  " + ", ".join(f"{k}: {v}" for k, v in c.items()))
        return "\n".join(lines)


def _fmt_obs(r) -> str:
    return f"{r.metric}={r.value:g} ({r.date.date()}{', ' + r.source if r.source else ''})"


def _against_met(c: Condition, obs: pd.DataFrame, as_of: pd.Timestamp):
    o = obs[obs.metric == c.metric]
    if c.start:
        o = o[o.date >= _year_start(c.start)]
    if c.through:
        o = o[o.date <= _year_end(c.through)]
    o = o.sort_values("date")
    if o.empty:
        return None
    ok = o.value.map(c.test).astype(bool)
    if c.mode == "any":
        hit = o[ok]
        return hit.iloc[0] if len(hit) else None
    if c.mode == "all":
        # only once the window is over and observed into its last year
        if c.through and as_of <= _year_end(c.through):
            return None
        if c.through and o.date.max() < _year_start(c.through):
            return None
        return o.iloc[-1] if bool(ok.all()) else None
    # sustained: consecutive observations meeting the condition spanning >= years
    run_start = None
    for (_, r), good in zip(o.iterrows(), ok, strict=True):
        if good:
            run_start = r.date if run_start is None else run_start
            if (r.date - run_start).days / 365.25 >= c.years:
                return r
        else:
            run_start = None
    return None


def _support_met(c: Condition, obs: pd.DataFrame):
    o = obs[obs.metric == c.metric]
    if c.start:
        o = o[o.date >= _year_start(c.start)]
    if c.by:
        o = o[o.date <= _year_end(c.by)]
    if o.empty:
        return None
    hit = o[o.value.map(c.test).astype(bool)].sort_values("date")
    return hit.iloc[0] if len(hit) else None


def evaluate_one(p: Prediction, obs: pd.DataFrame, as_of: pd.Timestamp) -> Evaluation:
    """Evaluate one prediction (rules in the module docstring of :mod:`endodec.predictions`)."""
    if not p.evaluable:
        return Evaluation(p, "not evaluable", "qualitative prediction: the paper states no "
                          "observable threshold (" + (p.evidence_for or "") + ")")
    obs = obs[obs.date <= as_of]
    mine = obs[obs.metric.isin(p.metrics)]
    if mine.empty:
        return Evaluation(p, "not evaluable", "no observations of " + ", ".join(p.metrics))
    for c in p.against:
        hit = _against_met(c, mine, as_of)
        if hit is not None:
            return Evaluation(p, "falsified", f"evidence against met: {c.describe()} "
                              f"[{_fmt_obs(hit)}]", [_fmt_obs(hit)])
    dl = _year_end(p.deadline) if p.deadline else None
    if p.resolve == "survive":
        if dl is not None and as_of > dl:
            return Evaluation(p, "supported", f"no falsifying observation through {p.deadline} "
                              f"({len(mine)} observations)")
        return Evaluation(p, "pending", f"no falsifying observation yet; resolves after "
                          f"{p.deadline}")
    hits = [_support_met(c, mine) for c in p.support]
    if p.support and all(h is not None for h in hits):
        ev = [_fmt_obs(h) for h in hits]
        early = ""
        if p.window and p.window[0] and max(h.date for h in hits) < _year_start(p.window[0]):
            early = f" (earlier than the predicted window {p.window[0]}-{p.window[1]})"
        return Evaluation(p, "supported", "evidence for met: " + "; ".join(
            c.describe() for c in p.support) + f" [{'; '.join(ev)}]" + early, ev)
    missing = [c.describe() for c, h in zip(p.support, hits, strict=True) if h is None]
    if dl is not None and as_of > dl:
        open_ag = [c for c in p.against if c.through and as_of <= _year_end(c.through)]
        if open_ag:
            return Evaluation(p, "pending", f"deadline {p.deadline} passed without "
                              f"{'; '.join(missing)}; the paper's falsification condition "
                              f"({open_ag[0].describe()}) is open until {open_ag[0].through}")
        if p.against:
            return Evaluation(p, "falsified", f"deadline {p.deadline} passed without "
                              f"{'; '.join(missing)} (the paper's stated evidence-against: "
                              f"{p.evidence_against})")
        return Evaluation(p, "falsified", f"deadline {p.deadline} passed without "
                          f"{'; '.join(missing)}")
    return Evaluation(p, "pending", f"not yet met: {'; '.join(missing)} (deadline {p.deadline})")


def evaluate(observations=None, version: str | None = None, as_of=None,
             registry: list[Prediction] | None = None) -> EvaluationResult:
    """Evaluate the predictions against observations.

    Parameters
    ----------
    observations : path, DataFrame or None
        Observations CSV (``metric,date,value,source,note``); None = no observations.
    version : {"000", "001"}, optional
        Only this version's predictions.
    as_of : date-like, optional
        Evaluation date (default: today); observations after it are ignored.
    registry : list of Prediction, optional

    Returns
    -------
    EvaluationResult

    Warns
    -----
    DataWarning
        Observations dated after ``as_of`` (left out of the evaluation).
    """
    if version is not None and str(version) not in ("000", "001"):
        raise ParameterError("version", version, "'000' or '001'")
    reg = registry if registry is not None else load_registry()
    if version is not None:
        reg = [p for p in reg if p.version == str(version)]
    obs = (read_observations(observations) if observations is not None
           else pd.DataFrame(columns=OBS_COLUMNS))
    if not obs.empty:
        obs["date"] = pd.to_datetime(obs["date"])
    if as_of is None:
        ts = pd.Timestamp(_dt.date.today())
    else:
        try:
            ts = pd.Timestamp(as_of)
        except (ValueError, TypeError, OverflowError):
            ts = pd.NaT
        if pd.isna(ts) or not 1 <= ts.year <= 9999:
            raise ParameterError("as_of", as_of, "a date YYYY-MM-DD (years 1-9999)")
    if not obs.empty:
        late = obs[obs["date"] > ts]
        if len(late):
            import warnings

            warnings.warn(f"{len(late)} of {len(obs)} observations are dated after as_of = "
                          f"{ts.date()} (the latest {late['date'].max().date()}, metric "
                          f"{late['metric'].iloc[0]!r}) and cannot be evaluated; they are left out "
                          "(give a later as_of / --as-of to use them)", DataWarning, stacklevel=2)
    return EvaluationResult([evaluate_one(p, obs, ts) for p in reg], ts, int(len(obs)))
