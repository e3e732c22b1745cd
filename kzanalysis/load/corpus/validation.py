"""The data directory checked before a load: the manifest's entries and the article files together (each
listed file present, listed once, a regular file, within the size limit, matching its checksum, readable as
UTF-8 or extracted as recorded, and clean text; no article file without an entry) and ``boilerplate.yml``
(:func:`validate_corpus`, :func:`collect`)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from ..clean import normalize_newlines
from ..errors import CorpusError, CorpusValidationError
from ..extract import EXTRACTED_KINDS, KINDS, extract_text, extractor_name, kind_of, text_sha256
from ..limits import (
    MAX_ARTICLE_BYTES,
    MAX_DOCUMENT_BYTES,
    MAX_LINE_CHARS,
    control_character,
    describe_character,
    short_repr,
    untypesettable_character,
)
from ..resources import load_boilerplate, resolve_data_dir
from .manifest import check_entry, manifest_entries, show_id

__all__ = ["check_text", "collect", "validate_corpus"]

#: Characters the typesetting check leaves aside in article text: layout whitespace, and the invisible
#: characters the reading layer removes (see kzanalysis.load.parts.INVISIBLE). Same length, so offsets hold.
_TYPESET_NEUTRAL = {ord(c): " " for c in "\t\r\n\u00ad\u200b\u200c\u200d\u2060\ufeff"}


def _read_article(path: Path, expected_sha: str, problems: list[CorpusError], entry: dict | None = None) -> str | None:
    """Read one article file; check size, checksum, encoding and content (text extracted from
    Markdown, HTML and PDF files: see :mod:`kzanalysis.load.extract`)."""
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
        return text if check_text(path, text, problems, empty) and ok else None
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
        text if check_text(path, text, problems, "is empty" if not raw else "contains only whitespace") and ok else None
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


def check_text(path: Path, text: str, problems: list[CorpusError], empty: str = "contains only whitespace") -> bool:
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


def collect(data_dir: Path) -> tuple[list[CorpusError], list[dict], list[dict]]:
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
    entries = manifest_entries(data_dir, problems)
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
            record = check_entry(index, entry, manifest, problems)
            if isinstance(entry, dict) and isinstance(entry.get("id"), str):
                article_id = entry["id"].strip()
                if article_id in seen_ids:
                    problems.append(
                        CorpusError(
                            manifest,
                            f"duplicate id {show_id(article_id)}: entries #{seen_ids[article_id]} and #{index}",
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
    problems, _, _ = collect(resolve_data_dir(data_dir))
    return problems
