"""The manifest ``manifest.yml``: its entries read, each entry's fields checked and normalised (required and
optional fields, id, date, checksum, file name, funding, rights, parts, review notes, characters), and the
warnings about keys that are neither (:func:`manifest_warnings`)."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import CorpusError
from ..limits import (
    ID_ALPHABET,
    ID_RE,
    MAX_ID_CHARS,
    control_character,
    describe_character,
    short_repr,
    untypesettable_character,
)
from ..parts import PARTS
from ..resources import load_yaml, resolve_data_dir

__all__ = [
    "REQUIRED_FIELDS",
    "OPTIONAL_FIELDS",
    "FUNDING_VALUES",
    "RIGHTS_VALUES",
    "DEFAULT_RIGHTS",
    "parse_date",
    "manifest_entries",
    "show_id",
    "check_entry",
    "manifest_warnings",
]

REQUIRED_FIELDS = (
    "id",
    "file",
    "sha256",
    "title",
    "outlet",
    "author",
    "date",
    "date_evidence",
    "genre",
    "provenance",
)
"""Fields every manifest entry must have. ``author`` may be null (unsigned
pieces); the others must be non-empty."""
_NULLABLE_FIELDS = frozenset({"author"})

_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_SHA256_RE = re.compile(r"^[0-9a-f]{64}$")


#: Optional manifest fields (documented in data/README.md); any other key draws a warning.
OPTIONAL_FIELDS = (
    "funding",
    "interviewee",
    "attributed_author",
    "contributors",
    "issuer",
    "parts",
    "rights",
    "rights_reason",
    "url",
    "extractor",
    "text_sha256",
    "evidence",
    "review",
)
#: The values `funding` may take.
FUNDING_VALUES = ("us-government", "other-government", "donor-funded ngo", "commercial", "unknown")
#: The values `rights` (reuse rights) may take: the whole text may be shown, or only excerpts (the
#: paragraphs the book cites). Without `rights`, an article is treated as excerpts only.
RIGHTS_VALUES = ("full", "excerpts")
DEFAULT_RIGHTS = "excerpts"


# ------------------------------------------------------------------- dates


def parse_date(value: Any) -> tuple[str, pd.Timestamp]:
    """Check a manifest date and return it with the first day of its period.

    Parameters
    ----------
    value : str, int or datetime.date
        ``"YYYY"``, ``"YYYY-MM"`` or ``"YYYY-MM-DD"``. An unquoted YAML
        year (int) or full date (datetime.date) is accepted too.

    Returns
    -------
    (date, start) : (str, Timestamp)
        The date as an ISO string with the precision given, and the first
        day of the period it names (e.g. "2006-07" -> 2006-07-01).

    Raises
    ------
    ValueError
        With a message saying what is wrong (bad format, or no such day).
    """
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat(), pd.Timestamp(value)
    if isinstance(value, int) and not isinstance(value, bool):
        value = f"{value:04d}"
    if not isinstance(value, str):
        raise ValueError(f"date {short_repr(value)} is not text")
    match = _DATE_RE.match(value.strip())
    if not match:
        raise ValueError(f"date {short_repr(value)} is not in the form YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        start = dt.date(year, 1 if month is None else month, 1 if day is None else day)
    except ValueError as exc:
        raise ValueError(f"date {short_repr(value)} is not a real date ({exc})") from None
    return value.strip(), pd.Timestamp(start)


# ----------------------------------------------------------------- entries


def manifest_entries(data_dir: Path, problems: list[CorpusError]) -> list | None:
    manifest = data_dir / "manifest.yml"
    if not manifest.is_file():
        problems.append(
            CorpusError(
                manifest,
                "manifest not found",
                "create manifest.yml with an `articles:` list (one entry per file in articles/), "
                "or point --data / KZ_DATA_DIR at the right data directory",
            )
        )
        return None
    try:
        document = load_yaml(manifest)
    except CorpusError as exc:
        problems.append(exc)
        return None
    entries = document.get("articles") if isinstance(document, dict) else None
    if not isinstance(entries, list):
        what = (
            "has no `articles:` key"
            if not (isinstance(document, dict) and "articles" in document)
            else "has `articles:` that is not a list"
        )
        problems.append(
            CorpusError(
                manifest,
                f"manifest {what}",
                "put the entries under a top-level `articles:` key as a YAML list (`- id: ...`)",
            )
        )
        return None
    return entries


def show_id(article_id: str) -> str:
    """An id as written when it is well formed, else a short quotation of it."""
    return article_id if ID_RE.fullmatch(article_id) and len(article_id) <= MAX_ID_CHARS else short_repr(article_id)


def _strings_in(value: Any) -> Iterator[str]:
    """Every string inside a manifest value (lists and mappings are walked)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            yield item
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            stack.extend(item.values())


