"""Extractive summaries: the most central sentences of each article (TextRank).

For each article on its own:

1. its sentences (clean paragraphs split with
   :func:`kzanalysis.load.textutil.split_sentences`) with at least
   :data:`MIN_WORDS` words are candidates -- headlines, section headings,
   captions and bylines are shorter and drop out;
2. each candidate becomes a TF-IDF vector (the weighting of scikit-learn's
   ``TfidfTransformer(sublinear_tf=True)``: 1 + log tf, smooth idf computed
   over the article's own sentences, l2 norm), over the words from
   :func:`kzanalysis.load.textutil.tokenize` minus
   :data:`kzanalysis.load.textutil.STOPWORDS` and numbers (counted as
   scikit-learn's ``CountVectorizer`` counts them: one column per word, the
   columns in sorted word order; done in numpy, each sentence tokenised once);
3. sentences are the nodes of a graph whose edge weights are the cosine
   similarities of their vectors, and PageRank (damping 0.85; TextRank) gives
   each sentence its centrality -- the networkx algorithm, run in numpy on
   the article's small dense matrix (see :func:`textrank_scores`; the tests
   check it against ``networkx.pagerank``);
4. the ``n`` highest-scoring sentences are returned in rank order; equal
   scores (compared after rounding to 10 decimals) go to the earlier sentence.

The work is bounded: an article with more than :data:`MAX_RANKED` candidates
is ranked in rounds, never as one n-by-n matrix. Each round splits the
remaining candidates, in reading order, into blocks of :data:`MAX_RANKED`
consecutive sentences and keeps the ``n`` best of each block (steps 2-4 within
the block); when no more than :data:`MAX_RANKED` remain, they are ranked
together as above. Every round keeps at most a fraction ``n / MAX_RANKED`` of
the sentences, so the cost is linear in the article's length and the memory
is that of one block. An article of up to :data:`MAX_RANKED` candidates (any
news article) is ranked exactly as described in steps 1-4.

The result for an article depends only on that article's text, so it is
deterministic and does not change when other articles are added.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from kzanalysis.load._sentences import sentence_table
from kzanalysis.load.memo import per_corpus
from kzanalysis.load.parallel import map_texts
from kzanalysis.load.textutil import STOPWORDS, tokenize

if TYPE_CHECKING:
    from kzanalysis.load.corpus import Corpus

SUMMARY_COLUMNS = ["article_id", "rank", "sentence"]

#: Sentences with fewer words than this are never picked.
MIN_WORDS = 6

#: Most sentences ranked together in one similarity matrix (see the module docstring).
MAX_RANKED = 300


def _tfidf_rows(counts: np.ndarray) -> np.ndarray:
    """TF-IDF rows (sublinear tf, smooth idf, l2-normalised) of a count matrix.

    Same weighting as scikit-learn's ``TfidfTransformer(sublinear_tf=True)``,
    written out in numpy because a per-article transformer costs more than
    the arithmetic.
    """
    n_docs = counts.shape[0]
    tf = np.zeros(counts.shape, dtype=float)
    positive = counts > 0
    tf[positive] = 1.0 + np.log(counts[positive])
    df = positive.sum(axis=0)
    idf = np.log((1.0 + n_docs) / (1.0 + df)) + 1.0
    weights = tf * idf
    norms = np.linalg.norm(weights, axis=1, keepdims=True)
    return np.divide(weights, norms, out=np.zeros_like(weights), where=norms > 0)


def textrank_scores(similarity: np.ndarray, alpha: float = 0.85, tol: float = 1e-10, max_iter: int = 500) -> np.ndarray:
    """PageRank of a weighted undirected graph given as a similarity matrix.

    The same computation as ``networkx.pagerank(networkx.from_numpy_array(S))``
    (weights normalised per node, nodes without edges spread their rank
    evenly, stop when the L1 change is below n * tol), done with numpy on the
    small dense matrix of one article.

    Returns
    -------
    numpy array of scores summing to 1.
    """
    n = similarity.shape[0]
    out_weight = similarity.sum(axis=1)
    dangling = out_weight == 0
    transition = np.divide(similarity, out_weight[:, None], out=np.zeros_like(similarity), where=~dangling[:, None])
    scores = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        previous = scores
        scores = alpha * (previous @ transition + previous[dangling].sum() / n) + (1.0 - alpha) / n
        if np.abs(scores - previous).sum() < n * tol:
            break
    return scores


def _rank_sentences(words: list[list[str]], n: int) -> list[int]:
    """Positions in ``words`` (one list of content words per candidate sentence) of
    the ``n`` most central sentences, best first.

    At most ``block`` sentences are ranked together (see the module docstring).
    """
    block = max(MAX_RANKED, 2 * n)
    pool = list(range(len(words)))
    while len(pool) > block:
        winners = []
        for start in range(0, len(pool), block):
            members = pool[start : start + block]
            winners.extend(members[i] for i in _rank_block([words[m] for m in members], n))
        pool = sorted(winners)
    return [pool[i] for i in _rank_block([words[m] for m in pool], n)]


def _count_matrix(words: list[list[str]]) -> np.ndarray:
    """Dense sentence-by-word count matrix, one column per distinct word in sorted
    word order (the layout of scikit-learn's ``CountVectorizer``)."""
    vocabulary = {w: i for i, w in enumerate(sorted({w for sentence in words for w in sentence}))}
    counts = np.zeros((len(words), len(vocabulary)), dtype=np.int64)
    rows = [r for r, sentence in enumerate(words) for _ in sentence]
    columns = [vocabulary[w] for sentence in words for w in sentence]
    if rows:
        np.add.at(counts, (np.asarray(rows, dtype=np.intp), np.asarray(columns, dtype=np.intp)), 1)
    return counts


def _rank_block(words: list[list[str]], n: int) -> list[int]:
    """Positions of the ``n`` most central sentences of one block, best first."""
    n_sentences = len(words)
    if n_sentences == 0:
        return []
    vectors = _tfidf_rows(_count_matrix(words))
    similarity = vectors @ vectors.T
    np.fill_diagonal(similarity, 0.0)
    scores = textrank_scores(similarity)
    order = sorted(range(n_sentences), key=lambda i: (-round(float(scores[i]), 10), i))
    return order[:n]


@per_corpus
def summarize(corpus: Corpus, n: int = 3) -> pd.DataFrame:
    """The ``n`` most central sentences of each article.

    Parameters
    ----------
    corpus : Corpus
    n : int
        Sentences per article (fewer if the article has fewer candidates).

    Returns
    -------
    DataFrame with columns article_id, rank (1 = most central, int) and
    sentence (str), ``n`` rows per article in rank order; articles in corpus
    order.

    Raises
    ------
    ValueError if n < 1.
    """
    if n < 1:
        raise ValueError(f"n must be at least 1, not {n}")
    sentences = sentence_table(corpus)
    if sentences.empty:
        return pd.DataFrame(columns=SUMMARY_COLUMNS)
    # Each distinct sentence is tokenised once: its word count and its content words.
    words_once: dict[str, list[str]] = {}
    long_enough: dict[str, bool] = {}
    for sentence in pd.unique(sentences["sentence"]):
        tokens = tokenize(sentence)
        long_enough[sentence] = len(tokens) >= MIN_WORDS
        words_once[sentence] = [t for t in tokens if t not in STOPWORDS and not t[0].isdigit()]
    by_article: dict = {}
    for article_id, sentence in zip(sentences["article_id"].tolist(), sentences["sentence"].tolist()):
        if long_enough[sentence]:
            by_article.setdefault(article_id, []).append(sentence)
    if not by_article:
        return pd.DataFrame(columns=SUMMARY_COLUMNS)
    rows = []
    # Identical articles (same candidate sentences) get the same summary: rank once.
    keys = list(dict.fromkeys(tuple(candidates) for candidates in by_article.values()))
    ranked = map_texts(lambda key: _rank_sentences([words_once[s] for s in key], n), keys, per_article=True)
    done: dict[tuple, list[int]] = dict(zip(keys, ranked))
    for article_id, candidates in by_article.items():
        key = tuple(candidates)
        for rank, local in enumerate(done[key], start=1):
            rows.append((article_id, rank, key[local]))
    summary = pd.DataFrame(rows, columns=SUMMARY_COLUMNS)
    order = {article_id: i for i, article_id in enumerate(corpus.articles["id"])}
    summary["_order"] = summary["article_id"].map(order)
    summary = summary.sort_values(["_order", "rank"], kind="mergesort")
    return summary[SUMMARY_COLUMNS].reset_index(drop=True)
