"""The artifact writers (endodec._writers) and the analyses' save_table / save_figure."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from endodec._writers import write_figure, write_table
from endodec.analyses.base import Context


def test_write_table(tmp_path):
    df = pd.DataFrame({"a_b": [1.23456, float("nan")], "c": ["x|y", "z"]})
    files = write_table(df, tmp_path / "t", "demo", caption="Demo & co")
    assert files == ["demo.csv", "demo.md", "demo.tex"]
    md = (tmp_path / "t" / "demo.md").read_text()
    assert md.startswith("**Demo & co**") and "| 1.235 | x\\|y |" in md and "|  | z |" in md
    assert "|---:|---|" in md  # the numeric column right-aligned
    tex = (tmp_path / "t" / "demo.tex").read_text()
    assert r"\caption{Demo \& co}" in tex and r"\toprule" in tex
    # a readable header, never the raw name; numbers right-aligned, text left-aligned
    assert r"$a_{\mathrm{b}}$ & c" in tex and "a\\_b" not in tex
    assert r"\begin{tabular}{rl}" in tex and "x$|$y" in tex


def test_write_figure_is_deterministic(tmp_path):
    fig, ax = plt.subplots()
    ax.plot([0, 1], [1, 0])
    a = write_figure(fig, tmp_path / "a", "demo")
    b = write_figure(fig, tmp_path / "b", "demo")
    plt.close(fig)
    assert a == b == ["demo.png", "demo.pdf", "demo.svg"]
    for f in a:
        assert (tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes(), f
    assert (tmp_path / "a" / "demo.pdf").read_bytes().startswith(b"%PDF")


def test_write_figure_formats_and_layout(tmp_path):
    from endodec.errors import ParameterError
    from endodec.plots.style import new_figure

    fig, ax = new_figure()
    ax.plot([0, 1], [1, 0])
    ax.set_xlabel("x (units)")
    engine = fig.get_layout_engine()
    assert write_figure(fig, tmp_path, "v", ["pdf"]) == ["v.pdf"]
    assert fig.get_layout_engine() is engine  # restored after saving
    assert write_figure(fig, tmp_path, "w", "svg,png") == ["w.png", "w.svg"]
    for bad in (["eps"], [], "png,gif"):
        with pytest.raises(ParameterError, match="formats"):
            write_figure(fig, tmp_path, "x", bad)
    plt.close(fig)
    # a figure legend outside the axes of a figure without constrained layout is kept
    fig, ax = plt.subplots(figsize=(4, 3))
    ax.plot([0, 1], [0, 1], label="a line")
    fig.legend(loc="lower center", bbox_to_anchor=(0.5, -0.3))
    write_figure(fig, tmp_path, "legend", ["png"])
    plt.close(fig)
    from PIL import Image

    w, h = Image.open(tmp_path / "legend.png").size
    assert h > 3 * 130  # taller than the figure: cropped to include the legend


def test_context_saves_through_the_writers(tmp_path):
    ctx = Context(out=tmp_path)
    fig, _ = plt.subplots()
    fa = ctx.save_figure(fig, "f1", "a figure")
    ta = ctx.save_table(pd.DataFrame({"x": [1]}), "t1", "a table")
    assert fa.files == ["figures/f1.png", "figures/f1.pdf", "figures/f1.svg"]
    ctx2 = Context(out=tmp_path / "two", formats=("png", "pdf"))
    fig, _ = plt.subplots()
    assert ctx2.save_figure(fig, "f2", "b").files == ["figures/f2.png", "figures/f2.pdf"]
    assert ta.files == ["tables/t1.csv", "tables/t1.md", "tables/t1.tex"]
    assert all((tmp_path / f).is_file() for f in fa.files + ta.files)


def test_reproduce_formats_option(tmp_path):
    import json

    from typer.testing import CliRunner

    from endodec.cli import app
    from endodec.errors import ParameterError
    from endodec.report.reproduce import reproduce

    with pytest.raises(ParameterError, match="formats"):
        reproduce(out=tmp_path / "bad", only=["s3.5-training-persistence"], formats="pdf,svg")
    assert not (tmp_path / "bad").exists()
    res = reproduce(out=tmp_path / "r", only=["s3.5-training-persistence"], fast=True,
                    formats="png,pdf")
    figs = sorted(p.suffix for p in (tmp_path / "r" / "figures").iterdir())
    assert figs and set(figs) == {".png", ".pdf"}
    assert json.loads((tmp_path / "r" / "manifest.json").read_text())["figure_formats"] == [
        "png", "pdf"]
    assert res.errors == {}
    r = CliRunner().invoke(app, ["reproduce", "--only", "s3.5-training-persistence", "--fast",
                                 "--out", str(tmp_path / "c"), "--formats", "png,gif"])
    assert r.exit_code != 0 and "formats" in r.output and "Traceback" not in r.output
