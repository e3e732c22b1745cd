"""Curated knowledge: the codebook, the hand-coded claims register, the chronology and named periods.

Four files in the data directory, documented in ``data/README.md`` ("Claims,
codebook, events and periods"):

* ``codebook.yml`` -- topics (id, label, definition, include and exclude
  rules), voices, stances, sides and stance targets;
* ``claims.yml`` -- one entry per claim: article, paragraph (the numbering of
  ``corpus.all_paragraphs``), voice, speaker, side, topic, paraphrase, stance
  and target, the exact evidence span, forecast flag, coder and review flag;
* ``events.yml`` -- dated events, each with topics, a BibTeX source key of
  ``references.bib`` and a certainty;
* ``periods.yml`` -- named, non-overlapping periods, each opened by an event.

Claims, events and periods are optional: a data directory without the file
gives an empty table. The codebook is needed as soon as claims or events
exist, because their topics, voices, sides and stances are checked against it.

Every problem is a :class:`~kzanalysis.errors.CorpusError` naming the file,
the entry (by id, or by position when the id is missing), the field and the
fix; several problems in one file are raised together as a
:class:`~kzanalysis.errors.CorpusValidationError`. Checks that need the text
(the paragraph exists, the evidence is a substring of it, headlines are coded
as the editor's voice) are in :func:`check_claims`, which returns the problems
instead of raising, like the other corpus checks.

Every loader and check is one pass over its entries (set and dict look-ups),
so the cost is linear in the size of the files and the corpus.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import os
import re
from pathlib import Path
from typing import Any

import pandas as pd

from .errors import CorpusError, CorpusValidationError
from .limits import short_repr
from .memo import per_data_dir
from .resources import ENTITY_GROUPS, load_yaml, resolve_data_dir

__all__ = [
    "CLAIM_COLUMNS",
    "EVENT_COLUMNS",
    "PERIOD_COLUMNS",
    "SIDES",
    "CERTAINTIES",
    "TARGET_KINDS",
    "EDITOR_PARTS",
    "TEXT_PARTS",
    "date_span",
    "bib_keys",
    "load_codebook",
    "load_claims",
    "check_claims",
    "load_events",
    "load_periods",
    "period_of",
    "article_periods",
    "events_between",
    "select_claims",
    "route_stances",
]

CLAIM_COLUMNS = (
    "article_id",
    "paragraph",
    "voice",
    "speaker",
    "side",
    "topic",
    "claim",
    "stance",
    "target",
    "evidence",
    "forecast",
    "coder",
    "reviewed",
    "id",
)
"""Columns of :func:`load_claims`, in order."""

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

PERIOD_COLUMNS = ("id", "label", "start", "end", "opened_by", "description")
"""Columns of :func:`load_periods`, in order."""

SIDES = tuple(ENTITY_GROUPS) + ("Unknown",)
"""Every side a codebook may list: the gazetteer's groups and Unknown."""

CERTAINTIES = ("certain", "likely")
TARGET_KINDS = ("route", "corridor", "power", "policy")

EDITOR_PARTS = ("headline", "standfirst", "subheading", "caption")
"""Document parts written by the outlet's editor: claims there have the editor's voice."""

TEXT_PARTS = ("body", "question", "answer", "turn")
"""Document parts that are article text."""

_EDITOR_VOICE = "editor"
_INTERVIEWEE_VOICE = "interviewee"

_CLAIM_REQUIRED = (
    "id",
    "article_id",
    "paragraph",
    "voice",
    "speaker",
    "side",
    "topic",
    "claim",
    "evidence",
    "forecast",
    "coder",
    "reviewed",
)
_CLAIM_FIELDS = set(_CLAIM_REQUIRED) | {"stance", "target", "note"}
_EVENT_REQUIRED = ("id", "date", "title", "description", "topics", "source", "certainty")
_EVENT_FIELDS = set(_EVENT_REQUIRED) | {"date_end", "note"}
_PERIOD_REQUIRED = ("id", "label", "start", "end", "opened_by", "description")
_PERIOD_FIELDS = set(_PERIOD_REQUIRED)
_CUE_FIELDS = {"themes", "entities", "routes"}

