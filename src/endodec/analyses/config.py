"""The run configuration: every parameter and dataset an analysis reads, in one validated object.

``endodec reproduce --config run.toml --set game.N=8 --set game.delta=0.2 --data dram=mine.csv``
builds a :class:`RunConfig`; its defaults are the paper's calibration (per version, from
:data:`endodec.model.params.GAME_PARAMS` and :class:`endodec.model.adoption.AdoptionParams`).
Sections:

- ``[game]``: the N-firm game's parameters (seed 000 §3.1, §3.7; seed 001 §3.1). A key left
  unset is the paper's baseline of the version an analysis reproduces; a key set applies to
  both versions.
- ``[adoption]``: the R0 framework's parameters (seed 000 §3.9; seed 001 §3.10).
- ``[run]``: ``seed`` and ``fast``.
- ``[data]``: ``name = "path/to/file.csv"``: your own file in place of a packaged dataset
  (validated against that dataset's schema; see ``endodec data template NAME``).

Validation is pydantic's (unknown keys, wrong types and values out of range are errors naming the
key, the value and what is allowed), raised as :class:`~endodec.errors.ConfigError`.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model, field_validator

from endodec.errors import ConfigError
from endodec.model.adoption import AdoptionParams
from endodec.model.params import GAME_PARAMS, N_MAX, PAPER_VERSIONS, baseline

__all__ = ["RunConfig", "game_provenance", "load_config", "parse_set", "template"]

#: The adoption parameters a run may set (numeric fields of AdoptionParams).
ADOPTION_KEYS = ("gamma", "kappa", "mu", "lam", "beta0", "c_star", "alpha", "Q_bar", "Q0")
_ADOPTION_DEFAULTS = {f.name: f.default for f in dataclasses.fields(AdoptionParams)}
_ADOPTION_HELP = {
    "gamma": ("network effect multiplier", "", "seed 000 §3.9; seed 001 §3.10", "> 0"),
    "kappa": ("coordination friction", "per unit time", "seed 000 §3.9", ">= 0"),
    "mu": ("churn rate", "per unit time", "seed 000 §3.9", ">= 0"),
    "lam": ("latency advantage (an adoption rate)", "per unit time", "seed 000 §3.9", ">= 0"),
    "beta0": ("cost-saving-to-adoption-rate conversion", "", "seed 001 eq. (13)", "> 0"),
    "c_star": ("centralized cost benchmark", "$/GB", "seed 000 §3.9; seed 001 §3.10", "> 0"),
    "alpha": ("learning elasticity of c(Q) = c0 Q^-alpha", "", "seed 001 §4", "> 0"),
    "Q_bar": ("cost-parity threshold", "EB", "seed 001 §3.10", "> 0"),
    "Q0": ("cumulative production at time 0", "EB", "seed 001 §3.10", "> 0"),
}


def _game_field(name: str):
    p = GAME_PARAMS[name]
    kind = int if p.rule == "integer>=2" else float
    lo = {"integer>=2": 2, "positive": None, "nonnegative": 0}[p.rule]
    kw: dict[str, Any] = {"description": f"{p.help} [{p.unit}] ({p.ref})"}
    if p.rule == "integer>=2":
        kw.update(ge=lo, le=int(N_MAX))
    elif p.rule == "positive":
        kw.update(gt=0, allow_inf_nan=False)
    else:
        kw.update(ge=0, allow_inf_nan=False)
    return (kind | None, Field(None, **kw))


_STRICT = ConfigDict(extra="forbid", frozen=True, strict=False)

GameSection = create_model("GameSection", __config__=_STRICT,
                           **{n: _game_field(n) for n in GAME_PARAMS})


def _adoption_field(name: str):
    label, unit, ref, rule = _ADOPTION_HELP[name]
    kw: dict[str, Any] = {"description": f"{label} [{unit or '-'}] ({ref})",
                          "allow_inf_nan": False}
    kw.update(gt=0) if rule == "> 0" else kw.update(ge=0)
    return (float, Field(_ADOPTION_DEFAULTS[name], **kw))


AdoptionSection = create_model("AdoptionSection", __config__=_STRICT,
                               **{n: _adoption_field(n) for n in ADOPTION_KEYS})


class RunSection(BaseModel):
    """``[run]``: the seed of every random draw and the fast mode."""

    model_config = _STRICT
    seed: int = Field(20260221, ge=0, le=2**32 - 1,
                      description="seed of every random draw (bootstrap, Monte Carlo)")
    fast: bool = Field(False, description="fewer resamples (a quick look; stated in the report)")


class RunConfig(BaseModel):
    """One run's configuration (see the module docstring).

    Parameters
    ----------
    game : GameSection
        ``[game]``: the game's parameters (``None``: each version's paper baseline).
    adoption : AdoptionSection
        ``[adoption]``: the R0 framework's parameters.
    run : RunSection
        ``[run]``: ``seed`` and ``fast``.
    data : dict
        ``[data]``: ``{dataset name: your CSV}`` in place of packaged datasets.

    Examples
    --------
    >>> cfg = RunConfig().with_sets(["game.N=8", "game.delta=0.2"])
    >>> cfg.game_params("000").N, cfg.differences()[0][0]
    (8, 'game.N')
    """

    model_config = _STRICT
    game: GameSection = Field(default_factory=GameSection)  # type: ignore[valid-type]
    adoption: AdoptionSection = Field(default_factory=AdoptionSection)  # type: ignore[valid-type]
    run: RunSection = Field(default_factory=RunSection)
    data: dict[str, Path] = Field(default_factory=dict,
                                  description="dataset name -> your CSV in its place")

    @field_validator("data")
    @classmethod
    def _known_datasets(cls, v: dict[str, Path]) -> dict[str, Path]:
        from endodec.datasets import list_datasets

        known = set(list_datasets()["name"])
        for name, path in v.items():
            if name not in known:
                raise ValueError(f"unknown dataset {name!r}; allowed: {', '.join(sorted(known))}")
            if not Path(path).is_file():
                raise ValueError(f"{name} = {str(path)!r}: no such file")
        return v

    # -- construction --------------------------------------------------------------------------
    @classmethod
    def build(cls, raw: dict[str, Any], source: str = "configuration") -> RunConfig:
        """Validate a nested dict; errors become :class:`ConfigError` naming key and value."""
        try:
            return cls.model_validate(raw)
        except ValidationError as e:
            err = e.errors()[0]
            loc = [str(x) for x in err["loc"]]
            key = ".".join(loc)
            if err["type"] == "extra_forbidden":
                sections = {"game": GameSection, "adoption": AdoptionSection, "run": RunSection}
                known = (list(sections[loc[0]].model_fields) if len(loc) > 1 and loc[0]
                         in sections else ["game", "adoption", "run", "data"])
                msg = "unknown key; allowed: " + ", ".join(known)
            else:
                bounds = {"ge": ">=", "gt": ">", "le": "<=", "lt": "<"}
                ctx = err.get("ctx", {}) or {}
                rng = " and ".join(f"{bounds[k]} {v}" for k, v in ctx.items() if k in bounds)
                msg = err["msg"] if not rng else f"{err['msg']} (allowed: {rng})"
            raise ConfigError(source, key, err.get("input"), msg) from None

    def with_sets(self, sets: list[str] | None, source: str = "--set") -> RunConfig:
        """This configuration with ``section.key=value`` overrides applied."""
        raw = self.model_dump(exclude_defaults=True, mode="json")
        for s in sets or []:
            section, key, value = parse_set(s)
            raw.setdefault(section, {})[key] = value
        return RunConfig.build(raw, source)

    def with_data(self, items: list[str] | None) -> RunConfig:
        """This configuration with ``name=path`` dataset overrides applied."""
        raw = self.model_dump(exclude_defaults=True, mode="json")
        for s in items or []:
            name, sep, path = s.partition("=")
            if not sep or not name.strip() or not path.strip():
                raise ConfigError("--data", "data", s, "expected NAME=FILE.csv, e.g. dram=my.csv")
            raw.setdefault("data", {})[name.strip()] = path.strip()
        return RunConfig.build(raw, "--data")

    # -- what analyses read ----------------------------------------------------------------------
    def game_params(self, version: str = "000", **overrides):
        """:class:`~endodec.model.game.GameParams` at the paper's ``version`` baseline with this
        configuration's ``[game]`` keys (and ``overrides``) applied."""
        from endodec.model.game import GameParams

        vals = {k: v for k, v in self.game_baseline(version).items() if v is not None}
        return GameParams(**(vals | overrides))

    def game_baseline(self, version: str = "000") -> dict[str, Any]:
        """The paper's baseline ``{name: value}`` of ``version`` (:func:`endodec.model.params.
        baseline`) with this configuration's ``[game]`` keys applied."""
        if version not in PAPER_VERSIONS:
            raise ConfigError("game_params", "version", version, f"one of {PAPER_VERSIONS}")
        vals = dict(baseline(version))
        vals |= {k: v for k, v in self.game.model_dump().items() if v is not None}
        return vals

    def adoption_params(self, **overrides) -> AdoptionParams:
        """:class:`~endodec.model.adoption.AdoptionParams` with ``[adoption]`` (and
        ``overrides``) applied."""
        return AdoptionParams(**(self.adoption.model_dump() | overrides))

    # -- reporting -------------------------------------------------------------------------------
    def flat(self) -> dict[str, Any]:
        """``{"section.key": value}`` of every key (game keys unset: ``None``)."""
        out = {}
        for section in ("game", "adoption", "run"):
            for k, v in getattr(self, section).model_dump().items():
                out[f"{section}.{k}"] = v
        for k, v in self.data.items():
            out[f"data.{k}"] = str(v)
        return out

    def differences(self) -> list[tuple[str, Any, Any]]:
        """``[(key, paper's value, this run's value)]`` for every key whose value differs from
        the paper's configuration (a game key set to the baseline of both versions is no
        difference; ``[run]`` keys are run settings, not differences)."""
        mine, paper = self.flat(), RunConfig().flat()
        out = []
        for k, v in mine.items():
            if k.startswith("run.") or v is None:
                continue
            if k.startswith("game."):
                b0, b1 = (baseline(x)[k[5:]] for x in PAPER_VERSIONS)
                if v == b0 == b1:
                    continue
                out.append((k, b0 if b0 == b1 else f"{b0} (000) / {b1} (001)", v))
            elif v != paper.get(k):
                out.append((k, "packaged" if k.startswith("data.") else paper.get(k), v))
        return out

    def digest(self, keys: list[str] | None = None) -> str:
        """sha256 of the values of ``keys`` (all keys if None), for cache keys."""
        flat = self.flat()
        if keys is not None:
            flat = {k: v for k, v in flat.items() if any(k == p or k.startswith(p + ".")
                                                         for p in keys)}
        for k, v in list(flat.items()):
            if k.startswith("data.") and Path(v).is_file():
                flat[k] = hashlib.sha256(Path(v).read_bytes()).hexdigest()
        return hashlib.sha256(json.dumps(flat, sort_keys=True, default=str).encode()).hexdigest()


