"""Short names for articles and outlets, shared by the analysis and the report.

Plain text only: nothing here draws or imports a plotting library, so the
analysis modules can name articles without pulling in matplotlib.
"""

from __future__ import annotations

import math
import os
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    import pandas as pd

__all__ = ["author_label", "bib_fields", "citation_labels", "citation_parts", "manifest_author", "short_outlet"]

_ABBREVIATION_RE = re.compile(r"\(([^()]{1,20})\)")


def short_outlet(outlet: Any) -> str:
    """A short outlet name: the first parenthesised abbreviation, else the name.

    ``"Radio Free Europe/Radio Liberty (RFE/RL)"`` -> ``"RFE/RL"``;
    ``"Transitions Online (TOL), republished by ..."`` -> ``"TOL"``.
    """
    if outlet is None or (isinstance(outlet, float) and math.isnan(outlet)):
        return "unknown outlet"
    text = str(outlet).strip()
    match = _ABBREVIATION_RE.search(text)
    if match:
        return match.group(1).strip()
    return text.split(",")[0].strip() or "unknown outlet"


# ------------------------------------------------------------------ citation labels

_PARENTHESES_RE = re.compile(r"\s*\([^()]*\)")
_FIELD_START_RE = re.compile(r"(?im)^[ \t]*(author|year)[ \t]*=[ \t]*")


def _bib_field(entry: str, start: int) -> str:
    """The value of a BibTeX field that begins at ``start``: braced (nesting counted), quoted or bare."""
    if start >= len(entry):
        return ""
    opener = entry[start]
    if opener == "{":
        depth = 0
        for position in range(start, len(entry)):
            if entry[position] == "{":
                depth += 1
            elif entry[position] == "}":
                depth -= 1
                if depth == 0:
                    return entry[start + 1 : position]
        return entry[start + 1 :]
    if opener == '"':
        end = entry.find('"', start + 1)
        return entry[start + 1 : end if end >= 0 else len(entry)]
    end = start
    while end < len(entry) and (entry[end].isalnum() or entry[end] in "_-"):
        end += 1
    return entry[start:end]


def bib_fields(entry: str) -> dict[str, str]:
    """``author`` and ``year`` of one BibTeX entry's text (empty strings when absent)."""
    fields = {"author": "", "year": ""}
    for match in _FIELD_START_RE.finditer(entry):
        fields[match.group(1).lower()] = _bib_field(entry, match.end())
    return fields


def _split_top(text: str, separator: str) -> list[str]:
    """``text`` split on ``separator`` outside braces."""
    pieces, depth, start, position = [], 0, 0, 0
    while position < len(text):
        char = text[position]
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif depth == 0 and text.startswith(separator, position):
            pieces.append(text[start:position])
            position += len(separator)
            start = position
            continue
        position += 1
    pieces.append(text[start:])
    return [p.strip() for p in pieces if p.strip()]


def _last_name(person: str) -> str:
    person = " ".join(person.split())
    if person.startswith("{") and person.endswith("}"):
        return person.replace("{", "").replace("}", "").strip()  # a corporate author, as written
    if "," in person:
        return person.split(",")[0].replace("{", "").replace("}", "").strip()
    return person.split(" ")[-1].replace("{", "").replace("}", "").strip()


def author_label(bib_author: str) -> str:
    """The name part of an author–year citation from a BibTeX ``author`` field.

    ``"Kalpykova, Marjan"`` -> ``"Kalpykova"``; ``"{RFE/RL}"`` (a corporate author) -> ``"RFE/RL"``;
    two authors -> ``"A and B"``; three or more -> ``"A et al."`` (as the author–year style prints them).
    """
    people = [_last_name(p) for p in _split_top(bib_author, " and ")]
    people = [p for p in people if p]
    if not people:
        return ""
    if len(people) == 1:
        return people[0]
    if len(people) == 2:
        return f"{people[0]} and {people[1]}"
    return f"{people[0]} et al."


def manifest_author(article: Any) -> str:
    """The BibTeX ``author`` an article without a curated entry gets: its author without notes such as
    "(pseudonym)", else its outlet's short name as a corporate author (in braces)."""
    author = article.get("author") if hasattr(article, "get") else None
    if isinstance(author, str) and author.strip():
        name = _PARENTHESES_RE.sub("", author).strip()
        if name:
            return name
    return "{" + short_outlet(article.get("outlet") if hasattr(article, "get") else None) + "}"


def _year_of(date: Any, year: Any) -> str:
    text = "" if date is None or (isinstance(date, float) and math.isnan(date)) else str(date)
    if len(text) >= 4 and text[:4].isdigit():
        return text[:4]
    if year is not None and not (isinstance(year, float) and math.isnan(year)):
        try:
            return str(int(year))
        except (TypeError, ValueError):
            pass
    return "n.d."


def citation_parts(
    articles: pd.DataFrame | Iterable[Mapping[str, Any]], curated: dict[str, str] | None = None
) -> dict[str, tuple[str, str, str]]:
    """Article id -> (name, year, suffix) of its author–year citation label.

    ``articles`` is a table with ``id`` and, where known, ``author``, ``outlet``, ``date`` and ``year``
    (``corpus.articles`` or the manifest's entries as records); ``curated`` maps article ids to the text of
    their curated BibTeX entry, whose author and year win over the manifest's. Articles with the same name
    and year are told apart by a suffix ``a``, ``b``, ... in date order (then id order); others get ``""``.
    """
    curated = curated or {}
    records = articles.to_dict("records") if hasattr(articles, "to_dict") else list(articles)
    parts: dict[str, tuple[str, str]] = {}
    dates: dict[str, str] = {}
    for record in records:
        article_id = str(record.get("id"))
        fields = bib_fields(curated[article_id]) if article_id in curated else {"author": "", "year": ""}
        name = author_label(fields["author"] or manifest_author(record)) or article_id
        year = fields["year"].strip() or _year_of(record.get("date"), record.get("year"))
        parts[article_id] = (name, year)
        date = record.get("date")
        dates[article_id] = str(date) if isinstance(date, str) else ""
    groups: dict[tuple[str, str], list[str]] = {}
    for article_id, key in parts.items():
        groups.setdefault(key, []).append(article_id)
    out = {}
    for (name, year), ids in groups.items():
        if len(ids) == 1:
            out[ids[0]] = (name, year, "")
            continue
        for position, article_id in enumerate(sorted(ids, key=lambda a: (dates[a], a))):
            out[article_id] = (name, year, _suffix(position))
    return {article_id: out[article_id] for article_id in parts}


def _suffix(position: int) -> str:
    """a, b, ..., z, aa, ab, ... for the 0-based ``position``."""
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def citation_labels(
    articles: pd.DataFrame | Iterable[Mapping[str, Any]], data_dir: str | os.PathLike | None = None
) -> dict[str, str]:
    """Article id -> its author–year label, as the bibliography prints it ("Kalpykova 2002",
    "The White House 2022a", "The White House 2022b").

    One function for every place an article is named: the bibliography (which writes the suffix into the
    entry's year), the tables, the figures' axes and the key findings. Curated entries are read from
    ``<data>/references.bib`` (keyed by article id); see :func:`citation_parts`.
    """
    from .bibliography import curated_entries

    labels = {}
    for article_id, (name, year, suffix) in citation_parts(articles, curated_entries(data_dir)).items():
        if year == "n.d." and suffix:
            labels[article_id] = f"{name} n.d.-{suffix}"
        else:
            labels[article_id] = f"{name} {year}{suffix}"
    return labels
