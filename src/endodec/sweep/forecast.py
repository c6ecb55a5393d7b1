r"""Distributional crossing forecasts: Monte Carlo over the learning curve and the game.

The paper gives point predictions of the crossing year (seed 000 §3.7: a Nash crossing year and a
much later cooperative one; seed 001 §3.8 and Table 2: a hardware-only crossing year at
alpha = 0.23; the printed values are claims in the ledger, ``claims/data/forecast.csv`` and
``game.csv``). This module asks how uncertain such a date is, with the noise model of
:mod:`endodec.sweep.wright_noise` (Farmer & Lafond 2016; Lafond et al. 2018).

Crossing-year Monte Carlo (:func:`crossing_year_distribution`)
--------------------------------------------------------------
Each draw takes the learning elasticity (from a bootstrap sample such as
:func:`endodec.empirics.learning_curves.bootstrap_alpha`, or normal with a standard error), the
target cost, the annual growth of cumulative production :math:`g`, and the game parameters
:math:`N, \delta, S_T`; simulates the annual log-cost path
:math:`y_\tau = y_0 - \alpha\,\tau\ln(1+g) + \sum_{i\le\tau}\eta_i` (the MA(1) noise of
:mod:`endodec.sweep.wright_noise`); and records

``hardware``
    the first time the cost path reaches the target (linear interpolation within the year);
    without noise this is exactly :math:`\ln(c_0/c^*)/(\alpha\ln(1+g))`, the formula of seed 001
    Table 2 (:func:`endodec.model.learning.crossing_time_vs_alpha`);
``nash``
    the hardware time multiplied by :math:`T^*_{Nash}/T^*_{Coop}` of the game at the draw's
    :math:`(N, \delta, S_T)`, computed by the sweep engine (:func:`endodec.sweep.engine.sweep`,
    i.e. the closed-form kernel). This is a *reading*: the paper does not state the model's time
    unit; it treats the learning-curve time as the cooperative crossing time (under seed 000's
    inputs, $12 -> $5/GB, alpha = 0.23, 25%/yr, the hardware time is 17.1 years against the
    printed cooperative 18.3, and 17.1 x T_N/T_C = 3.5 against the printed Nash 3.8).

Draws whose game has no interior solution keep NaN with a reason (never dropped); draws that do
not cross within ``horizon`` years (or have alpha <= 0) get ``inf`` and count in ``P(no crossing)``.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from endodec._validate import scalar_in_range
from endodec.errors import DataWarning, NumericalWarning, ParameterError
from endodec.model.params import baseline
from endodec.results import ResultBase
from endodec.sweep.wright_noise import dram_series, fit_wright_noise

__all__ = ["MIN_DRAWS", "CrossingForecast", "ForecastParams", "ForecastReport",
           "crossing_year_distribution"]

#: Fewest Monte Carlo draws a forecast is made from without a :class:`NumericalWarning`.
MIN_DRAWS = 1000


def _range(name: str, v, lo_ok: float, allowed: str) -> tuple[float, float]:
    try:
        if np.ndim(v) == 0:
            lo = hi = float(v)
        elif np.ndim(v) == 1 and len(v) == 2:
            lo, hi = float(v[0]), float(v[1])
        else:
            raise ParameterError(name, v, allowed)
    except (TypeError, ValueError, OverflowError) as e:
        if isinstance(e, ParameterError):
            raise
        raise ParameterError(name, v, allowed) from None
    if not (lo <= hi) or not lo > lo_ok or not np.isfinite(hi):
        raise ParameterError(name, v, allowed)
    return lo, hi


def _real(name: str, v, allowed: str = "finite", lo: float | None = None,
          lo_open: bool = False, hi: float | None = None) -> float:
    """``v`` as a finite float within the bounds, else :class:`ParameterError`."""
    return scalar_in_range(name, v, lo=lo, lo_open=lo_open, hi=hi, allowed=allowed)


#: Largest number of firms accepted (the game is solved in float64 per draw).
N_MAX = 1e6

#: Calendar years accepted for ``base_year`` (beyond them float64 years lose the fraction).
YEAR_RANGE = (-1e6, 1e6)


#: The game's baseline (:mod:`endodec.model.params`): centre of the default ranges, and the game
#: parameters a, b, r, x0 a forecast does not draw.
_BASE = baseline()
#: Largest N of the default range: the paper's "expanded set" of firms (a choice of this module).
_N_EXPANDED = 12
#: Half-width of the default delta range around the baseline (a choice of this module).
_DELTA_SPREAD = 0.1


@dataclass(frozen=True)
class ForecastParams:
    """Inputs of :func:`crossing_year_distribution` (a value or a ``(low, high)`` uniform range).

    Defaults follow seed 000 §3.7 / seed 001 §3.8 for the centre (current HBM cost $12/GB,
    target $5-7/GB, alpha = 0.23, 25%/yr growth of cumulative production, base year 2024) and
    the game's baseline for N, delta and the other game parameters (read from
    :func:`endodec.model.params.baseline`); the *spreads* are choices of this module, not the
    paper's: alpha standard error 0.03 (so alpha +- 2 se spans the paper's band [0.18, 0.28] of
    Prediction 5), growth 20-30%, delta the baseline +- 0.1, N from the baseline to 12 (the
    paper's baseline and "expanded set"), S_T 0-0.4 of the inference continuation value (the
    paper's "0.2-0.4" training persistence).

    Parameters
    ----------
    base_year : float
    c_now : float
        Current cost ($/GB).
    c_target : float or (low, high)
        Cost at which the crossing occurs ($/GB).
    alpha : float
        Centre of the learning elasticity.
    alpha_se : float
        Its standard error (normal draws), used unless ``alpha_samples`` is given.
    alpha_samples : array, optional
        Draws of alpha (e.g. ``bootstrap_alpha(fit).alphas``); resampled with replacement.
    growth : float or (low, high)
        Annual growth rate of cumulative production.
    N : int or (low, high)
        Number of firms (integers drawn uniformly).
    delta : float or (low, high)
        Post-crossing displacement rate.
    S_T_frac : float or (low, high)
        Training persistence S_T as a fraction of the inference continuation value
        :math:`\\bar\\pi/(r+\\delta)` (game convention "paper" with S_I the industry profit).
    noise_sigma : float or None
        Per-year standard deviation of the Wright's-law noise :math:`\\eta`; None: estimated from
        the packaged DRAM table (per step, divided by the square root of the mean step length).
    rho : float
        MA(1) coefficient of the noise.
    horizon : int
        Years simulated; later crossings count as "not by horizon" (inf).
    game : dict
        Other game parameters (a, b, r, x0) for the Nash/cooperative ratio; those not given keep
        the baseline (:func:`endodec.model.params.baseline`).
    """

    base_year: float = 2024.0
    c_now: float = 12.0
    c_target: Any = (5.0, 7.0)
    alpha: float = 0.23
    alpha_se: float = 0.03
    alpha_samples: Any = None
    growth: Any = (0.20, 0.30)
    N: Any = (_BASE["N"], _N_EXPANDED)
    delta: Any = (round(_BASE["delta"] - _DELTA_SPREAD, 12),
                  round(_BASE["delta"] + _DELTA_SPREAD, 12))
    S_T_frac: Any = (0.0, 0.4)
    noise_sigma: float | None = None
    rho: float = 0.0
    horizon: int = 300
    game: dict = field(default_factory=dict)

    def __post_init__(self):
        _real("base_year", self.base_year,
              f"a finite year in [{YEAR_RANGE[0]:g}, {YEAR_RANGE[1]:g}]", YEAR_RANGE[0],
              hi=YEAR_RANGE[1])
        _real("c_now", self.c_now, "> 0 and finite", 0.0, lo_open=True)
        lo, hi = _range("c_target", self.c_target, 0.0, "> 0, or (low, high) with 0 < low <= high")
        if hi >= self.c_now:
            raise ParameterError("c_target", self.c_target, f"below c_now = {self.c_now}")
        _real("alpha", self.alpha, "> 0 and finite (learning elasticity)", 0.0, lo_open=True)
        _real("alpha_se", self.alpha_se, ">= 0 and finite", 0.0)
        if self.alpha_samples is not None:
            try:
                a = np.asarray(self.alpha_samples, float)
            except (TypeError, ValueError):
                raise ParameterError("alpha_samples", "array",
                                     "a 1-D array of >= 2 finite draws") from None
            if a.ndim != 1 or a.size < 2 or not np.isfinite(a).all():
                raise ParameterError("alpha_samples", "array", "a 1-D array of >= 2 finite draws")
        _range("growth", self.growth, 0.0, "> 0, or (low, high)")
        n_lo, n_hi = _range("N", self.N, 1.0, "an integer >= 2, or (low, high)")
        if n_lo != int(n_lo) or n_hi != int(n_hi) or n_hi > N_MAX:
            raise ParameterError("N", self.N, f"integers in [2, {N_MAX:g}]")
        _range("delta", self.delta, 0.0, "> 0, or (low, high)")
        _range("S_T_frac", self.S_T_frac, -1e-300, ">= 0, or (low, high)")
        if self.noise_sigma is not None:
            _real("noise_sigma", self.noise_sigma, ">= 0 and finite, or None", 0.0)
        r = _real("rho", self.rho, "in (-1, 1)")
        if not -1 < r < 1:
            raise ParameterError("rho", self.rho, "in (-1, 1)")
        h = _real("horizon", self.horizon, "an integer >= 1 (years)", 1.0)
        if h != int(h):
            raise ParameterError("horizon", self.horizon, "an integer >= 1 (years)")
        if not isinstance(self.game, dict):
            raise ParameterError("game", self.game, "a dict with keys among a, b, r, x0")
        bad = set(self.game) - {"a", "b", "r", "x0"}
        if bad:
            raise ParameterError("game", sorted(bad), "keys among a, b, r, x0")
        for k, v in self.game.items():
            _real(f"game[{k!r}]", v, "> 0 and finite", 0.0, lo_open=True)

    def replace(self, **kw) -> ForecastParams:
        from dataclasses import replace

        return replace(self, **kw)


def _default_noise_sigma() -> float:
    df, _ = dram_series(None, "001")
    fit = fit_wright_noise(y=df["ln_price"].to_numpy(), x=df["ln_cum"].to_numpy())
    step = float(np.mean(np.diff(df["year"].to_numpy())))
    return fit.sigma / np.sqrt(step)


def _random(p: ForecastParams, sigma: float) -> bool:
    """Whether the draws of ``p`` differ (noise, alpha spread or a range of any input)."""
    spread = any(np.ndim(v) == 1 and float(v[0]) < float(v[1])
                 for v in (p.c_target, p.growth, p.N, p.delta, p.S_T_frac))
    return bool(sigma > 0 or p.alpha_samples is not None or p.alpha_se > 0 or spread)


def _draw(rng, v, n, integer=False):
    lo, hi = (float(v), float(v)) if np.ndim(v) == 0 else (float(v[0]), float(v[1]))
    if integer:
        return rng.integers(int(lo), int(hi) + 1, n).astype(float)
    return rng.uniform(lo, hi, n) if hi > lo else np.full(n, lo)


@dataclass(repr=False)
class CrossingForecast(ResultBase):
    """Result of :func:`crossing_year_distribution`.

    Attributes
    ----------
    samples : DataFrame
        One row per draw: the inputs (alpha, growth, c_target, N, delta, S_T), ``T_hardware``
        (years), ``ratio_TN_TC`` (game), ``year_hardware``, ``year_nash``, ``code``/``reason``
        of the game (invalid draws keep NaN years).
    mode : {"nash", "hardware"}
        Which year ``years`` returns.
    cost_quantiles : DataFrame
        Per simulated year, quantiles of the cost path (for the fan chart).
    params : ForecastParams
    noise_sigma : float
        Per-year noise s.d. actually used.
    seed : int

    Notes
    -----
    ``to_frame()`` is :attr:`samples`; ``to_dict()`` holds the quantiles of both readings, the
    share of draws that do not cross within the horizon, the counts and the inputs (no draws).
    """

    samples: pd.DataFrame
    mode: str
    cost_quantiles: pd.DataFrame
    params: ForecastParams
    noise_sigma: float
    seed: int

    @property
    def years(self) -> np.ndarray:
        """Crossing year of each draw (inf: not within the horizon; NaN: invalid game draw)."""
        return self.samples[f"year_{self.mode}"].to_numpy()

    def _valid(self, mode=None) -> np.ndarray:
        y = self.samples[f"year_{mode or self.mode}"].to_numpy()
        return y[~np.isnan(y)]

    def quantiles(self, q=(0.05, 0.25, 0.5, 0.75, 0.95), mode: str | None = None) -> pd.Series:
        """Quantiles of the crossing year over valid draws (``inf`` if beyond the horizon)."""
        y = self._valid(mode)
        q = np.atleast_1d(np.asarray(q, float))
        if y.size == 0:
            return pd.Series(np.nan, index=[f"q{100 * p:g}" for p in q])
        return pd.Series(np.quantile(y, q, method="inverted_cdf"), index=[f"q{100 * p:g}" for p in q])

    def prob_by(self, year, mode: str | None = None):
        """P(crossing by ``year``) (vectorised over ``year``), over valid draws."""
        y = np.sort(self._valid(mode))
        yr = np.asarray(year, float)
        p = np.searchsorted(y, yr, side="right") / max(y.size, 1)
        return float(p) if p.ndim == 0 else p

    def prob_table(self, years=None) -> pd.DataFrame:
        """P(crossing by year) for hardware-only and Nash readings."""
        if years is None:
            years = np.arange(int(self.params.base_year) + 2, int(self.params.base_year) + 52, 2)
        years = np.asarray(years)
        return pd.DataFrame({"year": years, "P_nash": self.prob_by(years, "nash"),
                             "P_hardware": self.prob_by(years, "hardware")})

    @property
    def n_invalid(self) -> int:
        return int((self.samples["code"] != 0).sum())

    _summary_title = "Crossing-year forecast"

    def _no_crossing(self, mode: str) -> float:
        y = self._valid(mode)
        return float(np.mean(np.isinf(y))) if y.size else float("nan")

    def _scalars(self) -> dict:
        return {"n_draws": len(self.samples), "mode": self.mode, "seed": self.seed,
                "median_year": float(self.quantiles([0.5]).iloc[0]),
                "noise_sigma": self.noise_sigma, "invalid_draws": self.n_invalid}

    def _dict_fields(self) -> dict:
        per = {m: {"quantiles": self.quantiles(mode=m), "n_valid": int(self._valid(m).size),
                   "p_no_crossing": self._no_crossing(m)} for m in ("nash", "hardware")}
        return {"mode": self.mode, "n_draws": len(self.samples), "seed": self.seed,
                "noise_sigma": self.noise_sigma, "invalid_draws": self.n_invalid, **per,
                "params": self.params}

    def _frame(self) -> pd.DataFrame:
        return self.samples.copy()

    def _summary_tables(self) -> list:
        rows = {m: {**self.quantiles(mode=m).to_dict(), "P no crossing": self._no_crossing(m),
                    "valid draws": int(self._valid(m).size)} for m in ("nash", "hardware")}
        return [("Crossing year by reading", pd.DataFrame(rows).T)]

    def _summary_text(self) -> str:
        lines = [f"Crossing-year forecast: {len(self.samples):,} draws (seed {self.seed}), "
                 f"noise sigma {self.noise_sigma:.3g}/yr, rho {self.params.rho:g}; "
                 f"{self.n_invalid} draws with no interior game solution (no Nash year)."]
        def yr(v) -> str:  # inf: beyond the horizon; NaN: no valid draw
            return f"{v:.1f}" if np.isfinite(v) else ("beyond horizon" if v > 0 else "n/a")

        for mode in ("nash", "hardware"):
            q = self.quantiles(mode=mode)
            y = self._valid(mode)
            if y.size == 0:
                lines.append(f"  {mode:<9} no valid draw (every draw lacks an interior game "
                             "solution)")
                continue
            lines.append(f"  {mode:<9} median {yr(q['q50'])}; 50% interval [{yr(q['q25'])}, "
                         f"{yr(q['q75'])}]; 90% interval [{yr(q['q5'])}, {yr(q['q95'])}]; "
                         f"P(no crossing within {self.params.horizon} yr) = "
                         f"{np.mean(np.isinf(y)):.3f}")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary()


def _hardware_times(p: ForecastParams, alpha, growth, c_target, sigma: float, rng):
    """First passage of each draw's annual log-cost path below its target (module docstring):
    ``(T_hardware, log-cost paths (draws x years), years 0..H)``; ``inf`` when not by the
    horizon. The noise is drawn from ``rng`` after the inputs (the order of the random stream)."""
    n = alpha.size
    H = int(p.horizon)
    k = np.arange(H + 1, dtype=float)
    # y = log c_now - alpha ln(1+g) k and u = scale * z, each written in place (the same
    # operations on the same floats, without a second draws x years array)
    y = (alpha * np.log1p(growth))[:, None] * k[None, :]
    np.subtract(np.log(p.c_now), y, out=y)
    if sigma > 0:
        u = rng.standard_normal((n, H + 1))
        u *= sigma / np.sqrt(1 + p.rho**2)
        # MA(1) noise; with rho = 0 it is u itself (u + 0 * u' == u exactly: one pass less)
        eta = u[:, 1:] + p.rho * u[:, :-1] if p.rho != 0 else u[:, 1:]
        y[:, 1:] += np.cumsum(eta, axis=1)
    gap = y - np.log(c_target)[:, None]
    below = gap <= 0
    hit = below.any(axis=1)
    j = np.argmax(below, axis=1)  # first index at/below target
    jm = np.maximum(j - 1, 0)
    g0, g1 = gap[np.arange(n), jm], gap[np.arange(n), j]
    frac_step = np.where(j > 0, g0 / np.where(g0 - g1 > 0, g0 - g1, 1.0), 0.0)
    T_hw = np.where(hit, np.where(j == 0, 0.0, jm + frac_step), np.inf)
    return T_hw, y, k


def crossing_year_distribution(params: ForecastParams | None = None, n_draws: int = 10_000,
                               seed: int = 0, mode: str = "nash", **kw) -> CrossingForecast:
    """Monte Carlo distribution of the crossing year (module docstring).

    Parameters
    ----------
    params : ForecastParams, optional
        Inputs (``**kw`` builds one when None).
    n_draws : int
        Number of draws.
    seed : int
        Seed of ``numpy.random.default_rng``.
    mode : {"nash", "hardware"}
        Which reading ``result.years`` returns (both are always computed).

    Returns
    -------
    CrossingForecast

    Warns
    -----
    NumericalWarning
        Fewer than :data:`MIN_DRAWS` draws of inputs that vary (noise, an alpha spread or a
        range); a single draw of fixed inputs is exact and does not warn.
    DataWarning
        Draws whose game has no interior solution (kept, with NaN Nash years and a reason).
    """
    from endodec._limits import check_size
    from endodec.model.game import GameParams
    from endodec.sweep.engine import REASONS, sweep

    p = params if params is not None else ForecastParams(**kw)
    if mode not in ("nash", "hardware"):
        raise ParameterError("mode", mode, "'nash' or 'hardware'")
    if isinstance(n_draws, bool) or not isinstance(n_draws, (int, np.integer)) or n_draws < 1:
        raise ParameterError("n_draws", n_draws, "an integer >= 1")
    n = int(n_draws)
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or not 0 <= seed < 2**32:
        raise ParameterError("seed", seed, "an integer in [0, 2**32)")
    # the cost paths (draws x years): y, noise, gap, mask and quantile copies ~ 6 float64 arrays,
    # plus the game sweep (~60 columns per draw)
    check_size(f"a forecast of {n:,} draws over {int(p.horizon):,} years",
               8.0 * min(n, 2**900) * (6.0 * (int(p.horizon) + 1) + 60.0),
               "use fewer --n-draws or a shorter --horizon")
    rng = np.random.default_rng(seed)
    if p.alpha_samples is not None:
        alpha = rng.choice(np.asarray(p.alpha_samples, float), n, replace=True)
    else:
        alpha = p.alpha + p.alpha_se * rng.standard_normal(n)
    growth = _draw(rng, p.growth, n)
    c_target = _draw(rng, p.c_target, n)
    N = _draw(rng, p.N, n, integer=True)
    delta = _draw(rng, p.delta, n)
    frac = _draw(rng, p.S_T_frac, n)
    sigma = _default_noise_sigma() if p.noise_sigma is None else float(p.noise_sigma)

    # --- hardware path: y_k = y0 - alpha k ln(1+g) + sum eta, k = 0..H --------------------
    T_hw, y, k = _hardware_times(p, alpha, growth, c_target, sigma, rng)

    # --- game ratio T_N/T_C at (N, delta, S_T) through the sweep engine -------------------
    game = {**{k_: float(_BASE[k_]) for k_ in ("a", "b", "r", "x0")}, **p.game}
    S_inf = GameParams(N=N, delta=delta, convention="code",
                       **{k_: game[k_] for k_ in ("a", "b", "r")}).S_value
    pts = pd.DataFrame({"N": N, "delta": delta, "S_T": frac * S_inf, **game})
    g = sweep(pts, convention="paper", progress=False, outputs=["acceleration"]).frame
    ratio = 1.0 - g["acceleration"].to_numpy()
    code = g["code"].to_numpy()
    year_hw = p.base_year + T_hw
    year_nash = np.where(code == 0, p.base_year + T_hw * ratio, np.nan)
    samples = pd.DataFrame({
        "alpha": alpha, "growth": growth, "c_target": c_target, "N": N, "delta": delta,
        "S_T": pts["S_T"].to_numpy(), "T_hardware": T_hw, "ratio_TN_TC": ratio,
        "year_hardware": year_hw, "year_nash": year_nash, "code": code,
        "reason": pd.Categorical.from_codes(g["reason"].cat.codes, categories=list(REASONS)),
    })
    qs = (0.05, 0.25, 0.5, 0.75, 0.95)
    cq = np.quantile(np.exp(y), qs, axis=0)
    cost_q = pd.DataFrame({"year": p.base_year + k, **{f"q{100 * q:g}": cq[i] for i, q in enumerate(qs)}})
    if n < MIN_DRAWS and _random(p, sigma):  # one draw of fixed inputs is exact
        warnings.warn(f"crossing-year forecast from n_draws = {n:,} Monte Carlo draws: quantiles "
                      f"and P(crossing by year) carry a sampling error of order "
                      f"{1 / np.sqrt(n):.2g} in probability; use n_draws >= {MIN_DRAWS:,} "
                      "(--n-draws)", NumericalWarning, stacklevel=2)
    bad = int((code != 0).sum())
    if bad:
        warnings.warn(f"crossing-year forecast: {bad:,} of {n:,} draws of (N, delta, S_T) have no "
                      "interior game solution; their Nash years are NaN and left out of the "
                      "Nash-reading quantiles (samples['reason'] says why); narrow the N, delta "
                      "or S_T_frac ranges", DataWarning, stacklevel=2)
    return CrossingForecast(samples, mode, cost_q, p, sigma, seed)


@dataclass(repr=False)
class ForecastReport(ResultBase):
    """A crossing-year forecast with P(crossing by year) for chosen years (``endodec forecast``).

    Attributes
    ----------
    forecast : CrossingForecast
    years : list of float
        Years of ``prob_by`` (``--prob-by``).
    """

    forecast: CrossingForecast
    years: list = field(default_factory=list)

    def _prob(self, y, m: str):
        r = self.forecast
        return r.prob_by(y, m) if r._valid(m).size else None

    def _dict_fields(self) -> dict:
        r = self.forecast
        out = {m: {"quantiles": r.quantiles(mode=m),
                   "prob_by": {str(y): self._prob(y, m) for y in self.years}}
               for m in ("nash", "hardware")}
        return out | {"noise_sigma": r.noise_sigma, "n_draws": len(r.samples), "seed": r.seed,
                      "invalid_draws": r.n_invalid}

    def _summary_text(self) -> str:
        def pb(y, m):  # "n/a" when no draw of this reading is valid
            p = self._prob(y, m)
            return "n/a (no valid draw)" if p is None else f"{p:.3f}"

        lines = [str(self.forecast.summary())]
        lines += [f"  P(crossing by {y:g}): nash {pb(y, 'nash')}, hardware {pb(y, 'hardware')}"
                  for y in self.years]
        return "\n".join(lines)
