"""Writers of the report's artifacts: a table as CSV + Markdown + LaTeX (booktabs), atomically;
a matplotlib figure as PNG + PDF + SVG (or a choice of them).

The LaTeX of a table comes from pandas ``Styler.to_latex``: numeric columns right-aligned, text
columns left-aligned, readable headers from :func:`endodec.tables.latex_label` (never the raw
column names: ``p_value`` becomes ``$p$-value``). Regression tables in the field's layout are
:func:`endodec.tables.regression_table`.

These sit beside :mod:`endodec._io` at the bottom of the layers: the analyses
(:meth:`endodec.analyses.base.Context.save_table` / ``save_figure``) write through them.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from endodec._io import atomic_write_text

__all__ = ["FIGURE_FORMATS", "DEFAULT_FORMATS", "check_formats", "to_latex", "to_markdown",
           "write_figure", "write_table"]


def _fmt(v, float_format: str) -> str:
    if isinstance(v, float):
        if v != v:
            return ""
        return float_format.format(v)
    return "" if v is None else str(v)


def _numeric(col: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(col) and not pd.api.types.is_bool_dtype(col)


def to_markdown(df: pd.DataFrame, index: bool = False, float_format: str = "{:.4g}",
                align: list[str] | None = None) -> str:
    """``df`` as a Markdown (pipe) table; floats through ``float_format``, NaN blank; numeric
    columns right-aligned (``align``: one of ``"l"``/``"r"`` per column, to override)."""
    d = df.reset_index() if index else df
    cols = [str(c) for c in d.columns]
    if align is None:
        align = ["r" if _numeric(d.iloc[:, i]) else "l" for i in range(d.shape[1])]
    rule = "|" + "|".join("---:" if a == "r" else "---" for a in align) + "|"
    lines = ["| " + " | ".join(c.replace("|", "\\|") for c in cols) + " |", rule]
    for row in d.itertuples(index=False):
        lines.append("| " + " | ".join(_fmt(v, float_format).replace("|", "\\|") for v in row) + " |")
    return "\n".join(lines) + "\n"


def to_latex(df: pd.DataFrame, caption: str = "", index: bool = False,
             float_format: str = "{:.4g}", labels: dict | None = None) -> str:
    """``df`` as a LaTeX ``table`` with a booktabs ``tabular`` (``Styler.to_latex``; needs
    ``booktabs``): numeric columns right-aligned, headers from
    :func:`endodec.tables.latex_label` (``labels``: column -> text label, to override)."""
    from endodec.tables import latex_label, tex

    d = df.reset_index() if index else df
    fmt = "".join("r" if _numeric(d.iloc[:, i]) else "l" for i in range(d.shape[1]))
    shown = pd.DataFrame({i: [tex(_fmt(v, float_format)) for v in d.iloc[:, i]]
                          for i in range(d.shape[1])}, index=range(len(d)))
    shown.columns = [latex_label(c, labels) for c in d.columns]
    sty = shown.style.hide(axis="index")
    return sty.to_latex(column_format=fmt, hrules=True, caption=tex(caption) if caption else None,
                        position="htbp", position_float="centering")


def write_table(df: pd.DataFrame, directory: Path, name: str, caption: str = "",
                index: bool = False, float_format: str = "{:.4g}") -> list[str]:
    """Write ``name.csv``, ``name.md`` and ``name.tex`` into ``directory``; return file names."""
    directory = Path(directory)
    atomic_write_text(directory / f"{name}.csv", df.to_csv(index=index))
    md = (f"**{caption}**\n\n" if caption else "") + to_markdown(df, index, float_format)
    atomic_write_text(directory / f"{name}.md", md)
    atomic_write_text(directory / f"{name}.tex", to_latex(df, caption, index, float_format))
    return [f"{name}.csv", f"{name}.md", f"{name}.tex"]


#: The figure formats :func:`write_figure` can write.
FIGURE_FORMATS = ("png", "pdf", "svg")
#: What ``endodec reproduce`` writes by default: PNG (the report shows it), vector PDF (for a
#: paper) and SVG (for the web); ``--formats png,pdf`` skips the SVGs.
DEFAULT_FORMATS = ("png", "pdf", "svg")

#: savefig metadata per format: no dates (deterministic files); PDFs name endodec as creator.
#: Resolution of the PNG figures (dots per inch; the report shows them).
PNG_DPI = 130

_META = {"png": None, "svg": {"Date": None}, "pdf": {"Creator": "endodec", "CreationDate": None}}


def check_formats(formats, need_png: bool = True) -> tuple[str, ...]:
    """``formats`` (a sequence, or a comma-separated string such as ``"png,pdf,svg"``) as a
    tuple of unique formats (PNG first when present).

    Raises
    ------
    ParameterError
        An unknown format, none at all, or (``need_png``) no ``png``: the report shows the PNGs.
    """
    from endodec.errors import ParameterError

    items = formats.split(",") if isinstance(formats, str) else list(formats)
    out = tuple(dict.fromkeys(str(f).strip().lower().lstrip(".") for f in items if str(f).strip()))
    if not out or any(f not in FIGURE_FORMATS for f in out) or (need_png and "png" not in out):
        raise ParameterError("formats", ",".join(map(str, items)),
                             f"a comma-separated list of {', '.join(FIGURE_FORMATS)}"
                             + (" that includes png (the report shows the PNGs)"
                                if need_png else ""))
    return tuple(f for f in FIGURE_FORMATS if f in out)


def write_figure(fig, directory: Path, name: str, formats=DEFAULT_FORMATS) -> list[str]:
    """Save a matplotlib figure as ``name.<format>`` for each of ``formats`` into ``directory``.

    The layout is computed once (the figure's layout engine, constrained layout for every
    builder of :mod:`endodec.plots`) and then frozen, so every format shows the same layout and
    the figure is drawn once per format: no layout pass and no ``bbox_inches="tight"`` pre-draw
    per format (a figure without constrained layout is cropped to its content once). SVG and PDF are
    deterministic (fixed ``svg.hashsalt``, no dates), so two runs write identical files. Text
    metrics and mathtext parses are shared between the renderers of all formats and figures
    (:func:`endodec._mpl_text.shared_text_caches`: the same numbers, computed once). The
    figure is not closed; its layout engine is restored afterwards.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure.
    directory : path
        Destination directory (created if absent).
    name : str
        File stem.
    formats : sequence of str
        Any of :data:`FIGURE_FORMATS` (default :data:`DEFAULT_FORMATS`: all three).

    Returns
    -------
    list of str
        The file names written (in the order png, pdf, svg).
    """
    from endodec._mpl_text import shared_text_caches

    formats = check_formats(formats, need_png=False)
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    engine = fig.get_layout_engine()
    try:
        # texts measured once for every renderer and figure (the same numbers: byte-identical)
        with shared_text_caches():
            return _lay_out_and_save(fig, engine, directory, name, formats)
    finally:
        if engine is not None:
            fig.set_layout_engine(engine)


def _lay_out_and_save(fig, engine, directory: Path, name: str, formats) -> list[str]:
    """:func:`write_figure`'s work: the layout once, then one draw per format."""
    import matplotlib.pyplot as plt
    from matplotlib.layout_engine import ConstrainedLayoutEngine

    bbox = None
    if engine is not None:
        engine.execute(fig)  # lay out once (text extents need a renderer, not a draw)
    if not isinstance(engine, ConstrainedLayoutEngine):
        # no constrained layout (a tight layout or none): crop to the drawn content once,
        # so a figure legend or text outside the axes is kept (as bbox_inches="tight")
        pad = plt.rcParams["savefig.pad_inches"]
        bbox = fig.get_tightbbox(fig.canvas.get_renderer()).padded(pad)
    fig.set_layout_engine(None)  # keep that layout: no layout pass or pre-draw per format
    files = []
    for ext in formats:
        p = directory / f"{name}.{ext}"
        # svg.hashsalt: deterministic element ids, so two runs write identical SVGs
        with plt.rc_context({"svg.hashsalt": f"endodec-{name}"}):
            fig.savefig(p, format=ext, dpi=PNG_DPI if ext == "png" else None,
                        metadata=_META[ext], bbox_inches=bbox)
        files.append(f"{name}.{ext}")
    return files
