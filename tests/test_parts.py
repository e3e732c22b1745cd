"""Document parts on crafted texts of every genre, and on the five real articles.

Every expectation below was worked out by reading the crafted text, not by
running the code.
"""

from __future__ import annotations

import pytest

from kzanalysis.load.parts import ARTICLE_TEXT_PARTS, segment_article


def parts(text: str, **meta) -> list[tuple[str, str]]:
    """(part, first words) for each paragraph."""
    return [(p.part, p.text[:25]) for p in segment_article(text, meta)]


def part_list(text: str, **meta) -> list[str]:
    return [p.part for p in segment_article(text, meta)]


WIRE = """Kazakhstan Signs Pipeline Deal With China

By Anna Petrova

ALMATY, March 3, 2009 -- Kazakhstan signed an agreement on Tuesday to expand its oil pipeline to China, officials said.

The deal doubles the line's capacity, according to Energy Minister Sauat Mynbayev.

"This is a historic step," Mynbayev told reporters.

Reporting by John Smith; editing by Jane Doe

\u00a9 2009 Example Wire. All rights reserved.
"""


def test_wire_story_headline_byline_credit_and_copyright():
    assert part_list(WIRE, title="Kazakhstan Signs Pipeline Deal With China", author="Anna Petrova") == [
        "headline",
        "byline",
        "body",
        "body",
        "body",
        "credit",
        "boilerplate",
    ]


def test_wire_story_byline_found_without_manifest_author():
    # "By ..." is a byline by its form; the first short line is the headline
    assert part_list(WIRE)[:3] == ["headline", "byline", "body"]


ANALYSIS = """The Caspian Gamble

Washington's bet on a western pipeline faces new doubts in Astana.

When the pipeline opened in 2006, officials in Washington celebrated a long campaign. \
Kazakhstan's oil, they hoped, would flow west.

Doubts in Astana

The Kazakh government has since said that it will ship more oil through Russia. Analysts expect little change.

Jane Roe is a freelance journalist based in Almaty.
"""


def test_analysis_standfirst_subheading_and_author_note():
    assert part_list(ANALYSIS, title="The Caspian Gamble", genre="analysis") == [
        "headline",
        "standfirst",
        "body",
        "subheading",
        "body",
        "note",
    ]


def test_lede_with_a_source_tag_is_not_a_standfirst():
    text = (
        "Rice Arrives In Astana\n\n"
        "(RFE/RL) -- The U.S. secretary of state has arrived in Kazakhstan for talks on energy.\n\n"
        "She is meeting the president and the foreign minister, and will speak to reporters later in the day.\n"
    )
    assert part_list(text, title="Rice Arrives In Astana") == ["headline", "body", "body"]


INTERVIEW_QA = """An Interview With the Foreign Minister

Interview by Tom Blake

Q: What is the purpose of your visit?

A: We want to deepen our partnership with the United States. Our economy is growing.

Q: And Russia?

A: We have excellent relations with Russia.

About the Minister

Erlan Idrissov was born in 1959. He graduated from Moscow State Institute of International Relations.

He served as ambassador to the United States.
"""


def test_interview_with_labels_and_an_appended_biography():
    paragraphs = segment_article(
        INTERVIEW_QA, {"genre": "interview", "title": "An Interview With the Foreign Minister"}
    )
    assert [p.part for p in paragraphs] == [
        "headline",
        "byline",
        "question",
        "answer",
        "question",
        "answer",
        "biography",
        "biography",
        "biography",
    ]
    # the label is kept apart from the words
    assert paragraphs[2].label == "Q" and paragraphs[2].text == "What is the purpose of your visit?"
    assert paragraphs[3].label == "A" and paragraphs[3].text.startswith("We want to deepen")


INTERVIEW_HEADINGS = """KAZAKHSTAN: A partner in Central Asia
Mary Lane

On May 2, the foreign minister was in Washington and spoke to us about his visit. Excerpts follow:

The visit

A major purpose of my visit was to prepare the summit. We are very hopeful.

Energy

We have built a pipeline to China. We want as many pipelines as possible.

Biography of the Minister
Minister of Foreign Affairs

He was appointed minister in 2003.

He is fluent in English and Chinese.
"""


def test_interview_without_labels_answers_follow_the_introduction():
    meta = {"genre": "interview", "title": "KAZAKHSTAN: A partner in Central Asia", "author": "Mary Lane"}
    assert part_list(INTERVIEW_HEADINGS, **meta) == [
        "headline",
        "byline",
        "body",
        "subheading",
        "answer",
        "subheading",
        "answer",
        "biography",
        "biography",
        "biography",
        "biography",
    ]


