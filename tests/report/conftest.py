"""A ``reproduce --fast`` report shared by the report tests (one run per session), with the axes
of every figure recorded as the analyses save them."""

from __future__ import annotations

import pytest


def _axes_record(fig) -> list[dict]:
    out = []
    for ax in fig.axes:
        twins = [t for t in ax._twinned_axes.get_siblings(ax) if t is not ax]
        out.append({"xlabel": ax.get_xlabel().strip(), "ylabel": ax.get_ylabel().strip(),
                    "on": bool(ax.axison and ax.get_visible()),
                    "colorbar": hasattr(ax, "_colorbar"),
                    "orientation": getattr(getattr(ax, "_colorbar", None), "orientation", ""),
                    "twin_xlabels": [t.get_xlabel().strip() for t in twins],
                    "twin_ylabels": [t.get_ylabel().strip() for t in twins],
                    "title": ax.get_title()})
    return out


@pytest.fixture(scope="session")
def fast_report(tmp_path_factory):
    """``reproduce(fast=True)`` on the packaged data; ``.figure_axes``: figure name -> axes."""
    import endodec.analyses.base as base
    from endodec.report.reproduce import reproduce

    seen: dict[str, list[dict]] = {}
    original = base.write_figure

    def recording(fig, directory, name, *a, **k):
        seen[name] = _axes_record(fig)
        return original(fig, directory, name, *a, **k)

    out = tmp_path_factory.mktemp("fast-report") / "results"
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(base, "write_figure", recording)
        res = reproduce(out=out, fast=True)
    res.figure_axes = seen
    return res
