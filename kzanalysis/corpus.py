"""Load, validate and clean the article corpus.

The corpus is ``data/manifest.yml`` (one mapping per article) plus the text
files in ``data/articles/``. :func:`load_corpus` checks everything before
using anything and reports every problem at once:

* the manifest exists, parses as YAML (errors give the line number) and has
  an ``articles:`` list of mappings;
* every entry has the required fields, a unique id, a valid date
  (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` and a real calendar date) and a
  file that exists; no ``.txt`` file lacks an entry;
* every file's SHA-256 (over its raw bytes) matches the manifest, the bytes
  are UTF-8 (else the byte offset of the first bad byte is given) and the
  text is not empty or whitespace-only;
* ``boilerplate.yml`` loads.

A UTF-8 byte-order mark and CRLF or CR line endings are accepted: the
checksum is over the bytes as received, the text is normalised afterwards.

Then each text is split into numbered paragraphs, each with its document
part (:mod:`kzanalysis.reading.parts`: article text, or furniture such as the
headline, byline, an appended biography or page boilerplate), and the article
text is measured (:mod:`kzanalysis.stats`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from pathlib import Path
from typing import Any

import pandas as pd

from .clean import normalize_newlines
from .errors import CorpusError, CorpusValidationError
from .extract import EXTRACTED_KINDS, KINDS, extract_text, extractor_name, kind_of, text_sha256
from .limits import (
    ID_ALPHABET,
    ID_RE,
    MAX_ARTICLE_BYTES,
    MAX_DOCUMENT_BYTES,
    MAX_ID_CHARS,
    MAX_LINE_CHARS,
    control_character,
    describe_character,
    short_repr,
    untypesettable_character,
)
from .reading.parts import ARTICLE_TEXT_PARTS, PARTS, segment_article
from .resources import load_boilerplate, load_yaml, resolve_data_dir
from .stats import TEXT_STAT_COLUMNS, text_stats

__all__ = [
    "REQUIRED_FIELDS",
    "ARTICLE_COLUMNS",
    "PARAGRAPH_COLUMNS",
    "BOILERPLATE_COLUMNS",
    "Corpus",
    "parse_date",
    "load_corpus",
    "validate_corpus",
    "manifest_warnings",
    "corpus_from_texts",
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

ARTICLE_COLUMNS = list(REQUIRED_FIELDS) + ["year", "date_start", "raw_text", "text"] + TEXT_STAT_COLUMNS
"""Columns of ``Corpus.articles`` (optional manifest fields follow ``provenance``)."""
PARAGRAPH_COLUMNS = ["article_id", "paragraph", "part", "speaker_label", "text"]
ALL_PARAGRAPH_COLUMNS = [
    "article_id",
    "paragraph",
    "part",
    "label",
    "speaker_label",
    "rule",
    "line_start",
    "line_end",
    "text",
]
# Parts reported in the boilerplate table: page furniture that is not evidence about the source.
_REMOVED_PARTS = frozenset({"boilerplate", "caption"})
BOILERPLATE_COLUMNS = ["article_id", "line_no", "line", "rule", "kind"]

_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_SHA256_RE = re.compile(r"^[0-9a-f]{64}$")


@dataclass
class Corpus:
    """The cleaned corpus.

    Attributes
    ----------
    articles : DataFrame
        One row per article, sorted by date_start then id: the manifest
        fields (id, file, sha256, title, outlet, author, date as written,
        date_evidence, genre, provenance, then any optional fields), year
        (int), date_start (Timestamp, first day of the dated period),
        raw_text (as received, BOM removed and line endings normalised to
        LF), text (clean), and n_words, n_sentences, n_paragraphs,
        n_unique_words and mean_sentence_length (words per sentence).
    paragraphs : DataFrame
        The article text only (parts body, question, answer, turn; see
        :mod:`kzanalysis.reading.parts`): article_id, paragraph (its number
        in :attr:`all_paragraphs`), part, speaker_label (the transcript or
        interview label of the turn, or ""), text (a speaker label removed).
    boilerplate : DataFrame
        Page furniture left out of every count (parts boilerplate and
        caption): article_id, line_no (1-based first line in the raw text),
        line, rule (pattern id, "repeat", or the generic rule), kind.
    all_paragraphs : DataFrame
        Every paragraph of every article as received, furniture included,
        numbered once per article (the numbers every table and citation
        uses): article_id, paragraph, part, label (the speaker label printed
        at its start, or ""), speaker_label (the label of the turn it
        belongs to), rule (why it has its part), line_start, line_end
        (1-based lines in the raw text), text.
    cache : dict
        Results computed from this corpus (sentences, voices, actors...),
        keyed by the name of the computation, so each is computed once per
        corpus. Treat the corpus as read-only once loaded. A copy made with
        ``dataclasses.replace`` (a subset, say) starts with an empty cache.
    data_dir : Path
        The data directory the curated files (gazetteer, themes...) are
        read from.
    """

    articles: pd.DataFrame
    paragraphs: pd.DataFrame
    boilerplate: pd.DataFrame
    data_dir: Path
    all_paragraphs: pd.DataFrame | None = None
    cache: dict = dataclass_field(default_factory=dict, init=False, repr=False, compare=False)

    def __repr__(self) -> str:
        return (
            f"Corpus({len(self.articles)} articles, {len(self.paragraphs)} paragraphs, "
            f"{len(self.boilerplate)} boilerplate lines removed, data_dir={str(self.data_dir)!r})"
        )


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


# -------------------------------------------------------------- validation


def _manifest_entries(data_dir: Path, problems: list[CorpusError]) -> list | None:
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


#: Characters the typesetting check leaves aside in article text: layout whitespace, and the invisible
#: characters the reading layer removes (see kzanalysis.reading.parts.INVISIBLE). Same length, so offsets hold.
_TYPESET_NEUTRAL = {ord(c): " " for c in "\t\r\n\u00ad\u200b\u200c\u200d\u2060\ufeff"}

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


def _show_id(article_id: str) -> str:
    """An id as written when it is well formed, else a short quotation of it."""
    return article_id if ID_RE.fullmatch(article_id) and len(article_id) <= MAX_ID_CHARS else short_repr(article_id)


def _strings_in(value: Any):
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


def _check_review(label: str, entry: dict, manifest: Path, problems: list[CorpusError]) -> set:
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


def _check_entry(index: int, entry: Any, manifest: Path, problems: list[CorpusError]) -> dict | None:
    """Check one manifest entry's fields; return a normalised copy or None."""
    if not isinstance(entry, dict):
        problems.append(
            CorpusError(
                manifest, f"entry #{index} is not a mapping", "write each entry as `- id: ...` followed by its fields"
            )
        )
        return None
    label = f"entry #{index}" + (f" (id {_show_id(entry['id'])})" if isinstance(entry.get("id"), str) else "")
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