def _check_characters(label: str, entry: dict, manifest: Path, problems: list[CorpusError]) -> bool:
    """Control characters and characters the PDF fonts lack, in any field of one entry."""
    ok = True
    for field, value in entry.items():
        for text in _strings_in(value):
            bad = control_character(text)
            if bad is not None:
                problems.append(
                    CorpusError(
                        manifest,
                        f"{label} has the control or formatting character {describe_character(bad[1])} "
                        f"in `{field}` at character {bad[0] + 1}",
                        f"delete the character from `{field}` (control, zero-width and text-direction characters "
                        "break the HTML, the PDF and the figures)",
                    )
                )
                ok = False
                break
            bad = untypesettable_character(text)
            if bad is not None:
                problems.append(
                    CorpusError(
                        manifest,
                        f"{label} has the character {describe_character(bad[1])} in `{field}` at character "
                        f"{bad[0] + 1}, which the PDF fonts cannot typeset",
                        f"transliterate or remove it from `{field}`: only Latin, Greek and Cyrillic letters, common "
                        "punctuation and symbols are typeset (see Limits in data/README.md)",
                    )
                )
                ok = False
                break
    return ok


def _check_parts_override(label: str, entry: dict, manifest: Path, problems: list[CorpusError]) -> bool:
    """The optional `parts:` override: paragraph number -> part name."""
    override = entry.get("parts")
    if override is None:
        return True
    fix = (
        f"write `parts:` as a mapping from paragraph number to one of: {', '.join(PARTS)} "
        "(e.g. `parts: {3: standfirst}`)"
    )
    if not isinstance(override, dict):
        problems.append(CorpusError(manifest, f"{label} has a `parts` that is not a mapping", fix))
        return False
    for number, part in override.items():
        if isinstance(number, bool) or not isinstance(number, int) or number < 1 or part not in PARTS:
            problems.append(
                CorpusError(
                    manifest,
                    f"{label} has `parts: {short_repr(number)}: {short_repr(part)}`, which is not a paragraph "
                    "number and a known part",
                    fix,
                )
            )
            return False
    return True


def _check_review(label: str, entry: dict, manifest: Path, problems: list[CorpusError]) -> set[str]:
    """The fields `review:` says a person must still fill in (`kzanalysis add` writes them), each a problem."""
    review = entry.get("review")
    if review is None:
        return set()
    where = f" of articles/{entry['file']}" if isinstance(entry.get("file"), str) else ""
    if not isinstance(review, dict) or not review:
        problems.append(
            CorpusError(
                manifest,
                f"{label} has a `review` that is not a mapping of field to note",
                "delete `review:` once every field it listed is filled in",
            )
        )
        return {"review"}
    for name, note in review.items():
        problems.append(
            CorpusError(
                manifest,
                f"{label}: `{name}`{where} is not filled in yet ({short_repr(note, 200)})",
                f"read the document and fill in `{name}`"
                + (" (null if the text is unsigned)" if name == "author" else "")
                + f", then delete `{name}` from `review:`",
            )
        )
    return {str(name) for name in review}


