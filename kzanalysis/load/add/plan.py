"""Each file to add checked against the corpus and the loader's rules: refused, or planned with its entry.

A file is refused (a :class:`~kzanalysis.load.errors.CorpusError` naming it) when its kind or size is wrong, when
it is already in the corpus byte for byte or as the same words, when its id or file name is taken, or when
its text gives nothing or would be refused by the loader. Nothing is written here.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..corpus import OPTIONAL_FIELDS, REQUIRED_FIELDS
from ..errors import CorpusError
from ..extract import EXTRACTED_KINDS, KINDS, extract_text, kind_of, text_sha256
from ..limits import ID_ALPHABET, ID_RE, MAX_ARTICLE_BYTES, MAX_DOCUMENT_BYTES, MAX_ID_CHARS, short_repr
from ..parts import ARTICLE_TEXT_PARTS, segment_article
from .propose import AddOptions, propose_metadata

__all__ = ["Plan", "plan_additions"]

_SUPPORTED = ", ".join(sorted(KINDS))
_WORD_RE = re.compile(r"\w+")


@dataclass
class Plan:
    """One file to add: where it goes, its manifest entry, its text and its paragraphs."""

    source: Path
    raw: bytes
    entry: dict
    text: str
    paragraphs: list
    notes: list[str] = field(default_factory=list)

    @property
    def file(self) -> str:
        return self.entry["file"]


# ------------------------------------------------------------ the corpus now


def _normal_key(text: str) -> str | None:
    """SHA-256 of the text's words, lower-cased, one space apart (None when it has no words)."""
    words = _WORD_RE.findall(text.casefold())
    return hashlib.sha256(" ".join(words).encode("utf-8")).hexdigest() if words else None


def _article_text(paragraphs) -> str:
    return "\n\n".join(p.text for p in paragraphs if p.part in ARTICLE_TEXT_PARTS)


@dataclass
class _Existing:
    ids: set = field(default_factory=set)
    files: set = field(default_factory=set)
    sha: dict = field(default_factory=dict)  # sha256 -> who
    text_keys: dict = field(default_factory=dict)  # normalised text key -> who
    numbers: list = field(default_factory=list)

    def add(self, article_id: str | None, file: str | None, sha: str | None, keys, who: str) -> None:
        if article_id:
            self.ids.add(article_id)
            match = re.match(r"^(\d{1,6})_", article_id)
            if match:
                self.numbers.append(int(match.group(1)))
        if file:
            self.files.add(file.lower())
        if sha:
            self.sha.setdefault(sha, who)
        for key in keys:
            if key:
                self.text_keys.setdefault(key, who)


def _manifest(data_dir: Path) -> tuple[Path, list]:
    from ..resources import load_yaml

    manifest = data_dir / "manifest.yml"
    document = load_yaml(manifest)
    entries = document.get("articles") if isinstance(document, dict) else None
    if entries is None and isinstance(document, dict) and "articles" in document:
        entries = []
    if not isinstance(entries, list):
        raise CorpusError(manifest, "has no `articles:` list", "fix manifest.yml first (run `kzanalysis check`)")
    return manifest, entries


def _existing(data_dir: Path, entries: list, patterns) -> _Existing:
    """Ids, file names, checksums and normalised texts of the articles in the corpus (read directly, so a
    corpus with entries still waiting for review can be added to)."""
    articles = data_dir / "articles"
    known = _Existing()
    for entry in entries:
        if not isinstance(entry, dict):
            continue
        article_id = entry.get("id") if isinstance(entry.get("id"), str) else None
        name = entry.get("file") if isinstance(entry.get("file"), str) else None
        who = f"article {article_id or name}"
        keys: list = []
        sha = entry.get("sha256") if isinstance(entry.get("sha256"), str) else None
        known.add(article_id, name, sha.strip().lower() if sha else None, (), who)
        path = articles / name if name and Path(name).name == name else None
        if path is None or not path.is_file() or path.is_symlink() or kind_of(path) is None:
            continue
        try:
            if path.stat().st_size > MAX_DOCUMENT_BYTES:
                continue
            raw = path.read_bytes()
            text = extract_text(raw, kind_of(path), path).text
        except (OSError, CorpusError):
            continue
        paragraphs = segment_article(text, entry, patterns)
        keys = [_normal_key(text), _normal_key(_article_text(paragraphs))]
        known.add(None, None, hashlib.sha256(raw).hexdigest(), keys, who)
    if articles.is_dir():
        for path in articles.iterdir():
            known.files.add(path.name.lower())
    return known


# ------------------------------------------------------------------ planning


def _refuse(path: Path, problem: str, fix: str) -> CorpusError:
    return CorpusError(path, problem, fix)


def _check_text_like_loader(path: Path, text: str) -> None:
    """Refuse text the loader would refuse (the same checks, so an added article always loads)."""
    from ..corpus import _check_text

    problems: list[CorpusError] = []
    if not _check_text(path, text, problems, "gives no text"):
        raise problems[0]


_MARKUP_IN_TEXT_RE = re.compile(
    r"</?(?:s|strike|del|sup|sub|em|strong|b|i|u|span|a|p|br|div)\b[^<>\n]{0,200}>|\\[\[\]#*_]"
)


