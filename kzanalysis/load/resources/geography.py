"""Map data: the export corridors and pipelines of ``routes.yml`` (with the patterns that find them in a
text) and the country outlines of ``geo/ne_110m_countries_region.geojson``."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from ..errors import CorpusError
from ..limits import regex_hazard, short_repr
from ..memo import per_data_dir
from .datadir import is_text, is_text_list, load_yaml, raise_all, resolve_data_dir, top_level

__all__ = ["load_routes", "load_countries"]


# ------------------------------------------------------------------ routes


def _is_lon_lat(point: Any) -> bool:
    return (
        isinstance(point, (list, tuple))
        and len(point) == 2
        and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in point)
        and -180 <= point[0] <= 180
        and -90 <= point[1] <= 90
    )


def _compile_patterns(path: Path, where: str, field: str, value: Any, problems: list[CorpusError]) -> list[re.Pattern]:
    """Compile the regexes of ``field``; each problem names the file, the entry and the pattern."""
    if value is None:
        return []
    if not is_text_list(value):
        problems.append(
            CorpusError(path, f"{where}: `{field}` is not a list of text patterns", "write it as ['pattern', ...]")
        )
        return []
    compiled = []
    for pattern in value:
        try:
            regex = re.compile(pattern, re.IGNORECASE)
        except re.error as exc:
            problems.append(
                CorpusError(
                    path,
                    f"{where}: pattern {short_repr(pattern)} in `{field}` does not compile ({exc})",
                    "fix the regular expression (Python syntax; quote it with single quotes in YAML)",
                )
            )
            continue
        hazard = regex_hazard(pattern)
        if hazard is not None:
            problems.append(
                CorpusError(
                    path,
                    f"{where}: pattern {short_repr(pattern)} in `{field}` has {hazard}",
                    "bound the inner repeat (e.g. {1,40}) or rewrite the pattern without nesting; "
                    "nested quantifiers can take exponential time on a long line",
                )
            )
            continue
        if regex.search("") is not None:
            problems.append(
                CorpusError(
                    path,
                    f"{where}: pattern {pattern!r} in `{field}` matches the empty string",
                    "make the pattern require at least one word",
                )
            )
            continue
        compiled.append(regex)
    return compiled


def _check_geometry(path: Path, where: str, entry: dict, problems: list[CorpusError]) -> bool:
    points = entry.get("path")
    if not isinstance(points, list) or len(points) < 2 or not all(_is_lon_lat(p) for p in points):
        problems.append(
            CorpusError(
                path,
                f"{where} has a `path` that is not a list of at least two [lon, lat] pairs",
                "write the path as [[lon, lat], [lon, lat], ...] in decimal degrees",
            )
        )
        return False
    legs = entry.get("legs")
    if legs is not None and (
        not isinstance(legs, list)
        or not all(
            isinstance(leg, dict)
            and isinstance(leg.get("path"), list)
            and len(leg["path"]) >= 2
            and all(_is_lon_lat(p) for p in leg["path"])
            for leg in legs
        )
    ):
        problems.append(
            CorpusError(
                path,
                f"{where} has `legs` that are not a list of {{name, mode, status, path}}",
                "give each leg a path of at least two [lon, lat] pairs",
            )
        )
        return False
    endpoints = entry.get("endpoints")
    bad_end = not isinstance(endpoints, dict) or any(
        not isinstance(endpoints.get(end), dict)
        or not is_text(endpoints[end].get("name"))
        or not _is_lon_lat([endpoints[end].get("lon"), endpoints[end].get("lat")])
        for end in ("start", "end")
    )
    if bad_end:
        problems.append(
            CorpusError(
                path,
                f"{where} has `endpoints` without start and end name, lon and lat",
                "write endpoints: {start: {name: ..., lon: ..., lat: ...}, end: {...}}",
            )
        )
        return False
    return True


@per_data_dir("routes.yml")
def load_routes(data_dir: str | os.PathLike | None = None) -> dict[str, Any]:
    """Load the export corridors and pipelines of ``routes.yml``.

    Parameters
    ----------
    data_dir : str or path-like, optional
        Data directory (see :func:`resolve_data_dir`).

    Returns
    -------
    dict
        ``corridors``: list of dicts in file order (id, name, optional
        state, destinations, described, plus ``described_regex``: the
        compiled patterns); ``pipelines``: list of dicts in file order (id,
        name, entity, corridor, status_2008, capacity, path_status, path as
        ``(lon, lat)`` float tuples, legs, endpoints, named, terminals, plus
        ``named_regex``); ``context_words``, ``delivery_words`` (lists of
        terms), ``delivery_window`` (int, default 60),
        ``territory_regex`` (compiled ``territory_patterns``) and
        ``stance_cues`` ({positive: [...], negative: [...]}). Every regex is
        compiled case-insensitively.

    Raises
    ------
    CorpusError
        If the file is missing or malformed: no `corridors:` list, a
        corridor or pipeline without id or name, a duplicate id, a pipeline
        without entity or with an unknown corridor, a path that is not a list
        of at least two [lon, lat] pairs, endpoints without start/end name,
        lon and lat, a list field that is not a list of text, or a pattern
        that does not compile or matches the empty string (the message names
        the file, the corridor or pipeline and the pattern).
    """
    path = resolve_data_dir(data_dir) / "routes.yml"
    document = load_yaml(path)
    corridor_entries = top_level(path, "corridors", list, document)
    problems: list[CorpusError] = []

    def terms(field: str, required: bool) -> list[str]:
        value = document.get(field)
        if value is None and not required:
            return []
        if not is_text_list(value) or (required and not value):
            problems.append(
                CorpusError(path, f"`{field}` is not a non-empty list of terms", "write it as [word, word*, ...]")
            )
            return []
        return list(value)

    context_words = terms("context_words", True)
    delivery_words = terms("delivery_words", False)
    window = document.get("delivery_window", 60)
    if isinstance(window, bool) or not isinstance(window, int) or window < 1:
        problems.append(
            CorpusError(
                path, "`delivery_window` is not a positive whole number", "give a number of characters, e.g. 60"
            )
        )
        window = 60
    territory = _compile_patterns(path, "top level", "territory_patterns", document.get("territory_patterns"), problems)
    cues = document.get("stance_cues") or {}
    if not isinstance(cues, dict) or any(not is_text_list(cues.get(k) or []) for k in ("positive", "negative")):
        problems.append(
            CorpusError(
                path,
                "`stance_cues` is not {positive: [...], negative: [...]}",
                "list the cue terms under positive and negative",
            )
        )
        cues = {}
    cues = {"positive": list(cues.get("positive") or []), "negative": list(cues.get("negative") or [])}

    corridors: list[dict[str, Any]] = []
    corridor_ids: set[str] = set()
    for index, entry in enumerate(corridor_entries, start=1):
        where = f"corridor #{index}"
        if not isinstance(entry, dict) or not all(is_text(entry.get(f)) for f in ("id", "name")):
            problems.append(
                CorpusError(
                    path,
                    f"{where} lacks an id or a name",
                    "write each corridor as `- id: ...` with name, destinations and described",
                )
            )
            continue
        where = f"corridor {entry['id']!r}"
        if entry["id"] in corridor_ids:
            problems.append(CorpusError(path, f"{where} is defined twice", "give each corridor a unique id"))
            continue
        corridor_ids.add(entry["id"])
        if entry.get("state") is not None and not is_text(entry.get("state")):
            problems.append(
                CorpusError(
                    path, f"{where}: `state` is not a country name", "use the canonical gazetteer name of the country"
                )
            )
        if not is_text_list(entry.get("destinations") or []):
            problems.append(
                CorpusError(
                    path, f"{where}: `destinations` is not a list of names", "write it as [China, East Asia, ...]"
                )
            )
        corridor = dict(entry)
        corridor["destinations"] = list(entry.get("destinations") or [])
        corridor["described_regex"] = _compile_patterns(path, where, "described", entry.get("described"), problems)
        corridors.append(corridor)

    pipeline_entries = document.get("pipelines") or []
    if not isinstance(pipeline_entries, list):
        problems.append(CorpusError(path, "`pipelines` is not a list", "write each pipeline as `- id: ...`"))
        pipeline_entries = []
    pipelines: list[dict[str, Any]] = []
    pipeline_ids: set[str] = set()
    for index, entry in enumerate(pipeline_entries, start=1):
        where = f"pipeline #{index}"
        if not isinstance(entry, dict):
            problems.append(
                CorpusError(
                    path,
                    f"{where} is not a mapping",
                    "write each pipeline as `- id: ...` with name, entity, corridor, path and endpoints",
                )
            )
            continue
        missing = [field for field in ("id", "name", "entity", "corridor") if not is_text(entry.get(field))]
        if missing:
            problems.append(
                CorpusError(
                    path,
                    f"{where} is missing {', '.join(missing)}",
                    "give every pipeline an id, a name, its gazetteer entity and its corridor",
                )
            )
            continue
        where = f"pipeline {entry['id']!r}"
        if entry["id"] in pipeline_ids:
            problems.append(CorpusError(path, f"{where} is defined twice", "give each pipeline a unique id"))
            continue
        pipeline_ids.add(entry["id"])
        if entry["corridor"] not in corridor_ids:
            problems.append(
                CorpusError(
                    path,
                    f"{where}: corridor {entry['corridor']!r} is not defined under `corridors`",
                    f"use one of: {', '.join(sorted(corridor_ids))}",
                )
            )
            continue
        if not _check_geometry(path, where, entry, problems):
            continue
        if not is_text_list(entry.get("terminals") or []):
            problems.append(
                CorpusError(
                    path, f"{where}: `terminals` is not a list of place names", "write it as [Novorossiysk, ...]"
                )
            )
            continue
        pipeline = dict(entry)
        pipeline["path"] = [(float(lon), float(lat)) for lon, lat in entry["path"]]
        pipeline["terminals"] = list(entry.get("terminals") or [])
        pipeline["named_regex"] = _compile_patterns(path, where, "named", entry.get("named"), problems)
        pipelines.append(pipeline)
    raise_all(path, problems)
    return {
        "corridors": corridors,
        "pipelines": pipelines,
        "context_words": context_words,
        "delivery_words": delivery_words,
        "delivery_window": int(window),
        "territory_regex": territory,
        "stance_cues": cues,
    }


# --------------------------------------------------------------- countries


@per_data_dir("geo/ne_110m_countries_region.geojson")
def load_countries(data_dir: str | os.PathLike | None = None) -> list[tuple[str, list[list[tuple[float, float]]]]]:
    """Load country outlines from ``geo/ne_110m_countries_region.geojson``.

    Parameters
    ----------
    data_dir : str or path-like, optional
        Data directory (see :func:`resolve_data_dir`).

    Returns
    -------
    list of (name, rings)
        One item per country (Natural Earth 1:110m, clipped to lon 20..100,
        lat 25..60), in file order. ``rings`` is a list of polygon outer
        rings -- one for a Polygon, several for a MultiPolygon -- each a list
        of ``(lon, lat)`` float tuples in degrees, ready for
        ``matplotlib.patches.Polygon``. Holes (inner rings) are left out.

    Raises
    ------
    CorpusError
        If the file is missing, is not valid JSON, or a feature lacks a name
        or a Polygon/MultiPolygon geometry.
    """
    path = resolve_data_dir(data_dir) / "geo" / "ne_110m_countries_region.geojson"
    if not path.is_file():
        raise CorpusError(path, "file not found", "restore the Natural Earth outline file from the repository")
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        where = f" at line {exc.lineno}" if isinstance(exc, json.JSONDecodeError) else ""
        raise CorpusError(
            path, f"is not valid UTF-8 JSON{where} ({exc})", "restore the file from the repository"
        ) from None
    features = document.get("features") if isinstance(document, dict) else None
    if not isinstance(features, list) or not features:
        raise CorpusError(
            path, "has no `features` list", "restore the file from the repository (a GeoJSON FeatureCollection)"
        )
    countries = []
    problems: list[CorpusError] = []
    for index, feature in enumerate(features, start=1):
        try:
            name = feature["properties"]["name"]
            geometry = feature["geometry"]
            if geometry["type"] == "Polygon":
                polygons = [geometry["coordinates"]]
            elif geometry["type"] == "MultiPolygon":
                polygons = geometry["coordinates"]
            else:
                raise ValueError(geometry["type"])
            rings = [[(float(x), float(y)) for x, y in polygon[0]] for polygon in polygons]
        except (KeyError, TypeError, ValueError, IndexError):
            problems.append(
                CorpusError(
                    path,
                    f"feature #{index} lacks a name or a Polygon/MultiPolygon geometry",
                    "restore the file from the repository",
                )
            )
            continue
        countries.append((str(name), rings))
    raise_all(path, problems)
    return countries
