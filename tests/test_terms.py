"""Distinctive terms, keywords, term frequencies and keyword in context."""

from __future__ import annotations

import math

import pytest

from kzanalysis.analysis.terms import (
    DISTINCTIVE_COLUMNS,
    KEYWORD_COLUMNS,
    KWIC_COLUMNS,
    distinctive_terms,
    keywords,
    kwic,
    term_frequencies,
)
from kzanalysis.load.corpus import corpus_from_texts


def crafted(tmp_path, **texts):
    return corpus_from_texts(texts, data_dir=tmp_path, boilerplate=[])


def test_distinctive_terms_hand_computed(tmp_path):
    # a: "oil oil gas" ; b: "gas grain"   (stopwords "the", "and" removed)
    corpus = crafted(tmp_path, a="The oil and oil gas.", b="Gas and grain.")
    terms = distinctive_terms(corpus, n=10)
    assert list(terms.columns) == DISTINCTIVE_COLUMNS
    # Hand computation, N = 2 documents, idf = ln((1+N)/(1+df)) + 1, tf -> 1 + ln(tf)
    idf1 = math.log(3 / 2) + 1  # term in one document
    idf2 = 1.0  # term in both documents
    # a: oil tf 2, gas 1, "oil gas" 1 (bigrams join adjacent content words only:
    # in "the oil and oil gas" the pair "oil oil" is split by "and")
    raw_a = {"oil": (1 + math.log(2)) * idf1, "gas": idf2, "oil gas": idf1}
    norm = math.sqrt(sum(v * v for v in raw_a.values()))
    a = terms[terms.article_id == "a"].set_index("term")["score"]
    assert set(a.index) == set(raw_a)
    for term, value in raw_a.items():
        assert a[term] == pytest.approx(value / norm)
    assert terms[terms.article_id == "a"]["term"].iat[0] == "oil"
    b = terms[terms.article_id == "b"]["term"].tolist()
    assert b[0] == "grain"  # distinctive, while gas is shared
    assert "and" not in set(terms["term"]) and "the" not in set(terms["term"])


def test_distinctive_terms_drop_numbers_and_limit_n(tmp_path):
    corpus = crafted(tmp_path, a="In 1997 oil rose 60,000 barrels.", b="Grain fell.")
    terms = distinctive_terms(corpus, n=2)
    assert terms.groupby("article_id").size().max() <= 2
    assert not terms["term"].str.contains(r"\d").any()


def test_keywords_yake_lower_is_better(tmp_path):
    text = (
        "Kazakhstan exports oil through the Caspian pipeline. The Caspian pipeline carries Kazakh oil "
        "to Black Sea ports. Oil exports fund the state budget."
    )
    kw = keywords(crafted(tmp_path, a=text), n=5)
    assert list(kw.columns) == KEYWORD_COLUMNS
    assert kw["rank"].tolist() == [1, 2, 3, 4, 5]
    assert kw["score"].is_monotonic_increasing
    assert any("pipeline" in k.lower() for k in kw["keyword"])


def test_term_frequencies_hand_counted(tmp_path):
    # a: oil x3 (Oil, oil, Oil), gas x1, 1997 dropped, "the"/"and"/"in" stopwords.
    # b: oil x1, grain x2.
    corpus = crafted(tmp_path, a="Oil and oil and the gas in 1997. Oil.", b="Oil grain grain.")
    freq = term_frequencies(corpus)
    assert freq.to_dict() == {"oil": 4, "grain": 2, "gas": 1}
    assert freq.index.tolist() == ["oil", "grain", "gas"]  # count desc, then alphabetical
    assert term_frequencies(corpus, article_id="b").to_dict() == {"grain": 2, "oil": 1}
    assert term_frequencies(corpus, vocabulary=["gas", "uranium"]).to_dict() == {"gas": 1, "uranium": 0}
    with pytest.raises(ValueError, match="not in the corpus"):
        term_frequencies(corpus, article_id="zzz")


def test_kwic_whole_words_case_insensitive(tmp_path):
    text = "The Pipeline opened. Two pipelines closed.\n\nA pipeline-free zone; the pipeline broke."
    corpus = crafted(tmp_path, a=text)
    lines = kwic(corpus, "pipeline", window=10)
    assert list(lines.columns) == KWIC_COLUMNS
    # Pipeline (p1), pipeline-free (p2: hyphen is a word boundary), pipeline (p2); not "pipelines"
    assert lines["match"].tolist() == ["Pipeline", "pipeline", "pipeline"]
    assert lines["paragraph"].tolist() == [1, 2, 2]
    assert lines["left"].iat[0] == "The "
    assert lines["right"].iat[0] == " opened. T"
    inflected = kwic(corpus, r"pipelines?\b", regex=True)
    assert inflected["match"].str.lower().tolist() == ["pipeline", "pipelines", "pipeline", "pipeline"]
    assert kwic(corpus, "two pipelines")["match"].tolist() == ["Two pipelines"]
    with pytest.raises(ValueError, match="invalid regular expression"):
        kwic(corpus, "(", regex=True)
    # zero-width expressions match the empty string between characters, not only in an empty text
    for empty in ("a*", r"\b", "(?=pipe)", "x|"):
        with pytest.raises(ValueError, match="matches the empty string"):
            kwic(corpus, empty, regex=True)
    with pytest.raises(ValueError):
        kwic(corpus, "  ")


def test_real_corpus_terms(corpus):
    terms = distinctive_terms(corpus, n=10)
    assert terms.groupby("article_id").size().eq(10).all()
    top = terms[terms["rank"] == 1].set_index("article_id")["term"]
    # IWPR's spelling "kazakstan" occurs only in 003, 9 times (grep): most distinctive there
    assert top["003_40d1a890abeb5e88"] == "kazakstan"
    freq = term_frequencies(corpus)
    assert not any(t in freq.index for t in ("the", "and", "of"))
    assert not freq.index.str.fullmatch(r"[\d.,]+").any()
    lines = kwic(corpus, "Novosibirsk")
    assert lines["article_id"].tolist() == ["004_ee13d1e9892b13ab"]  # one occurrence (grep)