def check_entry(index: int, entry: Any, manifest: Path, problems: list[CorpusError]) -> dict | None:
    """Check one manifest entry's fields; return a normalised copy or None."""
    if not isinstance(entry, dict):
        problems.append(
            CorpusError(
                manifest, f"entry #{index} is not a mapping", "write each entry as `- id: ...` followed by its fields"
            )
        )
        return None
    label = f"entry #{index}" + (f" (id {show_id(entry['id'])})" if isinstance(entry.get("id"), str) else "")
    ok = _check_characters(label, entry, manifest, problems)
    article_id = entry.get("id")
    if (
        isinstance(article_id, str)
        and article_id.strip()
        and (len(article_id.strip()) > MAX_ID_CHARS or not ID_RE.fullmatch(article_id.strip()))
    ):
        problems.append(
            CorpusError(
                manifest,
                f"{label} has an `id` that is not {ID_ALPHABET} (at most {MAX_ID_CHARS} characters)",
                "rename the id (and the file) using only those characters, e.g. 005_1a2b3c4d5e6f7a8b: the id becomes "
                "a citation key, a file name and a link target",
            )
        )
        ok = False
    funding = entry.get("funding")
    if "funding" in entry and funding is not None and funding not in FUNDING_VALUES:
        problems.append(
            CorpusError(
                manifest,
                f"{label} has `funding: {short_repr(funding)}`, which is not a known value",
                f"use one of: {', '.join(FUNDING_VALUES)} (or leave `funding` out)",
            )
        )
        ok = False
    rights = entry.get("rights")
    if "rights" in entry and rights not in RIGHTS_VALUES:
        problems.append(
            CorpusError(
                manifest,
                f"{label} has `rights: {short_repr(rights)}`, which is not a known value",
                f"use one of: {', '.join(RIGHTS_VALUES)} (full: the whole text may be reproduced; excerpts: only the "
                f"paragraphs the book cites), or leave `rights` out ({DEFAULT_RIGHTS})",
            )
        )
        ok = False
    if "rights_reason" in entry and not (isinstance(entry["rights_reason"], str) and entry["rights_reason"].strip()):
        problems.append(
            CorpusError(
                manifest,
                f"{label} has an empty or non-text `rights_reason`",
                "say in a sentence why the text may (or may not) be reproduced, or leave it out",
            )
        )
        ok = False
    ok = _check_parts_override(label, entry, manifest, problems) and ok
    pending = _check_review(label, entry, manifest, problems)
    ok = ok and not pending
    for field in REQUIRED_FIELDS:
        if field in pending:
            continue
        if field not in entry:
            problems.append(
                CorpusError(
                    manifest,
                    f"{label} is missing required field `{field}`",
                    f"add `{field}:` to the entry"
                    + (" (null if the article is unsigned)" if field == "author" else ""),
                )
            )
            ok = False
        elif (
            field not in _NULLABLE_FIELDS
            and field != "date"
            and not (isinstance(entry[field], str) and entry[field].strip())
        ):
            problems.append(
                CorpusError(
                    manifest, f"{label} has an empty or non-text `{field}`", f"give `{field}` a non-empty text value"
                )
            )
            ok = False
        elif field == "author" and entry[field] is not None and not isinstance(entry[field], str):
            problems.append(
                CorpusError(manifest, f"{label} has a non-text `author`", "give the author's name as text, or null")
            )
            ok = False
    if "date" in entry and "date" not in pending:
        try:
            date, start = parse_date(entry["date"])
        except ValueError as exc:
            problems.append(
                CorpusError(
                    manifest,
                    f"{label} has an invalid {exc}",
                    "write the date as YYYY, YYYY-MM or YYYY-MM-DD (a real calendar date, quoted)",
                )
            )
            ok = False
    if isinstance(entry.get("sha256"), str) and not _SHA256_RE.match(entry["sha256"].strip().lower()):
        problems.append(
            CorpusError(
                manifest,
                f"{label} has a `sha256` that is not 64 hexadecimal digits",
                "paste the file's full SHA-256 (`sha256sum articles/<file>`)",
            )
        )
        ok = False
    if isinstance(entry.get("file"), str) and Path(entry["file"]).name != entry["file"]:
        problems.append(
            CorpusError(
                manifest,
                f"{label} has `file: {short_repr(entry['file'])}`, which is not a bare file name",
                "give only the file name inside articles/",
            )
        )
        ok = False
    if not ok:
        return None
    record = dict(entry)
    record["id"] = entry["id"].strip()
    record["sha256"] = entry["sha256"].strip().lower()
    record["date"], record["date_start"] = date, start
    record["year"] = start.year
    return record


def manifest_warnings(data_dir: str | os.PathLike | None = None) -> list[CorpusError]:
    """Doubts about the manifest that do not stop a build: keys that are neither
    required nor documented optional fields (usually a misspelt field name).

    Returns
    -------
    list of CorpusError
        One per entry with unknown keys (empty when the manifest cannot be
        read: :func:`validate_corpus` reports that).
    """
    data_dir = resolve_data_dir(data_dir)
    manifest = data_dir / "manifest.yml"
    entries = manifest_entries(data_dir, []) if manifest.is_file() else None
    known = set(REQUIRED_FIELDS) | set(OPTIONAL_FIELDS)
    warnings: list[CorpusError] = []
    for index, entry in enumerate(entries or [], start=1):
        if not isinstance(entry, dict):
            continue
        unknown = [str(key) for key in entry if key not in known]
        if unknown:
            label = f"entry #{index}" + (f" (id {show_id(entry['id'])})" if isinstance(entry.get("id"), str) else "")
            names = ", ".join(short_repr(key, 30) for key in unknown[:5]) + (" ..." if len(unknown) > 5 else "")
            warnings.append(
                CorpusError(
                    manifest,
                    f"{label} has unknown field{'s' if len(unknown) != 1 else ''} {names}",
                    f"check the spelling; the fields are {', '.join(REQUIRED_FIELDS + OPTIONAL_FIELDS)} "
                    "(a new field must be documented in data/README.md)",
                )
            )
    return warnings
