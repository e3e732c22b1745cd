"""The report's bibliography: one BibTeX entry per article of the corpus.

Curated entries live in ``<data>/references.bib`` keyed by article id.  An
article that has none (for instance one just added to the manifest) gets a
plain entry made from its manifest fields, so that every article of the
corpus in use is in the bibliography without a code change.

:func:`write_bibtex` writes the combined file; the book's Sphinx extension
``_ext/kz_bibliography.py`` calls it when the configuration is read and
points ``bibtex_bibfiles`` at it.

Generated entries keep the manifest's text exactly: the title is protected
with double braces (so no style changes its capitals), and the characters
BibTeX treats specially are escaped (``%`` would start a comment, ``&``,
``#``, ``_``, ``~`` and ``\\`` are commands or macros); ``--`` and doubled
backticks or apostrophes are kept from becoming dashes and quotes. Curly braces cannot be
escaped in BibTeX and are shown as parentheses.

Links: only ``http``, ``https`` and ``mailto`` URLs are published. A curated
entry whose ``url`` has another scheme (``javascript:``, ``data:``,
``file:``...) is written without that field, and :func:`check_references`
(run by ``kzanalysis check``) reports it.
"""

from __future__ import annotations

import functools
import os
import re
from collections import Counter
from pathlib import Path

from .errors import CorpusError
from .labels import citation_parts, manifest_author
from .limits import is_safe_url, short_repr
from .resources import load_yaml, resolve_data_dir

__all__ = ["check_references", "corpus_bibtex", "corpus_span", "curated_entries", "report_title", "write_bibtex"]

#: The report's title without its years; :func:`report_title` adds the years of the corpus in use.
#: The book's ``_config.yml`` ``title`` is this text (a test checks it).
BASE_TITLE = "Kazakhstan and the United States: a computed reading of the news record"

_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
_ENTRY_START = re.compile(r"@\w+\s*\{\s*([^,\s]+)\s*,")


_BIB_ESCAPES = {
    "\\": r"{\textbackslash}",
    "{": "(",
    "}": ")",
    "%": r"\%",
    "&": r"\&",
    "#": r"\#",
    "_": r"\_",
    "~": r"{\textasciitilde}",
}
_BIB_SPECIAL_RE = re.compile(r"[\\{}%&#_~]")
_LIGATURE_RE = re.compile(r"([-`'])(?=\1)")  # "--" en dash, "``" and "''" quotes
_URL_FIELD_RE = re.compile(r"(?im)^[ \t]*url[ \t]*=[ \t]*(?:\{[^{}\n]*\}|\"[^\"\n]*\")[ \t]*,?[ \t]*\n?")
_LINK_COMMAND_RE = re.compile(r"\\(?:url|href)\s*\{([^{}]*)\}")


def _bib_safe(text) -> str:
    """Free text as the body of a braced BibTeX field that reads back as the same text."""
    cleaned = " ".join(str(text).split())
    cleaned = _BIB_SPECIAL_RE.sub(lambda m: _BIB_ESCAPES[m.group(0)], cleaned)
    return _LIGATURE_RE.sub(r"\1{}", cleaned)


def _split_entries(bib_text: str) -> dict[str, str]:
    """Split a .bib file into ``{key: entry text}`` by matching braces."""
    entries: dict[str, str] = {}
    for match in _ENTRY_START.finditer(bib_text):
        depth, end = 0, None
        for pos in range(bib_text.index("{", match.start()), len(bib_text)):
            char = bib_text[pos]
            if char == "{":
                depth += 1
            elif char == "}":
                depth -= 1
                if depth == 0:
                    end = pos + 1
                    break
        if end is not None:
            entries[match.group(1)] = bib_text[match.start() : end]
    return entries


def _generated_entry(article: dict) -> str:
    date = str(article.get("date", ""))
    fields = {
        "title": article.get("title") or article["id"],
        "howpublished": article.get("outlet") or "unknown outlet",
        "year": date[:4],
        "note": f"{article.get('genre') or 'article'}; corpus file {article.get('file', article['id'] + '.txt')}",
    }
    # A person's name without notes such as "(pseudonym)"; an unsigned article
    # is credited to its outlet's short name as a corporate author (double
    # braces), the name its citation label shows (kzanalysis.load.labels).
    author = manifest_author(article)
    if len(date) >= 7 and date[5:7].isdigit() and 1 <= int(date[5:7]) <= 12:
        fields["month"] = _MONTHS[int(date[5:7]) - 1]
    # The title in double braces: styles leave its capitals alone.
    lines = [
        f"  {name} = {{{{{_bib_safe(value)}}}}}" if name == "title" else f"  {name} = {{{_bib_safe(value)}}}"
        for name, value in fields.items()
        if name != "month"
    ]
    lines.append(
        f"  author = {{{{{_bib_safe(author[1:-1])}}}}}"
        if author.startswith("{")
        else f"  author = {{{_bib_safe(author)}}}"
    )
    if "month" in fields:
        lines.append(f"  month = {fields['month']}")
    body = ",\n".join(lines)
    return f"@misc{{{article['id']},\n{body}\n}}"


