"""Voices on crafted texts of each genre, and on the real corpus.

Expected speakers and sides were read off the crafted texts by hand. Names
such as Jane Holloway or Sauat Mynbayev are in no curated file: they must be
found in the text itself.
"""

from __future__ import annotations

import pandas as pd
from conftest import DATA_DIR

from kzanalysis.analysis.reading.voices import VOICE_KINDS, sentence_voices, voice_shares
from kzanalysis.load.corpus import corpus_from_texts


def voices_of(text: str, **meta) -> pd.DataFrame:
    corpus = corpus_from_texts({"t": text}, meta={"t": meta}, data_dir=DATA_DIR)
    return sentence_voices(corpus)


def kinds(table: pd.DataFrame) -> list[str]:
    return list(table["kind"])


WIRE = """Kazakhstan Signs Pipeline Deal

By Anna Petrova

ALMATY -- Kazakhstan signed an agreement on Tuesday to expand its oil pipeline to China, officials said.

The deal doubles the line's capacity, according to Energy Minister Sauat Mynbayev.

"This is a historic step for our country," Mynbayev told reporters.

The pipeline carries crude from the Caspian coast.
"""


def test_news_story_voices():
    table = voices_of(
        WIRE, title="Kazakhstan Signs Pipeline Deal", author="Anna Petrova", genre="news report", outlet="Example Wire"
    )
    assert kinds(table) == ["reported", "reported", "quotation", "author"]
    assert table["speaker"].iat[0] == "officials"
    assert table["speaker"].iat[1] == "Sauat Mynbayev"
    # the surname later in the article is the same person
    assert table["speaker"].iat[2] == "Sauat Mynbayev"
    assert table["speaker"].iat[3] == "Anna Petrova"
    # no cue says whose side the minister is on here, and the author has no side
    assert table["speaker_group"].iat[3] == "Unknown"


TRANSCRIPT = """Press Briefing by Press Secretary Jane Holloway

1:05 P.M. EDT

MS. HOLLOWAY:  Good afternoon, everyone.  The President spoke with
President Tokayev of Kazakhstan today.

They discussed energy security.

MODERATOR:  Our first question goes to the line of Mike Rowan.

Q    Thank you.  Did they discuss Russia?

MS. HOLLOWAY:  They did.

END 1:30 P.M. EDT
"""


def test_transcript_turns_are_attributed_to_the_label_speaker():
    table = voices_of(
        TRANSCRIPT,
        title="Press Briefing by Press Secretary Jane Holloway",
        genre="press briefing",
        outlet="The White House",
    )
    assert kinds(table) == ["turn", "turn", "turn", "turn", "question", "question", "turn"]
    speakers = list(table["speaker"])
    assert speakers[0] == speakers[2] == speakers[6] == "Jane Holloway"  # from the title, by surname
    assert speakers[3] == "Moderator"
    assert speakers[4] == speakers[5] == "Mike Rowan"  # named by the moderator
    # the White House's own press secretary and moderator speak for the United States; the reporter has no side
    assert table["speaker_group"].iat[0] == "United States"
    assert table["speaker_group"].iat[3] == "United States"
    assert table["speaker_group"].iat[4] == "Unknown"


def test_a_foreign_leader_in_a_transcript_keeps_his_own_side():
    text = (
        "Remarks by President Biden and President Tokayev of Kazakhstan\n\n"
        "PRESIDENT BIDEN:  Welcome to the White House.  We are glad you are here.\n\n"
        "PRESIDENT TOKAYEV:  Thank you.  Kazakhstan values this partnership.\n"
    )
    table = voices_of(
        text,
        title="Remarks by President Biden and President Tokayev of Kazakhstan",
        genre="remarks",
        outlet="The White House",
    )
    # the labels resolve through the gazetteer: BIDEN to Joe Biden, TOKAYEV (an alias) to Kassymzhomart Tokaev
    assert list(zip(table["kind"], table["speaker"], table["speaker_group"])) == [
        ("turn", "Joe Biden", "United States"),
        ("turn", "Joe Biden", "United States"),
        ("turn", "Kassymzhomart Tokaev", "Kazakhstan"),
        ("turn", "Kassymzhomart Tokaev", "Kazakhstan"),
    ]


READOUT = """Readout of the Secretary's Call with Foreign Minister Aibek Dzhumabaev

Secretary Tom Blake spoke today with Foreign Minister Aibek Dzhumabaev of Kyrgyzstan.  They discussed regional security.

\\###
"""


