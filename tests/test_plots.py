"""Tests for kzanalysis.report.plots: every figure kind on crafted tables.

Each plot function is drawn for one article, five articles and many
articles, and with empty input; the tests check what the figure says
(title, source line with n, number of bars, markers, labels) and that the
title block, plotting area and source line never overlap.
"""

from __future__ import annotations

import io
import itertools
import json
import warnings

import matplotlib as mpl
import networkx as nx
import numpy as np
import pandas as pd
import pytest
from conftest import DATA_DIR
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from kzanalysis.report import plots

OUTLETS = [
    "Radio Free Europe/Radio Liberty (RFE/RL)",
    "Institute for War and Peace Reporting (IWPR), Reporting Central Asia",
    "Transitions Online (TOL), republished by Templeton Thorp",
    "DiplomaticTraffic.com",
]
THEMES = ["energy", "security", "rights", "balancing", "economy"]


def make_articles(n: int, start_year: int = 1997, end_year: int = 2008) -> pd.DataFrame:
    """``n`` crafted articles spread evenly over the years, like Corpus.articles."""
    years = np.linspace(start_year, end_year, n).round().astype(int) if n > 1 else np.array([2003])
    rows = []
    for i, year in enumerate(years):
        date = f"{year}-{(i % 12) + 1:02d}-15" if i % 3 else str(year)
        rows.append(
            {
                "id": f"{i:03d}_article",
                "title": f"Article {i}",
                "outlet": OUTLETS[i % len(OUTLETS)],
                "genre": ["analysis", "news report", "interview"][i % 3],
                "date": date,
                "year": int(year),
                "date_start": pd.Timestamp(date if len(date) > 4 else f"{date}-01-01"),
                "n_words": 300 + 97 * i,
                "n_sentences": 10 + i,
                "funding": "us-government" if i % 2 == 0 else "commercial",
            }
        )
    return pd.DataFrame(rows)


