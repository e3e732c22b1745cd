"""Numeric facts: values, units and contexts."""

from __future__ import annotations

import pytest

from kzanalysis.analysis.numbers import NUMBER_COLUMNS, extract_numbers, numbers_in_sentence
from kzanalysis.load.corpus import corpus_from_texts


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("a pipeline with a capacity of 60 million tons a year", [(60.0, "million tons/year")]),
        ("to export not less than 50m tons of oil a year", [(50.0, "million tons/year")]),
        ("they constitute only 30 percent of our state budget", [(30.0, "percent")]),
        ("and only 17 percent of our GDP", [(17.0, "percent")]),
        ("Pakistan, India – 18 countries in all – came", [(18.0, "countries")]),
        ("we have over 100 ethnic groups and 45 religions", [(100.0, "ethnic groups"), (45.0, "religions")]),
        ("although 65 percent of the population", [(65.0, "percent")]),
        ("a share of 12.5% of exports", [(12.5, "percent")]),
        ("a $1.5 billion loan", [(1.5, "billion US dollars")]),
        ("the chairmanship of the OSCE in 2010 for Kazakhstan", [(2010.0, "year")]),
        (
            "In 1992-1994 he worked in 1983-84 as well",
            [(1992.0, "year"), (1994.0, "year"), (1983.0, "year"), (1984.0, "year")],
        ),
        ("Washington, 24 November 1997 (RFE/RL)", [(24.0, "day of month"), (1997.0, "year")]),
        ("In the wake of the September 11 terrorist attacks", [(11.0, "day of month")]),
        ("over the past 15 years", [(15.0, "years")]),
        ("During a two-day visit there are three reasons", [(2.0, "day"), (3.0, "reasons")]),
        ("(TOL 06.x.03) and F-16 jets and G8 talks", []),
        ("one of the top five uranium producers", [(5.0, "uranium producers")]),
        ("It costs 1,200 a head", [(1200.0, "number")]),
    ],
)
def test_numbers_in_sentence(sentence, expected):
    # expected values written from reading each sentence
    assert numbers_in_sentence(sentence) == expected


def test_extract_numbers_rows_and_context(tmp_path):
    text = "Pipeline news\n\nIt carries 60 million tons a year. Exports rose 5 percent in 2005."
    corpus = corpus_from_texts({"a": text}, data_dir=tmp_path, boilerplate=[])
    numbers = extract_numbers(corpus)
    assert list(numbers.columns) == NUMBER_COLUMNS
    assert numbers["value"].tolist() == [60.0, 5.0, 2005.0]
    assert numbers["unit"].tolist() == ["million tons/year", "percent", "year"]
    assert numbers["paragraph"].tolist() == [2, 2, 2]
    assert numbers["context"].tolist() == [
        "It carries 60 million tons a year.",
        "Exports rose 5 percent in 2005.",
        "Exports rose 5 percent in 2005.",
    ]
    assert numbers["value"].dtype == float


def test_real_corpus_interview_figures(corpus):
    numbers = extract_numbers(corpus)
    interview = numbers[numbers.article_id == "004_ee13d1e9892b13ab"]
    facts = set(zip(interview["value"], interview["unit"]))
    # the figures Tokaev gives (read off the article text)
    for fact in [
        (60.0, "million tons/year"),
        (50.0, "million tons/year"),
        (30.0, "percent"),
        (17.0, "percent"),
        (18.0, "countries"),
        (100.0, "ethnic groups"),
        (45.0, "religions"),
        (65.0, "percent"),
        (15.0, "years"),
    ]:
        assert fact in facts
    context = interview[interview["unit"] == "ethnic groups"]["context"].iat[0]
    assert context == "At the same time we have over 100 ethnic groups and 45 religions in Kazakhstan."
    years = numbers[numbers["unit"] == "year"]["value"]
    assert years.between(1900, 2100).all()
    # the TOL source tag (06.x.03) is boilerplate and gives no number
    assert not ((numbers.article_id == "001_b26ba8fe6375836e") & (numbers.value == 6.0)).any()


# -------------------------------------------------------- hostile input


def test_long_sentence_context_is_a_window_around_the_number(tmp_path):
    from kzanalysis.analysis.numbers import CONTEXT_MAX, CONTEXT_WINDOW

    filler = "word " * 200  # 1,000 characters of prose without numbers
    text = "It carries " + filler + "exactly 60 million tons a year " + filler + "end."
    corpus = corpus_from_texts({"a": text}, data_dir=tmp_path, boilerplate=[])
    numbers = extract_numbers(corpus)
    assert numbers["value"].tolist() == [60.0]
    context = numbers["context"].iat[0]
    # CONTEXT_WINDOW characters either side of the "6", an ellipsis at each cut.
    assert context == "\u2026" + text[text.index("60") - CONTEXT_WINDOW : text.index("60") + CONTEXT_WINDOW] + "\u2026"
    assert "60 million tons a year" in context
    assert len(context) <= CONTEXT_MAX


def test_comma_separated_ones_are_linear_and_bounded(tmp_path):
    """200 KB of "1,1,1,..." (one sentence of 100,000 numbers): every number is
    found, in time linear in the sentence, and no context row is longer than
    CONTEXT_MAX (the whole sentence per row made a 20 GB table)."""
    from bounded import run_bounded

    result = run_bounded(
        code="""
        from kzanalysis.load.corpus import corpus_from_texts
        from kzanalysis.analysis.numbers import CONTEXT_MAX, extract_numbers
        corpus = corpus_from_texts({"a": "1," * 100000}, boilerplate=[])
        numbers = extract_numbers(corpus)
        print(len(numbers), set(numbers["value"]), numbers["context"].str.len().max() <= CONTEXT_MAX)
        print(sum(numbers["context"].str.len()) < 40_000_000)
    """
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:2] == ["100000 {1.0} True", "True"]
