"""The artifact writers (endodec._writers) and the analyses' save_table / save_figure."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from endodec._writers import write_figure, write_table
from endodec.analyses.base import Context


def test_write_table(tmp_path):
    df = pd.DataFrame({"a_b": [1.23456, float("nan")], "c": ["x|y", "z"]})
    files = write_table(df, tmp_path / "t", "demo", caption="Demo & co")
    assert files == ["demo.csv", "demo.md", "demo.tex"]
    md = (tmp_path / "t" / "demo.md").read_text()
    assert md.startswith("**Demo & co**") and "| 1.235 | x\\|y |" in md and "|  | z |" in md
    tex = (tmp_path / "t" / "demo.tex").read_text()
    assert r"\caption{Demo \& co}" in tex and r"a\_b" in tex and r"\toprule" in tex


def test_write_figure_is_deterministic(tmp_path):
    fig, ax = plt.subplots()
    ax.plot([0, 1], [1, 0])
    a = write_figure(fig, tmp_path / "a", "demo")
    b = write_figure(fig, tmp_path / "b", "demo")
    plt.close(fig)
    assert a == b == ["demo.png", "demo.svg"]
    assert (tmp_path / "a" / "demo.svg").read_bytes() == (tmp_path / "b" / "demo.svg").read_bytes()


def test_context_saves_through_the_writers(tmp_path):
    ctx = Context(out=tmp_path)
    fig, _ = plt.subplots()
    fa = ctx.save_figure(fig, "f1", "a figure")
    ta = ctx.save_table(pd.DataFrame({"x": [1]}), "t1", "a table")
    assert fa.files == ["figures/f1.png", "figures/f1.svg"]
    assert ta.files == ["tables/t1.csv", "tables/t1.md", "tables/t1.tex"]
    assert all((tmp_path / f).is_file() for f in fa.files + ta.files)
