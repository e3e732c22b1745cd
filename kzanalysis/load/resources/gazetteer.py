"""The entity gazetteer ``gazetteer.yml``: the people, countries, places, organisations and routes the
analysis recognises by name, each with its aliases and the side it speaks for."""

from __future__ import annotations

import os

import pandas as pd

from ..errors import CorpusError
from ..limits import short_repr
from ..memo import per_data_dir
from .datadir import is_text, raise_all, resolve_data_dir, top_level

__all__ = ["ENTITY_TYPES", "ENTITY_GROUPS", "load_gazetteer"]

ENTITY_TYPES = ("person", "country", "place", "organization", "route")
#: The sides an actor can be on, in the order every table and figure shows them (the one list of sides;
#: "Unknown", for no evidence, is added where a side can be unknown: kzanalysis.load.knowledge.SIDES).
ENTITY_GROUPS = ("United States", "Kazakhstan", "Russia", "China", "Europe", "Iran", "Other")


@per_data_dir("gazetteer.yml")
def load_gazetteer(data_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """Load the entity gazetteer ``gazetteer.yml``.

    Parameters
    ----------
    data_dir : str or path-like, optional
        Data directory (see :func:`resolve_data_dir`).

    Returns
    -------
    DataFrame
        Columns name (canonical entity name), type (person, country, place,
        organization, route), alias (a surface form, matched case-sensitively
        in the text), group (power bloc the entity speaks for, or None).
        One row per alias; the canonical name is included as an alias of
        itself. Rows are sorted longest alias first (then alphabetically),
        the order in which aliases should be tried.

    Raises
    ------
    CorpusError
        If the file is missing or malformed: missing name/type, unknown type
        or group, aliases not a list of strings, or one alias claimed by two
        different entities.
    """
    path = resolve_data_dir(data_dir) / "gazetteer.yml"
    entries = top_level(path, "entities", list)
    problems: list[CorpusError] = []
    rows: list[tuple[str, str, str, str | None]] = []
    owner: dict[str, str] = {}
    seen_names: set[str] = set()
    for index, entry in enumerate(entries, start=1):
        where = f"entity #{index}"
        if not isinstance(entry, dict):
            problems.append(
                CorpusError(
                    path, f"{where} is not a mapping", "write each entity as `- name: ...` with type and aliases"
                )
            )
            continue
        name = entry.get("name")
        if not is_text(name):
            problems.append(CorpusError(path, f"{where} has no `name`", "give every entity its canonical name"))
            continue
        name = name.strip()
        where = f"entity {short_repr(name)}"
        if name in seen_names:
            problems.append(CorpusError(path, f"{where} is listed twice", "merge the two entries into one"))
            continue
        seen_names.add(name)
        etype = entry.get("type")
        if etype not in ENTITY_TYPES:
            problems.append(
                CorpusError(path, f"{where} has type {short_repr(etype)}", f"use one of: {', '.join(ENTITY_TYPES)}")
            )
        group = entry.get("group")
        if group is not None and group not in ENTITY_GROUPS:
            problems.append(
                CorpusError(
                    path,
                    f"{where} has group {short_repr(group)}",
                    f"use one of: {', '.join(ENTITY_GROUPS)}, or leave it out",
                )
            )
        aliases = entry.get("aliases", []) or []
        if not isinstance(aliases, list) or not all(is_text(a) for a in aliases):
            problems.append(
                CorpusError(
                    path,
                    f"{where} has `aliases` that are not a list of non-empty strings",
                    "write aliases as a YAML list of surface forms, e.g. [Nazarbaev, Nazarbayev]",
                )
            )
            continue
        for alias in dict.fromkeys([name] + [a.strip() for a in aliases]):
            if alias in owner and owner[alias] != name:
                problems.append(
                    CorpusError(
                        path,
                        f"alias {short_repr(alias)} belongs to both {short_repr(owner[alias])} and {short_repr(name)}",
                        "keep the alias under one entity only",
                    )
                )
                continue
            owner[alias] = name
            rows.append((name, etype, alias, group))
    raise_all(path, problems)
    table = pd.DataFrame(rows, columns=["name", "type", "alias", "group"])
    table = table.drop_duplicates(["name", "alias"])
    order = sorted(range(len(table)), key=lambda i: (-len(table["alias"].iat[i]), table["alias"].iat[i]))
    return table.iloc[order].reset_index(drop=True)
