"""VADER sentence tone and tone by actor."""

from __future__ import annotations

import pytest
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from kzanalysis.analysis.tone import ACTOR_COLUMNS, TONE_COLUMNS, sentence_tone, tone_by_actor
from kzanalysis.load.corpus import corpus_from_texts

GAZETTEER = """
entities:
  - name: Condoleezza Rice
    type: person
    aliases: [Rice]
    group: United States
  - name: United States
    type: country
    aliases: [US]
    group: United States
  - name: Russia
    type: country
    group: Russia
  - name: Caspian
    type: place
"""

VADER = SentimentIntensityAnalyzer()


@pytest.fixture
def crafted_dir(tmp_path):
    (tmp_path / "gazetteer.yml").write_text(GAZETTEER, encoding="utf-8")
    return tmp_path


def test_sentence_tone_rows_and_signs(crafted_dir):
    text = (
        "Rice praised the excellent, wonderful talks.\n\n"
        "Russia condemned the terrible, awful attack. The Caspian is a sea."
    )
    tones = sentence_tone(corpus_from_texts({"a": text}, data_dir=crafted_dir, boilerplate=[]))
    assert list(tones.columns) == TONE_COLUMNS
    # 3 sentences, numbered through the article, in paragraphs 1, 2, 2
    assert tones["sentence_no"].tolist() == [1, 2, 3]
    assert tones["paragraph"].tolist() == [1, 2, 2]
    assert tones["compound"].iat[0] > 0.5  # praise words
    assert tones["compound"].iat[1] < -0.5  # condemnation
    assert tones["compound"].iat[2] == 0.0  # no sentiment words


def test_tone_by_actor_groups_and_entities(crafted_dir):
    s1 = "Rice and the US praised the excellent talks."  # US group, once (Rice and US)
    s2 = "Russia condemned the terrible attack."  # Russia
    s3 = "Rice said Russia was wrong."  # US group and Russia
    s4 = "The Caspian is a sea."  # no group: ignored by group
    corpus = corpus_from_texts({"a": f"{s1} {s2}", "b": f"{s3} {s4}"}, data_dir=crafted_dir, boilerplate=[])
    by_group = tone_by_actor(corpus).set_index("actor")
    assert list(by_group.reset_index().columns) == ACTOR_COLUMNS
    c = {s: VADER.polarity_scores(s)["compound"] for s in (s1, s2, s3)}
    assert by_group.loc["United States", "n_sentences"] == 2
    assert by_group.loc["United States", "n_articles"] == 2
    assert by_group.loc["United States", "mean_compound"] == pytest.approx((c[s1] + c[s3]) / 2)
    assert by_group.loc["Russia", "n_sentences"] == 2
    assert by_group.loc["Russia", "mean_compound"] == pytest.approx((c[s2] + c[s3]) / 2)
    assert set(by_group.index) == {"United States", "Russia"}
    by_entity = tone_by_actor(corpus, by="entity").set_index("actor")
    assert by_entity.loc["Condoleezza Rice", "n_sentences"] == 2
    assert by_entity.loc["United States", "n_sentences"] == 1
    assert by_entity.loc["Caspian", "n_sentences"] == 1
    with pytest.raises(ValueError):
        tone_by_actor(corpus, by="colour")


def test_real_corpus_every_sentence_scored(corpus):
    tones = sentence_tone(corpus)
    assert tones["compound"].between(-1, 1).all()
    # the article statistics count the same sentences
    per_article = tones.groupby("article_id").size()
    expected = corpus.articles.set_index("id")["n_sentences"]
    assert (per_article == expected.loc[per_article.index]).all()
    quote = 'Kazakhstan is an independent country," Rice said.'
    row = tones[tones["sentence"].str.contains(quote, regex=False)].iloc[0]
    assert row.compound == pytest.approx(VADER.polarity_scores(row.sentence)["compound"])


def test_real_corpus_tone_by_actor(corpus):
    by_group = tone_by_actor(corpus).set_index("actor")
    # The United States and Kazakhstan appear in all five articles.
    assert by_group.loc["United States", "n_articles"] == 5
    assert by_group.loc["Kazakhstan", "n_articles"] == 5
    assert by_group["mean_compound"].between(-1, 1).all()


@pytest.mark.parametrize(
    "sentence",
    [
        "The talks were not good.",  # negation right before a lexicon word
        "It was never so bad, and without doubt useful.",  # "never so", "without doubt"
        "The plan is kind of good but the results are BAD.",  # "kind of", "but", one word in capitals
        "He is the bomb; she is no friend nor ally.",  # special case, "no", "nor"
        "At least it is good; the very least bad option.",  # "least" rules
        "The deal isn't great, wasn't terrible!!!",  # n't negation, exclamation marks
        "We love it \U0001f600 so much",  # an emoji replaced by its description
        "",  # no words
    ],
)
def test_scores_are_the_librarys(sentence):
    from kzanalysis.analysis.tone import _analyzer

    # the faster analyser applies VADER's rules unchanged: the library's own dict, every field
    assert _analyzer().polarity_scores(sentence) == VADER.polarity_scores(sentence)
