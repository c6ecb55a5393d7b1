r"""Text measurements shared between matplotlib renderers while endodec writes figures.

matplotlib caches the two costly text computations per renderer *instance*:

- the metrics of a string (``matplotlib.text._get_text_metrics_with_cache``: a cache per
  renderer, held in a ``WeakKeyDictionary``), and
- the parse of a mathtext string (``MathTextParser._parse_cached``: an ``lru_cache`` of 50
  entries whose key includes the parser, and every Agg renderer has its own parser).

:func:`endodec._writers.write_figure` lays a figure out once and draws it once per format, and
each of these passes has a new renderer (Agg at the figure's dpi for the layout, Agg at the PNG
resolution, PDF, SVG). The paper run writes 36 figures whose texts repeat: tick labels such as
``$\mathdefault{10^{2}}$``, ``0.5`` or ``2030``, legend entries, axis labels. In one process it
measured 4,093 strings and parsed 340 mathtext strings, of which 2,088 and 140 are distinct.

Inside :func:`shared_text_caches` both caches are keyed by what the result is computed from
instead of by the renderer instance:

- metrics: the class of the renderer that measures (the vector renderer behind a
  ``MixedModeRenderer``: PDF and SVG measure text in different code paths), its ``dpi``, the
  string, a copy of the font properties, the math flag and the figure's dpi (matplotlib's own
  inner key), and the text rcParams;
- mathtext: the parser's output type and matplotlib's own key (string, dpi, font properties,
  antialiasing, glyph-loading flags), and the text rcParams.

"The text rcParams" are a snapshot, taken when the context is entered, of every rcParam under
``font.``, ``text.``, ``mathtext.``, ``pdf.`` and ``ps.`` and of ``svg.fonttype``: the values the
measurements read from the rc (font lookup, hinting, kerning, math fonts, Type 1/3/42 choices).
The results are the same numbers matplotlib computes for each renderer (a renderer computes
them from the same function of the same inputs), so every file written is byte-identical with
and without the shared caches (tests/report/test_mpl_text.py; the paper run's figures were
compared file by file). They took 6-7% off the paper run: 33.2 -> 30.7 s median for the default
run, 58.1 -> 54.0 and 54.2 -> 51.1 s for two one-process runs timed in turn
(docs/performance.md, item 11).

Hand-written because matplotlib has no option to share these caches; the two names patched are
the hook matplotlib's own test suite patches (``matplotlib.testing.conftest``) and the cached
method of ``MathTextParser``. Where either is missing or has another signature (a matplotlib
release that changed them), :func:`shared_text_caches` patches nothing and figures are drawn
exactly as matplotlib draws them. The patch is in place only inside the context, which one
thread at a time holds (a lock), so matplotlib outside endodec's writer is untouched.
"""

from __future__ import annotations

import contextlib
import inspect
import threading
from collections.abc import Iterator

__all__ = ["shared_text_caches", "clear", "available"]

#: rcParams the measurements read (prefixes, and single keys)
_RC_PREFIXES = ("font.", "text.", "mathtext.", "pdf.", "ps.")
_RC_KEYS = ("svg.fonttype",)
#: bounds of the shared caches (entries; a full cache is emptied, then filled again)
MAX_METRICS = 10_000
MAX_MATH = 2_000

_metrics: dict = {}
_math: dict = {}
_state = {"rc": None, "depth": 0}
#: held for the whole context: one thread at a time writes figures through the shared caches
_lock = threading.RLock()

_METRICS_SIG = ["renderer", "text", "fontprop", "ismath", "dpi"]
_MATH_SIG = ["self", "s", "dpi", "prop", "antialiased", "load_glyph_flags"]


def _freeze(v):
    if isinstance(v, (list, tuple)):
        return tuple(_freeze(x) for x in v)
    if isinstance(v, dict):
        return tuple(sorted((k, _freeze(x)) for k, x in v.items()))
    try:
        hash(v)
    except TypeError:
        return repr(v)
    return v


