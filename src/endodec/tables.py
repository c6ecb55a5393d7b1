r"""Publication tables: regression tables in the field's layout, and readable labels.

:func:`regression_table` sets several estimates side by side as economics journals print them
(Stata's ``esttab``, R's ``modelsummary``, pyfixest's ``etable``): one column per model, each
coefficient with its standard error in parentheses below it and significance stars, then rows
for the number of observations, R², fixed effects, clustering and the standard-error type, and
a notes line naming the covariance estimator and the stars' legend. The same table is given as
booktabs LaTeX with decimal-aligned columns (``dcolumn``; rendered by pandas
``Styler.to_latex``), HTML (``Styler.to_html``), Markdown and CSV.

The result objects are passed in, never imported: anything with statsmodels' names
(``params``, ``bse``, ``pvalues``, ``nobs``; :class:`endodec.results.EstimatesMixin`) works --
:class:`~endodec.empirics.learning_curves.WrightFit`, the export-control
``RegressionResult`` / ``EventStudyResult``, the capex ``ComplementarityResult``, or a
statsmodels result.

Labels come from :data:`LABELS` / :data:`LATEX_LABELS` (and the ``labels`` argument), never the
raw column names: :func:`label` gives the text form, :func:`latex_label` the LaTeX form
(``p_value`` -> ``$p$-value``); :func:`tex` escapes free text for LaTeX and turns the Greek
letters and symbols endodec's captions use into LaTeX commands.

This module sits in the foundation layer beside :mod:`endodec._writers` (it imports pandas and
:mod:`endodec._io` only).

>>> import pandas as pd
>>> class Fit:  # any object with statsmodels' names
...     params = pd.Series({"alpha": 0.5}); bse = pd.Series({"alpha": 0.1})
...     pvalues = pd.Series({"alpha": 0.001}); nobs = 9; r2 = 0.9; cov_type = "nonrobust"
>>> t = regression_table([Fit()], model_names=["DRAM"])
>>> print(t.to_markdown().splitlines()[2])
| α (learning elasticity) | 0.500*** |
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

__all__ = ["LABELS", "LATEX_LABELS", "STARS", "RegressionTable", "label", "latex_label",
           "regression_table", "tex"]

#: Text labels of column and coefficient names (the LaTeX form: :data:`LATEX_LABELS`, else
#: :func:`tex` of this).
LABELS: dict[str, str] = {
    "se": "SE", "std err": "SE", "p": "p-value", "p_value": "p-value", "pvalue": "p-value",
    "P>|t|": "p-value", "r2": "R²", "rsquared": "R²", "n": "n", "nobs": "N", "N": "N",
    "alpha": "α (learning elasticity)", "delta": "δ", "ci_lo": "CI low", "ci_hi": "CI high",
    "intercept": "Intercept", "Intercept": "Constant", "const": "Constant",
    "ln_c0": "ln c0 (intercept)", "estimate": "Estimate", "coef": "Coefficient",
    "specification": "Specification", "outcome": "Outcome", "cov_type": "SE type",
    "cov_correction": "SE correction", "n_clusters": "Clusters", "df_inference": "df (p-values)",
    "engine": "Engine", "dw": "Durbin-Watson", "rho1": "ρ1 (lag-1 autocorrelation)",
    "bg_pvalue": "Breusch-Godfrey p", "se_nw": "Newey-West SE", "nw_lags": "Newey-West lags",
    "progress_ratio": "Progress ratio", "learning_rate": "Learning rate", "tstat": "t",
    "t": "t", "beta": "β", "year": "Year", "quarter": "Quarter", "period": "Period",
    "n_firms": "Firms", "spec": "Specification", "effects": "Effects", "cov": "SE type",
    "post_x_constrained": "Post × Constrained", "post": "Post", "constrained": "Constrained",
    "rival_lag": "Rival capex (t−1)", "rival_growth": "Rival capex growth",
    "ssr": "SSR", "bic": "BIC", "supF": "sup-F", "se_cluster": "SE (clustered)",
    "p_cluster": "p-value (clustered)", "p_wild": "p-value (wild bootstrap)",
    "first": "First", "last": "Last", "name": "Name", "note": "Note",
}

#: LaTeX labels where the text label's escape is not enough (mathematics).
LATEX_LABELS: dict[str, str] = {
    "p": "$p$-value", "p_value": "$p$-value", "pvalue": "$p$-value", "P>|t|": "$p$-value",
    "r2": "$R^2$", "rsquared": "$R^2$", "n": "$n$", "alpha": r"$\alpha$", "delta": r"$\delta$",
    "ln_c0": r"$\ln c_0$", "beta": r"$\beta$", "t": "$t$", "tstat": "$t$", "rho1": r"$\rho_1$",
    "bg_pvalue": "Breusch-Godfrey $p$", "p_cluster": "$p$-value (clustered)",
    "p_wild": "$p$-value (wild bootstrap)", "rival_lag": "Rival capex ($t-1$)",
}

_TEX_CHARS = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
              "_": r"\_", "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\^{}",
              "<": "$<$", ">": "$>$", "|": r"$|$"}
_TEX_UNICODE = {
    "α": r"$\alpha$", "β": r"$\beta$", "γ": r"$\gamma$", "δ": r"$\delta$", "Δ": r"$\Delta$",
    "ε": r"$\varepsilon$", "η": r"$\eta$", "θ": r"$\theta$", "κ": r"$\kappa$", "λ": r"$\lambda$",
    "μ": r"$\mu$", "π": r"$\pi$", "ρ": r"$\rho$", "σ": r"$\sigma$", "τ": r"$\tau$",
    "χ": r"$\chi$", "φ": r"$\varphi$", "ω": r"$\omega$", "Σ": r"$\Sigma$", "²": r"$^{2}$",
    "³": r"$^{3}$", "¹": r"$^{1}$", "⁻": r"$^{-}$", "×": r"$\times$", "·": r"$\cdot$",
    "≤": r"$\leq$", "≥": r"$\geq$", "≈": r"$\approx$", "≠": r"$\neq$", "±": r"$\pm$",
    "→": r"$\rightarrow$", "∞": r"$\infty$", "−": "$-$", "–": "--", "—": "---", "…": r"\ldots{}",
    "‘": "`", "’": "'", "“": "``", "”": "''", "°": r"$^{\circ}$", "€": r"\texteuro{}",
    "£": r"\pounds{}", "ñ": r"\~{n}", "é": r"\'{e}", "ü": r'\"{u}', "ö": r'\"{o}',
    "\u0304": "", "\u00a0": "~",
}
_BAR = re.compile("(.)\u0304")  # a letter with a combining macron: Q̄ -> \bar{Q}


def tex(s: object) -> str:
    """``s`` as LaTeX text: special characters escaped, Greek letters and symbols as commands.

    >>> tex("p_value ≤ 5% (Q̄)")
    'p\\\\_value $\\\\leq$ 5\\\\% ($\\\\bar{Q}$)'
    """
    s = _BAR.sub(lambda m: "\x00" + m.group(1) + "\x01", str(s)).replace("⁻¹", "\x02")
    out = "".join(_TEX_CHARS.get(ch) or _TEX_UNICODE.get(ch, ch) for ch in s)
    return out.replace("\x00", r"$\bar{").replace("\x01", "}$").replace("\x02", "$^{-1}$")


_UNITS = [("_usd_bn", " (US$ bn)"), ("_usd_per_gb", " (US$/GB)"), ("_usd", " (US$)"),
          ("_bn", " (bn)"), ("_pct", " (%)"), ("_eb", " (EB)"), ("_EB", " (EB)"),
          ("_GBs", " (GB/s)"), ("_GB", " (GB)"), ("_years", " (years)"),
          ("_thousands", " (thousands)"), ("_lo", " (low)"), ("_hi", " (high)")]
_IDENT = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
_NOTATION = re.compile(r"^([A-Za-z][a-z]?)_([A-Za-z0-9]+)$")  # T_nash, S_T, Q_x0


def label(name: object, labels: Mapping[str, str] | None = None) -> str:
    """The readable text label of a column or coefficient ``name``.

    ``labels`` (given by the caller) first, then :data:`LABELS`; an identifier without an
    entry is spelled out (unit suffixes such as ``_usd_bn`` become ``(US$ bn)``, underscores
    spaces, the first letter upper case); any other name is taken as already readable.
    """
    key = str(name)
    if labels and key in labels:
        return str(labels[key])
    if key in LABELS:
        return LABELS[key]
    if not _IDENT.match(key) or _NOTATION.match(key):
        return key
    unit = ""
    for suffix, u in _UNITS:
        if key.endswith(suffix) and len(key) > len(suffix):
            key, unit = key[: -len(suffix)], u
            break
    words = key.replace("_", " ").strip()
    if words[:1].islower() and (len(words.split(" ")[0]) > 1):
        words = words[0].upper() + words[1:]
    return words + unit


def latex_label(name: object, labels: Mapping[str, str] | None = None,
                latex_labels: Mapping[str, str] | None = None) -> str:
    """The LaTeX form of :func:`label`: ``latex_labels`` / :data:`LATEX_LABELS` first (raw
    LaTeX), a ``X_sub`` notation as ``$X_{\\mathrm{sub}}$``, else :func:`tex` of the label."""
    key = str(name)
    if latex_labels and key in latex_labels:
        return str(latex_labels[key])
    if labels and key in labels:
        return tex(labels[key])
    if key in LATEX_LABELS:
        return LATEX_LABELS[key]
    m = _NOTATION.match(key)
    if m and key not in LABELS:
        return f"${m.group(1)}_{{\\mathrm{{{m.group(2)}}}}}$"
    return tex(label(key))


#: Significance thresholds of the stars ``*``, ``**``, ``***``.
STARS: tuple[float, float, float] = (0.10, 0.05, 0.01)

_SE_NAMES = {"nonrobust": "classical", "classical": "classical", "unadjusted": "classical",
             "HC0": "HC0", "HC1": "HC1", "HC2": "HC2", "HC3": "HC3", "robust": "HC1",
             "cluster": "CR1", "clustered": "CR1", "HAC": "Newey-West (HAC)"}
_SE_TEXT = {"classical": "classical OLS, s²(X'X)⁻¹ with s² = SSR/(N−K)",
            "HC1": "heteroskedasticity-robust HC1, N/(N−K)",
            "CR1": "cluster-robust CR1, G/(G−1)·(N−1)/(N−K)",
            "Newey-West (HAC)": "Newey-West HAC (Bartlett kernel)"}


@dataclass(frozen=True)
class _Cell:
    kind: str  # "num" | "se" | "text"
    text: str = ""
    stars: str = ""

    def plain(self) -> str:
        if self.kind == "se":
            return f"({self.text})" if self.text else ""
        return self.text + self.stars

    def latex(self) -> str:
        if self.kind == "se":
            return f"({self.text})" if self.text else ""
        if self.kind == "num":
            return self.text + (f"^{{{self.stars}}}" if self.stars else "")
        return r"\multicolumn{1}{c}{" + tex(self.text) + "}" if self.text else ""


def _num(v: Any, digits: int) -> str:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return ""
    return f"{f:.{digits}f}" if math.isfinite(f) else ""


def _series(r: Any, name: str) -> pd.Series:
    v = getattr(r, name)
    return v if isinstance(v, pd.Series) else pd.Series(v, dtype=float)


def _stars(p: float, thresholds: Sequence[float]) -> str:
    return "*" * sum(bool(p < a) for a in thresholds) if math.isfinite(p) else ""


def _cov_short(r: Any) -> str:
    corr = str(getattr(r, "cov_correction", "") or "")
    if ":" in corr:
        return corr.split(":")[0].strip()
    if "HC0-type" in corr:
        return "HC0-type"
    return _SE_NAMES.get(str(getattr(r, "cov_type", "")), str(getattr(r, "cov_type", "")))


def _cov_text(r: Any) -> str:
    short = _cov_short(r)
    corr = str(getattr(r, "cov_correction", "") or "")
    base = _SE_TEXT.get(short) or (corr or short)
    df = getattr(r, "df_inference", None)
    if df is None:
        dfr = getattr(r, "df_resid", None)
        df = dfr if short == "classical" and dfr is not None else float("inf")
    try:
        dist = "normal" if not math.isfinite(float(df)) else f"t({float(df):g})"
    except (TypeError, ValueError):
        dist = "normal"
    return f"{base}; p-values from the {dist} distribution"


_FE = re.compile(r"^C\(([^)]+)\)")


def _effects(r: Any) -> set[str]:
    """Names of the fixed effects of a result (absorbed or as dummies)."""
    out = set()
    eff = getattr(r, "effects", None)
    if isinstance(eff, str):  # declared by the result: "none", "firm", ...
        return set() if eff in ("", "none") else {eff}
    for k in getattr(r, "params", pd.Series(dtype=float)).index:
        m = _FE.match(str(k))
        if m:
            out.add(m.group(1))
    fit = getattr(r, "fit", None)
    for e in getattr(fit, "included_effects", None) or []:
        out.add({"Entity": "entity", "Time": "time"}.get(str(e), str(e)).lower())
    return out


def _shown(r: Any) -> list[str]:
    if hasattr(r, "_shown_terms"):
        return [str(k) for k in r._shown_terms()]
    return [str(k) for k in _series(r, "params").index if not _FE.match(str(k))]


def _r2(r: Any) -> float:
    for name in ("rsquared", "r2"):
        v = getattr(r, name, None)
        if v is not None:
            try:
                return float(v)
            except (TypeError, ValueError):
                continue
    return float("nan")


def _check(results, model_names, fe_rows) -> list:
    from endodec.errors import ParameterError

    if isinstance(results, (str, bytes)) or not isinstance(results, Sequence) or not results:
        raise ParameterError("results", type(results).__name__,
                             "a non-empty list of estimation results")
    for i, r in enumerate(results):
        for a in ("params", "bse", "pvalues"):
            if not hasattr(r, a):
                raise ParameterError(f"results[{i}]", type(r).__name__,
                                     "an estimation result with params, bse and pvalues")
    if model_names is not None and len(model_names) != len(results):
        raise ParameterError("model_names", f"{len(model_names)} names",
                             f"one per result ({len(results)})")
    for k, v in (fe_rows or {}).items():
        if len(v) != len(results):
            raise ParameterError(f"fe_rows[{k!r}]", f"{len(v)} entries",
                                 f"one per result ({len(results)})")
    return list(results)


@dataclass
class RegressionTable:
    """Estimates side by side in the field's layout (built by :func:`regression_table`).

    Attributes
    ----------
    titles : list of str
        Model titles (the header row above the column numbers; "" for none).
    rows : list of (str, str, list)
        ``(text label, LaTeX label, cells)`` per row: coefficient / standard-error pairs, then
        the statistics rows.
    n_coef_rows : int
        How many of ``rows`` are coefficient and standard-error rows (a rule separates them
        from the statistics).
    notes : list of str
        The notes line(s): standard errors, the covariance estimator of each column, the
        stars' legend, then the caller's notes.
    estimates : pandas.DataFrame
        The numbers behind the table, one row per model and coefficient (``model``, ``title``,
        ``term``, ``label``, ``estimate``, ``se``, ``p_value``, ``stars``, ``nobs``, ``r2``,
        ``se_type``); :meth:`to_frame` returns it.
    caption : str
    """

    titles: list[str]
    rows: list[tuple[str, str, list]]
    n_coef_rows: int
    notes: list[str]
    estimates: pd.DataFrame
    caption: str = ""
    _numbers: list[str] = field(default_factory=list)

    @property
    def numbers(self) -> list[str]:
        """The column numbers ``(1)``, ``(2)``, ..."""
        return self._numbers or [f"({i + 1})" for i in range(len(self.titles))]

    # -- the grid -----------------------------------------------------------------------------
    def _header(self) -> list[str]:
        if not any(self.titles):
            return list(self.numbers)
        return [f"{n} {t}".strip() for n, t in zip(self.numbers, self.titles, strict=True)]

    def frame(self) -> pd.DataFrame:
        """The table as a DataFrame of display strings (rows as labelled, one column per model;
        the header ``"(1) title"``)."""
        df = pd.DataFrame([[c.plain() for c in cells] for _, _, cells in self.rows],
                          index=[t for t, _, _ in self.rows], columns=self._header())
        return df

    def _latex_frame(self) -> pd.DataFrame:
        df = pd.DataFrame([[c.latex() for c in cells] for _, _, cells in self.rows],
                          index=[lab for _, lab, _ in self.rows])
        nums = [r"\multicolumn{1}{c}{" + n + "}" for n in self.numbers]
        if any(self.titles):
            top, runs = [], []
            for t in self.titles:  # runs of equal titles merge; a run of one is wrapped here
                if runs and runs[-1][0] == t:
                    runs[-1][1] += 1
                else:
                    runs.append([t, 1])
            for t, n in runs:
                top += [tex(t) if n > 1 else r"\multicolumn{1}{c}{" + tex(t) + "}"] * n
            df.columns = pd.MultiIndex.from_arrays([top, nums])
        else:
            df.columns = nums
        return df

    # -- the faces ----------------------------------------------------------------------------
    def to_latex(self, caption: str | None = None, label: str = "",
                 standalone: bool = False) -> str:
        """booktabs LaTeX, decimal-aligned (``dcolumn``'s ``D{.}{.}{-1}`` columns), via
        ``Styler.to_latex``; notes in a ``minipage`` under the tabular.

        Needs ``\\usepackage{booktabs}`` and ``\\usepackage{dcolumn}``; ``standalone=True``
        gives a complete ``article`` document with both."""
        cap = self.caption if caption is None else caption
        k = len(self.titles)
        body = self._latex_frame().style.to_latex(
            column_format="l" + "D{.}{.}{-1}" * k, hrules=True, multicol_align="c",
            caption=tex(cap) if cap else None, label=label or None, position="htbp",
            position_float="centering")
        lines = body.splitlines()
        top = lines.index(r"\midrule")
        lines.insert(top + 1 + self.n_coef_rows, r"\midrule")
        end = lines.index(r"\end{table}")
        notes = " ".join(tex(n) for n in self.notes)
        lines[end:end] = [r"\par\smallskip", r"\begin{minipage}{\linewidth}\footnotesize",
                          r"\textit{Notes:} " + notes, r"\end{minipage}"]
        out = "\n".join(lines) + "\n"
        if standalone:
            out = ("\\documentclass{article}\n\\usepackage{booktabs}\n\\usepackage{dcolumn}\n"
                   "\\begin{document}\n" + out + "\\end{document}\n")
        return out

    def to_html(self, caption: str | None = None, uuid: str = "regtab") -> str:
        """An HTML ``<table>`` (``Styler.to_html``, a fixed id so the output is deterministic)
        and the notes as a paragraph."""
        cap = self.caption if caption is None else caption
        sty = self.frame().style.set_uuid(uuid).set_table_attributes(
            'class="regression-table"')
        sty = sty.set_table_styles([{"selector": "td", "props": "text-align: right;"}])
        if cap:
            sty = sty.set_caption(cap)
        import html as _html

        notes = "<p class=\"table-notes\"><small><i>Notes:</i> " + _html.escape(
            " ".join(self.notes)) + "</small></p>"
        return sty.to_html() + notes + "\n"

    def to_markdown(self, caption: str | None = None) -> str:
        """A pipe table (coefficients right-aligned), the caption in bold above, notes below."""
        from endodec._writers import to_markdown

        cap = self.caption if caption is None else caption
        d = self.frame()
        d.insert(0, "", d.index)
        md = to_markdown(d.reset_index(drop=True), align=["l"] + ["r"] * len(self.titles))
        return (f"**{cap}**\n\n" if cap else "") + md + "\n*Notes:* " + " ".join(self.notes) + "\n"

    def to_csv(self) -> str:
        """The displayed table as CSV (first column: the row labels)."""
        return self.frame().to_csv()

    def to_frame(self) -> pd.DataFrame:
        """The numbers behind the table (:attr:`estimates`)."""
        return self.estimates.copy()

    def write(self, directory: str | Path, name: str, caption: str | None = None) -> list[str]:
        """Write ``name.csv``, ``.md``, ``.tex`` and ``.html`` into ``directory`` (atomically);
        return the file names."""
        from endodec._io import atomic_write_text

        directory = Path(directory)
        faces = {"csv": self.to_csv(), "md": self.to_markdown(caption),
                 "tex": self.to_latex(caption, label=f"tab:{name}"),
                 "html": self.to_html(caption, uuid=name)}
        for ext, text in faces.items():
            atomic_write_text(directory / f"{name}.{ext}", text)
        return [f"{name}.{ext}" for ext in faces]


def _stat_rows(results, fe_rows, cluster_by) -> list[tuple[str, str, list]]:
    rows = [("Observations", "Observations",
             [_Cell("text" if not n else "num", str(n) if n else "")
              for n in (int(getattr(r, "nobs", 0) or 0) for r in results)])]
    r2 = [_r2(r) for r in results]
    if any(math.isfinite(v) for v in r2):
        rows.append(("R²", "$R^2$", [_Cell("num", _num(v, 3)) for v in r2]))
    if fe_rows is None:
        effects = [_effects(r) for r in results]
        names = sorted(set().union(*effects))
        fe_rows = {f"{label(e)} FE": [e in eff for eff in effects] for e in names}
    for k, vals in (fe_rows or {}).items():
        cells = [_Cell("text", ("Yes" if v else "No") if isinstance(v, bool) else str(v))
                 for v in vals]
        rows.append((k, tex(k), cells))
    shorts = [_cov_short(r) for r in results]
    if any(s == "CR1" or "cluster" in str(getattr(r, "cov_type", ""))
           for s, r in zip(shorts, results, strict=True)):
        cl = []
        for s, r in zip(shorts, results, strict=True):
            g = getattr(r, "n_clusters", None)
            if s == "CR1" or "cluster" in str(getattr(r, "cov_type", "")):
                who = cluster_by or "yes"
                cl.append(_Cell("text", f"{who} (G = {g})" if g else who))
            else:
                cl.append(_Cell("text", "No"))
        rows.append(("Clustered SE", "Clustered SE", cl))
    rows.append(("SE type", "SE type", [_Cell("text", s) for s in shorts]))
    return rows


def _notes(results, stars, notes) -> list[str]:
    groups: dict[str, list[int]] = {}
    for i, r in enumerate(results):
        groups.setdefault(_cov_text(r), []).append(i + 1)
    if len(groups) == 1:
        cov = "Standard errors in parentheses: " + next(iter(groups)) + "."
    else:
        cov = "Standard errors in parentheses: " + "; ".join(
            f"({', '.join(map(str, cols))}) {text}" for text, cols in groups.items()) + "."
    legend = ", ".join(f"{'*' * (i + 1)} p < {a:.2f}" for i, a in enumerate(stars)) + "."
    return [cov, legend, *[str(n) for n in notes]]


def regression_table(results: Sequence[Any], labels: Mapping[str, str] | None = None, *,
                     model_names: Sequence[str] | None = None,
                     keep: Sequence[str] | None = None,
                     fe_rows: Mapping[str, Sequence[bool | str]] | None = None,
                     cluster_by: str | None = None, notes: Sequence[str] = (),
                     stars: Sequence[float] = STARS, digits: int = 3,
                     latex_labels: Mapping[str, str] | None = None,
                     caption: str = "") -> RegressionTable:
    """Several estimation results side by side, as a journal prints them.

    Parameters
    ----------
    results : list of estimation results
        Objects with statsmodels' names ``params``, ``bse``, ``pvalues`` (Series by
        coefficient) and ``nobs``; ``rsquared`` or ``r2``, ``cov_type``, ``cov_correction``,
        ``df_inference``, ``n_clusters`` and ``effects`` are used when present.
    labels : mapping, optional
        Coefficient name -> label (text); :data:`LABELS` fills in the rest.
    model_names : list of str, optional
        Column titles (default: each result's ``name`` if it has one, else none).
    keep : list of str, optional
        Coefficients to show, in this order (default: every coefficient that is not a
        fixed-effect dummy, in order of first appearance).
    fe_rows : mapping, optional
        Fixed-effect rows ``{"Firm FE": [True, False, ...]}`` (bool -> Yes/No, or text). Default:
        detected from the results (``C(x)`` dummies, ``effects``, linearmodels' absorbed
        effects); pass ``{}`` for none.
    cluster_by : str, optional
        Name of the cluster variable in the "Clustered SE" row (shown when a column is
        clustered).
    notes : list of str
        Lines appended to the notes (after the standard errors and the stars' legend).
    stars : three floats
        Thresholds of ``*``, ``**``, ``***`` (default 0.10, 0.05, 0.01).
    digits : int
        Decimals of coefficients and standard errors.
    latex_labels : mapping, optional
        Coefficient name -> raw LaTeX label.
    caption : str

    Returns
    -------
    RegressionTable
        ``.to_latex()``, ``.to_html()``, ``.to_markdown()``, ``.to_csv()``, ``.to_frame()``,
        ``.write(directory, name)``.

    Raises
    ------
    ParameterError
        No results, a result without ``params``/``bse``/``pvalues``, or ``model_names`` /
        ``fe_rows`` entries not one per result.
    """
    from endodec.errors import ParameterError

    results = _check(results, model_names, fe_rows)
    if isinstance(digits, bool) or not isinstance(digits, int) or not 0 <= digits <= 10:
        raise ParameterError("digits", digits, "an integer in [0, 10]")
    if len(stars) != 3 or not all(0 < float(a) < 1 for a in stars):
        raise ParameterError("stars", stars, "three p-value thresholds in (0, 1)")
    titles = (list(model_names) if model_names is not None else
              [str(getattr(r, "name", "") or "") for r in results])
    terms = list(keep) if keep is not None else list(dict.fromkeys(
        t for r in results for t in _shown(r)))
    rows, recs = [], []
    for term in terms:
        est, ses = [], []
        for i, r in enumerate(results):
            p, b, pv = (_series(r, a) for a in ("params", "bse", "pvalues"))
            if term in p.index:
                v, s, pp = float(p[term]), float(b[term]), float(pv[term])
                st = _stars(pp, stars)
                est.append(_Cell("num", _num(v, digits), st if _num(v, digits) else ""))
                ses.append(_Cell("se", _num(s, digits)))
                recs.append({"model": i + 1, "title": titles[i], "term": term,
                             "label": label(term, labels), "estimate": v, "se": s,
                             "p_value": pp, "stars": st,
                             "nobs": int(getattr(r, "nobs", 0) or 0), "r2": _r2(r),
                             "se_type": _cov_short(r)})
            else:
                est.append(_Cell("num"))
                ses.append(_Cell("se"))
        rows.append((label(term, labels), latex_label(term, labels, latex_labels), est))
        rows.append(("", "", ses))
    n_coef = len(rows)
    rows += _stat_rows(results, fe_rows, cluster_by)
    est = pd.DataFrame(recs, columns=["model", "title", "term", "label", "estimate", "se",
                                      "p_value", "stars", "nobs", "r2", "se_type"])
    return RegressionTable(titles, rows, n_coef, _notes(results, stars, notes), est, caption)