def render(fig: Figure) -> bytes:
    """Draw the figure to PNG, turning any warning into a failure."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=60)
    data = buffer.getvalue()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return data


def all_text(fig: Figure) -> str:
    texts = [t.get_text() for t in fig.findobj(mpl.text.Text)]
    return "\n".join(texts)


def assert_frame_clear(fig: Figure) -> None:
    """Title block above and source line below every axes, with no overlap."""
    render(fig)
    renderer = fig.canvas.get_renderer()
    by_gid = {t.get_gid(): t.get_window_extent(renderer) for t in fig.texts if t.get_gid()}
    header_bottom = min(by_gid[g].y0 for g in ("kz-title", "kz-subtitle") if g in by_gid)
    footer_top = max(by_gid[g].y1 for g in ("kz-source", "kz-note") if g in by_gid)
    width, height = fig.canvas.get_width_height()
    for gid, box in by_gid.items():
        assert box.x0 >= 0 and box.x1 <= width + 1, f"{gid} runs off the figure"
        assert box.y0 >= 0 and box.y1 <= height + 1, f"{gid} runs off the figure"
    for ax in fig.axes:
        if not ax.get_visible():
            continue
        box = ax.get_tightbbox(renderer)
        if box is None:
            continue
        assert box.y1 <= header_bottom + 1, "an axes reaches into the title block"
        assert box.y0 >= footer_top - 1, "an axes reaches into the source line"


def bars(ax) -> list[Rectangle]:
    return [p for p in ax.patches if isinstance(p, Rectangle)]


# ----------------------------------------------------------------------------- style and helpers


def test_apply_style_sets_legible_sizes_and_sequential_map():
    mpl.rcParams["font.size"] = 20
    plots.apply_style()
    assert mpl.rcParams["font.size"] == plots.BASE_SIZE
    assert 8 <= mpl.rcParams["xtick.labelsize"] <= 10
    assert mpl.rcParams["image.cmap"] in ("cividis", "viridis")
    assert mpl.rcParams["axes.spines.top"] is False


def _luma(colour) -> float:
    """Greyscale value (ITU-R BT.601 luma, 0 black to 1 white) of a colour."""
    r, g, b = mpl.colors.to_rgb(colour)
    return 0.299 * r + 0.587 * g + 0.114 * b


def test_luma_by_hand():
    # 0.299 * 0xE6/255 + 0.587 * 0x9F/255 + 0.114 * 0 = 0.2697 + 0.3660 = 0.636
    assert _luma("#E69F00") == pytest.approx(0.636, abs=0.001)
    assert (_luma("#000000"), _luma("#FFFFFF")) == (0.0, pytest.approx(1.0))


def test_palette_colours_differ_in_greyscale():
    """Any two palette colours are at least 0.06 apart in luma; neighbours in the sequence at least 0.12."""
    values = [_luma(c) for c in plots.PALETTE]
    ordered = sorted(values)
    assert min(b - a for a, b in zip(ordered, ordered[1:])) >= 0.06
    assert min(abs(b - a) for a, b in zip(values, values[1:])) >= 0.12


def test_sides_are_told_apart_without_colour():
    """Every two sides (Unknown included) differ in marker, and in hatch or clearly in lightness.

    Markers tell points and lines apart in greyscale; a bar is told apart by its hatch or its grey.
    """
    styles = {**plots.GROUP_STYLES, "Unknown": plots._UNKNOWN_GROUP_STYLE}
    names = list(styles)
    problems = []
    for i, first in enumerate(names):
        for second in names[i + 1 :]:
            a, b = styles[first], styles[second]
            if a["marker"] == b["marker"]:
                problems.append(f"{first}/{second}: same marker")
            if a["hatch"] == b["hatch"] and abs(_luma(a["color"]) - _luma(b["color"])) < 0.06:
                problems.append(f"{first}/{second}: same hatch and nearly the same grey")
    assert not problems, problems


def test_short_outlet():
    assert plots.short_outlet("Radio Free Europe/Radio Liberty (RFE/RL)") == "RFE/RL"
    assert plots.short_outlet("Transitions Online (TOL), republished by Templeton Thorp") == "TOL"
    assert plots.short_outlet("DiplomaticTraffic.com") == "DiplomaticTraffic.com"
    assert plots.short_outlet(None) == "unknown outlet"


def test_source_line_names_each_article_behind_the_figure_with_its_date():
    articles = pd.DataFrame(
        {
            "id": ["a", "b"],
            "outlet": ["Radio Free Europe/Radio Liberty", "Test Outlet"],
            "author": [None, "Jane Doe"],
            "date": ["1997-11-24", "2002"],
            "year": [1997, 2002],
        }
    )
    line = plots.source_line(articles)
    labels = plots.article_labels(articles)
    assert line.startswith(f"Source: {labels['a']} (1997-11-24), {labels['b']}; analysis with kzanalysis")
    assert line.endswith("n = 2 articles, 1997–2002.")
    many = plots.source_line(make_articles(plots.SOURCE_LIST_LIMIT + 1))
    assert f"{plots.SOURCE_LIST_LIMIT + 1} articles" in many and "(listed in the figure's data file)" in many


def test_source_line_counts_articles_and_years():
    assert plots.source_line(make_articles(3)).endswith("n = 3 articles, 1997–2008.")
    one = plots.source_line(make_articles(1))
    assert one.endswith("n = 1 article, 2003.")
    assert plots.source_line(None).endswith("n = 0 articles.")
    assert plots.source_line(make_articles(2), "My data").startswith("Source: My data. n = 2 articles")


def test_article_labels_are_unique_and_in_date_order():
    articles = make_articles(3)
    # Two articles from the same outlet in the same year must still be told apart.
    articles.loc[1, ["outlet", "year", "date", "date_start"]] = [
        OUTLETS[0],
        1997,
        "1997-05-01",
        pd.Timestamp("1997-05-01"),
    ]
    table = plots.article_table(articles)
    assert table["label"].is_unique
    assert list(table["date_start"]) == sorted(table["date_start"])
    assert table.loc[table["date"] == "1997", "date_end"].iloc[0] == pd.Timestamp("1997-12-31")


def test_article_table_tolerates_missing_columns():
    table = plots.article_table(pd.DataFrame({"id": ["a", "b"]}))
    # no author, outlet or date: the bibliography's fallback name, undated labels told apart by suffix
    assert list(table["label"]) == ["unknown outlet n.d.-a", "unknown outlet n.d.-b"]
    assert table["year"].tolist() == [None, None]
    render(plots.plot_timeline(pd.DataFrame({"id": ["a"], "date": ["2004-03"]})))


# ----------------------------------------------------------------------------- corpus figures


@pytest.mark.parametrize("n", [1, 5, plots.PER_ARTICLE_LIMIT])
def test_timeline(n):
    articles = make_articles(n)
    fig = plots.plot_timeline(articles, title="Chronology")
    assert plots.figure_title(fig) == "Chronology"
    assert f"n = {n} article" in plots.figure_source(fig)
    assert plots.EVENT_LABEL in all_text(fig)
    ax = fig.axes[0]
    labels = [a for a in ax.texts if "\n" in a.get_text()]
    assert len(labels) == n
    assert_frame_clear(fig)
    # Article labels never overlap each other.
    renderer = fig.canvas.get_renderer()
    boxes = [a.get_window_extent(renderer) for a in labels]
    for a, b in itertools.combinations(boxes, 2):
        assert not a.overlaps(b)
    # The x axis spans the report period.
    lo, hi = ax.get_xlim()
    assert mpl.dates.num2date(lo).year <= 1997 and mpl.dates.num2date(hi).year >= 2008


def test_timeline_empty():
    fig = plots.plot_timeline(make_articles(0).iloc[0:0])
    assert "No articles" in all_text(fig)
    render(fig)


@pytest.mark.parametrize("n", [1, 5, 40])
def test_article_lengths_one_bar_per_article(n):
    articles = make_articles(n)
    fig = plots.plot_article_lengths(articles)
    ax = fig.axes[0]
    assert len(bars(ax)) == n
    assert sorted(round(b.get_width()) for b in bars(ax)) == sorted(articles["n_words"])
    assert f"{articles['n_words'].max():,}" in all_text(fig)
    assert_frame_clear(fig)


def test_boilerplate_counts_kinds_and_zero_articles():
    articles = make_articles(3)
    ids = articles["id"].tolist()
    boilerplate = pd.DataFrame(
        {"article_id": [ids[0], ids[0], ids[2]], "kind": ["navigation", "copyright", "navigation"]}
    )
    fig = plots.plot_boilerplate(boilerplate, articles)
    ax = fig.axes[0]
    # One bar segment per (kind, article): 2 kinds x 3 articles.
    assert len(bars(ax)) == 6
    totals = [t.get_text() for t in ax.texts]
    assert totals == ["2", "0", "1"]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert set(legend) == {"navigation", "copyright"}
    assert_frame_clear(fig)
    empty = plots.plot_boilerplate(pd.DataFrame(columns=["article_id", "kind"]), articles)
    assert "No boilerplate lines were removed" in all_text(empty)
    render(empty)


@pytest.mark.parametrize("n", [1, 4, 12])
def test_distinctive_terms_small_multiples(n):
    articles = make_articles(n)
    terms = pd.DataFrame(
        [
            {"article_id": aid, "rank": r + 1, "term": f"term {r}", "score": 1 / (r + 1)}
            for aid in articles["id"][: max(n - 1, 1)]
            for r in range(6)
        ]
    )
    fig = plots.plot_distinctive_terms(terms, articles, n=6)
    panels = [ax for ax in fig.axes if ax.get_title(loc="left")]
    assert len(panels) == n
    with_bars = [ax for ax in panels if bars(ax)]
    assert all(len(bars(ax)) == 6 for ax in with_bars)
    if n > 1:
        assert "No terms" in all_text(fig)
    assert_frame_clear(fig)


# ----------------------------------------------------------------------------- word clouds


@pytest.mark.parametrize("n", [1, 5, 9])
def test_wordclouds_grid_adapts(n):
    articles = make_articles(n)
    frequencies = {
        aid: {"oil": 10 + i, "pipeline": 5, "security": 3, "rights": 2} for i, aid in enumerate(articles["id"])
    }
    frequencies[articles["id"].iloc[-1]] = {}
    fig = plots.plot_wordclouds(frequencies, articles)
    assert len([ax for ax in fig.axes if ax.images]) == n - 1
    assert "No words" in all_text(fig)
    assert_frame_clear(fig)


def test_wordcloud_is_reproducible_and_dark():
    freqs = {"oil": 12, "pipeline": 7, "security": 4, "rights": 2, "astana": 1}
    first = plots._wordcloud_image(freqs, 300, 150, plots.SEQUENTIAL_CMAP)
    second = plots._wordcloud_image(freqs, 300, 150, plots.SEQUENTIAL_CMAP)
    assert np.array_equal(first, second)
    ink = first[first.sum(axis=2) < 3 * 250]
    # Words are drawn in tones dark enough to read in greyscale.
    assert ink.mean() < 160


def test_contrast_clouds_two_panels_and_empty_side():
    articles = make_articles(5)
    fig = plots.plot_contrast_clouds({"human rights": 4, "democracy": 3}, {}, articles, labels=("Rights", "Security"))
    titles = [ax.get_title(loc="left") for ax in fig.axes]
    assert titles == ["Rights (7 matches)", "Security (0 matches)"]
    assert "No matches" in all_text(fig)
    assert_frame_clear(fig)


# ----------------------------------------------------------------------------- routes


def crafted_routes():
    return [
        {
            "id": "btc",
            "name": "Baku–Tbilisi–Ceyhan",
            "path_status": "operating",
            "path": [(49.9, 40.4), (44.8, 41.7), (35.8, 36.9)],
            "legs": [{"name": "tanker", "mode": "tanker", "status": "operating", "path": [[51.2, 43.6], [49.9, 40.4]]}],
            "endpoints": {
                "start": {"name": "Baku", "lon": 49.9, "lat": 40.4},
                "end": {"name": "Ceyhan", "lon": 35.8, "lat": 36.9},
            },
        },
        {
            "id": "cpc",
            "name": "Caspian Pipeline Consortium (Tengiz–Novorossiysk)",
            "path_status": "operating",
            "path": [(53.4, 46.1), (51.9, 47.1), (37.8, 44.7)],
            "endpoints": {
                "start": {"name": "Tengiz", "lon": 53.4, "lat": 46.1},
                "end": {"name": "Novorossiysk", "lon": 37.8, "lat": 44.7},
            },
        },
        {
            "id": "iran",
            "name": "Iran",
            "path_status": "proposed",
            "path": [(52.9, 43.3), (50.3, 29.2)],
            "endpoints": {
                "start": {"name": "Zhanaozen", "lon": 52.9, "lat": 43.3},
                "end": {"name": "Kharg Island", "lon": 50.3, "lat": 29.2},
            },
        },
        {
            "id": "samara",
            "name": "Atyrau–Samara",
            "path": [(51.9, 47.1), (50.1, 53.2)],
            "endpoints": {
                "start": {"name": "Atyrau", "lon": 51.9, "lat": 47.1},
                "end": {"name": "Samara", "lon": 50.1, "lat": 53.2},
            },
        },
    ]


def countries():
    document = json.loads((DATA_DIR / "geo" / "ne_110m_countries_region.geojson").read_text(encoding="utf-8"))
    return [(f["properties"]["name"], f["geometry"]) for f in document["features"]]


def test_route_legs_modes_and_planned():
    legs = plots.route_legs(crafted_routes()[0])
    assert [leg["mode"] for leg in legs] == ["pipeline", "tanker"]
    assert plots.route_legs(crafted_routes()[2])[0]["planned"] is True
    assert plots.short_route_name("Caspian Pipeline Consortium (Tengiz–Novorossiysk)") == "Caspian Pipeline Consortium"


def test_route_map_legend_labels_and_frame():
    articles = make_articles(5)
    fig = plots.plot_route_map(crafted_routes(), countries(), articles, mentioned={"btc": 3})
    ax = fig.axes[0]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "Baku–Tbilisi–Ceyhan (3 articles)" in legend
    assert "Atyrau–Samara (0 articles)" in legend
    assert "tanker leg (by sea)" in legend and "proposed or under construction" in legend
    # Tanker legs are dashed, proposed ones dotted, the rest solid.
    styles = {line.get_linestyle() for line in ax.get_lines() if line.get_color() != "white"}
    assert {"-", "--", ":"} <= styles
    # Frame covers the Caspian region and stretches to include every endpoint.
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    assert x0 <= 25 and x1 >= 90 and y0 <= 29.2 - 0.5 and y1 >= 57
    assert "KAZAKHSTAN" in all_text(fig)
    assert_frame_clear(fig)
    # Endpoint labels never overlap each other.
    renderer = fig.canvas.get_renderer()
    names = {"Baku", "Ceyhan", "Tengiz", "Novorossiysk", "Zhanaozen", "Kharg Island", "Atyrau", "Samara"}
    boxes = [t.get_window_extent(renderer) for t in ax.texts if t.get_text() in names]
    assert len(boxes) == len(names)
    for a, b in itertools.combinations(boxes, 2):
        assert not a.overlaps(b)


def test_route_map_without_routes():
    fig = plots.plot_route_map([], countries(), make_articles(2))
    assert "No routes to show" in all_text(fig)
    render(fig)


CORRIDORS = [
    {"id": "north", "name": "North, via Russia"},
    {"id": "west", "name": "West, across the Caspian and the Caucasus"},
    {"id": "east", "name": "East, to China"},
    {"id": "south", "name": "South, via Iran"},
]


def test_route_matrix_marks_named_and_described_references():
    articles = make_articles(3)
    ids = articles["id"].tolist()
    summary = pd.DataFrame(
        {
            "article_id": [ids[0], ids[0], ids[1]],
            "corridor": ["west", "east", "north"],
            "n_named": [2, 0, 1],
            "n_described": [1, 3, 0],
            "pipelines": ["btc", "", "cpc"],
        }
    )
    names = {"btc": "Baku–Tbilisi–Ceyhan", "cpc": "Caspian Pipeline Consortium (Tengiz–Novorossiysk)"}
    fig = plots.plot_route_matrix(summary, articles, CORRIDORS, pipeline_names=names)
    ax = fig.axes[0]
    markers = [line.get_marker() for line in ax.get_lines() if line.get_marker() not in (None, "None", "")]
    assert sorted(markers) == sorted(["s", "o", "o", "s"])  # west: named + described; east: described; north: named
    texts = [t.get_text() for t in ax.texts]
    assert sorted(t for t in texts if t.isdigit()) == ["1", "1", "2", "3"]
    assert "Baku–Tbilisi–Ceyhan" in texts
    assert "Caspian Pipeline\nConsortium" in texts  # short name, wrapped
    assert texts.count("speaks of no export corridor") == 1  # the third article
    columns = [t.get_text().replace("\n", " ") for t in ax.get_xticklabels()]
    assert columns[3] == "South, via Iran (no article)" and columns[0] == "North, via Russia"
    assert [t.get_text() for t in ax.get_yticklabels()] == plots.article_table(articles)["label"].tolist()
    assert_frame_clear(fig)


def test_route_matrix_empty_inputs():
    assert "No corridors" in all_text(plots.plot_route_matrix(pd.DataFrame(), make_articles(2), []))
    assert "No articles" in all_text(plots.plot_route_matrix(pd.DataFrame(), make_articles(2).iloc[0:0], CORRIDORS))
    fig = plots.plot_route_matrix(
        pd.DataFrame(columns=["article_id", "corridor", "n_named", "n_described"]), make_articles(2), CORRIDORS
    )
    assert all_text(fig).count("speaks of no export corridor") == 2
    assert all_text(fig).count("(no article)") == 4
    render(fig)


# ----------------------------------------------------------------------------- themes


def crafted_rates(articles):
    rng = np.random.default_rng(3)
    return pd.DataFrame(
        [
            {"article_id": aid, "theme": t, "rate_per_1000": float(rng.uniform(0, 30))}
            for aid in articles["id"]
            for t in THEMES
        ]
    )


@pytest.mark.parametrize("n", [1, 5, 30])
def test_theme_rates_one_line_per_theme_energy_bold(n):
    articles = make_articles(n)
    fig = plots.plot_theme_rates(crafted_rates(articles), articles, highlight="energy")
    ax = fig.axes[0]
    theme_lines = [line for line in ax.get_lines() if line.get_label() in {t.capitalize() for t in THEMES}]
    assert len(theme_lines) == len(THEMES)
    widths = {line.get_label(): line.get_linewidth() for line in theme_lines}
    assert widths["Energy"] == max(widths.values())
    assert all(len(line.get_xdata()) == n for line in theme_lines)
    assert_frame_clear(fig)


def test_theme_rates_empty():
    fig = plots.plot_theme_rates(pd.DataFrame(columns=["article_id", "theme", "rate_per_1000"]), make_articles(3))
    assert "No theme matches" in all_text(fig)
    render(fig)


@pytest.mark.parametrize("n", [1, 5, plots.PER_ARTICLE_LIMIT])
def test_article_heatmap_annotates_every_cell(n):
    articles = make_articles(n)
    counts = pd.DataFrame(
        [
            {"article_id": aid, "group": g, "count": i + j}
            for i, aid in enumerate(articles["id"])
            for j, g in enumerate(["United States", "Russia"])
        ]
    )
    order = ["United States", "Kazakhstan", "Russia", "China"]
    fig = plots.plot_article_heatmap(counts, articles, column="group", order=order)
    ax = fig.axes[0]
    image = ax.images[0].get_array()
    assert image.shape == (n, len(order))
    assert np.all(image[:, 1] == 0) and np.all(image[:, 3] == 0)  # categories without data get zeros
    cells = [t for t in ax.texts if t.get_text().isdigit()]
    assert len(cells) == n * len(order)
    assert [t.get_text().replace("\n", " ") for t in ax.get_xticklabels()] == order
    if 0 < (articles["date_start"] < plots.EVENT_DATE).sum() < n:
        assert plots.EVENT_LABEL in all_text(fig)
    assert_frame_clear(fig)


def test_article_heatmap_empty():
    fig = plots.plot_article_heatmap(pd.DataFrame(), make_articles(2), column="group")
    assert "No data" in all_text(fig)
    render(fig)


def crafted_scores(articles, n_paragraphs=6):
    rows = []
    for i, aid in enumerate(articles["id"]):
        for p in range(1, n_paragraphs + 1):
            rows.append({"article_id": aid, "paragraph": p, "theme": "rights", "score": float((i + p) % 3)})
            rows.append({"article_id": aid, "paragraph": p, "theme": "security", "score": float((i * p) % 4)})
            rows.append({"article_id": aid, "paragraph": p, "theme": "energy", "score": 1.0})
    return pd.DataFrame(rows)


# make_articles: n=1 is one 2003 article (none before the event); n=5 spans 1997, 2000, 2002, 2005, 2008
# and n=20 starts in 1997, so both have articles before 11 September 2001 and after it
@pytest.mark.parametrize(("n", "marks_event"), [(1, False), (5, True), (20, True)])
def test_theme_paragraphs_marks_event_and_article_boundaries(n, marks_event):
    articles = make_articles(n)
    fig = plots.plot_theme_paragraphs(crafted_scores(articles), articles, labels=("Rights", "Security"))
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Rights", "Security"]
    assert len(ax.get_xticks()) == n
    assert (plots.EVENT_LABEL in all_text(fig)) is marks_event
    assert_frame_clear(fig)


def test_theme_scatter_counts_shown_and_hidden_paragraphs():
    articles = make_articles(4)
    scores = crafted_scores(articles)
    fig = plots.plot_theme_scatter(scores, articles, x_theme="security", y_theme="rights")
    wide = scores.pivot_table(index=["article_id", "paragraph"], columns="theme", values="score")
    shown = int(((wide["rights"] > 0) | (wide["security"] > 0)).sum())
    hidden = len(wide) - shown
    ax = fig.axes[0]
    assert sum(len(c.get_offsets()) for c in ax.collections) == shown
    subtitle = " ".join(t.get_text() for t in fig.texts if t.get_gid() == "kz-subtitle").replace("\n", " ")
    assert f"({shown} of {len(wide)})" in subtitle and f"{hidden} paragraphs score zero" in subtitle
    assert_frame_clear(fig)


def test_theme_scatter_and_paragraphs_empty():
    articles = make_articles(2)
    assert "No paragraphs" in all_text(plots.plot_theme_scatter(pd.DataFrame(), articles))
    assert "No paragraphs" in all_text(plots.plot_theme_paragraphs(None, articles))


# ----------------------------------------------------------------------------- actors, tone, quotes


def crafted_graph(n_nodes=25):
    graph = nx.Graph()
    groups = plots.GROUP_ORDER + [None]
    for i in range(n_nodes):
        graph.add_node(f"Entity {i:02d}", count=100 - 3 * i, group=groups[i % len(groups)], type="person")
    for i in range(n_nodes):
        for j in range(i + 1, n_nodes):
            if (i * j) % 5 == 1:
                graph.add_edge(f"Entity {i:02d}", f"Entity {j:02d}", weight=1 + (i + j) % 4)
    return graph


def test_network_keeps_top_n_and_is_reproducible():
    articles = make_articles(5)
    graph = crafted_graph()
    fig = plots.plot_network(graph, articles, top_n=10)
    labels = {t.get_text() for t in fig.axes[0].texts}
    assert labels == {f"Entity {i:02d}" for i in range(10)}
    assert_frame_clear(fig)
    # Same input in a different insertion order gives the same picture.
    shuffled = nx.Graph()
    shuffled.add_nodes_from(reversed(list(graph.nodes(data=True))))
    shuffled.add_edges_from(reversed(list(graph.edges(data=True))))
    again = plots.plot_network(shuffled, articles, top_n=10)
    assert render(fig) == render(again)


def test_network_empty_and_single_node():
    articles = make_articles(1)
    assert "No entities" in all_text(plots.plot_network(nx.Graph(), articles))
    single = nx.Graph()
    single.add_node("Kazakhstan", count=3, group="Kazakhstan")
    render(plots.plot_network(single, articles))


def test_tone_bars_zero_line_and_n():
    tone = pd.DataFrame(
        {
            "actor": ["Russia", "United States", "Iran"],
            "n_sentences": [12, 40, 3],
            "mean_compound": [0.1, 0.3, -0.2],
            "n_articles": [4, 5, 1],
        }
    )
    fig = plots.plot_tone(tone, make_articles(5))
    ax = fig.axes[0]
    assert len(bars(ax)) == 3
    assert [t.get_text() for t in ax.get_yticklabels()] == ["United States", "Russia", "Iran"]
    assert any(line.get_xdata()[0] == 0 for line in ax.get_lines())
    text = all_text(fig)
    assert "n = 40 sentences, 5 articles" in text and "-0.20" in text
    negative = [b for b in bars(ax) if b.get_width() < 0]
    assert negative and all(b.get_hatch() for b in negative)
    lo, hi = ax.get_xlim()
    assert lo == -hi
    assert_frame_clear(fig)
    assert "No sentences" in all_text(plots.plot_tone(pd.DataFrame(), make_articles(5)))


def test_quote_groups_bars_and_unattributed():
    quotes = pd.DataFrame(
        {
            "article_id": ["a", "a", "b", "b", "c"],
            "speaker": ["Condoleezza Rice", "Marat Tazhin", "Kassymzhomart Tokaev", "Kassymzhomart Tokaev", None],
            "speaker_group": ["United States", "Kazakhstan", "Kazakhstan", "Kazakhstan", None],
        }
    )
    fig = plots.plot_quote_groups(quotes, make_articles(3))
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["United States", "Kazakhstan", "Unattributed"]
    assert [round(b.get_width()) for b in bars(ax)] == [1, 3, 1]
    assert "Kassymzhomart Tokaev 2" in all_text(fig)
    assert_frame_clear(fig)
    assert "No quotations found" in all_text(plots.plot_quote_groups(quotes.iloc[0:0], make_articles(3)))


def test_long_title_and_note_wrap_inside_figure():
    long = "A very long title that would run off the right edge of the figure if it were not wrapped " * 2
    fig = plots.plot_article_lengths(make_articles(3), title=long, subtitle=long, note=long)
    title = next(t for t in fig.texts if t.get_gid() == "kz-title")
    assert "\n" in title.get_text()
    assert plots.figure_title(fig) == " ".join(long.split())
    assert_frame_clear(fig)


def test_article_heatmap_shades_each_column_on_its_own_scale():
    articles = make_articles(2)
    first, second = articles["id"].tolist()
    counts = pd.DataFrame({"article_id": [first, second, first], "group": ["A", "A", "B"], "count": [10, 5, 1]})
    fig = plots.plot_article_heatmap(counts, articles, column="group", order=["A", "B"], scale="column")
    shade = np.asarray(fig.axes[0].images[0].get_array())
    # by hand: column A 10 and 5 -> 1.0 and 0.5 of its largest; column B 1 and 0 -> 1.0 and 0.0
    assert shade.tolist() == [[1.0, 1.0], [0.5, 0.0]]
    labels = sorted(t.get_text() for t in fig.axes[0].texts if t.get_text().isdigit())
    assert labels == ["0", "1", "10", "5"]  # the cells still print the counts themselves
    one_scale = plots.plot_article_heatmap(counts, articles, column="group", order=["A", "B"])
    assert np.asarray(one_scale.axes[0].images[0].get_array()).tolist() == [[10.0, 1.0], [5.0, 0.0]]
    with pytest.raises(ValueError, match="scale"):
        plots.plot_article_heatmap(counts, articles, column="group", scale="rows")


def test_route_map_names_the_ports_of_a_tanker_leg():
    route = {
        "id": "r1",
        "name": "Test line",
        "path": [[49.9, 40.4], [44.0, 41.7], [35.8, 36.9]],
        "legs": [
            {
                "name": "crossing",
                "mode": "tanker",
                "status": "operating",
                "path": [[51.2, 43.6], [49.9, 40.4]],
                "ports": ["Portwest", "Porteast"],
            }
        ],
        "endpoints": {
            "start": {"name": "Porteast", "lon": 49.9, "lat": 40.4},
            "end": {"name": "Farend", "lon": 35.8, "lat": 36.9},
        },
    }
    texts = all_text(plots.plot_route_map([route], [], make_articles(1)))
    # the leg's first point is named by its first port; its last point is the route's start, named once
    assert "Portwest" in texts and texts.count("Porteast") == 1 and "Farend" in texts
