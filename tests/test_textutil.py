"""Paragraphs, sentences and tokens: crafted texts counted by hand, and the real corpus."""

from __future__ import annotations

import pytest

from kzanalysis.load.textutil import STOPWORDS, split_paragraphs, split_sentences, tokenize

# Hand count: 3 sentences, 17 words.
#   "Mr. Smith flew to the U.S. on Monday."  -> Mr Smith flew to the U.S. on Monday = 8
#   "He paid 2.5 million."                   -> He paid 2.5 million               = 4
#   '"We agree," said St. John.'             -> We agree said St John             = 5
SEVENTEEN_WORDS = 'Mr. Smith flew to the U.S. on Monday. He paid 2.5 million. "We agree," said St. John.'


def test_hand_counted_text_has_three_sentences_and_seventeen_words():
    assert split_sentences(SEVENTEEN_WORDS) == [
        "Mr. Smith flew to the U.S. on Monday.",
        "He paid 2.5 million.",
        '"We agree," said St. John.',
    ]
    assert tokenize(SEVENTEEN_WORDS) == [
        "mr",
        "smith",
        "flew",
        "to",
        "the",
        "u.s.",
        "on",
        "monday",
        "he",
        "paid",
        "2.5",
        "million",
        "we",
        "agree",
        "said",
        "st",
        "john",
    ]


# ---------------------------------------------------------------- paragraphs


def test_paragraphs_split_on_blank_and_whitespace_only_lines():
    text = "\n\nFirst line\nsame paragraph\n\nSecond\n   \n\t\nThird\r\n\r\nFourth\n\n"
    assert split_paragraphs(text) == ["First line\nsame paragraph", "Second", "Third", "Fourth"]


def test_paragraphs_of_blank_text_is_empty_list():
    assert split_paragraphs(" \n\n \t\n") == []


# ----------------------------------------------------------------- sentences


@pytest.mark.parametrize(
    "text, expected",
    [
        # titles never end a sentence
        (
            "Mr. Smith met Dr. Jones in St. Petersburg. They talked.",
            ["Mr. Smith met Dr. Jones in St. Petersburg.", "They talked."],
        ),
        # a capital initial does not end a sentence
        (
            "George W. Bush met Condoleezza Rice. Then he left.",
            ["George W. Bush met Condoleezza Rice.", "Then he left."],
        ),
        # U.S. inside a sentence, before a capitalised noun
        ("The U.S. Secretary of State arrived. She spoke.", ["The U.S. Secretary of State arrived.", "She spoke."]),
        # U.S. at the end of a sentence, before a sentence starter
        ("He flew to the U.S. The visit was short.", ["He flew to the U.S.", "The visit was short."]),
        # decimals
        (
            "Growth was 2.5 percent in 2006. It slowed to 1.2 percent.",
            ["Growth was 2.5 percent in 2006.", "It slowed to 1.2 percent."],
        ),
        # a quotation that ends the sentence
        (
            '"It can have friendships with whomever it wishes." Then she left.',
            ['"It can have friendships with whomever it wishes."', "Then she left."],
        ),
        # typographic quotes too
        ("\u201cWe are ready.\u201d He smiled.", ["\u201cWe are ready.\u201d", "He smiled."]),
        # a question inside quotes followed by a lower-case attribution is one sentence
        ('"Why?" he asked. Nobody answered!', ['"Why?" he asked.', "Nobody answered!"]),
        # RFE/RL inside and at the end of a sentence
        (
            "(RFE/RL) -- U.S. Secretary of State Rice arrived. The report came from RFE/RL. It was brief.",
            ["(RFE/RL) -- U.S. Secretary of State Rice arrived.", "The report came from RFE/RL.", "It was brief."],
        ),
        # "No. 5" is an abbreviation
        ("He was No. 5 on the list. She was first.", ["He was No. 5 on the list.", "She was first."]),
        # a headline line and a byline line, then body text
        (
            "Headline Words Here\nThomas Cromwell\n\nOn July 6, he came.",
            ["Headline Words Here", "Thomas Cromwell", "On July 6, he came."],
        ),
        # a hard-wrapped line ending in a function word continues
        ("the President of\nKazakhstan spoke.", ["the President of Kazakhstan spoke."]),
    ],
)
def test_split_sentences_rules(text, expected):
    assert split_sentences(text) == expected


def test_paragraph_break_always_ends_a_sentence():
    assert split_sentences("No final stop here\n\nNext paragraph.") == ["No final stop here", "Next paragraph."]


def test_split_sentences_of_empty_text():
    assert split_sentences("") == []


# -------------------------------------------------------------------- tokens


