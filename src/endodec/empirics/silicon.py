r"""Consumer silicon and the inference crossing condition (seed 000 §4.5, seed 001 §5.2.6).

Bandwidth-bound decoding: generating one token streams every weight that the token uses through
the memory bus once, so

.. math:: \text{tok/s} \approx \frac{\text{bandwidth (GB/s)}}{\text{bytes per token (GB)}},
          \qquad \text{bytes per token} = P_{\rm read}\cdot\frac{\text{bits}}{8},

with :math:`P_{\rm read}` all parameters for a dense model and the *active* parameters for a
mixture-of-experts model (billions; 1 GB = 1e9 bytes). This is a ceiling (no KV-cache traffic,
perfect bandwidth utilisation); the paper calls it "the bandwidth-limited theoretical ceiling".
The paper's model sizes are GGUF file sizes (70B Q4 "~40GB", 32B Q4 "18GB"): about 4.5 bits per
weight, not 4; pass ``bits=4.5`` or ``size_GB=`` to use them.

The crossing condition (seed 000 §4.5, seed 001 §7 Prediction 2): a device under $1,500 running a
>= 70B-class model at >= 20 tok/s. "70B-class" is read as 70B parameters by default (seed 000);
seed 001 reframes it as 70B-class *output quality*, which a MoE model with fewer active
parameters may deliver (``min_params_B`` applies to total parameters).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import ClassVar

import numpy as np
import pandas as pd

from endodec._validate import in_range
from endodec.errors import DataError, ParameterError
from endodec.results import ResultBase

__all__ = [
    "Device",
    "Model",
    "bytes_per_token_GB",
    "model_size_GB",
    "tokens_per_second",
    "fits_in_memory",
    "params_per_dollar_M",
    "required_bandwidth",
    "CrossingResult",
    "crossing_condition",
    "devices_from_table",
    "DeviceTable",
    "CROSSING",
]

#: The paper's crossing condition: (min params B, min tok/s, max price USD).
CROSSING = {"min_params_B": 70.0, "min_tok_s": 20.0, "max_price_usd": 1500.0}


def _pos(name, v, allow_none=False, allow_zero=False):
    if v is None:
        if allow_none:
            return
        raise ParameterError(name, v, "a positive number")
    return in_range(name, v, lo=0.0, lo_open=not allow_zero, type_allowed="a positive number",
                    allowed=">= 0 and finite" if allow_zero else "> 0 and finite")


def _checked(quantity: str, v):
    """``v``, or :class:`~endodec.errors.NumericalError` if it overflowed to inf."""
    if not np.all(np.isfinite(v)):
        from endodec.errors import NumericalError

        raise NumericalError(quantity, "the result overflows float64 for these inputs")
    return v


@dataclass(frozen=True)
class Device:
    """A device (validated, immutable).

    Parameters
    ----------
    name : str
    bandwidth_GBs : float
        Memory bandwidth (GB/s).
    memory_GB : float or None
        Memory available to the model (GB); None = unknown.
    price_usd : float or None
        Price (USD); None = unknown.
    tier, year, note : optional metadata.
    """

    name: str
    bandwidth_GBs: float
    memory_GB: float | None = None
    price_usd: float | None = None
    tier: str = ""
    year: int | None = None
    note: str = field(default="", compare=False)

    def __post_init__(self):
        _pos("bandwidth_GBs", self.bandwidth_GBs)
        _pos("memory_GB", self.memory_GB, allow_none=True)
        _pos("price_usd", self.price_usd, allow_none=True)

    def replace(self, **kw) -> Device:
        return replace(self, **kw)


@dataclass(frozen=True)
class Model:
    """A language model for decoding (validated, immutable).

    Parameters
    ----------
    name : str
    params_B : float
        Total parameters (billions).
    bits : float
        Bits per weight of the quantization (Q4 = 4; GGUF Q4_K_M files are about 4.5-4.8).
    active_params_B : float or None
        Parameters read per token (MoE); None = dense (all parameters).
    size_GB : float or None
        File size in memory, overriding ``params_B * bits / 8`` (e.g. the paper's "~40GB").
    """

    name: str
    params_B: float
    bits: float = 4.0
    active_params_B: float | None = None
    size_GB: float | None = None

    def __post_init__(self):
        _pos("params_B", self.params_B)
        _pos("bits", self.bits)
        _pos("active_params_B", self.active_params_B, allow_none=True)
        _pos("size_GB", self.size_GB, allow_none=True)
        if self.active_params_B is not None and self.active_params_B > self.params_B:
            raise ParameterError("active_params_B", self.active_params_B,
                                 f"<= params_B = {self.params_B}")

    @property
    def is_moe(self) -> bool:
        return self.active_params_B is not None and self.active_params_B < self.params_B

    @property
    def memory_GB(self) -> float:
        """Weights in memory (GB)."""
        return self.size_GB if self.size_GB is not None else model_size_GB(self.params_B, self.bits)

    @property
    def bytes_per_token_GB(self) -> float:
        """GB streamed per generated token."""
        if self.size_GB is not None:
            frac = (self.active_params_B / self.params_B) if self.active_params_B else 1.0
            return self.size_GB * frac
        return float(bytes_per_token_GB(self.params_B, self.bits, self.active_params_B))


def model_size_GB(params_B, bits=4.0):
    """Weights in memory: ``params_B * bits / 8`` GB (vectorized)."""
    _pos("params_B", params_B)
    _pos("bits", bits)
    with np.errstate(over="ignore"):
        return _checked("model size", np.asarray(params_B, dtype=float)
                        * np.asarray(bits, dtype=float) / 8.0)


def bytes_per_token_GB(params_B, bits=4.0, active_params_B=None):
    """GB read per token: active parameters (MoE) or all parameters (dense) at ``bits``."""
    p = params_B if active_params_B is None else active_params_B
    return model_size_GB(p, bits)


def _efficiency(efficiency) -> float:
    """``efficiency`` as a float in (0, 1] (finite), else :class:`ParameterError`."""
    try:
        e = float(efficiency)
    except (TypeError, ValueError):
        raise ParameterError("efficiency", efficiency, "a number in (0, 1]") from None
    if not (0 < e <= 1):
        raise ParameterError("efficiency", efficiency, "in (0, 1]",
                             "the achieved fraction of peak bandwidth")
    return e


def tokens_per_second(bandwidth_GBs, params_B, bits=4.0, active_params_B=None, efficiency=1.0):
    r"""Bandwidth-bound decoding speed (tok/s), seed 000 §4.5 / seed 001 §5.2.6.

    :math:`\text{tok/s} = \eta \cdot \text{BW} / (P \cdot \text{bits}/8)`, with :math:`P` the
    active parameters for MoE models. Broadcasts over arrays.

    Parameters
    ----------
    bandwidth_GBs : array_like
        Memory bandwidth (GB/s).
    params_B : array_like
        Total parameters (billions).
    bits : array_like
        Bits per weight (4 for Q4; ~4.5 reproduces the paper's GGUF file sizes).
    active_params_B : array_like, optional
        Parameters read per token (MoE).
    efficiency : float
        Achieved fraction of peak bandwidth (1 = the theoretical ceiling).

    Returns
    -------
    ndarray (or float for scalar inputs)

    Examples
    --------
    >>> round(float(tokens_per_second(546, 70, bits=40 * 8 / 70)), 2)  # 546/40
    13.65
    """
    _pos("bandwidth_GBs", bandwidth_GBs)
    efficiency = _efficiency(efficiency)
    _pos("params_B", params_B)
    _pos("bits", bits)
    if active_params_B is not None:
        _pos("active_params_B", active_params_B)
        if np.any(np.asarray(active_params_B, float) > np.asarray(params_B, float)):
            raise ParameterError("active_params_B", active_params_B, "<= params_B")
    bpt = bytes_per_token_GB(params_B, bits, active_params_B)
    with np.errstate(over="ignore"):
        out = _checked("tok/s", efficiency * np.asarray(bandwidth_GBs, float) / bpt)
    return out if np.ndim(out) else float(out)


def fits_in_memory(memory_GB, params_B, bits=4.0, overhead_GB=0.0):
    """Do the weights (``params_B * bits / 8`` GB) plus ``overhead_GB`` fit in ``memory_GB``?

    Vectorized; ``overhead_GB`` stands for KV cache, runtime and operating system.
    """
    _pos("memory_GB", memory_GB)
    _pos("overhead_GB", overhead_GB, allow_zero=True)
    out = model_size_GB(params_B, bits) + np.asarray(overhead_GB, float) <= np.asarray(
        memory_GB, float)
    return out if np.ndim(out) else bool(out)


def params_per_dollar_M(params_B, price_usd):
    """Millions of model parameters per dollar: ``params_B * 1000 / price`` (paper's metric)."""
    _pos("params_B", params_B)
    _pos("price_usd", price_usd)
    with np.errstate(over="ignore"):
        out = _checked("parameters per dollar",
                       np.asarray(params_B, float) * 1e3 / np.asarray(price_usd, float))
    return out if np.ndim(out) else float(out)


def required_bandwidth(tok_s, params_B, bits=4.0, active_params_B=None):
    """Bandwidth (GB/s) needed for ``tok_s`` under bandwidth-bound decoding."""
    _pos("tok_s", tok_s)
    with np.errstate(over="ignore"):
        out = _checked("required bandwidth", np.asarray(tok_s, float)
                       * bytes_per_token_GB(params_B, bits, active_params_B))
    return out if np.ndim(out) else float(out)


@dataclass(repr=False)
class CrossingResult(ResultBase):
    """The crossing condition evaluated for one device and one model.

    Attributes
    ----------
    device, model : Device, Model
    tok_s : float
        Bandwidth-bound decoding speed.
    fits : bool or None
        Weights fit in memory (None: memory unknown).
    meets_params, meets_speed, meets_price : bool or None
    crosses : bool or None
        All three (None if a needed quantity is unknown and the others hold).
    required_bandwidth_GBs : float
        Bandwidth needed for ``min_tok_s`` on this model.
    price_ratio : float or None
        Price / price target.
    params_per_dollar_M : float or None
    thresholds : dict
    """

    device: Device
    model: Model
    tok_s: float
    fits: bool | None
    meets_params: bool
    meets_speed: bool | None
    meets_price: bool | None
    crosses: bool | None
    required_bandwidth_GBs: float
    price_ratio: float | None
    params_per_dollar_M: float | None
    thresholds: dict

    _summary_title: ClassVar[str] = "Crossing condition"

    def _dict_fields(self) -> dict:
        return self.record()

    def record(self) -> dict:
        """The result as one table row of raw values (the verdicts, the device's and the model's
        numbers, the thresholds), for building tables; :meth:`to_dict` is its strict-JSON form."""
        d = {k: getattr(self, k) for k in ("tok_s", "fits", "meets_params", "meets_speed",
                                           "meets_price", "crosses", "required_bandwidth_GBs",
                                           "price_ratio", "params_per_dollar_M")}
        d.update(device=self.device.name, model=self.model.name,
                 bandwidth_GBs=self.device.bandwidth_GBs, memory_GB=self.device.memory_GB,
                 price_usd=self.device.price_usd, model_GB=self.model.memory_GB,
                 bytes_per_token_GB=self.model.bytes_per_token_GB, **self.thresholds)
        return d

    def _summary_text(self) -> str:
        th = self.thresholds

        def yn(v):
            return "unknown" if v is None else ("yes" if v else "no")

        d, m = self.device, self.model
        lines = [
            f"Crossing condition (>= {th['min_params_B']:g}B at >= {th['min_tok_s']:g} tok/s "
            f"under ${th['max_price_usd']:,.0f}; seed 000 §4.5, seed 001 §5.2.6)",
            f"  device: {d.name}: {d.bandwidth_GBs:g} GB/s, memory "
            f"{'?' if d.memory_GB is None else f'{d.memory_GB:g} GB'}, price "
            f"{'?' if d.price_usd is None else f'${d.price_usd:,.0f}'}",
            f"  model:  {m.name}: {m.params_B:g}B params"
            + (f" ({m.active_params_B:g}B active, MoE)" if m.is_moe else "")
            + f", {m.bits:g} bits -> {m.memory_GB:.1f} GB in memory, "
              f"{m.bytes_per_token_GB:.2f} GB read per token",
            f"  bandwidth-bound speed: {self.tok_s:.1f} tok/s (needs "
            f"{self.required_bandwidth_GBs:.0f} GB/s for {th['min_tok_s']:g} tok/s)",
            f"  fits in memory: {yn(self.fits)}; params >= {th['min_params_B']:g}B: "
            f"{yn(self.meets_params)}; speed: {yn(self.meets_speed)}; price: "
            f"{yn(self.meets_price)}"
            + (f" ({self.price_ratio:.2f}x the target)" if self.price_ratio else ""),
        ]
        if self.params_per_dollar_M is not None:
            lines.append(f"  parameters per dollar: {self.params_per_dollar_M:.1f}M")
        lines.append(f"  CROSSES: {yn(self.crosses)}")
        return "\n".join(lines)


def crossing_condition(device: Device, model: Model, min_params_B: float = 70.0,
                       min_tok_s: float = 20.0, max_price_usd: float = 1500.0,
                       efficiency: float = 1.0) -> CrossingResult:
    """Evaluate the inference crossing condition for ``device`` running ``model``.

    Implements the condition of seed 000 §4.5 (">= 70B parameters at >= 20 tok/s under $1,500")
    with bandwidth-bound decoding speed (:func:`tokens_per_second`). A model that does not fit
    in memory does not meet the speed condition.

    Parameters
    ----------
    device : Device
        The device (bandwidth, memory, price).
    model : Model
        The model (parameters in billions, bits per weight).
    min_params_B, min_tok_s, max_price_usd : float
        The condition's thresholds (the paper's are the defaults).
    efficiency : float
        Share of the peak bandwidth reached, in (0, 1].

    Returns
    -------
    CrossingResult
    """
    _pos("min_params_B", min_params_B)
    _pos("min_tok_s", min_tok_s)
    _pos("max_price_usd", max_price_usd)
    efficiency = _efficiency(efficiency)
    if not isinstance(device, Device):
        raise ParameterError("device", type(device).__name__, "an endodec.empirics.silicon.Device")
    if not isinstance(model, Model):
        raise ParameterError("model", type(model).__name__, "an endodec.empirics.silicon.Model")
    bpt = model.bytes_per_token_GB
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        tok = efficiency * device.bandwidth_GBs / bpt
        req = min_tok_s * bpt / efficiency
    if not (np.isfinite(tok) and np.isfinite(req) and tok > 0):
        from endodec.errors import NumericalError

        raise NumericalError("tok/s", f"bandwidth {device.bandwidth_GBs:g} GB/s over "
                             f"{bpt:g} GB per token")
    fits = None if device.memory_GB is None else bool(model.memory_GB <= device.memory_GB)
    speed = bool(tok >= min_tok_s) if fits is not False else False
    if fits is None:
        speed = None if tok >= min_tok_s else False
    meets_params = bool(model.params_B >= min_params_B)
    price = None if device.price_usd is None else bool(device.price_usd <= max_price_usd)
    parts = [meets_params, speed, price]
    crosses = False if any(p is False for p in parts) else (None if None in parts else True)
    ppd = (params_per_dollar_M(model.params_B, device.price_usd)
           if device.price_usd is not None else None)
    return CrossingResult(
        device, model, float(tok), fits, meets_params, speed, price, crosses,
        float(req),
        None if device.price_usd is None else device.price_usd / max_price_usd, ppd,
        {"min_params_B": min_params_B, "min_tok_s": min_tok_s, "max_price_usd": max_price_usd})


def devices_from_table(df: pd.DataFrame) -> list[Device]:
    """Devices from the packaged ``consumer_devices`` table (rows with a bandwidth; one per
    device/price; lower-bound prices such as the M3 Ultra's '$5,000+' are used as printed)."""
    need = {"device", "bandwidth_gb_s"}
    if not need <= set(df.columns):
        raise DataError(f"consumer_devices table lacks {sorted(need - set(df.columns))}")
    out, seen = [], set()
    for r in df.itertuples():
        if pd.isna(r.bandwidth_gb_s):
            continue
        price = r.price_usd if not pd.isna(r.price_usd) else (
            r.price_usd_lo if "price_usd_lo" in df.columns and not pd.isna(r.price_usd_lo)
            else None)
        name = f"{r.device} ({r.chip})" if "chip" in df.columns else r.device
        key = (name, price)
        if key in seen:
            continue
        seen.add(key)
        mem = None if pd.isna(r.memory_gb) else float(r.memory_gb)
        out.append(Device(name, float(r.bandwidth_gb_s), mem,
                          None if price is None else float(price), r.tier,
                          int(r.year) if not pd.isna(r.year) else None))
    return out


#: Columns of :attr:`DeviceTable.table`.
DEVICE_COLUMNS = ("device", "bandwidth_GBs", "memory_GB", "price_usd", "tok_s", "fits",
                  "meets_speed", "meets_price", "crosses", "params_per_dollar_M")


@dataclass(repr=False)
class DeviceTable(ResultBase):
    """The crossing condition for every device of a paper version (``empirics silicon devices``).

    Attributes
    ----------
    version : str
        Paper version of the packaged ``consumer_devices`` table.
    model : Model
        The model every device is tested on.
    results : list of CrossingResult
        One per device.

    Notes
    -----
    ``to_dict()``: ``version``, ``model`` (its name), ``size_GB`` and ``devices`` (the records
    of :attr:`table`).
    """

    version: str
    model: Model
    results: list

    _summary_title = "Consumer devices vs the crossing condition"

    @property
    def table(self) -> pd.DataFrame:
        """One row per device (:data:`DEVICE_COLUMNS`)."""
        return pd.DataFrame([r.record() for r in self.results])[list(DEVICE_COLUMNS)]

    def _dict_fields(self) -> dict:
        return {"version": self.version, "model": self.model.name,
                "size_GB": self.model.memory_GB, "devices": self.table}

    def _scalars(self) -> dict:
        return {"version": self.version, "model": self.model.name, "devices": len(self.results),
                "crossing": int(sum(bool(r.crosses) for r in self.results))}

    def _frame(self) -> pd.DataFrame:
        return self.table

    def _summary_tables(self) -> list:
        return [("", self.table)]

    def _summary_text(self) -> str:
        with pd.option_context("display.width", 200, "display.max_colwidth", 45):
            return (f"Devices of seed {self.version} on a dense 70B model "
                    f"({self.model.memory_GB:g} GB), bandwidth-bound:\n"
                    + self.table.round(2).to_string(index=False))
