"""Text measurements shared between renderers (endodec._mpl_text) while figures are written:
the same bytes as matplotlib's own per-renderer caches, a real reuse, and nothing patched
outside the writer."""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt
import matplotlib.text as mtext
import numpy as np
import pytest
from matplotlib.font_manager import FontProperties
from matplotlib.mathtext import MathTextParser

from endodec import _mpl_text
from endodec._writers import write_figure

pytestmark = pytest.mark.skipif(not _mpl_text.available(),
                                reason="this matplotlib lacks the hooks (nothing is shared)")


def _figures():
    """Two figures that share texts: log axes (mathtext tick labels), a legend, labels."""
    from endodec.plots import game

    xs = np.geomspace(1e-2, 1e3, 200)
    a = game.shadow_costs(xs, 1 / (1 + xs), 0.5 / (1 + xs**1.1), log=True, crossover=3.0,
                          x0=1.0, title="Shadow costs")
    b = game.shadow_costs(xs, 2 / (1 + xs), 0.7 / (1 + xs**1.2), log=True, crossover=5.0,
                          x0=2.0, title="Shadow costs again")
    return a, b


def _write_both(root, order=("a", "b")):
    figs = dict(zip(("a", "b"), _figures(), strict=True))
    for k in order:
        write_figure(figs[k], root / k, k)
        plt.close(figs[k])


@pytest.fixture
def no_sharing(monkeypatch):
    """Figures drawn exactly as matplotlib draws them (the hooks reported missing)."""
    monkeypatch.setattr(_mpl_text, "_hooks", lambda: None)


def test_shared_caches_write_the_same_bytes(tmp_path, monkeypatch):
    _mpl_text.clear()
    _write_both(tmp_path / "shared")  # b reuses a's measurements
    monkeypatch.setattr(_mpl_text, "_hooks", lambda: None)
    _write_both(tmp_path / "plain", order=("b", "a"))
    for k in ("a", "b"):
        for ext in ("png", "pdf", "svg"):
            shared = (tmp_path / "shared" / k / f"{k}.{ext}").read_bytes()
            plain = (tmp_path / "plain" / k / f"{k}.{ext}").read_bytes()
            assert shared == plain, f"{k}.{ext}"


def test_measurements_are_reused_across_renderers_and_figures(tmp_path):
    _mpl_text.clear()
    a, _ = _figures()
    write_figure(a, tmp_path, "a")
    n_metrics, n_math = len(_mpl_text._metrics), len(_mpl_text._math)
    assert n_metrics > 20 and n_math > 5  # log tick labels are mathtext
    # the same figure again: four new renderers (layout, png, pdf, svg), no new measurement
    # (keyed by renderer instance, as matplotlib's caches are, every one would be new)
    again, _ = _figures()
    write_figure(again, tmp_path, "again")
    assert (len(_mpl_text._metrics), len(_mpl_text._math)) == (n_metrics, n_math)
    plt.close("all")


def test_pdf_and_svg_are_measured_apart(tmp_path):
    """PDF and SVG sit behind a MixedModeRenderer and measure text in different code paths:
    keyed by the renderer that measures, both are in the cache."""
    _mpl_text.clear()
    a, _ = _figures()
    write_figure(a, tmp_path, "a", ["pdf", "svg"])
    kinds = {key[0].__name__ for key in _mpl_text._metrics}
    assert {"RendererPdf", "RendererSVG", "RendererAgg"} <= kinds  # Agg: the layout
    plt.close("all")


def test_patched_only_inside_the_writer(tmp_path):
    metrics = mtext._get_text_metrics_with_cache
    cached = MathTextParser.__dict__["_parse_cached"]
    fig, ax = plt.subplots()
    ax.set_yscale("log")
    ax.plot([1, 2], [1, 100])
    write_figure(fig, tmp_path, "f", ["png"])
    assert mtext._get_text_metrics_with_cache is metrics
    assert MathTextParser.__dict__["_parse_cached"] is cached
    with pytest.raises(RuntimeError), _mpl_text.shared_text_caches() as on:
        assert on and mtext._get_text_metrics_with_cache is not metrics
        raise RuntimeError("a failed draw")
    assert mtext._get_text_metrics_with_cache is metrics  # restored after an error too
    assert MathTextParser.__dict__["_parse_cached"] is cached
    plt.close(fig)


def test_reentrant():
    metrics = mtext._get_text_metrics_with_cache
    with _mpl_text.shared_text_caches() as outer:
        rc = _mpl_text._state["rc"]
        with _mpl_text.shared_text_caches() as inner:
            assert outer and inner and _mpl_text._state["rc"] is rc
        assert mtext._get_text_metrics_with_cache is not metrics  # the outer one still holds
    assert mtext._get_text_metrics_with_cache is metrics


def test_rc_params_are_part_of_the_key():
    """A measurement taken under one rc is not returned under another (mathtext.default
    changes the glyphs of $Wm$)."""
    prop = FontProperties(size=10)

    def width(default, shared):
        with mpl.rc_context({"mathtext.default": default}):
            if not shared:
                return MathTextParser("path").parse("$Wm$", 72, prop).width
            with _mpl_text.shared_text_caches():
                return MathTextParser("path").parse("$Wm$", 72, prop).width

    _mpl_text.clear()
    regular, bold = width("regular", True), width("bf", True)
    assert regular == width("regular", False) and bold == width("bf", False)
    assert regular != bold


def test_nothing_is_patched_without_the_hooks(tmp_path, monkeypatch):
    """A matplotlib whose internals differ: no sharing, figures drawn as matplotlib draws."""
    monkeypatch.setattr(MathTextParser, "_parse_cached", lambda self, *a: None)  # no __wrapped__
    assert not _mpl_text.available()
    metrics = mtext._get_text_metrics_with_cache
    with _mpl_text.shared_text_caches() as on:
        assert on is False and mtext._get_text_metrics_with_cache is metrics
    monkeypatch.undo()
    monkeypatch.setattr(mtext, "_get_text_metrics_with_cache", lambda renderer, text: None)
    assert not _mpl_text.available()  # another signature


def test_bounded(monkeypatch, tmp_path):
    monkeypatch.setattr(_mpl_text, "MAX_METRICS", 5)
    monkeypatch.setattr(_mpl_text, "MAX_MATH", 2)
    _mpl_text.clear()
    a, _ = _figures()
    write_figure(a, tmp_path, "a", ["png"])
    assert len(_mpl_text._metrics) <= 5 and len(_mpl_text._math) <= 2
    plt.close("all")
    _mpl_text.clear()


def test_one_thread_at_a_time():
    """A second thread's context waits for the first (the hooks are global to the process)."""
    import threading

    inside = threading.Event()
    release = threading.Event()
    seen = []

    def first():
        with _mpl_text.shared_text_caches():
            inside.set()
            release.wait(10)
            seen.append(("first", _mpl_text._state["depth"]))

    def second():
        with _mpl_text.shared_text_caches() as on:
            seen.append(("second", on, _mpl_text._state["depth"]))

    t1 = threading.Thread(target=first)
    t1.start()
    assert inside.wait(10)
    t2 = threading.Thread(target=second)
    t2.start()
    t2.join(0.3)
    assert t2.is_alive() and not seen  # waiting, not nested into the first thread's context
    release.set()
    t1.join(10)
    t2.join(10)
    assert seen == [("first", 1), ("second", True, 1)]
    assert _mpl_text._state["depth"] == 0
