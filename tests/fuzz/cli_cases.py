"""CLI fuzz harness: every command, every option, bad values, one at a time.

Each case runs ``endodec <command> <base args> <option> <bad value>`` in-process (Typer's
``CliRunner``) under a per-case alarm and is classified as

``ok``
    exit 0 and no NaN in the output;
``clean error``
    non-zero exit with a one-line ``error:`` message or a usage error;
``traceback``
    an exception escaped, or the output shows a traceback or an "internal error" (a bug);
``hang``
    the case ran past the alarm;
``garbage``
    exit 0 but NaN in the output.

The test (``test_fuzz_cli.py``) fails on any traceback, hang or garbage. Run the full set with
``ENDODEC_FUZZ_FULL=1 python -m pytest tests/fuzz/test_fuzz_cli.py``; CI runs a fixed sample.
``python tests/fuzz/cli_cases.py`` prints the counts of the full set.
"""

from __future__ import annotations

import dataclasses
import os
import re
import signal
import sys
import tempfile
from pathlib import Path

import typer
from typer.testing import CliRunner

from endodec.cli import app

FLOAT_BAD = ["nan", "inf", "-inf", "-1", "0", "1e308", "-1e308", "1e-308", "abc", ""]
INT_BAD = ["-1", "0", "1000000000000", "99999999999999999999", "abc", "1.5"]
STR_BAD = ["", "zzz-no-such", "-1", "\u00e9\u00e8"]
PATH_KINDS = ["missing", "dir", "binary", "latin1", "empty", "wrongcols", "nanvalues"]
#: Bad values for options with a structure of their own.
SPECIFIC = {
    "--vary": ["N=2:50:nan", "N=2:50:1e12", "zz=1:2", "N=", "a=inf:1", "a=1:2:-3", "b=1e-239",
               "N=2:1e300"],
    "--fix": ["a=inf", "zz=1", "a", "N=1.5", "S=-1"],
    "--only": ["no-such-analysis", ""],
    "--shares": ["nan,0.1", "0.1,2", "abc", "", "-0.5,0.1"],
    "--as-of": ["2024-13-40", "abc", "nan"],
    "--treatment-date": ["2022-13-40", "abc", ""],
    "--appendix-b": ["4-3", "abc", "nan-1", "-1"],
    "--prob-by": ["nan", "inf", "-1", "1e308", "abc"],
    "--target": ["nan", "inf", "-1", "0", "abc"],
    "--ratio": ["nan", "inf", "-1", "0", "abc"],
    "--exclude": ["no-such-study", "nan"],
    "--port": ["0", "70000", "-1", "abc"],
    "--scheduler": ["tcp://256.0.0.1:1", "nonsense"],
}
#: Arguments and options that make a command cheap and offline (fuzzed options replace them).
BASE = {
    ("reproduce",): ["--only", "s3-baseline", "--fast", "--out", "{tmp}/rep"],
    ("data", "show"): ["dram"],
    ("data", "author"): ["no-such-stem", "--dir", "{tmp}"],
    ("data", "validate"): ["{tmp}"],
    ("learning", "fit"): ["dram"],
    ("forecast",): ["--n-draws", "200"],
    ("game", "sweep"): ["--vary", "N=2:4"],
}
#: Never run: they reach the network (the harness must be offline and fast).
SKIP = {("data", "fetch-author")}
SKIP_OPTIONS = {"--help", "--fetch", "--debug", "--version"}
_NAN = re.compile(r"(?<![A-Za-z_])nan(?![A-Za-z_])", re.IGNORECASE)
_BAD_TEXT = ("Traceback (most recent call last)", "internal error")


@dataclasses.dataclass(frozen=True)
class Case:
    command: tuple[str, ...]
    option: str  # option name, or "<argument>" for a positional argument
    value: str  # the bad value, or "path:KIND"

    @property
    def id(self) -> str:
        return f"{' '.join(self.command)} {self.option}={self.value!r}"


def _walk(cmd, path=()):
    subs = getattr(cmd, "commands", None) or {}
    own = [p for p in getattr(cmd, "params", []) if (p.opts or [""])[0] not in SKIP_OPTIONS]
    if path and (not subs or own):
        yield path, cmd
    for name, sub in subs.items():
        yield from _walk(sub, path + (name,))


def _values_for(p) -> list[str]:
    opt = (p.opts or [p.name])[0]
    if opt in SPECIFIC:
        return SPECIFIC[opt]
    t = p.bare_type().replace(" | None", "").replace("list[", "").rstrip("]")
    if t == "bool" or getattr(p, "is_flag", False):
        return []
    if t == "float":
        return FLOAT_BAD
    if t == "int":
        return INT_BAD
    if t == "Path":
        return [f"path:{k}" for k in PATH_KINDS]
    if t == "str":
        return STR_BAD
    return STR_BAD


