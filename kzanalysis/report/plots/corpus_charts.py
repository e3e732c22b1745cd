"""Figures of the corpus itself: the chronology of articles, article lengths, boilerplate, distinctive terms
and the timeline of events.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from .layout import (
    _date_axis,
    _event_line,
    _grid_shape,
    _no_data,
    _no_data_figure,
    article_table,
    new_figure,
    per_year_view,
    source_line,
)
from .style import _INK, _MUTED, FIG_WIDTH, HATCHES, PALETTE, _label_fontsize, apply_style


def _timeline_per_year(table: pd.DataFrame, *, title, note, src) -> Figure:
    """The chronology past :data:`PER_ARTICLE_LIMIT`: a bar per year, split by the outlet's funding."""
    dated = table.dropna(subset=["date_start"])
    years = sorted({int(y) for y in dated["year"] if y is not None})
    has_funding = table["funding"].notna().any()
    us = [int(((dated["year"] == y) & (dated["funding"] == "us-government")).sum()) for y in years]
    total = [int((dated["year"] == y).sum()) for y in years]
    subtitle = "Articles per year of publication" + (", filled: US-government-funded outlets" if has_funding else "")
    fig = new_figure(3.2, title=title, subtitle=subtitle, note=note, source=src)
    ax = fig.add_subplot()
    _date_axis(ax, list(dated["date_start"]))
    xs = [mpl.dates.date2num(pd.Timestamp(y, 7, 2)) for y in years]
    other = [t - u for t, u in zip(total, us)]
    if has_funding:
        ax.bar(xs, us, width=300, color=_INK, edgecolor=_INK, linewidth=0.8, zorder=2)
    ax.bar(
        xs,
        other if has_funding else total,
        bottom=us if has_funding else None,
        width=300,
        color="white" if has_funding else _INK,
        edgecolor=_INK,
        linewidth=0.8,
        zorder=2,
    )
    top = max(total, default=1)
    for x, t in zip(xs, total):
        ax.text(x, t + top * 0.02, str(t), ha="center", va="bottom", fontsize=7.5, color=_INK)
    ax.set_ylim(0, top * 1.18 + 0.5)
    ax.set_ylabel("Articles")
    ax.yaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True))
    ax.yaxis.grid(True)
    _event_line(ax, label=True, y=1.0)
    if has_funding:
        handles = [
            mpl.patches.Patch(facecolor=_INK, edgecolor=_INK, label="US-government-funded outlet"),
            mpl.patches.Patch(facecolor="white", edgecolor=_INK, label="other outlet"),
        ]
        ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0.0, 1.0), ncol=2, borderaxespad=0.3)
    return fig


