r"""Hyperscaler capex versus the differential game: Table 11, Appendix B, strategic complementarity.

Implements the quantitative capex test of seed 001 §5.5.1 (Table 11) and the dollar translation of
seed 000 Appendix B / seed 001 Appendix B (Table 13), on the firm-year capex panel of seed 000 §4.3
(Table 4) / seed 001 §5.2.3 (Table 9) or the author's ``hyperscaler_capex.csv``.

The model values (aggregate Nash and cooperative output at a state ``x``) come from
:func:`endodec.model.kernel.game_kernel` -- the single implementation of the game -- with the
continuation value of the author's script (``convention="code"`` of
:class:`endodec.model.game.GameParams`): :math:`S = \bar\pi/(r+\delta)`,
:math:`\bar\pi = (a/(N+1))^2/b`.

Mappings from calendar years to model states
--------------------------------------------
``"author"`` -- the construction of the author's published script
(``scripts/test_capex_overinvestment.py``), which the paper does not describe:

- core firms Microsoft, Alphabet, Amazon, Meta **and Oracle** (the text says "from 2024, Apple";
  the script uses Oracle, whose 2024 capex of $8.9B crosses the threshold);
- :math:`N(\text{year}) = \max(\#\{\text{core firms with capex} > \$5\text{B}\}, 2)`;
- state :math:`x = x_0\,(1 - \min(C(\text{year})/C_{\rm total}, 0.95))` with :math:`C` the
  cumulative core capex since the first year and :math:`C_{\rm total}` the sum of the *industry*
  totals 2018-2028 in ``hyperscaler_capex_aggregate.csv`` (which include NVIDIA, Oracle, Stargate
  and the projections 2026-2028);
- model outputs are scaled so that Nash(2020) = Actual(2020), the scale being recomputed for each
  year's N (so the Nash column stays close to Actual(2020) in every year).

``"static"`` -- no projections and no state mapping: every year is evaluated at :math:`x = x_0`
(the model's overinvestment ratio at the start of the game), with that year's N, scaled the same
way. Its Nash/Coop ratio is Proposition 1's :math:`Q^N/Q^C` at :math:`x_0`.

``"observed"`` -- the author's state mapping but with :math:`C_{\rm total}` equal to the cumulative
*observed* core capex over the sample (no projected years): the state runs from near
:math:`x_0` to :math:`x_0(1-\text{cap})` over the sample.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from endodec.errors import DataError, ParameterError

__all__ = [
    "AUTHOR_CORE_FIRMS",
    "CapexMapping",
    "CapexTestResult",
    "firm_panel",
    "effective_N",
    "model_outputs",
    "capex_test",
    "growth_by_N_change",
    "ComplementarityResult",
    "complementarity",
    "hhi_by_year",
    "dollar_table",
    "crossing_acceleration_by_N",
]

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
        Game parameters (seed 001 §3.8 calibration; author: 10, 0.5, 0.05, 0.30, 10).
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
    a: float = 10.0
    b: float = 0.5
    r: float = 0.05
    delta: float = 0.30
    x0: float = 10.0
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

@dataclass
class CapexTestResult:
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

    def to_frame(self) -> pd.DataFrame:
        return self.table.copy()

    def summary(self) -> str:
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


# ----------------------------------------------------------------------------- regressions

@dataclass
class ComplementarityResult:
    """Own capex on lagged rival capex (levels) or own growth on rival growth.

    Attributes
    ----------
    spec, effects, cov : str
    beta, se, tstat, pvalue, r2 : float
    nobs, n_firms : int
    data : DataFrame
        The regression sample (firm, year, own, rival, ...).
    backend : str
        "statsmodels" or "linearmodels".
    fit : object
        The underlying fitted result.
    df_inference : float
        Degrees of freedom of the t distribution of ``pvalue`` and :meth:`conf_int` (``inf``:
        normal). Clustered: G - 1 (Stata, fixest; Cameron, Gelbach and Miller 2008).
    cov_correction : str
        Small-sample correction of the covariance, named (clustered: ``CR1:
        G/(G-1)*(N-1)/(N-K)``, K counting the firm effects).
    n_clusters : int or None
    df_resid : float
        N - K of the dummy-variable regression.

    Notes
    -----
    statsmodels names are available as properties: ``params``, ``bse``, ``tvalues``,
    ``pvalues`` (Series indexed by the regressor), ``conf_int(alpha)``, ``nobs``,
    ``df_resid``, ``cov_type``.
    """

    spec: str
    effects: str
    cov: str
    beta: float
    se: float
    tstat: float
    pvalue: float
    r2: float
    nobs: int
    n_firms: int
    data: pd.DataFrame
    backend: str
    fit: object = None
    df_inference: float = float("inf")
    cov_correction: str = ""
    n_clusters: int | None = None
    df_resid: float = float("nan")

    @property
    def regressor(self) -> str:
        return "rival_lag" if self.spec == "level" else "rival_growth"

    @property
    def params(self) -> pd.Series:
        return pd.Series({self.regressor: self.beta})

    @property
    def bse(self) -> pd.Series:
        return pd.Series({self.regressor: self.se})

    @property
    def tvalues(self) -> pd.Series:
        return pd.Series({self.regressor: self.tstat})

    @property
    def pvalues(self) -> pd.Series:
        return pd.Series({self.regressor: self.pvalue})

    @property
    def cov_type(self) -> str:
        return self.cov

    def conf_int(self, alpha: float = 0.05) -> pd.DataFrame:
        """``1 - alpha`` interval for beta from t(df_inference) (normal if infinite)."""
        from scipy import stats

        if isinstance(alpha, bool) or not isinstance(alpha, (int, float, np.floating)) \
                or not 0 < alpha < 1:
            raise ParameterError("alpha", alpha, "in (0, 1)")
        q = (stats.norm.ppf(1 - alpha / 2) if not np.isfinite(self.df_inference)
             else stats.t.ppf(1 - alpha / 2, self.df_inference))
        return pd.DataFrame({0: [self.beta - q * self.se], 1: [self.beta + q * self.se]},
                            index=[self.regressor])

    def to_dict(self) -> dict:
        return {k: getattr(self, k) for k in ("spec", "effects", "cov", "beta", "se", "tstat",
                                              "pvalue", "r2", "nobs", "n_firms", "backend",
                                              "cov_correction", "n_clusters", "df_inference")}

    def summary(self) -> str:
        y, xv = (("own capex", "rival capex (t-1)") if self.spec == "level"
                 else ("own capex growth", "rival capex growth"))
        return (f"Strategic complementarity ({self.spec}): {y} ~ {xv}; effects={self.effects}, "
                f"cov={self.cov} [{self.backend}]\n"
                f"  beta = {self.beta:.4f}  SE = {self.se:.4f}  t = {self.tstat:.3f}  "
                f"p = {self.pvalue:.4g}  R2 = {self.r2:.4f}  n = {self.nobs} ({self.n_firms} firms)"
                + (f"\n  SE correction {self.cov_correction}" if self.cov_correction else "")
                + ("" if not np.isfinite(self.df_inference)
                   else f"; p-value from t({self.df_inference:g})"))


def complementarity_sample(panel: pd.DataFrame, firms=AUTHOR_REGRESSION_FIRMS) -> pd.DataFrame:
    """Firm-year sample of the author's regressions: own capex, rival capex (sum of the other
    firms in ``firms`` the same year), their lags and growth rates; rows with a lag only."""
    if "capex" not in panel.columns:
        panel = firm_panel(panel)
    d = panel[panel["company"].isin(firms)].copy()
    tot = d.groupby("year")["capex"].transform("sum")
    d["own"] = d["capex"]
    d["rival"] = tot - d["capex"]
    d = d.sort_values(["company", "year"])
    d["own_lag"] = d.groupby("company")["own"].shift(1)
    d["rival_lag"] = d.groupby("company")["rival"].shift(1)
    # consecutive years only
    d["gap"] = d.groupby("company")["year"].diff()
    d = d.dropna(subset=["own_lag", "rival_lag"])
    if (d["gap"] != 1).any():
        raise DataError("complementarity regressions need consecutive annual data per firm "
                        "(the printed tables have only every other year; use the author's "
                        "hyperscaler_capex.csv)")
    d["own_growth"] = d["own"] / d["own_lag"] - 1
    d["rival_growth"] = d["rival"] / d["rival_lag"] - 1
    return d.rename(columns={"company": "firm"}).reset_index(drop=True)[
        ["firm", "year", "own", "rival", "own_lag", "rival_lag", "own_growth", "rival_growth"]]


COVS = ("unadjusted", "robust", "clustered")
EFFECTS = ("none", "firm")


def complementarity(panel: pd.DataFrame, spec: str = "level", effects: str = "none",
                    cov: str = "unadjusted", firms=AUTHOR_REGRESSION_FIRMS,
                    backend: str = "auto") -> ComplementarityResult:
    r"""Strategic-complementarity regression (seed 001 §5.5.1).

    ``spec="level"``: :math:`I_{it} = c + \beta R_{i,t-1} + \varepsilon_{it}` (own capex on lagged
    rival capex; paper: :math:`\hat\beta = 0.40`, t = 4.48, R² = 0.44);
    ``spec="growth"``: :math:`g^{I}_{it} = c + \beta g^{R}_{it} + \varepsilon_{it}`.
    The author's specification is pooled OLS with classical SEs, ``effects="none"``,
    ``cov="unadjusted"`` over Microsoft, Alphabet, Amazon, Meta.

    Parameters
    ----------
    panel : DataFrame
        Firm-year capex (consecutive years needed).
    spec : {"level", "growth"}
    effects : {"none", "firm"}
        Firm fixed effects (within estimator, linearmodels ``PanelOLS(entity_effects=True)``).
    cov : {"unadjusted", "robust", "clustered"}
        Classical, heteroskedasticity-robust (HC1 in statsmodels), or clustered by firm (few
        clusters: 4): CR1 = G/(G-1)·(N-1)/(N-K) with K counting the firm effects and t(G-1)
        p-values, as Stata, fixest and ``sandwich::vcovCL(type="HC1")`` with
        ``lmtest::coeftest(df=G-1)`` (both backends; tested against R to 1e-8). With 4 clusters
        the t(3) reference is what keeps the test near its size (Cameron, Gelbach and Miller
        2008); treat it as approximate.
    backend : {"auto", "statsmodels", "linearmodels"}
        "auto": statsmodels for pooled, linearmodels for firm effects.

    Returns
    -------
    ComplementarityResult
    """
    if spec not in ("level", "growth"):
        raise ParameterError("spec", spec, "'level' or 'growth'")
    if effects not in EFFECTS:
        raise ParameterError("effects", effects, f"one of {EFFECTS}")
    if cov not in COVS:
        raise ParameterError("cov", cov, f"one of {COVS}")
    if backend not in ("auto", "statsmodels", "linearmodels"):
        raise ParameterError("backend", backend, "'auto', 'statsmodels' or 'linearmodels'")
    d = complementarity_sample(panel, firms)
    y, x = ("own", "rival_lag") if spec == "level" else ("own_growth", "rival_growth")
    if backend == "auto":
        backend = "statsmodels" if effects == "none" else "linearmodels"
    from endodec.errors import DomainError

    if cov == "clustered" and d["firm"].nunique() < 2:
        raise DataError(f"clustered SE: {d['firm'].nunique()} firm(s); a cluster-robust "
                        "covariance needs at least 2 clusters (G/(G-1) is undefined) -- use "
                        "cov='robust' or more firms")
    full = np.column_stack([np.ones(len(d)), d[x].to_numpy(float)]
                           + ([pd.get_dummies(d["firm"], drop_first=True, dtype=float).to_numpy()]
                              if effects == "firm" else []))
    if len(d) <= full.shape[1] or np.linalg.matrix_rank(full) < full.shape[1]:
        raise DomainError(f"complementarity ({spec}, effects={effects}): the design "
                          f"({len(d)} firm-years, {full.shape[1]} columns) is singular or has no "
                          f"residual degrees of freedom: {x} is constant or collinear with the "
                          "firm effects; use more firms/years or effects='none'")
    if backend == "statsmodels":
        import statsmodels.api as sm

        X = sm.add_constant(d[[x]])
        if effects == "firm":
            X = pd.concat([X, pd.get_dummies(d["firm"], drop_first=True, dtype=float)], axis=1)
        model = sm.OLS(d[y], X)
        if cov == "unadjusted":
            fit = model.fit()
        elif cov == "robust":
            fit = model.fit(cov_type="HC1")
        else:
            codes = pd.factorize(d["firm"])[0]
            if codes.max() + 1 < 2:
                raise DataError(f"clustered SE: {codes.max() + 1} firm(s); a cluster-robust "
                                "covariance needs at least 2 clusters -- use cov='robust' or "
                                "more firms")
            # CR1 and t(G-1) inference (df_resid_inference = G - 1)
            fit = model.fit(cov_type="cluster", cov_kwds={"groups": codes}, use_t=True)
        beta, se, t, p, r2 = (float(fit.params[x]), float(fit.bse[x]), float(fit.tvalues[x]),
                              float(fit.pvalues[x]), float(fit.rsquared))
        dfi = (float(fit.df_resid_inference) if cov == "clustered"
               else float(fit.df_resid) if fit.use_t else float("inf"))
        df_resid = float(fit.df_resid)
    else:
        from linearmodels.panel import PanelOLS

        pdf = d.set_index(["firm", "year"])
        exog = pdf[[x]].assign(const=1.0)
        model = PanelOLS(pdf[y], exog, entity_effects=(effects == "firm"))
        kw = {"cov_type": cov}
        if cov == "clustered":
            kw["cluster_entity"] = True
        fit = model.fit(**kw)
        beta, se, t, p = (float(fit.params[x]), float(fit.std_errors[x]), float(fit.tstats[x]),
                          float(fit.pvalues[x]))
        r2 = float(fit.rsquared_within if effects == "firm" else fit.rsquared)
        Xm = np.asarray(model.exog.values2d, dtype=float)
        firm = pdf.index.get_level_values(0).astype(str)
        if effects == "firm":
            D = pd.get_dummies(firm, dtype=float).to_numpy()
            Xt = Xm - D @ np.linalg.lstsq(D, Xm, rcond=None)[0]
            k_full = Xm.shape[1] + np.linalg.matrix_rank(D) - 1  # const absorbed by the effects
            Xt = Xt[:, [i for i, c in enumerate(model.exog.vars) if c != "const"]]
            cols = [c for c in model.exog.vars if c != "const"]
        else:
            Xt, k_full, cols = Xm, Xm.shape[1], list(model.exog.vars)
        df_resid = float(len(d) - k_full)
        dfi = float("inf")  # PanelOLS (debiased=False): normal p-values
        if cov == "clustered":
            from scipy import stats

            from endodec.empirics.export_controls import cluster_cr1

            # PanelOLS's clustered covariance omits G/(G-1): CR1 from its residuals instead
            V, G = cluster_cr1(Xt, np.asarray(fit.resids, dtype=float), firm, k_full)
            se = float(np.sqrt(V[cols.index(x), cols.index(x)]))
            t = beta / se
            dfi = float(G - 1)
            p = float(2 * stats.t.sf(abs(t), dfi))
    if not se > 0:
        raise DomainError(f"complementarity ({spec}, effects={effects}, cov={cov}): the "
                          "residuals are all zero (an exact fit), so the SE is 0 and t is "
                          "undefined; inference needs data with residual variation")
    n_firms = int(d["firm"].nunique())
    corr = {"unadjusted": "classical: s² (X'X)^-1, s² = SSR/(N-K)",
            "robust": "HC1: N/(N-K)" if backend == "statsmodels" else
            "linearmodels 'robust' (HC0-type)",
            "clustered": "CR1: G/(G-1)*(N-1)/(N-K)"}[cov]
    return ComplementarityResult(spec, effects, cov, beta, se, t, p, r2, int(len(d)),
                                 n_firms, d, backend, fit, df_inference=dfi,
                                 cov_correction=corr,
                                 n_clusters=n_firms if cov == "clustered" else None,
                                 df_resid=df_resid)


def hhi_by_year(panel: pd.DataFrame, firms=AUTHOR_REGRESSION_FIRMS) -> pd.DataFrame:
    """Herfindahl index of capex shares among ``firms`` by year (author's concentration table)."""
    if "capex" not in panel.columns:
        panel = firm_panel(panel)
    d = panel[panel["company"].isin(firms)]
    g = d.groupby("year")["capex"]
    tot = g.transform("sum")
    hhi = (d["capex"] / tot) ** 2
    out = pd.DataFrame({"hhi": hhi.groupby(d["year"]).sum(), "n_firms": g.size(),
                        "total": g.sum()}).reset_index()
    return out


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
