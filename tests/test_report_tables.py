"""The book's tables and glued values (kzanalysis.report.report_tables) on a crafted three-article corpus.

Every expected value is worked out by hand from the texts below: words are
counted by eye, the repeated paragraph of article "a" is the only
boilerplate, and the errata file written for the corpus has one error of
fact in "a", one typo and one wrong place name in "b".
"""

from __future__ import annotations

import pandas as pd
import pytest
import yaml

from kzanalysis.load.corpus import corpus_from_texts
from kzanalysis.report import report_tables as tables

TEXTS = {
    # 11 + 6 words of article text; the repeated last paragraph (6 words, line 5) is boilerplate
    "a": "Officials of two ministers met in Astana to talk about oil.\n\nThey agreed on nothing at all.\n\n"
    "They agreed on nothing at all.",
    # 4 + 12 words
    "b": "Oil leaves through Tiblisi.\n\nTankers load at the Black Sea port of Baku every week now.",
    # 4 words
    "c": "The talks went well.",
}
META = {
    "a": {
        "date": "1999-05-03",
        "outlet": "Radio One",
        "author": "Ann Smith",
        "genre": "news report",
        "funding": "us-government",
        "title": "Oil talks",
        "date_evidence": "dateline",
    },
    "b": {
        "date": "2001-10",
        "outlet": "Radio One",
        "author": None,
        "genre": "analysis",
        "funding": "commercial",
        "title": "Routes",
        "date_evidence": "names the October meeting",
    },
    "c": {"date": "2005", "outlet": "Daily Two", "author": "Bo Lee", "genre": "news report", "title": "Talks"},
}
ERRATA = [
    {"article_id": "b", "original": "Tiblisi", "correction": "Tbilisi", "kind": "typo", "evidence": "spelling"},
    {
        "article_id": "b",
        "original": "the Black Sea port of Baku",
        "correction": "the Caspian port of Baku",
        "kind": "wrong place name",
        "evidence": "Baku is on the Caspian",
    },
    {
        "article_id": "a",
        "original": "two ministers",
        "correction": "three ministers",
        "kind": "factual",
        "evidence": "the record",
    },
]


@pytest.fixture(scope="module")
def crafted(tmp_path_factory):
    import shutil

    from conftest import DATA_DIR

    data = tmp_path_factory.mktemp("report") / "data"
    shutil.copytree(DATA_DIR, data)
    (data / "errata.yml").write_text(yaml.safe_dump({"errata": ERRATA}), encoding="utf-8")
    return corpus_from_texts(TEXTS, META, data_dir=data, boilerplate=[])


def test_corpus_overview(crafted):
    assert tables.corpus_overview(crafted) == {
        "n-articles": 3,
        "first-year": "1999",
        "last-year": "2005",
        "n-words": 37,
        "n-paragraphs": 5,
        "n-outlets": 2,
        "n-genres": 2,
        "n-signed": 2,
        "n-usgov": 1,
        "longest-outlet": "Radio One",
        "longest-year": "1999",
        "longest-words": 17,
        "shortest-outlet": "Daily Two",
        "shortest-year": "2005",
        "shortest-words": 4,
    }


def test_key_findings_state_the_overview_numbers(crafted):
    kf = tables.key_findings_values(crafted)
    assert {k: kf[k] for k in ("n-articles", "n-words", "first-year", "last-year", "n-outlets")} == {
        "n-articles": 3,
        "n-words": 37,
        "first-year": "1999",
        "last-year": "2005",
        "n-outlets": 2,
    }


def test_articles_table_oldest_first_with_unsigned_marked(crafted):
    frame, title = tables.articles_table(crafted)
    assert title == "The articles, oldest first (dates as established in the manifest)"
    assert frame.values.tolist() == [
        ["1999-05-03", "Radio One", "news report", "Ann Smith", "Oil talks"],
        ["2001-10", "Radio One", "analysis", "(unsigned)", "Routes"],
        ["2005", "Daily Two", "news report", "Bo Lee", "Talks"],
    ]


def test_provenance_table_marks_unrecorded_funding(crafted):
    frame, _ = tables.provenance_table(crafted)
    assert list(frame.columns) == ["Outlet", "Date", "Genre", "Funding", "Provenance"]
    assert frame["Funding"].tolist() == ["us-government", "commercial", "unknown"]