def plot_timeline(
    articles: pd.DataFrame,
    *,
    title: str = "When the articles were written",
    subtitle: str | None = None,
    note: str | None = None,
    source: str | None = None,
) -> Figure:
    """Chronology: one marker per article on a 1997–2008 date axis.

    Each article is labelled with its outlet, genre and date; a bar shows the
    period a partial date covers (a year-only date spans the whole year). A
    dashed vertical line marks 11 September 2001. Articles from outlets whose
    ``funding`` is ``"us-government"`` get a filled marker, others an open one
    (legend shown only if the column is present). Labels are stacked in
    lanes so they never overlap. Past :data:`PER_ARTICLE_LIMIT` articles it
    shows a bar per year instead (filled: US-government-funded outlets),
    labelled with the year's number of articles.
    """
    table = article_table(articles)
    src = source_line(articles, source)
    if table.empty:
        return _no_data_figure(title, subtitle, note, src, "No articles")
    if per_year_view(len(table)):
        return _timeline_per_year(table, title=title, note=note, src=src)

    # Lane packing: label extents estimated in days from their length.
    valid = table.dropna(subset=["date_start"])
    lo = min([pd.Timestamp("1997-01-01"), *valid["date_start"]]) - pd.Timedelta(days=200)
    hi = max([pd.Timestamp("2008-12-31"), *valid["date_start"]]) + pd.Timedelta(days=200)
    # Label widths are measured with the real font; the axis is taken as 5.6 in wide
    # (a little less than it will be), so labels packed into one lane never touch.
    apply_style()
    measure = Figure()
    FigureCanvasAgg(measure)
    renderer = measure.canvas.get_renderer()
    props = font_manager.FontProperties(family=mpl.rcParams["font.family"], size=7.5)
    days_per_px = (hi - lo).days / (5.6 * measure.dpi)
    lanes: list[list[tuple[pd.Timestamp, pd.Timestamp]]] = []
    lane_of = []
    right_aligned = []
    texts = []
    for row in table.itertuples():
        genre = f" · {row.genre}" if row.genre else ""
        text = f"{row.outlet_short}{genre}\n{row.date or row.year}"
        texts.append(text)
        start = row.date_start if not pd.isna(row.date_start) else lo
        width_px = max(
            renderer.get_text_width_height_descent(line, props, ismath=False)[0] for line in text.split("\n")
        )
        extent = pd.Timedelta(days=days_per_px * (width_px + 10))
        # Labels in the right part of the axis run leftwards from their stem, so none
        # runs past the end of the axis (which would make constrained layout shrink it).
        right = start > lo + (hi - lo) * 0.62
        span = (start - extent, start) if right else (start, start + extent)
        right_aligned.append(right)
        for lane, taken in enumerate(lanes):
            if all(span[1] <= a or span[0] >= b for a, b in taken):
                taken.append(span)
                lane_of.append(lane)
                break
        else:
            lanes.append([span])
            lane_of.append(len(lanes) - 1)
    n_lanes = max(lane_of) + 1
    height = 1.2 + 0.42 * n_lanes
    fig = new_figure(height, title=title, subtitle=subtitle, note=note, source=src)
    ax = fig.add_subplot()
    _date_axis(ax, table["date_start"])
    ax.set_ylim(-0.6, n_lanes + 0.1)
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)
    ax.axhline(0, color="#888888", linewidth=0.8, zorder=1)
    has_funding = table["funding"].notna().any()
    for row, lane, text, right in zip(table.itertuples(), lane_of, texts, right_aligned):
        if pd.isna(row.date_start):
            continue
        x0 = mpl.dates.date2num(row.date_start)
        x1 = mpl.dates.date2num(row.date_end)
        us_funded = row.funding == "us-government"
        if x1 > x0:
            ax.plot([x0, x1], [0, 0], color=_INK, linewidth=4, alpha=0.35, solid_capstyle="butt", zorder=2)
        ax.plot([x0, x0], [0, lane + 0.35], color="#999999", linewidth=0.6, zorder=1)
        ax.plot(
            x0,
            0,
            marker="o",
            markersize=7,
            color=_INK,
            markerfacecolor=_INK if (us_funded or not has_funding) else "white",
            markeredgewidth=1.3,
            zorder=3,
        )
        ax.annotate(
            text,
            xy=(x0, lane + 0.35),
            xytext=(-2 if right else 2, 0),
            textcoords="offset points",
            ha="right" if right else "left",
            va="bottom",
            fontsize=7.5,
            color=_INK,
            linespacing=1.1,
            annotation_clip=False,
        )
    _event_line(ax, label=True, y=1.0)
    if has_funding:
        handles = [
            Line2D(
                [], [], marker="o", linestyle="", color=_INK, markerfacecolor=_INK, label="US-government-funded outlet"
            ),
            Line2D([], [], marker="o", linestyle="", color=_INK, markerfacecolor="white", label="other outlet"),
        ]
        ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0.0, 1.0), ncol=2, borderaxespad=0.3)
    return fig


