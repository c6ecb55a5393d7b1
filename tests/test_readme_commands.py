"""Every command README.md shows runs, on the packaged data, in this test.

The README's fenced ``bash`` blocks are parsed; each ``endodec ...`` command in them (also after
``&&`` or ``|``) is run with Typer's CliRunner in a temporary directory, exactly as written,
except where :data:`SPECIAL` says otherwise and why:

- ``author``: the command needs the paper author's data files. The README line must say so (it
  mentions the author's data), and run without them (no ``ENDODEC_AUTHOR_DATA``; the ``DIR``
  placeholder does not exist) it must fail cleanly: exit status 2 and one ``error:`` line that
  names the author data, no traceback.
- ``heavy``: a full ``endodec reproduce`` takes about a minute. Its library run is covered by
  ``tests/report/test_reproduce.py`` (``reproduce(out, fast=True)``, the function the command
  calls); here the command line is run as written plus ``--fast`` (an option the README shows)
  and ``--only s3-baseline`` (one analysis), which exercises the same CLI path and output.
- ``select``: a ``reproduce --only ...`` subset (about 30-60 s on 2 cores): run as written plus
  ``--list``, which prints the analyses the options select without running them; the listed ids
  must be exactly those :func:`endodec.report.reproduce.select` picks for the options, and
  non-empty. Running those analyses is covered by tests/analyses/ and tests/report/.
- ``server``: ``endodec explore`` starts a web server; the server start is replaced by a
  recorder (its real start is tested in tests/explore/), the rest of the command runs.
- ``update``: ``reproduce --only ... --update --out results`` needs a complete report in
  ``results``: the session's full ``--fast`` run is copied there first, then the command runs
  as written plus ``--fast``.
- ``compare``: ``compare results mine`` needs two reports: copies of the session's full run
  (their comparison itself is tested in tests/report/test_compare.py).

The Python block of the README runs too. A command of the README missing from the test (or an
entry of SPECIAL that no longer matches a README command) fails.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"

#: README command (as written, without its comment) -> how it is run (module docstring).
SPECIAL = {
    "endodec reproduce --out results": "heavy",
    "endodec reproduce --author-data DIR": "author",
    "endodec reproduce --only 3.5 --only learning --out part": "select",
    "endodec reproduce --only 3.5 --update --out results": "update",
    "endodec reproduce --set game.N=8 --set game.delta=0.2 --out mine": "heavy",
    "endodec compare results mine --html diff.html": "compare",
    "endodec empirics capex --author-data DIR": "author",
    "endodec empirics export-controls did --author-data DIR": "author",
    "endodec explore": "server",
}


def _blocks(text: str, lang: str) -> list[str]:
    return re.findall(rf"^```{lang}\n(.*?)^```", text, flags=re.M | re.S)


def readme_commands() -> list[tuple[str, str]]:
    """``(command, README line)`` of every ``endodec`` command in the README's bash blocks."""
    out, seen = [], set()
    for block in _blocks(README.read_text(encoding="utf-8"), "bash"):
        for line in block.splitlines():
            lex = shlex.shlex(line, posix=True, punctuation_chars=True)
            lex.whitespace_split = True
            lex.commenters = "#"
            words, cmd = list(lex), []
            for w in [*words, "&&"]:
                if w in ("&&", "|", "||", ";"):
                    if cmd and cmd[0] == "endodec" and shlex.join(cmd) not in seen:
                        seen.add(shlex.join(cmd))
                        out.append((shlex.join(cmd), line))
                    cmd = []
                else:
                    cmd.append(w)
    return out


COMMANDS = readme_commands()


def test_the_parser_finds_the_readme_commands():
    cmds = [c for c, _ in COMMANDS]
    assert len(cmds) >= 20, cmds
    assert "endodec data list" in cmds and "endodec --help" in cmds  # both sides of '|', last
    assert not set(SPECIAL) - set(cmds), "SPECIAL names commands the README no longer shows"


@pytest.fixture
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ENDODEC_AUTHOR_DATA", raising=False)
    monkeypatch.setenv("COLUMNS", "200")
    return tmp_path


def _invoke(args: list[str]):
    from endodec.cli.app import app

    return CliRunner().invoke(app, args, catch_exceptions=False)


def _inputs(cmd: str, tmp: Path) -> None:
    """Files a README command reads that an earlier README command writes."""
    if "--observations obs.csv" in cmd:
        _invoke(["predictions", "--template", "obs.csv"])


@pytest.mark.parametrize("cmd,line", COMMANDS, ids=[c for c, _ in COMMANDS])
def test_readme_command_runs(cmd, line, in_tmp, monkeypatch, request):
    args = shlex.split(cmd)[1:]
    how = SPECIAL.get(cmd)
    _inputs(cmd, in_tmp)
    if how in ("update", "compare"):
        import shutil

        full = request.getfixturevalue("full_run").out
        for name in ("results", "mine") if how == "compare" else ("results",):
            shutil.copytree(full, in_tmp / name)
        if how == "update":
            args += ["--fast"]
    if how == "author":
        assert "author" in line.lower(), f"README must say that {cmd!r} needs the author's data"
        r = _invoke(args)
        err = r.stderr.strip()
        assert r.exit_code == 2, (r.exit_code, r.output)
        assert len(err.splitlines()) == 1 and err.startswith("error:"), err
        assert "author" in err and "Traceback" not in r.output
        return
    if how == "heavy":
        args += ["--fast", "--only", "s3-baseline"]
    elif how == "select":
        from endodec.report.reproduce import select

        only = [args[i + 1] for i, a in enumerate(args) if a == "--only"]
        r = _invoke([*args, "--list"])
        assert r.exit_code == 0, r.output
        want = [a.id for a in select(only)]
        assert want and all(aid in r.stdout for aid in want), r.stdout
        listed = [ln.split("│")[1].strip() for ln in r.stdout.splitlines()
                  if ln.count("│") >= 5 and ln.split("│")[1].strip() not in ("", "id")]
        assert set(listed) == set(want), (listed, want)
        return
    elif how == "server":
        import endodec.cli.explore as cli_explore

        started = []
        monkeypatch.setattr(cli_explore, "run_server", lambda c, env: started.append(c) or 0)
    r = _invoke(args)
    assert r.exit_code == 0, f"{cmd}: exit {r.exit_code}\n{r.output}"
    assert "Traceback" not in r.output and "error:" not in r.stderr, r.output
    assert r.stdout.strip() or (in_tmp / "obs.csv").exists(), f"{cmd}: printed nothing"
    if how == "server":
        assert started and "streamlit" in " ".join(started[0])
    for opt in ("--out", "--fan-chart", "--template"):
        if opt in args:  # the file or report the command says it writes is there
            target = in_tmp / args[args.index(opt) + 1]
            assert target.exists(), f"{cmd}: {target.name} not written"
    if args[:1] == ["reproduce"] and "--list" not in args:
        assert (in_tmp / args[args.index("--out") + 1] / "report.html").is_file() if (
            "--out" in args) else (in_tmp / "results" / "report.html").is_file()


def test_readme_python_block_runs(in_tmp):
    blocks = _blocks(README.read_text(encoding="utf-8"), "python")
    assert blocks, "the README has no python block"
    for code in blocks:
        exec(compile(code, "README.md", "exec"), {"__name__": "readme"})
