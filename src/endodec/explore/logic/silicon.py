"""Logic of the silicon page (:mod:`endodec.explore.views.silicon`): the bandwidth calculator
and the inference crossing condition (``endodec.empirics.silicon``, an optional part)."""

from __future__ import annotations

import importlib
import shlex
from collections.abc import Mapping
from typing import Any

import pandas as pd

__all__ = ["SILICON_MODULE", "silicon_command", "silicon_devices", "silicon_results"]

SILICON_MODULE = "endodec.empirics.silicon"


def silicon_devices() -> list:
    """Devices with a bandwidth in the packaged ``consumer_devices`` table."""
    from endodec import datasets

    mod = importlib.import_module(SILICON_MODULE)
    return mod.devices_from_table(datasets.load("consumer_devices"))


def silicon_results(device: Mapping[str, Any], model: Mapping[str, Any],
                    thresholds: Mapping[str, float], efficiency: float) -> dict[str, Any]:
    """:func:`endodec.empirics.silicon.crossing_condition` for one device and model, plus every
    packaged device evaluated for the same model (a comparison table)."""
    mod = importlib.import_module(SILICON_MODULE)
    dev = mod.Device(**device)
    mdl = mod.Model(**model)
    res = mod.crossing_condition(dev, mdl, efficiency=efficiency, **thresholds)
    rows = []
    for d in silicon_devices():
        r = mod.crossing_condition(d, mdl, efficiency=efficiency, **thresholds)
        rows.append({"device": d.name, "tier": d.tier, "year": d.year,
                     "bandwidth_GBs": d.bandwidth_GBs, "memory_GB": d.memory_GB,
                     "price_usd": d.price_usd, "tok_s": r.tok_s, "fits": r.fits,
                     "meets_speed": r.meets_speed, "meets_price": r.meets_price,
                     "crosses": r.crosses})
    table = pd.DataFrame(rows)
    return {"result": res, "table": table, "efficiency": float(efficiency)}


def silicon_command(device: Mapping[str, Any], model: Mapping[str, Any],
                    thresholds: Mapping[str, float], efficiency: float) -> str:
    args = ["endodec", "empirics", "silicon", "calc",
            "--bandwidth", f"{device['bandwidth_GBs']:g}"]
    if device.get("memory_GB") is not None:
        args += ["--memory", f"{device['memory_GB']:g}"]
    if device.get("price_usd") is not None:
        args += ["--price", f"{device['price_usd']:g}"]
    args += ["--params", f"{model['params_B']:g}", "--bits", f"{model['bits']:g}"]
    if model.get("active_params_B") is not None:
        args += ["--active", f"{model['active_params_B']:g}"]
    if model.get("size_GB") is not None:
        args += ["--size", f"{model['size_GB']:g}"]
    args += ["--min-params", f"{thresholds['min_params_B']:g}", "--min-tok-s",
             f"{thresholds['min_tok_s']:g}", "--max-price", f"{thresholds['max_price_usd']:g}",
             "--efficiency", f"{efficiency:g}", "--name", device.get("name", "user device")]
    return " ".join(shlex.quote(a) for a in args)
