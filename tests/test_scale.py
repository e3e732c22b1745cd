"""The per-article figures switch to a per-year view past ``plots.PER_ARTICLE_LIMIT`` articles.

Crafted corpora: three articles (shown one by one) and ``PER_ARTICLE_LIMIT + 1`` articles, ten published
in 1999 (the first four by a US-government-funded outlet) and the rest in 2003, shown per year. The
expected rows, bars and labels are counted by hand from those numbers.
"""

from __future__ import annotations

import io
import warnings
from types import SimpleNamespace

import matplotlib as mpl
import pandas as pd
import pytest

from kzanalysis.report import figures, plots

LIMIT = plots.PER_ARTICLE_LIMIT
N_1999 = 10
N_2003 = LIMIT + 1 - N_1999
CORRIDORS = [{"id": "north", "name": "North, via Russia"}, {"id": "west", "name": "West, across the Caspian"}]


def crafted(n: int, undated: int = 0) -> pd.DataFrame:
    """``n`` dated articles (the first ten in 1999, the others in 2003), then ``undated`` without a date."""
    rows = []
    for i in range(n + undated):
        year = None if i >= n else 1999 if i < N_1999 else 2003
        date = "" if year is None else f"{year}-{(i % 12) + 1:02d}-10"
        rows.append(
            {
                "id": f"a{i:03d}",
                "title": f"Article {i}",
                "author": f"Writer{i} Surname{i}",
                "outlet": "Radio Free Europe/Radio Liberty (RFE/RL)" if i < 4 else "DiplomaticTraffic.com",
                "genre": "news report",
                "date": date,
                "year": year,
                "date_start": pd.Timestamp(date) if date else pd.NaT,
                "n_words": 100,
                "funding": "us-government" if i < 4 else "commercial",
            }
        )
    return pd.DataFrame(rows)


def render(fig) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig.savefig(io.BytesIO(), format="png", dpi=50)


def texts(ax) -> list[str]:
    return [t.get_text() for t in ax.texts]


def test_the_limit_is_where_the_view_switches():
    assert not plots.per_year_view(3)
    assert not plots.per_year_view(LIMIT)
    assert plots.per_year_view(LIMIT + 1)


def test_article_rows_per_article_then_per_year():
    few = plots.article_table(crafted(3))
    key_of, keys, labels = plots.article_rows(few)
    assert keys == ["a000", "a001", "a002"] and key_of["a001"] == "a001"
    assert labels == few["label"].tolist()

    many = plots.article_table(crafted(LIMIT, undated=1))  # 31 articles, one without a date
    key_of, keys, labels = plots.article_rows(many)
    assert keys == [1999, 2003, "undated"]
    assert labels == ["1999 (10 articles)", "2003 (20 articles)", "undated (1 article)"]
    assert key_of["a000"] == 1999 and key_of["a010"] == 2003 and key_of[f"a{LIMIT:03d}"] == "undated"


def test_timeline_labels_each_article_then_counts_per_year():
    fig = plots.plot_timeline(crafted(3))
    assert len([t for t in fig.axes[0].texts if "\n" in t.get_text()]) == 3  # one label per article

    fig = plots.plot_timeline(crafted(LIMIT + 1))
    ax = fig.axes[0]
    heights = sorted(round(p.get_height()) for p in ax.patches)
    # 1999: 4 US-government-funded + 6 other; 2003: 0 + 21
    assert heights == sorted([4, 6, 0, N_2003])
    assert sorted(t for t in texts(ax) if t.isdigit()) == sorted([str(N_1999), str(N_2003)])
    assert not [t for t in texts(ax) if "\n" in t]
    render(fig)


def heat_counts(articles: pd.DataFrame) -> pd.DataFrame:
    """US mentions: 1 in each 1999 article, 3 in each 2003 article; Russia: 5 in the first article only."""
    rows = [
        {"article_id": a, "group": "United States", "count": 1 if y == 1999 else 3}
        for a, y in zip(articles["id"], articles["year"])
    ]
    rows.append({"article_id": articles["id"].iloc[0], "group": "Russia", "count": 5})
    return pd.DataFrame(rows)


def test_heatmap_rows_per_article_then_mean_per_year():
    articles = crafted(3)
    fig = plots.plot_article_heatmap(heat_counts(articles), articles, column="group", order=["United States", "Russia"])
    assert fig.axes[0].images[0].get_array().shape == (3, 2)

    articles = crafted(LIMIT + 1)
    fig = plots.plot_article_heatmap(heat_counts(articles), articles, column="group", order=["United States", "Russia"])
    ax = fig.axes[0]
    image = ax.images[0].get_array()
    # 1999: US 10/10 = 1.0, Russia 5/10 = 0.5; 2003: US 3.0, Russia 0.0
    assert image.tolist() == [[1.0, 0.5], [3.0, 0.0]]
    assert sorted(t for t in texts(ax)) == sorted(["1.0", "0.5", "3.0", "0.0"])
    assert [t.get_text() for t in ax.get_yticklabels()] == ["1999 (10 articles)", f"2003 ({N_2003} articles)"]
    render(fig)


def corridor_summary(articles: pd.DataFrame) -> pd.DataFrame:
    """The first three (1999) articles name BTC in the west corridor, the second also CPC."""
    ids = articles["id"].tolist()
    return pd.DataFrame(
        {
            "article_id": ids[:3],
            "corridor": ["west"] * 3,
            "n_named": [1, 2, 1],
            "n_described": [0, 1, 0],
            "pipelines": ["btc", "btc, cpc", "btc"],
        }
    )


