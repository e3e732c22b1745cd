"""The codebook ``codebook.yml``: topics (label, definition, include and exclude rules, optional machine
cues), voices, stances, sides and stance targets, against which claims and events are checked."""

from __future__ import annotations

import os
from typing import Any

from ..errors import CorpusError
from ..limits import short_repr
from ..memo import per_data_dir
from ..resources import ENTITY_GROUPS, resolve_data_dir
from ..resources.datadir import is_text_list, raise_all
from .schema import (
    README_HINT,
    bad_id,
    entry_label,
    is_member,
    load_document,
    missing_fields,
    one_of,
)

__all__ = ["SIDES", "TARGET_KINDS", "load_codebook"]

SIDES = tuple(ENTITY_GROUPS) + ("Unknown",)
"""Every side a codebook may list: the gazetteer's groups and Unknown."""

TARGET_KINDS = ("route", "corridor", "power", "policy")
_CUE_FIELDS = {"themes", "entities", "routes"}


@per_data_dir("codebook.yml")
def load_codebook(data_dir: str | os.PathLike | None = None) -> dict[str, Any]:
    """Load and check ``codebook.yml``.

    Parameters
    ----------
    data_dir : str or path-like, optional
        Data directory (see :func:`kzanalysis.load.resources.resolve_data_dir`).

    Returns
    -------
    dict
        ``topics``, ``voices``, ``stances``, ``targets``: dicts keyed by id,
        in file order, each value the entry as written (topics with label,
        definition, include and exclude lists and optional machine ``cues``;
        targets with kind and label);
        ``sides``: list of side names.

    Raises
    ------
    CorpusError
        If the file is missing or malformed: a section missing or empty, an
        entry without id or definition, a duplicate id, a topic without label
        or with include/exclude that are not lists of text or ``cues`` that
        are not a mapping of themes/entities lists and a routes flag, a side that is
        not one of :data:`SIDES`, a target of unknown kind, or a power target
        that is not a side. Every message names the file, the entry and the
        field.
    """
    path = resolve_data_dir(data_dir) / "codebook.yml"
    if not path.exists():
        raise CorpusError(
            path,
            "file not found",
            "restore codebook.yml: claims and events are checked against its topics, voices, sides "
            f"and stances ({README_HINT})",
        )
    document = load_document(path)
    if not isinstance(document, dict):
        raise CorpusError(
            path, "is not a mapping of sections", "write the sections topics:, voices:, stances:, sides: and targets:"
        )
    problems: list[CorpusError] = []

    def section(name: str, required_fields: tuple[str, ...]) -> dict[str, dict]:
        entries = document.get(name)
        if not isinstance(entries, list) or not entries:
            problems.append(
                CorpusError(
                    path,
                    f"`{name}:` is missing, empty or not a list",
                    f"list the {name} as `- id: ...` entries under `{name}:`",
                )
            )
            return {}
        out: dict[str, dict] = {}
        for index, entry in enumerate(entries, start=1):
            where = entry_label(name.rstrip("s"), index, entry)
            if not isinstance(entry, dict):
                problems.append(
                    CorpusError(
                        path,
                        f"{where} in `{name}` is not a mapping",
                        f"write it as `- id: ...` with {one_of(required_fields)}",
                    )
                )
                continue
            if missing_fields(path, f"{where} in `{name}`", entry, ("id",) + required_fields, problems):
                continue
            if bad_id(path, f"{where} in `{name}`", entry, problems):
                continue
            if entry["id"] in out:
                problems.append(
                    CorpusError(path, f"{where}: id is defined twice in `{name}`", "give each entry a unique id")
                )
                continue
            out[str(entry["id"])] = dict(entry)
        return out

    topics = section("topics", ("label", "definition"))
    for topic_id, topic in topics.items():
        for field in ("include", "exclude"):
            if not is_text_list(topic.get(field) or []):
                problems.append(
                    CorpusError(
                        path,
                        f"topic {topic_id!r}: `{field}` is not a list of rules",
                        f"write `{field}:` as a list of one-line rules",
                    )
                )
        cues = topic.get("cues")
        if cues is not None and not (
            isinstance(cues, dict)
            and set(cues) <= _CUE_FIELDS
            and all(is_text_list(cues.get(f) or []) for f in ("themes", "entities"))
            and isinstance(cues.get("routes", False), bool)
        ):
            problems.append(
                CorpusError(
                    path,
                    f"topic {topic_id!r}: `cues` is {short_repr(cues, 60)}",
                    "write cues: {themes: [theme keys of themes.yml], entities: [gazetteer "
                    "names], routes: true or false}, each part optional",
                )
            )
    voices = section("voices", ("definition",))
    stances = section("stances", ("definition",))
    sides_value = document.get("sides")
    if not is_text_list(sides_value) or not sides_value:
        problems.append(
            CorpusError(path, "`sides:` is missing or not a list of names", f"write sides: [{one_of(SIDES)}]")
        )
        sides: list[str] = []
    else:
        sides = list(sides_value)
        for side in sides:
            if side not in SIDES:
                problems.append(
                    CorpusError(
                        path,
                        f"side {short_repr(side)} in `sides` is not a known side",
                        f"use only {one_of(SIDES)} (the gazetteer's groups and Unknown)",
                    )
                )
    targets = section("targets", ("kind", "label"))
    for target_id, target in targets.items():
        if not is_member(target["kind"], TARGET_KINDS):
            problems.append(
                CorpusError(
                    path,
                    f"target {target_id!r}: `kind` is {short_repr(target['kind'])}",
                    f"use one of: {one_of(TARGET_KINDS)}",
                )
            )
        elif target["kind"] == "power" and target_id not in sides:
            problems.append(
                CorpusError(
                    path,
                    f"target {target_id!r} has kind power but is not a side",
                    f"name the power as in `sides`: {one_of(sides)}",
                )
            )
    raise_all(path, problems)
    return {"topics": topics, "voices": voices, "stances": stances, "sides": sides, "targets": targets}
