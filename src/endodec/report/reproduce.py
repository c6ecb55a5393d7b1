"""``endodec reproduce``: run every registered analysis, evaluate the claims ledger, write the report.

Output layout (``--out DIR``)::

    DIR/report.html  DIR/ledger.csv  DIR/ledger.json  DIR/figures/*.png|pdf|svg
    DIR/tables/*.csv|md|tex  DIR/manifest.json

Output safety (:mod:`endodec.report.output`): ``DIR`` must be new, empty or an endodec report;
everything is written into a staging directory beside it which replaces ``DIR`` atomically only
when complete and when every analysis succeeded. A run in which an analysis failed raises
:class:`~endodec.errors.AnalysisFailed`, keeps its output at ``DIR.failed`` and leaves the previous
report byte-identical; an interrupted run leaves nothing that the next run does not clean up.
"""

from __future__ import annotations

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

__all__ = ["ReproduceResult", "select", "reproduce"]


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
    """

    out: Path
    ledger: pd.DataFrame
    artifacts: list[Artifact]
    timings: dict[str, float]
    errors: dict[str, str]
    skipped_author: list[str]
    seconds: float
    manifest: dict[str, Any] = field(default_factory=dict)

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
             formats: tuple = DEFAULT_FORMATS):
    """Run one analysis (in this or a worker process). Returns picklable results."""
    load_all()
    a = REGISTRY[aid]
    ctx = Context(out=Path(out), author_data=Path(author_data) if author_data else None,
                  seed=seed, fast=fast, formats=tuple(formats))
    t0 = time.perf_counter()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            values = a.run(ctx)
            err = None
        except Exception as e:  # an analysis failing is reported, not fatal
            values, err = {}, f"{type(e).__name__}: {e}\n{traceback.format_exc(limit=6)}"
    said = list(dict.fromkeys(f"{w.category.__name__}: {w.message}" for w in caught))
    return aid, values, ctx.artifacts, err, time.perf_counter() - t0, said


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _manifest(out: Path, author_data: Path | None, timings, seed, fast, seconds) -> dict:
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
    if author_data:
        for p in sorted(Path(author_data).glob("*")):
            if p.is_file():
                inputs[f"author/{p.name}"] = _sha256(p)
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
              only: list[str] | None = None, jobs: int = 1, seed: int = 20260221,
              fast: bool = False, progress: Callable[[str, int, int], None] | None = None,
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
    jobs : int
        Worker processes (1 = in-process).
    seed : int
        Seed for every random draw.
    fast : bool
        Fewer resamples (for tests); recorded in the manifest and the report.
    progress : callable, optional
        ``progress(analysis_id, done, total)`` after each analysis.
    formats : sequence of str or str
        Figure formats, from png, pdf, svg (``"png,pdf"`` or a list); must include png (the
        report shows it). Default: all three.

    Raises
    ------
    OutputError
        ``out`` is a file, the current directory, or a directory with foreign files.
    AnalysisFailed
        An analysis raised; ``exc.result`` is the failed run (kept at ``out.failed``).
    ParameterError
        ``jobs`` not in [1, 256], ``seed`` not in [0, 2**32 - 1], unknown ``only``.
    """
    from endodec.errors import AnalysisFailed, AuthorDataMissing, ParameterError
    from endodec.report import output

    t_start = time.perf_counter()
    _check_int("jobs", jobs, 1, MAX_JOBS)
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
    out = output.check_target(out)
    output.recover(out)
    skipped = [a.id for a in analyses if a.needs_author_data and author_data is None]
    todo = [a for a in analyses if a.id not in skipped]
    tmp = output.new_staging(out)
    try:
        args = (str(tmp), str(author_data) if author_data else None, seed, fast, formats)
        values, errors, artifacts, timings, warned = _run_analyses(todo, args, jobs, progress)
        order = {a.id: i for i, a in enumerate(analyses)}
        artifacts.sort(key=lambda art: (order.get(art.analysis, 1e9), art.name))
        led = _audit(analyses, only, values, errors, skipped)
        _write_ledger(tmp, led)
        seconds = time.perf_counter() - t_start
        manifest = _manifest(tmp, author_data, timings, seed, fast, round(seconds, 2))
        manifest[output.REPORT_MARKER] = {"format": output.REPORT_FORMAT,
                                          "status": "failed" if errors else "complete"}
        manifest["errors"] = errors
        manifest["figure_formats"] = list(formats)
        manifest["skipped_need_author_data"] = skipped
        manifest["warnings"] = warned
        manifest["artifacts"] = [asdict(a) for a in artifacts]
        (tmp / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
        from endodec.report.html import render_report

        (tmp / "report.html").write_text(
            render_report(led, artifacts, analyses, manifest, tmp), encoding="utf-8")
        if _fail_after_write:  # test hook: simulate a crash after writing everything
            raise RuntimeError("simulated failure before the report is moved into place")
        result = ReproduceResult(out, led, artifacts, timings, errors, skipped,
                                 time.perf_counter() - t_start, manifest)
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
                  progress: Callable[[str, int, int], None] | None):
    """Run ``todo`` (in-process, or in ``jobs`` worker processes); return ``(values, errors,
    artifacts, timings, warned)``, each keyed by analysis id (``errors``: the first line of
    each; ``warned``: the distinct warnings an analysis issued, ``"Category: message"``, which
    the manifest records under ``"warnings"`` instead of printing them mid-run)."""
    values: dict[str, dict[str, Value]] = {}
    errors: dict[str, str] = {}
    artifacts: list[Artifact] = []
    timings: dict[str, float] = {}
    warned: dict[str, list[str]] = {}
    done = 0

    def collect(res):
        nonlocal done
        aid, vals, arts, err, secs, said = res
        if said:
            warned[aid] = said
        values[aid] = vals
        artifacts.extend(arts)
        timings[aid] = round(secs, 3)
        if err:
            errors[aid] = err.splitlines()[0]
        done += 1
        if progress:
            progress(aid, done, len(todo))

    if jobs == 1 or len(todo) <= 1:
        for a in todo:
            collect(_run_one(a.id, *args))
    else:
        with ProcessPoolExecutor(max_workers=jobs, initializer=_worker_init,
                                 initargs=(os.getpid(),)) as ex:
            futs = [ex.submit(_run_one, a.id, *args) for a in todo]
            for f in as_completed(futs):
                collect(f.result())
    return values, errors, artifacts, timings, warned


def _audit(analyses: list[Analysis], only: list[str] | None, values: dict, errors: dict,
           skipped: list[str]) -> pd.DataFrame:
    """The evaluated ledger of the claims of ``analyses`` (all claims on a full run). A claim
    the ledger could not evaluate is added to ``errors``: "error" never gets published."""
    claims = load_claims()
    if only:  # a subset run audits only the claims of the analyses it ran
        claims = claims[claims["analysis"].isin({a.id for a in analyses})]
    led = evaluate(claims, values, errors, set(skipped))
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


def _check_int(name: str, value, lo: int, hi: int) -> None:
    from endodec.errors import ParameterError

    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not lo <= value <= hi:
        raise ParameterError(name, value, f"an integer in [{lo}, {hi}]")


def _worker_init(parent_pid: int) -> None:
    """Pool-worker start: exit when the parent process dies (even by SIGKILL).

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

    def watch():
        while True:
            time.sleep(1.0)
            if os.getppid() != parent_pid:
                os._exit(1)

    threading.Thread(target=watch, daemon=True, name="endodec-parent-watch").start()
