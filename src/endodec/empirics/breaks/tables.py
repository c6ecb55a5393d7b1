"""A packaged table of the simulated sup-F(l+1|l) critical values (what the reference
implementations do: Bai and Perron 2003, ``strucchange`` and ``mbreaks`` ship tables).

:func:`endodec.empirics.breaks.critical.supf_critical_values` simulates the Bai-Perron (1998)
limiting distribution of sup-F(1) with a seeded Monte Carlo (Brownian bridges on a grid); 20,000
draws take about a second per (q, trimming) pair. ``supf_bridge_quantiles.csv`` next to this
module holds the quantiles that simulation returns, **exactly** (``repr`` of the float64, so a
lookup equals a fresh simulation to the last bit), for the argument sets the report uses:

- ``q`` in :data:`QS`, trimming ``eps`` in :data:`EPS` (0.15, the Bai-Perron default; 1/3, h = 3
  of the 9 printed DRAM rows; 6/41, h = 0.15 of the author's 41-year series), each rounded to 6
  decimals as the simulation's cache key;
- ``n_sim`` in :data:`N_SIMS` (the report's full and ``--fast`` sizes), ``seed`` in
  :data:`SEEDS` (the configuration's default ``run.seed`` and the function's default seed);
- the Brownian-bridge grid of :data:`GRID` points;
- ``l`` = 0..:data:`MAX_L` and every level of :data:`~endodec.empirics.breaks.critical.LEVELS`
  (the quantile at ``level ** (1 / (l + 1))`` of the same draws).

``supfk_quantiles.csv`` does the same for
:func:`~endodec.empirics.breaks.critical.supfk_critical_values` (sup-F(k), UDmax, WDmax from a
simulated stationary design of :data:`K_GRID` observations, :data:`K_N_SIM` draws -- the size
:func:`~endodec.empirics.breaks.bai_perron` uses), for the same ``q``, ``eps`` and ``seed`` and
every ``max_k`` from 1 to ``min(5, K_GRID // h - 1)``.

A call whose arguments are not all in the tables simulates, as before. Regenerate (one to two
minutes on two cores) with::

    python -m endodec.empirics.breaks.tables

``tests/empirics/test_breaks_table.py`` recomputes entries by simulation and checks they are
equal.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

__all__ = ["TABLE", "K_TABLE", "QS", "EPS", "N_SIMS", "SEEDS", "GRID", "MAX_L", "K_GRID",
           "K_N_SIM", "lookup", "lookup_k", "k_max", "generate"]

#: The packaged file.
TABLE = Path(__file__).with_name("supf_bridge_quantiles.csv")
#: Numbers of regressors whose coefficients break.
QS = (1, 2, 3)
#: Trimmings (fractions of the sample, rounded to 6 decimals as the simulation's cache key).
EPS = (0.15, round(1 / 3, 6), round(6 / 41, 6))
#: Monte Carlo draws (the report's full and --fast sizes, endodec.analyses.learning).
N_SIMS = (20_000, 2_000)
#: Seeds (the default run.seed of the configuration; the function's default).
SEEDS = (20260221, 12345)
#: Points of the Brownian-bridge grid.
GRID = 1000
#: Largest l of sup-F(l+1|l) tabulated.
MAX_L = 4
#: The sup-F(k) table: observations of the simulated design, draws.
K_TABLE = Path(__file__).with_name("supfk_quantiles.csv")
K_GRID = 100
K_N_SIM = 2_000
_K_FIELDS = ("q", "eps", "max_k", "n_sim", "seed", "grid", "k", "level", "value")

_FIELDS = ("q", "eps", "n_sim", "seed", "grid", "l", "level", "value")


def _read(path: Path, key) -> dict[tuple, float]:
    """``{key(row): value}`` of a packaged table (``#`` lines are its provenance), or {} when
    the file is absent (then every lookup misses and the caller simulates)."""
    if not path.is_file():
        return {}
    with path.open(newline="") as fh:
        return {key(r): float(r["value"])
                for r in csv.DictReader(line for line in fh if not line.startswith("#"))}


@lru_cache(maxsize=1)
def _load() -> dict[tuple, float]:
    return _read(TABLE, lambda r: (int(r["q"]), float(r["eps"]), int(r["n_sim"]),
                                   int(r["seed"]), int(r["grid"]), int(r["l"]),
                                   float(r["level"])))


def lookup(q: int, eps: float, n_sim: int, seed: int, grid: int, max_l: int, levels
           ) -> dict[int, dict[float, float]] | None:
    """The tabulated quantiles ``{l: {level: value}}`` for l = 0..max_l, or None unless every
    one is in the table (then the caller simulates)."""
    tab = _load()
    rows: dict[int, dict[float, float]] = {}
    for ell in range(int(max_l) + 1):
        row = {}
        for lv in levels:
            v = tab.get((int(q), float(eps), int(n_sim), int(seed), int(grid), ell, lv))
            if v is None:
                return None
            row[lv] = v
        rows[ell] = row
    return rows


def k_max(q: int, eps: float, grid: int = K_GRID) -> int:
    """Largest ``max_k`` tabulated: ``min(5, grid // h - 1)``, ``h = max(round(eps grid), q)``."""
    return min(5, grid // max(int(round(eps * grid)), int(q)) - 1)


@lru_cache(maxsize=1)
def _load_k() -> dict[tuple, float]:
    return _read(K_TABLE, lambda r: (int(r["q"]), float(r["eps"]), int(r["max_k"]),
                                     int(r["n_sim"]), int(r["seed"]), int(r["grid"]),
                                     int(r["k"]) if r["k"].isdigit() else r["k"],
                                     float(r["level"])))


def lookup_k(q: int, eps: float, max_k: int, n_sim: int, seed: int, grid: int, levels
             ) -> dict | None:
    """The tabulated ``{k: {level: value}}`` (k = 1..max_k, ``"UDmax"``, ``"WDmax"``), or None
    unless every one is in the table (then the caller simulates)."""
    tab = _load_k()
    out: dict = {}
    for k in [*range(1, int(max_k) + 1), "UDmax", "WDmax"]:
        row = {}
        for lv in levels:
            v = tab.get((int(q), float(eps), int(max_k), int(n_sim), int(seed), int(grid), k, lv))
            if v is None:
                return None
            row[lv] = v
        out[k] = row
    return out


def _generate_k(path: Path) -> int:
    from endodec.empirics.breaks.critical import LEVELS, _k_values, _supfk_cached

    rows = []
    for q in QS:
        for eps in EPS:
            for seed in SEEDS:
                for mk in range(1, k_max(q, eps) + 1):
                    ck = _k_values(_supfk_cached(q, eps, mk, K_N_SIM, seed, K_GRID), LEVELS)
                    rows += [(q, eps, mk, K_N_SIM, seed, K_GRID, k, lv, repr(v))
                             for k, row in ck.items() for lv, v in row.items()]
    _write(path, "sup-F(k), UDmax, WDmax (Bai-Perron 1998 limits)", _K_FIELDS, rows)
    _load_k.cache_clear()
    return len(rows)


def _write(path: Path, what: str, fields, rows) -> None:
    """A packaged table: its provenance line, the header, the rows."""
    with Path(path).open("w", newline="") as fh:
        fh.write(f"# simulated quantiles of {what}; written by python -m "
                 "endodec.empirics.breaks.tables (see its docstring)\n")
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(fields)
        w.writerows(rows)


def generate(path: Path = TABLE, k_path: Path = K_TABLE) -> int:
    """Simulate every entry (:data:`QS` x :data:`EPS` x :data:`N_SIMS` x :data:`SEEDS`) and
    write the table; returns the number of rows."""
    from endodec.empirics.breaks.critical import LEVELS, _bridge_quantiles

    rows = []
    for q in QS:
        for eps in EPS:
            for n_sim in N_SIMS:
                for seed in SEEDS:
                    vals = _bridge_quantiles(q, eps, n_sim, seed, GRID, MAX_L, LEVELS)
                    rows += [(q, eps, n_sim, seed, GRID, ell, lv, repr(v))
                             for ell, row in vals.items() for lv, v in row.items()]
    _write(path, "sup-F(l+1|l), Bai-Perron (1998) limit", _FIELDS, rows)
    _load.cache_clear()
    return len(rows) + _generate_k(k_path)


if __name__ == "__main__":  # pragma: no cover - regeneration script
    print(f"{generate()} rows written to {TABLE}")
