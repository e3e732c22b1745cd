"""Locate the data directory and load the curated data files, checking their schema.

Each loader reads one YAML (or GeoJSON) file from the data directory, checks
it against the schema documented in ``data/README.md`` and returns plain
Python or pandas structures. Any problem -- a missing file, a YAML syntax
error (reported with its line number), a missing key, a value of the wrong
kind, an invalid regular expression -- raises a
:class:`~kzanalysis.errors.CorpusError` naming the file and the fix; when a
file has several problems they are raised together as a
:class:`~kzanalysis.errors.CorpusValidationError`.

The data directory is, in order of precedence: the ``data_dir`` argument, the
``KZ_DATA_DIR`` environment variable, or the ``data/`` folder of the
repository this package lives in.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from .errors import CorpusError, CorpusValidationError
from .limits import MAX_YAML_BYTES, MAX_YAML_DEPTH, regex_hazard, short_repr
from .memo import per_data_dir

__all__ = [
    "ENV_VAR",
    "ENTITY_TYPES",
    "ENTITY_GROUPS",
    "BOILERPLATE_KINDS",
    "ERRATA_KINDS",
    "resolve_data_dir",
    "load_yaml",
    "load_gazetteer",
    "load_themes",
    "load_boilerplate",
    "load_errata",
    "load_routes",
    "load_countries",
]

ENV_VAR = "KZ_DATA_DIR"
"""Environment variable that points the package at another data directory."""

ENTITY_TYPES = ("person", "country", "place", "organization", "route")
#: The sides an actor can be on, in the order every table and figure shows them (the one list of sides;
#: "Unknown", for no evidence, is added where a side can be unknown: kzanalysis.knowledge.SIDES).
ENTITY_GROUPS = ("United States", "Kazakhstan", "Russia", "China", "Europe", "Iran", "Other")
BOILERPLATE_KINDS = (
    "subscription",
    "navigation",
    "copyright",
    "repeated-headline",
    "byline-note",
    "advertising",
    "caption",
)
ERRATA_KINDS = ("wrong place name", "typo", "grammar", "wrong name", "factual")

_README_HINT = "see data/README.md for the expected format"

# libyaml's loader parses the same YAML about ten times faster than the
# pure-Python one (it matters for a manifest of thousands of articles).
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def resolve_data_dir(data_dir: str | os.PathLike | None = None) -> Path:
    """Return the data directory to use.

    Parameters
    ----------
    data_dir : str or path-like, optional
        Explicit directory. If None, the ``KZ_DATA_DIR`` environment variable
        is used if set and non-empty, else the repository's ``data/`` folder
        (the folder next to the ``kzanalysis`` package).

    Returns
    -------
    Path
        Absolute path. Its existence is not checked here; the loaders report
        a missing directory or file as a CorpusError.
    """
    if data_dir is None or str(data_dir) == "":
        env = os.environ.get(ENV_VAR, "").strip()
        data_dir = env if env else Path(__file__).resolve().parent.parent / "data"
    return Path(data_dir).expanduser().resolve()


def load_yaml(path: str | os.PathLike) -> Any:
    """Read and parse one YAML file.

    Parameters
    ----------
    path : str or path-like
        The file to read (UTF-8; a BOM is accepted).

    Returns
    -------
    object
        The parsed document (None for an empty file).

    Raises
    ------
    CorpusError
        If the file does not exist, cannot be read, is not UTF-8, or is not
        valid YAML; a syntax error is reported with its line and column.
    """
    path = Path(path)
    if not path.is_file():
        raise CorpusError(
            path,
            "file not found" if not path.exists() else "is not a regular file",
            f"create {path.name} in the data directory ({_README_HINT}), "
            f"or point --data / {ENV_VAR} at a data directory that has it",
        )
    try:
        size = path.stat().st_size
        if size > MAX_YAML_BYTES:
            raise CorpusError(
                path,
                f"is {size:,} bytes, more than the limit of {MAX_YAML_BYTES:,} bytes for a YAML file",
                "check that this is the right file; split or shorten it (see Limits in data/README.md)",
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise CorpusError(path, f"cannot be read ({exc.strerror})", "check the file's permissions") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CorpusError(
            path,
            f"is not valid UTF-8 (byte 0x{raw[exc.start]:02x} at byte offset {exc.start})",
            "re-save the file as UTF-8",
        ) from None
    try:
        _refuse_aliases_and_deep_nesting(path, text)
        return yaml.load(text, Loader=_YAML_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        what = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise CorpusError(
            path,
            f"is not valid YAML{where}: {what}",
            f"correct the YAML syntax{where} (check indentation, colons and quoting)",
        ) from None


def _refuse_aliases_and_deep_nesting(path: Path, text: str) -> None:
    """Scan the YAML event stream (linear, no document is built): raise a
    CorpusError at the first alias (``*name``: expanding aliases of aliases
    is the "billion laughs" memory bomb) or nesting deeper than MAX_YAML_DEPTH."""
    depth = 0
    for event in yaml.parse(text, Loader=_YAML_LOADER):
        if isinstance(event, yaml.AliasEvent):
            line = event.start_mark.line + 1 if event.start_mark is not None else "?"
            raise CorpusError(
                path,
                f"uses a YAML alias (*{short_repr(event.anchor or '')[1:-1]}) at line {line}",
                "write the value out in full: anchors and aliases are not accepted in data files",
            )
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_YAML_DEPTH:
                line = event.start_mark.line + 1 if event.start_mark is not None else "?"
                raise CorpusError(
                    path,
                    f"nests lists or mappings more than {MAX_YAML_DEPTH} levels deep (line {line})",
                    "flatten the structure (see data/README.md for the expected format)",
                )
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


# ------------------------------------------------------------------ helpers


def _top_level(path: Path, key: str, kind: type, document: Any = None) -> Any:
    """Return the value under ``key`` of ``path`` (parsed here unless ``document``
    is given), which must be a non-empty ``kind``."""
    if document is None:
        document = load_yaml(path)
    kind_name = "list" if kind is list else "mapping"
    if not isinstance(document, dict) or key not in document:
        raise CorpusError(
            path,
            f"has no top-level `{key}:` {kind_name}",
            f"start the file with `{key}:` followed by the entries ({_README_HINT})",
        )
    value = document[key]
    if not isinstance(value, kind) or not value:
        raise CorpusError(
            path,
            f"`{key}:` is {'empty' if not value else 'not a ' + kind_name}",
            f"make `{key}:` a non-empty {kind_name} of entries ({_README_HINT})",
        )
    return value


def _is_text(value: Any) -> bool:
    return isinstance(value, str) and value.strip() != ""


def _raise_all(path: Path, problems: list[CorpusError]) -> None:
    if len(problems) == 1:
        raise problems[0]
    if problems:
        raise CorpusValidationError(problems, path)


# --------------------------------------------------------------- gazetteer


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
    entries = _top_level(path, "entities", list)
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
        if not _is_text(name):
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
        if not isinstance(aliases, list) or not all(_is_text(a) for a in aliases):
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
    _raise_all(path, problems)
    table = pd.DataFrame(rows, columns=["name", "type", "alias", "group"])
    table = table.drop_duplicates(["name", "alias"])
    order = sorted(range(len(table)), key=lambda i: (-len(table["alias"].iat[i]), table["alias"].iat[i]))
    return table.iloc[order].reset_index(drop=True)


# ------------------------------------------------------------------ themes


@per_data_dir("themes.yml")
def load_themes(data_dir: str | os.PathLike | None = None) -> dict[str, dict[str, Any]]:
    """Load the theme lexicons ``themes.yml``.

    Parameters
    ----------
    data_dir : str or path-like, optional
        Data directory (see :func:`resolve_data_dir`).

    Returns
    -------
    dict
        theme key -> {"label": str, "description": str, "terms": list[str]}.
        Terms are lower case; a trailing ``*`` marks a prefix match and a
        term may span several words ("human rights"). Keys keep file order.

    Raises
    ------
    CorpusError
        If the file is missing or malformed: no `themes:` mapping, a theme
        without label or terms, a term that is not a lower-case string or is
        listed twice in one theme.
    """
    path = resolve_data_dir(data_dir) / "themes.yml"
    themes = _top_level(path, "themes", dict)
    problems: list[CorpusError] = []
    result: dict[str, dict[str, Any]] = {}
    for key, spec in themes.items():
        where = f"theme {short_repr(key)}"
        if not isinstance(spec, dict):
            problems.append(
                CorpusError(path, f"{where} is not a mapping", "give each theme label, description and terms")
            )
            continue
        label = spec.get("label")
        if not _is_text(label):
            problems.append(
                CorpusError(path, f"{where} has no `label`", "add a short display label, e.g. `label: Energy`")
            )
        terms = spec.get("terms")
        if not isinstance(terms, list) or not terms or not all(_is_text(t) for t in terms):
            problems.append(
                CorpusError(
                    path,
                    f"{where} has no `terms` list of non-empty strings",
                    "list the theme's terms, e.g. `terms: [oil, gas, pipeline*]`",
                )
            )
            continue
        terms = [" ".join(t.split()) for t in terms]
        upper = [t for t in terms if t != t.lower()]
        if upper:
            problems.append(
                CorpusError(
                    path,
                    f"{where} has terms that are not lower case: {', '.join(upper)}",
                    "write every term in lower case (matching is case-insensitive)",
                )
            )
        duplicates = sorted({t for t in terms if terms.count(t) > 1})
        if duplicates:
            problems.append(
                CorpusError(
                    path, f"{where} lists terms more than once: {', '.join(duplicates)}", "remove the duplicates"
                )
            )
        bad_star = [t for t in terms if "*" in t[:-1]]
        if bad_star:
            problems.append(
                CorpusError(
                    path,
                    f"{where} has `*` inside a term: {', '.join(bad_star)}",
                    "use `*` only at the end of a term (prefix match)",
                )
            )
        result[str(key)] = {
            "label": str(label).strip() if _is_text(label) else str(key),
            "description": str(spec.get("description") or "").strip(),
            "terms": terms,
        }
    _raise_all(path, problems)
    return result


# ------------------------------------------------------------- boilerplate


@per_data_dir("boilerplate.yml")
def load_boilerplate(data_dir: str | os.PathLike | None = None) -> list[dict[str, Any]]:
    """Load the boilerplate line patterns ``boilerplate.yml``.

    Parameters
    ----------
    data_dir : str or path-like, optional
        Data directory (see :func:`resolve_data_dir`).

    Returns
    -------
    list of dict
        One dict per pattern, in file order, with keys id (str), kind (one
        of :data:`BOILERPLATE_KINDS`), regex (the source string), note (str)
        and compiled (the compiled ``re.Pattern``, searched against each
        stripped line).

    Raises
    ------
    CorpusError
        If the file is missing or malformed: no `patterns:` list, a missing
        or repeated id, an unknown kind, or a regex that does not compile
        (the regex error is quoted).
    """
    path = resolve_data_dir(data_dir) / "boilerplate.yml"
    entries = _top_level(path, "patterns", list)
    problems: list[CorpusError] = []
    patterns: list[dict[str, Any]] = []
    ids: set[str] = set()
    for index, entry in enumerate(entries, start=1):
        where = f"pattern #{index}"
        if not isinstance(entry, dict):
            problems.append(
                CorpusError(path, f"{where} is not a mapping", "write each pattern as `- id: ...` with kind and regex")
            )
            continue
        pid = entry.get("id")
        if not _is_text(pid):
            problems.append(
                CorpusError(path, f"{where} has no `id`", "give every pattern a unique id such as rferl-subscribe")
            )
            continue
        where = f"pattern {short_repr(pid)}"
        if pid in ids:
            problems.append(CorpusError(path, f"{where} is defined twice", "give each pattern a unique id"))
            continue
        ids.add(pid)
        kind = entry.get("kind")
        if kind not in BOILERPLATE_KINDS:
            problems.append(
                CorpusError(path, f"{where} has kind {short_repr(kind)}", f"use one of: {', '.join(BOILERPLATE_KINDS)}")
            )
        regex = entry.get("regex")
        if not _is_text(regex):
            problems.append(
                CorpusError(path, f"{where} has no `regex`", "add the Python regular expression that matches the line")
            )
            continue
        try:
            compiled = re.compile(regex)
        except re.error as exc:
            problems.append(
                CorpusError(
                    path,
                    f"{where} has an invalid regex {short_repr(regex)} ({exc})",
                    "correct the regular expression (remember to quote it in YAML)",
                )
            )
            continue
        hazard = regex_hazard(regex)
        if hazard is not None:
            problems.append(
                CorpusError(
                    path,
                    f"{where} has a `regex` with {hazard}: {short_repr(regex)}",
                    "bound the inner repeat (e.g. [\\w ]{1,200} instead of (\\w+\\s?)+) or rewrite it without nesting; "
                    "nested quantifiers can take exponential time on a long line",
                )
            )
            continue
        patterns.append(
            {"id": pid, "kind": kind, "regex": regex, "note": str(entry.get("note") or ""), "compiled": compiled}
        )
    _raise_all(path, problems)
    return patterns


# ------------------------------------------------------------------ errata

ERRATA_COLUMNS = ["article_id", "original", "correction", "kind", "evidence"]


@per_data_dir("errata.yml")
def load_errata(data_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """Load the list of errors found in the sources, ``errata.yml``.

    Parameters
    ----------
    data_dir : str or path-like, optional
        Data directory (see :func:`resolve_data_dir`).

    Returns
    -------
    DataFrame
        Columns article_id, original (exact substring of the raw article
        text), correction, kind (one of :data:`ERRATA_KINDS`), evidence; one
        row per erratum in file order. Whether ``original`` really occurs in
        the article is checked by :mod:`kzanalysis.errata`, not here.

    Raises
    ------
    CorpusError
        If the file is missing or malformed: no `errata:` list, an entry
        missing a field, or an unknown kind.
    """
    path = resolve_data_dir(data_dir) / "errata.yml"
    document = load_yaml(path)
    if isinstance(document, dict) and document.get("errata") == []:
        return pd.DataFrame(columns=ERRATA_COLUMNS)
    entries = _top_level(path, "errata", list, document)
    problems: list[CorpusError] = []
    rows = []
    for index, entry in enumerate(entries, start=1):
        where = f"erratum #{index}"
        if not isinstance(entry, dict):
            problems.append(
                CorpusError(
                    path,
                    f"{where} is not a mapping",
                    "write each erratum as `- article_id: ...` with original, correction, kind and evidence",
                )
            )
            continue
        missing = [field for field in ERRATA_COLUMNS if entry.get(field) is None or entry.get(field) == ""]
        if missing:
            problems.append(
                CorpusError(
                    path,
                    f"{where} is missing {', '.join(missing)}",
                    "fill in article_id, original, correction, kind and evidence",
                )
            )
            continue
        not_text = [field for field in ERRATA_COLUMNS if not _is_text(entry[field])]
        if not_text:
            problems.append(
                CorpusError(
                    path, f"{where} has non-text {', '.join(not_text)}", "quote the value(s) so YAML reads them as text"
                )
            )
            continue
        if entry["kind"] not in ERRATA_KINDS:
            problems.append(
                CorpusError(
                    path,
                    f"{where} ({entry['article_id']}) has kind {short_repr(entry['kind'])}",
                    f"use one of: {', '.join(ERRATA_KINDS)}",
                )
            )
            continue
        rows.append(tuple(str(entry[field]) for field in ERRATA_COLUMNS))
    _raise_all(path, problems)
    return pd.DataFrame(rows, columns=ERRATA_COLUMNS)


# ------------------------------------------------------------------ routes


def _is_lon_lat(point: Any) -> bool:
    return (
        isinstance(point, (list, tuple))
        and len(point) == 2
        and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in point)
        and -180 <= point[0] <= 180
        and -90 <= point[1] <= 90
    )


def _text_list(value: Any) -> bool:
    return isinstance(value, list) and all(_is_text(item) for item in value)


def _compile_patterns(path: Path, where: str, field: str, value: Any, problems: list[CorpusError]) -> list[re.Pattern]:
    """Compile the regexes of ``field``; each problem names the file, the entry and the pattern."""
    if value is None:
        return []
    if not _text_list(value):
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
        or not _is_text(endpoints[end].get("name"))
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
    corridor_entries = _top_level(path, "corridors", list, document)
    problems: list[CorpusError] = []

    def terms(field: str, required: bool) -> list[str]:
        value = document.get(field)
        if value is None and not required:
            return []
        if not _text_list(value) or (required and not value):
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
    if not isinstance(cues, dict) or any(not _text_list(cues.get(k) or []) for k in ("positive", "negative")):
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
        if not isinstance(entry, dict) or not all(_is_text(entry.get(f)) for f in ("id", "name")):
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
        if entry.get("state") is not None and not _is_text(entry.get("state")):
            problems.append(
                CorpusError(
                    path, f"{where}: `state` is not a country name", "use the canonical gazetteer name of the country"
                )
            )
        if not _text_list(entry.get("destinations") or []):
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
        missing = [field for field in ("id", "name", "entity", "corridor") if not _is_text(entry.get(field))]
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
        if not _text_list(entry.get("terminals") or []):
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
    _raise_all(path, problems)
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
    _raise_all(path, problems)
    return countries
