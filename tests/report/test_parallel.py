"""Parallel ``reproduce``: the same report as in one process, byte for byte, and its scheduling.

``endodec reproduce`` runs its analyses in a pool of worker processes by default (``--jobs auto``),
longest first. These tests check that this changes nothing a reader sees: the ledger, every
table and figure, and the order of the manifest's per-analysis records are those of the
in-process run (the session's ``full_run``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from endodec.analyses import REGISTRY, load_all
from endodec.cli.app import app
from endodec.errors import ParameterError
from endodec.report import reproduce as rp
from endodec.report.reproduce import default_jobs, reproduce


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes()
            for sub in ("tables", "figures") for p in sorted((root / sub).rglob("*"))
            if p.is_file()}


def test_pool_run_is_byte_identical_to_the_in_process_run(full_run, tmp_path):
    res = reproduce(out=tmp_path / "res", fast=True, jobs=2)
    a, b = Path(full_run.out), Path(res.out)
    for name in ("ledger.csv", "ledger.json"):
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    fa, fb = _files(a), _files(b)
    assert sorted(fa) == sorted(fb)
    assert [k for k in fa if fa[k] != fb[k]] == []
    ma = json.loads((a / "manifest.json").read_text(encoding="utf-8"))
    mb = json.loads((b / "manifest.json").read_text(encoding="utf-8"))
    for key in ("timings_s", "warnings", "config_read"):  # analysis order, not completion order
        assert list(ma[key]) == list(mb[key]), key
    assert ma["artifacts"] == mb["artifacts"]


def test_longest_first_uses_previous_timings_then_hints():
    load_all()
    todo = [REGISTRY[i] for i in ("s3-baseline", "robustness", "s2.3-dual")]
    assert REGISTRY["robustness"].cost > REGISTRY["s2.3-dual"].cost > REGISTRY["s3-baseline"].cost
    assert [a.id for a in rp._longest_first(todo, {})] == [
        "robustness", "s2.3-dual", "s3-baseline"]
    measured = {"s3-baseline": 50.0, "robustness": 0.1}
    assert [a.id for a in rp._longest_first(todo, measured)] == [
        "s3-baseline", "s2.3-dual", "robustness"]
    tied = [REGISTRY[i] for i in ("s3-baseline", "appA-two-period")]  # equal hints: kept order
    assert [a.id for a in rp._longest_first(tied, {})] == ["s3-baseline", "appA-two-period"]


def test_previous_timings_read_from_an_earlier_report(tmp_path):
    assert rp._previous_timings(tmp_path / "absent") == {}
    (tmp_path / "manifest.json").write_text(json.dumps({"timings_s": {"x": 2.5, "y": 0}}))
    assert rp._previous_timings(tmp_path) == {"x": 2.5}
    (tmp_path / "manifest.json").write_text("{not json")
    assert rp._previous_timings(tmp_path) == {}


def test_default_jobs_is_bounded(monkeypatch):
    monkeypatch.setattr(rp.os, "sched_getaffinity", lambda pid: set(range(64)), raising=False)
    assert default_jobs() == 8 and default_jobs(3) == 3
    monkeypatch.setattr(rp.os, "sched_getaffinity", lambda pid: {0}, raising=False)
    assert default_jobs(55) == 1


def test_fork_only_without_jax(monkeypatch):
    import sys

    if not sys.platform.startswith("linux"):
        pytest.skip("fork is used on Linux only")
    monkeypatch.delitem(sys.modules, "jax", raising=False)
    assert rp._mp_context().get_start_method() == "fork"
    monkeypatch.setitem(sys.modules, "jax", object())
    assert rp._mp_context().get_start_method() == "spawn"


@pytest.mark.parametrize("bad", ["many", "1.5", ""])
def test_cli_jobs_must_be_auto_or_an_integer(tmp_path, bad):
    r = CliRunner().invoke(app, ["reproduce", "--only", "s3-baseline", "--fast", "--jobs", bad,
                                 "--out", str(tmp_path / "res")])
    assert r.exit_code == 2, r.output
    assert "jobs" in r.output and "auto" in r.output and "Traceback" not in r.output
    assert not (tmp_path / "res").exists()


def test_auto_jobs_accepted_by_the_library(tmp_path):
    res = reproduce(out=tmp_path / "res", only=["s3-baseline", "appA-two-period"], fast=True,
                    jobs="auto")
    assert set(res.timings) == {"s3-baseline", "appA-two-period"}
    with pytest.raises(ParameterError, match="jobs"):
        reproduce(out=tmp_path / "other", only=["s3-baseline"], fast=True, jobs="some")


def test_tuned_collector_changes_no_output_and_is_restored(tmp_path, monkeypatch):
    """The run's garbage-collector settings (rp._collector: frozen imports, young generation
    every GC_YOUNG allocations) give the files of a run with CPython's defaults, and are undone
    when the run ends."""
    import contextlib
    import gc

    only = ["s4.1-dram-fit", "s3.4-verification"]  # figures with log axes, mathtext, legends
    collector = rp._collector
    before = gc.get_threshold(), gc.get_freeze_count()
    tuned = reproduce(out=tmp_path / "tuned", fast=True, only=only)
    assert (gc.get_threshold(), gc.get_freeze_count()) == before
    monkeypatch.setattr(rp, "_collector", contextlib.nullcontext)
    plain = reproduce(out=tmp_path / "plain", fast=True, only=only)
    a, b = _files(Path(tuned.out)), _files(Path(plain.out))
    assert len(a) > 10 and sorted(a) == sorted(b)
    assert [k for k in a if a[k] != b[k]] == []
    with collector():
        assert gc.get_threshold()[0] == rp.GC_YOUNG and gc.get_freeze_count() > 0
    assert (gc.get_threshold(), gc.get_freeze_count()) == before
    gc.freeze()  # objects the caller froze stay frozen
    try:
        n = gc.get_freeze_count()
        with collector():
            pass
        assert gc.get_freeze_count() >= n > 0
    finally:
        gc.unfreeze()
