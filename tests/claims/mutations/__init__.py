"""Mutations: perturbations that must flip a check's status (rule 3 of the ledger).

Every check must be able to fail. A numeric check compared with the paper is flipped by moving
the paper value outside its tolerance (done for every such claim in
``tests/claims/test_mutations.py``). A check whose status does not come from such a comparison
(a true/false statement, or a status the analysis determines) needs a *registered* mutation of its
inputs -- a model parameter, a data cell -- in ``tests/claims/mutations/<area>.py``::

    MUTATIONS = [
        Mutation("s3.6-asymmetric", keys=("cor2_holds",),
                 what="a cost advantage beyond the corollary's bound",
                 apply=lambda mp: mp.setattr("endodec.analyses.extensions.EPS_MAX", 5.0)),
    ]

``apply(monkeypatch)`` perturbs what the analysis reads (module constants, a loader, a dataset);
the test runs the analysis with and without it and requires every listed key's status to change.
Set ``author_data=True`` when the analysis needs the author's data.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass

import pytest


@dataclass(frozen=True)
class Mutation:
    """A perturbation of an analysis' inputs that must flip the status of ``keys``."""

    analysis: str
    keys: tuple[str, ...]
    what: str
    apply: Callable[[pytest.MonkeyPatch], None]
    author_data: bool = False

    @property
    def id(self) -> str:
        return f"{self.analysis}:{','.join(self.keys)}"


def all_mutations() -> list[Mutation]:
    """Every mutation of every ``tests/claims/mutations/<area>.py``."""
    out: list[Mutation] = []
    for mod in pkgutil.iter_modules(__path__):
        out += getattr(importlib.import_module(f"{__name__}.{mod.name}"), "MUTATIONS", [])
    return out
