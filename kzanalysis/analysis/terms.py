"""Vocabulary: distinctive terms, keywords, term frequencies, keyword in context.

All word counts use :func:`kzanalysis.load.textutil.tokenize` (lower case) on the
clean article text, and :data:`kzanalysis.load.textutil.STOPWORDS`.  Tokens
without a letter (numbers such as "1997", "60,000", "2.5") are dropped from
the term statistics.  Note that the stopword list contains "us", so the
abbreviation "US" (lower-cased by the tokenizer) is not counted as a term;
"u.s." is.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from kzanalysis.load.limits import compile_search_regex
from kzanalysis.load.memo import per_corpus
from kzanalysis.load.textutil import STOPWORDS, tokenize

if TYPE_CHECKING:
    from collections.abc import Iterable

    from kzanalysis.load.corpus import Corpus

DISTINCTIVE_COLUMNS = ["article_id", "rank", "term", "score"]
KEYWORD_COLUMNS = ["article_id", "rank", "keyword", "score"]
KWIC_COLUMNS = ["article_id", "paragraph", "left", "match", "right"]

_HAS_LETTER_RE = re.compile(r"[^\W\d_]")


_POSSESSIVE_RE = re.compile(r"['’]s$")


def _word_tokens(text: str) -> list[str]:
    """Tokens of ``text`` that contain a letter (numbers dropped), possessive ``'s`` removed.

    "Kazakhstan's" counts as "kazakhstan", so a name is not split in two in
    word clouds and term weights.
    """
    return [_POSSESSIVE_RE.sub("", t) for t in tokenize(text) if _HAS_LETTER_RE.search(t)]


def _unigrams_and_bigrams(text: str) -> list[str]:
    """Content words of ``text`` and the bigrams of adjacent content words.

    Stopwords and numbers are not terms; a bigram is two words that stand next
    to each other in the text, neither a stopword ("human rights", "energy
    export"), so no pair is formed across a removed word.
    """
    tokens = _word_tokens(text)
    keep = [t not in STOPWORDS for t in tokens]
    unigrams = [t for t, k in zip(tokens, keep) if k]
    bigrams = [f"{a} {b}" for a, b, ka, kb in zip(tokens, tokens[1:], keep, keep[1:]) if ka and kb]
    return unigrams + bigrams


@per_corpus
def distinctive_terms(corpus: Corpus, n: int = 10) -> pd.DataFrame:
    """The terms that most distinguish each article from the others (TF-IDF).

    Each article's clean text is one document.  scikit-learn's
    ``TfidfVectorizer`` weighs unigrams and bigrams with sublinear tf
    (1 + log tf), smoothed idf (ln((1 + N) / (1 + df)) + 1) and l2
    normalisation.  Terms come from :func:`_unigrams_and_bigrams`: words
    from ``textutil.tokenize`` without ``textutil.STOPWORDS`` and numbers,
    plus bigrams of adjacent words neither of which is a stopword.
    (scikit-learn's own ``stop_words`` option removes stopwords *before*
    forming bigrams and so invents pairs that never stand together, such as
    "relations united" from "relations with the United"; hence the analyzer.)

    Parameters
    ----------
    corpus : Corpus
    n : int
        Terms per article.

    Returns
    -------
    DataFrame with columns article_id, rank (1 = most distinctive), term
    (a word or two-word phrase, lower case) and score (TF-IDF weight, between
    0 and 1); at most ``n`` rows per article, only terms with a positive
    score; equal scores are ordered alphabetically.
    """
    if n < 1:
        raise ValueError(f"n must be at least 1, not {n}")
    articles = corpus.articles
    if articles.empty:
        return pd.DataFrame(columns=DISTINCTIVE_COLUMNS)
    # Imported here: scikit-learn takes seconds to import and most callers never need it.
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(analyzer=_unigrams_and_bigrams, sublinear_tf=True, smooth_idf=True, norm="l2")
    matrix = vectorizer.fit_transform(articles["text"].astype(str)).tocsr()
    vocabulary = vectorizer.get_feature_names_out()
    rows = []
    for row_index, article_id in enumerate(articles["id"]):
        start, end = matrix.indptr[row_index], matrix.indptr[row_index + 1]
        scores = matrix.data[start:end]
        terms = vocabulary[matrix.indices[start:end]]
        keep = scores > 0
        scores, terms = scores[keep], terms[keep]
        order = np.lexsort((terms, -scores))[:n]
        for rank, i in enumerate(order, start=1):
            rows.append((article_id, rank, str(terms[i]), float(scores[i])))
    return pd.DataFrame(rows, columns=DISTINCTIVE_COLUMNS)


@per_corpus
def keywords(corpus: Corpus, n: int = 10, max_ngram: int = 2) -> pd.DataFrame:
    """Keywords of each article by YAKE (unsupervised, runs offline).

    Parameters
    ----------
    corpus : Corpus
    n : int
        Keywords per article.
    max_ngram : int
        Longest keyword in words.

    Returns
    -------
    DataFrame with columns article_id, rank (1 = best), keyword (as YAKE
    returns it) and score (YAKE score: lower is better).
    """
    import yake  # imported here: only this function needs it

    if n < 1:
        raise ValueError(f"n must be at least 1, not {n}")
    extractor = yake.KeywordExtractor(lan="en", n=max_ngram, dedupLim=0.9, top=n, features=None)
    rows = []
    done: dict[str, list] = {}
    for article_id, text in zip(corpus.articles["id"], corpus.articles["text"].astype(str)):
        if text not in done:
            found = extractor.extract_keywords(text) if text.strip() else []
            done[text] = sorted(found, key=lambda pair: (pair[1], pair[0]))[:n]
        for rank, (keyword, score) in enumerate(done[text], start=1):
            rows.append((article_id, rank, keyword, float(score)))
    return pd.DataFrame(rows, columns=KEYWORD_COLUMNS)


@per_corpus
def term_frequencies(
    corpus: Corpus, article_id: str | Iterable[str] | None = None, vocabulary: Iterable[str] | None = None
) -> pd.Series:
    """Word counts for word clouds and frequency tables.

    Parameters
    ----------
    corpus : Corpus
    article_id : str or iterable of str, optional
        Count only these articles (default: the whole corpus).
    vocabulary : iterable of str, optional
        Count only these words (single tokens, matched lower case); words of
        the vocabulary that do not occur get count 0.

    Returns
    -------
    pandas Series of int (name ``count``, index ``term``): lower-case word ->
    occurrences in the clean text, stopwords and numbers removed; sorted by
    count descending, then alphabetically.

    Raises
    ------
    ValueError if an article_id is not in the corpus.
    """
    articles = corpus.articles
    if article_id is not None:
        wanted = [article_id] if isinstance(article_id, str) else list(article_id)
        missing = [a for a in wanted if a not in set(articles["id"])]
        if missing:
            raise ValueError(f"article id(s) not in the corpus: {', '.join(map(str, missing))}")
        articles = articles[articles["id"].isin(wanted)]
    counts: Counter = Counter()
    tokens_once: dict[str, Counter] = {}
    for text in articles["text"].astype(str):
        if text not in tokens_once:
            tokens_once[text] = Counter(t for t in _word_tokens(text) if t not in STOPWORDS)
        counts.update(tokens_once[text])
    if vocabulary is not None:
        terms = list(dict.fromkeys(str(v).lower() for v in vocabulary))
        counts = Counter({t: counts.get(t, 0) for t in terms})
    series = pd.Series(dict(counts), dtype="int64", name="count")
    series.index.name = "term"
    if series.empty:
        return series
    frame = series.rename_axis("term").reset_index()
    frame = frame.sort_values(["count", "term"], ascending=[False, True], kind="mergesort")
    return pd.Series(frame["count"].to_numpy(), index=pd.Index(frame["term"].to_numpy(), name="term"), name="count")


def kwic(corpus: Corpus, pattern: str, window: int = 60, regex: bool = False) -> pd.DataFrame:
    """Keyword in context: every occurrence of a term with the text around it.

    Parameters
    ----------
    corpus : Corpus
    pattern : str
        A plain term (matched as whole words, case-insensitively; several words
        match across any whitespace; "pipeline" does not match "pipelines") or,
        with ``regex=True``, a Python regular expression matched
        case-insensitively as written (use it for inflections:
        ``r"pipelines?"``, ``r"secur\\w*"``).
    window : int
        Characters of context on each side (within the paragraph).
    regex : bool
        Treat ``pattern`` as a regular expression.

    Returns
    -------
    DataFrame with columns article_id, paragraph (1-based, clean text), left
    (up to ``window`` characters before the match), match (the text matched,
    as written) and right (up to ``window`` characters after); line breaks
    in the context are shown as spaces.  Reading order.

    Raises
    ------
    ValueError if the pattern is empty, the regex is refused by
    :func:`kzanalysis.load.limits.compile_search_regex` (invalid, able to match the
    empty string, or prone to catastrophic backtracking), or window is negative.
    """
    if not isinstance(pattern, str) or not pattern.strip():
        raise ValueError("kwic needs a non-empty search pattern")
    if window < 0:
        raise ValueError(f"window must be 0 or more, not {window}")
    if regex:
        compiled = compile_search_regex(pattern, re.IGNORECASE)
    else:
        body = r"\s+".join(re.escape(word) for word in pattern.split())
        compiled = re.compile(r"(?<!\w)" + body + r"(?!\w)", re.IGNORECASE)
    rows = []
    for article_id, paragraph_no, text in zip(
        corpus.paragraphs["article_id"], corpus.paragraphs["paragraph"], corpus.paragraphs["text"].astype(str)
    ):
        for match in compiled.finditer(text):
            left = text[max(0, match.start() - window) : match.start()]
            right = text[match.end() : match.end() + window]
            rows.append(
                (
                    article_id,
                    int(paragraph_no),
                    " ".join(left.split()) + (" " if left[-1:].isspace() else ""),
                    " ".join(match.group(0).split()),
                    (" " if right[:1].isspace() else "") + " ".join(right.split()),
                )
            )
    return pd.DataFrame(rows, columns=KWIC_COLUMNS)