def _read_article(path: Path, expected_sha: str, problems: list[CorpusError], entry: dict | None = None) -> str | None:
    """Read one article file; check size, checksum, encoding and content (text extracted from
    Markdown, HTML and PDF files: see :mod:`kzanalysis.extract`)."""
    kind = kind_of(path)
    if kind is None:
        problems.append(
            CorpusError(
                path,
                "is not a kind of file an article can be",
                f"use one of: {', '.join(sorted(KINDS))} (and list it under that name)",
            )
        )
        return None
    limit = MAX_DOCUMENT_BYTES if kind in ("html", "pdf") else MAX_ARTICLE_BYTES
    try:
        size = path.stat().st_size
        if size > limit:
            problems.append(
                CorpusError(
                    path,
                    f"is {size:,} bytes, more than the limit of {limit:,} bytes for one article",
                    "check that this is one article; split a longer document into several articles "
                    "(see Limits in data/README.md)",
                )
            )
            return None
        raw = path.read_bytes()
    except OSError as exc:
        problems.append(CorpusError(path, f"cannot be read ({exc.strerror})", "check the file's permissions"))
        return None
    ok = True
    actual = hashlib.sha256(raw).hexdigest()
    if actual != expected_sha:
        problems.append(
            CorpusError(
                path,
                f"checksum mismatch: manifest.yml expects sha256 {expected_sha} but the file's sha256 is {actual}",
                "either the file changed since it was received (restore the original), "
                f"or the change is intended and manifest.yml must be updated to sha256 {actual}",
            )
        )
        ok = False
    if kind in EXTRACTED_KINDS:
        text = _extracted_text(path, raw, kind, entry or {}, problems)
        if text is None:
            return None
        empty = f"gives no text: {extractor_name(kind)} found no article text in it"
        return text if _check_text(path, text, problems, empty) and ok else None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        problems.append(
            CorpusError(
                path,
                f"is not valid UTF-8: byte 0x{raw[exc.start]:02x} at byte offset {exc.start} ({exc.reason})",
                "re-save the file as UTF-8 (check the original's encoding) and update its sha256 in manifest.yml",
            )
        )
        return None
    text = normalize_newlines(text)
    return (
        text
        if _check_text(path, text, problems, "is empty" if not raw else "contains only whitespace") and ok
        else None
    )