def test_sizes_table_names_articles_by_citation_label(crafted):
    frame, title = tables.sizes_table(crafted)
    assert title == "Size of each article (article text only)"
    assert frame.values.tolist() == [
        ["1999-05-03", "Smith 1999", "news report", 17, 2, 2],
        ["2001-10", "Radio One 2001", "analysis", 16, 2, 2],
        ["2005", "Lee 2005", "news report", 4, 1, 1],
    ]


def test_furniture_totals_and_table(crafted):
    # 17 + 16 + 4 words of article text and the 6 words of the repeated paragraph: 6 of 43 is 14 %
    assert tables.furniture_totals(crafted) == {"file-words": 43, "furniture-words": 6, "furniture-pct": "14%"}
    frame, _ = tables.furniture_table(crafted)
    assert frame[
        ["Outlet", "Words of article text", "Words of furniture", "Furniture (part and paragraphs)"]
    ].values.tolist() == [["Smith 1999", 17, 6, "boilerplate 1"], ["Radio One 2001", 16, 0, ""], ["Lee 2005", 4, 0, ""]]


def test_boilerplate_totals_and_table(crafted):
    assert tables.boilerplate_totals(crafted) == {"n-boilerplate": 1, "n-boilerplate-articles": 1}
    frame, title = tables.boilerplate_table(crafted)
    assert title == "Every line removed as boilerplate, by article"
    assert frame[["Outlet", "Line", "Removed text"]].values.tolist() == [
        ["Smith 1999", 5, "They agreed on nothing at all."]
    ]


def test_errata_summary_counts_errors_of_fact(crafted):
    # "wrong place name" and "factual" are errors of fact, "typo" is not; the first in file order is b's place name
    assert tables.errata_summary(crafted) == {
        "n-errata": 3,
        "n-errata-articles": 2,
        "n-errata-factual": 2,
        "errata-fact-original": "the Black Sea port of Baku",
        "errata-fact-correction": "the Caspian port of Baku",
    }


def test_errata_table_in_date_and_paragraph_order(crafted):
    frame, _ = tables.errata_table(crafted)
    assert frame[["Outlet", "As printed", "Kind"]].values.tolist() == [
        ["Smith 1999", "two ministers", "factual"],
        ["Radio One 2001", "Tiblisi", "typo"],
        ["Radio One 2001", "the Black Sea port of Baku", "wrong place name"],
    ]
    assert [str(ref) for ref in frame["¶"]] == ["¶ 1", "¶ 1", "¶ 2"]


def test_data_values_and_manifest(crafted):
    assert tables.data_values(crafted) == {"n-articles": 3, "n-dated-day": 1, "n-dated-month": 1, "n-dated-year": 1}
    frame, _ = tables.manifest_table(crafted)
    assert frame["Author"].tolist() == ["Ann Smith", "(none)", "Bo Lee"]
    assert all(len(sha) == 13 and sha.endswith("…") for sha in frame["SHA-256 (first 12)"])
    evidence, _ = tables.date_evidence_table(crafted)
    assert evidence["Evidence for the date"].tolist()[:2] == ["dateline", "names the October meeting"]


def test_voices_of_plain_narration(crafted):
    # no quotation marks, no speech verb, no interview: every word is the author's
    assert tables.voice_shares(crafted) == {
        "voice-author": "100%",
        "voice-quoted": "0%",
        "voice-speakers": "0%",
        "voice-statement": "0%",
    }
    frame, _ = tables.voices_table(crafted)
    assert frame.values.tolist() == [
        ["1999-05-03", "Smith 1999", 17, "100 %"],
        ["2001-10", "Radio One 2001", 16, "100 %"],
        ["2005", "Lee 2005", 4, "100 %"],
    ]


def test_environment_table_marks_missing_packages():
    frame, title = tables.environment_table(("pandas", "no-such-package-kz"))
    assert title == "Package versions used for this build"
    assert frame["Package"].tolist() == ["Python", "pandas", "no-such-package-kz"]
    assert frame["Version"].tolist()[1:] == [pd.__version__, "not installed"]