def plot_article_lengths(
    articles: pd.DataFrame,
    *,
    title: str = "How long the articles are",
    subtitle: str | None = "Words of article text per article (furniture left out), oldest at top",
    note: str | None = None,
    source: str | None = None,
) -> Figure:
    """Horizontal bars: words per article (``n_words``), in date order.

    One bar per article, annotated with its word count (and sentence count
    when ``n_sentences`` is present).
    """
    table = article_table(articles)
    src = source_line(articles, source)
    if table.empty:
        return _no_data_figure(title, subtitle, note, src, "No articles")
    sentences = {}
    if articles is not None and "n_sentences" in articles.columns:
        sentences = dict(zip(articles["id"].astype(str), articles["n_sentences"]))
    n = len(table)
    fig = new_figure(0.6 + 0.3 * n, title=title, subtitle=subtitle, note=note, source=src)
    ax = fig.add_subplot()
    y = np.arange(n)
    ax.barh(y, table["n_words"], color=PALETTE[2], height=0.62)
    ax.set_yticks(y, table["label"], fontsize=_label_fontsize(n))
    ax.invert_yaxis()
    ax.set_xlabel("Words")
    top = max(int(table["n_words"].max()), 1)
    ax.set_xlim(0, top * 1.28)
    ax.xaxis.grid(True)
    for yi, (aid, words) in enumerate(zip(table["id"], table["n_words"])):
        extra = f" · {int(sentences[aid])} sentences" if aid in sentences and not pd.isna(sentences[aid]) else ""
        ax.text(words + top * 0.01, yi, f"{int(words):,}{extra}", va="center", fontsize=_label_fontsize(n, 8, 6))
    ax.xaxis.set_major_formatter(mpl.ticker.StrMethodFormatter("{x:,.0f}"))
    return fig


def plot_boilerplate(
    boilerplate: pd.DataFrame,
    articles: pd.DataFrame,
    *,
    title: str = "Boilerplate removed before analysis",
    subtitle: str | None = "Lines removed per article, by kind",
    note: str | None = None,
    source: str | None = None,
) -> Figure:
    """Stacked horizontal bars: boilerplate lines removed per article by ``kind``.

    ``boilerplate`` has columns ``article_id`` and ``kind`` (one row per
    removed line, as ``Corpus.boilerplate``). Every article gets a row, with
    0 for articles that had none; kinds differ by colour and hatch.
    """
    table = article_table(articles)
    src = source_line(articles, source)
    if table.empty:
        return _no_data_figure(title, subtitle, note, src, "No articles")
    if boilerplate is None or len(boilerplate) == 0:
        counts = pd.DataFrame(index=table["id"])
    else:
        counts = (
            boilerplate.assign(kind=boilerplate["kind"].fillna("other").astype(str))
            .groupby(["article_id", "kind"])
            .size()
            .unstack(fill_value=0)
        )
    counts = counts.reindex(table["id"], fill_value=0)
    kinds = list(counts.sum().sort_values(ascending=False).index)
    n = len(table)
    fig = new_figure(0.8 + 0.3 * n + (0.25 if kinds else 0), title=title, subtitle=subtitle, note=note, source=src)
    ax = fig.add_subplot()
    y = np.arange(n)
    left = np.zeros(n)
    for i, kind in enumerate(kinds):
        values = counts[kind].to_numpy(dtype=float)
        ax.barh(
            y,
            values,
            left=left,
            height=0.62,
            color=PALETTE[(i + 1) % len(PALETTE)],
            hatch=HATCHES[i % len(HATCHES)],
            edgecolor="#333333",
            linewidth=0.5,
            label=kind.replace("-", " "),
        )
        left += values
    ax.set_yticks(y, table["label"], fontsize=_label_fontsize(n))
    ax.invert_yaxis()
    ax.set_xlabel("Lines removed")
    top = max(float(left.max()), 1.0)
    ax.set_xlim(0, top * 1.15 + 0.5)
    ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True))
    ax.xaxis.grid(True)
    for yi, total in enumerate(left):
        ax.text(total + top * 0.015, yi, f"{int(total)}", va="center", fontsize=_label_fontsize(n, 8, 6))
    if kinds:
        ax.legend(
            loc="upper center",
            bbox_to_anchor=(0.5, -0.16 - 0.3 / max(n, 1)),
            ncol=min(3, len(kinds)),
            title="Kind of line",
            title_fontsize=8.5,
        )
    else:
        ax.text(
            0.5,
            0.5,
            "No boilerplate lines were removed",
            transform=ax.transAxes,
            ha="center",
            va="center",
            color=_MUTED,
        )
    return fig


