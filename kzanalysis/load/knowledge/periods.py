"""The named periods ``periods.yml``, each opened by an event of ``events.yml``, and the period a date
or an article falls in (:func:`period_of`, :func:`article_periods`)."""

from __future__ import annotations

import os
from typing import Any

import pandas as pd

from ..errors import CorpusError
from ..limits import short_repr
from ..memo import per_data_dir
from ..resources import resolve_data_dir
from ..resources.datadir import raise_all
from .events import load_events
from .schema import (
    bad_id,
    date_field,
    date_span,
    entry_label,
    entry_list,
    is_mapping,
    is_member,
    missing_fields,
    repeated_id,
    unknown_fields,
)

__all__ = ["PERIOD_COLUMNS", "load_periods", "period_of", "article_periods"]

PERIOD_COLUMNS = ("id", "label", "start", "end", "opened_by", "description")
"""Columns of :func:`load_periods`, in order."""

_PERIOD_REQUIRED = ("id", "label", "start", "end", "opened_by", "description")
_PERIOD_FIELDS = set(_PERIOD_REQUIRED)


# ------------------------------------------------------------------ periods


def _empty_periods() -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series(dtype=object) for c in PERIOD_COLUMNS})
    return frame.astype({"start": "datetime64[ns]", "end": "datetime64[ns]"})


@per_data_dir("periods.yml", "events.yml", "codebook.yml", "references.bib")
def load_periods(data_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """Load and check the named periods ``periods.yml``.

    Parameters
    ----------
    data_dir : str or path-like, optional
        Data directory (see :func:`kzanalysis.load.resources.resolve_data_dir`).

    Returns
    -------
    DataFrame
        One row per period sorted by start, columns :data:`PERIOD_COLUMNS`:
        start (Timestamp, first day), end (Timestamp, last day, inclusive;
        NaT for an open period). Empty, with these columns, when the file is
        absent or lists no periods.

    Raises
    ------
    CorpusError
        If an entry lacks a field (``end`` must be present, null when open),
        has an unknown field, repeats an id, has a start or end that is not
        an ISO date, ends before it starts, overlaps another period, or is
        opened by an event that events.yml does not have or that is not
        dated on the period's first day. Each message names periods.yml, the
        period and the field.
    """
    data = resolve_data_dir(data_dir)
    path = data / "periods.yml"
    entries = entry_list(path, "periods")
    if not entries:
        return _empty_periods()
    events = load_events(data) if (data / "events.yml").exists() else None
    event_starts = dict(zip(events["id"], events["date_start"])) if events is not None else {}
    problems: list[CorpusError] = []
    rows: list[dict] = []
    seen: set[str] = set()
    for index, entry in enumerate(entries, start=1):
        where = entry_label("period", index, entry)
        if not is_mapping(path, where, entry, "period", _PERIOD_REQUIRED, problems):
            continue
        unknown_fields(path, where, entry, _PERIOD_FIELDS, problems)
        if "end" not in entry:
            problems.append(
                CorpusError(path, f"{where} is missing `end`", "give the last day, or end: null for an open period")
            )
            continue
        required = [f for f in _PERIOD_REQUIRED if f != "end"]
        if missing_fields(path, where, entry, required, problems) or bad_id(path, where, entry, problems):
            continue
        bad = repeated_id(path, where, entry, "period", seen, problems)
        start = date_field(path, where, "start", entry["start"], problems)
        end = date_field(path, where, "end", entry["end"], problems) if entry["end"] is not None else None
        if start is None or (entry["end"] is not None and end is None):
            continue
        if end is not None and end[1] < start[0]:
            problems.append(
                CorpusError(
                    path,
                    f"{where}: `end` {entry['end']} is before `start` {entry['start']}",
                    "give a last day on or after the first day",
                )
            )
            continue
        opened_by = entry["opened_by"]
        if events is not None:
            if not is_member(opened_by, event_starts):
                problems.append(
                    CorpusError(
                        path,
                        f"{where}: `opened_by` {short_repr(opened_by)} is not an event id in events.yml",
                        "name the event that opens the period, or add it to events.yml",
                    )
                )
                bad = True
            elif event_starts[opened_by] != start[0]:
                problems.append(
                    CorpusError(
                        path,
                        f"{where}: `start` {entry['start']} is not the date of its opening event "
                        f"{opened_by!r} ({event_starts[opened_by].date()})",
                        "start the period on the day of the event that opens it",
                    )
                )
                bad = True
        if not bad:
            rows.append(
                {
                    "id": str(entry["id"]),
                    "label": entry["label"],
                    "start": start[0],
                    "end": end[1] if end is not None else pd.NaT,
                    "opened_by": opened_by,
                    "description": entry["description"],
                }
            )
    frame = pd.DataFrame(rows, columns=list(PERIOD_COLUMNS)).astype(
        {"start": "datetime64[ns]", "end": "datetime64[ns]"}
    )
    frame = frame.sort_values(["start", "id"], kind="stable").reset_index(drop=True)
    for previous, current in zip(frame.itertuples(), frame.iloc[1:].itertuples()):
        if pd.isna(previous.end) or current.start <= previous.end:
            problems.append(
                CorpusError(
                    path,
                    f"period {current.id!r} overlaps period {previous.id!r}",
                    f"end {previous.id!r} before {current.start.date()} (the day before "
                    f"{current.id!r} starts), or move the start",
                )
            )
    raise_all(path, problems)
    return frame


def period_of(date: Any, periods: pd.DataFrame) -> str | None:
    """The id of the period a date falls in, or None.

    Parameters
    ----------
    date : str, datetime.date or Timestamp
        An ISO date (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``) or a date.
    periods : DataFrame
        As returned by :func:`load_periods`.

    Returns
    -------
    str or None
        The period whose start <= date <= end (an open period has no end).
        A date known only to the month or year belongs to a period only when
        the whole month or year lies inside it; when it straddles a boundary,
        or lies outside every period, the result is None.
    """
    return _period_in(date, _period_spans(periods))


def _period_spans(periods: pd.DataFrame) -> list[tuple]:
    """(id, start, end) of each period, in table order (read once, not per date)."""
    return list(zip(periods["id"], periods["start"], periods["end"]))


def _period_in(date: Any, spans: list[tuple]) -> str | None:
    first, last = date_span(date)
    for period_id, start, end in spans:
        if start <= first and (pd.isna(end) or last <= end):
            return period_id
    return None


def article_periods(articles: pd.DataFrame, periods: pd.DataFrame) -> pd.Series:
    """The period of each article: a Series indexed by article id (None where the
    article's date straddles a boundary or lies outside every period).

    ``articles`` is ``corpus.articles`` (or any table with ``id`` and ``date``
    as in the manifest)."""
    spans = _period_spans(periods)
    once: dict = {}  # each distinct date is placed once
    values = []
    for date in articles["date"]:
        key = (type(date), date)
        if key not in once:
            once[key] = _period_in(date, spans)
        values.append(once[key])
    return pd.Series(values, index=list(articles["id"]), dtype=object, name="period")
