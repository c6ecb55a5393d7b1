"""Output safety of ``endodec reproduce``: foreign files survive, failures are failures, killed runs
are cleaned up, the swap is crash-safe and two runs give identical files."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from endodec.cli import app
from endodec.errors import AnalysisFailed, OutputError, ParameterError
from endodec.report import output
from endodec.report.reproduce import reproduce

ONE = ["s3-baseline"]  # a cheap analysis with a table


def _tree(d: Path) -> dict[str, str]:
    return {p.relative_to(d).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(d.rglob("*")) if p.is_file()}


def test_foreign_directory_refused_and_untouched(tmp_path):
    x = tmp_path / "x"
    (x / "sub").mkdir(parents=True)
    (x / "keep.txt").write_text("keep")
    (x / "sub" / "thesis.tex").write_text("chapter 1")
    before = _tree(x)
    with pytest.raises(OutputError, match="keep.txt"):
        reproduce(out=x, only=ONE, fast=True)
    assert _tree(x) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x"]  # nothing left beside it


def test_cli_reproduce_foreign_dir_exit_nonzero(tmp_path, monkeypatch):
    x = tmp_path / "x"
    (x / "sub").mkdir(parents=True)
    (x / "keep.txt").write_text("keep")
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(app, ["reproduce", "--only", "s3-baseline", "--out", "x"])
    assert r.exit_code == 2, r.output
    assert "not an endodec report" in r.output and "Traceback" not in r.output
    assert (x / "keep.txt").read_text() == "keep" and (x / "sub").is_dir()


def test_file_as_out_refused(tmp_path):
    f = tmp_path / "notes.txt"
    f.write_text("mine")
    with pytest.raises(OutputError, match="not a directory"):
        reproduce(out=f, only=ONE, fast=True)
    assert f.read_text() == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_cwd_and_parents_refused(tmp_path, monkeypatch):
    (tmp_path / "a").mkdir()
    monkeypatch.chdir(tmp_path / "a")
    for target in (".", "..", str(tmp_path)):
        with pytest.raises(OutputError, match="current directory"):
            reproduce(out=target, only=ONE, fast=True)


def test_report_with_a_foreign_file_refused(tmp_path):
    out = tmp_path / "res"
    reproduce(out=out, only=ONE, fast=True)
    (out / "my_notes.md").write_text("notes")
    (out / "tables" / "extra.csv").write_bytes(b"mine")
    with pytest.raises(OutputError, match="my_notes.md") as ei:
        reproduce(out=out, only=ONE, fast=True)
    assert "tables/extra.csv" in str(ei.value)
    assert (out / "my_notes.md").read_text() == "notes"


def test_empty_dir_and_own_report_replaced(tmp_path):
    out = tmp_path / "res"
    out.mkdir()
    reproduce(out=out, only=ONE, fast=True)
    assert output.is_report(out)
    m = json.loads((out / "manifest.json").read_text())
    assert m[output.REPORT_MARKER]["status"] == "complete"
    reproduce(out=out, only=ONE, fast=True)  # its own report: replaced
    assert output.is_report(out)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["res"]


def _fail(monkeypatch):
    from endodec.analyses import REGISTRY, load_all

    load_all()
    a = REGISTRY["appA-two-period"]

    def broken(ctx):
        raise ValueError("planted failure")

    import dataclasses

    monkeypatch.setitem(REGISTRY, a.id, dataclasses.replace(a, func=broken))


def test_failed_analysis_keeps_previous_report_byte_identical(tmp_path, monkeypatch):
    out = tmp_path / "res"
    reproduce(out=out, only=["appA-two-period", "s3-baseline"], fast=True)
    before = _tree(out)
    _fail(monkeypatch)
    with pytest.raises(AnalysisFailed, match="planted failure") as ei:
        reproduce(out=out, only=["appA-two-period", "s3-baseline"], fast=True)
    assert _tree(out) == before
    kept = ei.value.failed_out
    assert kept == tmp_path / "res.failed" and kept.is_dir()
    m = json.loads((kept / "manifest.json").read_text())
    assert m[output.REPORT_MARKER]["status"] == "failed" and "appA-two-period" in m["errors"]
    # a second failure replaces the first failed output (endodec's own), nothing else appears
    with pytest.raises(AnalysisFailed):
        reproduce(out=out, only=["appA-two-period", "s3-baseline"], fast=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["res", "res.failed"]
    assert _tree(out) == before


def test_cli_failed_analysis_exits_nonzero(tmp_path, monkeypatch):
    _fail(monkeypatch)
    r = CliRunner().invoke(app, ["reproduce", "--only", "appA-two-period", "--fast",
                                 "--out", str(tmp_path / "res")])
    assert r.exit_code == 1, r.output
    assert "appA-two-period" in r.output and "planted failure" in r.output
    assert "res.failed" in r.output
    assert not (tmp_path / "res").exists()


@pytest.mark.parametrize("kw, name", [({"seed": -1}, "seed"), ({"seed": 2**32}, "seed"),
                                      ({"jobs": 0}, "jobs"), ({"jobs": 10**6}, "jobs"),
                                      ({"seed": 1.5}, "seed")])
def test_options_validated(tmp_path, kw, name):
    with pytest.raises(ParameterError, match=name):
        reproduce(out=tmp_path / "r", only=ONE, fast=True, **kw)
    assert list(tmp_path.iterdir()) == []


def test_crash_between_renames_is_recovered(tmp_path):
    out = tmp_path / "res"
    reproduce(out=out, only=ONE, fast=True)
    before = _tree(out)
    with pytest.raises(KeyboardInterrupt):
        reproduce(out=out, only=ONE, fast=True, _crash_between_renames=True)
    assert not out.exists()  # the crash window of the two-rename fallback
    assert output.recover(out) == [] and _tree(out) == before  # next run puts it back
    reproduce(out=out, only=ONE, fast=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["res"]


def test_exchange_swap_always_holds_a_report(tmp_path):
    """With renameat2(RENAME_EXCHANGE) there is no instant without a report at OUT."""
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "x").write_text("new")
    (b / "y").write_text("old")
    from endodec._io import exchange_paths

    if not exchange_paths(a, b):
        pytest.skip("this file system has no atomic exchange; the two-rename path is tested")
    assert (b / "x").read_text() == "new" and (a / "y").read_text() == "old"


def test_leftovers_of_killed_runs_are_cleaned(tmp_path):
    out = tmp_path / "res"
    reproduce(out=out, only=ONE, fast=True)
    # a staging dir of a dead process, a legacy temp dir, an old report set aside ...
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    st = tmp_path / f".res.endodec-staging-{dead.pid}-abcd1234"
    st.mkdir()
    (st / "ledger.csv").write_text("partial")
    (st / ".endodec-staging").write_text(str(dead.pid))
    legacy = tmp_path / ".res.tmp-abcdefgh"
    (legacy / "figures").mkdir(parents=True)
    old = tmp_path / ".res.endodec-old-1234abcd"
    old.mkdir()
    (old / "report.html").write_text("old")
    # ... and look-alikes holding a user's files, which must survive
    lookalike = tmp_path / ".res.tmp-zzzzzzzz"
    lookalike.mkdir()
    (lookalike / "draft.docx").write_text("mine")
    live = tmp_path / f".res.endodec-staging-{os.getpid()}-ffff0000"
    live.mkdir()
    reproduce(out=out, only=ONE, fast=True)
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted(["res", lookalike.name, live.name])
    assert (lookalike / "draft.docx").read_text() == "mine"


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_sigkilled_run_is_cleaned_by_next_run(tmp_path):
    out = tmp_path / "res"
    code = ("from endodec.report.reproduce import reproduce; "
            f"reproduce(out={str(out)!r}, only=['s3', 'appA'], fast=True)")
    p = subprocess.Popen([sys.executable, "-c", code])
    deadline = time.time() + 60
    while time.time() < deadline and not any(
            q.name.startswith(".res.endodec-staging-") for q in tmp_path.iterdir()):
        time.sleep(0.05)
    time.sleep(0.5)
    p.kill()
    p.wait()
    assert not out.exists()
    reproduce(out=out, only=ONE, fast=True)
    assert sorted(q.name for q in tmp_path.iterdir()) == ["res"]


def test_two_runs_identical_apart_from_manifest_timings(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    only = ["s3.4-verification", "s3-baseline"]
    reproduce(out=a, only=only, fast=True)
    reproduce(out=b, only=only, fast=True)
    ta, tb = _tree(a), _tree(b)
    assert ta.keys() == tb.keys() and any(k.endswith(".svg") for k in ta)
    diff = [k for k in ta if ta[k] != tb[k]]
    assert diff == ["manifest.json"] or diff == []
    ma, mb = (json.loads((d / "manifest.json").read_text()) for d in (a, b))
    for m in (ma, mb):
        m.pop("timings_s")
        m.pop("total_seconds")
    assert ma == mb


def _children(pid: int) -> list[int]:
    kids = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                stat = (d / "stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            if ppid == pid:
                kids.append(int(d.name))
    return kids


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_pool_workers_exit_when_the_parent_is_killed(tmp_path):
    code = ("from endodec.report.reproduce import reproduce; "
            f"reproduce(out={str(tmp_path / 'res')!r}, only=['s3', 'appA', 'learning'], "
            "fast=True, jobs=2)")
    p = subprocess.Popen([sys.executable, "-c", code])
    kids: list[int] = []
    deadline = time.time() + 90
    while time.time() < deadline and len(kids) < 2:
        kids = _children(p.pid)
        time.sleep(0.1)
    assert kids, "the pool did not start"
    p.kill()
    p.wait()
    deadline = time.time() + 15
    while time.time() < deadline and any(_alive(k) for k in kids):
        time.sleep(0.1)
    assert not any(_alive(k) for k in kids), "pool workers outlived the killed parent"