def test_readout_speaks_in_its_issuers_voice():
    table = voices_of(READOUT, genre="readout", outlet="U.S. Department of State")
    assert kinds(table) == ["statement", "statement"]
    assert set(table["speaker_group"]) == {"United States"}


def test_statement_issuer_from_the_manifest_and_quotations_inside_it():
    text = (
        "Joint Statement\n\n"
        "The two governments reaffirm their partnership.\n\n"
        'Secretary Blake said, "We stand with Kazakhstan on energy and on security."\n'
    )
    table = voices_of(text, genre="joint statement", outlet="The White House", issuer="The White House")
    assert kinds(table) == ["statement", "quotation"]
    # Blake is in no gazetteer: named as written, without the office title, and with no side
    assert (table["speaker"].iat[1], table["speaker_group"].iat[1]) == ("Blake", "Unknown")


INTERVIEW = """An Interview With the Foreign Minister

Interview by Tom Blake

Q: What is the purpose of your visit?

A: We want to deepen our partnership with the United States.

About the Minister

Erlan Idrissov was born in 1959. He graduated from university in 1981.
"""


def test_interview_questions_and_answers():
    table = voices_of(
        INTERVIEW,
        genre="interview",
        author="Tom Blake",
        interviewee="Erlan Idrissov",
        title="An Interview With the Foreign Minister",
    )
    assert kinds(table) == ["question", "answer"]  # the biography is furniture, not a voice
    assert list(table["speaker"]) == ["Tom Blake", "Erlan Idrissov"]


def test_every_sentence_of_article_text_has_one_voice(corpus):
    table = sentence_voices(corpus)
    assert set(table["kind"]) <= set(VOICE_KINDS)
    from kzanalysis.load._sentences import sentence_table

    sentences = sentence_table(corpus)
    assert len(table) == len(sentences)
    assert list(table["text"]) == list(sentences["sentence"])


def test_real_corpus_voices(corpus):
    table = sentence_voices(corpus)
    interview = table[table["article_id"] == "004_ee13d1e9892b13ab"]
    answers = interview[interview["kind"] == "answer"]
    assert set(answers["speaker"]) == {"Kassymzhomart Tokaev"}
    assert set(answers["speaker_group"]) == {"Kazakhstan"}
    rice = table[table["article_id"] == "000_227c2561fdf8ecac"]
    quoted = rice[rice["kind"] == "quotation"]
    assert set(quoted["speaker"]) == {"Condoleezza Rice", "Marat Tazhin"}
    # "Rice told reporters that ..." is reported speech
    told = rice[rice["text"].str.startswith("On a flight from India")]
    assert list(told["kind"]) == ["reported"] and list(told["speaker"]) == ["Condoleezza Rice"]


def test_voice_shares_sum_to_one(corpus):
    shares = voice_shares(corpus)
    totals = shares.groupby("article_id")["share"].sum()
    assert ((totals - 1).abs() < 1e-9).all()


def test_a_quotation_a_speaker_introduces_with_i_asked_is_theirs():
    from kzanalysis.analysis.quotes import extract_quotes

    text = (
        "Press Briefing by Press Secretary Jane Holloway\n\n"
        "MS. HOLLOWAY:  I spoke to the minister.  And I asked, \u201cWill the pipeline open this year?\u201d\n\n"
        "Q    Did he answer?\n\n"
        "MS. HOLLOWAY:  He did not.\n"
    )
    corpus = corpus_from_texts(
        {"t": text},
        meta={
            "t": {
                "title": "Press Briefing by Press Secretary Jane Holloway",
                "genre": "press briefing",
                "outlet": "The White House",
            }
        },
        data_dir=DATA_DIR,
    )
    quotes = extract_quotes(corpus)
    assert list(quotes["quote"]) == ["Will the pipeline open this year?"]
    assert list(quotes["speaker"]) == ["Jane Holloway"]


def test_officials_as_a_subject_are_reported_speech_with_the_side_of_their_adjective():
    text = (
        "Pipeline Politics\n\n"
        "The talks ran late into the night in the capital, with no sign of a deal on oil.\n\n"
        "American officials stressed that they supported multiple pipelines.\n\n"
        "Kazakh officials said the line would open. Officials said nothing more.\n"
    )
    table = voices_of(text)
    assert kinds(table) == ["author", "reported", "reported", "reported"]
    assert list(table["speaker"])[1:] == ["American officials", "Kazakh officials", "Officials"]
    assert list(table["speaker_group"])[1:] == ["United States", "Kazakhstan", "Unknown"]
