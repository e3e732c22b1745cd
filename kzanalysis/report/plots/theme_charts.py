"""Themes over time: theme rates, themes per paragraph before and after the event, the two-theme scatter,
and who raises human rights when.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib import patheffects
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from .layout import (
    _articles_per_year,
    _date_axis,
    _event_line,
    _no_data_figure,
    _per_year_text,
    _period_lines,
    article_rows,
    article_table,
    new_figure,
    per_year_view,
    source_line,
)
from .placement import _spread_labels
from .style import (
    _BEFORE_SHADE,
    _INK,
    _MUTED,
    EVENT_DATE,
    EVENT_LABEL,
    LINESTYLES,
    MARKERS,
    SEQUENTIAL_CMAP,
    _label_fontsize,
)


def plot_theme_rates(
    rates: pd.DataFrame,
    articles: pd.DataFrame,
    *,
    highlight: str | None = "energy",
    theme_labels: Mapping[str, str] | None = None,
    value: str = "rate_per_1000",
    title: str = "Energy vocabulary over time",
    subtitle: str | None = "Theme matches per 1,000 words, one point per article",
    note: str | None = None,
    source: str | None = None,
) -> Figure:
    """Theme rates by article date: one line per theme, the highlighted theme bold.

    ``rates`` has ``article_id``, ``theme`` and ``value`` (default
    ``rate_per_1000``). Lines differ by colour, line style and marker and
    are labelled directly at their right end (no legend to decode). A dashed
    line marks 11 September 2001.
    """
    table = article_table(articles)
    src = source_line(articles, source)
    if table.empty or rates is None or len(rates) == 0:
        return _no_data_figure(title, subtitle, note, src, "No articles" if table.empty else "No theme matches")
    wide = (
        rates.pivot_table(index="article_id", columns="theme", values=value, aggfunc="sum")
        .reindex(table["id"])
        .fillna(0)
    )
    themes = list(wide.columns)
    if highlight in themes:
        themes = [highlight] + [t for t in themes if t != highlight]
    labels = {t: (theme_labels or {}).get(t, str(t).capitalize()) for t in themes}
    fig = new_figure(3.0, title=title, subtitle=subtitle, note=note, source=src)
    ax = fig.add_subplot()
    x = [mpl.dates.date2num(d) if not pd.isna(d) else np.nan for d in table["date_start"]]
    _date_axis(ax, table["date_start"], pad_days=150, step=2)
    ymax = float(np.nanmax(wide.to_numpy())) if wide.size else 1.0
    ymax = ymax if ymax > 0 else 1.0
    ends = []
    for i, theme in enumerate(themes):
        is_main = theme == highlight
        color = _INK if is_main else ["#0072B2", "#E69F00", "#882255", "#CC79A7", "#999999"][(i - 1) % 5]
        ax.plot(
            x,
            wide[theme].to_numpy(),
            color=color,
            linewidth=2.6 if is_main else 1.2,
            linestyle="-" if is_main else LINESTYLES[1 + (i - 1) % (len(LINESTYLES) - 1)],
            marker=MARKERS[i % len(MARKERS)],
            markersize=7 if is_main else 4.5,
            zorder=4 if is_main else 3,
            markerfacecolor=color if is_main else "white",
            label=labels[theme],
        )
        ends.append((theme, float(wide[theme].to_numpy()[-1]), color, is_main))
    if highlight in themes:
        for xi, yi in zip(x, wide[highlight].to_numpy()):
            ax.annotate(
                f"{yi:.1f}",
                xy=(xi, yi),
                xytext=(0, 7),
                textcoords="offset points",
                ha="center",
                fontsize=7.5,
                fontweight="bold",
                color=_INK,
                zorder=6,
                path_effects=[patheffects.withStroke(linewidth=2.5, foreground="white")],
            )
    # Direct labels right of the last point, spread so they never overlap.
    positions = _spread_labels([e[1] for e in ends], ymax * 0.075)
    for (theme, _, color, is_main), y in zip(ends, positions):
        ax.annotate(
            labels[theme],
            xy=(1.0, y),
            xycoords=("axes fraction", "data"),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            ha="left",
            fontsize=8,
            color=color if color != "#999999" else _MUTED,
            fontweight="bold" if is_main else "normal",
            annotation_clip=False,
        )
    ax.set_ylim(0, max(ymax, max(positions)) * 1.15)
    ax.set_ylabel("Matches per 1,000 words" if value == "rate_per_1000" else value)
    ax.yaxis.grid(True)
    _event_line(ax)
    return fig


def plot_theme_paragraphs(
    scores: pd.DataFrame,
    articles: pd.DataFrame,
    *,
    a: str = "rights",
    b: str = "security",
    labels: tuple[str, str] | None = None,
    title: str = "Rights and security, paragraph by paragraph",
    subtitle: str | None = "Theme matches per 100 words in each paragraph; articles in date order",
    note: str | None = None,
    source: str | None = None,
) -> Figure:
    """Timeline of two theme scores across every paragraph of the corpus.

    ``scores`` is long (``article_id``, ``paragraph``, ``theme``, ``score``,
    as ``themes.theme_scores``). The x axis runs through the paragraphs of
    the articles in date order; article boundaries are marked and labelled,
    paragraphs of articles written before 11 September 2001 sit on a grey
    background. Theme ``a`` is a solid line with circles, ``b`` a dashed line
    with squares.
    """
    table = article_table(articles)
    src = source_line(articles, source)
    labels = labels or (a.capitalize(), b.capitalize())
    if table.empty or scores is None or len(scores) == 0:
        return _no_data_figure(title, subtitle, note, src, "No articles" if table.empty else "No paragraphs")
    wide = scores[scores["theme"].isin([a, b])].pivot_table(
        index=["article_id", "paragraph"], columns="theme", values="score", aggfunc="sum"
    )
    all_paragraphs = scores[["article_id", "paragraph"]].drop_duplicates()
    fig = new_figure(2.9, title=title, subtitle=subtitle, note=note, source=src)
    ax = fig.add_subplot()
    ys_a, ys_b, xs = [], [], []
    x = 0
    boundaries = []
    centres = []
    before_end = None
    for row in table.itertuples():
        paras = sorted(all_paragraphs.loc[all_paragraphs["article_id"].astype(str) == row.id, "paragraph"].tolist())
        if not paras:
            continue
        start = x
        for p in paras:
            key = (row.id, p)
            va = (
                float(wide.loc[key, a])
                if a in wide.columns and key in wide.index and not pd.isna(wide.loc[key, a])
                else 0.0
            )
            vb = (
                float(wide.loc[key, b])
                if b in wide.columns and key in wide.index and not pd.isna(wide.loc[key, b])
                else 0.0
            )
            xs.append(x)
            ys_a.append(va)
            ys_b.append(vb)
            x += 1
        # Break the lines between articles.
        xs.append(np.nan)
        ys_a.append(np.nan)
        ys_b.append(np.nan)
        boundaries.append(x - 0.5)
        centres.append(((start + x - 1) / 2, row.label))
        if not pd.isna(row.date_start) and row.date_start < EVENT_DATE:
            before_end = x - 0.5
    if not centres:
        return _no_data_figure(title, subtitle, note, src, "No paragraphs")
    ymax = max([v for v in ys_a + ys_b if not np.isnan(v)] + [1.0])
    if before_end is not None:
        ax.axvspan(-0.5, before_end, color=_BEFORE_SHADE, zorder=0)
        ax.axvline(before_end, color=_INK, linewidth=1.0, linestyle=(0, (4, 2)))
        halo = [patheffects.withStroke(linewidth=2.5, foreground="white")]
        ax.annotate(
            f"\u2190 before\n{EVENT_LABEL}",
            xy=(before_end, 1.0),
            xycoords=("data", "axes fraction"),
            xytext=(-3, -2),
            textcoords="offset points",
            ha="right",
            va="top",
            fontsize=7.5,
            color=_INK,
            path_effects=halo,
            zorder=6,
        )
        ax.annotate(
            "after \u2192",
            xy=(before_end, 1.0),
            xycoords=("data", "axes fraction"),
            xytext=(3, -2),
            textcoords="offset points",
            ha="left",
            va="top",
            fontsize=7.5,
            color=_INK,
            path_effects=halo,
            zorder=6,
        )
    for boundary in boundaries[:-1]:
        if boundary != before_end:
            ax.axvline(boundary, color="#BBBBBB", linewidth=0.6)
    # Lines run through every paragraph; markers only where a paragraph scores, so zeros do not clutter.
    xs_arr, a_arr, b_arr = np.array(xs, dtype=float), np.array(ys_a, dtype=float), np.array(ys_b, dtype=float)
    ax.plot(xs_arr, a_arr, color="#0072B2", linestyle="-", linewidth=1.3, zorder=3)
    ax.plot(xs_arr, b_arr, color=_INK, linestyle=(0, (4, 1.5)), linewidth=1.2, zorder=3)
    with np.errstate(invalid="ignore"):
        ax.plot(xs_arr[a_arr > 0], a_arr[a_arr > 0], linestyle="", marker="o", markersize=4, color="#0072B2", zorder=4)
        ax.plot(
            xs_arr[b_arr > 0],
            b_arr[b_arr > 0],
            linestyle="",
            marker="s",
            markersize=4,
            color=_INK,
            markerfacecolor="white",
            zorder=4,
        )
    handles = [
        Line2D([], [], color="#0072B2", linestyle="-", marker="o", markersize=4, label=labels[0]),
        Line2D(
            [],
            [],
            color=_INK,
            linestyle=(0, (4, 1.5)),
            marker="s",
            markersize=4,
            markerfacecolor="white",
            label=labels[1],
        ),
    ]
    ax.set_xlim(-0.5, x - 0.5)
    ax.set_ylim(0, ymax * 1.25)
    ax.set_ylabel("Matches per 100 words")
    n_art = len(centres)
    ax.set_xticks(
        [c for c, _ in centres],
        [lab for _, lab in centres],
        fontsize=_label_fontsize(n_art, 8, 6, 5, 30),
        rotation=0 if n_art <= 5 else 90,
    )
    ax.tick_params(axis="x", length=0)
    ax.yaxis.grid(True)
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.14 if n_art <= 5 else -0.35), ncol=2)
    return fig


def plot_theme_scatter(
    scores: pd.DataFrame,
    articles: pd.DataFrame,
    *,
    x_theme: str = "security",
    y_theme: str = "rights",
    labels: tuple[str, str] | None = None,
    title: str = "Do rights and security share paragraphs?",
    subtitle: str | None = None,
    note: str | None = None,
    source: str | None = None,
) -> Figure:
    """Scatter of paragraphs: ``x_theme`` score against ``y_theme`` score.

    One point per paragraph that scores on at least one of the two themes;
    the number scoring on neither is stated in the figure. Shape and fill
    say whether the article was written before (open circle) or after
    (filled triangle) 11 September 2001; colour (cividis) gives the article
    year. A diagonal marks equal scores.
    """
    table = article_table(articles)
    src = source_line(articles, source)
    labels = labels or (x_theme.capitalize(), y_theme.capitalize())
    if table.empty or scores is None or len(scores) == 0:
        return _no_data_figure(title, subtitle, note, src, "No articles" if table.empty else "No paragraphs")
    wide = scores[scores["theme"].isin([x_theme, y_theme])].pivot_table(
        index=["article_id", "paragraph"], columns="theme", values="score", aggfunc="sum"
    )
    all_paragraphs = scores[["article_id", "paragraph"]].drop_duplicates().set_index(["article_id", "paragraph"])
    wide = wide.reindex(all_paragraphs.index).fillna(0)
    for t in (x_theme, y_theme):
        if t not in wide.columns:
            wide[t] = 0.0
    wide = wide.reset_index()
    info = table.set_index("id")
    wide["date_start"] = wide["article_id"].astype(str).map(info["date_start"])
    wide["year"] = wide["article_id"].astype(str).map(info["year"])
    shown = wide[(wide[x_theme] > 0) | (wide[y_theme] > 0)]
    zero = len(wide) - len(shown)
    if subtitle is None:
        subtitle = (
            f"One point per paragraph that uses either vocabulary ({len(shown)} of {len(wide)}); "
            f"{zero} paragraphs score zero on both and are not shown"
        )
    fig = new_figure(3.7, title=title, subtitle=subtitle, note=note, source=src)
    ax = fig.add_subplot()
    top = max(float(shown[[x_theme, y_theme]].to_numpy().max()) if len(shown) else 1.0, 1.0) * 1.1
    ax.plot([0, top], [0, top], color="#AAAAAA", linewidth=0.8, linestyle=":", zorder=1)
    ax.text(
        top * 0.97,
        top * 0.9,
        "equal",
        rotation=45,
        ha="right",
        va="top",
        fontsize=7,
        color=_MUTED,
        rotation_mode="anchor",
    )
    years = [y for y in table["year"] if y is not None]
    norm = mpl.colors.Normalize(
        vmin=min(years, default=1997), vmax=max(max(years, default=2008), min(years, default=1997) + 1)
    )
    cmap = mpl.colormaps[SEQUENTIAL_CMAP]
    # Jitter identical points a little, deterministically, so overlaps show.
    rng = np.random.default_rng(0)
    jitter = rng.uniform(-0.012, 0.012, size=(len(shown), 2)) * top
    for period, marker, filled, label in (
        ("before", "o", False, f"before {EVENT_LABEL}"),
        ("after", "^", True, f"after {EVENT_LABEL}"),
    ):
        mask = (shown["date_start"] < EVENT_DATE) if period == "before" else ~(shown["date_start"] < EVENT_DATE)
        part = shown[mask.to_numpy()]
        if part.empty:
            continue
        colours = [cmap(norm(y)) if y is not None and not pd.isna(y) else "#777777" for y in part["year"]]
        jit = jitter[mask.to_numpy()]
        ax.scatter(
            part[x_theme] + jit[:, 0],
            part[y_theme] + jit[:, 1],
            s=42,
            marker=marker,
            facecolors=colours if filled else "none",
            edgecolors=colours if not filled else _INK,
            linewidths=1.4 if not filled else 0.6,
            label=label,
            zorder=3,
        )
    ax.set_xlim(-top * 0.04, top)
    ax.set_ylim(-top * 0.04, top)
    ax.set_xlabel(f"{labels[0]}: matches per 100 words")
    ax.set_ylabel(f"{labels[1]}: matches per 100 words")
    if len(shown):
        ax.legend(loc="lower left", bbox_to_anchor=(0.0, 1.0), ncol=2, fontsize=8, borderaxespad=0.3)
    else:
        ax.text(0.5, 0.5, "No paragraph uses either vocabulary", transform=ax.transAxes, ha="center", color=_MUTED)
    mappable = mpl.cm.ScalarMappable(norm=norm, cmap=cmap)
    cbar = fig.colorbar(mappable, ax=ax, shrink=0.8, aspect=25, pad=0.02)
    cbar.set_label("Article year", fontsize=8)
    cbar.ax.yaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True))
    cbar.ax.tick_params(labelsize=7.5)
    cbar.outline.set_visible(False)
    return fig


def plot_rights_claims(
    counts: pd.DataFrame,
    articles: pd.DataFrame,
    periods: pd.DataFrame | None = None,
    *,
    title: str = "Who raises human rights, and when",
    subtitle: str | None = None,
    note: str | None = None,
    source: str | None = None,
) -> Figure:
    """Rights claims per article and speaker on a date axis.

    ``counts`` has article_id, who (a side, "the writers", ...), claims and beside (claims that stand beside
    security); rows are the values of ``who`` in the order they first appear, then "No rights claim" for the
    articles without one. A marker's area grows with the number of claims and its count is printed beside it;
    filled markers hold at least one claim beside security, open ones none. ``periods`` (id, label, start)
    draws a dotted line and its label where each period begins. Past :data:`PER_ARTICLE_LIMIT` articles a
    marker stands for a year (at its middle) and is labelled with the claims and the number of articles.
    """
    table = article_table(articles)
    src = source_line(articles, source)
    if table.empty:
        return _no_data_figure(title, subtitle, note, src, "No articles")
    whos = list(dict.fromkeys(counts["who"])) if counts is not None and len(counts) else []
    rows = whos + ["No rights claim"]
    if per_year_view(len(table)):
        return _rights_claims_per_year(
            counts, table, rows, periods, title=title, subtitle=_per_year_text(subtitle), note=note, src=src
        )
    fig = new_figure(0.9 + 0.5 * len(rows), title=title, subtitle=subtitle, note=note, source=src)
    ax = fig.add_subplot()
    start_of = dict(zip(table["id"], table["date_start"]))
    label_of = dict(zip(table["id"], table["label"]))
    for row in counts.itertuples() if counts is not None else []:
        x = mpl.dates.date2num(start_of[row.article_id])
        y = rows.index(row.who)
        ax.scatter(
            [x],
            [y],
            s=40 + 40 * row.claims,
            facecolor=_INK if row.beside else "white",
            edgecolor=_INK,
            linewidth=1.0,
            zorder=3,
        )
        ax.annotate(
            f"{row.claims}  {label_of[row.article_id]}",
            xy=(x, y),
            xytext=(9, 0),
            textcoords="offset points",
            va="center",
            fontsize=7,
            color=_INK,
        )
    raised = set(counts["article_id"]) if counts is not None and len(counts) else set()
    silent = table[~table["id"].isin(raised)]
    for position, item in enumerate(silent.itertuples()):
        x = mpl.dates.date2num(item.date_start)
        ax.scatter([x], [len(rows) - 1], marker="x", s=30, color=_MUTED, zorder=3)
        ax.annotate(
            item.label,
            xy=(x, len(rows) - 1),
            xytext=(0, 8 if position % 2 == 0 else -11),
            textcoords="offset points",
            ha="center",
            fontsize=6.5,
            color=_MUTED,
        )
    _date_axis(ax, list(table["date_start"]))
    _period_lines(ax, periods)
    ax.set_yticks(range(len(rows)), rows, fontsize=_label_fontsize(len(rows)))
    ax.set_ylim(len(rows) - 0.4, -0.9)
    ax.tick_params(axis="y", length=0)
    ax.xaxis.grid(True)
    return fig


def _rights_claims_per_year(counts, table, rows, periods, *, title, subtitle, note, src) -> Figure:
    """:func:`plot_rights_claims` past :data:`PER_ARTICLE_LIMIT`: one marker per year and speaker."""
    key_of, keys, _labels = article_rows(table)
    note = (
        note
        or "A marker per year and speaker, labelled with its claims and the articles they are in; a cross "
        "per year with articles that make no rights claim, labelled with their number."
    )
    fig = new_figure(0.9 + 0.5 * len(rows), title=title, subtitle=subtitle, note=note, source=src)
    ax = fig.add_subplot()

    def middle(year):
        return mpl.dates.date2num(pd.Timestamp(year, 7, 2))

    frame = counts.assign(year=counts["article_id"].map(key_of)) if counts is not None and len(counts) else None
    if frame is not None:
        frame = frame[frame["year"] != "undated"]
        for (who, year), group in frame.groupby(["who", "year"], sort=False):
            n_claims, n_art = int(group["claims"].sum()), int(group["article_id"].nunique())
            x, y = middle(year), rows.index(who)
            size = 40 + 40 * math.sqrt(n_claims)
            ax.scatter(
                [x],
                [y],
                s=size,
                facecolor=_INK if group["beside"].sum() else "white",
                edgecolor=_INK,
                linewidth=1.0,
                zorder=3,
            )
            ax.annotate(
                f"{n_claims} in {n_art}",
                xy=(x, y),
                xytext=(0, math.sqrt(size) / 2 + 2),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=6.5,
                color=_INK,
            )
    raised = set(counts["article_id"]) if counts is not None and len(counts) else set()
    silent = _articles_per_year(key_of[i] for i in table["id"] if i not in raised and key_of[i] != "undated")
    for year, n_silent in silent.items():
        x = middle(year)
        ax.scatter([x], [len(rows) - 1], marker="x", s=30, color=_MUTED, zorder=3)
        ax.annotate(
            str(n_silent),
            xy=(x, len(rows) - 1),
            xytext=(0, 7),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=6.5,
            color=_MUTED,
        )
    _date_axis(ax, list(table["date_start"]))
    _period_lines(ax, periods)
    ax.set_yticks(range(len(rows)), rows, fontsize=_label_fontsize(len(rows)))
    ax.set_ylim(len(rows) - 0.4, -0.9)
    ax.tick_params(axis="y", length=0)
    ax.xaxis.grid(True)
    return fig