def _extracted_text(path: Path, raw: bytes, kind: str, entry: dict, problems: list[CorpusError]) -> str | None:
    """The text of a Markdown, HTML or PDF article, checked against the `text_sha256` its entry records."""
    try:
        extraction = extract_text(raw, kind, path)
    except CorpusError as exc:
        problems.append(exc)
        return None
    recorded, extractor = entry.get("text_sha256"), entry.get("extractor")
    actual = text_sha256(extraction.text)
    if not isinstance(recorded, str) or not isinstance(extractor, str):
        problems.append(
            CorpusError(
                path,
                "has no `extractor` and `text_sha256` in its manifest entry (its text is extracted from the file)",
                f"add `extractor: {extraction.extractor}` and `text_sha256: {actual}` after reading the text "
                "(`kzanalysis add --dry-run` on the file shows it)",
            )
        )
        return None
    if recorded.strip().lower() != actual:
        problems.append(
            CorpusError(
                path,
                f"the text {extraction.extractor} extracts now differs from the text recorded when it was added "
                f"(text_sha256 {recorded.strip()}, extracted by {extractor})",
                "install the pinned extractor (pip install -r requirements.txt); or, if the new extractor is "
                "intended, "
                f"read the new text and set `extractor: {extraction.extractor}` and `text_sha256: {actual}`",
            )
        )
        return None
    return extraction.text


def _check_text(path: Path, text: str, problems: list[CorpusError], empty: str = "contains only whitespace") -> bool:
    """Control characters, characters the fonts lack, empty text and overlong lines in an article's text."""
    bad = control_character(text, field=False)
    if bad is not None:
        line = text.count("\n", 0, bad[0]) + 1
        column = bad[0] - (text.rfind("\n", 0, bad[0]) + 1) + 1
        problems.append(
            CorpusError(
                path,
                f"contains the control character {describe_character(bad[1])} at line {line}, column {column}",
                "the file is not plain text: restore a clean copy of the article (control characters and "
                "text-direction overrides break the HTML and the PDF), then update its sha256 in manifest.yml",
            )
        )
        return False
    bad = untypesettable_character(text.translate(_TYPESET_NEUTRAL))
    if bad is not None:
        line = text.count("\n", 0, bad[0]) + 1
        column = bad[0] - (text.rfind("\n", 0, bad[0]) + 1) + 1
        problems.append(
            CorpusError(
                path,
                f"contains the character {describe_character(bad[1])} at line {line}, column {column}, which the "
                "PDF fonts cannot typeset",
                "the book quotes article text in the PDF: keep the original as received elsewhere and save a copy with "
                "the character transliterated or described in brackets (only Latin, Greek and Cyrillic letters, common "
                "punctuation and symbols are typeset; see Limits in data/README.md), then update its sha256",
            )
        )
        return False
    if not text.strip():
        problems.append(
            CorpusError(
                path,
                empty,
                "restore the article text, or remove the file and its manifest entry",
            )
        )
        return False
    longest, line_no = 0, 0
    for number, line in enumerate(text.split("\n"), start=1):
        if len(line) > longest:
            longest, line_no = len(line), number
    if longest > MAX_LINE_CHARS:
        problems.append(
            CorpusError(
                path,
                f"line {line_no} is {longest:,} characters long, more than the limit of {MAX_LINE_CHARS:,}",
                "check that the file is prose; break the text into paragraphs separated by blank lines "
                "(see Limits in data/README.md)",
            )
        )
        return False
    return True


