"""The manifest fields of a new article proposed from the document, each with its evidence.

Title, outlet, author, date, genre and url are read from the page's meta tags, a PDF's information
dictionary, the byline and the opening paragraphs (see :mod:`kzanalysis.load.add`); what the command line gives
(:class:`AddOptions`) wins; a field nothing establishes is left for a person, with a note saying why.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..corpus import parse_date
from ..extract import parse_html, pdf_reader
from ..limits import short_repr
from ..parts import segment_article

__all__ = ["DATE_PARAGRAPHS", "AddOptions", "propose_metadata"]

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
    raw: bytes, kind: str, path: Path, text: str, patterns: Iterable[Mapping[str, Any]], options: AddOptions
) -> tuple[dict[str, Any], dict[str, str], dict[str, str]]:
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
