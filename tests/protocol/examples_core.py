"""Protocol examples of results in the bottom layers (see test_protocol.py)."""

EXAMPLES: dict = {}
