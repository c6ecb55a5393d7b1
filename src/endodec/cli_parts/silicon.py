"""``endodec silicon``: bandwidth-bound decoding speed and the inference crossing condition
(seed 000 §4.5, seed 001 §5.2.6)."""

from __future__ import annotations

import typer

silicon_app = typer.Typer(
    help="Consumer silicon (seed 000 §4.5, seed 001 §5.2.6): bandwidth-bound tok/s = bandwidth / "
         "bytes per token, memory fit, parameters per dollar, and the crossing condition "
         "(>= 70B at >= 20 tok/s under $1,500). Example: endodec silicon --bandwidth 546 "
         "--memory 128 --price 3949 --params 70 --bits 4",
    invoke_without_command=True,
)


def register(app: typer.Typer) -> None:
    app.add_typer(silicon_app, name="silicon")


@silicon_app.callback()
def silicon(
    ctx: typer.Context,
    bandwidth: float = typer.Option(None, "--bandwidth", "-B", help="Memory bandwidth (GB/s)."),
    memory: float | None = typer.Option(None, "--memory", "-m", help="Memory (GB)."),
    price: float | None = typer.Option(None, "--price", "-p", help="Device price (USD)."),
    params: float = typer.Option(70.0, "--params", help="Model parameters (billions)."),
    bits: float = typer.Option(4.0, "--bits", help="Bits per weight (Q4 = 4; GGUF Q4_K_M ~4.5)."),
    active: float | None = typer.Option(None, "--active", help="Active parameters per token "
                                        "(billions; MoE)."),
    size: float | None = typer.Option(None, "--size", help="Model size in memory (GB), "
                                      "overriding params*bits/8 (e.g. 40 for the paper's 70B Q4)."),
    min_params: float = typer.Option(70.0, "--min-params", help="Crossing: minimum params (B)."),
    min_tok_s: float = typer.Option(20.0, "--min-tok-s", help="Crossing: minimum tok/s."),
    max_price: float = typer.Option(1500.0, "--max-price", help="Crossing: maximum price (USD)."),
    efficiency: float = typer.Option(1.0, "--efficiency", help="Achieved fraction of peak "
                                     "bandwidth (1 = theoretical ceiling)."),
    name: str = typer.Option("user device", "--name", help="Device name for the report."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Evaluate the crossing condition for one device and model (or run a subcommand)."""
    if ctx.invoked_subcommand is not None:
        return
    from endodec.cli_parts.common import emit, fail, friendly_errors

    if bandwidth is None:
        typer.echo(ctx.get_help())
        fail("give --bandwidth (GB/s), or use 'endodec silicon devices'")
    with friendly_errors():
        from endodec.empirics.silicon import Device, Model, crossing_condition

        dev = Device(name, bandwidth, memory, price)
        mdl = Model(f"{params:g}B", params, bits, active, size)
        res = crossing_condition(dev, mdl, min_params, min_tok_s, max_price, efficiency)
        emit(res, json_out)


@silicon_app.command("devices")
def devices(
    version: str = typer.Option("000", "--version", "-v", help="Paper version: 000 or 001."),
    size: float = typer.Option(40.0, "--size", help="Model size in memory (GB) for the dense 70B "
                               "model (paper: ~40 GB for Q4)."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """The paper's devices (packaged consumer_devices table) against the crossing condition."""
    from endodec.cli_parts.common import friendly_errors, print_json

    with friendly_errors():
        import pandas as pd

        from endodec import datasets
        from endodec.empirics.silicon import Model, crossing_condition, devices_from_table

        df = datasets.load("consumer_devices", version=version)
        m = Model("70B dense", 70, 4, size_GB=size)
        rows = [crossing_condition(d, m).to_dict() for d in devices_from_table(df)]
        tab = pd.DataFrame(rows)[["device", "bandwidth_GBs", "memory_GB", "price_usd", "tok_s",
                                  "fits", "meets_speed", "meets_price", "crosses",
                                  "params_per_dollar_M"]]
        if json_out:
            print_json(tab.to_dict(orient="records"))
        else:
            with pd.option_context("display.width", 200, "display.max_colwidth", 45):
                typer.echo(f"Devices of seed {version} on a dense 70B model ({size:g} GB), "
                           "bandwidth-bound:")
                typer.echo(tab.round(2).to_string(index=False))
