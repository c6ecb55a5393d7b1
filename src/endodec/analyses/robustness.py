"""Beyond the paper: which of its results survive other assumptions (no claims-ledger rows).

For each specification family (:data:`FAMILIES`) a parameter region is sampled (seeded) and every
point is checked by :func:`endodec.model.hjb.checks.check_spec`: Proposition 1 (Q_N > Q_C for all
x, T_N < T_C), Corollary 1 (Q_N rising in N), the sign of the welfare loss; the size of the welfare
loss and the acceleration are summarised. :func:`robustness_table` returns a
:class:`RobustnessTable` (result x specification: holds / fails with the share of failing points
and a counterexample for every failure). Large samples run on the sweep engine's Dask backend
(``backend="dask"``) with its rich progress bar.

The registered analysis ``robustness`` returns no claim values: it is not a reproduction of the
paper and the report shows it in its own section.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from endodec.analyses.base import analysis
from endodec.errors import DomainError, NumericalError, ParameterError
from endodec.model.hjb.checks import RESULTS, check_spec
from endodec.model.hjb.spec import (
    ExponentialDemand,
    HJBSpec,
    IsoelasticDemand,
    LinearDemand,
    WrightCost,
)
from endodec.results import ResultBase

__all__ = ["FAMILIES", "RobustnessTable", "sample_family", "robustness_table", "evaluate_points",
           "sigma_table"]

#: Specification families and what each varies beyond the paper (the shared region: N in
#: [2, 10], r in [0.02, 0.10], delta in [0.01, 0.6], x0 in [2, 20], a = 10, b = 0.5).
FAMILIES = {
    "paper": "linear demand, no cost, symmetric, deterministic (the paper)",
    "stochastic": "learning shocks sigma in [0.5, 6]",
    "isoelastic": "constant-elasticity demand, e in [1.2, 4], unit cost c0 in [0.5, 3]",
    "exponential": "exponential demand",
    "wright": "Wright's-law cost c0 in [0.5, 9.5], alpha in [0.1, 2], Q0 in [2, 20]",
    "asymmetric": "cost advantages in [0, 2] and post-crossing values S_i in [0.5, 1.5] S",
}


def sample_family(family: str, n_points: int, seed: int = 0) -> list[HJBSpec]:
    """``n_points`` specifications of ``family`` drawn uniformly from its region (seeded)."""
    if family not in FAMILIES:
        raise ParameterError("family", family, f"one of {tuple(FAMILIES)}")
    rng = np.random.default_rng([seed, list(FAMILIES).index(family)])
    out = []
    for _ in range(int(n_points)):
        N = int(rng.integers(2, 11))
        base = {"N": N, "r": float(rng.uniform(0.02, 0.10)),
                "delta": float(rng.uniform(0.01, 0.6)), "x0": float(rng.uniform(2.0, 20.0)),
                "name": family}
        if family == "stochastic":
            base["sigma"] = float(rng.uniform(0.5, 6.0))
        elif family == "isoelastic":
            base["demand"] = IsoelasticDemand(elasticity=float(rng.uniform(1.2, 4.0)))
            base["cost"] = WrightCost(c0=float(rng.uniform(0.5, 3.0)), alpha=0.0)
        elif family == "exponential":
            base["demand"] = ExponentialDemand()
        elif family == "wright":
            base["cost"] = WrightCost(c0=float(rng.uniform(0.5, 9.5)),
                                      alpha=float(rng.uniform(0.1, 2.0)),
                                      Q0=float(rng.uniform(2.0, 20.0)))
        elif family == "asymmetric":
            S = HJBSpec(**{k: v for k, v in base.items() if k != "name"}).S_value
            base["advantages"] = tuple(np.round(rng.uniform(0.0, 2.0, N), 6))
            base["S_firms"] = tuple(np.round(S * rng.uniform(0.5, 1.5, N), 6))
        base.setdefault("demand", LinearDemand())
        out.append(HJBSpec(**base))
    return out


def _check_one(spec: HJBSpec, n: int) -> dict[str, Any]:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            c = check_spec(spec, n=n)
        except (DomainError, NumericalError) as e:
            return {"family": spec.name, "status": "no equilibrium", "detail": str(e)[:300],
                    "spec": spec.describe()}
    return {"family": spec.name, "status": "ok", "holds": c.holds,
            "counterexample": c.counterexample, "welfare_loss": c.welfare_loss,
            "acceleration": c.acceleration, "min_gap": c.min_gap, "spec": spec.describe()}


def _chunk(specs, n):
    return [_check_one(s, n) for s in specs]


def evaluate_points(specs: list[HJBSpec], n: int = 200, backend: str = "numpy",
                    progress: bool = False, chunk: int = 8, scheduler=None,
                    n_workers: int = 2) -> list[dict[str, Any]]:
    """Check every specification; ``backend="dask"`` runs chunks on the sweep engine's Dask
    client (:func:`endodec.sweep.backends._dask_client`), with a progress bar."""
    from endodec.sweep.output import _Progress

    if backend not in ("numpy", "dask"):
        raise ParameterError("backend", backend, "'numpy' or 'dask'")
    bar = _Progress(progress, len(specs), f"robustness ({backend})")
    parts = [specs[i:i + chunk] for i in range(0, len(specs), chunk)]
    out: list[dict[str, Any]] = []
    try:
        if backend == "numpy":
            for p in parts:
                out += _chunk(p, n)
                bar.advance(len(p))
        else:
            from endodec.sweep.backends import _dask_client

            client, owned = _dask_client(scheduler, n_workers, True)
            try:
                futs = [client.submit(_chunk, p, n, pure=False) for p in parts]
                for f, p in zip(futs, parts, strict=True):
                    out += f.result()
                    bar.advance(len(p))
            finally:
                if owned is not None:
                    client.close()
                    for c in owned:
                        c.close()
    finally:
        bar.close()
    return out


@dataclass(frozen=True, repr=False)
class RobustnessTable(ResultBase):
    """Which of the paper's results hold under which specification (:func:`robustness_table`).

    Attributes
    ----------
    table : DataFrame
        One row per result (:data:`~endodec.model.hjb.checks.RESULTS`) and per summary
        (welfare loss, acceleration), one column per family: ``holds`` / ``fails (k/n, share)``
        / the median and range.
    counterexamples : DataFrame
        One row per failing point: family, result, specification, where and by how much.
    points : DataFrame
        Every point: family, status, each result, welfare loss, acceleration.
    n_points, seed, n : int
        Points per family, seed, grid points per solve.
    """

    table: Any
    counterexamples: Any
    points: Any
    n_points: int
    seed: int
    n: int

    _summary_title = "Beyond the paper: which results survive (not claims of the paper)"

    def _dict_fields(self) -> dict[str, Any]:
        return {"n_points": self.n_points, "seed": self.seed, "n": self.n,
                "table": self.table.reset_index(), "counterexamples": self.counterexamples}

    def _frame(self):
        return self.table.reset_index()

    def _summary_tables(self):
        return [("result x specification", self.table),
                ("counterexamples (first per family and result)", self.first_counterexamples())]

    def first_counterexamples(self):
        ce = self.counterexamples
        return ce.groupby(["family", "result"], sort=False).head(1) if len(ce) else ce

    def _summary_text(self) -> str:
        lines = [self._summary_title, f"  {self.n_points} points per specification, seed "
                 f"{self.seed}, grid n={self.n}", "", self.table.to_string()]
        first = self.first_counterexamples()
        if len(first):
            lines += ["", "Counterexamples (first per family and result):"]
            for r in first.itertuples():
                lines.append(f"  [{r.family}] {r.result}: {r.where}  -- {r.spec}")
        return "\n".join(lines)


def _summ(v: np.ndarray) -> str:
    return f"{np.median(v):.3g} [{np.min(v):.3g}, {np.max(v):.3g}]" if v.size else "n/a"


def tabulate(rows: list[dict[str, Any]], families) -> tuple[Any, Any, Any]:
    """The table, counterexamples and points frames of :class:`RobustnessTable`."""
    import pandas as pd

    pts, ce = [], []
    for r in rows:
        d = {"family": r["family"], "status": r["status"], "spec": r["spec"],
             "detail": r.get("detail", "")}
        if r["status"] == "ok":
            d.update({k: r["holds"].get(k) for k in RESULTS})
            d.update(welfare_loss=r["welfare_loss"], acceleration=r["acceleration"])
            ce += [{"family": r["family"], "result": k, "where": w, "spec": r["spec"]}
                   for k, w in r["counterexample"].items() if k in RESULTS]
        pts.append(d)
    P = pd.DataFrame(pts)
    table = {}
    for fam in families:
        sub = P[(P["family"] == fam) & (P["status"] == "ok")] if len(P) else P
        col = {}
        for k, text in RESULTS.items():
            v = sub[k].dropna().astype(bool).to_numpy() if len(sub) else np.array([], bool)
            fails = int((~v).sum())
            col[text] = ("n/a" if not v.size else f"holds ({v.size}/{v.size})" if fails == 0
                         else f"fails ({fails}/{v.size}, {100 * fails / v.size:.3g}%)")
            if len(sub) and v.size < len(sub):
                col[text] += f"; n/a at {len(sub) - v.size}"
        col["welfare loss: median [min, max]"] = _summ(sub["welfare_loss"].to_numpy(float)
                                                       if len(sub) else np.array([]))
        col["acceleration 1 - T_N/T_C: median [min, max]"] = _summ(
            sub["acceleration"].to_numpy(float) if len(sub) else np.array([]))
        na = int(((P["family"] == fam) & (P["status"] != "ok")).sum()) if len(P) else 0
        col["points not solved (no interior equilibrium or no convergence)"] = str(na)
        table[fam] = col
    T = pd.DataFrame(table)
    T.index.name = "result"
    C = pd.DataFrame(ce, columns=["family", "result", "where", "spec"])
    return T, C, P


def robustness_table(n_points: int = 20, seed: int = 0, n: int = 200, families=None,
                     backend: str = "numpy", progress: bool = False, **kw) -> RobustnessTable:
    """Sample each family's region and tabulate which results hold (module docstring).

    Parameters
    ----------
    n_points : int
        Points per family (integer in [1, 100000]).
    seed : int
    n : int
        Grid points on [0, x0] per solve (order 2).
    families : sequence of str, optional
        Subset of :data:`FAMILIES`.
    backend : {"numpy", "dask"}
    progress : bool
        Show a progress bar.
    **kw
        Passed to :func:`evaluate_points` (``scheduler``, ``n_workers``, ``chunk``).
    """
    if isinstance(n_points, bool) or not isinstance(n_points, (int, np.integer)) or \
            not 1 <= n_points <= 100_000:
        raise ParameterError("n_points", n_points, "an integer in [1, 100000]")
    fams = list(FAMILIES) if families is None else list(families)
    for f in fams:
        if f not in FAMILIES:
            raise ParameterError("family", f, f"one of {tuple(FAMILIES)}")
    specs = [s for f in fams for s in sample_family(f, n_points, seed)]
    rows = evaluate_points(specs, n=n, backend=backend, progress=progress, **kw)
    T, C, P = tabulate(rows, fams)
    return RobustnessTable(T, C, P, int(n_points), int(seed), int(n))


def sigma_table(sigmas=(0.0, 1.0, 2.0, 4.0, 6.0, 8.0), spec=None, n: int = 1000,
                nt: int = 2000):
    """Crossing times, acceleration and welfare loss as learning shocks grow (baseline spec).

    Returns a DataFrame, one row per sigma: expected and median crossing times of both regimes,
    the acceleration on expected times (the paper's measure) and on medians, the welfare loss.
    """
    import pandas as pd

    from endodec.model.hjb import as_spec, solve_hjb
    from endodec.model.hjb.stochastic import crossing_distribution

    base = as_spec(spec)
    rows = []
    for sg in sigmas:
        sol = solve_hjb(base.replace(sigma=float(sg)), n=n)
        d = crossing_distribution(sol, nt=nt)
        rows.append({"sigma": float(sg), "E_T_N": sol.T_N0, "E_T_C": sol.T_C0,
                     "median_T_N": d.stats["nash"]["median"],
                     "median_T_C": d.stats["coop"]["median"],
                     "acceleration": sol.acceleration,
                     "acceleration_median": d.acceleration_median,
                     "welfare_loss": sol.welfare_loss, "V_N0": sol.V_N0, "V_P0": sol.V_P0})
    return pd.DataFrame(rows)


@analysis("robustness", title="Beyond the paper: the game under uncertainty and other "
          "assumptions (not claims of the paper)", section="R", version="both", cost=6.0)
def robustness(ctx):
    from endodec.model.hjb import solve_hjb
    from endodec.model.hjb.stochastic import crossing_distribution
    from endodec.plots import robustness as plots

    # The paper run keeps this section small (it is not a claim of the paper); a larger sample:
    # `endodec robustness --n-points 1000 --backend dask --progress`.
    res = robustness_table(n_points=4 if ctx.fast else 12, seed=ctx.seed % 2**31,
                           n=150 if ctx.fast else 200)
    prov = (f"{res.n_points} sampled points per specification (seed {res.seed}), implicit "
            "upwind finite differences (endodec.model.hjb), not the paper's claims; a larger "
            "sample: endodec robustness --n-points N")
    ctx.save_table(res.table.reset_index(), "robustness_table",
                   "Which of the paper's results hold under which specification", prov)
    if len(res.counterexamples):
        ctx.save_table(res.first_counterexamples(), "robustness_counterexamples",
                       "A counterexample for every failing result", prov)
    sig = sigma_table((0.0, 2.0, 6.0) if ctx.fast else (0.0, 1.0, 2.0, 4.0, 6.0, 8.0),
                      n=300, nt=800 if ctx.fast else 1200)
    ctx.save_table(sig, "robustness_sigma", "Learning shocks: crossing times, acceleration and "
                   "welfare loss against sigma (baseline parameters)",
                   "numerical MPE and Kolmogorov backward equation (endodec.model.hjb)")
    dists = [crossing_distribution(solve_hjb(sigma=s, n=300 if ctx.fast else 500), nt=800)
             for s in (0.0, 1.0, 3.0, 6.0)]
    ctx.save_figure(plots.crossing_distributions(dists), "robustness_crossing_sigma",
                    "Crossing-time distribution P(T <= t) under learning shocks sigma (baseline)",
                    "Kolmogorov backward equation under the numerical MPE policies")
    ctx.save_figure(plots.acceleration_by_spec(res), "robustness_acceleration",
                    "Acceleration 1 - T_N/T_C across specifications", prov)
    return {}
