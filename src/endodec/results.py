r"""One result protocol for every solver and estimator of endodec.

Every result object (a game solution, a Wright's-law fit, a DID estimate, a sweep summary, ...)
derives from :class:`ResultBase` and so offers the same faces:

=====================  ========================================================================
``summary()``          a :class:`Summary`: prints as text; ``as_html()``, ``as_latex()``,
                       ``as_text()``; renders in Jupyter
``repr(result)``       one short line (class name and the headline scalars)
``_repr_html_()``      the summary as HTML, for notebooks
``to_dict()``          strict JSON-ready dict (:func:`jsonable`); the CLI's ``--json`` prints
                       exactly this
``to_frame()``         a :class:`pandas.DataFrame` with identifier-style column names; a
                       result computed on broadcast parameter arrays keeps the grid as columns
=====================  ========================================================================

Estimates also follow statsmodels' names through :class:`EstimatesMixin`: ``params``, ``bse``,
``tvalues``, ``pvalues``, ``conf_int(alpha)``, ``nobs``.

The strict-JSON rule
--------------------
NumPy scalars and arrays become Python numbers and lists; NaN becomes ``null`` and
:math:`\pm\infty` the strings ``"inf"`` / ``"-inf"`` (strict JSON has neither); DataFrames become
lists of records, Series dicts, nested results their ``to_dict()``; dates ISO strings. Anything
else is a :class:`TypeError`, so a result never reaches the CLI half-serialised.

This module is at the bottom of the layers: it imports only NumPy and (lazily) pandas.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import html as _html
import math
import re
from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

import numpy as np

__all__ = ["EstimatesMixin", "ResultBase", "Summary", "identifier", "jsonable"]

_IDENT = re.compile(r"[^0-9A-Za-z_]+")


def identifier(name: object) -> str:
    """``name`` as an identifier-style column name (``"P>|t|"`` -> ``"P_t"``, ``"T N"`` ->
    ``"T_N"``; a leading digit gets an underscore)."""
    s = _IDENT.sub("_", str(name)).strip("_") or "value"
    return "_" + s if s[0].isdigit() else s


def jsonable(o: Any) -> Any:
    """``o`` converted by the strict-JSON rule (module docstring).

    Raises
    ------
    TypeError
        For an object the rule does not cover (a bug: the result should exclude or convert it).
    """
    if o is None or isinstance(o, (bool, str)):
        return o
    if isinstance(o, (int, np.integer)):
        return int(o)
    if isinstance(o, (float, np.floating)):
        f = float(o)
        if math.isfinite(f):
            return f
        return None if math.isnan(f) else ("inf" if f > 0 else "-inf")
    if isinstance(o, np.bool_):
        return bool(o)
    if isinstance(o, complex):
        raise TypeError("complex values are not JSON")
    if isinstance(o, ResultBase):
        return o.to_dict()
    if isinstance(o, Mapping):
        return {str(k): jsonable(v) for k, v in o.items()}
    if isinstance(o, np.ndarray):
        return jsonable(o.tolist())
    if isinstance(o, (_dt.date, _dt.datetime)):
        return o.isoformat()
    if isinstance(o, np.datetime64):
        return str(o)
    import pandas as pd

    if isinstance(o, pd.DataFrame):
        return [{str(k): jsonable(v) for k, v in row.items()} for row in o.to_dict("records")]
    if isinstance(o, pd.Series):
        return {str(k): jsonable(v) for k, v in o.items()}
    if isinstance(o, pd.Timestamp):
        return o.isoformat()
    if o is pd.NaT:
        return None
    if isinstance(o, (list, tuple, set, frozenset)):
        return [jsonable(v) for v in o]
    if dataclasses.is_dataclass(o) and not isinstance(o, type):
        return {f.name: jsonable(getattr(o, f.name)) for f in dataclasses.fields(o)
                if not f.name.startswith("_")}
    if hasattr(o, "item") and callable(o.item):  # 0-d array-likes of other libraries
        return jsonable(o.item())
    raise TypeError(f"{type(o).__name__} is not covered by endodec's strict-JSON rule")


def _fmt(v: Any) -> str:
    if isinstance(v, (float, np.floating)):
        f = float(v)
        if not math.isfinite(f):
            return "nan" if math.isnan(f) else ("inf" if f > 0 else "-inf")
        return f"{f:.6g}"
    if isinstance(v, np.ndarray):
        return f"array{v.shape}" if v.size > 6 else np.array2string(v, precision=4)
    return str(v)


class Summary(str):
    """A result's summary: a string (prints as text) that also renders as HTML and LaTeX.

    Parameters
    ----------
    text : str
        The plain-text summary (what ``print(result.summary())`` shows).
    title : str
        Title of the HTML / LaTeX rendering.
    tables : iterable of (caption, DataFrame)
        The summary's tables, rendered by :meth:`as_html` (``DataFrame.to_html``) and
        :meth:`as_latex` (``Styler.to_latex`` with booktabs rules).
    notes : iterable of str
        Lines printed under the tables.

    Notes
    -----
    Subclassing :class:`str` (rather than statsmodels' separate ``Summary`` object) keeps every
    use of a summary as text working: ``print``, ``in``, f-strings, ``==``.
    """

    title: str
    tables: list
    notes: list

    def __new__(cls, text: str = "", *, title: str = "", tables: Iterable = (),
                notes: Iterable[str] = ()):
        obj = super().__new__(cls, text)
        obj.title = title
        obj.tables = [(str(c), t) for c, t in tables]
        obj.notes = [str(n) for n in notes]
        return obj

    def __reduce__(self):
        return (_make_summary, (str(self), self.title, self.tables, self.notes))

    def as_text(self) -> str:
        """The plain-text summary (a plain :class:`str`)."""
        return str(self)

    def as_html(self) -> str:
        """The summary as an HTML fragment (title, one ``<table>`` per table, notes)."""
        parts = [f"<div class='endodec-summary'><h4>{_html.escape(self.title)}</h4>"]
        if not self.tables:
            parts.append(f"<pre>{_html.escape(str(self))}</pre>")
        for cap, t in self.tables:
            if cap:
                parts.append(f"<p><b>{_html.escape(cap)}</b></p>")
            parts.append(t.to_html(float_format=_fmt, na_rep="", border=0, escape=True))
        parts += [f"<p><small>{_html.escape(n)}</small></p>" for n in self.notes]
        parts.append("</div>")
        return "\n".join(parts)

    def as_latex(self) -> str:
        """The summary as LaTeX: one booktabs ``tabular`` per table (``Styler.to_latex``), the
        title and notes as text. Needs ``\\usepackage{booktabs}``."""
        out = [f"% {self.title}"] if self.title else []
        if not self.tables and str(self):
            out.append("\\begin{verbatim}\n" + str(self) + "\n\\end{verbatim}")
        for cap, t in self.tables:
            if cap:
                out.append(f"\\textbf{{{_latex_escape(cap)}}}\\\\")
            shown = t.copy()
            shown.columns = [_latex_escape(c) for c in shown.columns]
            shown.index = [_latex_escape(i) for i in shown.index]
            for c in shown.columns:
                if shown[c].dtype == object:
                    shown[c] = shown[c].map(lambda v: _latex_escape(_fmt(v)))
            sty = shown.style.format(_fmt, na_rep="")
            out.append(sty.to_latex(hrules=True))
        out += [_latex_escape(n) + "\\\\" for n in self.notes]
        return "\n".join(out)

    def _repr_html_(self) -> str:
        return self.as_html()


def _make_summary(text, title, tables, notes):
    return Summary(text, title=title, tables=tables, notes=notes)


_LATEX = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
          "_": r"\_", "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\^{}"}


def _latex_escape(s: object) -> str:
    return "".join(_LATEX.get(ch, ch) for ch in str(s))


class ResultBase:
    """Base of every endodec result (the protocol of the module docstring).

    A subclass (usually a dataclass declared with ``repr=False`` so this class's one-line
    ``__repr__`` is kept) customises by overriding hooks, never the protocol methods:

    ``_summary_text()``
        the plain-text summary (default: the headline scalars, one per line);
    ``_summary_tables()``
        ``[(caption, DataFrame), ...]`` for HTML/LaTeX (default: one table of the headline
        scalars);
    ``_dict_fields()``
        the ``{name: value}`` pairs of ``to_dict()`` (default: the dataclass fields that do not
        start with ``_`` and are not in ``_dict_exclude``);
    ``_frame()``
        the DataFrame of ``to_frame()`` (default: one row of the scalar fields, or one row per
        element when the fields are arrays of one shape).

    Class attributes: ``_summary_title`` (default: the class name) and ``_dict_exclude``
    (field names left out of ``to_dict()``: raw library objects, large input copies).
    """

    _summary_title: ClassVar[str] = ""
    _dict_exclude: ClassVar[tuple[str, ...]] = ()

    # -- hooks ---------------------------------------------------------------------------------
    def _dict_fields(self) -> dict[str, Any]:
        if dataclasses.is_dataclass(self):
            names = [f.name for f in dataclasses.fields(self)]
        else:
            names = [k for k in vars(self)]
        return {k: getattr(self, k) for k in names
                if not k.startswith("_") and k not in self._dict_exclude}

    def _scalars(self) -> dict[str, Any]:
        out = {}
        for k, v in self._dict_fields().items():
            if isinstance(v, (bool, int, float, str, np.generic)) or v is None:
                out[k] = v
            elif isinstance(v, np.ndarray) and v.ndim == 0:
                out[k] = v.item()
        return out

    def _summary_text(self) -> str:
        s = self._scalars()
        w = max((len(k) for k in s), default=0)
        lines = [self._summary_title or type(self).__name__]
        lines += [f"  {k:<{w}}  {_fmt(v)}" for k, v in s.items()]
        return "\n".join(lines)

    def _summary_tables(self) -> list[tuple[str, Any]]:
        import pandas as pd

        s = self._scalars()
        if not s:
            return []
        return [("", pd.DataFrame({"value": [_fmt(v) for v in s.values()]}, index=list(s)))]

    def _summary_notes(self) -> list[str]:
        return []

    def _frame(self):
        import pandas as pd

        fields = self._dict_fields()
        arrays = {k: np.asarray(v) for k, v in fields.items()
                  if isinstance(v, np.ndarray) and v.dtype.kind in "biufcUSO"}
        shapes = {a.shape for a in arrays.values() if a.ndim > 0}
        if len(shapes) == 1:
            shape = shapes.pop()
            cols = {k: a.ravel() for k, a in arrays.items() if a.shape == shape}
            cols.update({k: np.broadcast_to(a, shape).ravel() for k, a in arrays.items()
                         if a.ndim == 0})
            n = int(np.prod(shape))
            cols.update({k: [v] * n for k, v in self._scalars().items() if k not in cols})
            return pd.DataFrame(cols)
        return pd.DataFrame([self._scalars()])

    # -- the protocol --------------------------------------------------------------------------
    def summary(self) -> Summary:
        """The result's summary: text when printed; ``.as_html()`` / ``.as_latex()``."""
        return Summary(self._summary_text(), title=self._summary_title or type(self).__name__,
                       tables=self._summary_tables(), notes=self._summary_notes())

    def to_dict(self) -> dict[str, Any]:
        """The result as a strict-JSON-ready dict (:func:`jsonable`; the CLI's ``--json``)."""
        return {k: jsonable(v) for k, v in self._dict_fields().items()}

    def to_frame(self):
        """The result as a :class:`pandas.DataFrame` with identifier-style column names."""
        df = self._frame()
        df.columns = [identifier(c) for c in df.columns]
        return df

    def __repr__(self) -> str:
        s = self._scalars()
        shown = ", ".join(f"{k}={_fmt(v)}" for k, v in list(s.items())[:6])
        more = ", ..." if len(s) > 6 else ""
        return f"<{type(self).__name__}: {shown}{more}>"

    def _repr_html_(self) -> str:
        return self.summary().as_html()


class EstimatesMixin:
    """statsmodels names for a result holding estimates.

    A subclass provides ``params`` and ``bse`` (Series indexed by the coefficient names) and
    ``nobs``; it may provide ``pvalues`` and ``df_resid`` (then t(df_resid) intervals and
    p-values; normal ones otherwise) and override ``conf_int``.
    """

    df_resid: ClassVar[float | None] = None

    @property
    def tvalues(self):
        """``params / bse``."""
        return self.params / self.bse

    def _ref_dist(self):
        from scipy import stats

        df = self.df_resid
        return stats.t(df) if df is not None and np.isfinite(df) and df > 0 else stats.norm()

    @property
    def pvalues(self):
        """Two-sided p-values of H0: coefficient = 0 (t(df_resid), else normal)."""
        import pandas as pd

        t = np.abs(np.asarray(self.tvalues, dtype=float))
        return pd.Series(2 * self._ref_dist().sf(t), index=self.params.index)

    def conf_int(self, alpha: float = 0.05):
        """``(1 - alpha)`` confidence intervals, a DataFrame with columns ``lower``, ``upper``."""
        import pandas as pd

        q = self._ref_dist().ppf(1 - alpha / 2)
        p, se = np.asarray(self.params, float), np.asarray(self.bse, float)
        return pd.DataFrame({"lower": p - q * se, "upper": p + q * se}, index=self.params.index)

    def _coef_table(self):
        """The coefficient table of the summary (statsmodels' layout)."""
        import pandas as pd

        ci = self.conf_int()
        return pd.DataFrame({"coef": self.params, "std err": self.bse, "t": self.tvalues,
                             "P>|t|": self.pvalues, "[0.025": ci["lower"],
                             "0.975]": ci["upper"]})
