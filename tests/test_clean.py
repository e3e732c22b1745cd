"""Boilerplate removal: crafted texts with known answers, and the real articles."""

from __future__ import annotations

import pytest
from conftest import DATA_DIR

from kzanalysis.load.clean import clean_text, normalize_newlines
from kzanalysis.load.resources import load_boilerplate

PATTERNS = [
    {"id": "subscribe", "kind": "subscription", "regex": r"^SUBSCRIBE\b"},
    {"id": "nav", "kind": "navigation", "regex": r"^(Home|Breaking News)$"},
    {"id": "any-news", "kind": "advertising", "regex": r"News"},  # would also match "Breaking News": order decides
]


def test_patterns_and_repeats_are_removed_and_reported_with_line_numbers():
    raw = (
        "Breaking News\n"  # 1 nav (first matching pattern wins over any-news)
        "Headline Of The Day\n"  # 2 kept
        "\n"  # 3
        "Body  text, kept as is.\n"  # 4 kept (inner double space untouched)
        "\n"  # 5
        "Headline Of The Day\n"  # 6 repeat of line 2
        "\n"  # 7
        "   SUBSCRIBE today!\n"  # 8 subscription (matched on the stripped line)
        "\n"  # 9
        "Last paragraph.\n"  # 10 kept
    )
    clean, removed = clean_text(raw, PATTERNS)
    assert clean == "Headline Of The Day\n\nBody  text, kept as is.\n\nLast paragraph."
    assert removed == [
        {"line_no": 1, "line": "Breaking News", "rule": "nav", "kind": "navigation"},
        {"line_no": 6, "line": "Headline Of The Day", "rule": "repeat", "kind": "repeated-headline"},
        {"line_no": 8, "line": "   SUBSCRIBE today!", "rule": "subscribe", "kind": "subscription"},
    ]


def test_repeat_rule_alone_with_no_patterns():
    clean, removed = clean_text("A\nB\n\nA\n\nC\n\n  B  \n", [])
    assert clean == "A\nB\n\nC"
    assert [(r["line_no"], r["rule"]) for r in removed] == [(4, "repeat"), (8, "repeat")]


def test_repeat_of_a_line_removed_by_a_pattern_reports_the_pattern():
    clean, removed = clean_text("Text.\n\nSUBSCRIBE A\n\nSUBSCRIBE A\n", PATTERNS)
    assert clean == "Text."
    assert [r["rule"] for r in removed] == ["subscribe", "subscribe"]


def test_bom_and_crlf_are_normalised_and_line_numbers_count_raw_lines():
    clean, removed = clean_text("\ufeffTitle\r\n\r\nTitle\r\nBody.\r\n", [])
    assert clean == "Title\n\nBody."
    assert removed == [{"line_no": 3, "line": "Title", "rule": "repeat", "kind": "repeated-headline"}]


def test_precompiled_patterns_from_the_loader_are_used(data_copy):
    (data_copy / "boilerplate.yml").write_text(
        "patterns:\n  - id: support\n    kind: advertising\n    regex: '^Support our'\n    note: donation prompt\n",
        encoding="utf-8",
    )
    patterns = load_boilerplate(data_copy)
    clean, removed = clean_text("Report.\n\nSupport our journalists", patterns)
    assert clean == "Report."
    assert removed[0]["rule"] == "support" and removed[0]["line_no"] == 3


def test_normalize_newlines():
    assert normalize_newlines("\ufeffa\r\nb\rc\n") == "a\nb\nc\n"


# --------------------------------------------------------------- real data


@pytest.mark.parametrize(
    "article_id, line_numbers",
    [("003_40d1a890abeb5e88", [5, 7]), ("000_227c2561fdf8ecac", [33]), ("002_b4b5912900beeb87", [])],
)
def test_real_repeats_found_by_the_generic_rule(article_id, line_numbers):
    raw = (DATA_DIR / "articles" / f"{article_id}.txt").read_text(encoding="utf-8")
    _, removed = clean_text(raw, [])
    assert [r["line_no"] for r in removed] == line_numbers


@pytest.mark.parametrize(
    "article_id, boilerplate_line",
    [
        ("000_227c2561fdf8ecac", "SUBSCRIBE For regular news"),
        ("002_b4b5912900beeb87", "Accessibility links"),
        ("003_40d1a890abeb5e88", "Support our journalists"),
    ],
)
def test_real_obvious_boilerplate_is_gone_and_reported(corpus, article_id, boilerplate_line):
    text = corpus.articles.set_index("id").loc[article_id, "text"]
    assert boilerplate_line not in text
    removed = corpus.boilerplate[corpus.boilerplate["article_id"] == article_id]
    assert removed["line"].str.contains(boilerplate_line, regex=False).any()


def test_real_rules_are_known_pattern_ids_or_repeat(corpus):
    known = {p["id"]: p["kind"] for p in load_boilerplate(DATA_DIR)}
    for rule, kind in zip(corpus.boilerplate["rule"], corpus.boilerplate["kind"]):
        assert (rule == "repeat" and kind == "repeated-headline") or known.get(rule) == kind