def plot_distinctive_terms(
    terms: pd.DataFrame,
    articles: pd.DataFrame,
    *,
    n: int = 8,
    title: str = "What sets each article apart",
    subtitle: str | None = "Most distinctive words and phrases per article (TF-IDF weight)",
    note: str | None = None,
    source: str | None = None,
) -> Figure:
    """Small multiples: the top ``n`` terms per article as horizontal bars.

    ``terms`` has columns ``article_id``, ``term``, ``score`` (and optionally
    ``rank``). One panel per article in date order; an article without terms
    gets a "No terms" panel.
    """
    table = article_table(articles)
    src = source_line(articles, source)
    if table.empty:
        return _no_data_figure(title, subtitle, note, src, "No articles")
    rows, cols = _grid_shape(len(table), 3 if len(table) != 4 else 2)
    panel_h = 0.3 + 0.19 * n
    fig = new_figure(rows * panel_h + 0.1, title=title, subtitle=subtitle, note=note, source=src)
    axes = fig.subplots(rows, cols, squeeze=False)
    terms = terms if terms is not None else pd.DataFrame(columns=["article_id", "term", "score"])
    label_chars = 26 if cols == 3 else 34
    for index, ax in enumerate(axes.flat):
        if index >= len(table):
            ax.set_axis_off()
            continue
        row = table.iloc[index]
        ax.set_title(textwrap.shorten(row["label"], 32, placeholder="…"), fontsize=8.5)
        sub = terms[terms["article_id"].astype(str) == row["id"]] if len(terms) else terms
        if len(sub) == 0:
            _no_data(ax, "No terms")
            continue
        sub = sub.sort_values("rank" if "rank" in sub.columns else "score", ascending="rank" in sub.columns).head(n)
        y = np.arange(len(sub))
        ax.barh(y, sub["score"], color=PALETTE[2], height=0.7)
        ax.set_yticks(y, [textwrap.shorten(str(t), label_chars, placeholder="…") for t in sub["term"]], fontsize=7.5)
        ax.set_ylim(n - 0.5, -0.5)
        ax.tick_params(axis="x", labelsize=7)
        ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(3))
        ax.spines["left"].set_visible(False)
        ax.tick_params(axis="y", length=0)
    return fig


