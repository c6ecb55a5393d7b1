"""The ``endodec`` command line (Typer + rich); its groups mirror the library.

=============================================  ===============================================
``endodec game solve|sweep|asymmetric|...``    :mod:`endodec.cli.game` (the model's game)
``endodec learning ...``                       :mod:`endodec.cli.learning`
``endodec adoption ...``                       :mod:`endodec.cli.adoption`
``endodec empirics capex|export-controls|...`` :mod:`endodec.cli.empirics`
``endodec forecast``                           :mod:`endodec.cli.forecast`
``endodec predictions``                        :mod:`endodec.cli.predictions`
``endodec data ...``                           :mod:`endodec.cli.data`
``endodec reproduce``                          :mod:`endodec.cli.reproduce`
``endodec explore``                            :mod:`endodec.cli.explore`
=============================================  ===============================================

:mod:`endodec.cli.app` holds the Typer app, the error boundary and :func:`main` (the console
script ``endodec = "endodec.cli:main"``); :mod:`endodec.cli.common` the shared helpers.
"""

from endodec.cli.app import GROUPS, app, main, register_groups

__all__ = ["GROUPS", "app", "main", "register_groups"]
