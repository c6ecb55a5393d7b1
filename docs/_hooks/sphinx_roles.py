"""Griffe extension for the API reference: render the Sphinx roles of endodec's docstrings.

The numpydoc docstrings use Sphinx roles (``:func:`~endodec.model.game.solve```,
``:math:`x_0```), which Markdown would show literally. At load time (before the docstrings are
parsed) this rewrites

- ``:math:`...``` to ``\\(...\\)``, rendered by ``pymdownx.arithmatex`` and MathJax;
- ``:func:``, ``:class:``, ``:meth:``, ``:mod:``, ``:data:``, ``:attr:``, ``:exc:``, ``:obj:``
  references to inline code (the last component with ``~``, as Sphinx shows them).

Only the text handed to the documentation changes; the docstrings in the package are untouched.
"""

from __future__ import annotations

import re

import griffe

_MATH = re.compile(r":math:`([^`]+)`")
_REF = re.compile(r":(?:py:)?(?:func|meth|class|mod|data|attr|exc|obj|const):`(~?)([^`]+)`")


def convert(text: str) -> str:
    """``text`` with its Sphinx roles rewritten (module docstring)."""
    text = _MATH.sub(lambda m: r"\(" + m.group(1) + r"\)", text)

    def ref(m: re.Match) -> str:
        target = m.group(2).strip()
        label = re.match(r"(.*?)\s*<([^>]+)>$", target)
        if label:  # :func:`text <target>`
            return f"`{label.group(1)}`"
        target = target.lstrip(".")
        return f"`{target.rsplit('.', 1)[-1] if m.group(1) else target}`"

    return _REF.sub(ref, text)


class SphinxRoles(griffe.Extension):
    """Rewrite each object's docstring as it is loaded."""

    def on_instance(self, *, obj, **kwargs) -> None:
        if obj.docstring is not None:
            obj.docstring.value = convert(obj.docstring.value)
