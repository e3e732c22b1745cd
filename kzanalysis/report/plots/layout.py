"""The frame every figure shares: the article metadata table and the source line computed from it, the
title, subtitle, note and source bands around the plotting area (:func:`new_figure`), text wrapping,
"no data" figures, the switch to per-year views past :data:`PER_ARTICLE_LIMIT` articles, and date axes.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from typing import Any

import matplotlib as mpl
import pandas as pd
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from kzanalysis import __version__
from kzanalysis.load.labels import short_outlet

from ..scale import PER_ARTICLE_LIMIT as PER_ARTICLE_LIMIT
from ..scale import per_year_view as per_year_view
from .style import _INK, _MUTED, EVENT_DATE, EVENT_LABEL, FIG_WIDTH, SOURCE_SIZE, SUBTITLE_SIZE, TITLE_SIZE, apply_style


def _period_end(date_text: str, start: pd.Timestamp) -> pd.Timestamp:
    """Last day of the period a manifest date names (year, month or day)."""
    if re.fullmatch(r"\d{4}", date_text):
        return start + pd.offsets.YearEnd(0)
    if re.fullmatch(r"\d{4}-\d{2}", date_text):
        return start + pd.offsets.MonthEnd(0)
    return start


def article_table(articles: pd.DataFrame | None) -> pd.DataFrame:
    """Normalise the article metadata table for plotting.

    Returns one row per article, sorted by date, with columns ``id``,
    ``label`` (unique: the author–year citation label), ``outlet_short``, ``genre``,
    ``title``, ``date`` (as in the manifest), ``date_start`` and
    ``date_end`` (Timestamps spanning the period the date names), ``year``,
    ``n_words`` (0 if missing) and ``funding`` (None if missing).
    Missing columns get neutral defaults, so a table with only ``id`` works.
    """
    columns = [
        "id",
        "label",
        "outlet_short",
        "genre",
        "title",
        "date",
        "date_start",
        "date_end",
        "year",
        "n_words",
        "funding",
    ]
    if articles is None or len(articles) == 0:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    table = pd.DataFrame({"id": articles["id"].astype(str).to_numpy()})

    def column(name, default):
        if name in articles.columns:
            return articles[name].to_numpy()
        return [default] * len(articles)

    table["date"] = [
        str(d) if d is not None and not (isinstance(d, float) and math.isnan(d)) else "" for d in column("date", "")
    ]
    starts = pd.to_datetime(pd.Series(column("date_start", None)), errors="coerce")
    years = pd.to_numeric(pd.Series(column("year", None)), errors="coerce")
    for i in range(len(table)):
        if pd.isna(starts.iloc[i]):
            text = table.at[i, "date"]
            if re.match(r"^\d{4}", text):
                starts.iloc[i] = pd.Timestamp(text if len(text) != 7 else text + "-01")
            elif not pd.isna(years.iloc[i]):
                starts.iloc[i] = pd.Timestamp(int(years.iloc[i]), 1, 1)
    table["date_start"] = starts.to_numpy()
    table["year"] = [int(y) if not pd.isna(y) else (s.year if not pd.isna(s) else None) for y, s in zip(years, starts)]
    table["date_end"] = [
        _period_end(d, s) if not pd.isna(s) else pd.NaT for d, s in zip(table["date"], table["date_start"])
    ]
    table["outlet_short"] = [short_outlet(o) for o in column("outlet", None)]
    table["genre"] = [str(g) if isinstance(g, str) and g else "" for g in column("genre", "")]
    table["title"] = [str(t) if isinstance(t, str) and t else i for t, i in zip(column("title", ""), table["id"])]
    table["n_words"] = pd.to_numeric(pd.Series(column("n_words", 0)), errors="coerce").fillna(0).astype(int).to_numpy()
    table["funding"] = [f if isinstance(f, str) else None for f in column("funding", None)]
    table = table.sort_values(["date_start", "id"], na_position="last", kind="stable").reset_index(drop=True)

    # The author–year citation labels of the bibliography ("Kalpykova 2002", "The White House 2022a").
    from kzanalysis.load.labels import citation_labels

    ids = articles["id"].astype(str)
    author_of, outlet_of = dict(zip(ids, column("author", None))), dict(zip(ids, column("outlet", None)))
    records = [
        {"id": i, "author": author_of.get(i), "outlet": outlet_of.get(i), "date": d, "year": y}
        for i, d, y in zip(table["id"], table["date"], table["year"])
    ]
    labels = citation_labels(records)
    table["label"] = [labels[i] for i in table["id"]]
    return table[columns]


def article_labels(articles: pd.DataFrame | None) -> dict[str, str]:
    """Map article id -> the short unique label used on every axis."""
    table = article_table(articles)
    return dict(zip(table["id"], table["label"]))


#: Up to this many articles, a figure's source line names each (label and date).
SOURCE_LIST_LIMIT = 8


def source_line(articles: pd.DataFrame | None, source: str | None = None) -> str:
    """The figure's source line, computed from the article table.

    ``source`` names where the data come from; by default the articles behind
    the figure, each by its citation label and date (up to
    :data:`SOURCE_LIST_LIMIT`; past that their number and outlets, the list
    being in the figure's CSV), and the analysis package. Returns e.g.
    ``"Source: RFE/RL 1997 (1997-11-24), Kalpykova 2002 (2002); analysis with
    kzanalysis 1.0.0. n = 2 articles, 1997–2002."`` A figure drawn from some
    of the articles only is given just those.
    """
    table = article_table(articles)
    n = len(table)
    if source is None:
        outlets = list(dict.fromkeys(table["outlet_short"]))
        if not outlets:
            where = "no articles"
        elif n <= SOURCE_LIST_LIMIT:
            where = ", ".join(
                f"{label} ({date})" if date and date not in str(label) else str(label)
                for label, date in zip(table["label"], table["date"])
            )
        elif len(outlets) <= 4:
            where = f"{n} articles of {', '.join(outlets)} (listed in the figure's data file)"
        else:
            where = f"{n} articles from {len(outlets)} outlets (listed in the figure's data file)"
        source = f"{where}; analysis with kzanalysis {__version__}"
    years = sorted({int(y) for y in table["year"] if y is not None})
    if not years:
        span = ""
    elif years[0] == years[-1]:
        span = f", {years[0]}"
    else:
        span = f", {years[0]}–{years[-1]}"
    noun = "article" if n == 1 else "articles"
    return f"Source: {source.rstrip('.')}. n = {n} {noun}{span}."


_SOURCE_GID = "kz-source"
_TITLE_GID = "kz-title"
_SUBTITLE_GID = "kz-subtitle"
_NOTE_GID = "kz-note"


def _wrap_to_width(text: str, size: float, weight: str, max_px: float, renderer) -> str:
    """Greedy word wrap of ``text`` so each line fits ``max_px`` pixels."""
    props = font_manager.FontProperties(family=mpl.rcParams["font.family"], size=size, weight=weight)
    lines: list[str] = []
    for paragraph in str(text).split("\n"):
        current = ""
        for word in paragraph.split():
            trial = f"{current} {word}" if current else word
            width, _, _ = renderer.get_text_width_height_descent(trial, props, ismath=False)
            if width <= max_px or not current:
                current = trial
            else:
                lines.append(current)
                current = word
        lines.append(current)
    return "\n".join(lines)


def new_figure(
    height: float,
    *,
    title: str,
    subtitle: str | None = None,
    note: str | None = None,
    source: str = "",
    width: float = FIG_WIDTH,
) -> Figure:
    """A figure with the report's title block and source line already drawn.

    ``height`` is the height in inches of the plotting area; the figure is
    made taller by the height the title, subtitle, note and source line
    need (after wrapping to the figure width). The plotting area is laid out
    by matplotlib's constrained layout inside the band between them, so
    axes, tick labels and legends never run into the texts.
    """
    apply_style()
    fig = Figure(figsize=(width, height + 1.0), layout="constrained")
    FigureCanvasAgg(fig)
    renderer = fig.canvas.get_renderer()
    dpi = fig.dpi
    margin_px = 0.12 * dpi
    # 6% spare: text hinted at the 200-300 dpi of the saved images runs a little wider than measured at 100 dpi
    max_px = (width * dpi - 2 * margin_px) * 0.94

    blocks_top = []
    wrapped_title = _wrap_to_width(title, TITLE_SIZE, "bold", max_px, renderer)
    blocks_top.append((wrapped_title, TITLE_SIZE, "bold", _INK, _TITLE_GID))
    if subtitle:
        blocks_top.append(
            (
                _wrap_to_width(subtitle, SUBTITLE_SIZE, "normal", max_px, renderer),
                SUBTITLE_SIZE,
                "normal",
                "#333333",
                _SUBTITLE_GID,
            )
        )
    blocks_bottom = [
        (_wrap_to_width(source, SOURCE_SIZE, "normal", max_px, renderer), SOURCE_SIZE, "normal", _MUTED, _SOURCE_GID)
    ]
    if note:
        blocks_bottom.insert(
            0,
            (
                _wrap_to_width(f"Note: {note}", SOURCE_SIZE, "normal", max_px, renderer),
                SOURCE_SIZE,
                "normal",
                _MUTED,
                _NOTE_GID,
            ),
        )

    def block_px(text, size):
        n_lines = text.count("\n") + 1
        return n_lines * size * 1.25 * dpi / 72

    gap_px = 0.06 * dpi
    top_px = margin_px * 0.8 + sum(block_px(t, s) + gap_px for t, s, *_ in blocks_top) + 0.06 * dpi
    bottom_px = margin_px * 0.7 + sum(block_px(t, s) + gap_px for t, s, *_ in blocks_bottom) + 0.04 * dpi
    total_in = height + (top_px + bottom_px) / dpi
    fig.set_size_inches(width, total_in)
    total_px = total_in * dpi

    y = total_px - margin_px * 0.8
    for text, size, weight, color, gid in blocks_top:
        fig.text(
            margin_px / (width * dpi),
            y / total_px,
            text,
            ha="left",
            va="top",
            fontsize=size,
            fontweight=weight,
            color=color,
            linespacing=1.25,
            gid=gid,
            parse_math=False,
        )
        y -= block_px(text, size) + gap_px
    y = margin_px * 0.7
    for text, size, weight, color, gid in reversed(blocks_bottom):
        fig.text(
            margin_px / (width * dpi),
            y / total_px,
            text,
            ha="left",
            va="bottom",
            fontsize=size,
            fontweight=weight,
            color=color,
            linespacing=1.25,
            gid=gid,
            parse_math=False,
        )
        y += block_px(text, size) + gap_px
    bottom = bottom_px / total_px
    top = 1 - top_px / total_px
    fig.get_layout_engine().set(rect=(0.0, bottom, 1.0, top - bottom), h_pad=0.04, w_pad=0.04)
    return fig


def _figure_text(fig: Figure, gid: str) -> str | None:
    for text in fig.texts:
        if text.get_gid() == gid:
            return " ".join(text.get_text().split())
    return None


def figure_source(fig: Figure) -> str | None:
    """The source line drawn into a figure made here (unwrapped), or None."""
    return _figure_text(fig, _SOURCE_GID)


def figure_title(fig: Figure) -> str | None:
    """The title drawn into a figure made here (unwrapped), or None."""
    return _figure_text(fig, _TITLE_GID)


def _no_data(ax, message: str = "No data") -> None:
    """Turn ``ax`` into a labelled empty panel."""
    ax.set_axis_off()
    ax.text(
        0.5,
        0.5,
        message,
        ha="center",
        va="center",
        fontsize=10,
        color=_MUTED,
        transform=ax.transAxes,
        parse_math=False,
        wrap=True,
    )


def _no_data_figure(title, subtitle, note, source, message="No data to show") -> Figure:
    fig = new_figure(1.6, title=title, subtitle=subtitle, note=note, source=source)
    ax = fig.add_subplot()
    _no_data(ax, message)
    return fig


def article_rows(table: pd.DataFrame) -> tuple[dict[str, Any], list[Any], list[str]]:
    """The rows of a figure that shows articles: per article, or per year past :data:`PER_ARTICLE_LIMIT`.

    ``table`` is an :func:`article_table`. Returns the row key of each article id, the row keys in date
    order and their labels: the article ids and labels, or the years ("undated" for an article without a
    date) labelled with their number of articles, e.g. ``"1999 (3 articles)"``.
    """
    if not per_year_view(len(table)):
        return dict(zip(table["id"], table["id"])), list(table["id"]), list(table["label"])
    years = ["undated" if y is None or pd.isna(y) else int(y) for y in table["year"]]
    key_of = dict(zip(table["id"], years))
    counts = _articles_per_year(years)
    keys = list(counts)
    labels = [f"{k} ({counts[k]} article{'' if counts[k] == 1 else 's'})" for k in keys]
    return key_of, keys, labels


def _articles_per_year(years: Iterable[Any]) -> dict[Any, int]:
    """The number of articles of each year (the row keys of :func:`article_rows`, one per article), in order of
    first appearance."""
    counts: dict[Any, int] = {}
    for year in years:
        counts[year] = counts.get(year, 0) + 1
    return counts


def _event_line(ax, label: bool = True, y: float = 0.98) -> None:
    """Vertical marker for 11 September 2001 on a date axis."""
    x = mpl.dates.date2num(EVENT_DATE)
    ax.axvline(x, color=_INK, linewidth=1.0, linestyle=(0, (4, 2)), zorder=1)
    if label:
        ax.annotate(
            EVENT_LABEL,
            xy=(x, y),
            xycoords=("data", "axes fraction"),
            xytext=(3, 0),
            textcoords="offset points",
            ha="left",
            va="top",
            fontsize=7.5,
            color=_INK,
        )


def _date_axis(ax, starts: Sequence[pd.Timestamp], pad_days: int = 200, step: int | None = None) -> None:
    """Date x-axis covering the articles and the report period 1997–2008."""
    valid = [s for s in starts if not pd.isna(s)]
    lo = min([pd.Timestamp("1997-01-01"), *valid]) - pd.Timedelta(days=pad_days)
    hi = max([pd.Timestamp("2008-12-31"), *valid]) + pd.Timedelta(days=pad_days)
    ax.set_xlim(mpl.dates.date2num(lo), mpl.dates.date2num(hi))
    span_years = (hi - lo).days / 365.25
    step = step or (1 if span_years <= 14 else 2 if span_years <= 28 else 5)
    ax.xaxis.set_major_locator(mpl.dates.YearLocator(step))
    ax.xaxis.set_major_formatter(mpl.dates.DateFormatter("%Y"))


def _per_year_text(text: str | None) -> str | None:
    """A per-article subtitle reworded for the per-year view of the same figure."""
    if not text:
        return text
    for old, new in (
        ("per article", "per year"),
        ("articles oldest at top", "a row per year (mean per article), oldest at top"),
        ("oldest article at top", "a row per year (mean per article), oldest at top"),
    ):
        text = text.replace(old, new)
    return text


def _grid_shape(n: int, max_cols: int) -> tuple[int, int]:
    cols = max(1, min(max_cols, n))
    return math.ceil(n / cols), cols


def _period_lines(ax, periods: pd.DataFrame | None) -> None:
    """Dotted lines and labels where the named periods begin, inside the axis' date range."""
    lo, hi = ax.get_xlim()
    for item in periods.itertuples() if periods is not None else []:
        x = mpl.dates.date2num(pd.Timestamp(item.start))
        if lo < x < hi:
            ax.axvline(x, color=_MUTED, linewidth=0.8, linestyle=(0, (1, 2)), zorder=1)
            ax.annotate(
                item.label,
                xy=(x, 1.0),
                xycoords=("data", "axes fraction"),
                xytext=(2, -2),
                textcoords="offset points",
                ha="left",
                va="top",
                fontsize=6.5,
                color=_MUTED,
            )
