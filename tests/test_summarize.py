"""Extractive TextRank summaries."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer

from kzanalysis.analysis.summarize import MIN_WORDS, SUMMARY_COLUMNS, summarize, textrank_scores
from kzanalysis.load.corpus import corpus_from_texts
from kzanalysis.load.textutil import STOPWORDS, tokenize

S1 = "Oil pipelines carry Kazakh oil west to distant markets."
S2 = "New oil pipelines carry crude east to Chinese markets."
S3 = "Oil pipelines need foreign investment and open markets."
S4 = "The weather in Almaty was pleasant yesterday afternoon."


def summary_of(tmp_path, texts, n=3):
    return summarize(corpus_from_texts(texts, data_dir=tmp_path, boilerplate=[]), n=n)


def test_headline_excluded_and_unrelated_sentence_ranked_last(tmp_path):
    # The headline has 2 words (< 6). S4 shares no content word with the others,
    # so with n=3 the three oil sentences are chosen and S4 is not.
    text = f"Pipeline news\n\n{S1} {S4} {S2} {S3}"
    summary = summary_of(tmp_path, {"a": text})
    assert list(summary.columns) == SUMMARY_COLUMNS
    assert summary["rank"].tolist() == [1, 2, 3]
    assert set(summary["sentence"]) == {S1, S2, S3}
    full = summary_of(tmp_path, {"a": text}, n=10)
    assert full["sentence"].iat[-1] == S4
    assert "Pipeline news" not in set(full["sentence"])


def test_ties_go_to_the_earlier_sentence(tmp_path):
    # Three sentences without a shared content word: equal centrality, so the
    # ranks follow reading order.
    a = "Wheat harvests improved across northern farming regions."
    b = "Copper smelters expanded output near Balkhash lake."
    c = "Tourists visited mountain resorts around Almaty city."
    summary = summary_of(tmp_path, {"x": f"{a} {b} {c}"})
    assert summary["sentence"].tolist() == [a, b, c]


def test_summary_of_an_article_ignores_other_articles(tmp_path):
    text = f"{S1} {S4} {S2} {S3}"
    alone = summary_of(tmp_path, {"a": text})
    together = summary_of(tmp_path, {"a": text, "b": "Oil markets crashed badly this week again. " * 3})
    assert together[together.article_id == "a"]["sentence"].tolist() == alone["sentence"].tolist()


def test_short_article_and_bad_n(tmp_path):
    summary = summary_of(tmp_path, {"a": "Only one sentence here has enough words in it."})
    assert len(summary) == 1
    with pytest.raises(ValueError):
        summary_of(tmp_path, {"a": S1}, n=0)


def test_textrank_matches_networkx_pagerank():
    rng = np.random.default_rng(3)
    sim = rng.random((7, 7))
    sim = (sim + sim.T) / 2
    np.fill_diagonal(sim, 0)
    sim[6, :] = sim[:, 6] = 0  # an isolated node
    ours = textrank_scores(sim)
    reference = nx.pagerank(nx.from_numpy_array(sim), alpha=0.85, tol=1e-12, max_iter=1000)
    assert ours == pytest.approx([reference[i] for i in range(7)], abs=1e-8)


def _reference_summary(sentences, n):
    """Independent reference: sklearn TfidfTransformer + networkx PageRank."""
    words = [[t for t in tokenize(s) if t not in STOPWORDS and not t[0].isdigit()] for s in sentences]
    counts = CountVectorizer(analyzer=lambda i: words[i]).fit_transform(range(len(sentences)))
    tfidf = TfidfTransformer(sublinear_tf=True).fit_transform(counts)
    sim = (tfidf @ tfidf.T).toarray()
    np.fill_diagonal(sim, 0)
    ranks = nx.pagerank(nx.from_numpy_array(sim), alpha=0.85, tol=1e-12, max_iter=1000)
    order = sorted(range(len(sentences)), key=lambda i: (-round(ranks[i], 10), i))
    return [sentences[i] for i in order[:n]]


def test_real_corpus_three_sentences_each_and_matches_reference(corpus):
    from kzanalysis.load._sentences import sentence_table

    summary = summarize(corpus)
    assert summary.groupby("article_id").size().eq(3).all()
    assert set(summary["article_id"]) == set(corpus.articles["id"])
    assert summary["sentence"].map(lambda s: len(tokenize(s))).ge(MIN_WORDS).all()
    sentences = sentence_table(corpus)
    for article_id, group in sentences.groupby("article_id"):
        candidates = [s for s in group["sentence"] if len(tokenize(s)) >= MIN_WORDS]
        expected = _reference_summary(candidates, 3)
        assert summary[summary.article_id == article_id]["sentence"].tolist() == expected


# -------------------------------------------------------- bounded work


def test_long_article_is_ranked_in_blocks(tmp_path, monkeypatch):
    """With blocks of 4, three blocks of 4 sentences. In each block a hub shares
    one word with each of the other three sentences, which share nothing with
    each other: a star, so the hub wins its block. The three hubs then form a
    path H1 - H2 - H3 (H2 shares a word with each, H1 and H3 none), so H2 is the
    most central sentence of the final round."""
    import kzanalysis.analysis.summarize as summarize_module

    def sentence(*words):
        return " ".join(words).capitalize() + "."

    blocks = []
    for b, (x, y, z) in enumerate(
        [("amber", "bronze", "cobalt"), ("dahlia", "emerald", "fennel"), ("garnet", "hazel", "indigo")]
    ):
        link = {0: ["lynx"], 1: ["lynx", "moose"], 2: ["moose"]}[b]
        hub = sentence(x, y, z, *link, f"hubword{b}", f"hubextra{b}")
        spokes = [sentence(w, *(f"spoke{b}{i}x{k}" for k in range(5))) for i, w in enumerate((x, y, z))]
        blocks.append([hub, *spokes])
    text = "\n\n".join(" ".join(block) for block in blocks)
    monkeypatch.setattr(summarize_module, "MAX_RANKED", 4)
    summary = summary_of(tmp_path, {"a": text}, n=1)
    assert summary["sentence"].tolist() == [blocks[1][0]]
    # each block on its own: the hub wins it
    for block in blocks:
        assert summary_of(tmp_path, {"b": " ".join(block)}, n=1)["sentence"].tolist() == [block[0]]


def test_huge_article_summary_has_bounded_memory():
    """20,000 candidate sentences: one similarity matrix would need 3.2 GB (and
    its transition matrix as much again); the child process may use 3 GB."""
    from bounded import run_bounded

    result = run_bounded(
        code="""
        from kzanalysis.load.corpus import corpus_from_texts
        from kzanalysis.analysis.summarize import summarize
        words = ["oil", "gas", "pipeline", "visit", "treaty", "market", "border", "grain"]
        sentences = [
            " ".join(words[(i + k) % 8] for k in range(6)).capitalize() + f" number{i}."
            for i in range(20000)
        ]
        corpus = corpus_from_texts({"a": " ".join(sentences)}, boilerplate=[])
        summary = summarize(corpus, n=3)
        print(len(summary), summary["rank"].tolist())
    """
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "3 [1, 2, 3]"
