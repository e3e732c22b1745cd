"""Per-article summaries of the reading layer: how much of each text is article
text, what its furniture is, and whose voice its words are in.

Each function is the single computation of its numbers; the chapters, the
figures and the tests call these rather than regrouping the tables
themselves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from kzanalysis.load.parallel import map_texts
from kzanalysis.load.parts import ARTICLE_TEXT_PARTS, FURNITURE_PARTS
from kzanalysis.load.textutil import _TOKEN_RE, tokenize

from .voices import VOICE_KINDS, sentence_voices

if TYPE_CHECKING:
    from kzanalysis.load.corpus import Corpus

__all__ = ["part_words", "furniture_summary", "voice_summary", "voice_totals", "voice_words"]

PART_WORD_COLUMNS = ["article_id", "part", "n_paragraphs", "n_words"]


def part_words(corpus: Corpus) -> pd.DataFrame:
    """Paragraphs and words per article and part.

    Returns
    -------
    DataFrame with columns article_id, part, n_paragraphs, n_words (word
    tokens as :func:`kzanalysis.load.textutil.tokenize` counts them); one row per
    part present in an article, articles in corpus order, parts in the order
    of :data:`kzanalysis.load.parts.PARTS`.
    """
    every = corpus.all_paragraphs
    if every is None or every.empty:
        return pd.DataFrame(columns=PART_WORD_COLUMNS)
    words = every["text"].map(lambda text: len(tokenize(text)))
    table = (
        every.assign(n_words=words)
        .groupby(["article_id", "part"], sort=False)
        .agg(n_paragraphs=("paragraph", "size"), n_words=("n_words", "sum"))
        .reset_index()
    )
    order = {part: i for i, part in enumerate(ARTICLE_TEXT_PARTS + FURNITURE_PARTS)}
    article_order = {a: i for i, a in enumerate(corpus.articles["id"])}
    table = table.assign(_a=table["article_id"].map(article_order), _p=table["part"].map(order))
    return table.sort_values(["_a", "_p"], kind="mergesort")[PART_WORD_COLUMNS].reset_index(drop=True)


def furniture_summary(corpus: Corpus) -> pd.DataFrame:
    """One row per article: words of article text, words of furniture, and what the furniture is.

    Returns
    -------
    DataFrame with columns article_id, text_words, furniture_words,
    furniture_share (of all words in the file, 0-1), furniture (e.g.
    "headline 1, byline 1, subheading 7, biography 16": part and number of
    paragraphs, in part order; "" when there is none).
    """
    table = part_words(corpus)
    text_parts = set(ARTICLE_TEXT_PARTS)
    # one pass over the part table (already in corpus and part order): (text words, furniture words, listing)
    per_article: dict[str, tuple[int, int, list[str]]] = {}
    for article_id, part, n_paragraphs, n_words in zip(
        table["article_id"].tolist(), table["part"].tolist(), table["n_paragraphs"].tolist(), table["n_words"].tolist()
    ):
        text_words, furniture_words, listing = per_article.get(article_id, (0, 0, []))
        if part in text_parts:
            text_words += int(n_words)
        else:
            furniture_words += int(n_words)
            listing.append(f"{part} {n_paragraphs}")
        per_article[article_id] = (text_words, furniture_words, listing)
    rows = []
    for article_id in corpus.articles["id"]:
        text_words, furniture_words, listing = per_article.get(article_id, (0, 0, []))
        total = text_words + furniture_words
        rows.append(
            (article_id, text_words, furniture_words, furniture_words / total if total else 0.0, ", ".join(listing))
        )
    return pd.DataFrame(rows, columns=["article_id", "text_words", "furniture_words", "furniture_share", "furniture"])


def voice_summary(corpus: Corpus) -> pd.DataFrame:
    """Share of each article's words in each voice.

    Returns
    -------
    DataFrame indexed by article_id (corpus order), one column per voice kind
    of :data:`kzanalysis.analysis.reading.voices.VOICE_KINDS` that occurs in the
    corpus (shares 0-1 of the article's words of article text), then
    n_words.
    """
    voices = sentence_voices(corpus)
    if voices.empty:
        return pd.DataFrame(columns=["n_words"])
    words = voice_words(corpus)
    counts = voices.assign(n_words=words).pivot_table(
        index="article_id", columns="kind", values="n_words", aggfunc="sum", fill_value=0
    )
    kinds = [kind for kind in VOICE_KINDS if kind in counts.columns]
    counts = counts.reindex([a for a in corpus.articles["id"] if a in counts.index])[kinds]
    totals = counts.sum(axis=1)
    shares = counts.div(totals.where(totals > 0, 1), axis=0)
    shares["n_words"] = totals.astype(int)
    shares.columns.name = None
    return shares


def voice_totals(corpus: Corpus) -> dict[str, float]:
    """Share of all words of article text in the corpus by voice group.

    Returns
    -------
    dict with keys ``author`` (the writers' own narration), ``quoted``
    (quotations and reported speech), ``speakers`` (interview questions and
    answers and transcript turns), ``statement`` (institutions' statements),
    each a share 0-1 of the corpus's words of article text, and ``n_words``.
    """
    voices = sentence_voices(corpus)
    words = voice_words(corpus) if len(voices) else pd.Series(dtype=int)
    by_kind = words.groupby(voices["kind"]).sum() if len(voices) else pd.Series(dtype=int)
    total = int(by_kind.sum())

    def share(*kinds: str) -> float:
        return float(sum(by_kind.get(kind, 0) for kind in kinds) / total) if total else 0.0

    return {
        "author": share("author"),
        "quoted": share("quotation", "reported"),
        "speakers": share("question", "answer", "turn"),
        "statement": share("statement"),
        "n_words": total,
    }


def voice_words(corpus: Corpus) -> pd.Series:
    """Word tokens (as :func:`kzanalysis.load.textutil.tokenize` counts them) of each sentence of
    :func:`kzanalysis.analysis.reading.voices.sentence_voices`, same index; counted once per corpus.
    Callers must not modify the Series."""
    key = f"{__name__}.voice_words"
    if key not in corpus.cache:
        voices = sentence_voices(corpus)
        # len(tokenize(text)) without building the token list's normalised copies
        count = _TOKEN_RE.findall
        corpus.cache[key] = pd.Series(
            map_texts(lambda text: len(count(text.lower())), voices["text"].tolist()), index=voices.index, dtype="int64"
        )
    return corpus.cache[key]
