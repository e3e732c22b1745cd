"""Quotations and their speakers."""

from __future__ import annotations

import pytest

from kzanalysis.analysis.quotes import QUOTE_COLUMNS, extract_quotes, is_quotation, is_title
from kzanalysis.load.corpus import corpus_from_texts

GAZETTEER = """
entities:
  - name: Condoleezza Rice
    type: person
    aliases: [Rice]
    group: United States
  - name: Marat Tazhin
    type: person
    aliases: [Tazhin]
    group: Kazakhstan
  - name: Kassymzhomart Tokaev
    type: person
    aliases: [Tokaev]
    group: Kazakhstan
  - name: Al Gore
    type: person
    aliases: [Gore]
    group: United States
  - name: Kazakhstan
    type: country
    aliases: [Kazakh]
    group: Kazakhstan
"""


@pytest.fixture
def crafted_dir(tmp_path):
    (tmp_path / "gazetteer.yml").write_text(GAZETTEER, encoding="utf-8")
    return tmp_path


def quotes_of(data_dir, text, meta=None):
    corpus = corpus_from_texts({"a": text}, meta={"a": meta} if meta else None, data_dir=data_dir, boilerplate=[])
    return extract_quotes(corpus)


def test_attribution_forms(crafted_dir):
    text = (
        '"Kazakhstan is an independent country," Rice said. "It can choose its friends."\n\n'
        "Standing beside Kazakh Foreign Minister Tazhin, Rice spoke again.\n\n"
        '"This is not some kind of contest," she said.\n\n'
        "Tazhin also noted there is no conflict.\n\n"
        '"We have a very solid base," he said.\n\n'
        '"The plans are already made," he continued.\n\n'
        '"Pipelines will be built on time," said Gore.\n\n'
        'Tokaev stressed that while his country cared about security, "we are opening our doors."'
    )
    quotes = quotes_of(crafted_dir, text)
    assert list(quotes.columns) == QUOTE_COLUMNS
    assert quotes["speaker"].tolist() == [
        "Condoleezza Rice",  # "...," Rice said
        "Condoleezza Rice",  # continues the speaker of the same paragraph
        "Condoleezza Rice",  # she -> last person before it (Rice after Tazhin)
        "Marat Tazhin",  # he -> Tazhin of the paragraph before
        "Marat Tazhin",  # he continued -> still Tazhin
        "Al Gore",  # said Gore (inverted)
        "Kassymzhomart Tokaev",  # Tokaev stressed that ..., "..."
    ]
    assert quotes["speaker_group"].tolist()[:3] == ["United States"] * 3
    assert quotes["quote"].iat[0] == "Kazakhstan is an independent country"  # comma dropped
    assert quotes["paragraph"].tolist() == [1, 1, 3, 5, 6, 7, 8]


def test_scare_quotes_and_unattributed(crafted_dir):
    text = (
        'Rice told reporters the US would not play a "zero-sum game" in the region.\n\n'
        'The document was called the "Action Program on Economic Partnership."'
    )
    quotes = quotes_of(crafted_dir, text)
    # a 2-word scare quote and a title nobody says are not quotations
    assert quotes.empty


def test_titles_and_scare_quotes_are_told_from_speech():
    assert is_title("Action Program on Economic Partnership.")
    assert is_title("RFE/RL Central Asia Report")
    assert not is_title("Kazakhstan is an independent country")
    assert not is_quotation("zero-sum game")
    assert is_quotation("can promote regional stability")


def test_curly_quotes_unknown_speaker_and_unclosed_quote(crafted_dir):
    text = (
        "Erbol Japarov, from a think tank in Almaty, noted, \u201cThere is intense competition.\u201d\n\n"
        'Gore said the resources "can promote regional stability. And Hillary Clinton spoke later.'
    )
    quotes = quotes_of(crafted_dir, text)
    assert quotes["speaker"].tolist() == ["Erbol Japarov", "Al Gore"]
    assert quotes["speaker_group"].isna().iat[0]  # not in the gazetteer
    # the unclosed quotation stops at its sentence end
    assert quotes["quote"].iat[1] == "can promote regional stability."


