"""Rights and security: who raises rights, beside security, in which period; labels and titles from the corpus."""

from __future__ import annotations

from collections import Counter

import pytest
import yaml
from conftest import DATA_DIR

from kzanalysis.analysis import rights
from kzanalysis.load.bibliography import corpus_bibtex, corpus_span, report_title
from kzanalysis.load.corpus import corpus_from_texts
from kzanalysis.load.labels import author_label, citation_labels, citation_parts

# ----------------------------------------------------------------- crafted texts, answers worked out by hand

TEXTS = {
    # 1998, before September 11: one rights sentence that names the war on terrorism beside rights
    "a": "Human rights and democracy were set aside for the war on terrorism.",
    # 2003, after September 11: nothing on rights
    "b": "Oil and gas prices rose in Astana this year.",
    # 2004, after September 11: rights without any security word
    "c": "Elections and human rights were criticised in the capital.",
}
META = {
    "a": {"genre": "analysis", "outlet": "Outlet A", "date": "1998-03-01"},
    "b": {"genre": "analysis", "outlet": "Outlet B", "date": "2003-02-01"},
    "c": {"genre": "news report", "outlet": "Outlet C", "date": "2004-06-01"},
}


@pytest.fixture(scope="module")
def crafted():
    return corpus_from_texts(TEXTS, META, data_dir=DATA_DIR)


def test_register_finds_the_rights_claims_and_their_security_words(crafted):
    register = rights.rights_register(crafted)
    assert list(register["article_id"]) == ["a", "c"]
    by_article = register.set_index("article_id")
    assert by_article.loc["a", "security_words"] == "war; terrorism"  # both are security terms in themes.yml
    assert bool(by_article.loc["a", "beside_security"]) and not bool(by_article.loc["c", "beside_security"])
    assert set(register["who"]) == {"the writers"}  # the author's narration speaks for no side
    assert list(register["period"]) == ["pre-2001", "post-911"]
    assert not register["reviewed"].any()  # machine proposals for uncoded texts stay unreviewed


def test_periods_count_articles_by_genre_and_decline_with_reasons(crafted):
    table = rights.period_table(crafted).set_index("period")
    assert table.loc["Before September 11", "genres"] == "1 analysis"
    assert table.loc["After September 11", "genres"] == "1 analysis, 1 news report"
    assert table.loc["After Andijan", "articles"] == 0
    assert list(table["rights_claims"]) == [1, 1, 0, 0]
    comparisons = rights.period_comparisons(crafted)
    assert list(comparisons["verdict"]) == ["declined"] * 3
    assert (
        comparisons["text"].iloc[0]
        == "Before September 11 / After September 11: declined, one analysis article in a period"
    )
    assert comparisons["text"].iloc[1] == "After September 11 / After Andijan: declined, no article in After Andijan"
    summary = rights.rights_summary(crafted)
    assert summary["n_claims"] == 2 and summary["n_beside"] == 1
    assert summary["comparison"].startswith("no comparison of periods can be made")


def test_compare_periods_within_a_genre():
    # two analyses in each period: 4 rights claims before, 1 after -> 2.0 and 0.5 per article
    genres = {"p0": Counter({"analysis": 2}), "p1": Counter({"analysis": 2, "interview": 1})}
    claims = Counter({("p0", "analysis"): 4, ("p1", "analysis"): 1, ("p1", "interview"): 3})
    ((_, _, text, status),) = rights.compare_periods(genres, claims, ["p0", "p1"], {"p0": "Early", "p1": "Late"})
    assert status == ("compared", ("analysis", "fewer"))
    assert text == "Early / Late: analysis: fewer rights claims per article after (2.0 before, 0.5 after)"
    ((_, _, text, status),) = rights.compare_periods(
        {"p0": Counter({"analysis": 1}), "p1": Counter({"interview": 1})}, Counter(), ["p0", "p1"], {}
    )
    assert status == ("genres",) and "would set analysis against interview" in text


def test_unclaimed_vocabulary_lists_rights_words_outside_claims():
    # "tolerance" is rights vocabulary; in a text nobody coded it becomes a proposal, so it is claimed;
    # in the real interview (hand coded, no rights claim) it is not
    corpus = corpus_from_texts(
        {"x": "Oil and gas prices rose in Astana this year."},
        {"x": {"genre": "news report", "outlet": "X", "date": "2005"}},
        data_dir=DATA_DIR,
    )
    assert rights.unclaimed_vocabulary(corpus).empty