def test_biography_without_a_heading_is_found_from_curriculum_cues():
    text = (
        "Minister Visits Washington\n\n"
        "The minister met the secretary of state and discussed trade and security in the region at length.\n\n"
        "Mr. Nurlan Tolegenov was born in Almaty in 1960.\n\n"
        "He graduated from Kazakh State University in 1982.\n\n"
        "He was appointed deputy minister in 2001 and served as ambassador to China.\n"
    )
    assert part_list(text) == ["headline", "body", "biography", "biography", "biography"]


TRANSCRIPT = """Press Briefing by Press Secretary Jane Holloway

James S. Brady Press Briefing Room

1:05 P.M. EDT

MS. HOLLOWAY:  Good afternoon, everyone.  The President spoke with
President Tokayev of Kazakhstan today about energy and
security in the region.

They discussed the pipeline across the Caspian.

Q    Thank you, Jane.  Did they discuss Russia?

MS. HOLLOWAY:  They did.

Q    And China?

MS. HOLLOWAY:  Yes.

END 1:30 P.M. EDT
"""


def test_transcript_turns_continue_until_the_next_label():
    paragraphs = segment_article(
        TRANSCRIPT, {"genre": "press briefing", "title": "Press Briefing by Press Secretary Jane Holloway"}
    )
    assert [p.part for p in paragraphs] == [
        "headline",
        "dateline",
        "dateline",
        "turn",
        "turn",
        "question",
        "turn",
        "question",
        "turn",
        "dateline",
    ]
    speakers = [p.speaker_label for p in paragraphs]
    assert speakers[3:9] == ["MS. HOLLOWAY", "MS. HOLLOWAY", "Q", "MS. HOLLOWAY", "Q", "MS. HOLLOWAY"]
    # the wrapped lines of one turn are one paragraph; the label is not part of the text
    assert paragraphs[3].text == (
        "Good afternoon, everyone. The President spoke with President Tokayev of Kazakhstan today "
        "about energy and security in the region."
    )
    # short replies that repeat ("Yes.") are turns, not repeated boilerplate
    assert paragraphs[8].text == "Yes."


def test_an_upper_case_word_with_a_colon_in_prose_is_not_a_turn():
    text = (
        "Pipeline Politics\n\n"
        "NOTE: this article was updated on Monday with new figures from the ministry of energy.\n\n"
        "WASHINGTON: The administration said it backs a western route for Caspian oil and gas exports.\n"
    )
    assert part_list(text) == ["headline", "body", "body"]


READOUT = """Readout of the Secretary's Meeting with Foreign Minister Nurlan Tolegenov of Kazakhstan

Secretary of State Tom Blake met today with Foreign Minister Nurlan Tolegenov of Kazakhstan.  The Secretary
underscored U.S. support for Kazakhstan's sovereignty and territorial integrity.

They discussed regional security and energy cooperation.

\\###
"""


def test_readout_body_and_end_mark():
    assert part_list(READOUT, genre="readout") == ["headline", "body", "body", "boilerplate"]


STATEMENT = """Joint Statement on the Strategic Partnership

The United States and Kazakhstan reaffirm their commitment to a strategic partnership.

Both governments will expand cooperation on energy, trade and security.

Antony J. Blinken
Secretary of State
"""


def test_statement_signature_block():
    assert part_list(STATEMENT, genre="joint statement") == ["headline", "body", "body", "signature", "signature"]


FACT_SHEET = """FACT SHEET: U.S.-Kazakhstan Cooperation

The United States has invested more than $50 billion in Kazakhstan since independence.

Energy

U.S. companies hold major stakes in Tengiz and Karachaganak.

Security

The two countries cooperate on nonproliferation and border security.
"""


def test_fact_sheet_headings():
    assert part_list(FACT_SHEET, genre="fact sheet") == [
        "headline",
        "body",
        "subheading",
        "body",
        "subheading",
        "body",
    ]


def test_page_furniture_patterns_and_repeats():
    text = (
        "Home\n\nNews Headline Here\n\nThe story starts here and runs for a while in one sentence.\n\n"
        "News Headline Here\n"
    )
    patterns = [{"id": "nav", "kind": "navigation", "regex": "^Home$"}]
    assert part_list_with(text, patterns) == ["boilerplate", "headline", "body", "boilerplate"]


def part_list_with(text, patterns, **meta):
    return [p.part for p in segment_article(text, meta, patterns)]