def _symlink_problem(path: Path) -> CorpusError:
    return CorpusError(
        path,
        "is a symbolic link; article files must be regular files inside articles/",
        "replace the link by a copy of the article file (a link may point outside the data directory)",
    )


def _collect(data_dir: Path) -> tuple[list[CorpusError], list[dict], list[dict]]:
    """Validate everything; return (problems, records with raw_text, boilerplate patterns)."""
    problems: list[CorpusError] = []
    if not data_dir.is_dir():
        problems.append(
            CorpusError(
                data_dir,
                "data directory not found",
                "pass --data DIR or set KZ_DATA_DIR to the folder holding manifest.yml and articles/",
            )
        )
        return problems, [], []
    manifest = data_dir / "manifest.yml"
    articles_dir = data_dir / "articles"
    entries = _manifest_entries(data_dir, problems)
    if not articles_dir.is_dir():
        problems.append(
            CorpusError(
                articles_dir,
                "articles directory not found",
                "create articles/ next to manifest.yml and put the article .txt files there",
            )
        )
    records: list[dict] = []
    if entries is not None:
        seen_ids: dict[str, int] = {}
        seen_files: dict[str, int] = {}
        for index, entry in enumerate(entries, start=1):
            record = _check_entry(index, entry, manifest, problems)
            if isinstance(entry, dict) and isinstance(entry.get("id"), str):
                article_id = entry["id"].strip()
                if article_id in seen_ids:
                    problems.append(
                        CorpusError(
                            manifest,
                            f"duplicate id {_show_id(article_id)}: entries #{seen_ids[article_id]} and #{index}",
                            "give every article a unique id (remove or renumber the duplicate)",
                        )
                    )
                    record = None
                else:
                    seen_ids[article_id] = index
            if isinstance(entry, dict) and isinstance(entry.get("file"), str):
                name = entry["file"]
                if name in seen_files:
                    problems.append(
                        CorpusError(
                            manifest,
                            f"file {short_repr(name)} is listed by entries #{seen_files[name]} and #{index}",
                            "each article file must have exactly one manifest entry",
                        )
                    )
                    record = None
                else:
                    seen_files[name] = index
                if articles_dir.is_dir() and Path(name).name == name and (articles_dir / name).is_symlink():
                    problems.append(_symlink_problem(articles_dir / name))
                    record = None
                elif articles_dir.is_dir() and not (articles_dir / name).is_file():
                    problems.append(
                        CorpusError(
                            articles_dir / name,
                            f"listed in manifest.yml (entry #{index}) but the file does not exist",
                            "add the article file, or remove its entry from manifest.yml",
                        )
                    )
                    record = None
            if record is not None:
                raw_text = _read_article(articles_dir / record["file"], record["sha256"], problems, record)
                if raw_text is not None:
                    record["raw_text"] = raw_text
                    records.append(record)
        if articles_dir.is_dir():
            for path in sorted(p for p in articles_dir.iterdir() if p.suffix.lower() in KINDS):
                if path.name not in seen_files and path.is_symlink():
                    problems.append(_symlink_problem(path))
                elif path.name not in seen_files:
                    problems.append(
                        CorpusError(
                            path,
                            "has no entry in manifest.yml",
                            "add an entry for it to manifest.yml (id, file, sha256, title, outlet, author, date, ...), "
                            "or remove the file",
                        )
                    )
    patterns: list[dict] = []
    try:
        patterns = load_boilerplate(data_dir)
    except CorpusValidationError as exc:
        problems.extend(exc.problems)
    except CorpusError as exc:
        problems.append(exc)
    return problems, records, patterns