def test_real_corpus_rights_by_hand(corpus):
    # by hand from claims.yml: 9 rights claims, 4 in the 1997 analysis (3 by US speakers), 5 in the 2002 one;
    # the Kazakh side makes claims on other topics only; 4 rights claims have security words in their sentence
    # ("stability" 1997; "security", "terrorism", "military" 2002)
    summary = rights.rights_summary(corpus)
    assert (summary["n_claims"], summary["n_articles"], summary["n_beside"]) == (9, 2, 4)
    assert "speakers for Kazakhstan" in summary["silent"]
    who = rights.who_table(corpus).set_index("who")
    assert who.loc["United States", "rights_claims"] == 3 and who.loc["the writers", "rights_claims"] == 6
    # the interview's "tolerance" sentences are vocabulary without a claim
    unclaimed = rights.unclaimed_vocabulary(corpus)
    assert "toleran" in " ".join(unclaimed.loc[unclaimed["article"] == "Cromwell 2006", "words"])


# ----------------------------------------------------------------- citation labels and the title


def test_author_label_forms():
    assert author_label("Kalpykova, Marjan") == "Kalpykova"
    assert author_label("{RFE/RL}") == "RFE/RL"
    assert author_label("Thomas Cromwell") == "Cromwell"
    assert author_label("Bush, George and Nazarbayev, Nursultan") == "Bush and Nazarbayev"
    assert author_label("A, B and C, D and E, F") == "A et al."


def test_same_outlet_same_year_get_a_and_b_in_date_order():
    records = [
        {"id": "late", "outlet": "The White House", "date": "2022-01-10"},
        {"id": "early", "outlet": "The White House", "date": "2022-01-07"},
        {"id": "other", "outlet": "The White House", "date": "2024-12-27"},
        {"id": "signed", "author": "Jane Roe (pseudonym)", "outlet": "The White House", "date": "2022"},
    ]
    labels = citation_labels(records, DATA_DIR)
    assert labels == {
        "late": "The White House 2022b",
        "early": "The White House 2022a",
        "other": "The White House 2024",
        "signed": "Roe 2022",
    }
    # a curated entry's author and year win over the manifest
    parts = citation_parts(
        [{"id": "k", "outlet": "IWPR", "date": "2002"}],
        {"k": "@article{k,\n author = {Kalpykova, Marjan},\n year = {2002}\n}"},
    )
    assert parts == {"k": ("Kalpykova", "2002", "")}


def test_real_labels_follow_the_bibliography(corpus):
    labels = citation_labels(corpus.articles, corpus.data_dir)
    assert labels["003_40d1a890abeb5e88"] == "Kalpykova 2002"
    assert labels["002_b4b5912900beeb87"] == "RFE/RL 1997" and labels["000_227c2561fdf8ecac"] == "RFE/RL 2008"
    assert len(set(labels.values())) == len(labels)


def _manifest_dir(tmp_path, articles):
    (tmp_path / "manifest.yml").write_text(yaml.safe_dump({"articles": articles}), encoding="utf-8")
    return tmp_path


def test_bibliography_writes_the_suffix_into_the_year(tmp_path):
    data = _manifest_dir(
        tmp_path,
        [
            {"id": "g1", "file": "g1.txt", "outlet": "The White House", "date": "2022-01-07", "title": "Gaggle"},
            {"id": "r1", "file": "r1.txt", "outlet": "The White House", "date": "2022-01-10", "title": "Readout"},
        ],
    )
    bib = corpus_bibtex(data)
    assert "year = {2022a}" in bib and "year = {2022b}" in bib
    assert bib.index("2022a") < bib.index("2022b")  # manifest order, the earlier is "a"
    assert "author = {{The White House}}" in bib


def test_title_and_span_come_from_the_manifest(tmp_path):
    data = _manifest_dir(tmp_path, [{"id": "x", "date": "2021-07-17"}, {"id": "y", "date": "2024-12"}])
    assert corpus_span(data) == "2021\u20132024"
    assert (
        report_title("Kazakhstan and the United States: a computed reading", data)
        == "Kazakhstan and the United States, 2021\u20132024: a computed reading"
    )
    one = _manifest_dir(tmp_path / "one", []) if (tmp_path / "one").mkdir() is None else None
    assert report_title("A title", one) == "A title"


def test_a_corpus_in_which_no_one_raises_rights_gives_empty_answers_not_errors():
    from kzanalysis.analysis import rights
    from kzanalysis.load.corpus import corpus_from_texts
    from kzanalysis.report import report_tables

    corpus = corpus_from_texts(
        {"zz1": "Kazakhstan signed a trade agreement with China.\n\nThe pipeline opened in 2005, officials said."},
        {"zz1": {"date": "2005-01-02", "genre": "news report", "outlet": "Test"}},
    )
    summary = rights.rights_summary(corpus)
    assert (summary["n_claims"], summary["n_beside"], summary["n_articles"]) == (0, 0, 0)
    assert summary["beside"] == "none"
    report_tables.conclusions_values(corpus)  # the conclusions read the same register
