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


class NumericalError(EndodecError, ArithmeticError):
    """The inputs are valid but the float64 computation of a quantity overflows or underflows.

    Raised instead of returning NaN/inf or misreporting the case as "no interior solution".

    Parameters
    ----------
    quantity : str
        The quantity whose computation is not representable (``"S"``, ``"V_N(x0)"``, ...).
    detail : str
        What over/underflowed and at which inputs.
    """

    def __init__(self, quantity: str, detail: str = ""):
        self.quantity = quantity
        msg = f"numerical error: {quantity} is not representable in float64"
        if detail:
            msg += f" ({detail})"
        super().__init__(msg)


class OutputError(EndodecError, OSError):
    """An output path cannot be written safely (it holds foreign files, is a regular file, ...).

    Parameters
    ----------
    path : path-like
        The refused output path.
    reason : str
        Why it was refused and what to do instead.
    """

    def __init__(self, path, reason: str):
        self.path, self.reason = str(path), reason
        super().__init__(f"output {self.path}: {reason}")

    def __str__(self) -> str:  # OSError's own __str__ would print the args tuple
        return f"output {self.path}: {self.reason}"


class SizeLimitError(EndodecError, ValueError):
    """A request would allocate more memory than the configured limit.

    The message gives the estimate, the limit (``ENDODEC_MAX_BYTES``) and the streaming
    alternative where one exists.
    """


class AnalysisFailed(EndodecError, RuntimeError):
    """One or more analyses of ``endodec reproduce`` failed; the previous report was kept.

    Attributes
    ----------
    errors : dict
        Analysis id -> one-line reason.
    failed_out : pathlib.Path or None
        Where the failed run's output was kept for inspection.
    """

    def __init__(self, errors: dict[str, str], failed_out=None, out=None):
        self.errors, self.failed_out, self.out = dict(errors), failed_out, out
        lines = [f"{len(errors)} analys{'i' if len(errors) == 1 else 'e'}s failed; "
                 + (f"the previous report at {out} was left untouched" if out else
                    "no report was written")]
        lines += [f"  {k}: {v}" for k, v in errors.items()]
        if failed_out is not None:
            lines.append(f"  the failed run's output is kept for inspection at {failed_out}")
        super().__init__("\n".join(lines))