def _plan_one(path: Path, options: AddOptions, data_dir: Path, known: _Existing, patterns, planned: int) -> Plan:
    kind = kind_of(path)
    if kind is None:
        raise _refuse(
            path,
            f"has the extension {short_repr(path.suffix or '(none)')}, which is not a kind of article file",
            f"add a file of one of these kinds: {_SUPPORTED}",
        )
    if path.is_symlink() or not path.is_file():
        raise _refuse(
            path,
            "is not a regular file" if path.exists() else "does not exist",
            "give the path of the saved article file",
        )
    limit = MAX_DOCUMENT_BYTES if kind in ("html", "pdf") else MAX_ARTICLE_BYTES
    size = path.stat().st_size
    if size > limit:
        raise _refuse(
            path,
            f"is {size:,} bytes, more than the limit of {limit:,} bytes for one article",
            "check that this is one article; split a longer document (see Limits in data/README.md)",
        )
    raw = path.read_bytes()
    sha = hashlib.sha256(raw).hexdigest()
    if sha in known.sha:
        raise _refuse(
            path,
            f"is already in the corpus: it is byte for byte {known.sha[sha]} (sha256 {sha})",
            "nothing to do; leave the file out",
        )
    extraction = extract_text(raw, kind, path)
    text = extraction.text
    if not text.strip():
        raise _refuse(
            path,
            f"gives no text: {extraction.extractor or 'the file'} found no article text in it",
            "check that the file holds the article (save the page again, or save its text as .txt)",
        )
    _check_text_like_loader(path, text)
    paragraphs_plain = segment_article(text, {}, patterns)
    for key, what in ((_normal_key(text), "text"), (_normal_key(_article_text(paragraphs_plain)), "article text")):
        if key and key in known.text_keys:
            raise _refuse(
                path,
                f"is a near-duplicate of {known.text_keys[key]}: the same {what} once case, "
                "punctuation and spacing are ignored",
                "nothing to do if it is the same article; if it is a corrected version, record the "
                "correction in errata.yml instead",
            )
    article_id = options.id
    if article_id is None:
        number = max(known.numbers, default=-1) + 1
        article_id = f"{number:03d}_{sha[:16]}"
    if len(article_id) > MAX_ID_CHARS or not ID_RE.fullmatch(article_id):
        raise _refuse(
            path,
            f"cannot have the id {short_repr(article_id)}: an id is {ID_ALPHABET}, at most {MAX_ID_CHARS} characters",
            "give --id a valid id, or leave it out for the next number",
        )
    if article_id in known.ids:
        raise _refuse(
            path,
            f"cannot have the id {article_id}: an article with that id exists",
            "give another --id, or leave it out for the next free number",
        )
    file_name = article_id + path.suffix.lower()
    if file_name.lower() in known.files:
        raise _refuse(
            path,
            f"cannot be stored as articles/{file_name}: that file exists",
            "give another --id, or remove the stray file from articles/",
        )
    values, evidence, review = propose_metadata(raw, kind, path, text, patterns, options)
    entry: dict[str, Any] = {"id": article_id, "file": file_name, "sha256": sha}
    for name in REQUIRED_FIELDS[3:]:
        entry[name] = values.get(name)
    for name in ("url", "rights"):
        if values.get(name) is not None and name in OPTIONAL_FIELDS:
            entry[name] = values[name]
    if kind in EXTRACTED_KINDS:
        entry["extractor"] = extraction.extractor
        entry["text_sha256"] = text_sha256(text)
    evidence = {
        "file": f"received as {short_repr(path.name, 120)}, {size:,} bytes"
        + (f", {extraction.pages} page{'s' if extraction.pages != 1 else ''}" if extraction.pages else ""),
        **evidence,
    }
    entry["evidence"] = evidence
    if review:
        entry["review"] = review
    unknown = [key for key in entry if key not in REQUIRED_FIELDS and key not in OPTIONAL_FIELDS]
    assert not unknown, unknown  # every field written is documented
    notes = []
    if kind == "text" and _MARKUP_IN_TEXT_RE.search(text):
        match = _MARKUP_IN_TEXT_RE.search(text)
        line = text.count("\n", 0, match.start()) + 1
        notes.append(
            f"the text holds markup ({short_repr(match.group(0), 30)} at line {line}); a .txt file is read "
            "as plain text, so it stays in the text: save the file as .md to have it read as Markdown"
        )
    paragraphs = segment_article(text, entry, patterns)
    known.add(
        article_id,
        file_name,
        sha,
        [_normal_key(text), _normal_key(_article_text(paragraphs))],
        f"{path.name} (in this batch)",
    )
    return Plan(source=path, raw=raw, entry=entry, text=text, paragraphs=paragraphs, notes=notes)


def plan_additions(
    paths: Iterable[str | os.PathLike], data_dir: Path, options: AddOptions, progress: bool = True
) -> tuple[list[Plan], list[CorpusError]]:
    """Check every path and propose its entry; nothing is written.

    Returns ``(plans, refusals)``: a :class:`Plan` per accepted file and a
    :class:`CorpusError` per refused one (each naming its file).
    """
    from ..resources import load_boilerplate

    paths = [Path(p) for p in paths]
    manifest, entries = _manifest(data_dir)
    patterns = load_boilerplate(data_dir)
    known = _existing(data_dir, entries, patterns)
    plans: list[Plan] = []
    refusals: list[CorpusError] = []
    iterator = paths
    if progress and len(paths) > 1:
        from ..parallel import progress_bar

        iterator = progress_bar(paths, desc="reading", unit="file", file=sys.stderr, disable=None)
    for path in iterator:
        try:
            plans.append(_plan_one(path, options, data_dir, known, patterns, len(plans)))
        except CorpusError as exc:
            refusals.append(exc)
    return plans, refusals
