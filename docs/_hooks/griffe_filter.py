"""mkdocs hook: silence one known false positive of griffe, and nothing else.

``endodec.results.Summary`` is a :class:`str` subclass constructed in ``__new__``; its class
docstring documents the constructor's parameters (numpydoc convention, checked by
tests/test_public_face.py), but griffe compares a class docstring's parameters with ``__init__``
only and warns about each one. Every other "does not appear in the function signature" warning
still fails ``mkdocs build --strict``.
"""

from __future__ import annotations

import logging
import re

_KNOWN = re.compile(
    r"src/endodec/results\.py:\d+: Parameter '(text|title|tables|notes)' does not appear in the "
    r"function signature"
)


class _DropKnown(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not _KNOWN.search(record.getMessage())


def on_startup(**kwargs) -> None:
    """Install the filter on griffe's logger (forwarded by mkdocstrings)."""
    logger = logging.getLogger("mkdocs.plugins.griffe")
    if not any(isinstance(f, _DropKnown) for f in logger.filters):
        logger.addFilter(_DropKnown())
