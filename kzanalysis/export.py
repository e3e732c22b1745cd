"""Write the analysis tables of a corpus to CSV files.

:data:`TABLES` lists each exported table with the function that builds it,
so the CLI, the benchmark and the tests share one definition of what is
exported. The analysis modules are imported when a table is built, not when
this module is imported.

Files written (UTF-8, comma-separated, header row, LF line endings):

=================  ==========================================================
articles.csv       one row per article: manifest fields, year, date_start
                   and the text statistics (not the raw or clean text)
paragraphs.csv     every paragraph as received, numbered once per article:
                   article_id, paragraph, part (body, question, answer,
                   turn, or a furniture part such as headline, byline,
                   biography, boilerplate), text (a speaker label kept)
voices.csv         one row per sentence of article text: article_id,
                   paragraph, sentence, kind (author, quotation, reported,
                   question, answer, turn, statement), speaker,
                   speaker_group, text
entities.csv       gazetteer mentions plus unknown name candidates
                   (type ``unknown``): article_id, paragraph, entity, type,
                   group, surface, start, end
themes.csv         article_id, paragraph, theme, hits, n_words, score
                   (hits per 100 words of the paragraph)
tone.csv           article_id, paragraph, sentence_no, sentence, compound
quotes.csv         article_id, paragraph, speaker, speaker_group, quote
numbers.csv        article_id, paragraph, value, unit, context
errata.csv         article_id, paragraph, original, correction, kind,
                   evidence, found
boilerplate.csv    article_id, line_no, line, rule, kind
summaries.csv      article_id, rank, sentence
routes.csv         references to export corridors and pipelines:
                   article_id, paragraph, route (pipeline id, empty when
                   the corridor is only described), corridor, named,
                   stance, evidence
claims.csv         the claims register with machine proposals for uncoded
                   articles (:func:`kzanalysis.analysis.claims.claims_table`):
                   article_id, paragraph, voice, speaker, side, topic,
                   claim, stance, evidence, coder, reviewed, then id,
                   target, forecast
findings.csv       the key findings (:func:`kzanalysis.analysis.findings.findings_table`):
                   id, headline, statement, n, confidence, caveat, loo
                   (holds, changes or not computable), evidence ("¶ N"
                   references with their articles)
=================  ==========================================================
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from .load.knowledge import CLAIM_COLUMNS

if TYPE_CHECKING:
    from .load.corpus import Corpus

__all__ = ["TABLES", "build_table", "export_tables"]


def _articles(corpus) -> pd.DataFrame:
    table = corpus.articles.drop(columns=["raw_text", "text"])
    table["date_start"] = table["date_start"].dt.strftime("%Y-%m-%d")
    return table


def _entities(corpus) -> pd.DataFrame:
    from .analysis.entities import find_entities, unknown_names

    columns = ["article_id", "paragraph", "entity", "type", "group", "surface", "start", "end"]
    known = find_entities(corpus)
    unknown = unknown_names(corpus)
    unknown = unknown[unknown["type"] == "unknown"]  # the typed ones are find_entities rows already
    parts = [frame[columns] for frame in (known, unknown) if not frame.empty]
    if not parts:
        return pd.DataFrame(columns=columns)
    table = pd.concat(parts, ignore_index=True)
    return table.sort_values(["article_id", "paragraph", "start"], kind="stable").reset_index(drop=True)


def _themes(corpus) -> pd.DataFrame:
    from .analysis.themes import theme_scores

    return theme_scores(corpus)


def _tone(corpus) -> pd.DataFrame:
    from .analysis.tone import sentence_tone

    return sentence_tone(corpus)


def _quotes(corpus) -> pd.DataFrame:
    from .analysis.quotes import extract_quotes

    return extract_quotes(corpus)


def _numbers(corpus) -> pd.DataFrame:
    from .analysis.numbers import extract_numbers

    return extract_numbers(corpus)


def _errata(corpus) -> pd.DataFrame:
    from .analysis.errata import locate_errata

    return locate_errata(corpus)


def _boilerplate(corpus) -> pd.DataFrame:
    return corpus.boilerplate


def _summaries(corpus) -> pd.DataFrame:
    from .analysis.summarize import summarize

    return summarize(corpus, n=3)


def _routes(corpus) -> pd.DataFrame:
    from .analysis.routes import route_references

    columns = ["article_id", "paragraph", "route", "corridor", "named", "stance", "evidence"]
    return route_references(corpus)[columns]


def _paragraphs(corpus) -> pd.DataFrame:
    every = corpus.all_paragraphs
    label = every["label"].where(every["label"] == "", every["label"] + ": ")
    return pd.DataFrame(
        {
            "article_id": every["article_id"],
            "paragraph": every["paragraph"],
            "part": every["part"],
            "text": label + every["text"],
        }
    )


def _voices(corpus) -> pd.DataFrame:
    from .analysis.reading.voices import sentence_voices

    columns = ["article_id", "paragraph", "sentence", "kind", "speaker", "speaker_group", "text"]
    return sentence_voices(corpus)[columns]


#: The columns of claims.csv: the register's columns (one list, :data:`kzanalysis.load.knowledge.CLAIM_COLUMNS`), in the
#: order the file has always had them: id, target and forecast last.
_CLAIMS_CSV_LAST = ["id", "target", "forecast"]
CLAIMS_CSV_COLUMNS = [c for c in CLAIM_COLUMNS if c not in _CLAIMS_CSV_LAST] + _CLAIMS_CSV_LAST


def _claims(corpus) -> pd.DataFrame:
    from .analysis.claims import claims_table

    return claims_table(corpus)[CLAIMS_CSV_COLUMNS]


def _findings(corpus) -> pd.DataFrame:
    from .analysis.findings import findings_table

    return findings_table(corpus)


TABLES: dict[str, Callable] = {
    "articles": _articles,
    "paragraphs": _paragraphs,
    "voices": _voices,
    "entities": _entities,
    "themes": _themes,
    "tone": _tone,
    "quotes": _quotes,
    "numbers": _numbers,
    "errata": _errata,
    "boilerplate": _boilerplate,
    "summaries": _summaries,
    "routes": _routes,
    "claims": _claims,
    "findings": _findings,
}
"""Table name -> function(corpus) -> DataFrame; written as ``<name>.csv``."""


def build_table(corpus: Corpus, name: str) -> pd.DataFrame:
    """Build one exported table (see :data:`TABLES`) without writing it."""
    return TABLES[name](corpus)


def _want_progress(progress: bool | None) -> bool:
    if progress is not None:
        return bool(progress)
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


#: Longest text written into one CSV cell; a longer one is cut and ends in "…".
MAX_CELL_CHARS = 10_000


def _bounded(table: pd.DataFrame) -> pd.DataFrame:
    """The table with every text cell cut to MAX_CELL_CHARS characters."""

    def cut(value):
        return (
            value[: MAX_CELL_CHARS - 1] + "\u2026" if isinstance(value, str) and len(value) > MAX_CELL_CHARS else value
        )

    def too_long(values: pd.Series) -> bool:
        if values.dtype == object:
            return bool(values.map(lambda v: isinstance(v, str) and len(v) > MAX_CELL_CHARS).any())
        if pd.api.types.is_string_dtype(values.dtype):  # pandas' own string columns: lengths in one call
            return bool((values.str.len() > MAX_CELL_CHARS).any())
        return False

    long_columns = [column for column in table.columns if too_long(table[column])]
    if not long_columns:
        return table
    table = table.copy()
    for column in long_columns:
        table[column] = table[column].map(cut)
    return table


def export_tables(corpus: Corpus, outdir: str | os.PathLike, progress: bool | None = None) -> dict[str, Path]:
    """Write every table in :data:`TABLES` as CSV.

    No text cell is longer than :data:`MAX_CELL_CHARS` characters (a longer
    one is cut and ends in ``…``), so the files stay in proportion to the
    corpus however long its sentences or paragraphs.

    Parameters
    ----------
    corpus : Corpus
        A loaded corpus.
    outdir : str or path-like
        Output directory; created (with parents) if missing. Existing files
        of the same names are overwritten.
    progress : bool or None
        Show a tqdm progress bar over the tables on stderr. None (default)
        shows it only when stderr is a terminal.

    Returns
    -------
    dict
        Table name -> path of the CSV written, in the order written.
    """
    from .load.parallel import in_background, progress_bar

    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    bar = progress_bar(list(TABLES), desc="export", unit="table", file=sys.stderr, disable=not _want_progress(progress))
    # Each table is written by a forked child while the next one is built (one writer at a time, so the
    # memory the children copy stays bounded); without a second core the tables are written here.
    writer = None
    try:
        for name in bar:
            bar.set_postfix_str(name)
            path = outdir / f"{name}.csv"
            table = build_table(corpus, name)
            if writer is not None:
                writer.wait()
            writer = in_background(functools.partial(_write_csv, table, path), f"writing {path}")
            if writer is None:
                _write_csv(table, path)
            written[name] = path
    finally:
        if writer is not None:
            writer.wait()
        bar.close()
    return written


def _write_csv(table: pd.DataFrame, path: Path) -> None:
    _bounded(table).to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
