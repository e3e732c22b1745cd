"""Entry point for ``python -m kzanalysis`` (same as the ``kzanalysis`` command)."""

from .cli import main

raise SystemExit(main())
