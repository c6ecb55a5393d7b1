"""Meta-analysis of learning elasticities across technologies.

Seed 000 §5.3 (Table 6) and seed 001 §6.4 (Table 12) argue that independently estimated learning
curves cluster (alpha in [0.21, 0.25]); seed 001 reports a Cochran Q test "across the five
spillover-inclusive estimates (excluding the Goldberg et al. firm-node and the Irwin & Klenow IV
estimates)": Q = 2.1, p = 0.72.

Inverse-variance meta-analysis with estimates ``a_i`` and standard errors ``s_i``
(``w_i = 1/s_i²``):

- fixed effect ``a_FE = Σ w_i a_i / Σ w_i``, SE ``(Σ w_i)^-1/2``;
- Cochran ``Q = Σ w_i (a_i - a_FE)²`` ~ chi²(k-1) under homogeneity;
- ``I² = max(0, (Q - (k-1))/Q)``; DerSimonian-Laird ``tau² = max(0, (Q-(k-1))/(Σw - Σw²/Σw))``;
- random effects with ``w_i* = 1/(s_i² + tau²)``.

These closed forms are computed here (statsmodels' ``combine_effects`` does not truncate the
DerSimonian-Laird tau² and I² at zero, so for homogeneous inputs it reports negative values and
degenerate random-effects weights); :func:`meta_analysis` also returns statsmodels'
``combine_effects`` result (Paule-Mandel "iterated" tau²) for the forest plot and cross-checks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
import pandas as pd
from scipy import stats

from endodec.errors import DataError, ParameterError
from endodec.results import EstimatesMixin, ResultBase

__all__ = ["MetaResult", "meta_analysis", "PAPER_EXCLUSIONS", "select_estimates"]

#: the paper's exclusions (seed 001 §6.4): substrings of the ``product`` column
PAPER_EXCLUSIONS = {
    "none": (),
    "paper_001": ("Goldberg", "w/ spillovers", "IV, causal"),  # firm-node and IV estimates
    "no_iv": ("IV, causal",),
    "no_goldberg": ("w/ spillovers",),
}


def select_estimates(df: pd.DataFrame, exclude: str | Sequence[str] = "paper_001") -> pd.DataFrame:
    """Rows of a learning-rates table minus the excluded products (and rows without an SE).

    ``exclude`` is a key of :data:`PAPER_EXCLUSIONS` or a list of substrings matched against the
    ``product`` and ``source`` columns.
    """
    if isinstance(exclude, str) and exclude not in PAPER_EXCLUSIONS:
        raise ParameterError("exclude", exclude, f"one of {list(PAPER_EXCLUSIONS)} or a list")
    pats = PAPER_EXCLUSIONS[exclude] if isinstance(exclude, str) else tuple(exclude)
    if not all(isinstance(p, str) for p in pats):
        raise ParameterError("exclude", exclude, "a key or a list of substrings (str)")
    txt = df["product"].astype(str) + " " + df.get("source", pd.Series("", index=df.index)).astype(str)
    drop = np.zeros(len(df), bool)
    for p in pats:
        drop |= txt.str.contains(p, regex=False).to_numpy()
    out = df.loc[~drop]
    return out[out["se"].notna()]


@dataclass(repr=False)
class MetaResult(EstimatesMixin, ResultBase):
    """Result of :func:`meta_analysis` (fields as in the module docstring).

    Notes
    -----
    statsmodels names: ``params``, ``bse``, ``tvalues``, ``pvalues`` (normal), ``conf_int``
    (columns ``lower``, ``upper``; the normal intervals of ``fe_ci`` / ``re_ci``) are Series /
    DataFrames indexed by ``fixed_effect`` and ``random_effects``; ``nobs`` is ``k``.
    """

    labels: list
    effects: np.ndarray
    se: np.ndarray
    k: int
    fe: float
    fe_se: float
    q: float
    df: int
    q_pvalue: float
    i2: float
    tau2: float
    re: float
    re_se: float
    ci_alpha: float
    sm: Any = None

    _summary_title: ClassVar[str] = "Inverse-variance meta-analysis"
    _dict_exclude: ClassVar[tuple[str, ...]] = ("sm",)

    @property
    def params(self) -> pd.Series:
        """Pooled estimates (fixed effect, DerSimonian-Laird random effects)."""
        return pd.Series({"fixed_effect": self.fe, "random_effects": self.re})

    @property
    def bse(self) -> pd.Series:
        """Standard errors of :attr:`params` (``fe_se``, ``re_se``)."""
        return pd.Series({"fixed_effect": self.fe_se, "random_effects": self.re_se})

    @property
    def nobs(self) -> int:
        """Number of estimates pooled (``k``)."""
        return self.k

    def conf_int(self, alpha: float | None = None) -> pd.DataFrame:
        """Normal ``(1 - alpha)`` intervals of :attr:`params` (default ``alpha``: ``ci_alpha``,
        the intervals of ``fe_ci`` / ``re_ci``), columns ``lower``, ``upper``."""
        return super().conf_int(self.ci_alpha if alpha is None else alpha)

    def _ci(self, est, se):
        z = stats.norm.ppf(1 - self.ci_alpha / 2)
        return est - z * se, est + z * se

    @property
    def fe_ci(self):
        return self._ci(self.fe, self.fe_se)

    @property
    def re_ci(self):
        return self._ci(self.re, self.re_se)

    def _frame(self) -> pd.DataFrame:
        """Per-study rows (effect, SE, CI, FE/RE weights) plus the pooled FE and RE rows."""
        z = stats.norm.ppf(1 - self.ci_alpha / 2)
        w = 1 / self.se**2
        wr = 1 / (self.se**2 + self.tau2)
        df = pd.DataFrame({"label": self.labels, "effect": self.effects, "se": self.se,
                           "ci_lo": self.effects - z * self.se, "ci_hi": self.effects + z * self.se,
                           "w_fe": w / w.sum(), "w_re": wr / wr.sum()})
        pooled = pd.DataFrame({"label": ["fixed effect", "random effects (DL)"],
                               "effect": [self.fe, self.re], "se": [self.fe_se, self.re_se],
                               "ci_lo": [self.fe_ci[0], self.re_ci[0]],
                               "ci_hi": [self.fe_ci[1], self.re_ci[1]],
                               "w_fe": [1.0, np.nan], "w_re": [np.nan, 1.0]})
        return pd.concat([df, pooled], ignore_index=True)

    def _scalars(self) -> dict:
        return {"k": self.k, "fe": self.fe, "fe_se": self.fe_se, "re": self.re,
                "re_se": self.re_se, "q": self.q, "q_pvalue": self.q_pvalue, "i2": self.i2,
                "tau2": self.tau2}

    def _summary_tables(self) -> list[tuple[str, pd.DataFrame]]:
        het = pd.DataFrame({"value": [self.q, self.df, self.q_pvalue, self.i2, self.tau2]},
                           index=["Cochran Q", "df", "p", "I2", "tau2 (DL)"])
        return [("pooled estimates", self._coef_table()), ("studies", self._frame()),
                ("heterogeneity", het)]

    def _summary_text(self) -> str:
        lines = [f"Inverse-variance meta-analysis of {self.k} estimates", "=" * 64,
                 self._frame().to_string(index=False, float_format=lambda v: f"{v:.4f}"),
                 "-" * 64,
                 f"Cochran Q = {self.q:.4f} (df = {self.df}), p = {self.q_pvalue:.4f}",
                 f"I² = {100 * self.i2:.1f}%, tau² (DerSimonian-Laird) = {self.tau2:.6f}",
                 f"FE {self.fe:.4f} [{self.fe_ci[0]:.4f}, {self.fe_ci[1]:.4f}];  "
                 f"RE {self.re:.4f} [{self.re_ci[0]:.4f}, {self.re_ci[1]:.4f}]"]
        return "\n".join(lines)


def meta_analysis(effects, se, labels: Sequence | None = None, *,
                  ci_alpha: float = 0.05) -> MetaResult:
    """Fixed- and random-effects meta-analysis with Cochran Q, I² and DerSimonian-Laird tau².

    Implements the heterogeneity test of seed 001 §6.4 (Table 12).

    Parameters
    ----------
    effects, se : array_like
        Estimates and their standard errors (> 0).
    labels : sequence, optional
        Study labels.
    ci_alpha : float
        1 - level of the normal confidence intervals.
    """
    from statsmodels.stats.meta_analysis import combine_effects

    try:
        a = np.asarray(effects, float)
        s = np.asarray(se, float)
    except (TypeError, ValueError):
        raise DataError("effects and se must be numbers") from None
    if a.shape != s.shape or a.ndim != 1:
        raise DataError(f"effects and se must be 1-d of equal length (got {a.shape}, {s.shape})")
    if a.size < 2:
        raise ParameterError("k", a.size, ">= 2 estimates")
    if np.any(~(s > 0) | ~np.isfinite(s)):
        raise ParameterError("se", s[~(s > 0) | ~np.isfinite(s)][0],
                             "> 0 and finite for every estimate")
    if np.any(~np.isfinite(a)):
        raise DataError(f"effects: non-finite estimate {a[~np.isfinite(a)][0]!r}")
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        w = 1 / s**2
        fe = float(np.sum(w * a) / w.sum())
    if not (np.all(np.isfinite(w)) and np.isfinite(fe)):
        from endodec.errors import NumericalError

        raise NumericalError("the inverse-variance weights 1/se²",
                             f"smallest se {float(np.min(s)):g}: the weights overflow float64")
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        q = float(np.sum(w * (a - fe) ** 2))
        df = a.size - 1
        c = w.sum() - np.sum(w**2) / w.sum()
        tau2 = max(0.0, (q - df) / c)
        i2 = max(0.0, (q - df) / q) if q > 0 else 0.0
        wr = 1 / (s**2 + tau2)
        re = float(np.sum(wr * a) / wr.sum())
    if not np.all(np.isfinite([q, c, tau2, re])):
        from endodec.errors import NumericalError

        raise NumericalError("Cochran's Q / the random-effects estimate",
                             "the estimates or their weights overflow float64 (rescale them)")
    lab = list(labels) if labels is not None else [f"study {i + 1}" for i in range(a.size)]
    try:
        smr = combine_effects(a, s**2, row_names=lab, method_re="iterated", alpha=ci_alpha)
    except Exception:  # pragma: no cover - statsmodels edge cases
        smr = None
    return MetaResult(labels=lab, effects=a, se=s, k=a.size, fe=fe, fe_se=float(w.sum() ** -0.5),
                      q=q, df=df, q_pvalue=float(stats.chi2.sf(q, df)), i2=i2, tau2=tau2, re=re,
                      re_se=float(wr.sum() ** -0.5), ci_alpha=ci_alpha, sm=smr)
