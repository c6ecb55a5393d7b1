"""Output file modes follow the umask, as a plain ``open(path, "w")`` / ``os.mkdir`` would.

Files get ``0o666 & ~umask``, directories ``0o777 & ~umask`` (0644/0755 under umask 022,
0600/0700 under umask 077): the report, the sweep's Parquet file, the writers' tables and
figures, and every ``atomic_write_*`` file (mkstemp alone would make them 0600).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from typer.testing import CliRunner

from endodec._io import _umask, atomic_write_text, dir_mode, file_mode
from endodec._writers import write_figure, write_table
from endodec.cli import app
from endodec.report.reproduce import reproduce

MODES = {0o022: (0o644, 0o755), 0o077: (0o600, 0o700)}


@pytest.fixture(params=sorted(MODES), ids=lambda m: f"umask{m:03o}")
def umask(request):
    old = os.umask(request.param)
    try:
        yield request.param
    finally:
        os.umask(old)


def _modes(root: Path) -> dict[str, int]:
    """``{relative path: permission bits}`` for ``root`` and everything under it."""
    out = {".": stat.S_IMODE(root.stat().st_mode)}
    for p in root.rglob("*"):
        out[str(p.relative_to(root))] = stat.S_IMODE(p.lstat().st_mode)
    return out


def _check_tree(root: Path, umask: int) -> None:
    fmode, dmode = MODES[umask]
    for rel, mode in _modes(root).items():
        want = dmode if (root / rel).is_dir() else fmode
        assert mode == want, f"{rel}: {mode:04o}, want {want:04o} under umask {umask:03o}"


def test_umask_is_read_without_changing_it(umask):
    fmode, dmode = MODES[umask]
    assert _umask() == umask and file_mode() == fmode and dir_mode() == dmode
    assert os.umask(umask) == umask  # unchanged by the reads


def test_atomic_write_text(tmp_path, umask):
    p = atomic_write_text(tmp_path / "new" / "x.txt", "hello\n")
    assert stat.S_IMODE(p.stat().st_mode) == MODES[umask][0]
    assert stat.S_IMODE(p.parent.stat().st_mode) == MODES[umask][1]
    assert [q.name for q in p.parent.iterdir()] == ["x.txt"]  # no temporary file left


def test_writers(tmp_path, umask):
    write_table(pd.DataFrame({"a": [1.0]}), tmp_path / "w" / "tables", "t", caption="T")
    fig, ax = plt.subplots()
    ax.plot([0, 1], [1, 0])
    write_figure(fig, tmp_path / "w" / "figures", "f")
    plt.close(fig)
    _check_tree(tmp_path / "w", umask)


def test_reproduce_report(tmp_path, umask):
    out = tmp_path / "report"
    # s3-baseline writes a table, s3.4-verification a figure
    reproduce(out=out, only=["s3-baseline", "s3.4-verification"], fast=True)
    modes = _modes(out)
    assert any(k.startswith("tables/") for k in modes)
    assert any(k.startswith("figures/") for k in modes)
    _check_tree(out, umask)


def test_sweep_parquet(tmp_path, umask):
    out = tmp_path / "sweep" / "s.parquet"
    r = CliRunner().invoke(app, ["game", "sweep", "--vary", "N=2:4", "--out", str(out),
                                 "--no-progress"])
    assert r.exit_code == 0, r.output
    _check_tree(tmp_path / "sweep", umask)


def test_umask_without_proc(monkeypatch, umask):
    import endodec._io as io

    def no_proc(*a, **k):
        raise OSError("no /proc")

    monkeypatch.setattr(io, "open", no_proc, raising=False)
    assert io._umask() == umask and os.umask(umask) == umask
