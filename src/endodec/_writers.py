"""Writers of the report's artifacts: a table as CSV + Markdown + LaTeX (booktabs), atomically;
a matplotlib figure as PNG + SVG.

These sit beside :mod:`endodec._io` at the bottom of the layers: the analyses
(:meth:`endodec.analyses.base.Context.save_table` / ``save_figure``) write through them.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from endodec._io import atomic_write_text

__all__ = ["to_latex", "to_markdown", "write_figure", "write_table"]


def _fmt(v, float_format: str) -> str:
    if isinstance(v, float):
        if v != v:
            return ""
        return float_format.format(v)
    return "" if v is None else str(v)


def to_markdown(df: pd.DataFrame, index: bool = False, float_format: str = "{:.4g}") -> str:
    """``df`` as a Markdown (pipe) table; floats through ``float_format``, NaN blank."""
    d = df.reset_index() if index else df
    cols = [str(c) for c in d.columns]
    lines = ["| " + " | ".join(cols) + " |", "|" + "|".join("---" for _ in cols) + "|"]
    for row in d.itertuples(index=False):
        lines.append("| " + " | ".join(_fmt(v, float_format).replace("|", "\\|") for v in row) + " |")
    return "\n".join(lines) + "\n"


def _tex_escape(s: str) -> str:
    for a, b in [("\\", r"\textbackslash{}"), ("&", r"\&"), ("%", r"\%"), ("$", r"\$"),
                 ("#", r"\#"), ("_", r"\_"), ("{", r"\{"), ("}", r"\}")]:
        s = s.replace(a, b)
    return s


def to_latex(df: pd.DataFrame, caption: str = "", index: bool = False,
             float_format: str = "{:.4g}") -> str:
    """``df`` as a LaTeX ``table`` with a booktabs ``tabular`` (needs ``booktabs``)."""
    d = df.reset_index() if index else df
    cols = [_tex_escape(str(c)) for c in d.columns]
    out = [r"\begin{table}[htbp]", r"\centering"]
    if caption:
        out.append(r"\caption{" + _tex_escape(caption) + "}")
    out += [r"\begin{tabular}{" + "l" * len(cols) + "}", r"\toprule", " & ".join(cols) + r" \\",
            r"\midrule"]
    for row in d.itertuples(index=False):
        out.append(" & ".join(_tex_escape(_fmt(v, float_format)) for v in row) + r" \\")
    out += [r"\bottomrule", r"\end{tabular}", r"\end{table}"]
    return "\n".join(out) + "\n"


def write_table(df: pd.DataFrame, directory: Path, name: str, caption: str = "",
                index: bool = False, float_format: str = "{:.4g}") -> list[str]:
    """Write ``name.csv``, ``name.md`` and ``name.tex`` into ``directory``; return file names."""
    directory = Path(directory)
    atomic_write_text(directory / f"{name}.csv", df.to_csv(index=index))
    md = (f"**{caption}**\n\n" if caption else "") + to_markdown(df, index, float_format)
    atomic_write_text(directory / f"{name}.md", md)
    atomic_write_text(directory / f"{name}.tex", to_latex(df, caption, index, float_format))
    return [f"{name}.csv", f"{name}.md", f"{name}.tex"]


def write_figure(fig, directory: Path, name: str) -> list[str]:
    """Save a matplotlib figure as ``name.png`` and ``name.svg`` into ``directory``.

    The SVG is deterministic (fixed ``svg.hashsalt``, no date), so two runs write identical
    files. The figure is not closed.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure.
    directory : path
        Destination directory (created if absent).
    name : str
        File stem.

    Returns
    -------
    list of str
        The file names written (``name.png``, ``name.svg``).
    """
    import matplotlib.pyplot as plt

    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    files = []
    for ext in ("png", "svg"):
        p = directory / f"{name}.{ext}"
        # svg.hashsalt: deterministic element ids, so two runs write identical SVGs
        with plt.rc_context({"svg.hashsalt": f"endodec-{name}"}):
            fig.savefig(p, dpi=130 if ext == "png" else None, bbox_inches="tight",
                        metadata={"Date": None} if ext == "svg" else None)
        files.append(f"{name}.{ext}")
    return files
