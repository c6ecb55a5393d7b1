"""Typed exceptions of endodec.

Every message names the offending parameter (or file/row/column), its value and what is allowed,
so a user can fix the input without reading the source.
"""

from __future__ import annotations


class EndodecError(Exception):
    """Base class of every error endodec raises on purpose."""


class ParameterError(EndodecError, ValueError):
    """A parameter is outside its allowed range.

    Parameters
    ----------
    name : str
        Parameter name as in the paper (``N``, ``a``, ``delta`` ...).
    value : object
        The offending value (for arrays: the first offending element).
    allowed : str
        Human-readable allowed range, e.g. ``"> 0"`` or ``"integer >= 2"``.
    """

    def __init__(self, name: str, value: object, allowed: str, detail: str = ""):
        self.name, self.value, self.allowed = name, value, allowed
        msg = f"invalid parameter {name}={value!r}: must be {allowed}"
        if detail:
            msg += f" ({detail})"
        super().__init__(msg)


class DomainError(EndodecError, ValueError):
    """The model has no (interior) solution for these parameters, or an event never happens.

    Examples: ``a - 2*sqrt(b*N*r*S) <= 0: no interior cooperative solution``; a learning curve that
    never reaches the target cost; an R0 threshold that does not exist.
    """


class DataError(EndodecError, ValueError):
    """A dataset violates its schema or provenance rules (names file, row and column)."""


class AuthorDataMissing(EndodecError, FileNotFoundError):
    """An analysis needs the paper author's data files and they were not found."""
