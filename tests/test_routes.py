"""Route mentions and stance."""

from __future__ import annotations

import pytest
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from kzanalysis.corpus import corpus_from_texts
from kzanalysis.routes import ROUTE_COLUMNS, CueCounter, classify_stance, route_mentions

GAZETTEER = """
entities:
  - name: Baku-Tbilisi-Ceyhan pipeline
    type: route
    aliases: [Baku-Ceyhan pipeline]
  - name: CPC pipeline
    type: route
    aliases: [CPC]
"""

ROUTES = """
routes:
  - id: btc
    name: Baku–Tbilisi–Ceyhan
    entity: Baku-Tbilisi-Ceyhan pipeline
    path: [[49.9, 40.4], [35.8, 36.9]]
    endpoints: {start: {name: Baku, lon: 49.9, lat: 40.4}, end: {name: Ceyhan, lon: 35.8, lat: 36.9}}
    mention_patterns: ['Baku[-–\\s]+(?:Tbilisi[-–\\s]+)?Ceyhan', 'via Turkey']
    stance_cues:
      positive: [support*, backing]
      negative: [unwillingness to support, waver*, unsure]
  - id: cpc
    name: CPC
    entity: CPC pipeline
    path: [[53.4, 46.1], [37.8, 44.7]]
    endpoints: {start: {name: Tengiz, lon: 53.4, lat: 46.1}, end: {name: Novorossiysk, lon: 37.8, lat: 44.7}}
"""

VADER = SentimentIntensityAnalyzer()


@pytest.fixture
def crafted_dir(tmp_path):
    (tmp_path / "gazetteer.yml").write_text(GAZETTEER, encoding="utf-8")
    (tmp_path / "routes.yml").write_text(ROUTES, encoding="utf-8")
    return tmp_path


def test_mentions_and_cue_stance(crafted_dir):
    texts = {
        # 2 mentioning sentences (the pattern is case-insensitive; "via Turkey" too);
        # cues: backing (+1), support (+1), wavered (-1) -> +1 supportive
        "a": "Astana gave firm backing to the baku-ceyhan line. Leaders wavered but support oil via Turkey. Rain fell.",
        # "unwillingness to support" is one negative cue, not also a positive one -> -1
        "b": "Washington showed an unwillingness to support the Baku-Tbilisi-Ceyhan plan.",
        # no mention at all
        "c": "Nothing about routes here.",
    }
    result = route_mentions(corpus_from_texts(texts, data_dir=crafted_dir, boilerplate=[]))
    assert list(result.columns) == ROUTE_COLUMNS
    rows = result.set_index("article_id")
    assert set(rows.index) == {"a", "b"}
    assert rows.loc["a", "n_mentions"] == 2
    assert rows.loc["a", "stance_score"] == 1
    assert rows.loc["a", "stance"] == "supportive"
    assert rows.loc["a", "evidence"] == "Astana gave firm backing to the baku-ceyhan line."
    assert rows.loc["b", "stance_score"] == -1
    assert rows.loc["b", "stance"] == "sceptical"


def test_gazetteer_fallback_and_vader_tie_break(crafted_dir):
    good = "The CPC is a wonderful, excellent success."   # no cues (CPC has none): VADER positive
    flat = "The CPC runs west."                            # no cues, VADER 0
    texts = {"a": good, "b": flat}
    result = route_mentions(corpus_from_texts(texts, data_dir=crafted_dir, boilerplate=[])).set_index("article_id")
    assert VADER.polarity_scores(good)["compound"] > 0.05
    assert result.loc["a", "route_id"] == "cpc"
    assert result.loc["a", "stance_score"] == 0
    assert result.loc["a", "stance"] == "supportive"
    assert result.loc["b", "stance"] == "neutral/descriptive"


def test_cue_counter_longest_first_and_prefixes():
    counter = CueCounter(["support*", "firm"], ["unwillingness to support", "not as firm", "waver*"])
    assert counter.count("an unwillingness to support it") == (0, 1)
    assert counter.count("Supporters wavered; it is not as firm as a firm deal") == (2, 2)


def test_classify_stance_thresholds():
    assert classify_stance(2, -0.9) == "supportive"   # cues decide
    assert classify_stance(-1, 0.9) == "sceptical"
    assert classify_stance(0, 0.05) == "supportive"   # VADER breaks the tie
    assert classify_stance(0, -0.05) == "sceptical"
    assert classify_stance(0, 0.049) == "neutral/descriptive"


def test_real_corpus_route_stances(corpus):
    result = route_mentions(corpus)
    rows = {(r.article_id[:3], r.route_id): r for r in result.itertuples()}
    # 003 (IWPR): "enlist firm Astana backing for the Baku-Ceyhan pipeline" and
    # "bypasses Russia and Iran" -- read as supportive of BTC.
    assert rows[("003", "btc")].stance == "supportive"
    # 003: bypassing Iran and "reduces their respective influence" counts against the Iran route.
    assert rows[("003", "iran")].stance == "sceptical"
    # 004: Tokaev "we have built a huge oil pipeline to the Russian seaport of Novosibirsk" (CPC)
    assert rows[("004", "cpc")].stance == "supportive"
    assert "Novosibirsk" in rows[("004", "cpc")].evidence
    assert set(result["stance"]) <= {"supportive", "sceptical", "neutral/descriptive"}
    assert (result["n_mentions"] >= 1).all()
    sentences_of = {a: t for a, t in zip(corpus.articles["id"], corpus.articles["text"])}
    for row in result.itertuples():
        assert " ".join(row.evidence.split()) in " ".join(sentences_of[row.article_id].split())
