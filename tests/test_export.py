"""CSV export of the analysis tables."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import DATA_DIR

from kzanalysis.export import TABLES, export_tables
from kzanalysis.load.resources import load_errata

REQUIRED_COLUMNS = {
    "articles": [
        "id",
        "title",
        "outlet",
        "author",
        "date",
        "genre",
        "n_words",
        "n_sentences",
        "n_paragraphs",
        "n_unique_words",
        "mean_sentence_length",
    ],
    "paragraphs": ["article_id", "paragraph", "part", "text"],
    "voices": ["article_id", "paragraph", "sentence", "kind", "speaker", "speaker_group", "text"],
    "entities": ["article_id", "paragraph", "entity", "type", "surface"],
    "themes": ["article_id", "paragraph", "theme", "score"],
    "tone": ["article_id", "paragraph", "compound"],
    "quotes": ["article_id", "paragraph", "speaker", "quote"],
    "numbers": ["article_id", "paragraph", "value", "unit", "context"],
    "errata": ["article_id", "paragraph", "original", "correction", "kind", "evidence"],
    "boilerplate": ["article_id", "line"],
    "summaries": ["article_id", "rank", "sentence"],
    "routes": ["article_id", "paragraph", "route", "corridor", "named", "stance", "evidence"],
    "claims": [
        "article_id",
        "paragraph",
        "voice",
        "speaker",
        "side",
        "topic",
        "claim",
        "stance",
        "evidence",
        "coder",
        "reviewed",
        "id",
        "target",
        "forecast",
    ],
    "findings": ["id", "headline", "statement", "n", "confidence", "caveat", "loo", "evidence"],
}


@pytest.fixture(scope="module")
def exported(tmp_path_factory, corpus):
    outdir = tmp_path_factory.mktemp("export")
    written = export_tables(corpus, outdir, progress=False)
    return written, {name: pd.read_csv(path) for name, path in written.items()}


def test_every_table_is_written_with_its_columns(exported):
    written, tables = exported
    assert list(written) == list(TABLES) == list(REQUIRED_COLUMNS)
    for name, path in written.items():
        assert path.name == f"{name}.csv" and path.stat().st_size > 0
        assert set(REQUIRED_COLUMNS[name]) <= set(tables[name].columns), name


def test_articles_table_has_stats_but_no_text(exported, corpus):
    articles = exported[1]["articles"]
    assert "raw_text" not in articles.columns and "text" not in articles.columns
    assert list(articles["id"]) == list(corpus.articles["id"])
    assert list(articles["n_words"]) == list(corpus.articles["n_words"])
    assert list(articles["date_start"]) == ["1997-11-24", "2002-01-01", "2003-10-06", "2006-07-01", "2008-10-05"]


def test_tables_refer_to_real_articles_and_paragraphs(exported, corpus):
    paragraphs = set(zip(corpus.paragraphs["article_id"], corpus.paragraphs["paragraph"]))
    for name in ("entities", "themes", "tone", "quotes", "numbers"):
        table = exported[1][name]
        assert len(table) > 0, name
        assert set(zip(table["article_id"], table["paragraph"].astype(int))) <= paragraphs, name


def test_entities_include_gazetteer_hits_and_unknown_names(exported):
    types = set(exported[1]["entities"]["type"])
    assert "unknown" in types and "person" in types and "country" in types


def test_boilerplate_and_errata_match_their_sources(exported, corpus):
    tables = exported[1]
    assert len(tables["boilerplate"]) == len(corpus.boilerplate)
    assert list(tables["boilerplate"]["line_no"]) == list(corpus.boilerplate["line_no"])
    assert len(tables["errata"]) == len(load_errata(DATA_DIR))


def test_summaries_rank_up_to_three_sentences_per_article(exported, corpus):
    summaries = exported[1]["summaries"]
    assert set(summaries["article_id"]) == set(corpus.articles["id"])
    for _, group in summaries.groupby("article_id"):
        assert list(group["rank"]) == list(range(1, len(group) + 1)) and len(group) <= 3


def test_progress_bar_only_when_asked_or_on_a_terminal(tmp_path, corpus, capsys):
    export_tables(corpus, tmp_path / "quiet", progress=None)  # stderr is captured: not a terminal
    assert capsys.readouterr().err == ""
    export_tables(corpus, tmp_path / "loud", progress=True)
    err = capsys.readouterr().err
    assert "export" in err and f"{len(TABLES)}/{len(TABLES)}" in err


SIXTH_TEXT = """Kazakhstan Signs Pipeline Deal