def _unsafe_links(entry_text: str) -> list[str]:
    """URLs in one entry's ``url`` field or ``\\url``/``\\href`` commands that are not http(s) or mailto."""
    try:
        import pybtex.database

        entries = pybtex.database.parse_string(entry_text, "bibtex").entries
    except Exception:  # an entry pybtex cannot read is not published as curated
        return [entry_text]
    bad = []
    for entry in entries.values():
        for name, value in entry.fields.items():
            urls = [value] if name.lower() == "url" else []
            urls += _LINK_COMMAND_RE.findall(value)
            bad.extend(url for url in urls if not is_safe_url(url.strip()))
    return bad


def _publishable(entry_text: str) -> str | None:
    """A curated entry without its unsafe ``url`` field, or None when it still links unsafely."""
    if not _unsafe_links(entry_text):
        return entry_text
    stripped = _URL_FIELD_RE.sub("", entry_text)
    return stripped if not _unsafe_links(stripped) else None


def check_references(data_dir: str | os.PathLike | None = None) -> list[CorpusError]:
    """Problems in ``<data>/references.bib``: BibTeX that pybtex cannot parse, and
    links (``url`` fields, ``\\url``/``\\href``) whose scheme is not http, https or mailto."""
    import pybtex.database

    path = resolve_data_dir(data_dir) / "references.bib"
    if not path.exists():
        return []
    try:
        text = path.read_text(encoding="utf-8-sig")
        database = pybtex.database.parse_string(text, "bibtex")
    except UnicodeDecodeError:
        return [CorpusError(path, "is not valid UTF-8", "re-save the file as UTF-8")]
    except Exception as exc:  # pybtex raises several kinds of error for bad BibTeX
        message = " ".join(str(exc).split())
        return [
            CorpusError(
                path,
                f"is not valid BibTeX ({short_repr(message, 120)[1:-1]})",
                "correct the entry named (balanced braces, `key = {value},` fields)",
            )
        ]
    problems = []
    for key, entry in database.entries.items():
        for name, value in entry.fields.items():
            urls = ([value] if name.lower() == "url" else []) + _LINK_COMMAND_RE.findall(value)
            for url in urls:
                if not is_safe_url(url.strip()):
                    problems.append(
                        CorpusError(
                            path,
                            f"entry {short_repr(key, 40)}: `{name}` links to {short_repr(url.strip(), 40)}, "
                            "which is not an http, https or mailto address",
                            "give the http(s) address of the source, or remove the link "
                            "(other schemes are never published as links)",
                        )
                    )
    return problems


def curated_entries(data_dir: str | os.PathLike | None = None) -> dict[str, str]:
    """``<data>/references.bib`` split into ``{key: entry text}`` (empty when the file is absent).

    Read once per file state (path, size and modification time)."""
    path = resolve_data_dir(data_dir) / "references.bib"
    try:
        stat = path.stat()
    except OSError:
        return {}
    return dict(_curated_cached(str(path), stat.st_size, stat.st_mtime_ns))


@functools.lru_cache(maxsize=8)
def _curated_cached(path: str, size: int, mtime_ns: int) -> dict[str, str]:
    return _split_entries(Path(path).read_text(encoding="utf-8-sig"))


_YEAR_FIELD_RE = re.compile(r"(?im)^([ \t]*year[ \t]*=[ \t]*)(\{[^{}\n]*\}|\"[^\"\n]*\"|\w+)")


def _with_year(entry: str, year: str) -> str:
    """``entry`` with its year field set to ``year`` (added when it has none)."""
    if _YEAR_FIELD_RE.search(entry):
        return _YEAR_FIELD_RE.sub(lambda m: f"{m.group(1)}{{{year}}}", entry, count=1)
    closing = entry.rstrip().rfind("}")
    return entry[:closing].rstrip().rstrip(",") + f",\n  year = {{{year}}}\n}}"


def _cited_by_knowledge(data: Path, keys) -> list[str]:
    """The curated keys that the corpus's curated knowledge (any ``*.yml`` of the data folder but the
    manifest) cites, in the order of ``keys``: the sources of the chronology, of route facts and the like."""
    text = "\n".join(
        path.read_text(encoding="utf-8", errors="replace")
        for path in sorted(data.glob("*.yml"))
        if path.name != "manifest.yml"
    )
    words = set(re.findall(r"[A-Za-z0-9_:.\-]+", text))
    return [key for key in keys if key in words]


