"""The curated lists matched against article text: theme lexicons (``themes.yml``), boilerplate line
patterns (``boilerplate.yml``) and the errors found in the sources (``errata.yml``)."""

from __future__ import annotations

import os
import re
from typing import Any

import pandas as pd

from ..errors import CorpusError
from ..limits import regex_hazard, short_repr
from ..memo import per_data_dir
from .datadir import is_text, load_yaml, raise_all, resolve_data_dir, top_level

__all__ = ["BOILERPLATE_KINDS", "ERRATA_KINDS", "ERRATA_COLUMNS", "load_themes", "load_boilerplate", "load_errata"]

BOILERPLATE_KINDS = (
    "subscription",
    "navigation",
    "copyright",
    "repeated-headline",
    "byline-note",
    "advertising",
    "caption",
)
ERRATA_KINDS = ("wrong place name", "typo", "grammar", "wrong name", "factual")


# ------------------------------------------------------------------ themes


@per_data_dir("themes.yml")
def load_themes(data_dir: str | os.PathLike | None = None) -> dict[str, dict[str, Any]]:
    """Load the theme lexicons ``themes.yml``.

    Parameters
    ----------
    data_dir : str or path-like, optional
        Data directory (see :func:`resolve_data_dir`).

    Returns
    -------
    dict
        theme key -> {"label": str, "description": str, "terms": list[str]}.
        Terms are lower case; a trailing ``*`` marks a prefix match and a
        term may span several words ("human rights"). Keys keep file order.

    Raises
    ------
    CorpusError
        If the file is missing or malformed: no `themes:` mapping, a theme
        without label or terms, a term that is not a lower-case string or is
        listed twice in one theme.
    """
    path = resolve_data_dir(data_dir) / "themes.yml"
    themes = top_level(path, "themes", dict)
    problems: list[CorpusError] = []
    result: dict[str, dict[str, Any]] = {}
    for key, spec in themes.items():
        where = f"theme {short_repr(key)}"
        if not isinstance(spec, dict):
            problems.append(
                CorpusError(path, f"{where} is not a mapping", "give each theme label, description and terms")
            )
            continue
        label = spec.get("label")
        if not is_text(label):
            problems.append(
                CorpusError(path, f"{where} has no `label`", "add a short display label, e.g. `label: Energy`")
            )
        terms = spec.get("terms")
        if not isinstance(terms, list) or not terms or not all(is_text(t) for t in terms):
            problems.append(
                CorpusError(
                    path,
                    f"{where} has no `terms` list of non-empty strings",
                    "list the theme's terms, e.g. `terms: [oil, gas, pipeline*]`",
                )
            )
            continue
        terms = [" ".join(t.split()) for t in terms]
        upper = [t for t in terms if t != t.lower()]
        if upper:
            problems.append(
                CorpusError(
                    path,
                    f"{where} has terms that are not lower case: {', '.join(upper)}",
                    "write every term in lower case (matching is case-insensitive)",
                )
            )
        duplicates = sorted({t for t in terms if terms.count(t) > 1})
        if duplicates:
            problems.append(
                CorpusError(
                    path, f"{where} lists terms more than once: {', '.join(duplicates)}", "remove the duplicates"
                )
            )
        bad_star = [t for t in terms if "*" in t[:-1]]
        if bad_star:
            problems.append(
                CorpusError(
                    path,
                    f"{where} has `*` inside a term: {', '.join(bad_star)}",
                    "use `*` only at the end of a term (prefix match)",
                )
            )
        result[str(key)] = {
            "label": str(label).strip() if is_text(label) else str(key),
            "description": str(spec.get("description") or "").strip(),
            "terms": terms,
        }
    raise_all(path, problems)
    return result


# ------------------------------------------------------------- boilerplate


