"""A step budget for the ODE solves of the model (share paths, Appendix C, asymmetric firms).

A solve whose right-hand side is evaluated more than :data:`MAX_RHS_EVALS` times ends in a
:class:`~endodec.errors.NumericalError` naming the quantity, instead of running for hours on a
stiff or degenerate system.
"""

from __future__ import annotations

__all__ = ["MAX_RHS_EVALS"]

#: Right-hand-side evaluations allowed per ODE solve: far above what valid inputs need (a few
#: thousand), so a stiff or degenerate system (rates near float64 limits, a horizon of 1e-308)
#: ends in a NumericalError instead of running for hours.
MAX_RHS_EVALS = 20_000


def _rhs_budget(quantity: str, limit: int | None = None):
    """A counter to call in an ODE right-hand side; raises NumericalError past ``limit``."""
    from endodec.errors import NumericalError

    n = [0]
    lim = MAX_RHS_EVALS if limit is None else limit

    def tick() -> None:
        n[0] += 1
        if n[0] > lim:
            raise NumericalError(quantity, f"the ODE solver needed more than {lim:,} steps: the "
                                 "system is too stiff or degenerate for these inputs (rates or "
                                 "horizon near float64 limits)")

    return tick
