r"""The Hamiltonians of the HJBs: policies, maximised flow payoffs and their derivatives.

Vectorised over grid points. With shadow cost :math:`p = V'(x)` and unit cost :math:`c(x)`:

**Cooperative** (seed 000 eq. 8, in the industry value :math:`W = NV^P`): the planner chooses
:math:`Q` with :math:`P(Q) + P'(Q)Q = c + W'` and earns
:math:`H^C(p) = (P(Q) - c)Q - pQ`; by the envelope theorem :math:`\partial H^C/\partial p = -Q`.
With asymmetric costs the planner produces at the lowest cost :math:`c - \max_i\varepsilon_i`.

**Nash, symmetric** (seed 000 eqs. 5-7, per-firm value): the summed first-order conditions
:math:`N P(Q) + P'(Q) Q = N (c + p)` give :math:`Q`, and
:math:`H^N(p) = (P(Q) - c)Q/N - pQ` with

.. math:: \frac{\partial H^N}{\partial p} = -Q - \frac{N-1}{N}(P - c)\,Q'(p),\qquad
          Q'(p) = \frac{N}{(N+1)P' + P''Q}

(the strategic term: rivals' output responds to the common shadow cost). Linear demand gives
eq. (7) and (ODE-N).

**Nash, asymmetric** (the coupled system): firm ``k`` has :math:`m_k = c - \varepsilon_k + p_k`,
:math:`N P + P'Q = \sum_k m_k`, :math:`q_k = (m_k - P)/P'` and
:math:`H_k = (P - c_k) q_k - p_k Q`; :func:`nash_asym` returns the Jacobian
:math:`\partial H_k/\partial p_j` for Newton's method.
"""

from __future__ import annotations

import numpy as np

__all__ = ["coop", "nash_sym", "nash_asym", "hamiltonian"]


def coop(demand, p, c):
    """Cooperative policy and Hamiltonian in the industry value ``W``.

    Returns
    -------
    Q, H, dH : arrays
        Aggregate output, :math:`H^C`, :math:`\\partial H^C/\\partial p`.
    """
    with np.errstate(all="ignore"):
        Q = demand.monopoly_Q(c + p)
        H = (demand.P(Q) - c - p) * Q
        H = np.where(Q > 0, H, 0.0)
    return Q, H, -Q


def nash_sym(demand, N: int, p, c):
    """Symmetric Nash policy (aggregate ``Q``) and per-firm Hamiltonian :math:`H^N`."""
    with np.errstate(all="ignore"):
        Q = demand.cournot_Q(N, N * (c + p))
        P = demand.P(Q)
        H = np.where(Q > 0, (P - c) * Q / N - p * Q, 0.0)
        dQ = N / ((N + 1.0) * demand.dP(Q) + demand.d2P(Q) * Q)
        dH = np.where(Q > 0, -Q - (N - 1.0) / N * (P - c) * dQ, 0.0)
    return Q, H, dH


def nash_asym(demand, p, c):
    """Asymmetric Nash: ``p`` and ``c`` of shape (K, n) (firm ``k``'s shadow and unit cost).

    Returns
    -------
    Q : (n,) aggregate output; q : (K, n) outputs; H : (K, n); dH : (K, K, n) with
    ``dH[k, j] = dH_k/dp_j``.
    """
    K = p.shape[0]
    with np.errstate(all="ignore"):
        m = c + p
        Q = demand.cournot_Q(K, m.sum(axis=0))
        P, P1, P2 = demand.P(Q), demand.dP(Q), demand.d2P(Q)
        q = (m - P) / P1
        H = (P - c) * q - p * Q
        kap = 1.0 / ((K + 1.0) * P1 + P2 * Q)
        eye = np.eye(K)[:, :, None]
        dq = (eye - P1 * kap) / P1 - (m - P)[:, None, :] * P2 * kap / (P1 * P1)
        dH = (P1 * kap * q)[:, None, :] + (P - c)[:, None, :] * dq - eye * Q \
            - (p * kap)[:, None, :]
    return Q, q, H, dH


def hamiltonian(spec, regime: str, p, x):
    """Dispatch on the regime for the solver: ``"coop"``, ``"nash"`` (symmetric, K=1) or
    ``"nash_asym"``; ``p`` has shape (K, n). Returns ``(Q, q, H, dH)`` with ``dH`` (K, K, n)."""
    c = spec.cost_at(x)
    if regime == "coop":
        Q, H, dH = coop(spec.demand, p[0], c - float(np.max(spec.eps)))
        return Q, Q[None], H[None], dH[None, None]
    if regime == "nash":
        Q, H, dH = nash_sym(spec.demand, spec.N, p[0], c)
        return Q, (Q / spec.N)[None], H[None], dH[None, None]
    cc = c[None, :] - spec.eps[:, None]
    return nash_asym(spec.demand, p, cc)