def test_route_matrix_rows_per_article_then_per_year():
    articles = crafted(3)
    fig = plots.plot_route_matrix(corridor_summary(articles), articles, CORRIDORS)
    assert len(fig.axes[0].get_yticklabels()) == 3

    articles = crafted(LIMIT + 1)
    summary = corridor_summary(articles)
    key_of, _, _ = plots.article_rows(plots.article_table(articles))
    per_year = plots._summary_per_year(summary, key_of)
    assert per_year[["article_id", "corridor", "n_named", "n_described", "pipelines"]].to_dict("records") == [
        {"article_id": 1999, "corridor": "west", "n_named": 4, "n_described": 1, "pipelines": "btc, cpc"}
    ]
    fig = plots.plot_route_matrix(summary, articles, CORRIDORS, pipeline_names={"btc": "BTC", "cpc": "CPC"})
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["1999 (10 articles)", f"2003 ({N_2003} articles)"]
    assert sorted(t for t in texts(ax) if t.isdigit()) == ["1", "4"]
    assert "BTC; CPC" in texts(ax)
    assert texts(ax).count("no article speaks of an export corridor") == 1  # 2003
    render(fig)


def rights_counts(articles: pd.DataFrame) -> pd.DataFrame:
    """Two 1999 articles in which the United States raises rights: 2 claims (none beside security), 3 (one)."""
    ids = articles["id"].tolist()
    return pd.DataFrame({"article_id": ids[:2], "who": ["United States"] * 2, "claims": [2, 3], "beside": [0, 1]})


def test_rights_claims_marker_per_article_then_per_year():
    articles = crafted(3)
    fig = plots.plot_rights_claims(rights_counts(articles), articles)
    assert len([t for t in texts(fig.axes[0]) if t.startswith(("2  ", "3  "))]) == 2  # a label per article

    articles = crafted(LIMIT + 1)
    fig = plots.plot_rights_claims(rights_counts(articles), articles)
    ax = fig.axes[0]
    labels = texts(ax)
    assert "5 in 2" in labels  # 2 + 3 claims in two 1999 articles
    assert sorted(t for t in labels if t.isdigit()) == sorted(["8", str(N_2003)])  # silent articles per year
    filled = [
        c
        for c in ax.collections
        if c.get_facecolor()[0][:3].tolist() != [1.0, 1.0, 1.0]
        and c.get_paths()
        and len(c.get_offsets()) == 1
        and c.get_sizes()[0] > 30
    ]
    assert len(filled) == 1  # the one year marker holds a claim beside security
    render(fig)


def test_event_timeline_row_per_article_then_per_year():
    fig = plots.plot_event_timeline(None, crafted(3))
    assert len([t for t in texts(fig.axes[0]) if "Article:" in t]) == 3

    fig = plots.plot_event_timeline(None, crafted(LIMIT + 1))
    rows = [t for t in texts(fig.axes[0]) if "articles, from" in t]
    assert rows == ["1999   10 articles, from 1999-01-10", f"2003   {N_2003} articles, from 2003-01-10"]
    render(fig)


@pytest.mark.parametrize("n, noted", [(3, False), (LIMIT + 1, True)])
def test_caption_says_when_a_figure_is_drawn_per_year(n, noted):
    corpus = SimpleNamespace(articles=crafted(n), data_dir=None, cache={})
    result = figures.make_figure("chronology", corpus)
    assert (f"With {n} articles, more than the {LIMIT}" in result.caption) is noted
    assert len(result.data) == n  # the data file keeps every article
    assert mpl.dates.num2date(result.fig.axes[0].get_xlim()[0]).year <= 1997


def test_a_table_of_every_article_is_summed_per_year_past_the_limit():
    from kzanalysis.report.book import article_rows_or_summary

    frame = pd.DataFrame(
        {"Date": ["1999-01-10", "1999", "2003-05-01", "2003"], "Genre": ["a", "b", "c", "d"], "Words": [100, 50, 10, 1]}
    )
    same, title = article_rows_or_summary(frame, "Size", 3)
    assert same is frame and title == "Size"

    out, title = article_rows_or_summary(frame, "Size", LIMIT + 1)
    assert out.to_dict("records") == [
        {"Year": "1999", "Articles": 2, "Words": 150},
        {"Year": "2003", "Articles": 2, "Words": 11},
    ]
    assert title.startswith("Size: per year") and f"{LIMIT + 1} articles" in title


def test_a_table_of_lines_is_counted_per_outlet_past_the_limit():
    from kzanalysis.report.book import article_rows_or_summary

    frame = pd.DataFrame({"Outlet": ["TOL", "RFE/RL", "TOL"], "Line": [4, 9, 12], "Kind": ["nav", "nav", "share"]})
    out, title = article_rows_or_summary(
        frame, "Removed", LIMIT + 1, by="Outlet", count="Lines", sums=(), first=("Kind",)
    )
    assert out.to_dict("records") == [
        {"Outlet": "TOL", "Lines": 2, "Kind": "nav"},
        {"Outlet": "RFE/RL", "Lines": 1, "Kind": "nav"},
    ]
    assert "per outlet" in title