def validate_corpus(data_dir: str | os.PathLike | None = None) -> list[CorpusError]:
    """Check the corpus without building it.

    Parameters
    ----------
    data_dir : str or path-like, optional
        Data directory (argument, else ``KZ_DATA_DIR``, else the repository's
        ``data/``).

    Returns
    -------
    list of CorpusError
        Every problem found (empty when the corpus is valid). Each names its
        file, the problem and the fix.
    """
    problems, _, _ = _collect(resolve_data_dir(data_dir))
    return problems


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
    entries = _manifest_entries(data_dir, []) if manifest.is_file() else None
    known = set(REQUIRED_FIELDS) | set(OPTIONAL_FIELDS)
    warnings: list[CorpusError] = []
    for index, entry in enumerate(entries or [], start=1):
        if not isinstance(entry, dict):
            continue
        unknown = [str(key) for key in entry if key not in known]
        if unknown:
            label = f"entry #{index}" + (f" (id {_show_id(entry['id'])})" if isinstance(entry.get("id"), str) else "")
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


# ---------------------------------------------------------------- building


def _build(records: list[dict], patterns: list[dict], data_dir: Path) -> Corpus:
    records = sorted(records, key=lambda r: (r["date_start"], r["id"]))
    extra_fields: list[str] = []
    for record in records:
        for key in record:
            if key not in ARTICLE_COLUMNS and key not in extra_fields:
                extra_fields.append(key)
    columns = list(REQUIRED_FIELDS) + extra_fields + ARTICLE_COLUMNS[len(REQUIRED_FIELDS) :]
    rows = []
    all_rows: list[tuple] = []
    removed_rows = []
    segmented: dict[tuple, list] = {}  # identical texts with identical metadata are segmented once
    for record in records:
        key = (
            record["raw_text"],
            record.get("title"),
            record.get("author"),
            record.get("genre"),
            record.get("interviewee"),
            repr(record.get("parts")),
        )
        if key not in segmented:
            segmented[key] = segment_article(record["raw_text"], record, patterns)
        paragraphs = segmented[key]
        article_id = record["id"]
        clean = "\n\n".join(p.text for p in paragraphs if p.part in ARTICLE_TEXT_PARTS)
        row = {column: record.get(column) for column in columns}
        row["text"] = clean
        row.update(text_stats(clean))
        rows.append(row)
        for p in paragraphs:
            all_rows.append(
                (article_id, p.number, p.part, p.label, p.speaker_label, p.rule, p.line_start, p.line_end, p.text)
            )
            if p.part in _REMOVED_PARTS:
                rule = p.rule.removeprefix("pattern:")
                removed_rows.append((article_id, p.line_start, p.text, rule, p.furniture_kind or p.part))
    articles = pd.DataFrame(rows, columns=columns)
    articles["year"] = articles["year"].astype("int64")
    articles["date_start"] = pd.to_datetime(articles["date_start"])
    for column in ("n_words", "n_sentences", "n_paragraphs", "n_unique_words"):
        articles[column] = articles[column].astype("int64")
    for column in ("mean_sentence_length",):
        articles[column] = articles[column].astype("float64")
    all_paragraphs = pd.DataFrame(all_rows, columns=ALL_PARAGRAPH_COLUMNS)
    for column in ("paragraph", "line_start", "line_end"):
        all_paragraphs[column] = all_paragraphs[column].astype("int64")
    paragraphs = all_paragraphs.loc[all_paragraphs["part"].isin(ARTICLE_TEXT_PARTS), PARAGRAPH_COLUMNS].reset_index(
        drop=True
    )
    boilerplate = pd.DataFrame(removed_rows, columns=BOILERPLATE_COLUMNS)
    boilerplate["line_no"] = boilerplate["line_no"].astype("int64")
    return Corpus(
        articles=articles,
        paragraphs=paragraphs,
        boilerplate=boilerplate,
        data_dir=data_dir,
        all_paragraphs=all_paragraphs,
    )