@per_data_dir("boilerplate.yml")
def load_boilerplate(data_dir: str | os.PathLike | None = None) -> list[dict[str, Any]]:
    """Load the boilerplate line patterns ``boilerplate.yml``.

    Parameters
    ----------
    data_dir : str or path-like, optional
        Data directory (see :func:`resolve_data_dir`).

    Returns
    -------
    list of dict
        One dict per pattern, in file order, with keys id (str), kind (one
        of :data:`BOILERPLATE_KINDS`), regex (the source string), note (str)
        and compiled (the compiled ``re.Pattern``, searched against each
        stripped line).

    Raises
    ------
    CorpusError
        If the file is missing or malformed: no `patterns:` list, a missing
        or repeated id, an unknown kind, or a regex that does not compile
        (the regex error is quoted).
    """
    path = resolve_data_dir(data_dir) / "boilerplate.yml"
    entries = top_level(path, "patterns", list)
    problems: list[CorpusError] = []
    patterns: list[dict[str, Any]] = []
    ids: set[str] = set()
    for index, entry in enumerate(entries, start=1):
        where = f"pattern #{index}"
        if not isinstance(entry, dict):
            problems.append(
                CorpusError(path, f"{where} is not a mapping", "write each pattern as `- id: ...` with kind and regex")
            )
            continue
        pid = entry.get("id")
        if not is_text(pid):
            problems.append(
                CorpusError(path, f"{where} has no `id`", "give every pattern a unique id such as rferl-subscribe")
            )
            continue
        where = f"pattern {short_repr(pid)}"
        if pid in ids:
            problems.append(CorpusError(path, f"{where} is defined twice", "give each pattern a unique id"))
            continue
        ids.add(pid)
        kind = entry.get("kind")
        if kind not in BOILERPLATE_KINDS:
            problems.append(
                CorpusError(path, f"{where} has kind {short_repr(kind)}", f"use one of: {', '.join(BOILERPLATE_KINDS)}")
            )
        regex = entry.get("regex")
        if not is_text(regex):
            problems.append(
                CorpusError(path, f"{where} has no `regex`", "add the Python regular expression that matches the line")
            )
            continue
        try:
            compiled = re.compile(regex)
        except re.error as exc:
            problems.append(
                CorpusError(
                    path,
                    f"{where} has an invalid regex {short_repr(regex)} ({exc})",
                    "correct the regular expression (remember to quote it in YAML)",
                )
            )
            continue
        hazard = regex_hazard(regex)
        if hazard is not None:
            problems.append(
                CorpusError(
                    path,
                    f"{where} has a `regex` with {hazard}: {short_repr(regex)}",
                    "bound the inner repeat (e.g. [\\w ]{1,200} instead of (\\w+\\s?)+) or rewrite it without nesting; "
                    "nested quantifiers can take exponential time on a long line",
                )
            )
            continue
        patterns.append(
            {"id": pid, "kind": kind, "regex": regex, "note": str(entry.get("note") or ""), "compiled": compiled}
        )
    raise_all(path, problems)
    return patterns


# ------------------------------------------------------------------ errata

ERRATA_COLUMNS = ["article_id", "original", "correction", "kind", "evidence"]


@per_data_dir("errata.yml")
def load_errata(data_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """Load the list of errors found in the sources, ``errata.yml``.

    Parameters
    ----------
    data_dir : str or path-like, optional
        Data directory (see :func:`resolve_data_dir`).

    Returns
    -------
    DataFrame
        Columns article_id, original (exact substring of the raw article
        text), correction, kind (one of :data:`ERRATA_KINDS`), evidence; one
        row per erratum in file order. Whether ``original`` really occurs in
        the article is checked by :mod:`kzanalysis.analysis.errata`, not here.

    Raises
    ------
    CorpusError
        If the file is missing or malformed: no `errata:` list, an entry
        missing a field, or an unknown kind.
    """
    path = resolve_data_dir(data_dir) / "errata.yml"
    document = load_yaml(path)
    if isinstance(document, dict) and document.get("errata") == []:
        return pd.DataFrame(columns=ERRATA_COLUMNS)
    entries = top_level(path, "errata", list, document)
    problems: list[CorpusError] = []
    rows = []
    for index, entry in enumerate(entries, start=1):
        where = f"erratum #{index}"
        if not isinstance(entry, dict):
            problems.append(
                CorpusError(
                    path,
                    f"{where} is not a mapping",
                    "write each erratum as `- article_id: ...` with original, correction, kind and evidence",
                )
            )
            continue
        missing = [field for field in ERRATA_COLUMNS if entry.get(field) is None or entry.get(field) == ""]
        if missing:
            problems.append(
                CorpusError(
                    path,
                    f"{where} is missing {', '.join(missing)}",
                    "fill in article_id, original, correction, kind and evidence",
                )
            )
            continue
        not_text = [field for field in ERRATA_COLUMNS if not is_text(entry[field])]
        if not_text:
            problems.append(
                CorpusError(
                    path, f"{where} has non-text {', '.join(not_text)}", "quote the value(s) so YAML reads them as text"
                )
            )
            continue
        if entry["kind"] not in ERRATA_KINDS:
            problems.append(
                CorpusError(
                    path,
                    f"{where} ({entry['article_id']}) has kind {short_repr(entry['kind'])}",
                    f"use one of: {', '.join(ERRATA_KINDS)}",
                )
            )
            continue
        rows.append(tuple(str(entry[field]) for field in ERRATA_COLUMNS))
    raise_all(path, problems)
    return pd.DataFrame(rows, columns=ERRATA_COLUMNS)
