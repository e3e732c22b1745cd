"""Locate the data directory and load the curated data files, checking their schema.

Each loader reads one YAML (or GeoJSON) file from the data directory, checks
it against the schema documented in ``data/README.md`` and returns plain
Python or pandas structures. Any problem -- a missing file, a YAML syntax
error (reported with its line number), a missing key, a value of the wrong
kind, an invalid regular expression -- raises a
:class:`~kzanalysis.load.errors.CorpusError` naming the file and the fix; when a
file has several problems they are raised together as a
:class:`~kzanalysis.load.errors.CorpusValidationError`.

The data directory is, in order of precedence: the ``data_dir`` argument, the
``KZ_DATA_DIR`` environment variable, or the ``data/`` folder of the
repository this package lives in.

One module per job; every name below is importable from ``kzanalysis.load.resources``:

- :mod:`~kzanalysis.load.resources.datadir`: the data directory, reading a YAML file within the limits, the
  checks every loader shares;
- :mod:`~kzanalysis.load.resources.gazetteer`: ``gazetteer.yml``, the entity types and the sides;
- :mod:`~kzanalysis.load.resources.lexicons`: ``themes.yml``, ``boilerplate.yml`` and ``errata.yml``;
- :mod:`~kzanalysis.load.resources.geography`: ``routes.yml`` and the country outlines.
"""

from __future__ import annotations

from .datadir import ENV_VAR, load_yaml, resolve_data_dir
from .gazetteer import ENTITY_GROUPS, ENTITY_TYPES, load_gazetteer
from .geography import load_countries, load_routes
from .lexicons import BOILERPLATE_KINDS, ERRATA_COLUMNS, ERRATA_KINDS, load_boilerplate, load_errata, load_themes

__all__ = [
    "ENV_VAR",
    "ENTITY_TYPES",
    "ENTITY_GROUPS",
    "BOILERPLATE_KINDS",
    "ERRATA_KINDS",
    "ERRATA_COLUMNS",
    "resolve_data_dir",
    "load_yaml",
    "load_gazetteer",
    "load_themes",
    "load_boilerplate",
    "load_errata",
    "load_routes",
    "load_countries",
]
