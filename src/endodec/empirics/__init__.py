"""Estimators on DataFrames: learning curves, structural breaks, meta-analysis, and the other
empirical tests of the paper.

Modules are imported lazily by their users (``from endodec.empirics.learning_curves import
fit_wright``) so that importing :mod:`endodec.empirics` stays cheap.

- :mod:`endodec.empirics.learning_curves` (package): Wright's-law OLS fits, sub-periods,
  leave-one-out, recursive windows, serial correlation, pairs and block bootstraps (seed 000
  §4.1-4.2; seed 001 §5.2, Tables 6 and 8).
- :mod:`endodec.empirics.breaks` (package): Bai-Perron multiple structural breaks (seed 001
  Appendix D).
- :mod:`endodec.empirics.meta`: Cochran Q, I², fixed/random effects across learning rates
  (seed 000 Table 6, seed 001 §6.4 / Table 12).
- :mod:`endodec.empirics.capex` (package): Table 11 capex test, Appendix B, strategic
  complementarity regressions (seed 001 §5.5).
- :mod:`endodec.empirics.silicon`: the consumer-silicon crossing condition (seed 001 §5.2.6).
"""
