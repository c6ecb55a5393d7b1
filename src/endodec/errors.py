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


class ConfigError(ParameterError):
    """A run configuration is invalid: an unknown key, a wrong type, a value out of range, or a
    file that cannot be read. ``source`` is the file (or ``--set`` / ``--data``), ``key`` the
    dotted key (``game.N``)."""

    def __init__(self, source: str, key: str, value: object, allowed: str):
        self.source, self.key = source, key
        self.name, self.value, self.allowed = key, value, allowed
        EndodecError.__init__(self, f"{source}: {key} = {value!r}: {allowed}")


class DomainError(EndodecError, ValueError):
    """The model has no (interior) solution for these parameters, or an event never happens.

    Examples: ``a - 2*sqrt(b*N*r*S) <= 0: no interior cooperative solution``; a learning curve that
    never reaches the target cost; an R0 threshold that does not exist.
    """


class DataError(EndodecError, ValueError):
    """A dataset violates its schema or provenance rules (names file, row and column)."""


class SchemaError(DataError):
    """A table violates its schema.

    Attributes ``file``, ``row`` (1-based data row; the file line is ``row + 1``), ``column`` and
    ``value`` locate the problem; ``row`` is ``None`` for table-level problems (missing column).
    """

    def __init__(self, file: str, problem: str, *, row: int | None = None,
                 column: str | None = None, value: object = None, allowed: str = ""):
        self.file, self.row, self.column, self.value, self.allowed = file, row, column, value, allowed
        where = [f"file {file}"]
        if row is not None:
            where.append(f"row {row} (line {row + 1})")
        if column is not None:
            where.append(f"column '{column}'")
        msg = ", ".join(where) + f": {problem}"
        if row is not None:
            msg += f" (value {value!r})"
        if allowed:
            msg += f"; allowed: {allowed}"
        super().__init__(msg)


class LedgerError(EndodecError):
    """The claims ledger breaks one of its rules (an undeclared reading, a reading applied to
    some rows of its scope but not the others, a primary value computed under conditions other
    than the claim states, a missing key ...). ``problems`` lists every violation."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        head = "; ".join(self.problems[:5])
        more = f" (and {len(self.problems) - 5} more)" if len(self.problems) > 5 else ""
        super().__init__(f"the claims ledger breaks {len(self.problems)} rule(s): {head}{more}")


class HubError(DataError):
    """The Hugging Face Hub could not be reached (offline, rate limit) or ``huggingface_hub`` is
    not installed, and no cache holds the requested records."""


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


# ---------------------------------------------------------------------------------------------
# warnings: where endodec approximates or substitutes, it says so with one of these
# ---------------------------------------------------------------------------------------------
class EndodecWarning(UserWarning):
    """Base class of every warning endodec issues (filter them all with
    ``warnings.simplefilter("ignore", endodec.errors.EndodecWarning)``)."""


class NumericalWarning(EndodecWarning):
    """A numerical approximation may be inaccurate: a small resample count, a tolerance not met,
    a grid too coarse for the requested accuracy. The message names the quantity, the value
    reached and what to change."""


class DataWarning(EndodecWarning):
    """A dataset was used with a caveat: a row flagged as a projection or estimate, a substituted
    input, a sample smaller than the method assumes."""
