"""Locate the curated source errors (``data/errata.yml``) in the clean text.

Each erratum gives the ``original`` wording as an exact substring of the raw
article.  It is looked for in the article's numbered paragraphs (furniture included),
first exactly,
then with whitespace, dashes and apostrophes/quotation marks normalised (a
line break inside the phrase, "’" for "'").  An erratum that cannot be found
-- its article is missing from the corpus, its text was removed as
boilerplate, or the wording does not occur -- gets ``found`` False and
paragraph None; nothing is raised.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from kzanalysis.load.memo import per_corpus
from kzanalysis.load.resources import load_errata

if TYPE_CHECKING:
    from kzanalysis.load.corpus import Corpus

ERRATA_COLUMNS = ["article_id", "paragraph", "original", "correction", "kind", "evidence", "found"]

_NORMALISE = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"})


def _normalise(text: str) -> str:
    return " ".join(text.translate(_NORMALISE).split())


def _locate(original: str, paragraphs: list[tuple[int, str]]) -> int | None:
    for paragraph_no, text in paragraphs:
        if original in text:
            return paragraph_no
    wanted = _normalise(original)
    if not wanted:
        return None
    for paragraph_no, text in paragraphs:
        if wanted in _normalise(text):
            return paragraph_no
    return None


@per_corpus
def locate_errata(corpus: Corpus) -> pd.DataFrame:
    """Where each curated erratum sits in the numbered text.

    Returns
    -------
    DataFrame with columns article_id, paragraph (1-based paragraph of the
    clean text holding the original wording, nullable Int64: <NA> when not
    found), original, correction, kind, evidence (as in errata.yml) and found
    (bool).  One row per erratum, in file order.
    """
    errata = load_errata(corpus.data_dir)
    by_article: dict[str, list[tuple[int, str]]] = {}
    source = corpus.all_paragraphs if corpus.all_paragraphs is not None else corpus.paragraphs
    for article_id, paragraph_no, text in zip(
        source["article_id"].tolist(), source["paragraph"].astype(int).tolist(), source["text"].astype(str).tolist()
    ):
        by_article.setdefault(article_id, []).append((paragraph_no, text))
    for paragraphs in by_article.values():
        paragraphs.sort(key=lambda item: item[0])  # stable: a paragraph number's rows keep their order
    rows = []
    for entry in errata.itertuples(index=False):
        paragraph = _locate(str(entry.original), by_article.get(entry.article_id, []))
        rows.append(
            (
                entry.article_id,
                paragraph,
                entry.original,
                entry.correction,
                entry.kind,
                entry.evidence,
                paragraph is not None,
            )
        )
    frame = pd.DataFrame(rows, columns=ERRATA_COLUMNS)
    frame["paragraph"] = frame["paragraph"].astype("Int64")
    frame["found"] = frame["found"].astype(bool)
    return frame