def test_unknown_name_is_the_speaker_without_its_title_and_side(crafted_dir):
    quotes = quotes_of(crafted_dir, 'Secretary Blake said, "The pipeline will open next year."')
    assert quotes["speaker"].tolist() == ["Blake"]
    assert quotes["speaker_group"].isna().all()


def test_pronoun_without_antecedent_stays_unattributed(crafted_dir):
    quotes = quotes_of(crafted_dir, '"Nothing was agreed today," she said.')
    assert quotes["speaker"].isna().all()


def test_interview_voice_needs_a_named_interviewee(crafted_dir):
    text = "Energy export policies\n\nWe have built a huge pipeline to China.\n\nThe minister left at noon."
    without = quotes_of(crafted_dir, text, {"genre": "interview"})
    assert without.empty  # interviewee not named: no guessing
    named = quotes_of(crafted_dir, text, {"genre": "interview", "interviewee": "Tokaev"})
    # only the first-person paragraph (2) is the interviewee's voice
    assert named["paragraph"].tolist() == [2]
    assert named["speaker"].tolist() == ["Kassymzhomart Tokaev"]
    not_interview = quotes_of(crafted_dir, text, {"genre": "analysis", "interviewee": "Tokaev"})
    assert not_interview.empty


# ------------------------------------------------------------- real corpus


def test_real_corpus_attributions(corpus):
    quotes = extract_quotes(corpus)
    rice = "000_227c2561fdf8ecac"
    q = quotes[quotes.article_id == rice]
    by_start = {row.quote[:30]: row.speaker for row in q.itertuples()}
    assert "zero-sum game" not in by_start  # a scare quote, not a quotation
    assert by_start["Kazakhstan is an independent c"] == "Condoleezza Rice"
    assert by_start["This is not some kind of conte"] == "Condoleezza Rice"
    assert by_start["I think that it's very importa"] == "Marat Tazhin"
    assert by_start["I would say that these relatio"] == "Marat Tazhin"
    tol = quotes[quotes.article_id == "001_b26ba8fe6375836e"]
    # four quotations in 001, all Tokaev's (he said / stressed / said / went on to suggest)
    assert len(tol) == 4
    assert set(tol["speaker"]) == {"Kassymzhomart Tokaev"}
    iwpr = quotes[quotes.article_id == "003_40d1a890abeb5e88"]
    assert set(iwpr["speaker"]) == {"Khabar", "Erbol Japarov"}


def test_real_corpus_interview_is_tokaevs_voice(corpus):
    quotes = extract_quotes(corpus)
    interview = quotes[quotes.article_id == "004_ee13d1e9892b13ab"]
    voiced = interview[interview["speaker"] == "Kassymzhomart Tokaev"]
    # 11 answer paragraphs (two each under four headings, one each under three:
    # 2+2+2+2+1+1+1 = 11); headings, the introduction and the biography are not his voice.
    assert len(voiced) == 11
    assert not voiced["quote"].str.startswith("Mr. Tokaev").any()
    # the appended biography (with its quoted book titles) is not article text
    assert not interview["quote"].str.startswith("Meeting the Challenge").any()


def test_quotation_running_over_paragraphs(crafted_dir):
    # Newspaper convention: the open quotation of paragraph 1 continues because
    # paragraph 2 opens with a quotation mark; the attribution sits in paragraph 2.
    text = '"The first part runs on without a close.\n\n"And the second part ends here," Tazhin said.'
    quotes = quotes_of(crafted_dir, text)
    assert quotes["quote"].tolist() == ["The first part runs on without a close.", "And the second part ends here"]
    assert quotes["speaker"].iat[1] == "Marat Tazhin"
