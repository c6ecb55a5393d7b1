"""Figures of the crossing-year forecast and the Wright's-law hindcast.

The forecast result (:class:`~endodec.sweep.forecast.CrossingForecast`) and the hindcast result
draw their own panels (``fan_chart``, ``figure``); these builders call them under the package
style, so the report (:mod:`endodec.analyses.forecast`) and the explorer's forecast page get
the same figure. This module does not import :mod:`endodec.sweep` (results are passed in).
"""

from __future__ import annotations

from collections.abc import Mapping

from endodec.plots.style import styled

__all__ = ["fan_chart", "hindcast"]


@styled
def fan_chart(forecast, points: Mapping[str, float] | None = None):
    """Cost-path quantile bands with the target range, and P(crossing by year) for the Nash and
    hardware readings, with optional point predictions ``{"label": year}``.

    Parameters
    ----------
    forecast : endodec.sweep.forecast.CrossingForecast
        The Monte Carlo forecast.
    points : mapping, optional
        Point predictions to mark.

    Returns
    -------
    matplotlib.figure.Figure
    """
    return forecast.fan_chart(points=dict(points) if points else None)


@styled
def hindcast(result):
    """Empirical CDF of the hindcast's normalised errors against t(m-1), and mean eps^2 by
    horizon.

    Parameters
    ----------
    result : endodec.sweep.forecast.Hindcast
        The hindcast.

    Returns
    -------
    matplotlib.figure.Figure
    """
    return result.figure()