def corpus_bibtex(data_dir: str | os.PathLike | None = None) -> str:
    """Return BibTeX text with exactly one entry per manifest article, in manifest order, followed by the
    curated entries that the curated knowledge cites (:func:`_cited_by_knowledge`).

    Curated entries from ``<data>/references.bib`` are used where their key is
    an article id; other articles get an entry made from the manifest. Two
    articles with the same author and year get the year suffixes of their
    citation labels (``2022a``, ``2022b``: :func:`kzanalysis.load.labels.citation_labels`),
    written into the entries' year so that the citations print them.
    """
    data = resolve_data_dir(data_dir)
    manifest = load_yaml(data / "manifest.yml") or {}
    if not isinstance(manifest, dict):
        manifest = {}
    curated = curated_entries(data)
    articles = [{**a, "id": str(a["id"])} for a in manifest.get("articles") or [] if isinstance(a, dict) and "id" in a]
    parts = citation_parts(articles, curated)
    entries = []
    for article in articles:
        article_id = article["id"]
        curated_entry = _publishable(curated[article_id]) if article_id in curated else None
        entry = curated_entry or _generated_entry(article)
        _, year, suffix = parts[article_id]
        if suffix:
            entry = _with_year(entry, year + suffix)
        entries.append(entry)
    ids = {a["id"] for a in articles}
    for key in _cited_by_knowledge(data, [k for k in curated if k not in ids]):
        entry = _publishable(curated[key])
        if entry:
            entries.append(entry)
    return "\n\n".join(entries) + "\n"


def _letter(position: int) -> str:
    """a, b, ..., z, aa, ab, ... for the position-th of several sources with one label."""
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def _register_author_year_style() -> str:
    """Register (once) and return the name of a pybtex style whose labels are the author–year citations.

    The bibliography then lists "[RFE/RL 1997]" where the text cites "RFE/RL 1997", rather than numbers.
    The label's name comes from the entry's author (:func:`kzanalysis.load.labels.author_label`; a corporate
    author keeps its braces), else its ``key`` or ``howpublished`` field; its year is the entry's year
    field (which carries the ``a``/``b`` suffix of two articles of one author and year).
    """
    from pybtex.plugin import find_plugin, register_plugin
    from pybtex.style.formatting.plain import Style as PlainStyle
    from pybtex.style.labels import BaseLabelStyle

    from .labels import author_label

    name = "kz_author_year"
    try:
        find_plugin("pybtex.style.formatting", name)
        return name
    except Exception:  # not registered yet
        pass

    class AuthorYearLabels(BaseLabelStyle):
        def format_labels(self, sorted_entries):
            labels = []
            for entry in sorted_entries:
                authors = " and ".join(str(person) for person in entry.persons.get("author", []))
                raw = entry.fields.get("author", "")
                who = (
                    (author_label(raw) if raw else author_label(authors))
                    or entry.fields.get("key", "")
                    or entry.fields.get("howpublished", "")
                    or entry.key
                )
                labels.append(f"{who.strip('{}')} {entry.fields.get('year', 'n.d.')}".strip())
            # Two sources of one author and year (or undated) are told apart as the text would: 2001a, 2001b;
            # n.d.-a, n.d.-b. (Articles already carry their suffix in their year field.)
            counts = Counter(labels)
            seen: Counter = Counter()
            for label in labels:
                if counts[label] == 1:
                    yield label
                    continue
                suffix = _letter(seen[label])
                seen[label] += 1
                yield f"{label}-{suffix}" if label.endswith("n.d.") else f"{label}{suffix}"

    class AuthorYearStyle(PlainStyle):
        default_label_style = AuthorYearLabels

    register_plugin("pybtex.style.formatting", name, AuthorYearStyle)
    return name


def corpus_span(data_dir: str | os.PathLike | None = None) -> str:
    """The years the corpus spans, from the manifest's dates: ``"1997–2008"``, ``"2003"``, or ``""``."""
    manifest = load_yaml(resolve_data_dir(data_dir) / "manifest.yml") or {}
    years = sorted(
        {
            str(a.get("date"))[:4]
            for a in (manifest.get("articles") or [])
            if isinstance(a, dict) and str(a.get("date") or "")[:4].isdigit()
        }
    )
    if not years:
        return ""
    return years[0] if years[0] == years[-1] else f"{years[0]}\u2013{years[-1]}"


def report_title(base: str | None = None, data_dir: str | os.PathLike | None = None) -> str:
    """The report's title with the years of the corpus: ``base`` (default :data:`BASE_TITLE`) with
    ``", <span>"`` put before its first colon (or at its end), e.g. "Kazakhstan and the United States,
    1997–2008: a computed reading of the news record"."""
    base = base or BASE_TITLE
    span = corpus_span(data_dir)
    if not span:
        return base
    head, colon, tail = base.partition(":")
    return f"{head}, {span}{colon}{tail}"


def write_bibtex(path: str | os.PathLike, data_dir: str | os.PathLike | None = None) -> Path:
    """Write :func:`corpus_bibtex` to ``path`` (only when it changed) and return the path."""
    path = Path(path)
    text = corpus_bibtex(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    return path