_ISO_DATE_RE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_BIB_KEY_RE = re.compile(r"@\s*(\w+)\s*[{(]\s*([^,\s{}()]+)\s*,")
_README_HINT = 'see data/README.md, section "Claims, codebook, events and periods"'


# ------------------------------------------------------------------ helpers


def _is_text(value: Any) -> bool:
    return isinstance(value, str) and value.strip() != ""


def _is_text_list(value: Any) -> bool:
    return isinstance(value, list) and all(_is_text(item) for item in value)


def _raise_all(path: Path, problems: list[CorpusError]) -> None:
    if len(problems) == 1:
        raise problems[0]
    if problems:
        raise CorpusValidationError(problems, path)


def _entries(path: Path, key: str) -> list:
    """The list under ``key`` of an optional file: [] when the file is absent or the list is empty."""
    if not path.exists():
        return []
    document = load_yaml(path)
    if document is None:
        return []
    if not isinstance(document, dict) or key not in document:
        raise CorpusError(
            path,
            f"has no top-level `{key}:` list",
            f"start the file with `{key}:` followed by the entries ({_README_HINT})",
        )
    value = document[key]
    if value is None:
        return []
    if not isinstance(value, list):
        raise CorpusError(path, f"`{key}:` is not a list", f"write each entry as `- id: ...` under `{key}:`")
    return value


def _where(kind: str, index: int, entry: Any) -> str:
    """How a message names an entry: by id when it has one, always with its position."""
    if isinstance(entry, dict) and _is_text(entry.get("id")):
        return f"{kind} {short_repr(entry['id'], 40)} (entry #{index})"
    return f"{kind} #{index}"


def _in(value: Any, allowed) -> bool:
    """Membership that is False for an unhashable value (a list where text belongs)."""
    try:
        return value in allowed
    except TypeError:
        return False


def _bad_id(path: Path, where: str, entry: dict, problems: list[CorpusError]) -> bool:
    if not _is_text(entry.get("id")):
        problems.append(
            CorpusError(
                path,
                f"{where}: `id` is {short_repr(entry.get('id'))}, not text",
                "give the entry a short text id (letters, digits and hyphens)",
            )
        )
        return True
    return False


def _one_of(values) -> str:
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


def _date_field(
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


def _unknown_fields(path: Path, where: str, entry: dict, allowed: set[str], problems: list[CorpusError]) -> None:
    extra = sorted(str(k) for k in entry if k not in allowed)
    if extra:
        problems.append(
            CorpusError(
                path,
                f"{where} has unknown field{'s' if len(extra) > 1 else ''} "
                f"{', '.join(short_repr(k, 30) for k in extra)}",
                f"use only the fields {_one_of(sorted(allowed))} (a misspelt field is ignored otherwise)",
            )
        )


def _missing_fields(path: Path, where: str, entry: dict, required, problems: list[CorpusError]) -> bool:
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
                f"give every entry {_one_of(required)} ({_README_HINT})",
            )
        )
        return True
    return False


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


# ----------------------------------------------------------------- codebook


