"""Table 11 (seed 001 §5.5.1) and Appendix B: actual hyperscaler capex against the scaled Nash
and cooperative paths of the game, the calendar-year -> model-state mappings, and the dollar
translation. See :mod:`endodec.empirics.capex` for the mappings.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import ClassVar

import numpy as np
import pandas as pd

from endodec.errors import DataError, ParameterError
from endodec.model.params import baseline
from endodec.results import ResultBase

__all__ = [
    "AUTHOR_CORE_FIRMS",
    "AUTHOR_REGRESSION_FIRMS",
    "MAPPINGS",
    "CapexMapping",
    "CapexTestResult",
    "capex_test",
    "crossing_acceleration_by_N",
    "dollar_table",
    "effective_N",
    "firm_panel",
    "growth_by_N_change",
    "model_outputs",
]

#: the game's baseline (the defaults of CapexMapping)
_BASE = baseline("001")

#: Core firms of the author's script (Table 11): the text's "Apple" is Oracle there.
AUTHOR_CORE_FIRMS = ("Microsoft", "Alphabet", "Amazon", "Meta", "Oracle")
#: Firms of the author's strategic-complementarity regressions and HHI table (no Oracle).
AUTHOR_REGRESSION_FIRMS = ("Microsoft", "Alphabet", "Amazon", "Meta")
MAPPINGS = ("author", "static", "observed")


@dataclass(frozen=True)
class CapexMapping:
    """How calendar years of capex map onto the model (validated on construction).

    Parameters
    ----------
    mapping : {"author", "static", "observed"}
        See the module docstring.
    core_firms : tuple of str
        Firms whose capex is summed into "Actual" and counted for N.
    threshold_bn : float
        A core firm counts towards N in a year when its capex exceeds this ($B; author: 5).
    min_N : int
        Lower bound on N (author: 2; the game needs N >= 2).
    scaling_year : int
        Model outputs are scaled so that Nash(scaling_year) = Actual(scaling_year) (author: 2020).
    C_total : float or None
        Denominator of the state mapping ($B). None: the sum of the industry totals of the
        aggregate table (author), or the observed cumulative core capex ("observed").
    cap : float
        Largest fraction of the path treated as done (author: 0.95).
    a, b, r, delta, x0 : float
        Game parameters (default: the seed 001 baseline of
        :func:`endodec.model.params.baseline`, the author's calibration).
    N_override : dict or None
        Fixed N per year (e.g. the N column printed in Table 11) instead of the threshold rule.
    """

    mapping: str = "author"
    core_firms: tuple = AUTHOR_CORE_FIRMS
    threshold_bn: float = 5.0
    min_N: int = 2
    scaling_year: int = 2020
    C_total: float | None = None
    cap: float = 0.95
    a: float = _BASE["a"]
    b: float = _BASE["b"]
    r: float = _BASE["r"]
    delta: float = _BASE["delta"]
    x0: float = _BASE["x0"]
    N_override: dict | None = field(default=None, compare=False)

    def __post_init__(self):
        if self.mapping not in MAPPINGS:
            raise ParameterError("mapping", self.mapping, f"one of {MAPPINGS}")
        object.__setattr__(self, "core_firms", tuple(self.core_firms))
        if len(self.core_firms) == 0:
            raise ParameterError("core_firms", self.core_firms, "at least one firm")
        for name in ("threshold_bn", "min_N", "scaling_year", "cap", "a", "b", "r", "delta",
                     "x0") + (("C_total",) if self.C_total is not None else ()):
            v = getattr(self, name)
            if isinstance(v, bool) or not isinstance(v, (int, float, np.integer, np.floating)):
                raise ParameterError(name, v, "a finite number")
            try:
                if not np.isfinite(float(v)):
                    raise ParameterError(name, v, "a finite number")
            except OverflowError:
                raise ParameterError(name, v, "a finite number (within float64)") from None
        if int(self.scaling_year) != self.scaling_year:
            raise ParameterError("scaling_year", self.scaling_year, "an integer year")
        if not (np.isfinite(float(self.threshold_bn)) and self.threshold_bn >= 0):
            raise ParameterError("threshold_bn", self.threshold_bn, ">= 0")
        if int(self.min_N) != self.min_N or self.min_N < 2:
            raise ParameterError("min_N", self.min_N, "an integer >= 2")
        if self.C_total is not None and not (np.isfinite(float(self.C_total)) and self.C_total > 0):
            raise ParameterError("C_total", self.C_total, "> 0 or None")
        if not (0 <= self.cap < 1):
            raise ParameterError("cap", self.cap, "in [0, 1)")
        for name in ("a", "b", "r", "x0"):
            v = getattr(self, name)
            if not (np.isfinite(float(v)) and v > 0):
                raise ParameterError(name, v, "> 0 and finite")
        if not (np.isfinite(float(self.delta)) and self.delta >= 0):
            raise ParameterError("delta", self.delta, ">= 0")

    def replace(self, **kw) -> CapexMapping:
        return replace(self, **kw)

    def describe(self) -> str:
        c = (f"{self.C_total:g}" if self.C_total is not None else
             {"author": "sum of aggregate industry totals", "observed": "observed cumulative "
              "core capex", "static": "not used"}[self.mapping])
        return (f"mapping={self.mapping}, core firms={', '.join(self.core_firms)}, "
                f"N: capex > ${self.threshold_bn:g}B (min {self.min_N}), scaling year "
                f"{self.scaling_year}, C_total={c}, cap={self.cap:g}, a={self.a:g}, b={self.b:g}, "
                f"r={self.r:g}, delta={self.delta:g}, x0={self.x0:g}")


# ----------------------------------------------------------------------------- data

def firm_panel(df: pd.DataFrame) -> pd.DataFrame:
    """Normalise a firm-year capex table to columns ``company, year, capex``.

    Accepts the author's ``hyperscaler_capex.csv`` (``capex_bn_usd``) or the packaged
    ``hyperscaler_capex`` tables (``capex_usd_bn``, firm rows only; ``Stargate JV`` kept as a firm).

    Raises
    ------
    DataError
        Missing columns or duplicated firm-years.
    """
    d = df.copy()
    if "row_type" in d.columns:
        d = d[d["row_type"] == "firm"]
    col = "capex_bn_usd" if "capex_bn_usd" in d.columns else "capex_usd_bn"
    for c in ("company", "year", col):
        if c not in d.columns:
            raise DataError(f"capex table lacks column {c!r} (has {list(df.columns)})")
    out = d[["company", "year", col]].rename(columns={col: "capex"}).copy()
    out["year"] = out["year"].astype(int)
    out["capex"] = out["capex"].astype(float)
    dup = out.duplicated(["company", "year"])
    if dup.any():
        r = out[dup].iloc[0]
        raise DataError(f"capex table has duplicated firm-year {r['company']} {r['year']}")
    return out.sort_values(["company", "year"]).reset_index(drop=True)


def effective_N(panel: pd.DataFrame, mapping: CapexMapping = CapexMapping()) -> pd.Series:
    """N(year) = max(number of core firms with capex > threshold, min_N) (author's rule)."""
    core = panel[panel["company"].isin(mapping.core_firms)]
    years = sorted(core["year"].unique())
    if mapping.N_override:
        return pd.Series({y: int(mapping.N_override[y]) for y in years}, name="N")
    n = core.assign(above=core["capex"] > mapping.threshold_bn).groupby("year")["above"].sum()
    return n.reindex(years).clip(lower=mapping.min_N).astype(int).rename("N")


def model_outputs(N, x, mapping: CapexMapping = CapexMapping()) -> dict:
    """Aggregate Nash and cooperative output rates :math:`Q^N(x), Q^C(x)` from the game kernel.

    Parameters
    ----------
    N, x : array_like
        Number of firms and state (distance to the crossing threshold); broadcast.
    mapping : CapexMapping
        Supplies ``a, b, r, delta`` (``S = pi_bar/(r+delta)``, author's convention).

    Returns
    -------
    dict with ``Q_N``, ``Q_C`` (arrays) and ``S``.

    Raises
    ------
    DomainError
        If the game has no interior solution at these parameters.
    """
    from endodec.errors import DomainError
    from endodec.model.game import GameParams
    from endodec.model.kernel import CODES, game_kernel

    N = np.asarray(N, dtype=float)
    x = np.asarray(x, dtype=float)
    p = GameParams(N=N, a=mapping.a, b=mapping.b, r=mapping.r, delta=mapping.delta,
                   x0=mapping.x0, convention="code")
    S = np.broadcast_to(p.S_value, np.broadcast_shapes(N.shape, x.shape))
    k = game_kernel(N, mapping.a, mapping.b, mapping.r, S, x)
    code = np.asarray(k["code"])
    if np.any(code != 0):
        raise DomainError(f"game kernel: {CODES[int(code[code != 0].flat[0])]}")
    return {"Q_N": np.asarray(k["Q_N0"]), "Q_C": np.asarray(k["Q_C0"]), "S": S}


# ----------------------------------------------------------------------------- Table 11

@dataclass(repr=False)
class CapexTestResult(ResultBase):
    """Table 11 recomputed: actual core capex vs the scaled Nash and cooperative paths.

    Attributes
    ----------
    table : DataFrame
        Columns ``year, N, actual, cum_actual, frac_done, x, Q_N, Q_C, scale, nash, coop,
        actual_over_coop, nash_over_coop, excess``.
    mapping : CapexMapping
    C_total : float or None
        Denominator used by the state mapping.
    source : str
    """

    table: pd.DataFrame
    mapping: CapexMapping
    C_total: float | None
    source: str = ""

    _summary_title: ClassVar[str] = "Capex vs model (Table 11)"

    @property
    def years(self) -> np.ndarray:
        return self.table["year"].to_numpy()

    def ratio(self, year: int) -> float:
        return float(self.table.set_index("year").loc[year, "actual_over_coop"])

    def mean_ratio(self, start: int = 2022, end: int | None = None) -> float:
        t = self.table
        m = t["year"] >= start
        if end is not None:
            m &= t["year"] <= end
        return float(t.loc[m, "actual_over_coop"].mean())

    def fit_stats(self) -> dict:
        """Nash path vs actual: Pearson r, RMSE, MAE, MAPE (%) (author's Test 4)."""
        a = self.table["actual"].to_numpy()
        n = self.table["nash"].to_numpy()
        return {"pearson_r": float(np.corrcoef(a, n)[0, 1]),
                "rmse": float(np.sqrt(np.mean((a - n) ** 2))),
                "mae": float(np.mean(np.abs(a - n))),
                "mape_pct": float(100 * np.mean(np.abs(a - n) / a))}

    def cumulative(self) -> dict:
        t = self.table
        return {"actual": float(t["actual"].sum()), "nash": float(t["nash"].sum()),
                "coop": float(t["coop"].sum()),
                "actual_over_coop": float(t["actual"].sum() / t["coop"].sum()),
                "nash_over_coop": float(t["nash"].sum() / t["coop"].sum())}

    def cagr(self) -> dict:
        t = self.table
        n = t["year"].iloc[-1] - t["year"].iloc[0]
        return {k: float((t[c].iloc[-1] / t[c].iloc[0]) ** (1 / n) - 1)
                for k, c in (("actual", "actual"), ("coop", "coop"), ("nash", "nash"))}

    def _frame(self) -> pd.DataFrame:
        return self.table.copy()

    def _scalars(self) -> dict:
        t = self.table
        return {"years": int(len(t)), "first": int(t["year"].iloc[0]) if len(t) else None,
                "last": int(t["year"].iloc[-1]) if len(t) else None, "C_total": self.C_total,
                "mapping": self.mapping.mapping}

    def _summary_tables(self) -> list[tuple[str, pd.DataFrame]]:
        cols = ["year", "N", "actual", "nash", "coop", "actual_over_coop", "nash_over_coop", "x"]
        return [(self.mapping.describe(), self.table[cols].set_index("year"))]

    def _summary_text(self) -> str:
        t = self.table
        lines = [f"Capex vs model (Table 11, seed 001 §5.5.1); {self.mapping.describe()}",
                 f"C_total = {self.C_total:.1f}" if self.C_total else "C_total: not used",
                 f"source: {self.source}",
                 f"{'year':>6} {'N':>3} {'actual':>9} {'nash':>9} {'coop':>9} {'act/coop':>9} "
                 f"{'nash/coop':>9} {'x':>7}"]
        for _, r in t.iterrows():
            lines.append(f"{int(r.year):>6} {int(r.N):>3} {r.actual:>9.1f} {r.nash:>9.1f} "
                         f"{r.coop:>9.1f} {r.actual_over_coop:>8.2f}x {r.nash_over_coop:>8.2f}x "
                         f"{r.x:>7.3f}")
        if (t["year"] >= 2022).any():
            lines.append(f"mean actual/coop from 2022: {self.mean_ratio(2022):.2f}x")
        return "\n".join(lines)


def capex_test(panel: pd.DataFrame, mapping: CapexMapping = CapexMapping(), aggregate=None,
               actual: pd.Series | None = None, source: str = "") -> CapexTestResult:
    r"""Recompute Table 11 (seed 001 §5.5.1): actual capex vs scaled Nash/cooperative paths.

    Parameters
    ----------
    panel : DataFrame or None
        Firm-year capex (:func:`firm_panel` format, or a raw table it accepts). Used for N(year)
        and, unless ``actual`` is given, for Actual(year) = sum of core-firm capex. None: take
        N from ``mapping.N_override`` and Actual from ``actual`` (e.g. the printed Table 11).
    mapping : CapexMapping
        Mapping and its choices (module docstring). Default: the author's.
    aggregate : DataFrame or float, optional
        The aggregate table (``industry_total_capex_bn``) whose sum is C_total under the author's
        mapping, or C_total itself. Ignored when ``mapping.C_total`` is set.
    actual : Series, optional
        Actual capex by year (index = year), e.g. the "Actual" column of the packaged Table 11.
    source : str
        Provenance text.

    Returns
    -------
    CapexTestResult

    Raises
    ------
    DataError
        Scaling year missing, or no C_total available for the author's mapping.
    """
    if panel is None:
        if actual is None or not mapping.N_override:
            raise DataError("without a firm panel, pass actual= and CapexMapping(N_override=...)")
        N_by_year = pd.Series({int(y): int(n) for y, n in mapping.N_override.items()}, name="N")
    else:
        if "capex" not in panel.columns:
            panel = firm_panel(panel)
        N_by_year = effective_N(panel, mapping)
    if actual is None:
        core = panel[panel["company"].isin(mapping.core_firms)]
        actual = core.groupby("year")["capex"].sum()
    actual = actual.astype(float).sort_index()
    years = np.array([y for y in actual.index if y in N_by_year.index], dtype=int)
    if len(years) == 0:
        raise DataError("no year has both actual capex and core-firm data")
    if mapping.scaling_year not in years:
        raise DataError(f"scaling year {mapping.scaling_year} (scaling_year, CLI "
                        f"--scaling-year) not in the data (years "
                        f"{years.min()}-{years.max()})")
    act = actual.loc[years].to_numpy()
    N = N_by_year.loc[years].to_numpy().astype(float)
    cum = np.cumsum(act)
    cum_bl = cum[list(years).index(mapping.scaling_year)]

    C_total = mapping.C_total
    if mapping.mapping == "author" and C_total is None:
        if aggregate is None:
            raise DataError("the author's mapping needs C_total: pass the aggregate table "
                            "(hyperscaler_capex_aggregate) or set CapexMapping(C_total=...) "
                            "(CLI: --c-total, or --mapping observed / static)")
        C_total = (float(aggregate) if np.isscalar(aggregate)
                   else float(aggregate["industry_total_capex_bn"].sum()))
    if mapping.mapping == "observed" and C_total is None:
        C_total = float(cum[-1])
    if mapping.mapping == "static":
        frac = np.zeros_like(cum)
        frac_bl = 0.0
        C_total = None
    else:
        frac = np.minimum(cum / C_total, mapping.cap)
        frac_bl = min(cum_bl / C_total, mapping.cap)
    x = mapping.x0 * (1 - frac)
    x_bl = np.full_like(x, mapping.x0 * (1 - frac_bl))
    m = model_outputs(N, x, mapping)
    mb = model_outputs(N, x_bl, mapping)  # the scale uses each year's own N (author's script)
    base = float(actual.loc[mapping.scaling_year])
    scale = base / mb["Q_N"]
    nash = m["Q_N"] * scale
    coop = m["Q_C"] * scale
    table = pd.DataFrame({
        "year": years, "N": N.astype(int), "actual": act, "cum_actual": cum, "frac_done": frac,
        "x": x, "Q_N": m["Q_N"], "Q_C": m["Q_C"], "scale": scale, "nash": nash, "coop": coop,
        "actual_over_coop": act / coop, "nash_over_coop": nash / coop, "excess": act - coop,
    })
    return CapexTestResult(table, mapping, C_total, source)


def growth_by_N_change(result: CapexTestResult | pd.DataFrame, rule: str = "increased") -> dict:
    """Year-over-year growth of actual capex split by whether N changed (seed 001 §5.5.1).

    Parameters
    ----------
    result : CapexTestResult or DataFrame with ``year, N, actual``
    rule : {"increased", "changed"}
        "increased" (author): N rose from the previous year; "changed": N differs.

    Returns
    -------
    dict with ``table`` (year, growth, N_prev, N, group), ``mean_changed``, ``mean_stable``,
    ``n_changed``, ``n_stable``, and a Welch t-test p-value where both groups have >= 2 points.
    """
    from scipy import stats

    t = result.table if isinstance(result, CapexTestResult) else result
    t = t.sort_values("year")
    g = t["actual"].pct_change()
    dN = t["N"].diff()
    flag = dN > 0 if rule == "increased" else dN.fillna(0) != 0
    if rule not in ("increased", "changed"):
        raise ParameterError("rule", rule, "'increased' or 'changed'")
    tab = pd.DataFrame({"year": t["year"], "growth": g, "N_prev": t["N"].shift(1), "N": t["N"],
                        "N_changed": flag}).dropna(subset=["growth"])
    a = tab.loc[tab["N_changed"], "growth"]
    b = tab.loc[~tab["N_changed"], "growth"]
    p = (float(stats.ttest_ind(a, b, equal_var=False).pvalue)
         if len(a) >= 2 and len(b) >= 2 else float("nan"))
    return {"table": tab.reset_index(drop=True), "mean_changed": float(a.mean()) if len(a) else None,
            "mean_stable": float(b.mean()) if len(b) else None, "n_changed": int(len(a)),
            "n_stable": int(len(b)), "welch_p": p}


# ----------------------------------------------------------------------------- Appendix B

def dollar_table(actual, ratio) -> pd.DataFrame:
    """Appendix B (seed 000 Table B1 / seed 001 Table 13): actual vs implied cooperative vs excess.

    Implied cooperative = actual / ratio, excess = actual - cooperative. ``ratio`` may be a
    number or a (low, high) pair (then both ends are reported; a higher ratio gives a *lower*
    cooperative and a *higher* excess).

    Parameters
    ----------
    actual : mapping or Series
        Actual capex by period label ($B).
    ratio : float or (float, float)

    Returns
    -------
    DataFrame indexed by period with ``actual, ratio_lo, ratio_hi, coop_lo, coop_hi, excess_lo,
    excess_hi``.
    """
    try:
        lo, hi = ((float(ratio), float(ratio)) if np.ndim(ratio) == 0
                  else (float(ratio[0]), float(ratio[1])))
    except (TypeError, ValueError, IndexError, OverflowError):
        raise ParameterError("ratio", ratio, "> 1 (a number or a (low, high) pair with low <= "
                             "high)") from None
    if not (np.isfinite(lo) and np.isfinite(hi) and lo > 1 and hi >= lo):
        raise ParameterError("ratio", ratio, "> 1 (a number or a (low, high) pair with low <= high)")
    try:
        s = pd.Series(actual, dtype=float)
    except (TypeError, ValueError):
        raise ParameterError("actual", "values", "numbers > 0 by period") from None
    if (~(s > 0) | ~np.isfinite(s)).any():
        raise ParameterError("actual", s[~(s > 0) | ~np.isfinite(s)].iloc[0], "> 0 and finite")
    return pd.DataFrame({"actual": s, "ratio_lo": lo, "ratio_hi": hi,
                         "coop_lo": s / hi, "coop_hi": s / lo,
                         "excess_lo": s - s / lo, "excess_hi": s - s / hi})


def crossing_acceleration_by_N(Ns=(3, 4, 5, 6, 8, 10), mapping: CapexMapping = CapexMapping()):
    """Crossing times and acceleration 1 - T_N/T_C at x0 for several N (author's Test 2 table)."""
    from endodec.model.game import GameParams
    from endodec.model.kernel import game_kernel

    N = np.asarray(Ns, dtype=float)
    p = GameParams(N=N, a=mapping.a, b=mapping.b, r=mapping.r, delta=mapping.delta,
                   x0=mapping.x0, convention="code")
    k = game_kernel(N, mapping.a, mapping.b, mapping.r, p.S_value, mapping.x0)
    return pd.DataFrame({"N": N.astype(int), "T_nash": k["T_N"], "T_coop": k["T_C"],
                         "acceleration": k["acceleration"], "ratio_x0": k["ratio"]})