def test_tokenize_keeps_inner_apostrophes_hyphens_slashes_and_numbers():
    text = "Kazakhstan\u2019s U.S.-led multi-vectored policy (RFE/RL): 60,000 tons, 2.5%; States\u2019 end."
    assert tokenize(text) == [
        "kazakhstan's",
        "u.s.-led",
        "multi-vectored",
        "policy",
        "rfe/rl",
        "60,000",
        "tons",
        "2.5",
        "states",
        "end",
    ]


def test_tokenize_drops_punctuation_only_text():
    assert tokenize(" -- ... \u2014 ( ) ") == []


def test_stopwords_are_lower_case_function_words():
    assert {"the", "and", "of", "it's"} <= STOPWORDS
    assert not {"kazakhstan", "oil", "pipeline", "said"} & STOPWORDS
    assert all(word == word.lower() for word in STOPWORDS)


# --------------------------------------------------------------- real corpus


def _paragraph(corpus, article_id, startswith):
    every = corpus.all_paragraphs  # headlines and biographies are furniture, not article text
    rows = every[(every["article_id"] == article_id) & every["text"].str.startswith(startswith)]
    assert len(rows) == 1, f"expected one paragraph of {article_id} starting {startswith!r}"
    return rows["text"].iat[0]


def test_real_headline_with_us_is_one_sentence(corpus):
    headline = _paragraph(corpus, "000_227c2561fdf8ecac", "Rice, In Kazakhstan")
    assert split_sentences(headline) == [headline]


def test_real_quotation_paragraph_has_two_sentences(corpus):
    text = _paragraph(corpus, "000_227c2561fdf8ecac", '"Kazakhstan is an independent country,"')
    assert split_sentences(text) == [
        '"Kazakhstan is an independent country," Rice said.',
        '"It can have friendships with whomever it wishes."',
    ]


def test_real_mr_and_phd_do_not_split(corpus):
    text = _paragraph(corpus, "004_ee13d1e9892b13ab", "Mr. Tokaev has a Ph.D.")
    assert split_sentences(text)[0] == (
        "Mr. Tokaev has a Ph.D. in History and a diplomatic rank of Ambassador Extraordinary and Plenipotentiary."
    )


def test_real_sentences_cover_every_word_and_never_end_on_a_title(corpus):
    for article_id, text in zip(corpus.articles["id"], corpus.articles["text"]):
        sentences = split_sentences(text)
        assert sum(len(tokenize(s)) for s in sentences) == len(tokenize(text)), article_id
        for sentence in sentences:
            assert sentence.strip() == sentence and sentence
            assert not sentence.endswith(("Mr.", "Dr.", "St.", "Mrs.")), sentence


# ------------------------------------------------------------ linear cost


def test_split_sentences_is_linear_on_hostile_text():
    """Inputs that made the splitter quadratic: initials repeated (every dot
    a candidate boundary), many short lines in one paragraph (each joined to
    the previous), and a long run of dots. Run in a bounded child process;
    the expected sentence counts are worked out by hand."""
    from bounded import run_bounded

    result = run_bounded(
        code="""
        from kzanalysis.load.textutil import split_sentences
        # "A." is a capital initial, never a sentence end: one run of 209,999
        # characters, cut at spaces into pieces of 1,499 characters (each cut
        # uses up 1,500): 140 pieces.
        print(len(split_sentences("A. " * 70000)))
        # lower-case lines continue the previous line: one run of 100,000
        # words (499,999 characters), cut into pieces of 300 words: 334.
        print(len(split_sentences("word\\n" * 100000)))
        # capitalised lines after a plain word are each a line of their own.
        print(len(split_sentences("Word\\n" * 100000)))
        # a run of dots then a capital: the dots end the first sentence
        # (cut into pieces, having no space), "Next" is the last one.
        print(split_sentences("x" + "." * 200000 + " Next")[-1])
    """
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["140", "334", "100000", "Next"]


def test_split_sentences_long_runs_keep_normal_rules():
    # The same rules as on short text, at a scale where a quadratic splitter
    # would not finish: 20,000 "He left. She came." pairs give 40,000 sentences.
    sentences = split_sentences("He left. She came. " * 20000)
    assert len(sentences) == 40000
    assert sentences[:2] == ["He left.", "She came."]
    assert split_sentences("Mr. Smith met Dr. Jones. " * 3) == ["Mr. Smith met Dr. Jones."] * 3


def test_a_run_without_sentence_ends_is_cut_at_spaces():
    from kzanalysis.load.textutil import MAX_SENTENCE_CHARS

    run = " ".join(["word"] * 1000)  # 4,999 characters, no sentence end
    pieces = split_sentences(run)
    assert all(len(p) <= MAX_SENTENCE_CHARS for p in pieces)
    assert " ".join(pieces) == run  # nothing lost, cut only at spaces
    assert len(pieces) == 4  # 300 + 300 + 300 + 100 words
