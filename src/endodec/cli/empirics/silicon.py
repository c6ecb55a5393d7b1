"""``endodec empirics silicon calc | devices``: bandwidth-bound decoding speed and the inference crossing condition
(seed 000 §4.5, seed 001 §5.2.6)."""

from __future__ import annotations

import typer

from endodec.cli.common import JSON_OPTION, check_range, emit, option_names

_POS = check_range(0.0, lo_open=True)

silicon_app = typer.Typer(
    help="Consumer silicon (seed 000 §4.5, seed 001 §5.2.6): bandwidth-bound tok/s = bandwidth / "
         "bytes per token, memory fit, parameters per dollar, and the crossing condition "
         "(>= 70B at >= 20 tok/s under $1,500). Example: endodec empirics silicon calc "
         "--bandwidth 546 --memory 128 --price 3949 --params 70 --bits 4",
    no_args_is_help=True,
)


def register(group: typer.Typer) -> None:
    """Add the ``silicon`` sub-group to the ``empirics`` group."""
    group.add_typer(silicon_app, name="silicon")


@silicon_app.command("calc")
def calc(
    bandwidth: float = typer.Option(..., "--bandwidth", "-B", callback=_POS,
                                    help="Memory bandwidth (GB/s; > 0, finite)."),
    memory: float | None = typer.Option(None, "--memory", "-m", callback=_POS,
                                        help="Memory (GB; > 0, finite)."),
    price: float | None = typer.Option(None, "--price", "-p", callback=_POS,
                                       help="Device price (USD; > 0, finite)."),
    params: float = typer.Option(70.0, "--params", callback=_POS,
                                 help="Model parameters (billions; > 0, finite)."),
    bits: float = typer.Option(4.0, "--bits", callback=_POS, help="Bits per weight (> 0, "
                               "finite; Q4 = 4; GGUF Q4_K_M ~4.5)."),
    active: float | None = typer.Option(None, "--active", callback=_POS, help="Active parameters "
                                        "per token (billions; MoE; > 0, <= --params)."),
    size: float | None = typer.Option(None, "--size", callback=_POS, help="Model size in memory "
                                      "(GB; > 0, finite), overriding params*bits/8 (e.g. 40 for "
                                      "the paper's 70B Q4)."),
    min_params: float = typer.Option(70.0, "--min-params", callback=_POS,
                                     help="Crossing: minimum params (B; > 0, finite)."),
    min_tok_s: float = typer.Option(20.0, "--min-tok-s", callback=_POS,
                                    help="Crossing: minimum tok/s (> 0, finite)."),
    max_price: float = typer.Option(1500.0, "--max-price", callback=_POS,
                                    help="Crossing: maximum price (USD; > 0, finite)."),
    efficiency: float = typer.Option(1.0, "--efficiency",
                                     callback=check_range(0.0, 1.0, lo_open=True),
                                     help="Achieved fraction of peak bandwidth, in (0, 1] "
                                          "(1 = theoretical ceiling)."),
    name: str = typer.Option("user device", "--name", help="Device name for the report."),
    json_out: JSON_OPTION = False,
) -> None:
    """Evaluate the crossing condition for one device and model."""
    names = {"bandwidth_GBs": "--bandwidth", "memory_GB": "--memory", "price_usd": "--price",
             "params_B": "--params", "bits": "--bits", "active_params_B": "--active",
             "size_GB": "--size", "min_params_B": "--min-params", "min_tok_s": "--min-tok-s",
             "max_price_usd": "--max-price", "efficiency": "--efficiency"}
    with option_names(names):
        from endodec.empirics.silicon import Device, Model, crossing_condition

        dev = Device(name, bandwidth, memory, price)
        mdl = Model(f"{params:g}B", params, bits, active, size)
        res = crossing_condition(dev, mdl, min_params, min_tok_s, max_price, efficiency)
        emit(res, json_out)


@silicon_app.command("devices")
def devices(
    version: str = typer.Option("000", "--version", "-v", help="Paper version: 000 or 001."),
    size: float = typer.Option(40.0, "--size", callback=_POS, help="Model size in memory (GB; "
                               "> 0, finite) for the dense 70B model (paper: ~40 GB for Q4)."),
    json_out: JSON_OPTION = False,
) -> None:
    """The paper's devices (packaged consumer_devices table) against the crossing condition."""
    with option_names({"size_GB": "--size", "version": "--version"}):
        from endodec import datasets
        from endodec.empirics.silicon import (
            DeviceTable,
            Model,
            crossing_condition,
            devices_from_table,
        )

        df = datasets.load("consumer_devices", version=version)
        m = Model("70B dense", 70, 4, size_GB=size)
        res = DeviceTable(version, m, [crossing_condition(d, m) for d in devices_from_table(df)])
    emit(res, json_out)