def load_corpus(data_dir: str | os.PathLike | None = None, *, cross_check: bool = True) -> Corpus:
    """Load, validate, clean and measure the corpus.

    Parameters
    ----------
    data_dir : str or path-like, optional
        Data directory holding manifest.yml, articles/ and boilerplate.yml:
        the argument, else the ``KZ_DATA_DIR`` environment variable, else
        the repository's ``data/``.
    cross_check : bool
        Also check the curated files against each other and the texts
        (:mod:`kzanalysis.crosscheck`); ``kzanalysis check`` turns this off
        to run the stricter checks itself.

    Returns
    -------
    Corpus
        Articles, paragraphs and removed boilerplate lines (see
        :class:`Corpus`).

    Raises
    ------
    CorpusValidationError
        Listing every problem found (no article is skipped silently: any
        problem stops the load), including a curated file that does not
        agree with another or with the texts (:mod:`kzanalysis.crosscheck`).
    """
    data_dir = resolve_data_dir(data_dir)
    problems, records, patterns = _collect(data_dir)
    if problems:
        raise CorpusValidationError(problems, data_dir)
    corpus = _build(records, patterns, data_dir)
    if not cross_check:
        return corpus
    # The curated files checked against each other and against the texts (kzanalysis.crosscheck).
    from .crosscheck import check_curated

    problems, _ = check_curated(data_dir, corpus, missing_ok=True)
    if problems:
        raise CorpusValidationError(problems, data_dir)
    return corpus


def corpus_from_texts(
    texts: dict[str, str],
    meta: dict[str, dict] | None = None,
    data_dir: str | os.PathLike | None = None,
    *,
    boilerplate: list[dict] | None = None,
) -> Corpus:
    """Build a Corpus from in-memory texts, with the same cleaning and stats.

    Parameters
    ----------
    texts : dict
        article id -> raw text.
    meta : dict, optional
        article id -> manifest fields to set (title, outlet, author, date,
        genre, ...). Defaults: title = id, outlet "unknown", author None,
        date "2000", date_evidence/genre/provenance "", file None and
        sha256 of the UTF-8 text.
    data_dir : str or path-like, optional
        Data directory recorded in the corpus (the analysis modules read the
        gazetteer, themes etc. from it) and from which boilerplate.yml is
        loaded; resolved like :func:`load_corpus`.
    boilerplate : list of dict, optional
        Boilerplate patterns to use instead of data_dir's boilerplate.yml
        (``[]`` applies only the repeat rule).

    Returns
    -------
    Corpus

    Raises
    ------
    CorpusValidationError
        If a text is empty or whitespace-only, a date is invalid, or meta
        names an id that is not in ``texts``.
    """
    data_dir = resolve_data_dir(data_dir)
    meta = meta or {}
    problems: list[CorpusError] = []
    for article_id in meta:
        if article_id not in texts:
            problems.append(
                CorpusError(
                    f"meta[{article_id!r}]",
                    "names an article that is not in texts",
                    "add the text or remove the metadata",
                )
            )
    records = []
    for article_id, raw in texts.items():
        where = f"texts[{article_id!r}]"
        if not isinstance(raw, str) or not raw.strip():
            problems.append(CorpusError(where, "is empty or not text", "give every article some text"))
            continue
        raw = normalize_newlines(raw)
        record: dict[str, Any] = {
            "id": article_id,
            "file": None,
            "sha256": hashlib.sha256(raw.encode("utf-8")).hexdigest(),
            "title": article_id,
            "outlet": "unknown",
            "author": None,
            "date": "2000",
            "date_evidence": "",
            "genre": "",
            "provenance": "",
        }
        record.update(meta.get(article_id, {}))
        record["id"] = article_id
        try:
            record["date"], record["date_start"] = parse_date(record["date"])
        except ValueError as exc:
            problems.append(
                CorpusError(
                    f"meta[{article_id!r}]", f"has an invalid {exc}", "write the date as YYYY, YYYY-MM or YYYY-MM-DD"
                )
            )
            continue
        record["year"] = record["date_start"].year
        record["raw_text"] = raw
        records.append(record)
    if problems:
        raise CorpusValidationError(problems, "<in-memory texts>")
    patterns = load_boilerplate(data_dir) if boilerplate is None else boilerplate
    return _build(records, patterns, data_dir)