def plot_event_timeline(
    events: pd.DataFrame,
    articles: pd.DataFrame,
    *,
    topic_labels: Mapping[str, str] | None = None,
    title: str = "The articles among the events",
    subtitle: str | None = None,
    note: str | None = None,
    source: str | None = None,
) -> Figure:
    """Chronology: events and articles on one calendar axis, one labelled row each.

    ``events`` has columns date (as written), date_start (Timestamp), title
    and topics (tuple of topic ids); ``articles`` is the article table. The
    left axis is calendar time (oldest at top): each event is a marker on it
    at its date and each article a black square. Every item also gets a row
    of its own on the right, in date order and evenly spaced, holding its
    date and label, joined to its marker by a thin line; because both run in
    date order the lines never cross, and because rows are evenly spaced the
    labels never overlap, however close the dates. The first topic of
    ``topic_labels`` that an event has sets its marker (filled circle,
    open diamond, ...); ``topic_labels`` maps topic id -> legend text. Past
    :data:`PER_ARTICLE_LIMIT` articles, the articles of a year share one
    square and row (at the year's first article, with their number).
    """
    table = article_table(articles)
    src = source_line(articles, source)
    topic_labels = dict(topic_labels or {})
    items: list[tuple[pd.Timestamp, int, str, str, str | None]] = []
    for row in (events if events is not None else pd.DataFrame()).itertuples(index=False):
        topic = next((t for t in topic_labels if t in tuple(row.topics)), None)
        items.append((pd.Timestamp(row.date_start), 0, str(row.date), str(row.title), topic))
    if per_year_view(len(table)):
        dated = table.dropna(subset=["date_start"])
        for year, group in dated.groupby("year", sort=True):
            n_art = len(group)
            items.append(
                (
                    pd.Timestamp(group["date_start"].min()),
                    1,
                    str(int(year)),
                    f"{n_art} article{'' if n_art == 1 else 's'}, from {group['date'].iloc[0]}",
                    None,
                )
            )
    for row in table.itertuples(index=False) if not per_year_view(len(table)) else []:
        if pd.isna(row.date_start):
            continue
        genre = f" · {row.genre}" if row.genre else ""
        items.append((pd.Timestamp(row.date_start), 1, str(row.date or row.year), f"Article: {row.label}{genre}", None))
    if not items:
        return _no_data_figure(title, subtitle, note, src, "No events or articles")
    items.sort(key=lambda item: (item[0], item[1]))
    n = len(items)
    row_in = 0.175
    fig = new_figure(0.35 + row_in * n + 0.25, title=title, subtitle=subtitle, note=note, source=src)
    ax = fig.add_subplot()
    dates = [mpl.dates.date2num(item[0]) for item in items]
    lo, hi = min(dates), max(dates)
    pad = max((hi - lo) * 0.02, 30.0)
    lo, hi = lo - pad, hi + pad
    ax.set_ylim(hi, lo)  # oldest at top
    ax.set_xlim(0.0, 1.0)
    ax.set_xticks([])
    for side in ("bottom", "top", "right"):
        ax.spines[side].set_visible(False)
    span_years = (hi - lo) / 365.25
    step = 1 if span_years <= 12 else 2 if span_years <= 24 else 5
    ax.yaxis.set_major_locator(mpl.dates.YearLocator(step))
    ax.yaxis.set_major_formatter(mpl.dates.DateFormatter("%Y"))
    ax.tick_params(axis="y", labelsize=7.5)
    # events sit on the calendar axis, articles in a lane just right of it, so no marker covers another kind
    axis_x, article_x, label_x = 0.035, 0.075, 0.20
    rows = [lo + (i + 0.5) * (hi - lo) / n for i in range(n)]
    markers = ["o", "D", "^", "s", "v"]
    style = {t: markers[i % len(markers)] for i, t in enumerate(topic_labels)}
    fill = {t: (_INK if i % 2 == 0 else "white") for i, t in enumerate(topic_labels)}
    apply_style()
    measure = Figure()
    FigureCanvasAgg(measure)
    renderer = measure.canvas.get_renderer()
    max_px = (1 - label_x) * (FIG_WIDTH - 0.9) * measure.dpi
    for (_when, kind, date_text, label, topic), y_date, y_row in zip(items, dates, rows):
        article = kind == 1
        x0 = article_x if article else axis_x
        ax.plot(
            [x0, 0.12, label_x - 0.01],
            [y_date, y_row, y_row],
            color="#AAAAAA" if not article else _INK,
            linewidth=0.5 if not article else 0.8,
            zorder=1,
            clip_on=False,
        )
        if article:
            ax.plot(article_x, y_date, marker="s", markersize=5.5, color=_INK, zorder=3, clip_on=False)
        else:
            ax.plot(
                axis_x,
                y_date,
                marker=style.get(topic, "o"),
                markersize=4.5,
                color=_INK,
                markerfacecolor=fill.get(topic, "white"),
                markeredgewidth=0.9,
                zorder=2,
                clip_on=False,
            )
        weight = "bold" if article else "normal"
        props = font_manager.FontProperties(family=mpl.rcParams["font.family"], size=7.5, weight=weight)
        text = f"{date_text}   {label}"
        while renderer.get_text_width_height_descent(text, props, ismath=False)[0] > max_px and len(text) > 12:
            text = text[: max(len(text) - 4, 10)].rstrip() + "…"
            text = text.replace("……", "…")
        ax.text(
            label_x,
            y_row,
            text,
            ha="left",
            va="center",
            fontsize=7.5,
            fontweight=weight,
            color=_INK,
            parse_math=False,
            clip_on=False,
        )
    handles = [Line2D([], [], marker="s", linestyle="", color=_INK, markersize=6, label="article")]
    handles += [
        Line2D(
            [],
            [],
            marker=style[t],
            linestyle="",
            color=_INK,
            markerfacecolor=fill[t],
            markersize=5,
            label=f"event: {text}",
        )
        for t, text in topic_labels.items()
    ]
    ax.legend(
        handles=handles,
        loc="lower left",
        bbox_to_anchor=(0.0, 1.0),
        ncol=len(handles),
        borderaxespad=0.2,
        handletextpad=0.3,
        columnspacing=1.0,
        fontsize=7.5,
    )
    return fig