Kazakhstan Signs Pipeline Deal

Ambassador John Ordway said in Astana that the United States supports the Baku-Tbilisi-Ceyhan pipeline.

"We welcome the agreement on oil exports and on human rights and democracy," Ordway said. Russia and China
were not consulted, and security cooperation against terrorism will continue.

The pipeline will carry 25 million tons a year, about 40 percent of the country's exports.

SUBSCRIBE For regular news and analysis on all five Central Asian countries by e-mail, \
subscribe to "RFE/RL Central Asia Report."
"""


def test_a_sixth_article_reaches_every_table(data_copy, tmp_path):
    """An article added to data/ with its manifest entry and an erratum appears in every table."""
    import yaml
    from conftest import read_manifest, sha256_of, write_manifest

    from kzanalysis.load.corpus import load_corpus

    article = data_copy / "articles" / "zz_sixth.txt"
    article.write_text(SIXTH_TEXT, encoding="utf-8")
    manifest = read_manifest(data_copy)
    manifest["articles"].append(
        {
            "id": "zz_sixth",
            "file": "zz_sixth.txt",
            "sha256": sha256_of(article),
            "title": "Kazakhstan Signs Pipeline Deal",
            "outlet": "Test Wire",
            "author": None,
            "date": "2007-05-01",
            "date_evidence": "crafted for a test",
            "genre": "news report",
            "provenance": "crafted for a test",
        }
    )
    write_manifest(data_copy, manifest)
    errata_path = data_copy / "errata.yml"
    errata = yaml.safe_load(errata_path.read_text(encoding="utf-8"))
    errata["errata"].append(
        {
            "article_id": "zz_sixth",
            "original": "about 40 percent",
            "correction": "about 41 percent",
            "kind": "factual",
            "evidence": "crafted for a test",
        }
    )
    errata_path.write_text(yaml.safe_dump(errata, sort_keys=False, allow_unicode=True), encoding="utf-8")

    written = export_tables(load_corpus(data_copy), tmp_path / "out", progress=False)
    tables = {name: pd.read_csv(path) for name, path in written.items()}
    id_column = {name: ("id" if name == "articles" else "article_id") for name in tables}
    # findings.csv has one row per finding, not per article (its evidence cites articles by outlet and year)
    missing = [
        name for name, table in tables.items() if name != "findings" and "zz_sixth" not in set(table[id_column[name]])
    ]
    assert not missing, f"the sixth article is missing from: {missing}"
    sixth = {name: table[table[id_column[name]] == "zz_sixth"] for name, table in tables.items() if name != "findings"}
    # the new actor surfaces as an unknown name; the quote is attributed to him
    assert "John Ordway" in set(sixth["entities"]["entity"])
    assert "Ordway" in " ".join(sixth["quotes"]["speaker"].dropna())
    # the repeated headline and the subscription prompt are reported as removed (2 lines)
    assert len(sixth["boilerplate"]) == 2
    assert {25.0, 40.0} <= set(sixth["numbers"]["value"])


def test_long_text_cells_are_cut_in_string_and_object_columns():
    from kzanalysis.export import MAX_CELL_CHARS, _bounded

    long_text = "word " * 3000  # 15,000 characters
    table = pd.DataFrame(
        {"text": [long_text, "short"], "n": [1, 2], "mixed": pd.Series([None, long_text], dtype=object)}
    )
    cut = _bounded(table)
    # by hand: a cell over the limit keeps MAX_CELL_CHARS - 1 characters and ends in an ellipsis
    assert cut["text"].iloc[0] == long_text[: MAX_CELL_CHARS - 1] + "\u2026"
    assert cut["text"].iloc[1] == "short"
    assert cut["mixed"].iloc[1] == long_text[: MAX_CELL_CHARS - 1] + "\u2026"
    assert pd.isna(cut["mixed"].iloc[0])  # an empty cell stays empty
    assert cut["n"].tolist() == [1, 2]
