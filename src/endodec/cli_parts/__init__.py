"""CLI command groups; each module exposes ``register(app: typer.Typer)``.

Errors of endodec (:class:`endodec.errors.EndodecError`) should be turned into a clear one-line
message and exit code 2 with :func:`endodec.cli_parts.common.fail`.
"""
