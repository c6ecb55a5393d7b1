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

Layout: :mod:`~endodec.empirics.capex.table11` (mappings, Table 11, Appendix B) and
:mod:`~endodec.empirics.capex.complementarity` (the regressions); :mod:`~endodec.empirics.capex.report`
(:class:`CapexReport`, Table 11 with its companions).
"""

from endodec.empirics.capex.complementarity import (
    COVS,
    EFFECTS,
    ComplementarityResult,
    complementarity,
    complementarity_sample,
    hhi_by_year,
)
from endodec.empirics.capex.report import CapexReport
from endodec.empirics.capex.table11 import (
    AUTHOR_CORE_FIRMS,
    AUTHOR_REGRESSION_FIRMS,
    MAPPINGS,
    CapexMapping,
    CapexTestResult,
    capex_test,
    crossing_acceleration_by_N,
    dollar_table,
    effective_N,
    firm_panel,
    growth_by_N_change,
    model_outputs,
)

__all__ = [
    "AUTHOR_CORE_FIRMS",
    "AUTHOR_REGRESSION_FIRMS",
    "MAPPINGS",
    "COVS",
    "EFFECTS",
    "complementarity_sample",
    "CapexMapping",
    "CapexTestResult",
    "CapexReport",
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
