"""What the curated knowledge files share: how an entry list is read, how an entry is named in a message,
the field checks, and ISO dates (:func:`date_span`).

Every knowledge file is read through :func:`load_document` or :func:`entry_list`, both of which parse it with
:func:`kzanalysis.load.resources.load_yaml` (so the YAML limits hold). Every check appends a
:class:`~kzanalysis.load.errors.CorpusError` naming the file, the entry and the field to the caller's list of
problems instead of raising, so a loader reports every problem of its file at once.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import re
from collections.abc import Collection, Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import CorpusError
from ..limits import short_repr
from ..resources.datadir import is_text, load_yaml

__all__ = [
    "README_HINT",
    "load_document",
    "entry_list",
    "entry_label",
    "is_member",
    "bad_id",
    "one_of",
    "date_span",
    "date_field",
    "unknown_fields",
    "missing_fields",
]

_ISO_DATE_RE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
README_HINT = 'see data/README.md, section "Claims, codebook, events and periods"'


def load_document(path: Path) -> Any:
    """The parsed YAML of one knowledge file (None when it is empty); every loader of the package reads here."""
    return load_yaml(path)


def entry_list(path: Path, key: str) -> list:
    """The list under ``key`` of an optional file: [] when the file is absent or the list is empty."""
    if not path.exists():
        return []
    document = load_document(path)
    if document is None:
        return []
    if not isinstance(document, dict) or key not in document:
        raise CorpusError(
            path,
            f"has no top-level `{key}:` list",
            f"start the file with `{key}:` followed by the entries ({README_HINT})",
        )
    value = document[key]
    if value is None:
        return []
    if not isinstance(value, list):
        raise CorpusError(path, f"`{key}:` is not a list", f"write each entry as `- id: ...` under `{key}:`")
    return value


def entry_label(kind: str, index: int, entry: Any) -> str:
    """How a message names an entry: by id when it has one, always with its position."""
    if isinstance(entry, dict) and is_text(entry.get("id")):
        return f"{kind} {short_repr(entry['id'], 40)} (entry #{index})"
    return f"{kind} #{index}"


def is_member(value: Any, allowed: Collection[Any]) -> bool:
    """Membership that is False for an unhashable value (a list where text belongs)."""
    try:
        return value in allowed
    except TypeError:
        return False


def bad_id(path: Path, where: str, entry: dict, problems: list[CorpusError]) -> bool:
    if not is_text(entry.get("id")):
        problems.append(
            CorpusError(
                path,
                f"{where}: `id` is {short_repr(entry.get('id'))}, not text",
                "give the entry a short text id (letters, digits and hyphens)",
            )
        )
        return True
    return False


def is_mapping(
    path: Path, where: str, entry: Any, kind: str, required: Iterable[str], problems: list[CorpusError]
) -> bool:
    """True when the entry is a mapping; else a problem is recorded (how to write a ``kind`` entry)."""
    if isinstance(entry, dict):
        return True
    problems.append(
        CorpusError(path, f"{where} is not a mapping", f"write each {kind} as `- id: ...` with {one_of(required)}")
    )
    return False


def repeated_id(path: Path, where: str, entry: dict, kind: str, seen: set[str], problems: list[CorpusError]) -> bool:
    """True (and a problem recorded) when the entry's id is in ``seen``; the id is added to ``seen``."""
    repeated = entry["id"] in seen
    if repeated:
        problems.append(CorpusError(path, f"{where}: id is used twice", f"give each {kind} a unique id"))
    seen.add(entry["id"])
    return repeated


def one_of(values: Iterable[Any]) -> str:
    return ", ".join(str(v) for v in values)


def date_span(value: Any) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The first and last day a date stands for.

    Parameters
    ----------
    value : str, datetime.date or Timestamp
        An ISO date ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (a whole year or
        month spans from its first to its last day), or a date object (one
        day).

    Returns
    -------
    (Timestamp, Timestamp)
        First and last day, both at midnight.

    Raises
    ------
    ValueError
        If the value is not such a date (wrong form, month 13, 30 February).
    """
    if isinstance(value, (pd.Timestamp, _dt.datetime)):
        day = pd.Timestamp(value).normalize()
        return day, day
    if isinstance(value, _dt.date):
        day = pd.Timestamp(value)
        return day, day
    text = str(value).strip()
    match = _ISO_DATE_RE.fullmatch(text)
    if match is None:
        raise ValueError(f"{text!r} is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)")
    year = int(match.group(1))
    month = int(match.group(2)) if match.group(2) else None
    day = int(match.group(3)) if match.group(3) else None
    try:
        if month is None:
            return pd.Timestamp(year, 1, 1), pd.Timestamp(year, 12, 31)
        if day is None:
            return pd.Timestamp(year, month, 1), pd.Timestamp(year, month, calendar.monthrange(year, month)[1])
        single = pd.Timestamp(year, month, day)
    except ValueError:
        raise ValueError(f"{text!r} is not a calendar date") from None
    return single, single


def date_field(
    path: Path, where: str, field: str, value: Any, problems: list[CorpusError]
) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """Parse one date field; a bad date is reported, not raised. YAML may already have made a date object."""
    if isinstance(value, bool) or not isinstance(value, (str, _dt.date)):
        problems.append(
            CorpusError(
                path,
                f"{where}: `{field}` is {short_repr(value)}, not a date",
                'write an ISO date in quotes: "YYYY-MM-DD", "YYYY-MM" or "YYYY"',
            )
        )
        return None
    try:
        return date_span(value)
    except ValueError as exc:
        problems.append(
            CorpusError(
                path, f"{where}: `{field}` {exc}", 'write an ISO date in quotes: "YYYY-MM-DD", "YYYY-MM" or "YYYY"'
            )
        )
        return None


def unknown_fields(path: Path, where: str, entry: dict, allowed: set[str], problems: list[CorpusError]) -> None:
    extra = sorted(str(k) for k in entry if k not in allowed)
    if extra:
        problems.append(
            CorpusError(
                path,
                f"{where} has unknown field{'s' if len(extra) > 1 else ''} "
                f"{', '.join(short_repr(k, 30) for k in extra)}",
                f"use only the fields {one_of(sorted(allowed))} (a misspelt field is ignored otherwise)",
            )
        )


def missing_fields(path: Path, where: str, entry: dict, required: Iterable[str], problems: list[CorpusError]) -> bool:
    missing = [
        f
        for f in required
        if f not in entry or entry[f] is None or (isinstance(entry[f], str) and not entry[f].strip())
    ]
    if missing:
        problems.append(
            CorpusError(
                path,
                f"{where} is missing {', '.join(f'`{f}`' for f in missing)}",
                f"give every entry {one_of(required)} ({README_HINT})",
            )
        )
        return True
    return False
