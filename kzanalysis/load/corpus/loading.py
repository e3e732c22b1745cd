"""The :class:`Corpus` and how it is built: :func:`load_corpus` from a validated data directory,
:func:`corpus_from_texts` from texts in memory; each text split into numbered paragraphs with their parts and
measured."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from pathlib import Path
from typing import Any

import pandas as pd

from ..clean import normalize_newlines
from ..errors import CorpusError, CorpusValidationError
from ..parallel import map_texts
from ..parts import ARTICLE_TEXT_PARTS, segment_article
from ..resources import load_boilerplate, resolve_data_dir
from ..stats import TEXT_STAT_COLUMNS, text_stats
from .manifest import REQUIRED_FIELDS, parse_date
from .validation import collect

__all__ = [
    "ARTICLE_COLUMNS",
    "PARAGRAPH_COLUMNS",
    "ALL_PARAGRAPH_COLUMNS",
    "BOILERPLATE_COLUMNS",
    "Corpus",
    "load_corpus",
    "corpus_from_texts",
]

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
        :mod:`kzanalysis.load.parts`): article_id, paragraph (its number
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
    keys = [
        (
            record["raw_text"],
            record.get("title"),
            record.get("author"),
            record.get("genre"),
            record.get("interviewee"),
            repr(record.get("parts")),
        )
        for record in records
    ]
    first_of = {key: i for i, key in reversed(list(enumerate(keys)))}  # identical texts and metadata: read once

    def read(i: int) -> tuple[list, str, dict]:
        paragraphs = segment_article(records[i]["raw_text"], records[i], patterns)
        clean = "\n\n".join(p.text for p in paragraphs if p.part in ARTICLE_TEXT_PARTS)
        return paragraphs, clean, text_stats(clean)

    distinct = sorted(first_of.values())
    segmented = dict(zip((keys[i] for i in distinct), map_texts(read, distinct, per_article=True)))
    for record, key in zip(records, keys):
        paragraphs, clean, stats = segmented[key]
        article_id = record["id"]
        row = {column: record.get(column) for column in columns}
        row["text"] = clean
        row.update(stats)
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
        (:mod:`kzanalysis.load.crosscheck`); ``kzanalysis check`` turns this off
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
        agree with another or with the texts (:mod:`kzanalysis.load.crosscheck`).
    """
    data_dir = resolve_data_dir(data_dir)
    problems, records, patterns = collect(data_dir)
    if problems:
        raise CorpusValidationError(problems, data_dir)
    corpus = _build(records, patterns, data_dir)
    if not cross_check:
        return corpus
    # The curated files checked against each other and against the texts (kzanalysis.load.crosscheck).
    from ..crosscheck import check_curated

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
