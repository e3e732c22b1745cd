"""Theme lexicon scores per paragraph and article, and theme collisions."""

from __future__ import annotations

import pytest
from conftest import DATA_DIR

from kzanalysis.analysis.themes import (
    COLLISION_COLUMNS,
    RATE_COLUMNS,
    SCORE_COLUMNS,
    term_regex,
    theme_collisions,
    theme_rates,
    theme_scores,
)
from kzanalysis.load.corpus import corpus_from_texts
from kzanalysis.load.resources import load_themes
from kzanalysis.load.textutil import tokenize

THEMES = """
themes:
  energy: {label: Energy, terms: [oil, pipeline*, natural gas]}
  rights: {label: Rights, terms: [human rights, rights, democra*]}
  security: {label: Security, terms: [security, terror*]}
"""


@pytest.fixture
def crafted_dir(tmp_path):
    (tmp_path / "themes.yml").write_text(THEMES, encoding="utf-8")
    return tmp_path


def crafted(data_dir, **texts):
    return corpus_from_texts(texts, data_dir=data_dir, boilerplate=[])


def test_prefix_multiword_and_longest_term(crafted_dir):
    # Paragraph 1 (9 words): Oil, pipelines, Pipeline -> energy 3;
    # "natural  gas" across two spaces -> energy 4. "pipe" is no hit.
    # Paragraph 2 (7 words): "human rights" = 1 rights hit (not 2), democracy,
    # democratic -> rights 3; anti-terrorist -> security 1 (hyphen is a boundary).
    text = (
        "Oil pipelines and a Pipeline carry natural  gas, pipe.\n\n"
        "Human rights, democracy, democratic anti-terrorist security laws."
    )
    scores = theme_scores(crafted(crafted_dir, a=text))
    assert list(scores.columns) == SCORE_COLUMNS
    table = scores.set_index(["paragraph", "theme"])
    assert table.loc[(1, "energy"), "hits"] == 4
    assert table.loc[(1, "energy"), "n_words"] == 9
    assert table.loc[(1, "energy"), "score"] == pytest.approx(100 * 4 / 9)
    assert table.loc[(1, "rights"), "hits"] == 0
    assert table.loc[(2, "rights"), "hits"] == 3
    assert table.loc[(2, "security"), "hits"] == 2  # anti-terrorist + security
    assert table.loc[(2, "rights"), "n_words"] == 7
    # every paragraph x theme row is present, zeros included: 2 x 3
    assert len(scores) == 6


def test_term_regex_needs_lower_case_text_and_whole_words():
    regex = term_regex(["oil", "pipeline*"])
    # "oily" is not "oil"; "boil" is not "oil"; "pipelines" is a prefix hit
    assert [m.group(0) for m in regex.finditer("oily boil oil pipelines")] == ["oil", "pipelines"]


def test_rates_per_thousand_words(crafted_dir):
    # Article a: 4 words, 1 energy hit -> 250 per 1000.  Article b: 5 words, 0 hits.
    corpus = crafted(crafted_dir, a="Oil flows west now.", b="Nothing here to see today.")
    rates = theme_rates(corpus)
    assert list(rates.columns) == RATE_COLUMNS
    row = rates[(rates.article_id == "a") & (rates.theme == "energy")].iloc[0]
    assert (row.hits, row.n_words) == (1, 4)
    assert row.rate_per_1000 == pytest.approx(250.0)
    assert rates[rates.article_id == "b"]["rate_per_1000"].eq(0).all()


def test_collisions_only_paragraphs_scoring_on_both(crafted_dir):
    text = (
        "Security trumped human rights.\n\n"  # rights 1 + security 1 (4 words)
        "Security alone matters here.\n\n"  # security only
        "Democracy and rights and terror threats."  # rights 2 + security 1 (6 words)
    )
    collisions = theme_collisions(crafted(crafted_dir, a=text), a="rights", b="security")
    assert list(collisions.columns) == COLLISION_COLUMNS
    assert list(collisions["paragraph"]) == [1, 3]  # 25+25=50 before 33.3+16.7=50 -> tie, paragraph order
    assert collisions["score_a"].tolist() == pytest.approx([25.0, 100 * 2 / 6])
    assert collisions["text"].iat[0] == "Security trumped human rights."


def test_collisions_reject_unknown_theme(crafted_dir):
    with pytest.raises(ValueError, match="unknown theme 'weather'"):
        theme_collisions(crafted(crafted_dir, a="Oil."), a="weather", b="security")


# ------------------------------------------------------------- real corpus


