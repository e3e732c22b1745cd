"""Text and corpus statistics: hand-counted texts and the real corpus."""

from __future__ import annotations

import math

import pytest

from kzanalysis.load.corpus import corpus_from_texts
from kzanalysis.load.stats import corpus_stats, text_stats

# Hand count: words the oil flows | the gas flows | oil is oil = 9;
# distinct: the, oil, flows, gas, is = 5; 3 sentences; 2 paragraphs.
SMALL = "The oil flows. The gas flows.\n\nOil is oil."


def test_text_stats_hand_counted():
    stats = text_stats(SMALL)
    assert stats["n_words"] == 9
    assert stats["n_sentences"] == 3
    assert stats["n_paragraphs"] == 2
    assert stats["n_unique_words"] == 5
    assert stats["mean_sentence_length"] == pytest.approx(3.0)
    assert "readability" not in stats and "vocab_density" not in stats  # dropped: no question needs them


def test_text_stats_seventeen_word_text_with_abbreviations():
    # 3 sentences, 17 words, all distinct (counted in test_textutil).
    text = 'Mr. Smith flew to the U.S. on Monday. He paid 2.5 million. "We agree," said St. John.'
    stats = text_stats(text)
    assert (stats["n_words"], stats["n_sentences"], stats["n_unique_words"]) == (17, 3, 17)
    assert stats["mean_sentence_length"] == pytest.approx(17 / 3)


def test_text_stats_of_text_without_words():
    stats = text_stats(" -- ")
    assert stats["n_words"] == 0 and stats["n_unique_words"] == 0
    assert math.isnan(stats["mean_sentence_length"])


def test_corpus_stats_hand_counted():
    # a: 3 words; b: 7 words; vocabulary oil flows west gas east and = 6 over 10 words.
    corpus = corpus_from_texts(
        {"a": "Oil flows west.", "b": "Gas flows east and oil flows west."},
        meta={"a": {"date": "1999"}, "b": {"date": "2004-03"}},
        boilerplate=[],
    )
    stats = corpus_stats(corpus)
    assert stats == {
        "n_articles": 2,
        "n_words": 10,
        "n_sentences": 2,
        "n_paragraphs": 2,
        "n_unique_words": 6,
        "vocab_density": pytest.approx(0.6),
        "first_year": 1999,
        "last_year": 2004,
        "longest_id": "b",
        "longest_words": 7,
        "shortest_id": "a",
        "shortest_words": 3,
    }


def test_corpus_stats_ties_go_to_the_earlier_article():
    corpus = corpus_from_texts(
        {"late": "Two words.", "early": "Two more."}, meta={"early": {"date": "1998"}}, boilerplate=[]
    )
    stats = corpus_stats(corpus)
    assert stats["longest_id"] == stats["shortest_id"] == "early"


# --------------------------------------------------------------- real data


def test_real_article_stats_are_consistent(corpus):
    for article in corpus.articles.itertuples():
        assert article.n_words > 300
        assert article.mean_sentence_length == pytest.approx(article.n_words / article.n_sentences)
        assert 10 < article.mean_sentence_length < 35
        assert text_stats(article.text)["n_words"] == article.n_words


def test_real_corpus_stats(corpus):
    stats = corpus_stats(corpus)
    articles = corpus.articles
    assert stats["n_articles"] == 5
    assert stats["n_words"] == articles["n_words"].sum()
    assert stats["n_paragraphs"] == len(corpus.paragraphs)
    assert (stats["first_year"], stats["last_year"]) == (1997, 2008)
    # The Tokaev interview (004) is about twice as long as any other article.
    assert stats["longest_id"] == "004_ee13d1e9892b13ab"
    assert stats["longest_words"] == articles["n_words"].max()
    assert stats["shortest_words"] == articles["n_words"].min()
    assert articles.set_index("id").loc[stats["shortest_id"], "n_words"] == stats["shortest_words"]
    assert max(articles["n_unique_words"]) < stats["n_unique_words"] < stats["n_words"]
