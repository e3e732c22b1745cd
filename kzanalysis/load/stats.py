"""Descriptive statistics of texts and of the whole corpus.

Words, sentences and paragraphs are counted with the definitions in
:mod:`kzanalysis.load.textutil` (``tokenize``, ``split_sentences``,
``split_paragraphs``), so these numbers agree with every other module.
Only counts that a chapter uses are computed: readability scores and
vocabulary density answered no question the report asks and are not kept.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from .memo import per_corpus
from .textutil import split_paragraphs, split_sentences, tokenize

if TYPE_CHECKING:
    from .corpus import Corpus

__all__ = ["TEXT_STAT_COLUMNS", "text_stats", "corpus_stats"]

TEXT_STAT_COLUMNS = [
    "n_words",
    "n_sentences",
    "n_paragraphs",
    "n_unique_words",
    "mean_sentence_length",
]


def text_stats(text: str) -> dict[str, Any]:
    """Count words, sentences and paragraphs of one text.

    Parameters
    ----------
    text : str
        A clean text (boilerplate already removed).

    Returns
    -------
    dict
        n_words (int, tokens from ``tokenize``), n_sentences (int),
        n_paragraphs (int), n_unique_words (int, distinct lower-case
        tokens) and mean_sentence_length (float, words per sentence; NaN for
        a text without words).
    """
    words = tokenize(text)
    n_words = len(words)
    n_sentences = len(split_sentences(text))
    n_unique = len(set(words))
    nan = math.nan
    return {
        "n_words": n_words,
        "n_sentences": n_sentences,
        "n_paragraphs": len(split_paragraphs(text)),
        "n_unique_words": n_unique,
        "mean_sentence_length": n_words / n_sentences if n_sentences and n_words else nan,
    }


@per_corpus
def corpus_stats(corpus: Corpus) -> dict[str, Any]:
    """Summarise the whole corpus.

    Parameters
    ----------
    corpus : Corpus
        A loaded corpus (uses ``corpus.articles``: id, year, text and the
        per-article count columns).

    Returns
    -------
    dict
        n_articles, n_words, n_sentences, n_paragraphs (sums over articles),
        n_unique_words (distinct tokens across the whole corpus),
        vocab_density (corpus n_unique_words / n_words), first_year and
        last_year (int), longest_id / longest_words and shortest_id /
        shortest_words (the article with most / fewest words; ties go to the
        earlier article in corpus order). Values are plain Python ints and
        floats. For an empty corpus the counts are 0 and the rest None.
    """
    articles = corpus.articles
    if articles.empty:
        return {
            "n_articles": 0,
            "n_words": 0,
            "n_sentences": 0,
            "n_paragraphs": 0,
            "n_unique_words": 0,
            "vocab_density": None,
            "first_year": None,
            "last_year": None,
            "longest_id": None,
            "longest_words": None,
            "shortest_id": None,
            "shortest_words": None,
        }
    vocabulary: set[str] = set()
    for text in articles["text"]:
        vocabulary.update(tokenize(text))
    n_words = int(articles["n_words"].sum())
    words = articles["n_words"].to_numpy()
    longest = int(words.argmax())  # first maximum in corpus order
    shortest = int(words.argmin())
    return {
        "n_articles": int(len(articles)),
        "n_words": n_words,
        "n_sentences": int(articles["n_sentences"].sum()),
        "n_paragraphs": int(articles["n_paragraphs"].sum()),
        "n_unique_words": len(vocabulary),
        "vocab_density": len(vocabulary) / n_words if n_words else None,
        "first_year": int(articles["year"].min()),
        "last_year": int(articles["year"].max()),
        "longest_id": str(articles["id"].iat[longest]),
        "longest_words": int(words[longest]),
        "shortest_id": str(articles["id"].iat[shortest]),
        "shortest_words": int(words[shortest]),
    }
