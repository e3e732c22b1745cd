"""Sentence tone with VADER, overall and by actor.

VADER (vaderSentiment, its lexicon ships inside the package) gives each
sentence a ``compound`` score in [-1, 1]: below -0.05 is conventionally
negative, above 0.05 positive, in between neutral.  VADER was built for social
media text; on diplomatic prose it mostly picks up words such as "support",
"excellent", "abuses", "terrorist", so the scores are a rough gauge of wording,
not of policy.

Sentences are the clean paragraphs split with
:func:`kzanalysis.load.textutil.split_sentences`; identical sentences are scored
once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd
from vaderSentiment import vaderSentiment as _vader
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from kzanalysis.load._sentences import sentence_table
from kzanalysis.load.memo import per_corpus
from kzanalysis.load.parallel import map_texts

from .reading.gazetteer import gazetteer_matcher

if TYPE_CHECKING:
    from collections.abc import Sequence

    from kzanalysis.load.corpus import Corpus

TONE_COLUMNS = ["article_id", "paragraph", "sentence_no", "sentence", "compound"]
ACTOR_COLUMNS = ["actor", "n_sentences", "mean_compound", "n_articles"]

_NEGATE = frozenset(_vader.NEGATE)


class _Analyzer(SentimentIntensityAnalyzer):
    """VADER with the same scores, computed with less repeated work.

    The library lower-cases every word of the sentence again for each word it
    checks for negation and idioms (work that grows with the square of the
    sentence's length) and copies the text character by character to replace
    emoji. Here the lower-cased words are made once per sentence, a single
    word is tested for negation with a set, a word outside the lexicon scores
    0 without the per-word rules, and a text without emoji is used as it is.
    The rules and constants are the library's own: every score is the one
    :class:`vaderSentiment.vaderSentiment.SentimentIntensityAnalyzer`
    gives (the tests compare the two).
    """

    def __init__(self) -> None:
        super().__init__()
        self._emoji_chars = frozenset(key for key in self.emojis if len(key) == 1)
        self._words: list | None = None
        self._lower: list[str] = []

    def polarity_scores(self, text):
        if self._emoji_chars.isdisjoint(text):
            # no character is an emoji: the library's copy loop would rebuild the text unchanged
            text = text.strip()
        else:
            return super().polarity_scores(text)
        sentitext = _vader.SentiText(text)
        sentiments = []
        words_and_emoticons = sentitext.words_and_emoticons
        lower = [str(w).lower() for w in words_and_emoticons]
        lexicon = self.lexicon
        self._words, self._lower = words_and_emoticons, lower
        try:
            last = len(words_and_emoticons) - 1
            for i, item in enumerate(words_and_emoticons):
                if lower[i] in _vader.BOOSTER_DICT:
                    sentiments.append(0)
                    continue
                if i < last and lower[i] == "kind" and lower[i + 1] == "of":
                    sentiments.append(0)
                    continue
                if lower[i] not in lexicon:  # sentiment_valence would append 0 for it
                    sentiments.append(0)
                    continue
                sentiments = self.sentiment_valence(0, sentitext, item, i, sentiments)
            sentiments = self._but_check(words_and_emoticons, sentiments)
            return self.score_valence(sentiments, text)
        finally:
            self._words, self._lower = None, []

    def _lowered(self, words_and_emoticons) -> list[str]:
        if words_and_emoticons is self._words:
            return self._lower
        return [str(w).lower() for w in words_and_emoticons]

    def _negation_check(self, valence, words_and_emoticons, start_i, i):
        lower = self._lowered(words_and_emoticons)

        def negated(word: str) -> bool:  # vaderSentiment.negated([word])
            return word in _NEGATE or "n't" in word

        if start_i == 0:
            if negated(lower[i - (start_i + 1)]):
                valence = valence * _vader.N_SCALAR
        if start_i == 1:
            if lower[i - 2] == "never" and (lower[i - 1] == "so" or lower[i - 1] == "this"):
                valence = valence * 1.25
            elif lower[i - 2] == "without" and lower[i - 1] == "doubt":
                valence = valence
            elif negated(lower[i - (start_i + 1)]):
                valence = valence * _vader.N_SCALAR
        if start_i == 2:
            if (
                lower[i - 3] == "never"
                and (lower[i - 2] == "so" or lower[i - 2] == "this")
                or (lower[i - 1] == "so" or lower[i - 1] == "this")
            ):
                valence = valence * 1.25
            elif lower[i - 3] == "without" and (lower[i - 2] == "doubt" or lower[i - 1] == "doubt"):
                valence = valence
            elif negated(lower[i - (start_i + 1)]):
                valence = valence * _vader.N_SCALAR
        return valence

    def _special_idioms_check(self, valence, words_and_emoticons, i):
        lower = self._lowered(words_and_emoticons)
        special, booster = _vader.SPECIAL_CASES, _vader.BOOSTER_DICT
        onezero = f"{lower[i - 1]} {lower[i]}"
        twoonezero = f"{lower[i - 2]} {lower[i - 1]} {lower[i]}"
        twoone = f"{lower[i - 2]} {lower[i - 1]}"
        threetwoone = f"{lower[i - 3]} {lower[i - 2]} {lower[i - 1]}"
        threetwo = f"{lower[i - 3]} {lower[i - 2]}"
        for seq in (onezero, twoonezero, twoone, threetwoone, threetwo):
            if seq in special:
                valence = special[seq]
                break
        if len(lower) - 1 > i:
            zeroone = f"{lower[i]} {lower[i + 1]}"
            if zeroone in special:
                valence = special[zeroone]
        if len(lower) - 1 > i + 1:
            zeroonetwo = f"{lower[i]} {lower[i + 1]} {lower[i + 2]}"
            if zeroonetwo in special:
                valence = special[zeroonetwo]
        for n_gram in (threetwoone, threetwo, twoone):
            if n_gram in booster:
                valence = valence + booster[n_gram]
        return valence


_ANALYZER = None
#: Compound score of each sentence already scored in this process (tone and route stances share them).
_SCORED: dict[str, float] = {}
_SCORED_MAX = 1_000_000


def _analyzer() -> SentimentIntensityAnalyzer:
    global _ANALYZER
    if _ANALYZER is None:
        _ANALYZER = _Analyzer()
    return _ANALYZER


def compound_scores(sentences: pd.Series | Sequence[str]) -> pd.Series:
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
    if len(_SCORED) > _SCORED_MAX:
        _SCORED.clear()
    unique = pd.unique(sentences)
    missing = [s for s in unique if s not in _SCORED]
    _SCORED.update(zip(missing, map_texts(lambda s: analyzer.polarity_scores(s)["compound"], missing)))
    scored = {s: _SCORED[s] for s in unique}
    return sentences.map(scored).astype(float)


@per_corpus
def sentence_tone(corpus: Corpus) -> pd.DataFrame:
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
def tone_by_actor(corpus: Corpus, by: str = "group") -> pd.DataFrame:
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
