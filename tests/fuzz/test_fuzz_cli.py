"""CLI fuzz: every command with bad option values must end in a clean error or a finite result.

No traceback, no hang, no NaN printed with exit status 0 (see :mod:`tests.fuzz.cli_cases`). CI
runs a fixed sample (every command at least once); ``ENDODEC_FUZZ_FULL=1`` runs all cases.
The counts are written to ``$ENDODEC_TEST_ARTIFACTS/fuzz_cli_counts.json`` when that is set.
"""

from __future__ import annotations

import collections
import json
import os
from pathlib import Path

import pytest

from tests.fuzz.cli_cases import all_cases, run_case, sample

FULL = os.environ.get("ENDODEC_FUZZ_FULL") == "1"
CASES = all_cases()
CHOSEN = CASES if FULL else sample(CASES, 160)
_COUNTS: collections.Counter = collections.Counter()


def test_harness_covers_every_command():
    import typer

    from endodec.cli import app
    from tests.fuzz.cli_cases import SKIP, _walk

    commands = {p for p, _ in _walk(typer.main.get_command(app))} - SKIP
    with_params = {c.command for c in CASES}
    assert commands - with_params <= {("data", "list")}, commands - with_params
    assert {c.command for c in CHOSEN} == with_params
    assert len(CASES) > 1000


@pytest.mark.parametrize("case", CHOSEN, ids=[c.id for c in CHOSEN])
def test_cli_case(case):
    kind, detail = run_case(case)
    _COUNTS[kind] += 1
    _write_counts()
    assert kind in ("ok", "clean error"), f"{kind}: {detail}"


def _write_counts():
    d = os.environ.get("ENDODEC_TEST_ARTIFACTS")
    if d:
        Path(d).mkdir(parents=True, exist_ok=True)
        (Path(d) / "fuzz_cli_counts.json").write_text(json.dumps(
            {"full": FULL, "cases": len(CHOSEN), **_COUNTS}, indent=1))


def test_classifier_flags_what_it_must(monkeypatch):
    """The harness itself can fail: a planted traceback, NaN output and hang are caught."""
    from endodec.cli import game as game_cli  # noqa: F401
    from tests.fuzz import cli_cases
    from tests.fuzz.cli_cases import Case

    case = Case(("game", "solve"), "--a", "2")

    def boom(*a, **k):
        raise ZeroDivisionError("planted")

    monkeypatch.setattr("endodec.model.game.solve", boom)
    assert run_case(case)[0] == "traceback"
    monkeypatch.undo()

    import typer

    def nan_solve(*a, **k):
        typer.echo("V_N = nan")
        raise typer.Exit(0)

    monkeypatch.setattr("endodec.model.game.solve", nan_solve)
    assert run_case(case)[0] == "garbage"
    monkeypatch.undo()

    import time

    monkeypatch.setattr("endodec.model.game.solve", lambda *a, **k: time.sleep(10))
    assert run_case(case, timeout=1)[0] == "hang"
    monkeypatch.undo()
    assert cli_cases.run_case(Case(("game", "solve"), "--a", "2"))[0] == "ok"
