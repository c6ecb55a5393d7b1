"""``python -m endodec``: the same command line as ``endodec``."""

from endodec.cli import main

main()
