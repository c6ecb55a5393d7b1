"""endodec: the working paper *Endogenous Decentralization* as tested, fast software.

Importing the package is light: only NumPy is imported eagerly. Subpackages:

- :mod:`endodec.model` -- the differential game (Nash MPE vs cooperative benchmark), adoption (R0),
  input cannibalization, calibration, the two-period model.
- :mod:`endodec.empirics` -- learning-curve econometrics, structural breaks, meta-analysis, capex,
  export-control DID, consumer silicon.
- :mod:`endodec.datasets` -- the paper's tables as validated DataFrames with provenance.
- :mod:`endodec.claims` -- the paper's claims (data) and the engine that checks them (the ledger).
- :mod:`endodec.analyses` -- one registered function per table/figure/claim group of the paper.
- :mod:`endodec.report` -- ``endodec reproduce``: runs the analyses, writes the ledger, the figures,
  the tables and the HTML report.
"""

__version__ = "0.1.0"

from endodec.errors import (  # noqa: E402
    AuthorDataMissing,
    DataError,
    DomainError,
    EndodecError,
    ParameterError,
)

__all__ = [
    "__version__",
    "EndodecError",
    "ParameterError",
    "DomainError",
    "DataError",
    "AuthorDataMissing",
]
