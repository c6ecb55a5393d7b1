"""Protocol examples of results in the bottom layers (see test_protocol.py)."""

from endodec import datasets

EXAMPLES: dict = {
    datasets.DatasetTable: lambda: datasets.DatasetTable(
        datasets.load("dram", "001"), datasets.load("dram", "001").attrs["provenance"],
        datasets.describe("dram", "001")),
}