def test_lines_of_a_block_are_separate_paragraphs_unless_wrapped():
    # a navigation bar, a tagline and a headline stacked in one block are three paragraphs
    text = (
        "Home : News : Contact\nWe report, you decide\nOil Deal Signed\n\n"
        "The deal was signed today in Astana by both ministers.\n"
    )
    paragraphs = segment_article(text, {"title": "Oil Deal Signed"})
    assert [p.text for p in paragraphs] == [
        "Home : News : Contact",
        "We report, you decide",
        "Oil Deal Signed",
        "The deal was signed today in Astana by both ministers.",
    ]
    # a line that ends mid-clause continues on the next line
    joined = segment_article("The minister said that the\npipeline would open in May.\n")
    assert [p.text for p in joined] == ["The minister said that the pipeline would open in May."]


def test_manifest_override_wins():
    meta = {"parts": {2: "standfirst"}}
    assert part_list(
        "Headline Words\n\nA lede paragraph that is long enough. It has two sentences.\n\nMore text.\n", **meta
    )[:2] == [
        "headline",
        "standfirst",
    ]


def test_numbering_is_linear_in_the_text():
    # 20,000 short lines: every line its own paragraph, numbered in order
    text = "\n\n".join(f"Line number {i} of the text." for i in range(20000))
    paragraphs = segment_article(text)
    assert len(paragraphs) == 20000
    assert paragraphs[-1].number == 20000 and paragraphs[-1].text == "Line number 19999 of the text."


# ------------------------------------------------------------- real corpus

# Furniture of the five articles, read off the files (paragraph text starts).
REAL_FURNITURE = {
    "000_227c2561fdf8ecac": {
        "headline": ["Rice, In Kazakhstan"],
        "caption": ["U.S. Secretary of State"],
        "credit": ["Sagat Batyrkhanova"],
    },
    "001_b26ba8fe6375836e": {"headline": ["Kazakhstan Confirms"], "note": ["(TOL 06.x.03)"]},
    "002_b4b5912900beeb87": {"headline": ["Kazakhstan: Analysis"]},
    "003_40d1a890abeb5e88": {
        "headline": ["US-Kazak Relations Thaw"],
        "standfirst": ["Washington seeks"],
        "note": ["Marjan Kalpykova is the pseudonym"],
    },
    "004_ee13d1e9892b13ab": {
        "headline": ["KAZAKHSTAN: Preparing"],
        "byline": ["Thomas Cromwell"],
        "subheading": [
            "President Nazarbayev",
            "Kazakhstan as linchpin",
            "Energy export policies",
            "Balancing great power",
            "Helping bridge",
            "US support on WTO",
            "Implementing TIFA",
        ],
    },
}


@pytest.mark.parametrize("article_id", sorted(REAL_FURNITURE))
def test_real_furniture(corpus, article_id):
    every = corpus.all_paragraphs[corpus.all_paragraphs["article_id"] == article_id]
    for part, starts in REAL_FURNITURE[article_id].items():
        texts = list(every.loc[every["part"] == part, "text"])
        assert [any(t.startswith(s) for t in texts) for s in starts] == [True] * len(starts), (part, texts)


def test_real_biography_is_furniture_from_its_heading_to_the_end(corpus):
    every = corpus.all_paragraphs[corpus.all_paragraphs["article_id"] == "004_ee13d1e9892b13ab"]
    heading = every[every["text"] == "Biography of Kassymzhomart Tokaev"]["paragraph"].iat[0]
    after = every[every["paragraph"] >= heading]
    assert (after["part"] == "biography").all() and len(after) == 16
    assert "Embassy of the USSR in China" not in corpus.articles.set_index("id").loc["004_ee13d1e9892b13ab", "text"]


def test_real_interview_answers_and_introduction(corpus):
    every = corpus.all_paragraphs[corpus.all_paragraphs["article_id"] == "004_ee13d1e9892b13ab"]
    intro = every[every["text"].str.startswith("On July 6")]
    assert list(intro["part"]) == ["body"]
    answers = every[every["part"] == "answer"]
    assert len(answers) == 11 and answers["text"].iat[0].startswith("A major purpose of my visit")


def test_real_article_text_parts_only(corpus):
    assert set(corpus.paragraphs["part"]) <= set(ARTICLE_TEXT_PARTS)


def test_a_one_sentence_news_lede_is_not_a_standfirst():
    text = (
        "Kazakhstan Signs Pipeline Deal\n\n"
        "Ambassador John Ordway said in Astana that the United States supports the new pipeline.\n\n"
        "The pipeline will carry 25 million tons a year, about 40 percent of the country's exports of crude oil.\n"
    )
    assert part_list(text, title="Kazakhstan Signs Pipeline Deal") == ["headline", "body", "body"]
