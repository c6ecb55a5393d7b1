"""Error paths a user hits (issue 18, item 7): messages are printed literally (rich markup never
eats the bracketed part of an install hint such as ``pip install "endodec[dask]"``), on one line
whatever the terminal width, and a missing optional extra or a missing file gives a one-line
``error:`` with the fix, before any work starts."""

from __future__ import annotations

import sys

import pytest
from typer.testing import CliRunner

from endodec.cli.app import app


@pytest.fixture
def run(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "40")  # a narrow terminal: rich must not break the line

    def invoke(*args):
        return CliRunner().invoke(app, list(args), catch_exceptions=False)

    return invoke


def _one_error_line(r, *needles):
    err = r.stderr.strip()
    assert len(err.splitlines()) == 1, err
    assert err.startswith("error: "), err
    for n in needles:
        assert n in err, err
    assert "Traceback" not in r.output


@pytest.mark.parametrize("backend, module, extra", [
    ("jax", "jax", "jax"), ("dask", "distributed", "dask")])
def test_sweep_backend_without_its_extra(run, monkeypatch, backend, module, extra):
    from endodec.sweep import backends

    monkeypatch.setitem(sys.modules, module, None)  # `import module` raises ImportError
    monkeypatch.setattr(backends, "_JAX_FN", None)
    r = run("game", "sweep", "--vary", "N=2:5", "--backend", backend)
    assert r.exit_code == 2, r.output
    _one_error_line(r, f"--backend {backend}", f'pip install "endodec[{extra}]"')
    assert "sweep (" not in r.output  # refused before the progress bar starts


def test_scheduler_without_dask(run, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)
    r = run("game", "sweep", "--vary", "N=2:5", "--scheduler", "tcp://127.0.0.1:1")
    assert r.exit_code == 2
    _one_error_line(r, "--scheduler", 'pip install "endodec[dask]"')


def test_explore_without_streamlit(run, monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "streamlit" else real(name, *a))
    r = run("explore")
    assert r.exit_code == 1
    _one_error_line(r, "Streamlit", 'pip install "endodec[explore]"')


def test_hub_fetch_without_huggingface_hub(run, monkeypatch):
    monkeypatch.setitem(sys.modules, "huggingface_hub", None)
    r = run("empirics", "export-controls", "panel", "--fetch")
    assert r.exit_code == 2, r.output
    _one_error_line(r, "endodec[hub]")


def test_learning_fit_missing_file(run):
    r = run("learning", "fit", "missing.csv")
    assert r.exit_code == 2, r.output
    _one_error_line(r, "missing.csv", "does not exist", "columns year, price, cum", "'dram'")


def test_a_bracketed_path_is_printed_literally(run, tmp_path):
    r = run("reproduce", "--only", "s3-baseline", "--fast", "--out", "res[dask]")
    assert r.exit_code == 0, r.output
    assert "res[dask]" in r.stdout and (tmp_path / "res[dask]" / "report.html").is_file()


def test_a_long_error_stays_on_one_line_with_its_brackets(capsys, monkeypatch):
    from endodec.cli.common import print_error

    monkeypatch.setenv("COLUMNS", "40")
    msg = 'a message longer than the terminal, with the fix: pip install "endodec[dask]" [hub]'
    print_error(msg)
    err = capsys.readouterr().err
    assert err == f"error: {msg}\n"


def test_warnings_are_one_line_without_source(tmp_path):
    # the README's command: the 9-row packaged table with trimming 3 warns about few observations
    # (a subprocess: in-process, pytest records warnings instead of printing them)
    import os
    import subprocess
    from pathlib import Path

    src = Path(__file__).resolve().parents[2] / "src"
    env = dict(os.environ, PYTHONPATH=str(src), COLUMNS="40")
    env.pop("ENDODEC_DEBUG", None)
    r = subprocess.run([sys.executable, "-m", "endodec", "learning", "fit", "dram", "--version",
                        "001", "--breaks", "1", "--trim", "3"], capture_output=True, text=True,
                       env=env, cwd=tmp_path, timeout=120)
    assert r.returncode == 0, r.stderr
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert lines and all(ln.startswith("warning: ") for ln in lines), r.stderr
    assert "bai_perron" in r.stderr and ".py:" not in r.stderr


def test_every_help_text_renders_literally():
    """Typer renders --help with rich markup: a bracketed word such as ``[records]`` or
    ``endodec[jax]`` must be escaped (``\\[``) or it disappears from the help."""
    import typer
    from rich.markup import render

    def walk(cmd, path):
        yield path, cmd
        for name, sub in (getattr(cmd, "commands", None) or {}).items():
            yield from walk(sub, [*path, name])

    seen, eaten = 0, []
    for path, cmd in walk(typer.main.get_command(app), ["endodec"]):
        seen += 1
        for who, text in [("help", cmd.help or "")] + [(p.name, getattr(p, "help", None) or "")
                                                        for p in cmd.params]:
            if render(text).plain != text.replace("\\[", "["):
                eaten.append(f"{' '.join(path)} {who}: {text}")
    assert seen > 30  # every group and command was visited
    assert not eaten, "\n".join(eaten)
