"""The figure builders (endodec.plots): one drawing path, one style, the import boundary."""

from __future__ import annotations

import ast
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from endodec import plots
from endodec.plots import style

SRC = Path(plots.__file__).parents[1]
FORBIDDEN = ("endodec.analyses", "endodec.report", "endodec.explore", "endodec.cli",
             "endodec.sweep")


def _imports(path: Path) -> set[str]:
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            out.add(node.module)
    return out


def test_plots_imports_no_analyses_report_explore_cli_sweep():
    for f in (SRC / "plots").glob("*.py"):
        bad = [m for m in _imports(f) if m.startswith(FORBIDDEN)]
        assert not bad, (f.name, bad)


@pytest.mark.parametrize("part", ["analyses", "explore"])
def test_figures_are_drawn_only_in_plots(part):
    """No analysis or explorer module creates a matplotlib figure itself."""
    for f in (SRC / part).rglob("*.py"):
        text = f.read_text(encoding="utf-8")
        assert "subplots(" not in text and "plt.figure(" not in text, f


def test_builders_return_figures_in_the_package_style():
    x = np.linspace(0, 10, 21)
    fig = plots.game.value_functions(x, -x, -0.5 * x)
    assert type(fig).__name__ == "Figure"
    line = fig.axes[0].get_lines()[0]
    assert line.get_color() == style.NASH
    frame = pd.DataFrame({"N": [2, 3, 4], "T_nash": [1.0, 0.9, 0.8], "T_coop": [2.0, 2.1, 2.2],
                          "ratio": [0.5, 0.43, 0.36], "Q_ratio_x0": [1.2, 1.3, 1.4]})
    fig = plots.game.crossing_vs(frame, "N", Q_ratio=True, title="t")
    assert len(fig.axes) == 2
    fig2 = plots.game.crossing_times(frame["N"], frame["T_nash"], frame["T_coop"],
                                     ax=fig.axes[0])
    assert fig2 is fig  # draws into the given Axes


def test_palette_is_colour_blind_safe_and_resolved():
    assert style.PALETTE[:2] == [style.COLORS["blue"], style.COLORS["vermillion"]]
    assert style.C(0) == style.PALETTE[0] and style.C(len(style.PALETTE)) == style.PALETTE[0]
    assert all(c.startswith("#") for c in style.PALETTE)


@pytest.mark.filterwarnings("ignore::endodec.errors.NumericalWarning")
def test_results_hold_data_and_plots_draw_them():
    """The forecast, hindcast and meta-analysis results have no drawing methods; their
    builders in endodec.plots draw them (into given Axes too)."""
    from endodec.empirics.meta import MetaResult, meta_analysis
    from endodec.sweep.forecast import CrossingForecast, crossing_year_distribution
    from endodec.sweep.wright_noise import HindcastResult, hindcast

    for cls, name in ((CrossingForecast, "fan_chart"), (HindcastResult, "figure"),
                      (MetaResult, "forest_plot")):
        assert not hasattr(cls, name), (cls.__name__, name)
    plt = style.pyplot()
    r = crossing_year_distribution(n_draws=100, seed=1, horizon=60)
    fig = plots.forecast.fan_chart(r, points={"a": 2030.0, "b": 2040.0})
    assert len(fig.axes) == 2
    assert [ln.get_label() for ln in fig.axes[1].get_lines()][-2:] == ["a", "b"]
    pair = plt.subplots(1, 2)[1]
    assert plots.forecast.fan_chart(r, ax=pair) is pair[0].figure
    rng = np.random.default_rng(0)
    x = np.cumsum(rng.uniform(0.2, 0.4, 20))
    h = hindcast(y=-0.3 * x + 0.05 * rng.standard_normal(20), x=x, m=5, max_horizon=4,
                 data="synthetic")
    fig = plots.forecast.hindcast(h)
    assert len(fig.axes) == 2 and "synthetic" in fig._suptitle.get_text()
    m = meta_analysis([0.2, 0.25, 0.3], [0.02, 0.03, 0.04], ["a", "b", "c"])
    fig = plots.learning.forest(m)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels[:3] == ["a", "b", "c"] and "I²" in fig.axes[0].get_title()
    plt.close("all")
