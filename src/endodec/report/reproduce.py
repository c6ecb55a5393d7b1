"""``endodec reproduce``: run every registered analysis, evaluate the claims ledger, write the report.

Output layout (``--out DIR``)::

    DIR/report.html  DIR/ledger.csv  DIR/ledger.json  DIR/figures/*.png|pdf|svg
    DIR/tables/*.csv|md|tex  DIR/manifest.json  DIR/README.md (replication README)

Output safety (:mod:`endodec.report.output`): ``DIR`` must be new, empty or an endodec report;
everything is written into a staging directory beside it which replaces ``DIR`` atomically only
when complete and when every analysis succeeded. A run in which an analysis failed raises
:class:`~endodec.errors.AnalysisFailed`, keeps its output at ``DIR.failed`` and leaves the previous
report byte-identical; an interrupted run leaves nothing that the next run does not clean up.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import os
import platform
import shutil
import sys
import time
import traceback
import warnings
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from endodec._writers import DEFAULT_FORMATS, check_formats
from endodec.analyses import REGISTRY, Analysis, Artifact, Context, Value, load_all
from endodec.claims import claim_files, evaluate, load_claims, status_counts
from endodec.errors import DataWarning
from endodec.results import ResultBase

__all__ = ["ReproduceResult", "default_jobs", "select", "reproduce"]


@dataclass(repr=False)
class ReproduceResult(ResultBase):
    """The outcome of :func:`reproduce`.

    Parameters
    ----------
    out : Path
        Where the report is (``DIR``, or ``DIR.failed`` after a failed run).
    ledger : DataFrame
        The evaluated claims ledger (:func:`endodec.claims.evaluate`); ``to_frame()`` returns it.
    artifacts : list of Artifact
        The figures and tables written.
    timings : dict
        Seconds per analysis run.
    errors : dict
        ``{analysis id: first line of the error}`` of the analyses that failed.
    skipped_author : list of str
        Analyses not run because they need author data.
    seconds : float
        Wall time of the run.
    manifest : dict
        The content of ``manifest.json``.
    values : dict
        ``{analysis id: {key: Value}}``: what the analyses returned (not in ``to_dict()``).
    """

    out: Path
    ledger: pd.DataFrame
    artifacts: list[Artifact]
    timings: dict[str, float]
    errors: dict[str, str]
    skipped_author: list[str]
    seconds: float
    manifest: dict[str, Any] = field(default_factory=dict)
    values: dict[str, dict[str, Value]] = field(default_factory=dict)

    _dict_exclude: ClassVar[tuple[str, ...]] = ("values",)
    _summary_title: ClassVar[str] = "endodec reproduce"

    def _counts(self) -> pd.Series:
        return status_counts(self.ledger)

    def _summary_text(self) -> str:
        counts = self._counts()
        lines = [f"endodec reproduce -> {self.out}  ({self.seconds:.1f} s)",
                 f"  analyses: {len(self.timings)} run, {len(self.errors)} failed, "
                 f"{len(self.skipped_author)} need author data",
                 f"  artifacts: {sum(a.kind == 'figure' for a in self.artifacts)} figures, "
                 f"{sum(a.kind == 'table' for a in self.artifacts)} tables",
                 "  claims: " + ", ".join(f"{k} {v}" for k, v in counts.items() if v)]
        diffs = (self.manifest or {}).get("config_differences") or []
        if diffs:
            lines.append("  configuration differs from the paper's: " + ", ".join(
                f"{d['key']} {d['paper']} -> {d['run']}" for d in diffs))
        states = ((self.manifest or {}).get("cache") or {}).get("states") or {}
        if states:
            hits = sum(v == "hit" for v in states.values())
            lines.append(f"  cache: {hits} analyses from the cache, {len(states) - hits} "
                         "computed")
        warned = (self.manifest or {}).get("warnings") or {}
        if warned:
            lines.append(f"  warnings: {sum(map(len, warned.values()))} from {len(warned)} "
                         "analyses (listed in manifest.json under 'warnings')")
        return "\n".join(lines)

    def _summary_tables(self) -> list[tuple[str, pd.DataFrame]]:
        counts = self._counts()
        tables = [("claims by status", pd.DataFrame({"claims": counts.astype(int)})),
                  ("analyses", pd.DataFrame(
                      {"count": [len(self.timings), len(self.errors), len(self.skipped_author),
                                 sum(a.kind == "figure" for a in self.artifacts),
                                 sum(a.kind == "table" for a in self.artifacts)]},
                      index=["run", "failed", "need author data", "figures", "tables"]))]
        if self.errors:
            tables.append(("failed analyses", pd.DataFrame(
                {"error": list(self.errors.values())}, index=list(self.errors))))
        return tables

    def _dict_fields(self) -> dict[str, Any]:
        return {"out": str(self.out), "seconds": self.seconds,
                "n_analyses": len(self.timings), "n_failed": len(self.errors),
                "n_claims": len(self.ledger),
                "status_counts": {k: int(v) for k, v in self._counts().items()},
                "timings": self.timings, "errors": self.errors,
                "skipped_author": self.skipped_author,
                "artifacts": [asdict(a) for a in self.artifacts],
                "manifest": self.manifest, "ledger": self.ledger}

    def _frame(self) -> pd.DataFrame:
        return self.ledger.copy()


def select(only: list[str] | None = None) -> list[Analysis]:
    """Registered analyses, filtered by ``only`` (ids, id prefixes, or section numbers)."""
    load_all()
    items = sorted(REGISTRY.values(), key=lambda a: (a.order, a.id))
    if not only:
        return items
    keep = []
    for a in items:
        for o in only:
            o = o.strip()
            if (a.id == o or a.id.startswith(o) or a.section == o
                    or a.section.startswith(o + ".") or a.func.__module__.endswith("." + o)
                    or f".{o}." in a.func.__module__):
                keep.append(a)
                break
    return keep


def _run_one(aid: str, out: str, author_data: str | None, seed: int, fast: bool,
             config: Any = None, formats: tuple = DEFAULT_FORMATS):
    """Run one analysis (in this or a worker process). Returns picklable results."""
    from endodec import datasets
    from endodec.analyses.config import RunConfig
    from endodec.report.cache import ConfigView

    load_all()
    a = REGISTRY[aid]
    cfg = config if config is not None else RunConfig()
    view = ConfigView(cfg)
    ctx = Context(out=Path(out), author_data=Path(author_data) if author_data else None,
                  seed=seed, fast=fast, config=view, formats=tuple(formats))
    t0 = time.perf_counter()
    with warnings.catch_warnings(record=True) as caught, \
            datasets.using_data(cfg.data) as seen:
        warnings.simplefilter("always")
        try:
            values = a.run(ctx)
            err = None
        except Exception as e:  # an analysis failing is reported, not fatal
            values, err = {}, f"{type(e).__name__}: {e}\n{traceback.format_exc(limit=6)}"
    said = list(dict.fromkeys(f"{w.category.__name__}: {w.message}" for w in caught))
    _stamp_user_data(ctx.artifacts, cfg, seen)
    return (aid, values, ctx.artifacts, err, time.perf_counter() - t0, said, sorted(view.read),
            sorted(seen))


def _check_user_data(cfg) -> None:
    """Validate every user file (``--data``) against its dataset's schema in every version,
    before any analysis runs (a bad file fails the run at once, naming file, row and column)."""
    if not cfg.data:
        return
    from endodec import datasets

    cat = datasets.list_datasets().set_index("name")
    for name, path in cfg.data.items():
        versions = str(cat.at[name, "versions"]).replace(" ", "").split(",")
        with datasets.using_data({name: path}):
            for v in versions:
                datasets.load(name, v or None)


def _stamp_user_data(artifacts: list[Artifact], cfg, seen: set[str]) -> None:
    """Add the provenance of user files (file, sha256, the user's note) to every artifact of an
    analysis that loaded a dataset the user replaced (``--data``)."""
    used = sorted(set(cfg.data) & set(seen))
    if not used:
        return
    from endodec.datasets.packaged import user_note

    parts = []
    for name in used:
        path = Path(cfg.data[name])
        note = user_note(path)
        parts.append(f"user data {name} = {path} (sha256 {_sha256(path)[:16]}"
                     + (f"; note: {note}" if note else "") + ")")
    for art in artifacts:
        art.provenance = "; ".join(([art.provenance] if art.provenance else []) + parts)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _manifest(out: Path, author_data: Path | None, timings, seed, fast, seconds,
              author_hashes: dict[str, str] | None = None) -> dict:
    import importlib.metadata as md

    import endodec

    vers = {}
    for pkg in ("numpy", "scipy", "pandas", "statsmodels", "linearmodels", "matplotlib", "jinja2",
                "typer", "rich"):
        try:
            vers[pkg] = md.version(pkg)
        except md.PackageNotFoundError:
            vers[pkg] = None
    inputs = {}
    try:
        from importlib import resources

        data_root = resources.files("endodec") / "data"
        for entry in sorted(data_root.iterdir(), key=lambda p: p.name):
            if entry.name.endswith((".csv", ".yaml", ".yml")):
                inputs[f"packaged/{entry.name}"] = hashlib.sha256(entry.read_bytes()).hexdigest()
    except (FileNotFoundError, ModuleNotFoundError):
        warnings.warn("manifest.json: the packaged data directory endodec/data was not found, "
                      "so inputs_sha256 lists no packaged file; reinstall endodec to record "
                      "their hashes", DataWarning, stacklevel=2)
    hashes = author_hashes if author_hashes is not None else _author_hashes(author_data)
    inputs |= {f"author/{name}": h for name, h in hashes.items()}
    for entry in claim_files():
        inputs[f"claims/{entry.name}"] = hashlib.sha256(entry.read_bytes()).hexdigest()
    return {
        "endodec": endodec.__version__, "python": sys.version.split()[0],
        "platform": platform.platform(), "dependencies": vers, "seed": seed, "fast": fast,
        "author_data": str(author_data) if author_data else None,
        "paper_versions": {"000": "seeds/000_deb3b41bcd93aae2.txt",
                           "001": "seeds/001_e19c307f00e12d5b.txt"},
        "inputs_sha256": inputs, "timings_s": timings, "total_seconds": seconds,
    }


def reproduce(out: str | Path = "results", author_data: str | Path | None = None,
              only: list[str] | None = None, jobs: int | str = 1, seed: int | None = None,
              fast: bool | None = None, progress: Callable[[str, int, int], None] | None = None,
              update: bool = False, config: Any = None, cache: str | Path | bool | None = None,
              formats=DEFAULT_FORMATS, _fail_after_write: bool = False,
              _crash_between_renames: bool = False) -> ReproduceResult:
    """Run the registered analyses and write the report atomically into ``out``.

    Parameters
    ----------
    out : path
        Output directory: new, empty, or an earlier endodec report (anything else is refused
        with :class:`~endodec.errors.OutputError`); replaced only when the new report is
        complete and no analysis failed.
    author_data : path, optional
        Directory with the author's data files; analyses that need them are skipped otherwise
        (their claims get status "needs author data").
    only : list of str, optional
        Analysis ids / id prefixes / section numbers / analysis module names to run.
    jobs : int or "auto"
        Worker processes: 1 (the default) runs every analysis in this process; ``"auto"``
        uses one per usable CPU core, at most 8 (:func:`default_jobs`; the CLI's default).
        Parallel runs start the longest analyses first (their timings in the previous report
        at ``out``, else :attr:`~endodec.analyses.Analysis.cost`) and give the same ledger,
        tables and figures byte for byte.
    seed : int, optional
        Seed for every random draw (default: the configuration's ``run.seed``).
    fast : bool, optional
        Fewer resamples (for tests); recorded in the manifest and the report (default: the
        configuration's ``run.fast``).
    progress : callable, optional
        ``progress(analysis_id, done, total)`` after each analysis.
    update : bool
        With ``only``: update the rows, figures and tables of those analyses in the complete
        report at ``out``, keeping everything else (:mod:`endodec.report.update`). Without it,
        ``only`` writes a partial report and refuses to replace a complete one.
    config : RunConfig, optional
        The run configuration (:mod:`endodec.analyses.config`); default: the paper's. The
        manifest and the report list every difference from the paper's configuration, and each
        ledger row says whether a difference touched it (``config_touched``).
    cache : path or bool, optional
        Cache of each analysis' results (:mod:`endodec.report.cache`): ``True`` for ``OUT.cache``
        beside ``out``, a directory, or None/False (default) for none.
    formats : sequence of str or str
        Figure formats, from png, pdf, svg (``"png,pdf"`` or a list); must include png (the
        report shows it). Default: all three.

    Raises
    ------
    OutputError
        ``out`` is a file, the current directory, or a directory with foreign files; ``only``
        without ``update`` over a complete report; ``update`` without a complete report.
    AnalysisFailed
        An analysis raised; ``exc.result`` is the failed run (kept at ``out.failed``).
    ParameterError
        ``jobs`` not "auto" or in [1, 256], ``seed`` not in [0, 2**32 - 1], unknown ``only``.
    """
    from endodec.analyses.config import RunConfig
    from endodec.errors import AnalysisFailed, AuthorDataMissing, ParameterError
    from endodec.report import cache as rcache
    from endodec.report import output

    t_start = time.perf_counter()
    cfg = config if config is not None else RunConfig()
    seed = cfg.run.seed if seed is None else seed
    fast = cfg.run.fast if fast is None else fast
    if jobs != "auto":
        _check_int("jobs", jobs, 1, MAX_JOBS, '"auto" or ')
    _check_int("seed", seed, 0, 2**32 - 1)
    formats = check_formats(formats)
    if author_data is not None:
        given = author_data
        author_data = Path(author_data).expanduser().resolve()
        if not author_data.is_dir():
            raise AuthorDataMissing(f"--author-data {given}: not a directory")
    analyses = select(only)
    if only and not analyses:
        raise ParameterError("only", only, "analysis ids, id prefixes, section numbers or "
                             f"module names; known ids: {sorted(REGISTRY)}")
    from endodec.report import update as partial

    out = output.check_target(out)
    output.recover(out)
    partial.check_partial_target(out, only, update)
    skipped = [a.id for a in analyses if a.needs_author_data and author_data is None]
    todo = [a for a in analyses if a.id not in skipped]
    if jobs == "auto":
        jobs = default_jobs(len(todo))
    _check_user_data(cfg)
    todo = _longest_first(todo, _previous_timings(out)) if jobs > 1 else todo
    cache_dir = None if not cache else (rcache.default_cache_dir(out) if cache is True
                                        else Path(cache).expanduser().resolve())
    tmp = output.new_staging(out)
    try:
        args = (str(tmp), str(author_data) if author_data else None, seed, fast, cfg, formats)
        author_hashes = _author_hashes(author_data)
        common = {"seed": seed, "fast": fast, "formats": list(formats), "author": author_hashes}
        with _collector():
            values, errors, artifacts, timings, warned, reads, states = _run_cached(
                todo, args, jobs, progress, cache_dir, cfg, common)
        order = {a.id: i for i, a in enumerate(analyses)}
        artifacts.sort(key=lambda art: (order.get(art.analysis, 1e9), art.name))
        touched = _touched(cfg, reads)
        led = _audit(analyses, only, values, errors, skipped, touched)
        led["config_touched"] = [", ".join(touched.get(a, [])) for a in led["analysis"]]
        problems = list(led.attrs.get("problems", []))
        seconds = time.perf_counter() - t_start
        manifest = _manifest(tmp, author_data, timings, seed, fast, round(seconds, 2),
                             author_hashes)
        manifest[output.REPORT_MARKER] = {"format": output.REPORT_FORMAT,
                                          "status": "failed" if errors else "complete"}
        manifest["scope"] = "partial" if only else "full"
        if only:
            manifest["only"] = list(only)
            manifest["analyses_run"] = [a.id for a in analyses]
        manifest["errors"] = errors
        manifest["figure_formats"] = list(formats)
        manifest["skipped_need_author_data"] = skipped
        manifest["warnings"] = warned
        manifest["ledger_problems"] = problems
        manifest["config"] = cfg.model_dump(mode="json")
        manifest["config_differences"] = [
            {"key": k, "paper": p, "run": v} for k, p, v in cfg.differences()]
        manifest["config_touched"] = touched
        manifest["config_read"] = {aid: r for aid, r in reads.items()}
        manifest["cache"] = ({"dir": str(cache_dir), "states": states} if cache_dir
                             else {"dir": None, "states": {}})
        manifest["artifacts"] = [asdict(a) for a in artifacts]
        shown = analyses
        if update:
            led, arts = partial.merge_into(tmp, out, led, artifacts, manifest,
                                           {a.id for a in analyses}, list(load_claims()["id"]))
            manifest["artifacts"] = arts
            artifacts = [Artifact(**a) for a in arts]
            shown = select(None)
        _write_ledger(tmp, led)
        (tmp / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
        from endodec.report.replication import replication_readme

        (tmp / "README.md").write_text(replication_readme(manifest, analyses), encoding="utf-8")
        from endodec.report.html import render_report

        (tmp / "report.html").write_text(
            render_report(led, artifacts, shown, manifest, tmp), encoding="utf-8")
        if _fail_after_write:  # test hook: simulate a crash after writing everything
            raise RuntimeError("simulated failure before the report is moved into place")
        result = ReproduceResult(out, led, artifacts, timings, errors, skipped,
                                 time.perf_counter() - t_start, manifest, values)
        if errors:
            kept = output.keep_failed(tmp, out)
            result.out = kept
            exc = AnalysisFailed(errors, failed_out=kept, out=out if out.exists() else None)
            exc.result = result
            raise exc
        output.publish(tmp, out, _crash_between_renames=_crash_between_renames)
    except BaseException:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
        raise
    return result


def _run_analyses(todo: list[Analysis], args: tuple, jobs: int,
                  progress: Callable[[str, int, int], None] | None, done0: int = 0,
                  total: int = 0):
    """Run ``todo`` (in-process, or in ``jobs`` worker processes); return ``(values, errors,
    artifacts, timings, warned)``, each keyed by analysis id (``errors``: the first line of
    each; ``warned``: the distinct warnings an analysis issued, ``"Category: message"``, which
    the manifest records under ``"warnings"`` instead of printing them mid-run)."""
    values: dict[str, dict[str, Value]] = {}
    errors: dict[str, str] = {}
    artifacts: list[Artifact] = []
    timings: dict[str, float] = {}
    warned: dict[str, list[str]] = {}
    reads: dict[str, dict[str, list[str]]] = {}
    done = done0

    def collect(res):
        nonlocal done
        aid, vals, arts, err, secs, said, read, seen = res
        reads[aid] = {"config": read, "datasets": seen}
        if said:
            warned[aid] = said
        values[aid] = vals
        artifacts.extend(arts)
        timings[aid] = round(secs, 3)
        if err:
            errors[aid] = err.splitlines()[0]
        done += 1
        if progress:
            progress(aid, done, total or len(todo))

    if jobs == 1 or len(todo) <= 1:
        for a in todo:
            collect(_run_one(a.id, *args))
    else:
        with ProcessPoolExecutor(max_workers=min(jobs, len(todo)), mp_context=_mp_context(),
                                 initializer=_worker_init, initargs=(os.getpid(),)) as ex:
            futs = [ex.submit(_run_one, a.id, *args) for a in todo]
            for f in as_completed(futs):
                collect(f.result())
    return values, errors, artifacts, timings, warned, reads


def default_jobs(n_analyses: int | None = None) -> int:
    """Worker processes for ``jobs="auto"``: one per CPU core this process may use, at most 8
    (beyond that the longest analysis bounds the run) and at most ``n_analyses``."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    n = min(cores, 8)
    return max(1, min(n, n_analyses) if n_analyses else n)


def _mp_context():
    """How pool workers start: ``fork`` on Linux (workers inherit the imported analyses, and
    monkeypatched registries in tests), unless JAX is loaded (its threads do not survive a
    fork): then, and on other systems, ``spawn``."""
    import multiprocessing as mp

    if sys.platform.startswith("linux") and "jax" not in sys.modules:
        return mp.get_context("fork")
    return mp.get_context("spawn")


def _previous_timings(out: Path) -> dict[str, float]:
    """Per-analysis seconds of the report at ``out`` (its manifest), or {} if none."""
    try:
        m = json.loads((Path(out) / "manifest.json").read_text(encoding="utf-8"))
        return {str(k): float(v) for k, v in (m.get("timings_s") or {}).items() if v}
    except (OSError, ValueError, TypeError, AttributeError):
        return {}


def _longest_first(todo: list[Analysis], seconds: dict[str, float]) -> list[Analysis]:
    """``todo`` ordered by expected time, longest first (the LPT rule: with a pool of workers
    the run then ends close to total / workers); expected time from ``seconds`` (a previous
    run) where known, else the analysis' ``cost`` hint. Ties keep the analysis order."""
    return sorted(todo, key=lambda a: -seconds.get(a.id, a.cost))


def _run_cached(todo: list[Analysis], args: tuple, jobs: int,
                progress: Callable[[str, int, int], None] | None, cache_dir: Path | None,
                cfg, common: dict):
    """:func:`_run_analyses` with the cache: hits are read from ``cache_dir`` (their files
    copied into the staging directory), misses run and are stored. Also returns the cache state
    of every analysis (``hit``, ``miss``, ``stale``, ``damaged``)."""
    from endodec.report import cache as rcache

    tmp = Path(args[0])
    states: dict[str, str] = {}
    hits: dict[str, tuple] = {}
    if cache_dir is not None:
        for a in todo:
            states[a.id], payload = rcache.lookup(cache_dir, a.id, cfg, common, tmp)
            if payload is not None:
                hits[a.id] = payload
                if progress:
                    progress(a.id, len(hits), len(todo))
    run = [a for a in todo if a.id not in hits]
    values, errors, artifacts, timings, warned, reads = _run_analyses(
        run, args, jobs, progress, done0=len(hits), total=len(todo))
    for aid, (vals, arts, said, read, seen) in hits.items():
        values[aid], timings[aid] = vals, 0.0
        artifacts.extend(arts)
        reads[aid] = {"config": read, "datasets": seen}
        if said:
            warned[aid] = said
    if cache_dir is not None:
        for a in run:
            if a.id not in errors:
                rcache.store(cache_dir, a.id, cfg, common, tmp, values[a.id],
                             [x for x in artifacts if x.analysis == a.id],
                             warned.get(a.id, []), reads[a.id]["config"],
                             reads[a.id]["datasets"])
    # completion order (a pool, cache hits) varies from run to run: keep analysis order
    rank = {a.id: i for i, a in enumerate(sorted(todo, key=lambda a: (a.order, a.id)))}
    values, errors, timings, warned, reads, states = (
        dict(sorted(d.items(), key=lambda kv: rank.get(kv[0], len(rank))))
        for d in (values, errors, timings, warned, reads, states))
    return values, errors, artifacts, timings, warned, reads, states


def _touched(cfg, reads: dict[str, dict[str, list[str]]]) -> dict[str, list[str]]:
    """``{analysis: [differing keys it read]}``: configuration sections an analysis read whose
    keys differ from the paper's, and user files that replaced a dataset it loaded."""
    diffs = [k for k, _, _ in cfg.differences()]
    out = {}
    for aid, r in reads.items():
        hit = [k for k in diffs if k.split(".")[0] in r["config"] and not k.startswith("data.")]
        hit += [k for k in diffs if k.startswith("data.") and k[5:] in r["datasets"]]
        if hit:
            out[aid] = hit
    return out


def _author_hashes(author_data: Path | None) -> dict[str, str]:
    """``{file name: sha256}`` of the author's data files (read once per run: the manifest and
    the cache key use them)."""
    if author_data is None:
        return {}
    return {p.name: _sha256(p) for p in sorted(Path(author_data).glob("*")) if p.is_file()}


def _audit(analyses: list[Analysis], only: list[str] | None, values: dict, errors: dict,
           skipped: list[str], touched: dict[str, list[str]] | None = None) -> pd.DataFrame:
    """The evaluated ledger of the claims of ``analyses`` (all claims on a full run). A claim
    the ledger could not evaluate is added to ``errors``: "error" never gets published."""
    claims = load_claims(analyses=set(REGISTRY))
    if only:  # a subset run audits only the claims of the analyses it ran
        claims = claims[claims["analysis"].isin({a.id for a in analyses})]
    led = evaluate(claims, values, errors, set(skipped), subset=bool(only), touched=touched)
    for aid, expl in led.loc[led["status"] == "error", ["analysis", "explanation"]].values:
        errors.setdefault(aid, expl)
    return led


def _write_ledger(directory: Path, led: pd.DataFrame) -> None:
    """Write ``ledger.csv`` and ``ledger.json`` (a list of records) into ``directory``."""
    led.to_csv(directory / "ledger.csv", index=False)
    (directory / "ledger.json").write_text(
        json.dumps(led.to_dict("records"), indent=1, ensure_ascii=False), encoding="utf-8")


#: Upper bound of ``jobs`` (worker processes).
MAX_JOBS = 256
#: Allocations between young-generation garbage collections during a run (CPython's default is
#: 700); see :func:`_collector`.
GC_YOUNG = 10_000


def _check_int(name: str, value, lo: int, hi: int, alternative: str = "") -> None:
    from endodec.errors import ParameterError

    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not lo <= value <= hi:
        raise ParameterError(name, value, f"{alternative}an integer in [{lo}, {hi}]")


@contextlib.contextmanager
def _collector():
    """The garbage collector tuned for a run, restored afterwards.

    The imported modules (NumPy, pandas, SciPy, matplotlib, the analyses) are frozen
    (``gc.freeze``: moved to the permanent generation, so no collection walks them again; forked
    workers inherit them without touching their pages), and the young generation is collected
    every :data:`GC_YOUNG` allocations instead of every 700: drawing a figure allocates a great
    many short-lived objects. Collections then take about half the time (3.2 s -> 1.5 s of a
    51 s in-process run, measured with ``gc.callbacks``; the whole run about 7% less). Nothing a
    run computes depends on when the collector runs: the outputs are byte-identical
    (``tests/report/test_parallel.py`` compares runs with and without). Objects the caller had
    frozen before stay frozen (then nothing is unfrozen afterwards).
    """
    old, frozen = gc.get_threshold(), gc.get_freeze_count()
    _tune_collector()
    try:
        yield
    finally:
        gc.set_threshold(*old)
        if not frozen:
            gc.unfreeze()


def _tune_collector() -> None:
    """Freeze what exists now and collect the young generation every :data:`GC_YOUNG`
    allocations (:func:`_collector`, and each pool worker at its start)."""
    gc.freeze()
    gc.set_threshold(GC_YOUNG, *gc.get_threshold()[1:])


def _worker_init(parent_pid: int) -> None:
    """Pool-worker start: exit when the parent process dies (even by SIGKILL); the collector
    tuned as in the parent (:func:`_collector`: a spawned worker does not inherit it).

    Linux: ``prctl(PR_SET_PDEATHSIG, SIGTERM)``; everywhere: a daemon thread that polls the
    parent's pid once a second and ends the worker when it has gone.
    """
    import signal
    import threading

    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGTERM), 0, 0, 0)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent_pid:  # parent already gone before prctl took effect
        os._exit(1)
    _tune_collector()

    def watch():
        while True:
            time.sleep(1.0)
            if os.getppid() != parent_pid:
                os._exit(1)

    threading.Thread(target=watch, daemon=True, name="endodec-parent-watch").start()
