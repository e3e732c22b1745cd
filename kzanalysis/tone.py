"""Sentence tone with VADER, overall and by actor.

VADER (vaderSentiment, its lexicon ships inside the package) gives each
sentence a ``compound`` score in [-1, 1]: below -0.05 is conventionally
negative, above 0.05 positive, in between neutral.  VADER was built for social
media text; on diplomatic prose it mostly picks up words such as "support",
"excellent", "abuses", "terrorist", so the scores are a rough gauge of wording,
not of policy.

Sentences are the clean paragraphs split with
:func:`kzanalysis.textutil.split_sentences`; identical sentences are scored
once.
"""

from __future__ import annotations

import pandas as pd
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from ._sentences import sentence_table
from .entities import gazetteer_matcher
from .memo import per_corpus

TONE_COLUMNS = ["article_id", "paragraph", "sentence_no", "sentence", "compound"]
ACTOR_COLUMNS = ["actor", "n_sentences", "mean_compound", "n_articles"]

_ANALYZER = None


def _analyzer() -> SentimentIntensityAnalyzer:
    global _ANALYZER
    if _ANALYZER is None:
        _ANALYZER = SentimentIntensityAnalyzer()
    return _ANALYZER


def compound_scores(sentences) -> pd.Series:
    """VADER compound score for each string in ``sentences``.

    Parameters
    ----------
    sentences : pandas Series of str

    Returns
    -------
    Series of float in [-1, 1], same index; each distinct string is scored once.
    """
    analyzer = _analyzer()
    sentences = pd.Series(sentences, dtype=object)
    scored = {s: analyzer.polarity_scores(s)["compound"] for s in pd.unique(sentences)}
    return sentences.map(scored).astype(float)


@per_corpus
def sentence_tone(corpus) -> pd.DataFrame:
    """VADER compound score of every sentence.

    Returns
    -------
    DataFrame with columns article_id, paragraph (1-based, clean text),
    sentence_no (1-based within the article), sentence (str) and compound
    (float in [-1, 1]).
    """
    table = sentence_table(corpus)
    table["compound"] = compound_scores(table["sentence"]) if not table.empty else pd.Series(dtype=float)
    return table[TONE_COLUMNS]


@per_corpus
def tone_by_actor(corpus, by: str = "group") -> pd.DataFrame:
    """Mean sentence tone of the sentences that mention each actor.

    Parameters
    ----------
    corpus : Corpus
    by : {"group", "entity"}
        ``"group"``: an actor is a power bloc from the gazetteer (United States,
        Russia, ...); a sentence counts once for a group however many of its
        entities it names; entities without a group are ignored.
        ``"entity"``: an actor is a canonical gazetteer entity.

    Returns
    -------
    DataFrame with columns actor, n_sentences (sentences mentioning the actor),
    mean_compound (mean VADER compound of those sentences, in [-1, 1]) and
    n_articles (articles with at least one such sentence); sorted by
    n_sentences descending, then actor.

    Raises
    ------
    ValueError if ``by`` is not "group" or "entity".
    """
    if by not in ("group", "entity"):
        raise ValueError(f"by must be 'group' or 'entity', not {by!r}")
    tones = sentence_tone(corpus)
    matcher = gazetteer_matcher(corpus.data_dir)

    def actors(sentence: str) -> tuple:
        found = set()
        for info, _, _, _ in matcher.finditer(sentence):
            actor = info.group if by == "group" else info.name
            if actor:
                found.add(actor)
        return tuple(sorted(found))

    actors_once = {s: actors(s) for s in pd.unique(tones["sentence"])}
    tones = tones.assign(actor=tones["sentence"].map(actors_once))
    exploded = tones.explode("actor").dropna(subset=["actor"])
    if exploded.empty:
        return pd.DataFrame(columns=ACTOR_COLUMNS)
    result = (
        exploded.groupby("actor")
        .agg(
            n_sentences=("compound", "size"),
            mean_compound=("compound", "mean"),
            n_articles=("article_id", "nunique"),
        )
        .reset_index()
    )
    result = result.sort_values(["n_sentences", "actor"], ascending=[False, True], kind="mergesort")
    return result[ACTOR_COLUMNS].reset_index(drop=True)
