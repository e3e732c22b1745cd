"""Add articles to the corpus: ``kzanalysis add PATH...``.

Each file (``.txt``, ``.md``, ``.html``/``.htm``, ``.pdf``) is copied into
``articles/`` byte for byte, under the name ``<id><extension>``, and one
entry is appended to ``manifest.yml`` (the file's comments and earlier
entries are left as they are). The id is the next running number and the
first 16 hex digits of the file's SHA-256 (``005_1a2b3c4d5e6f7a8b``)
unless ``--id`` gives one.

The entry's fields are proposed from the document, each with its evidence:

* ``title``: the page's ``og:title`` meta tag, else its ``<title>``; a
  PDF's ``/Title`` (unless it is a file name), else the first line of the
  text (a short line without a full stop);
* ``outlet``: the page's ``og:site_name``;
* ``author``: the page's author meta tag (``author``, ``article:author``,
  ``dc.creator``), the byline the reading layer finds ("By ..."), a PDF's
  ``/Author``;
* ``date``: ``article:published_time``, other published-date meta tags
  (``og:published_time``, ``datePublished``, ``dc.date``...), the first
  ``<time datetime>``, a date in the text's opening paragraphs ("January
  10, 2022", "10 January 2022"), a PDF's ``/CreationDate`` -- the first
  found in that order decides, and every other one found is listed in
  ``date_evidence`` as agreeing or not;
* ``genre``: the title's first words ("Readout of", "Statement by", "Fact
  Sheet:", "Press Gaggle", "Remarks by"...), else speaker labels in the
  text (a transcript);
* ``url``: the page's canonical link or ``og:url``.

The command line's ``--title``, ``--outlet``, ``--author``, ``--date``,
``--genre``, ``--url``, ``--provenance`` and ``--rights`` win over the
document (evidence: "given when the article was added"). Evidence other than
the date's is written under ``evidence:``. A field nothing in the document
establishes is written as ``null`` and listed under ``review:`` with a note;
``kzanalysis check`` fails, naming the field and the file, until a person has
filled it in and deleted the note. Nothing is guessed.

For a Markdown, HTML or PDF file the entry also records ``extractor`` (e.g.
``trafilatura 2.0.0``) and ``text_sha256``, the checksum of the text it gave
(see :mod:`kzanalysis.extract`).

Refused, with exit status 2, a message naming the file and nothing written
(for any refusal in a batch, no file of the batch is added):

* an extension other than those above, or a file that is not what its
  extension says (a PDF named ``.html``, a ZIP named ``.txt``...);
* a file already in the corpus (same SHA-256), or a near-duplicate of one:
  the same words after normalisation (case, punctuation, spacing and markup
  ignored), of the whole text or of the article text without its furniture;
* an id that exists (or is not a valid id), a file name already taken;
* an extraction that gives no text (a scanned PDF is named as such), and
  text the loader would refuse (control characters, characters the PDF fonts
  lack, overlong lines, a file over the size limits).

``--dry-run`` prints the entry it would write and the first paragraphs of the
text with their parts (:func:`kzanalysis.reading.parts.segment_article`), so
one can see the page furniture left out; nothing is written.

Work is linear in the size of the documents: each existing article is read
and normalised once, and duplicates are looked up in hash sets.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .corpus import OPTIONAL_FIELDS, REQUIRED_FIELDS, parse_date
from .errors import CorpusError
from .extract import EXTRACTED_KINDS, KINDS, extract_text, kind_of, parse_html, pdf_reader, text_sha256
from .limits import (
    ID_ALPHABET,
    ID_RE,
    MAX_ARTICLE_BYTES,
    MAX_DOCUMENT_BYTES,
    MAX_ID_CHARS,
    short_repr,
    terminal_safe,
)
from .reading.parts import ARTICLE_TEXT_PARTS, segment_article

__all__ = ["AddOptions", "Plan", "plan_additions", "write_additions", "run_add", "propose_metadata"]

_SUPPORTED = ", ".join(sorted(KINDS))
#: Paragraphs shown by --dry-run.
DRY_RUN_PARAGRAPHS = 12
#: Opening paragraphs searched for a date in the text.
DATE_PARAGRAPHS = 8

_MONTH_NAMES = ("January February March April May June July August September October November December").split()
_MONTH_ABBR = {name[:3].lower(): number for number, name in enumerate(_MONTH_NAMES, start=1)}
_MONTH_RE = r"(?P<month>(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)[a-z]{0,6}\.?)"
_DATE_MDY_RE = re.compile(r"\b" + _MONTH_RE + r"\s{1,3}(?P<day>\d{1,2}),?\s{1,3}(?P<year>(?:19|20)\d{2})\b")
_DATE_DMY_RE = re.compile(r"\b(?P<day>\d{1,2})\s{1,3}" + _MONTH_RE + r",?\s{1,3}(?P<year>(?:19|20)\d{2})\b")
_ISO_DATE_RE = re.compile(r"^\s*(?P<year>(?:19|20)\d{2})[-/](?P<month>\d{2})[-/](?P<day>\d{2})")
_PDF_DATE_RE = re.compile(r"^(?:D:)?(?P<year>(?:19|20)\d{2})(?P<month>\d{2})(?P<day>\d{2})")
_FILE_NAME_TITLE_RE = re.compile(
    r"(?:\.(?:docx?|pdf|indd|rtf|odt|pages|txt)\s*$|^Microsoft Word\s*-|^untitled\b)", re.IGNORECASE
)
_BY_RE = re.compile(r"^(?:by|BY|By)\s+")
_WORD_RE = re.compile(r"\w+")

#: A title's opening words -> genre (the names of data/README.md's genre list).
_GENRE_BY_TITLE = (
    (re.compile(r"^Joint\s+Statement\b", re.IGNORECASE), "joint statement"),
    (re.compile(r"^Readout\b", re.IGNORECASE), "readout"),
    (re.compile(r"^(?:Statement|Statements)\b", re.IGNORECASE), "statement"),
    (re.compile(r"^Fact\s+Sheet\b", re.IGNORECASE), "fact sheet"),
    (re.compile(r"^(?:Press\s+Briefing|Background\s+Press\s+Call|Press\s+Call)\b", re.IGNORECASE), "press briefing"),
    (re.compile(r"^(?:On-the-Record\s+)?Press\s+Gaggle\b|^Gaggle\b", re.IGNORECASE), "gaggle"),
    (re.compile(r"^Press\s+Conference\b", re.IGNORECASE), "press conference"),
    (re.compile(r"^Remarks\b", re.IGNORECASE), "remarks"),
    (re.compile(r"^Press\s+Release\b", re.IGNORECASE), "press release"),
    (re.compile(r"^Communiqu[eé]\b|^Joint\s+Communiqu[eé]\b", re.IGNORECASE), "communiqué"),
    (re.compile(r"^(?:Interview|Transcript\s+of\s+(?:an\s+)?Interview)\b", re.IGNORECASE), "interview"),
    (re.compile(r"^Transcript\b", re.IGNORECASE), "transcript"),
)
_MIN_LABELLED_TURNS = 3

_DATE_META = (
    ("property", "article:published_time"),
    ("property", "og:article:published_time"),
    ("property", "og:published_time"),
    ("itemprop", "datePublished"),
    ("name", "citation_publication_date"),
    ("name", "dc.date.issued"),
    ("name", "dcterms.issued"),
    ("name", "dc.date"),
    ("name", "dcterms.date"),
    ("name", "date"),
    ("name", "pubdate"),
    ("name", "publish-date"),
    ("name", "parsely-pub-date"),
)
_AUTHOR_META = (("name", "author"), ("property", "article:author"), ("name", "dc.creator"), ("name", "parsely-author"))

_GIVEN = "given when the article was added (kzanalysis add --{option})"
_FILLED_BY_PERSON = {
    "outlet": "the publisher is not named in the document's metadata (no og:site_name)",
    "author": "no author found (no author meta tag, byline or PDF /Author): null means unsigned",
    "provenance": "who publishes the outlet and who funds it is not in the document",
    "genre": "the title does not say what kind of text this is and the text has no speaker labels",
    "title": "no title found (no og:title, <title>, PDF /Title or short first line)",
}


@dataclass
class AddOptions:
    """Fields given on the command line; each wins over what the document says."""

    id: str | None = None
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    date: str | None = None
    genre: str | None = None
    url: str | None = None
    provenance: str | None = None
    rights: str | None = None


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
    from .resources import load_yaml

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


# ------------------------------------------------------------- the proposal


@dataclass
class _Field:
    value: Any
    evidence: str


def _meta_tags(root) -> dict[tuple[str, str], str]:
    tags: dict[tuple[str, str], str] = {}
    for element in root.iter("meta"):
        content = element.get("content")
        if content is None or not content.strip():
            continue
        for attribute in ("property", "name", "itemprop"):
            key = element.get(attribute)
            if key:
                tags.setdefault((attribute, key.strip().lower()), " ".join(content.split()))
    return tags


def _iso_day(value: str) -> str | None:
    match = _ISO_DATE_RE.match(value) or _PDF_DATE_RE.match(value)
    if not match:
        return None
    day = f"{match.group('year')}-{match.group('month')}-{match.group('day')}"
    try:
        parse_date(day)
    except ValueError:
        return None
    return day


def _text_date(match: re.Match) -> str | None:
    month = _MONTH_ABBR.get(match.group("month")[:3].lower())
    if month is None:
        return None
    word = match.group("month").rstrip(".")
    if len(word) > 3 and word.lower() not in {m.lower() for m in _MONTH_NAMES} and word.lower() != "sept":
        return None
    day = f"{match.group('year')}-{month:02d}-{int(match.group('day')):02d}"
    try:
        parse_date(day)
    except ValueError:
        return None
    return day


def _dates_in_text(paragraphs) -> list[_Field]:
    found = []
    for p in paragraphs[:DATE_PARAGRAPHS]:
        for pattern in (_DATE_MDY_RE, _DATE_DMY_RE):
            match = pattern.search(p.text)
            if match and _text_date(match):
                found.append(
                    _Field(
                        _text_date(match), f'a date in the text, paragraph {p.number} ({p.part}): "{match.group(0)}"'
                    )
                )
                break
        if found:
            break
    return found


def _html_fields(raw: bytes, path: Path) -> dict[str, list[_Field]]:
    root = parse_html(raw, path)
    tags = _meta_tags(root)
    fields: dict[str, list[_Field]] = {}

    def put(name, value, evidence):
        if value is not None and str(value).strip():
            fields.setdefault(name, []).append(_Field(" ".join(str(value).split()), evidence))

    for key in (("property", "og:title"), ("name", "twitter:title")):
        if key in tags:
            put("title", tags[key], f'the page\'s <meta {key[0]}="{key[1]}">')
    title = root.find(".//title")
    if title is not None and title.text_content().strip():
        put("title", title.text_content(), "the page's <title>")
    if ("property", "og:site_name") in tags:
        put("outlet", tags[("property", "og:site_name")], 'the page\'s <meta property="og:site_name">')
    for key in _AUTHOR_META:
        value = tags.get(key)
        if value and not re.match(r"^https?://", value):
            put("author", value, f'the page\'s <meta {key[0]}="{key[1]}">')
    for key in _DATE_META:
        value = tags.get(key)
        if value and _iso_day(value):
            put("date", _iso_day(value), f'the page\'s <meta {key[0]}="{key[1]}" content="{value}">')
    for element in root.iter("time"):
        value = element.get("datetime") or ""
        if _iso_day(value):
            shown = " ".join(element.text_content().split())
            put("date", _iso_day(value), f'the page\'s first <time datetime="{value}"> ("{shown[:60]}")')
            break
    for element in root.iter("link"):
        if (element.get("rel") or "").lower() == "canonical" and element.get("href"):
            put("url", element.get("href"), 'the page\'s <link rel="canonical">')
    if ("property", "og:url") in tags:
        put("url", tags[("property", "og:url")], 'the page\'s <meta property="og:url">')
    return fields


def _pdf_fields(raw: bytes, path: Path) -> dict[str, list[_Field]]:
    reader, _ = pdf_reader(raw, path)
    try:
        info = reader.metadata or {}
    except Exception:  # a damaged information dictionary is no evidence
        info = {}
    fields: dict[str, list[_Field]] = {}
    title = str(info.get("/Title") or "").strip()
    if title and not _FILE_NAME_TITLE_RE.search(title):
        fields["title"] = [_Field(" ".join(title.split()), "the PDF's information dictionary, /Title")]
    author = str(info.get("/Author") or "").strip()
    if author:
        fields["author"] = [
            _Field(
                " ".join(author.split()),
                "the PDF's information dictionary, /Author (the file's author field: check it against the document)",
            )
        ]
    created = str(info.get("/CreationDate") or "").strip()
    if _iso_day(created):
        fields["date"] = [
            _Field(
                _iso_day(created),
                f"the PDF's information dictionary, /CreationDate {created} "
                "(when the file was made, which can be after publication)",
            )
        ]
    return fields


def _first_line_title(paragraphs) -> _Field | None:
    for p in paragraphs[:3]:
        words = p.text.split()
        if p.part == "headline" or (0 < len(words) <= 25 and not p.text.rstrip().endswith(".")):
            return _Field(" ".join(words), f"the first line of the text (paragraph {p.number})")
    return None


def _genre_from(title: str | None, paragraphs) -> _Field | None:
    if title:
        for pattern, genre in _GENRE_BY_TITLE:
            match = pattern.match(title.strip())
            if match:
                return _Field(genre, f'the title begins "{match.group(0)}"')
    labels = [p.label for p in paragraphs if getattr(p, "label", "")]
    if len(labels) >= _MIN_LABELLED_TURNS:
        shown = ", ".join(dict.fromkeys(labels[:40]).keys())
        return _Field("transcript", f"{len(labels)} paragraphs open with a speaker label ({short_repr(shown, 80)})")
    return None


def propose_metadata(
    raw: bytes, kind: str, path: Path, text: str, patterns, options: AddOptions
) -> tuple[dict, dict, dict]:
    """Propose the manifest fields of one document.

    Returns
    -------
    (values, evidence, review) : three dicts
        ``values``: field -> proposed value (None when nothing establishes
        it); ``evidence``: field -> how the value was found; ``review``:
        field -> why it is left for a person.
    """
    found: dict[str, list[_Field]] = {}
    if kind == "html":
        found = _html_fields(raw, path)
    elif kind == "pdf":
        found = _pdf_fields(raw, path)
    first = segment_article(text, {}, patterns)
    if "title" not in found:
        title = _first_line_title(first)
        if title is not None:
            found["title"] = [title]
    values: dict[str, Any] = {}
    evidence: dict[str, str] = {}
    review: dict[str, str] = {}
    for name in ("title", "outlet", "url"):
        given = getattr(options, name)
        if given is not None:
            values[name], evidence[name] = given, _GIVEN.format(option=name)
        elif found.get(name):
            values[name], evidence[name] = found[name][0].value, found[name][0].evidence
        elif name != "url":
            values[name], review[name] = None, _FILLED_BY_PERSON[name]
    # the byline the reading layer finds, once the title is known
    paragraphs = segment_article(text, {"title": values.get("title") or ""}, patterns)
    found.setdefault("date", [])
    text_dates = _dates_in_text(paragraphs)
    # A date printed in a PDF's text is the document's own; /CreationDate is the file's.
    found["date"] = text_dates + found["date"] if kind == "pdf" else found["date"] + text_dates
    bylines = [p for p in paragraphs if p.part == "byline"]
    if bylines:
        found.setdefault("author", []).insert(
            0 if kind != "html" else len(found.get("author", [])),
            _Field(
                _BY_RE.sub("", bylines[0].text).strip(),
                f'the byline "{bylines[0].text}" (paragraph {bylines[0].number})',
            ),
        )
    if options.author is not None:
        values["author"], evidence["author"] = options.author, _GIVEN.format(option="author")
    elif found.get("author"):
        values["author"], evidence["author"] = found["author"][0].value, found["author"][0].evidence
    else:
        values["author"], review["author"] = None, _FILLED_BY_PERSON["author"]
    if options.date is not None:
        values["date"] = options.date
        values["date_evidence"] = _GIVEN.format(option="date") + _also(options.date, found["date"])
    elif found["date"]:
        chosen = found["date"][0]
        values["date"] = chosen.value
        values["date_evidence"] = (
            f"From {chosen.evidence}"
            + _also(chosen.value, found["date"][1:])
            + ". Proposed by kzanalysis add: check it against the text."
        )
    else:
        values["date"] = None
        values["date_evidence"] = None
        what = (
            "no article:published_time or other date meta tag, no <time>, no date in the opening paragraphs"
            if kind == "html"
            else "no date in the opening paragraphs" + (" and no /CreationDate" if kind == "pdf" else "")
        )
        review["date"] = f"no date found: {what}"
        review["date_evidence"] = "say how the date was established and how sure it is"
    if options.genre is not None:
        values["genre"], evidence["genre"] = options.genre, _GIVEN.format(option="genre")
    else:
        genre = _genre_from(values.get("title"), paragraphs)
        if genre is not None:
            values["genre"], evidence["genre"] = genre.value, genre.evidence
        else:
            values["genre"], review["genre"] = None, _FILLED_BY_PERSON["genre"]
    if options.provenance is not None:
        values["provenance"], evidence["provenance"] = options.provenance, _GIVEN.format(option="provenance")
    else:
        values["provenance"], review["provenance"] = None, _FILLED_BY_PERSON["provenance"]
    if options.rights is not None:
        values["rights"], evidence["rights"] = options.rights, _GIVEN.format(option="rights")
    return values, evidence, review


def _also(value: str, others: list[_Field]) -> str:
    if not others:
        return ""
    said = [f"{o.evidence} gives {o.value}" + (" (agrees)" if o.value == value else " (differs)") for o in others]
    return "; also " + "; ".join(said)


# ------------------------------------------------------------------ planning


def _refuse(path: Path, problem: str, fix: str) -> CorpusError:
    return CorpusError(path, problem, fix)


def _check_text_like_loader(path: Path, text: str) -> None:
    """Refuse text the loader would refuse (the same checks, so an added article always loads)."""
    from .corpus import _check_text

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


def plan_additions(paths, data_dir: Path, options: AddOptions, progress: bool = True) -> tuple[list[Plan], list]:
    """Check every path and propose its entry; nothing is written.

    Returns ``(plans, refusals)``: a :class:`Plan` per accepted file and a
    :class:`CorpusError` per refused one (each naming its file).
    """
    from .resources import load_boilerplate

    paths = [Path(p) for p in paths]
    manifest, entries = _manifest(data_dir)
    patterns = load_boilerplate(data_dir)
    known = _existing(data_dir, entries, patterns)
    plans: list[Plan] = []
    refusals: list[CorpusError] = []
    iterator = paths
    if progress and len(paths) > 1:
        from tqdm import tqdm

        iterator = tqdm(paths, desc="reading", unit="file", file=sys.stderr, disable=None)
    for path in iterator:
        try:
            plans.append(_plan_one(path, options, data_dir, known, patterns, len(plans)))
        except CorpusError as exc:
            refusals.append(exc)
    return plans, refusals


# ------------------------------------------------------------------- writing


def _entry_yaml(entry: dict, indent: str) -> str:
    text = yaml.safe_dump([entry], sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)
    return "".join(indent + line if line.strip() else line for line in text.splitlines(keepends=True))


def _appended_manifest(manifest: Path, entries: list, new_entries: list[dict]) -> str:
    text = manifest.read_text(encoding="utf-8")
    top_keys = re.findall(r"^([A-Za-z_][\w-]*)\s*:", text, flags=re.MULTILINE)
    if not top_keys or top_keys[-1] != "articles":
        raise CorpusError(
            manifest,
            "the `articles:` list is not the last key of the file, so new entries cannot be appended",
            "move `articles:` to the end of manifest.yml, or add the entries by hand (--dry-run prints them)",
        )
    text = re.sub(r"^articles\s*:\s*\[\s*\]\s*$", "articles:", text, flags=re.MULTILINE)
    match = re.search(r"^( *)- ", text[text.rindex("articles") :], flags=re.MULTILINE)
    indent = match.group(1) if match else "  "
    if not text.endswith("\n"):
        text += "\n"
    text += "".join(_entry_yaml(entry, indent) for entry in new_entries)
    parsed = yaml.safe_load(text)
    if not isinstance(parsed, dict) or parsed.get("articles") != list(entries) + list(new_entries):
        raise CorpusError(
            manifest,
            "appending the new entries would not give the same entries plus the new ones",
            "add the entries by hand (--dry-run prints them)",
        )
    return text


def _write_atomic(path: Path, data: bytes) -> None:
    temporary = path.with_name(f".{path.name}.adding")
    with open(temporary, "xb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


def write_additions(plans: list[Plan], data_dir: Path) -> None:
    """Copy each file into articles/ and append the entries to manifest.yml (all or nothing)."""
    manifest, entries = _manifest(data_dir)
    new_text = _appended_manifest(manifest, entries, [plan.entry for plan in plans])
    written: list[Path] = []
    try:
        for plan in plans:
            target = data_dir / "articles" / plan.file
            if target.exists():
                raise CorpusError(target, "appeared while the articles were being added", "run the command again")
            _write_atomic(target, plan.raw)
            written.append(target)
        temporary = manifest.with_name(f".{manifest.name}.adding")
        temporary.write_text(new_text, encoding="utf-8")
        os.replace(temporary, manifest)
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        manifest.with_name(f".{manifest.name}.adding").unlink(missing_ok=True)
        raise


# ------------------------------------------------------------------- command


def _show_plan(plan: Plan, out) -> None:
    print(f"{terminal_safe(plan.source)} -> articles/{terminal_safe(plan.file)}", file=out)
    print("  manifest entry:", file=out)
    for line in _entry_yaml(plan.entry, "    ").splitlines():
        print(terminal_safe(line), file=out)
    shown = plan.paragraphs[:DRY_RUN_PARAGRAPHS]
    n_text = sum(p.part in ARTICLE_TEXT_PARTS for p in plan.paragraphs)
    print(
        f"  first paragraphs ({len(shown)} of {len(plan.paragraphs)}; {n_text} article text, "
        f"{len(plan.paragraphs) - n_text} furniture):",
        file=out,
    )
    for p in shown:
        text = " ".join(p.text.split())
        text = text if len(text) <= 100 else text[:99] + "\u2026"
        mark = " " if p.part in ARTICLE_TEXT_PARTS else "-"
        print(f"   {mark}\u00b6{p.number:<3} {p.part:<11} {terminal_safe(text)}", file=out)
    for note in plan.notes:
        print(f"  note: {terminal_safe(note)}", file=out)


def run_add(paths, data_dir: Path, options: AddOptions, dry_run: bool = False, out=None, err=None) -> int:
    """The ``add`` command: exit status 0 when every file was added (or, with ``dry_run``, would be), else 2."""
    out = out or sys.stdout
    err = err or sys.stderr
    if options.id is not None and len(paths) > 1:
        print(
            "kzanalysis add: --id names one article, but several files were given. Fix: add them one at a time, "
            "or leave out --id.",
            file=err,
        )
        return 2
    if options.date is not None:
        try:
            options.date = parse_date(options.date)[0]
        except ValueError as exc:
            print(f"kzanalysis add: --date: {exc}. Fix: write it as YYYY, YYYY-MM or YYYY-MM-DD.", file=err)
            return 2
    from . import corpus as corpus_module

    rights_values = getattr(corpus_module, "RIGHTS_VALUES", None)
    if options.rights is not None and rights_values and options.rights not in rights_values:
        print(
            f"kzanalysis add: --rights {terminal_safe(short_repr(options.rights))} is not a known value. "
            f"Fix: use one of: {', '.join(rights_values)}.",
            file=err,
        )
        return 2
    plans, refusals = plan_additions(paths, data_dir, options)
    if refusals:
        for problem in refusals:
            print(f"refused: {terminal_safe(problem)}", file=err)
        print(
            f"{len(refusals)} of {len(paths)} file{'s' if len(paths) != 1 else ''} refused; nothing was added to "
            f"{terminal_safe(data_dir)}. Fix each problem above (or leave that file out) and run the command again.",
            file=err,
        )
        return 2
    if dry_run:
        for plan in plans:
            _show_plan(plan, out)
        print(
            f"dry run: {len(plans)} article{'s' if len(plans) != 1 else ''} would be added; nothing was written.",
            file=out,
        )
        return 0
    write_additions(plans, data_dir)
    for plan in plans:
        pending = list(plan.entry.get("review", {}))
        print(
            f"added {terminal_safe(plan.source)} as articles/{terminal_safe(plan.file)} (id {plan.entry['id']})"
            + (f"; to fill in by hand: {', '.join(pending)} (see `review:` in manifest.yml)" if pending else ""),
            file=out,
        )
        for note in plan.notes:
            print(f"  note: {terminal_safe(note)}", file=out)
    print("Next: read each new entry's evidence, fill in what `review:` lists, then run `kzanalysis check`.", file=out)
    return 0