def all_cases() -> list[Case]:
    """Every (command, option, bad value) of the CLI."""
    root = typer.main.get_command(app)
    cases = []
    for path, cmd in _walk(root):
        if path in SKIP:
            continue
        for p in cmd.params:
            opt = (p.opts or [p.name])[0]
            if opt in SKIP_OPTIONS:
                continue
            name = opt if p.param_type_name == "option" else "<argument>"
            for v in _values_for(p):
                cases.append(Case(path, name, v))
    return cases


def _make_path(kind: str, tmp: Path) -> str:
    p = tmp / f"fuzz_{kind}.csv"
    if kind == "missing":
        return str(tmp / "no" / "such" / "file.csv")
    if kind == "dir":
        d = tmp / "a_directory"
        d.mkdir(exist_ok=True)
        return str(d)
    if kind == "binary":
        p.write_bytes(bytes(range(256)) * 4)
    elif kind == "latin1":
        p.write_bytes("year,price,cumulative\n1990,caf\xe9,1\n".encode("latin-1"))
    elif kind == "empty":
        p.write_bytes(b"")
    elif kind == "wrongcols":
        p.write_text("foo,bar\n1,2\n3,4\n")
    elif kind == "nanvalues":
        p.write_text("year,price,cumulative,value,share,date\n"
                     "2020,nan,inf,nan,nan,nan\n2021,-1,-1,inf,2,2021-01-01\n")
    return str(p)


class _Hang(BaseException):  # not Exception: the CLI boundary must not catch it
    pass


def _alarm(signum, frame):
    raise _Hang


def run_case(case: Case, timeout: int = 60) -> tuple[str, str]:
    """Run one case; return (classification, output excerpt)."""
    with tempfile.TemporaryDirectory(prefix="endodec-fuzz-") as td:
        tmp = Path(td)
        base = [a.format(tmp=tmp) for a in BASE.get(case.command, [])]
        value = _make_path(case.value[5:], tmp) if case.value.startswith("path:") else case.value
        if case.option == "<argument>":
            # replace the base positional argument (the first base item that is not an option)
            rest = base[1:] if base and not base[0].startswith("--") else base
            args = [*case.command, value, *rest]
        else:
            if case.option in base:  # the fuzzed option replaces its base value
                i = base.index(case.option)
                base = base[:i] + base[i + 2:]
            args = [*case.command, *base, case.option, value]
        from endodec.cli import explore as _explore

        real_run = _explore.run_server
        _explore.run_server = lambda *a, **k: 0  # never start a real Streamlit server
        old = signal.signal(signal.SIGALRM, _alarm)
        signal.alarm(timeout)
        cwd = os.getcwd()
        try:
            os.chdir(tmp)
            res = CliRunner().invoke(app, args, catch_exceptions=True)
        except _Hang:
            return "hang", " ".join(args)
        finally:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, old)
            os.chdir(cwd)
            _explore.run_server = real_run
    out = res.output or ""
    exc = res.exception
    if isinstance(exc, _Hang):
        return "hang", " ".join(args)
    if exc is not None and not isinstance(exc, SystemExit):
        return "traceback", f"{' '.join(args)}: {type(exc).__name__}: {exc}"
    if any(t in out for t in _BAD_TEXT):
        return "traceback", f"{' '.join(args)}: {out[-600:]}"
    if res.exit_code == 0:
        if _NAN.search(out):
            return "garbage", f"{' '.join(args)}: {out[-600:]}"
        return "ok", ""
    return "clean error", ""


def sample(cases: list[Case], n: int, seed: int = 0) -> list[Case]:
    """A fixed sample of ``n`` cases, every command represented."""
    import random

    rng = random.Random(seed)
    by_cmd: dict[tuple, list[Case]] = {}
    for c in cases:
        by_cmd.setdefault(c.command, []).append(c)
    picked = [rng.choice(v) for v in by_cmd.values()]
    rest = [c for c in cases if c not in picked]
    picked += rng.sample(rest, max(0, min(len(rest), n - len(picked))))
    return picked


if __name__ == "__main__":  # pragma: no cover - manual full run
    import collections
    import json

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    counts: collections.Counter = collections.Counter()
    bad = []
    cases = all_cases()
    for c in cases:
        kind, detail = run_case(c)
        counts[kind] += 1
        if kind in ("traceback", "hang", "garbage"):
            bad.append((kind, c.id, detail))
            print(kind, c.id, detail[:400], file=sys.stderr)
    print(json.dumps({"cases": len(cases), **counts}, indent=1))
    for b in bad:
        print(*b, sep=" | ")