def test_real_corpus_rates_match_paragraph_sums(corpus):
    scores = theme_scores(corpus)
    rates = theme_rates(corpus)
    assert set(rates["theme"]) == set(load_themes())
    n_words = rates.groupby("article_id")["n_words"].first()
    # Article word counts agree with the corpus statistics (same tokenizer).
    expected = corpus.articles.set_index("id")["n_words"]
    assert (n_words == expected.loc[n_words.index]).all()
    assert rates["hits"].sum() == scores["hits"].sum()


def test_real_corpus_hand_checked_paragraph(corpus):
    # 003, paragraph "The Bush administration is apparently willing to turn a
    # blind eye to Astana's human rights abuses and corrupt political practices
    # in order to win support for the campaign against international terrorism
    # and exploit Kazakstan's huge oil wealth." Hand count with themes.yml:
    # rights: human rights, abuses, corrupt = 3; security: terrorism = 1;
    # energy: oil = 1; economy: wealth = 1.
    paragraphs = corpus.paragraphs
    row = paragraphs[paragraphs["text"].str.startswith("The Bush administration is apparently")].iloc[0]
    scores = theme_scores(corpus)
    mine = scores[(scores.article_id == row.article_id) & (scores.paragraph == row.paragraph)].set_index("theme")
    assert mine.loc["rights", "hits"] == 3
    assert mine.loc["security", "hits"] == 1
    assert mine.loc["energy", "hits"] == 1
    assert mine.loc["economy", "hits"] == 1
    assert mine.loc["rights", "n_words"] == len(tokenize(row.text))
    collisions = theme_collisions(corpus)
    assert ((collisions.article_id == row.article_id) & (collisions.paragraph == row.paragraph)).any()


def test_names_and_offices_are_masked(tmp_path):
    # Hand count. Paragraph 1: "Security" inside the OSCE's name (a gazetteer
    # alias) is no hit; "security" in "regional security" is 1.  Paragraph 2:
    # "Energy" in "Secretary of Energy" (an office) and "Security" in the
    # uncurated "Regional Security Treaty Organization" (a name by its head
    # noun) are no hits; "security" and "energy" in the prose are 1 each.
    (tmp_path / "themes.yml").write_text(
        "themes:\n  energy: {label: Energy, terms: [energy, oil]}\n  security: {label: Security, terms: [security]}\n",
        encoding="utf-8",
    )
    (tmp_path / "gazetteer.yml").write_text(
        "entities:\n  - name: OSCE\n    type: organization\n"
        "    aliases: [Organization for Security and Cooperation in Europe]\n    group: Other\n",
        encoding="utf-8",
    )
    text = (
        "The Organization for Security and Cooperation in Europe met on regional security.\n\n"
        "The Secretary of Energy told the Regional Security Treaty Organization that security and energy matter."
    )
    scores = theme_scores(crafted(tmp_path, a=text)).set_index(["paragraph", "theme"])
    first, second = sorted({p for p, _ in scores.index})
    assert scores.loc[(first, "security"), "hits"] == 1
    assert scores.loc[(second, "security"), "hits"] == 1
    assert scores.loc[(second, "energy"), "hits"] == 1
    # word counts are of the whole paragraph, names included
    assert scores.loc[(first, "security"), "n_words"] == 12


def test_theme_rates_split_by_voice_add_up_and_put_words_with_their_speaker():
    from kzanalysis.analysis.themes import theme_voice_rates

    # sentence 1: the author's narration with one security term ("terrorism");
    # sentence 2: a quotation with one rights term ("human rights") and 9 words.
    text = (
        "Officials in Astana discussed terrorism at length.\n\n"
        '"We will always defend human rights in our country," Rice said.'
    )
    corpus = corpus_from_texts(
        {"v": text}, meta={"v": {"genre": "news report", "author": "A. Writer"}}, data_dir=DATA_DIR
    )
    rates = theme_voice_rates(corpus).set_index(["by", "theme"])
    assert rates.loc[("author", "security"), "hits"] == 1
    assert rates.loc[("author", "rights"), "hits"] == 0
    assert rates.loc[("quoted", "rights"), "hits"] == 1
    assert rates.loc[("quoted", "security"), "hits"] == 0
    assert rates.loc[("quoted", "rights"), "n_words"] == 11  # the whole sentence, "Rice said" included
    sides = theme_voice_rates(corpus, by="side").set_index(["by", "theme"])
    assert sides.loc[("United States", "rights"), "hits"] == 1  # Rice is the gazetteer's US secretary of state
