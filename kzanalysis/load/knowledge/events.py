"""The chronology ``events.yml``: dated events, each with codebook topics, a source key of
``references.bib`` (:func:`bib_keys`) and a certainty; and the events of a span (:func:`events_between`)."""

from __future__ import annotations

import os
import re
from typing import Any

import pandas as pd

from ..errors import CorpusError
from ..limits import short_repr
from ..memo import per_data_dir
from ..resources import resolve_data_dir
from ..resources.datadir import is_text, is_text_list, raise_all
from .codebook import load_codebook
from .schema import (
    bad_id,
    date_field,
    date_span,
    entry_label,
    entry_list,
    is_mapping,
    is_member,
    missing_fields,
    one_of,
    repeated_id,
    unknown_fields,
)

__all__ = ["EVENT_COLUMNS", "CERTAINTIES", "bib_keys", "load_events", "events_between"]

EVENT_COLUMNS = (
    "id",
    "date",
    "date_start",
    "date_end",
    "title",
    "description",
    "topics",
    "source",
    "certainty",
    "note",
)
"""Columns of :func:`load_events`, in order."""

CERTAINTIES = ("certain", "likely")

_EVENT_REQUIRED = ("id", "date", "title", "description", "topics", "source", "certainty")
_EVENT_FIELDS = set(_EVENT_REQUIRED) | {"date_end", "note"}

_BIB_KEY_RE = re.compile(r"@\s*(\w+)\s*[{(]\s*([^,\s{}()]+)\s*,")


def bib_keys(data_dir: str | os.PathLike | None = None) -> set[str]:
    """The entry keys of ``references.bib`` (empty when the file is absent); ``@string``,
    ``@preamble`` and ``@comment`` blocks are not entries."""
    path = resolve_data_dir(data_dir) / "references.bib"
    if not path.is_file():
        return set()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise CorpusError(path, f"cannot be read as UTF-8 ({exc})", "re-save the file as UTF-8") from None
    return {
        m.group(2) for m in _BIB_KEY_RE.finditer(text) if m.group(1).lower() not in ("string", "preamble", "comment")
    }


# ------------------------------------------------------------------- events


def _empty_events() -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series(dtype=object) for c in EVENT_COLUMNS})
    return frame.astype({"date_start": "datetime64[ns]", "date_end": "datetime64[ns]"})


@per_data_dir("events.yml", "codebook.yml", "references.bib")
def load_events(data_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """Load and check the chronology ``events.yml``.

    Parameters
    ----------
    data_dir : str or path-like, optional
        Data directory (see :func:`kzanalysis.load.resources.resolve_data_dir`).

    Returns
    -------
    DataFrame
        One row per event sorted by date_start then id, columns
        :data:`EVENT_COLUMNS`: date as written, date_start (Timestamp, first
        day of the date), date_end (Timestamp: last day of ``date_end`` when
        given, else of ``date``), topics (tuple of codebook ids), source
        (BibTeX key), certainty, note (or None). Empty, with these columns,
        when the file is absent or lists no events.

    Raises
    ------
    CorpusError
        If an entry lacks a field, has an unknown field, repeats an id, has
        a date that is not ISO (or not a calendar date), ends before it
        starts, lists no topics or a topic the codebook does not define,
        names a source key that references.bib does not have, or has a
        certainty other than certain/likely. Each message names events.yml,
        the event and the field.
    """
    data = resolve_data_dir(data_dir)
    path = data / "events.yml"
    entries = entry_list(path, "events")
    if not entries:
        return _empty_events()
    topics = load_codebook(data)["topics"]
    keys = bib_keys(data)
    problems: list[CorpusError] = []
    rows: list[dict] = []
    seen: set[str] = set()
    for index, entry in enumerate(entries, start=1):
        where = entry_label("event", index, entry)
        if not is_mapping(path, where, entry, "event", _EVENT_REQUIRED, problems):
            continue
        unknown_fields(path, where, entry, _EVENT_FIELDS, problems)
        if missing_fields(path, where, entry, _EVENT_REQUIRED, problems) or bad_id(path, where, entry, problems):
            continue
        bad = repeated_id(path, where, entry, "event", seen, problems)
        span = date_field(path, where, "date", entry["date"], problems)
        end_span = None
        if entry.get("date_end") is not None:
            end_span = date_field(path, where, "date_end", entry["date_end"], problems)
            if end_span is None:
                bad = True
        if span is None:
            bad = True
        elif end_span is not None and end_span[1] < span[0]:
            problems.append(
                CorpusError(
                    path,
                    f"{where}: `date_end` {entry['date_end']} is before `date` {entry['date']}",
                    "give the last day of the event, on or after its first day",
                )
            )
            bad = True
        event_topics = entry["topics"]
        if not is_text_list(event_topics) or not event_topics:
            problems.append(
                CorpusError(
                    path,
                    f"{where}: `topics` is not a list of topic ids",
                    f"write topics: [id, ...] with ids from codebook.yml: {one_of(topics)}",
                )
            )
            bad = True
        else:
            unknown = [t for t in event_topics if t not in topics]
            if unknown:
                problems.append(
                    CorpusError(
                        path,
                        f"{where}: `topics` has {one_of(short_repr(t) for t in unknown)}, not a codebook topic",
                        f"use ids from codebook.yml: {one_of(topics)}",
                    )
                )
                bad = True
        if not is_text(entry["source"]) or entry["source"] not in keys:
            problems.append(
                CorpusError(
                    path,
                    f"{where}: `source` {short_repr(entry['source'])} is not a key in references.bib",
                    "add a BibTeX entry for the source (with its http(s) url) to references.bib, or correct the key",
                )
            )
            bad = True
        if not is_member(entry["certainty"], CERTAINTIES):
            problems.append(
                CorpusError(
                    path,
                    f"{where}: `certainty` is {short_repr(entry['certainty'])}",
                    f"use one of: {one_of(CERTAINTIES)}",
                )
            )
            bad = True
        for field in ("title", "description"):
            if not is_text(entry[field]):
                problems.append(CorpusError(path, f"{where}: `{field}` is not text", f"write {field} as text"))
                bad = True
        if bad:
            continue
        rows.append(
            {
                "id": str(entry["id"]),
                "date": str(entry["date"]),
                "date_start": span[0],
                "date_end": (end_span or span)[1],
                "title": entry["title"],
                "description": entry["description"],
                "topics": tuple(event_topics),
                "source": entry["source"],
                "certainty": entry["certainty"],
                "note": entry.get("note"),
            }
        )
    raise_all(path, problems)
    frame = pd.DataFrame(rows, columns=list(EVENT_COLUMNS))
    frame = frame.sort_values(["date_start", "id"], kind="stable").reset_index(drop=True)
    return frame.astype({"date_start": "datetime64[ns]", "date_end": "datetime64[ns]"})


def events_between(events: pd.DataFrame, start: Any = None, end: Any = None) -> pd.DataFrame:
    """Events that overlap the span from ``start`` to ``end`` (either may be None = open).

    ``start`` and ``end`` are dates as :func:`date_span` reads them; a month
    or year counts whole (``events_between(ev, "2001", "2001")`` is all of
    2001). Returns the matching rows of ``events`` in their order.
    """
    mask = pd.Series(True, index=events.index)
    if start is not None:
        mask &= events["date_end"] >= date_span(start)[0]
    if end is not None:
        mask &= events["date_start"] <= date_span(end)[1]
    return events[mask]