@per_data_dir("codebook.yml")
def load_codebook(data_dir: str | os.PathLike | None = None) -> dict[str, Any]:
    """Load and check ``codebook.yml``.

    Parameters
    ----------
    data_dir : str or path-like, optional
        Data directory (see :func:`kzanalysis.resources.resolve_data_dir`).

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
            f"and stances ({_README_HINT})",
        )
    document = load_yaml(path)
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
            where = _where(name.rstrip("s"), index, entry)
            if not isinstance(entry, dict):
                problems.append(
                    CorpusError(
                        path,
                        f"{where} in `{name}` is not a mapping",
                        f"write it as `- id: ...` with {_one_of(required_fields)}",
                    )
                )
                continue
            if _missing_fields(path, f"{where} in `{name}`", entry, ("id",) + required_fields, problems):
                continue
            if _bad_id(path, f"{where} in `{name}`", entry, problems):
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
            if not _is_text_list(topic.get(field) or []):
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
            and all(_is_text_list(cues.get(f) or []) for f in ("themes", "entities"))
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
    if not _is_text_list(sides_value) or not sides_value:
        problems.append(
            CorpusError(path, "`sides:` is missing or not a list of names", f"write sides: [{_one_of(SIDES)}]")
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
                        f"use only {_one_of(SIDES)} (the gazetteer's groups and Unknown)",
                    )
                )
    targets = section("targets", ("kind", "label"))
    for target_id, target in targets.items():
        if not _in(target["kind"], TARGET_KINDS):
            problems.append(
                CorpusError(
                    path,
                    f"target {target_id!r}: `kind` is {short_repr(target['kind'])}",
                    f"use one of: {_one_of(TARGET_KINDS)}",
                )
            )
        elif target["kind"] == "power" and target_id not in sides:
            problems.append(
                CorpusError(
                    path,
                    f"target {target_id!r} has kind power but is not a side",
                    f"name the power as in `sides`: {_one_of(sides)}",
                )
            )
    _raise_all(path, problems)
    return {"topics": topics, "voices": voices, "stances": stances, "sides": sides, "targets": targets}


# ------------------------------------------------------------------- claims


def _empty_claims() -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series(dtype=object) for c in CLAIM_COLUMNS})
    return frame.astype({"paragraph": "int64", "forecast": bool, "reviewed": bool})


@per_data_dir("claims.yml", "codebook.yml")
def load_claims(data_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """Load and check ``claims.yml`` against the codebook.

    Parameters
    ----------
    data_dir : str or path-like, optional
        Data directory (see :func:`kzanalysis.resources.resolve_data_dir`).

    Returns
    -------
    DataFrame
        One row per claim in file order, columns :data:`CLAIM_COLUMNS`
        (paragraph int; forecast and reviewed bool; stance and target None
        where the claim takes no stance). Empty, with these columns, when the
        file is absent or lists no claims.

    Raises
    ------
    CorpusError
        If an entry is not a mapping, lacks a required field, has an unknown
        field, repeats an id, has a paragraph that is not a positive whole
        number, a voice, side, topic, stance or target that the codebook does
        not define, a stance without a target or a target without a stance,
        or forecast/reviewed that are not true/false. Each message names
        claims.yml, the claim and the field. Checks against the text are in
        :func:`check_claims`.
    """
    data = resolve_data_dir(data_dir)
    path = data / "claims.yml"
    entries = _entries(path, "claims")
    if not entries:
        return _empty_claims()
    codebook = load_codebook(data)
    vocab = {
        "voice": (codebook["voices"], "voices"),
        "side": (codebook["sides"], "sides"),
        "topic": (codebook["topics"], "topics"),
    }
    problems: list[CorpusError] = []
    rows: list[dict] = []
    seen: set[str] = set()
    for index, entry in enumerate(entries, start=1):
        where = _where("claim", index, entry)
        if not isinstance(entry, dict):
            problems.append(
                CorpusError(
                    path,
                    f"{where} is not a mapping",
                    f"write each claim as `- id: ...` with {_one_of(_CLAIM_REQUIRED)}",
                )
            )
            continue
        _unknown_fields(path, where, entry, _CLAIM_FIELDS, problems)
        if _missing_fields(path, where, entry, _CLAIM_REQUIRED, problems) or _bad_id(path, where, entry, problems):
            continue
        bad = False
        if entry["id"] in seen:
            problems.append(CorpusError(path, f"{where}: id is used twice", "give each claim a unique id"))
            bad = True
        seen.add(entry["id"])
        paragraph = entry["paragraph"]
        if isinstance(paragraph, bool) or not isinstance(paragraph, int) or paragraph < 1:
            problems.append(
                CorpusError(
                    path,
                    f"{where}: `paragraph` is {short_repr(paragraph)}, not a paragraph number",
                    "give the number of the paragraph in corpus.all_paragraphs (a whole number from 1)",
                )
            )
            bad = True
        for field, (allowed, section) in vocab.items():
            if not _in(entry[field], allowed):
                problems.append(
                    CorpusError(
                        path,
                        f"{where}: `{field}` is {short_repr(entry[field])}, not a codebook {field}",
                        f"use one of: {_one_of(allowed)} (defined under `{section}:` in codebook.yml)",
                    )
                )
                bad = True
        stance, target = entry.get("stance"), entry.get("target")
        if stance is not None and not _in(stance, codebook["stances"]):
            problems.append(
                CorpusError(
                    path,
                    f"{where}: `stance` is {short_repr(stance)}, not a codebook stance",
                    f"use one of: {_one_of(codebook['stances'])}, or null",
                )
            )
            bad = True
        if target is not None and not _in(target, codebook["targets"]):
            problems.append(
                CorpusError(
                    path,
                    f"{where}: `target` is {short_repr(target)}, not a codebook target",
                    "use a target id listed under `targets:` in codebook.yml (or add it there), or null",
                )
            )
            bad = True
        if (stance is None) != (target is None):
            problems.append(
                CorpusError(
                    path,
                    f"{where}: `stance` and `target` must be given together",
                    "give both (the position and what it is about) or set both to null",
                )
            )
            bad = True
        for field in ("forecast", "reviewed"):
            if not isinstance(entry[field], bool):
                problems.append(
                    CorpusError(
                        path,
                        f"{where}: `{field}` is {short_repr(entry[field])}, not true or false",
                        f"write {field}: true or {field}: false",
                    )
                )
                bad = True
        for field in ("speaker", "claim", "evidence", "coder", "article_id"):
            if not _is_text(entry[field]):
                problems.append(
                    CorpusError(
                        path, f"{where}: `{field}` is {short_repr(entry[field])}, not text", f"write {field} as text"
                    )
                )
                bad = True
        if not bad:
            rows.append({c: entry.get(c) for c in CLAIM_COLUMNS})
    _raise_all(path, problems)
    frame = pd.DataFrame(rows, columns=list(CLAIM_COLUMNS))
    return frame.astype({"paragraph": "int64", "forecast": bool, "reviewed": bool})


def check_claims(corpus, claims: pd.DataFrame) -> list[CorpusError]:
    """Check claims against the text of the corpus.

    Parameters
    ----------
    corpus : Corpus
        The loaded corpus (:func:`kzanalysis.corpus.load_corpus`); its
        ``all_paragraphs`` numbers every paragraph as received.
    claims : DataFrame
        As returned by :func:`load_claims`.

    Returns
    -------
    list of CorpusError
        Empty when every claim holds. One error, naming claims.yml, the
        claim and the field, for each claim whose article is not in the
        corpus, whose paragraph does not exist, whose evidence is not an
        exact substring of its paragraph, whose voice does not fit the
        paragraph's part (the editor's voice in exactly the headline,
        standfirst, subheading and caption; the interviewee's voice only in
        answers) or whose interviewee is not the manifest's ``interviewee``.
    """
    path = Path(getattr(corpus, "data_dir", None) or resolve_data_dir(None)) / "claims.yml"
    if claims is None or len(claims) == 0:
        return []
    paragraphs = corpus.all_paragraphs
    has_part = "part" in paragraphs.columns
    parts = paragraphs["part"] if has_part else pd.Series([None] * len(paragraphs), index=paragraphs.index)
    texts = {
        (a, int(p)): (t, part)
        for a, p, t, part in zip(paragraphs["article_id"], paragraphs["paragraph"], paragraphs["text"], parts)
    }
    articles = corpus.articles
    known_articles = set(articles["id"])
    interviewees = {}
    if "interviewee" in articles.columns:
        interviewees = {a: v for a, v in zip(articles["id"], articles["interviewee"]) if _is_text(v)}
    problems: list[CorpusError] = []
    for row in claims.itertuples(index=False):
        where = f"claim {short_repr(row.id, 40)}"
        if row.article_id not in known_articles:
            problems.append(
                CorpusError(
                    path,
                    f"{where}: `article_id` {short_repr(row.article_id)} is not an article of the corpus",
                    "use the id of an article in manifest.yml",
                )
            )
            continue
        found = texts.get((row.article_id, int(row.paragraph)))
        if found is None:
            problems.append(
                CorpusError(
                    path,
                    f"{where}: `paragraph` {row.paragraph} does not exist in {row.article_id}",
                    "use a paragraph number from corpus.all_paragraphs of that article",
                )
            )
            continue
        text, part = found
        if row.evidence not in text:
            problems.append(
                CorpusError(
                    path,
                    f"{where}: `evidence` {short_repr(row.evidence, 60)} is not in paragraph "
                    f"{row.paragraph} of {row.article_id}",
                    "copy the span exactly from that paragraph (same quotes, dashes and spelling), "
                    "or correct the paragraph number",
                )
            )
        if part is None:
            continue
        if (row.voice == _EDITOR_VOICE) != (part in EDITOR_PARTS):
            fix = (
                "code headline, standfirst, subheading and caption with voice editor and the outlet as speaker"
                if part in EDITOR_PARTS
                else "use the editor's voice only for headline, standfirst, subheading and caption"
            )
            problems.append(
                CorpusError(
                    path, f"{where}: `voice` {row.voice} does not fit paragraph {row.paragraph}, which is a {part}", fix
                )
            )
        elif row.voice == _INTERVIEWEE_VOICE:
            if part != "answer":
                problems.append(
                    CorpusError(
                        path,
                        f"{where}: `voice` interviewee but paragraph {row.paragraph} is a {part}",
                        "use the interviewee's voice for answers only; the interviewer's text is the author's",
                    )
                )
            expected = interviewees.get(row.article_id)
            if expected is not None and row.speaker != expected:
                problems.append(
                    CorpusError(
                        path,
                        f"{where}: `speaker` {short_repr(row.speaker)} is not the interviewee "
                        f"{short_repr(expected)} of the manifest",
                        "name the interviewee as the manifest does, or change the voice",
                    )
                )
    return problems


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
        Data directory (see :func:`kzanalysis.resources.resolve_data_dir`).

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
    entries = _entries(path, "events")
    if not entries:
        return _empty_events()
    topics = load_codebook(data)["topics"]
    keys = bib_keys(data)
    problems: list[CorpusError] = []
    rows: list[dict] = []
    seen: set[str] = set()
    for index, entry in enumerate(entries, start=1):
        where = _where("event", index, entry)
        if not isinstance(entry, dict):
            problems.append(
                CorpusError(
                    path,
                    f"{where} is not a mapping",
                    f"write each event as `- id: ...` with {_one_of(_EVENT_REQUIRED)}",
                )
            )
            continue
        _unknown_fields(path, where, entry, _EVENT_FIELDS, problems)
        if _missing_fields(path, where, entry, _EVENT_REQUIRED, problems) or _bad_id(path, where, entry, problems):
            continue
        bad = False
        if entry["id"] in seen:
            problems.append(CorpusError(path, f"{where}: id is used twice", "give each event a unique id"))
            bad = True
        seen.add(entry["id"])
        span = _date_field(path, where, "date", entry["date"], problems)
        end_span = None
        if entry.get("date_end") is not None:
            end_span = _date_field(path, where, "date_end", entry["date_end"], problems)
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
        if not _is_text_list(event_topics) or not event_topics:
            problems.append(
                CorpusError(
                    path,
                    f"{where}: `topics` is not a list of topic ids",
                    f"write topics: [id, ...] with ids from codebook.yml: {_one_of(topics)}",
                )
            )
            bad = True
        else:
            unknown = [t for t in event_topics if t not in topics]
            if unknown:
                problems.append(
                    CorpusError(
                        path,
                        f"{where}: `topics` has {_one_of(short_repr(t) for t in unknown)}, not a codebook topic",
                        f"use ids from codebook.yml: {_one_of(topics)}",
                    )
                )
                bad = True
        if not _is_text(entry["source"]) or entry["source"] not in keys:
            problems.append(
                CorpusError(
                    path,
                    f"{where}: `source` {short_repr(entry['source'])} is not a key in references.bib",
                    "add a BibTeX entry for the source (with its http(s) url) to references.bib, or correct the key",
                )
            )
            bad = True
        if not _in(entry["certainty"], CERTAINTIES):
            problems.append(
                CorpusError(
                    path,
                    f"{where}: `certainty` is {short_repr(entry['certainty'])}",
                    f"use one of: {_one_of(CERTAINTIES)}",
                )
            )
            bad = True
        for field in ("title", "description"):
            if not _is_text(entry[field]):
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
    _raise_all(path, problems)
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
        Data directory (see :func:`kzanalysis.resources.resolve_data_dir`).

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
    entries = _entries(path, "periods")
    if not entries:
        return _empty_periods()
    events = load_events(data) if (data / "events.yml").exists() else None
    event_starts = dict(zip(events["id"], events["date_start"])) if events is not None else {}
    problems: list[CorpusError] = []
    rows: list[dict] = []
    seen: set[str] = set()
    for index, entry in enumerate(entries, start=1):
        where = _where("period", index, entry)
        if not isinstance(entry, dict):
            problems.append(
                CorpusError(
                    path,
                    f"{where} is not a mapping",
                    f"write each period as `- id: ...` with {_one_of(_PERIOD_REQUIRED)}",
                )
            )
            continue
        _unknown_fields(path, where, entry, _PERIOD_FIELDS, problems)
        if "end" not in entry:
            problems.append(
                CorpusError(path, f"{where} is missing `end`", "give the last day, or end: null for an open period")
            )
            continue
        required = [f for f in _PERIOD_REQUIRED if f != "end"]
        if _missing_fields(path, where, entry, required, problems) or _bad_id(path, where, entry, problems):
            continue
        bad = False
        if entry["id"] in seen:
            problems.append(CorpusError(path, f"{where}: id is used twice", "give each period a unique id"))
            bad = True
        seen.add(entry["id"])
        start = _date_field(path, where, "start", entry["start"], problems)
        end = _date_field(path, where, "end", entry["end"], problems) if entry["end"] is not None else None
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
            if not _in(opened_by, event_starts):
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
    _raise_all(path, problems)
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


# ---------------------------------------------------------------- queries


def select_claims(claims: pd.DataFrame, **criteria: Any) -> pd.DataFrame:
    """Rows of ``claims`` matching every criterion, e.g. ``select_claims(c, topic="osce", voice="quoted")``.

    A criterion's value may be one value or a list/tuple/set of accepted
    values; ``None`` matches a null field. An unknown column raises KeyError.
    """
    mask = pd.Series(True, index=claims.index)
    for column, wanted in criteria.items():
        if column not in claims.columns:
            raise KeyError(f"claims have no column {column!r}; columns are {', '.join(claims.columns)}")
        values = claims[column]
        if isinstance(wanted, (list, tuple, set, frozenset)):
            accepted = set(wanted)
            mask &= values.map(lambda v, accepted=accepted: (v if pd.notna(v) else None) in accepted)
        elif wanted is None:
            mask &= values.isna()
        else:
            mask &= values == wanted
    return claims[mask]


def route_stances(claims: pd.DataFrame, codebook: dict[str, Any]) -> pd.DataFrame:
    """Claims whose target is a route or corridor, with the target's kind and label.

    Returns a DataFrame with columns article_id, paragraph, id, voice,
    speaker, side, target, target_kind, target_label, stance, forecast,
    evidence, in the claims' order -- who backs, doubts or reports which
    route, and in whose words.
    """
    targets = codebook["targets"]
    routes = {t for t, spec in targets.items() if spec.get("kind") in ("route", "corridor")}
    rows = claims[claims["target"].isin(routes)].copy()
    rows["target_kind"] = [targets[t]["kind"] for t in rows["target"]]
    rows["target_label"] = [targets[t]["label"] for t in rows["target"]]
    columns = [
        "article_id",
        "paragraph",
        "id",
        "voice",
        "speaker",
        "side",
        "target",
        "target_kind",
        "target_label",
        "stance",
        "forecast",
        "evidence",
    ]
    return rows[columns].reset_index(drop=True)