def _rc_snapshot() -> tuple:
    import matplotlib as mpl

    rc = mpl.rcParams
    keys = sorted(k for k in rc if k.startswith(_RC_PREFIXES) or k in _RC_KEYS)
    return tuple((k, _freeze(rc[k])) for k in keys)


def _hooks():
    """``(matplotlib.text, its metrics function, MathTextParser, its _parse_cached as found,
    that method's undecorated function)``, or None where matplotlib's internals are not the
    expected ones (a name missing, no ``__wrapped__``, another signature)."""
    try:
        import matplotlib.text as mtext
        from matplotlib.mathtext import MathTextParser
    except ImportError:  # pragma: no cover - matplotlib is a dependency
        return None
    metrics = getattr(mtext, "_get_text_metrics_with_cache", None)
    cached = MathTextParser.__dict__.get("_parse_cached")
    inner = getattr(cached, "__wrapped__", None)
    try:
        ok = (callable(metrics) and callable(inner)
              and list(inspect.signature(metrics).parameters) == _METRICS_SIG
              and list(inspect.signature(inner).parameters) == _MATH_SIG)
    except (TypeError, ValueError):
        ok = False
    return (mtext, metrics, MathTextParser, cached, inner) if ok else None


def available() -> bool:
    """Whether this matplotlib has the two hooks :func:`shared_text_caches` uses."""
    return _hooks() is not None


def clear() -> None:
    """Empty both shared caches."""
    _metrics.clear()
    _math.clear()


def _remember(cache: dict, bound: int, key: tuple, compute):
    """``cache[key + (rc snapshot,)]``, computed by ``compute()`` when absent (a full cache is
    emptied first)."""
    key = (*key, _state["rc"])
    hit = cache.get(key)
    if hit is None:
        if len(cache) >= bound:
            cache.clear()
        hit = cache[key] = compute()
    return hit


def _text_metrics(renderer, text, fontprop, ismath, dpi):
    """``renderer.get_text_width_height_descent`` through the shared cache (module docstring)."""
    measure = renderer.get_text_width_height_descent
    owner = getattr(measure, "__self__", renderer)  # behind a MixedModeRenderer: PDF or SVG
    prop = fontprop.copy()  # FontProperties is mutable: key on a copy (as matplotlib does)
    return _remember(_metrics, MAX_METRICS,
                     (type(owner), getattr(owner, "dpi", None), text, prop, ismath, dpi),
                     lambda: measure(text, prop, ismath))


def _parser(inner):
    def _parse_cached(self, *key):  # (s, dpi, prop, antialiased, load_glyph_flags)
        return _remember(_math, MAX_MATH, (self._output_type, *key), lambda: inner(self, *key))

    return _parse_cached


@contextlib.contextmanager
def shared_text_caches() -> Iterator[bool]:
    """Share text metrics and mathtext parses between renderers inside the context.

    Yields
    ------
    bool
        Whether the caches are shared (False: this matplotlib lacks the hooks, and nothing is
        patched). Re-entrant: an inner context keeps the outer one's rc snapshot. One thread
        at a time: another thread's context waits until this one ends (matplotlib's rcParams
        and these two hooks are global to the process).

    Notes
    -----
    The rcParams the measurements depend on must not change inside the context (a change of
    any other rcParam, such as ``svg.hashsalt``, is harmless): :func:`endodec._writers.write_figure`
    changes none of them while it draws.
    """
    with _lock:
        if _state["depth"]:
            _state["depth"] += 1
            try:
                yield True
            finally:
                _state["depth"] -= 1
            return
        hooks = _hooks()
        if hooks is None:
            yield False
            return
        mtext, metrics, MathTextParser, cached, inner = hooks
        _state["rc"], _state["depth"] = _rc_snapshot(), 1
        mtext._get_text_metrics_with_cache = _text_metrics
        MathTextParser._parse_cached = _parser(inner)
        try:
            yield True
        finally:
            mtext._get_text_metrics_with_cache = metrics
            MathTextParser._parse_cached = cached
            _state["rc"], _state["depth"] = None, 0
