"""Register tables (one row per claim, position, figure, forecast or sentence) are counted past the limit.

The limit (``report.scale.PER_ARTICLE_LIMIT``) is set low, so that small crafted frames and the real
five-article corpus stand for a large corpus. The expected summaries are counted by hand from the crafted
rows; on the real corpus the summaries are checked against the full tables (the counts add up to the rows,
the files they name are written by the CSV export).
"""

from __future__ import annotations

import re
from types import SimpleNamespace

import pandas as pd
import pytest

from kzanalysis.analysis.findings import Finding
from kzanalysis.export import TABLES
from kzanalysis.report import book, findings_glue, scale
from kzanalysis.report import report_tables as tables


@pytest.fixture
def limit_two(monkeypatch):
    monkeypatch.setattr(scale, "PER_ARTICLE_LIMIT", 2)


def register() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Six claims in three articles (a: 3, b: 1, c: 2); the shown frame and its keys (voice, powers)."""
    shown = pd.DataFrame({"Article": list("aaabcc"), "Evidence": [f"words {i}" for i in range(6)]})
    keys = pd.DataFrame(
        {
            "Voice": ["author", "quoted", "author", "quoted", "author", "editor"],
            "Powers": ["Russia", "China", "Russia", "China", "Russia", None],
        }
    )
    return shown, keys


def test_a_register_is_shown_as_it_is_up_to_the_limit():
    shown, keys = register()
    same, title = book.register_rows_or_summary(
        shown, "Every claim", 3, keys=keys, articles=shown["Article"], count="Claims", csv="claims.csv"
    )
    assert same is shown and title == "Every claim"


def test_a_register_is_counted_by_its_keys_past_the_limit(limit_two):
    shown, keys = register()
    out, title = book.register_rows_or_summary(
        shown,
        "Every claim",
        3,
        keys=keys,
        articles=shown["Article"],
        count="Claims",
        csv="claims.csv",
        detail="topic balancing",
        flags={"Unreviewed": [True, False, False, True, True, False]},
    )
    # author/Russia: rows 0, 2, 4 in articles a, a, c (rows 0 and 4 unreviewed); quoted/China: rows 1, 3 in a, b
    # (row 3 unreviewed); editor with no power: row 5 in c. Most rows first.
    assert out.to_dict("records") == [
        {"Voice": "author", "Powers": "Russia", "Claims": 3, "Articles": 2, "Unreviewed": 2},
        {"Voice": "quoted", "Powers": "China", "Claims": 2, "Articles": 2, "Unreviewed": 1},
        {"Voice": "editor", "Powers": "", "Claims": 1, "Articles": 1, "Unreviewed": 0},
    ]
    assert title == (
        "Every claim: counted by voice and powers, as the corpus has 3 articles (more than 2); "
        "each of the 6 claims is a row of claims.csv (topic balancing) in the CSV export"
    )


def test_rows_of_equal_count_keep_the_order_they_first_occur_and_keys_can_order_them(limit_two):
    shown = pd.DataFrame({"Article": list("abcd")})
    keys = pd.DataFrame({"Year": ["2003", "1999", "2003", "1999"], "Period": ["late", "early", "late", "early"]})
    kwargs = dict(keys=keys, articles=shown["Article"], count="Forecasts", csv="claims.csv")
    out, _ = book.register_rows_or_summary(shown, "Forecasts", 4, **kwargs)
    assert out["Year"].tolist() == ["2003", "1999"]  # two each: 2003 comes first in the register
    out, title = book.register_rows_or_summary(shown, "Forecasts", 4, by_keys=True, **kwargs)
    assert out.to_dict("records") == [
        {"Year": "1999", "Period": "early", "Forecasts": 2, "Articles": 2},
        {"Year": "2003", "Period": "late", "Forecasts": 2, "Articles": 2},
    ]
    assert "counted by year and period" in title and "each of the 4 forecasts is a row of claims.csv in" in title


def test_an_empty_register_is_counted_as_an_empty_table(limit_two):
    shown = pd.DataFrame({"Article": [], "Evidence": []})
    keys = pd.DataFrame({"Voice": pd.Series([], dtype=object)})
    out, title = book.register_rows_or_summary(
        shown, "Every claim", 3, keys=keys, articles=[], count="Claims", csv="claims.csv", flags={"Beside": []}
    )
    assert out.empty and list(out.columns) == ["Voice", "Claims", "Articles", "Beside"]
    assert "each of the 0 claims" in title


def test_summary_only_columns_of_a_per_article_table_stay_hidden_up_to_the_limit(monkeypatch):
    frame = pd.DataFrame({"Article": ["A 1999", "B 1999", "C 2003"], "Named": ["BTC", "", "CPC"]})
    hidden = pd.DataFrame({"Date": ["1999-02-01", "1999", "2003-07"], "Naming": [1, 0, 1]})
    same, title = book.article_rows_or_summary(frame, "Lines", 3, hidden=hidden, sums=("Naming",))
    assert same is frame and title == "Lines"

    monkeypatch.setattr(scale, "PER_ARTICLE_LIMIT", 2)
    out, title = book.article_rows_or_summary(
        frame, "Lines", 3, hidden=hidden, sums=("Naming",), where="each line is in lines.csv"
    )
    assert out.to_dict("records") == [
        {"Year": "1999", "Articles": 2, "Naming": 1},
        {"Year": "2003", "Articles": 1, "Naming": 1},
    ]
    assert title == "Lines: per year, as the corpus has 3 articles (more than 2); each line is in lines.csv"


def test_prose_words_and_lists_switch_at_the_limit(monkeypatch):
    items = [f"A{i}" for i in range(book.LISTED_LIMIT + 2)]
    assert book.listed_or_counted(2, "lists every claim", "counts the claims") == "lists every claim"
    assert book.capped_list(items, 2) == ", ".join(items)

    monkeypatch.setattr(scale, "PER_ARTICLE_LIMIT", 1)
    assert book.listed_or_counted(2, "lists every claim", "counts the claims") == "counts the claims"
    assert book.capped_list(items, 2) == ", ".join(items[: book.LISTED_LIMIT]) + " and 2 more"
    assert book.capped_list(items[:3], 2, joiner="; ") == "A0; A1; A2"


def test_leave_one_out_grid_becomes_one_row_per_finding_past_the_limit(monkeypatch):
    labels = [f"Art {i}" for i in range(13)]
    grid = pd.DataFrame(
        [
            {"Finding": "Corridors?", "Verdict": "changes"}
            | {f"Without {a}": ("changes" if i < 12 else "holds") for i, a in enumerate(labels)},
            {"Finding": "Sources?", "Verdict": "not computable"}
            | {f"Without {a}": ("not computable" if i == 0 else "holds") for i, a in enumerate(labels)},
        ]
    )
    monkeypatch.setattr("kzanalysis.analysis.findings.loo_grid", lambda corpus: grid)
    corpus = SimpleNamespace(articles=pd.DataFrame({"id": range(13)}))

    same, _ = tables.loo_table(corpus)
    assert same is grid

    monkeypatch.setattr(scale, "PER_ARTICLE_LIMIT", 2)
    out, title = tables.loo_table(corpus)
    assert out.to_dict("records") == [
        {
            "Finding": "Corridors?",
            "Verdict": "changes",
            "Holds without (articles)": 1,
            "Changes without": ", ".join(labels[:10]) + " and 2 more",
            "Not computable without": "",
        },
        {
            "Finding": "Sources?",
            "Verdict": "not computable",
            "Holds without (articles)": 12,
            "Changes without": "",
            "Not computable without": "Art 0",
        },
    ]
    assert "as the corpus has 13 articles (more than 2)" in title


def test_key_finding_evidence_names_the_first_articles_and_counts_the_rest(monkeypatch):
    def fake_text(finding, corpus):
        return "; ".join(f"{a} ¶ {p}" if p is not None else a for a, p, _ in finding.evidence)

    monkeypatch.setattr(findings_glue, "evidence_text", fake_text)
    monkeypatch.setattr(findings_glue, "LISTED_LIMIT", 2)
    corpus = SimpleNamespace(articles=pd.DataFrame({"id": ["x", "y", "z", "w"]}))
    # in corpus order: x (¶ 1, ¶ 2), y (whole article), z (¶ 4), w (¶ 5, ¶ 5 again and ¶ 6)
    evidence = [("z", 4, ()), ("x", 1, ()), ("x", 2, ()), ("y", None, ()), ("w", 5, ("c1",)), ("w", 5, ("c2",))]
    evidence.append(("w", 6, ()))
    finding = Finding(id="f", question="", headline="", statement="", n_articles=4, n_claims=3, evidence=evidence)

    assert findings_glue.shown_evidence(finding, corpus) == fake_text(finding, corpus)  # 4 articles, limit 30

    monkeypatch.setattr(scale, "PER_ARTICLE_LIMIT", 3)
    assert findings_glue.shown_evidence(finding, corpus) == (
        "x ¶ 1; x ¶ 2; y; and 2 more articles (3 paragraphs): every reference is in findings.csv of the CSV export"
    )


REGISTERS = [
    ("balancing_claims_table", "Claims"),
    ("route_positions_table", "Claims"),
    ("route_figures_table", "Figures"),
    ("route_forecasts_table", "Forecasts"),
    ("rights_register_table", "Claims"),
    ("rights_unclaimed_table", "Sentences"),
]


@pytest.mark.parametrize("name, count", REGISTERS)
def test_real_registers_add_up_and_name_an_exported_file(corpus, monkeypatch, name, count):
    full, full_title = getattr(tables, name)(corpus)
    assert count not in full.columns

    monkeypatch.setattr(scale, "PER_ARTICLE_LIMIT", 2)
    out, title = getattr(tables, name)(corpus)
    assert int(out[count].sum()) == len(full)
    assert out["Articles"].max() <= full["Article"].nunique()
    assert title.startswith(full_title + ": counted by ")
    csv = re.search(r"is a row of (\w+)\.csv", title).group(1)
    assert csv in TABLES
    assert f"each of the {len(full):,} {count.lower()}" in title


def test_real_route_lines_per_year_count_the_articles_of_the_full_table(corpus, monkeypatch):
    full, _ = tables.route_lines_table(corpus)
    monkeypatch.setattr(scale, "PER_ARTICLE_LIMIT", 2)
    out, title = tables.route_lines_table(corpus)
    assert int(out["Articles"].sum()) == len(full) == len(corpus.articles)
    assert int(out["Naming a pipeline"].sum()) == int((full["Pipelines named"] != "").sum())
    assert int(out["Describing a corridor"].sum()) == int((full["Corridors described"] != "").sum())
    assert int(out["Taking a position"].sum()) == int((full["Who takes which position"] != "").sum())
    assert out["Year"].tolist() == sorted(out["Year"])
    assert "per year" in title and "routes.csv" in title and "claims.csv" in title
