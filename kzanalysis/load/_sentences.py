"""Sentence table shared by the sentence-level analyses (tone, quotes, numbers,
summaries, routes).

Sentences are split with :func:`kzanalysis.load.textutil.split_sentences` inside each
clean paragraph, so a sentence never crosses a paragraph break.  Identical
paragraph texts (repeated boilerplate, replicated articles) are split once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from .memo import per_corpus
from .textutil import split_sentences

if TYPE_CHECKING:
    from .corpus import Corpus

SENTENCE_COLUMNS = ["article_id", "paragraph", "sentence_no", "sentence"]


@per_corpus
def sentence_table(corpus: Corpus) -> pd.DataFrame:
    """One row per sentence of the clean text.

    Parameters
    ----------
    corpus : Corpus
        Uses ``corpus.paragraphs`` (article_id, paragraph, text).

    Returns
    -------
    DataFrame with columns article_id, paragraph (1-based paragraph number in the
    clean text), sentence_no (1-based, counted through the whole article, so
    ``(article_id, sentence_no)`` identifies a sentence) and sentence (str).
    Rows are in reading order.
    """
    paragraphs = corpus.paragraphs
    if paragraphs.empty:
        return pd.DataFrame(columns=SENTENCE_COLUMNS)
    texts = paragraphs["text"].astype(str)
    split_once = {text: split_sentences(text) for text in pd.unique(texts)}
    article_ids: list = []
    paragraph_nos: list = []
    sentences: list = []
    for article_id, paragraph_no, text in zip(
        paragraphs["article_id"].tolist(), paragraphs["paragraph"].tolist(), texts.tolist()
    ):
        parts = split_once[text]
        sentences.extend(parts)
        article_ids.extend([article_id] * len(parts))
        paragraph_nos.extend([int(paragraph_no)] * len(parts))
    table = pd.DataFrame({"article_id": article_ids, "paragraph": paragraph_nos, "sentence": sentences})
    table["sentence_no"] = table.groupby("article_id", sort=False).cumcount() + 1
    return table[SENTENCE_COLUMNS]