def game_provenance(p) -> str:
    """A run's game parameters as provenance text (``describe`` of the values actually used,
    the paper's printed form where they are the paper's), with the code's continuation value."""
    from endodec.model.params import describe

    return describe(values=p) + ", S=pi_bar/(r+delta) (author's code)"


def parse_set(text: str) -> tuple[str, str, Any]:
    """Parse ``section.key=value`` (the value as TOML: ``8``, ``0.2``, ``true``, ``"s"``).

    Raises
    ------
    ConfigError
        Not ``section.key=value``.
    """
    lhs, sep, rhs = str(text).partition("=")
    parts = lhs.strip().split(".")
    if not sep or len(parts) != 2 or not all(parts) or not rhs.strip():
        raise ConfigError("--set", "set", text, "expected SECTION.KEY=VALUE, e.g. game.N=8")
    try:
        value = tomllib.loads(f"v = {rhs.strip()}")["v"]
    except tomllib.TOMLDecodeError:
        value = rhs.strip()  # a bare word: a string (validation says if a number was meant)
    return parts[0], parts[1], value


def load_config(path: str | Path | None = None, sets: list[str] | None = None,
                data: list[str] | None = None) -> RunConfig:
    """The run configuration from a TOML file (optional), ``--set`` and ``--data`` overrides.

    Parameters
    ----------
    path : path, optional
        A TOML file (``endodec config template`` writes one with every key).
    sets : list of str, optional
        ``section.key=value`` overrides, applied after the file.
    data : list of str, optional
        ``name=file.csv`` dataset overrides.

    Returns
    -------
    RunConfig

    Raises
    ------
    ConfigError
        The file is missing, not UTF-8, not TOML, or a key/value is invalid (named).
    """
    cfg = RunConfig()
    if path is not None:
        p = Path(path)
        try:
            raw = tomllib.loads(p.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(str(p), "file", str(p), "no such configuration file") from None
        except UnicodeDecodeError:
            raise ConfigError(str(p), "file", str(p), "not UTF-8 text") from None
        except tomllib.TOMLDecodeError as e:
            raise ConfigError(str(p), "file", str(p), f"not valid TOML ({e})") from None
        base = p.parent
        for k, v in (raw.get("data") or {}).items():
            if isinstance(v, str) and not Path(v).is_absolute():
                raw["data"][k] = str(base / v)
        cfg = RunConfig.build(raw, str(p))
    return cfg.with_sets(sets).with_data(data)


def _toml(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str):
        return json.dumps(v)
    return repr(v)


def template() -> str:
    """A commented TOML file with every key, its default, unit and the paper section."""
    lines = ["# endodec run configuration (endodec reproduce --config THIS_FILE)",
             "# Every key is shown with the paper's value. Uncomment and edit a key to change it;",
             "# unset game keys take each paper version's own baseline.", "", "[game]"]
    for name, p in GAME_PARAMS.items():
        b0, b1 = p.baseline("000"), p.baseline("001")
        shown = "computed (see help)" if b0 is None else (
            _toml(b0) if b0 == b1 else f"{_toml(b0)} (seed 000) / {_toml(b1)} (seed 001)")
        lines += [f"# {p.label} [{p.unit}]: {p.help} Allowed: {p.allowed}.",
                  f"# Paper: {shown}; {p.ref}",
                  f"# {name} = {_toml(b0) if b0 is not None else 0.0}", ""]
    lines.append("[adoption]")
    for name in ADOPTION_KEYS:
        label, unit, ref, rule = _ADOPTION_HELP[name]
        lines += [f"# {name}: {label} [{unit or '-'}], {rule}; {ref}",
                  f"# {name} = {_toml(_ADOPTION_DEFAULTS[name])}", ""]
    lines += ["[run]", "# seed of every random draw; fast: fewer resamples", "# seed = 20260221",
              "# fast = false", "", "[data]",
              "# your own CSV in place of a packaged dataset (endodec data template NAME)",
              '# for example: dram = "my_dram_prices.csv"', ""]
    return "\n".join(lines)
