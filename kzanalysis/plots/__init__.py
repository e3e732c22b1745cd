"""Every figure in the report, drawn in one shared style.

Each ``plot_*`` function takes tables that are already computed (pandas
DataFrames, dicts, a networkx graph) plus the article metadata table
(``Corpus.articles``: at least ``id``; ideally ``date``, ``date_start``,
``year``, ``outlet``, ``genre``, ``title``) and returns a
:class:`matplotlib.figure.Figure`. No function reads files or runs an
analysis, so the same function draws the book's figure, the exported PNG
and the figure in a test built from a crafted table.

Every figure is self-contained, in the manner of Our World in Data charts:
it draws its own bold, left-aligned title, an optional subtitle, an
optional note, and a ``Source: ... n = N articles, YEAR1–YEAR2`` line at
the bottom left, computed from the article table it was given. The title
block and the source line sit in bands that the constrained layout of the
plotting area never enters, so they cannot overlap the data.

Colour is never the only code: categories that are compared also differ in
lightness (any two palette colours are at least 0.06 apart in greyscale),
marker, hatch or line style, so the figures survive greyscale printing and
the common forms of colour blindness. Sequential data use ``cividis``.

Figures are created with :class:`matplotlib.figure.Figure` directly, not
through ``pyplot``: they never enter pyplot's global figure list, so a
notebook does not show them twice and nothing leaks when many are drawn.
"""

from __future__ import annotations

import math
import re
import textwrap
from collections.abc import Mapping, Sequence
from typing import Any

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib import font_manager, patheffects
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import PathPatch
from matplotlib.path import Path as MplPath

from .. import __version__
from ..labels import short_outlet

__all__ = [
    "FIG_WIDTH",
    "PALETTE",
    "MARKERS",
    "HATCHES",
    "LINESTYLES",
    "GROUP_ORDER",
    "GROUP_STYLES",
    "SEQUENTIAL_CMAP",
    "EVENT_DATE",
    "EVENT_LABEL",
    "apply_style",
    "article_table",
    "article_labels",
    "plot_rights_claims",
    "short_outlet",
    "source_line",
    "PER_ARTICLE_LIMIT",
    "per_year_view",
    "article_rows",
    "figure_source",
    "figure_title",
    "new_figure",
    "plot_timeline",
    "plot_article_lengths",
    "plot_boilerplate",
    "plot_distinctive_terms",
    "plot_wordclouds",
    "plot_contrast_clouds",
    "plot_route_map",
    "route_legs",
    "short_route_name",
    "plot_route_matrix",
    "plot_theme_rates",
    "plot_article_heatmap",
    "plot_network",
    "plot_tone",
    "plot_theme_paragraphs",
    "plot_theme_scatter",
    "plot_quote_groups",
    "plot_event_timeline",
]

# --------------------------------------------------------------------------
# Style
# --------------------------------------------------------------------------

#: Figure width in inches: 16.5 cm, the text width of an A4 PDF page, and
#: about 650 px in HTML at 100 % zoom, so one font size reads well in both.
FIG_WIDTH = 6.5

#: Categorical colours (Okabe–Ito and Tol hues, all colour-blind safe), in
#: the order they are used: black, orange, blue, vermillion, wine, yellow.
#: Their greyscale (luma) values are 0, 0.64, 0.34, 0.47, 0.28, 0.84: no two
#: are closer than 0.06 and colours used one after another differ by 0.12 or
#: more. The sides (GROUP_STYLES) each have their own marker, and two sides
#: whose greys are close have different hatches.
PALETTE = ["#000000", "#E69F00", "#0072B2", "#D55E00", "#882255", "#F0E442"]
#: Marker, hatch and line-style sequences paired with :data:`PALETTE`.
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*", "<", ">"]
HATCHES = ["", "////", "....", "xxx", "\\\\\\\\", "---", "++", "oo"]
LINESTYLES = ["-", "--", ":", "-.", (0, (5, 1, 1, 1, 1, 1)), (0, (1, 3))]

#: The powers (entity groups of the gazetteer), in display order, each with a
#: fixed colour, marker and hatch used in every figure.
GROUP_ORDER = ["United States", "Kazakhstan", "Russia", "China", "Europe", "Iran", "Other"]
GROUP_STYLES: dict[str, dict[str, str]] = {
    "United States": {"color": "#0072B2", "marker": "s", "hatch": ""},
    "Kazakhstan": {"color": "#E69F00", "marker": "o", "hatch": "////"},
    "Russia": {"color": "#882255", "marker": "^", "hatch": "...."},
    "China": {"color": "#000000", "marker": "D", "hatch": ""},
    "Europe": {"color": "#CC79A7", "marker": "v", "hatch": "xxx"},
    "Iran": {"color": "#F0E442", "marker": "P", "hatch": "\\\\\\\\"},
    "Other": {"color": "#999999", "marker": "X", "hatch": "---"},
}
_UNKNOWN_GROUP_STYLE = {"color": "#BBBBBB", "marker": "*", "hatch": "++"}

#: Colour map for sequential values (heatmaps, article dates): perceptually
#: uniform, colour-blind safe and monotonic in lightness.
SEQUENTIAL_CMAP = "cividis"

#: The turning point the report compares before and after.
EVENT_DATE = pd.Timestamp("2001-09-11")
EVENT_LABEL = "11 September 2001"

_INK = "#1A1A1A"
_MUTED = "#555555"
_LAND = "#E6E6E6"
_HIGHLIGHT_LAND = "#C4C4C4"
_BEFORE_SHADE = "#F2F2F2"

TITLE_SIZE = 12.5
SUBTITLE_SIZE = 9.5
SOURCE_SIZE = 7.5
BASE_SIZE = 9.0


def apply_style() -> None:
    """Set the report's matplotlib style (rcParams) for every later figure.

    Sizes are chosen for a figure :data:`FIG_WIDTH` inches wide shown at
    100 %: 9 pt text, 8.5 pt ticks, no top or right spines, no box around
    legends, light horizontal grid lines only where a function asks for them.
    Safe to call more than once.
    """
    mpl.rcParams.update(
        {
            "font.family": "DejaVu Sans",
            "font.size": BASE_SIZE,
            "axes.titlesize": 9.5,
            "axes.titleweight": "bold",
            "axes.titlelocation": "left",
            "axes.titlepad": 4.0,
            "axes.labelsize": BASE_SIZE,
            "axes.labelcolor": _INK,
            "axes.edgecolor": "#444444",
            "axes.linewidth": 0.7,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.grid": False,
            "axes.axisbelow": True,
            "axes.prop_cycle": mpl.cycler(color=PALETTE),
            "grid.color": "#DDDDDD",
            "grid.linewidth": 0.6,
            "xtick.labelsize": 8.5,
            "ytick.labelsize": 8.5,
            "xtick.color": "#333333",
            "ytick.color": "#333333",
            "xtick.major.width": 0.6,
            "ytick.major.width": 0.6,
            "legend.fontsize": 8.5,
            "legend.frameon": False,
            "legend.handlelength": 2.2,
            "lines.linewidth": 1.6,
            "lines.markersize": 6,
            "hatch.linewidth": 0.6,
            "hatch.color": "#333333",
            "image.cmap": SEQUENTIAL_CMAP,
            "figure.dpi": 100,
            "figure.facecolor": "white",
            "savefig.dpi": 300,
            "savefig.facecolor": "white",
            "pdf.fonttype": 42,
            "svg.fonttype": "path",
            "svg.hashsalt": "kzanalysis",
            # Labels come from the data (titles, outlets, names): a "$" in them
            # is a dollar sign, never the start of matplotlib mathtext.
            "text.parse_math": False,
        }
    )


# --------------------------------------------------------------------------
# Article metadata helpers
# --------------------------------------------------------------------------


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
    columns = ["id", "label", "outlet_short", "genre", "title", "date", "date_start", "date_end", "year", "n_words", "funding"]
    if articles is None or len(articles) == 0:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    table = pd.DataFrame({"id": articles["id"].astype(str).to_numpy()})

    def column(name, default):
        if name in articles.columns:
            return articles[name].to_numpy()
        return [default] * len(articles)

    table["date"] = [str(d) if d is not None and not (isinstance(d, float) and math.isnan(d)) else "" for d in column("date", "")]
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
    from ..labels import citation_labels

    ids = articles["id"].astype(str)
    author_of, outlet_of = dict(zip(ids, column("author", None))), dict(zip(ids, column("outlet", None)))
    records = [{"id": i, "author": author_of.get(i), "outlet": outlet_of.get(i), "date": d, "year": y}
               for i, d, y in zip(table["id"], table["date"], table["year"])]
    labels = citation_labels(records)
    table["label"] = [labels[i] for i in table["id"]]
    return table[columns]


def article_labels(articles: pd.DataFrame | None) -> dict[str, str]:
    """Map article id -> the short unique label used on every axis."""
    table = article_table(articles)
    return dict(zip(table["id"], table["label"]))


def source_line(articles: pd.DataFrame | None, source: str | None = None) -> str:
    """The figure's source line, computed from the article table.

    ``source`` names where the data come from; by default the outlets of the
    articles (up to four, else their number) and the analysis package.
    Returns e.g. ``"Source: RFE/RL, IWPR, TOL, DiplomaticTraffic.com;
    analysis with kzanalysis 1.0.0. n = 5 articles, 1997–2008."``
    """
    table = article_table(articles)
    n = len(table)
    if source is None:
        outlets = list(dict.fromkeys(table["outlet_short"]))
        if not outlets:
            where = "no articles"
        elif len(outlets) <= 4:
            where = ", ".join(outlets)
        else:
            where = f"articles from {len(outlets)} outlets"
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


# --------------------------------------------------------------------------
# Figure frame: title, subtitle, note and source line around a layout area
# --------------------------------------------------------------------------

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
        blocks_top.append((_wrap_to_width(subtitle, SUBTITLE_SIZE, "normal", max_px, renderer), SUBTITLE_SIZE, "normal", "#333333", _SUBTITLE_GID))
    blocks_bottom = [(_wrap_to_width(source, SOURCE_SIZE, "normal", max_px, renderer), SOURCE_SIZE, "normal", _MUTED, _SOURCE_GID)]
    if note:
        blocks_bottom.insert(0, (_wrap_to_width(f"Note: {note}", SOURCE_SIZE, "normal", max_px, renderer), SOURCE_SIZE, "normal", _MUTED, _NOTE_GID))

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
        fig.text(margin_px / (width * dpi), y / total_px, text, ha="left", va="top", fontsize=size, fontweight=weight,
                 color=color, linespacing=1.25, gid=gid, parse_math=False)
        y -= block_px(text, size) + gap_px
    y = margin_px * 0.7
    for text, size, weight, color, gid in reversed(blocks_bottom):
        fig.text(margin_px / (width * dpi), y / total_px, text, ha="left", va="bottom", fontsize=size, fontweight=weight,
                 color=color, linespacing=1.25, gid=gid, parse_math=False)
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
    ax.text(0.5, 0.5, message, ha="center", va="center", fontsize=10, color=_MUTED, transform=ax.transAxes,
            parse_math=False, wrap=True)


def _no_data_figure(title, subtitle, note, source, message="No data to show") -> Figure:
    fig = new_figure(1.6, title=title, subtitle=subtitle, note=note, source=source)
    ax = fig.add_subplot()
    _no_data(ax, message)
    return fig


def _text_color_on(rgba) -> str:
    """Black or white, whichever reads better on a background colour."""
    r, g, b = to_rgb(rgba)
    luminance = 0.299 * r + 0.587 * g + 0.114 * b
    return "black" if luminance > 0.5 else "white"


def _label_fontsize(n: int, large: float = 8.5, small: float = 6.5, start: int = 12, stop: int = 40) -> float:
    """Shrink tick labels gently as the number of labels grows."""
    if n <= start:
        return large
    if n >= stop:
        return small
    return large - (large - small) * (n - start) / (stop - start)


# --------------------------------------------------------------------------
# Scale: per-article views give way to per-year views past a threshold
# --------------------------------------------------------------------------

#: The most articles a figure shows one by one (a row, marker or label each). With more, the figures that
#: show articles one by one show one row or bar per year of publication instead (see :func:`per_year_view`).
#: 30 rows of tick labels still fit a page at a readable size (see :func:`_label_fontsize`).
PER_ARTICLE_LIMIT = 30


def per_year_view(n_articles: int) -> bool:
    """True when a corpus of ``n_articles`` is shown per year rather than per article."""
    return n_articles > PER_ARTICLE_LIMIT


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
    counts: dict[Any, int] = {}
    for year in years:
        counts[year] = counts.get(year, 0) + 1
    keys = list(counts)
    labels = [f"{k} ({counts[k]} article{'' if counts[k] == 1 else 's'})" for k in keys]
    return key_of, keys, labels


def _event_line(ax, label: bool = True, y: float = 0.98) -> None:
    """Vertical marker for 11 September 2001 on a date axis."""
    x = mpl.dates.date2num(EVENT_DATE)
    ax.axvline(x, color=_INK, linewidth=1.0, linestyle=(0, (4, 2)), zorder=1)
    if label:
        ax.annotate(EVENT_LABEL, xy=(x, y), xycoords=("data", "axes fraction"), xytext=(3, 0),
                    textcoords="offset points", ha="left", va="top", fontsize=7.5, color=_INK)


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


# --------------------------------------------------------------------------
# Corpus figures
# --------------------------------------------------------------------------
def _per_year_text(text: str | None) -> str | None:
    """A per-article subtitle reworded for the per-year view of the same figure."""
    if not text:
        return text
    for old, new in (("per article", "per year"),
                     ("articles oldest at top", "a row per year (mean per article), oldest at top"),
                     ("oldest article at top", "a row per year (mean per article), oldest at top")):
        text = text.replace(old, new)
    return text


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
    ax.bar(xs, other if has_funding else total, bottom=us if has_funding else None, width=300,
           color="white" if has_funding else _INK, edgecolor=_INK, linewidth=0.8, zorder=2)
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
        width_px = max(renderer.get_text_width_height_descent(line, props, ismath=False)[0] for line in text.split("\n"))
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
        ax.plot(x0, 0, marker="o", markersize=7, color=_INK,
                markerfacecolor=_INK if (us_funded or not has_funding) else "white", markeredgewidth=1.3, zorder=3)
        ax.annotate(text, xy=(x0, lane + 0.35), xytext=(-2 if right else 2, 0), textcoords="offset points",
                    ha="right" if right else "left", va="bottom",
                    fontsize=7.5, color=_INK, linespacing=1.1, annotation_clip=False)
    _event_line(ax, label=True, y=1.0)
    if has_funding:
        handles = [
            Line2D([], [], marker="o", linestyle="", color=_INK, markerfacecolor=_INK, label="US-government-funded outlet"),
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
            .groupby(["article_id", "kind"]).size().unstack(fill_value=0)
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
        ax.barh(y, values, left=left, height=0.62, color=PALETTE[(i + 1) % len(PALETTE)], hatch=HATCHES[i % len(HATCHES)],
                edgecolor="#333333", linewidth=0.5, label=kind.replace("-", " "))
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
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16 - 0.3 / max(n, 1)), ncol=min(3, len(kinds)),
                  title="Kind of line", title_fontsize=8.5)
    else:
        ax.text(0.5, 0.5, "No boilerplate lines were removed", transform=ax.transAxes, ha="center", va="center", color=_MUTED)
    return fig


def _grid_shape(n: int, max_cols: int) -> tuple[int, int]:
    cols = max(1, min(max_cols, n))
    return math.ceil(n / cols), cols


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


# --------------------------------------------------------------------------
# Word clouds
# --------------------------------------------------------------------------


def _frequency_dicts(frequencies) -> dict[str, dict[str, float]]:
    """Accept {article_id: {term: count}} or a DataFrame(article_id, term, count)."""
    if frequencies is None:
        return {}
    if isinstance(frequencies, pd.DataFrame):
        if frequencies.empty:
            return {}
        value = "count" if "count" in frequencies.columns else "score"
        out: dict[str, dict[str, float]] = {}
        for aid, group in frequencies.groupby(frequencies["article_id"].astype(str)):
            out[aid] = {str(t): float(c) for t, c in zip(group["term"], group[value]) if c > 0}
        return out
    return {str(k): {str(t): float(c) for t, c in dict(v).items() if c > 0} for k, v in frequencies.items()}


def _dark_colour_func(cmap_name: str, lo: float = 0.0, hi: float = 0.55):
    """Word colours from the dark part of a colour map: readable in greyscale.

    Larger words get darker colours, so size and lightness agree.
    """
    cmap = mpl.colormaps[cmap_name]

    def colour(word, font_size, position, orientation, random_state=None, **kwargs):
        share = min(font_size / 110.0, 1.0)
        r, g, b, _ = cmap(hi - (hi - lo) * share)
        return f"rgb({int(r * 255)}, {int(g * 255)}, {int(b * 255)})"

    return colour


def _wordcloud_image(freqs: Mapping[str, float], width: int, height: int, cmap: str, max_words: int = 60):
    from wordcloud import WordCloud

    font_path = font_manager.findfont(font_manager.FontProperties(family="DejaVu Sans"))
    cloud = WordCloud(
        width=width,
        height=height,
        background_color="white",
        font_path=font_path,
        max_words=max_words,
        prefer_horizontal=0.95,
        random_state=42,
        color_func=_dark_colour_func(cmap),
        relative_scaling=0.5,
        min_font_size=8,
        margin=4,
    )
    cloud.generate_from_frequencies(dict(freqs))
    return cloud.to_array()


def plot_wordclouds(
    frequencies,
    articles: pd.DataFrame,
    *,
    max_words: int = 60,
    title: str = "The words each article leans on",
    subtitle: str | None = "Word size shows how often a word occurs in the article (stop words removed)",
    note: str | None = None,
    source: str | None = None,
) -> Figure:
    """One word cloud per article, in a grid that adapts to the number of articles.

    ``frequencies`` is ``{article_id: {term: count}}`` or a DataFrame with
    ``article_id``, ``term``, ``count``. Clouds use a fixed random state
    (the same figure on every build) and dark cividis tones (legible in
    greyscale). An article without words gets a "No words" panel.
    """
    table = article_table(articles)
    src = source_line(articles, source)
    if table.empty:
        return _no_data_figure(title, subtitle, note, src, "No articles")
    freqs = _frequency_dicts(frequencies)
    n = len(table)
    rows, cols = _grid_shape(n, 1 if n == 1 else 2 if n <= 6 else 3)
    px_w = 800 if cols == 1 else 560 if cols == 2 else 400
    px_h = px_w // 2
    panel_h = (FIG_WIDTH / cols) * 0.5 + 0.3
    fig = new_figure(rows * panel_h, title=title, subtitle=subtitle, note=note, source=src)
    axes = fig.subplots(rows, cols, squeeze=False)
    for index, ax in enumerate(axes.flat):
        ax.set_axis_off()
        if index >= n:
            continue
        row = table.iloc[index]
        ax.set_title(textwrap.shorten(row["label"], 40, placeholder="…"), fontsize=8.5)
        article_freqs = freqs.get(row["id"], {})
        if not article_freqs:
            _no_data(ax, "No words")
            continue
        ax.imshow(_wordcloud_image(article_freqs, px_w, px_h, SEQUENTIAL_CMAP, max_words), interpolation="bilinear")
    return fig


def plot_contrast_clouds(
    freq_a: Mapping[str, float],
    freq_b: Mapping[str, float],
    articles: pd.DataFrame,
    *,
    labels: tuple[str, str] = ("Rights vocabulary", "Security vocabulary"),
    title: str = "Two vocabularies side by side",
    subtitle: str | None = None,
    note: str | None = None,
    source: str | None = None,
) -> Figure:
    """Two word clouds, one per vocabulary (e.g. rights vs security terms).

    ``freq_a``/``freq_b`` map term -> count over the corpus. Each panel is
    titled with its label and total number of matches; the two clouds use
    different dark tones (and separate labelled panels, so nothing depends
    on colour). An empty vocabulary gets a "No matches" panel.
    """
    src = source_line(articles, source)
    fig = new_figure(FIG_WIDTH / 2 * 0.62 + 0.35, title=title, subtitle=subtitle, note=note, source=src)
    axes = fig.subplots(1, 2, squeeze=False)[0]
    for ax, freqs, label, cmap in zip(axes, (freq_a, freq_b), labels, ("Blues_r", "Oranges_r")):
        ax.set_axis_off()
        freqs = {str(k): float(v) for k, v in dict(freqs or {}).items() if v > 0}
        total = int(sum(freqs.values()))
        ax.set_title(f"{label} ({total:,} matches)", fontsize=9)
        if not freqs:
            _no_data(ax, "No matches")
            continue
        ax.imshow(_wordcloud_image(freqs, 640, 400, cmap, max_words=50), interpolation="bilinear")
    return fig


# --------------------------------------------------------------------------
# Energy routes
# --------------------------------------------------------------------------

#: Map frame (lon_min, lon_max, lat_min, lat_max): the Caspian region.
MAP_FRAME = (25.0, 90.0, 30.0, 57.0)
#: Open-water points of the Caspian Sea (lon, lat) where its name may go.
_CASPIAN_LABEL_SPOTS = [(49.4, 42.3), (50.8, 38.7), (49.3, 45.0), (51.5, 41.2)]


def _depth(coords) -> int:
    depth = 0
    while isinstance(coords, (list, tuple)) and coords and not isinstance(coords, (str, bytes)):
        coords = coords[0]
        depth += 1
    return depth


def _polygons(geometry) -> list[list[list[tuple[float, float]]]]:
    """Normalise outlines to a list of polygons, each a list of rings.

    Accepts a GeoJSON geometry dict, a ring, a list of rings (as
    ``resources.load_countries`` gives: one outer ring per polygon) or
    MultiPolygon coordinates.
    """
    if isinstance(geometry, Mapping):
        coords = geometry.get("coordinates", [])
        if geometry.get("type") == "Polygon":
            return [coords]
        if geometry.get("type") == "MultiPolygon":
            return list(coords)
        return []
    depth = _depth(geometry)
    if depth == 2:
        return [[geometry]]
    if depth == 3:
        return [[ring] for ring in geometry]
    if depth == 4:
        return list(geometry)
    return []


_PLANNED = re.compile(r"propos|planned|under construction|not built|unbuilt", re.IGNORECASE)


def route_legs(route: Mapping) -> list[dict[str, Any]]:
    """The drawable sections of a route, in drawing order.

    Returns dicts with ``name``, ``mode`` (``pipeline`` or ``tanker``),
    ``status`` (free text), ``planned`` (True when the status says proposed,
    planned or under construction) and ``points`` (list of (lon, lat)).
    The route's own ``path`` comes first (mode ``route["mode"]``, default
    pipeline; status ``path_status``), then each entry of ``legs``; a leg may
    repeat part of the path to restyle it (a section still being built).
    """
    out: list[dict[str, Any]] = []
    points = [(float(p[0]), float(p[1])) for p in route.get("path") or []]
    if len(points) >= 2:
        status = str(route.get("path_status") or "operating")
        out.append({"name": str(route.get("name", "")), "mode": str(route.get("mode") or "pipeline"), "status": status,
                    "planned": bool(_PLANNED.search(status)), "points": points})
    for leg in route.get("legs") or []:
        if not isinstance(leg, Mapping):
            continue
        points = [(float(p[0]), float(p[1])) for p in leg.get("path") or []]
        if len(points) < 2:
            continue
        status = str(leg.get("status") or "")
        out.append({"name": str(leg.get("name", "")), "mode": str(leg.get("mode") or "pipeline"), "status": status,
                    "planned": bool(_PLANNED.search(status)), "points": points})
    return out


def short_route_name(name: Any) -> str:
    """A route's display name without its parenthesised detail."""
    return re.sub(r"\s*\(.*\)\s*$", "", str(name)).strip() or str(name)


_DIRECTIONS = [(1, 0), (0, -1), (-1, 0), (0, 1), (1, 1), (1, -1), (-1, 1), (-1, -1)]


def _place_labels(ax, fig, items, avoid, fontsize=7.5, bbox=None, boxes=()):
    """Place point labels where they overlap no other label, marker or the frame.

    ``items``: list of ``(x, y, text, radius_pt, preferred)``, with
    ``radius_pt`` the marker radius in points and ``preferred`` an optional
    ``(dx, dy)`` offset in points tried first. ``avoid``: list of
    ``(x, y, radius_pt)`` markers no label may cover; ``boxes``: text artists
    already on the axes (country names) that no label may cover. Offsets around each
    point are tried in a fixed order, nearest first, so the result is
    deterministic; if none is free the first is used.
    """
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    axes_box = ax.get_window_extent(renderer)
    pt = fig.dpi / 72
    blocked = []
    for x, y, radius in avoid:
        px, py = ax.transData.transform((x, y))
        r = radius * pt
        blocked.append(mpl.transforms.Bbox.from_extents(px - r, py - r, px + r, py + r))
    blocked += [artist.get_window_extent(renderer) for artist in boxes]  # labels already placed
    style = dict(fontsize=fontsize, color=_INK, zorder=7, annotation_clip=False)
    if bbox is None:
        style["path_effects"] = [patheffects.withStroke(linewidth=2.5, foreground="white")]
    else:
        style["bbox"] = bbox
    artists = []
    for x, y, text, radius, preferred in items:
        gap = radius + 2.5
        options = [tuple(preferred)] if preferred else []
        for scale in (1.0, 2.0, 3.2):
            options += [(dx * gap * scale, dy * gap * scale) for dx, dy in _DIRECTIONS]
        chosen = None
        for dx, dy in options:
            ha = "left" if dx > 0 else "right" if dx < 0 else "center"
            va = "bottom" if dy > 0 else "top" if dy < 0 else "center"
            artist = ax.annotate(text, xy=(x, y), xytext=(dx, dy), textcoords="offset points", ha=ha, va=va, **style)
            box = artist.get_window_extent(renderer)
            inside = (axes_box.x0 <= box.x0 and box.x1 <= axes_box.x1 and axes_box.y0 <= box.y0 and box.y1 <= axes_box.y1)
            if inside and not any(box.overlaps(b) for b in blocked):
                chosen = (artist, box)
                break
            artist.remove()
        if chosen is None:
            dx, dy = options[0]
            artist = ax.annotate(text, xy=(x, y), xytext=(dx, dy), textcoords="offset points",
                                 ha="left" if dx >= 0 else "right", va="bottom" if dy >= 0 else "top", **style)
            chosen = (artist, artist.get_window_extent(renderer))
        chosen[0].set_in_layout(False)
        blocked.append(chosen[1])
        artists.append(chosen[0])
    return artists


def _densify(points, step=0.5):
    """Points every ``step`` degrees along a polyline."""
    out = []
    for (x0, y0), (x1, y1) in zip(points[:-1], points[1:]):
        n = max(1, int(math.hypot(x1 - x0, y1 - y0) / step))
        out += [(x0 + (x1 - x0) * i / n, y0 + (y1 - y0) * i / n) for i in range(n)]
    out.append(points[-1])
    return out


def _label_spot(polygons, obstacles, half_width, half_height):
    """A point inside the largest polygon whose label box stays clearest of obstacles."""
    if not polygons:
        return None
    ring = max((poly[0] for poly in polygons if poly and len(poly[0]) >= 3), key=len, default=None)
    if ring is None:
        return None
    path = MplPath([(float(p[0]), float(p[1])) for p in ring])
    xs, ys = zip(*[(float(p[0]), float(p[1])) for p in ring])
    best, best_score = None, -1.0
    for gx in np.arange(min(xs) + half_width, max(xs) - half_width + 1e-9, 0.5):
        for gy in np.arange(min(ys) + half_height, max(ys) - half_height + 1e-9, 0.5):
            corners = [(gx - half_width, gy - half_height), (gx + half_width, gy - half_height),
                       (gx - half_width, gy + half_height), (gx + half_width, gy + half_height), (gx, gy)]
            if not all(path.contains_point(c) for c in corners):
                continue
            if obstacles:
                score = min(max(abs(ox - gx) / half_width, abs(oy - gy) / half_height) for ox, oy in obstacles)
            else:
                score = 1.0
            if score > best_score + 1e-9:
                best, best_score = (gx, gy), score
    return best


def _country_label_spot(polygons, obstacles, frame, half_width, half_height, step=0.5, whole_box=True):
    """The centre of a label box inside ``polygons`` and the map ``frame``, clearest of ``obstacles``.

    Like :func:`_label_spot`, but over every polygon of the country and only
    where the box is on the map (a large country, Russia say, has most of its
    area off the frame). With ``whole_box`` False only the centre must be in
    the country (for countries smaller than their name). None when nothing fits.
    """
    lon0, lon1, lat0, lat1 = frame
    obstacles = np.asarray(obstacles, dtype=float).reshape(-1, 2)
    best, best_score = None, -1.0
    for polygon in polygons:
        if not polygon or len(polygon[0]) < 3:
            continue
        ring = np.asarray([(float(p[0]), float(p[1])) for p in polygon[0]])
        x0, x1 = max(ring[:, 0].min(), lon0 + half_width), min(ring[:, 0].max(), lon1 - half_width)
        y0, y1 = max(ring[:, 1].min(), lat0 + half_height), min(ring[:, 1].max(), lat1 - half_height)
        if x0 > x1 or y0 > y1:
            continue
        gx, gy = np.meshgrid(np.arange(x0, x1 + 1e-9, step), np.arange(y0, y1 + 1e-9, step))
        centres = np.column_stack([gx.ravel(), gy.ravel()])
        path = MplPath(ring)
        inside = np.ones(len(centres), dtype=bool)
        corners = ((-1, -1), (1, -1), (-1, 1), (1, 1), (0, 0)) if whole_box else ((0, 0),)
        for dx, dy in corners:
            inside &= path.contains_points(centres + np.array([dx * half_width, dy * half_height]))
        centres = centres[inside]
        if not len(centres):
            continue
        if len(obstacles):
            score = np.full(len(centres), np.inf)
            for ox, oy in obstacles:  # linear in obstacles, vectorised over the candidate spots
                score = np.minimum(score, np.maximum(np.abs(ox - centres[:, 0]) / half_width,
                                                     np.abs(oy - centres[:, 1]) / half_height))
        else:
            score = np.ones(len(centres))
        i = int(np.argmax(score))
        if score[i] > best_score + 1e-9:
            best, best_score = (float(centres[i, 0]), float(centres[i, 1])), float(score[i])
    return best


def _countries_on_routes(routes, countries, highlight) -> list[tuple[str, list]]:
    """The countries (name, polygons) that a route crosses or ends in, besides ``highlight``, in map order."""
    points = np.asarray([p for route in routes or [] for leg in route_legs(route) if leg["mode"] != "tanker"
                         for p in _densify(leg["points"], step=0.25)], dtype=float).reshape(-1, 2)
    found = []
    for name, outline in countries or []:
        if str(name) == highlight or not len(points):
            continue
        polygons = _polygons(outline)
        if any(MplPath(np.asarray([(float(p[0]), float(p[1])) for p in poly[0]])).contains_points(points).any()
               for poly in polygons if poly and len(poly[0]) >= 3):
            found.append((str(name), polygons))
    return found


def plot_route_map(
    routes: Sequence[Mapping],
    countries: Sequence,
    articles: pd.DataFrame,
    *,
    mentioned: Mapping[str, int] | None = None,
    highlight: str = "Kazakhstan",
    frame: tuple[float, float, float, float] = MAP_FRAME,
    title: str = "Export routes for Caspian oil",
    subtitle: str | None = None,
    note: str | None = None,
    source: str | None = None,
) -> Figure:
    """Map of the energy export routes over country outlines.

    ``routes``: dicts as in ``data/routes.yml`` (``id``, ``name``, ``path`` of
    [lon, lat] points or ``legs`` with ``mode``; ``endpoints`` with start/end
    ``name``, ``lon``, ``lat`` and an optional ``label_offset`` [dx, dy] in
    points). ``countries``: (name, outlines) pairs, outlines as a GeoJSON
    geometry or rings of (lon, lat). ``mentioned`` maps route id -> number of
    articles naming it, shown in the legend.

    Each route has its own colour and marker symbol along the line; tanker
    (sea) legs are dashed. The highlighted country is shaded darker and
    named. Endpoint labels are placed where they overlap nothing.
    """
    src = source_line(articles, source)
    lon0, lon1, lat0, lat1 = frame
    # Widen the frame, if needed, so every endpoint is on the map.
    for route in routes or []:
        for point in (route.get("endpoints") or {}).values():
            if isinstance(point, Mapping) and "lon" in point and "lat" in point:
                lon0, lon1 = min(lon0, float(point["lon"]) - 1.5), max(lon1, float(point["lon"]) + 1.5)
                lat0, lat1 = min(lat0, float(point["lat"]) - 1.0), max(lat1, float(point["lat"]) + 1.0)
    mid_lat = (lat0 + lat1) / 2
    aspect = 1 / math.cos(math.radians(mid_lat))
    map_h = FIG_WIDTH * 0.98 * (lat1 - lat0) * aspect / (lon1 - lon0)
    n_routes = len(routes or [])
    legend_h = 0.25 + 0.2 * math.ceil((n_routes + 2) / 2)
    fig = new_figure(map_h + legend_h, title=title, subtitle=subtitle, note=note, source=src)
    ax = fig.add_subplot()
    ax.set_xlim(lon0, lon1)
    ax.set_ylim(lat0, lat1)
    ax.set_aspect(aspect)
    ax.set_facecolor("white")
    for spine in ax.spines.values():
        spine.set_visible(True)
        spine.set_color("#888888")
    ax.set_xticks([])
    ax.set_yticks([])

    highlight_polygons = []
    for name, outline in countries or []:
        is_highlight = str(name) == highlight
        for polygon in _polygons(outline):
            vertices, codes = [], []
            for ring in polygon:
                ring = [(float(p[0]), float(p[1])) for p in ring]
                if len(ring) < 3:
                    continue
                vertices += ring + [ring[0]]
                codes += [MplPath.MOVETO] + [MplPath.LINETO] * (len(ring) - 1) + [MplPath.CLOSEPOLY]
            if not vertices:
                continue
            ax.add_patch(PathPatch(MplPath(vertices, codes), facecolor=_HIGHLIGHT_LAND if is_highlight else _LAND,
                                   edgecolor="white" if not is_highlight else "#777777",
                                   linewidth=0.6 if not is_highlight else 0.9, zorder=1 if not is_highlight else 2))
        if is_highlight:
            highlight_polygons = _polygons(outline)

    handles = []
    endpoints: dict[str, dict] = {}
    any_tanker = False
    any_planned = False
    if not routes:
        ax.text(0.5, 0.08, "No routes to show", transform=ax.transAxes, ha="center", fontsize=9, color=_MUTED)
    for i, route in enumerate(routes or []):
        color = PALETTE[i % len(PALETTE)] if PALETTE[i % len(PALETTE)] != "#F0E442" else "#B8A800"
        marker = MARKERS[i % len(MARKERS)]
        halo = [patheffects.Stroke(linewidth=4.2, foreground="white"), patheffects.Normal()]
        for leg in route_legs(route):
            xs, ys = zip(*leg["points"])
            if leg["mode"] == "tanker":
                any_tanker = True
                ax.plot(xs, ys, color="white", linewidth=4.2, zorder=4.5, solid_capstyle="butt")
                ax.plot(xs, ys, color=color, linewidth=1.6, linestyle="--", zorder=4.6)
            elif leg["planned"]:
                any_planned = True
                ax.plot(xs, ys, color="white", linewidth=4.2, zorder=4.5, solid_capstyle="butt")
                ax.plot(xs, ys, color=color, linewidth=2.0, linestyle=":", zorder=4.6)
            else:
                ax.plot(xs, ys, color=color, linewidth=2.2, zorder=4, path_effects=halo, solid_joinstyle="round")
                ax.plot(xs, ys, linestyle="", marker=marker, markevery=0.12, markersize=5.5, color=color,
                        markeredgecolor="white", markeredgewidth=0.6, zorder=5)
        name = short_route_name(route.get("name", route.get("id", f"route {i + 1}")))
        n_articles = (mentioned or {}).get(route.get("id")) or 0
        label = name if mentioned is None else f"{name} ({n_articles} article{'s' if n_articles != 1 else ''})"
        handles.append(Line2D([], [], color=color, linewidth=2.2, marker=marker, markersize=5.5,
                              markeredgecolor="white", label=label))
        for end in ("start", "end"):
            point = (route.get("endpoints") or {}).get(end)
            if isinstance(point, Mapping) and "lon" in point and "lat" in point:
                key = str(point.get("name"))
                endpoints.setdefault(key, dict(point))
    for point in endpoints.values():
        ax.plot(float(point["lon"]), float(point["lat"]), marker="o", markersize=5, color="white", markeredgecolor=_INK,
                markeredgewidth=1.2, zorder=6, linestyle="")
    if any_tanker:
        handles.append(Line2D([], [], color=_INK, linewidth=1.6, linestyle="--", label="tanker leg (by sea)"))
    if any_planned:
        handles.append(Line2D([], [], color=_INK, linewidth=2.0, linestyle=":",
                              label="proposed or under construction"))
    if handles:
        ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.02), ncol=2, fontsize=7.5,
                  handlelength=2.6, columnspacing=1.2)
    # Country name where its label box is clearest of the routes and endpoints.
    obstacles = [p for route in routes or [] for leg in route_legs(route) for p in _densify(leg["points"])]
    obstacles += [(float(p["lon"]), float(p["lat"])) for p in endpoints.values()]
    spot = _label_spot(highlight_polygons, obstacles, half_width=5.5, half_height=1.0)
    # The Caspian is the gap between the outlines: label it at the open-water spot clearest of routes.
    caspian = max(_CASPIAN_LABEL_SPOTS, key=lambda c: min((max(abs(ox - c[0]) / 1.6, abs(oy - c[1]) / 0.9)
                                                           for ox, oy in obstacles), default=1.0))
    ax.text(caspian[0], caspian[1], "Caspian\nSea", ha="center", va="center", fontsize=7, style="italic", color="#4A5F70",
            zorder=3, linespacing=1.0, path_effects=[patheffects.withStroke(linewidth=2, foreground="white")])
    if spot is not None:
        ax.text(spot[0], spot[1], highlight.upper(), ha="center", va="center", fontsize=9, fontweight="bold",
                color="#333333", zorder=3, path_effects=[patheffects.withStroke(linewidth=2.5, foreground=_HIGHLIGHT_LAND)])
    # The countries the routes cross or end in, named where their label clears the routes and endpoints.
    degrees_per_point = (lon1 - lon0) / (FIG_WIDTH * 0.98 * 72)
    country_boxes = []
    for name, polygons in _countries_on_routes(routes, countries, highlight):
        label = name.upper()
        half_w = 0.5 * len(label) * 0.62 * 6.5 * degrees_per_point + 0.3
        half_h = 0.5 * 6.5 * degrees_per_point * aspect + 0.25
        where = _country_label_spot(polygons, obstacles, (lon0, lon1, lat0, lat1), half_w, half_h)
        if where is None:
            where = _country_label_spot(polygons, obstacles, (lon0, lon1, lat0, lat1), half_w, half_h,
                                        step=0.2, whole_box=False)
        if where is None:
            continue
        country_boxes.append(ax.text(where[0], where[1], label, ha="center", va="center", fontsize=6.5,
                                     color="#5A5A5A", zorder=3,
                                     path_effects=[patheffects.withStroke(linewidth=2, foreground=_LAND)]))
    items = []
    for name, point in sorted(endpoints.items(), key=lambda kv: (-float(kv[1]["lat"]), float(kv[1]["lon"]))):
        lon, lat = float(point["lon"]), float(point["lat"])
        if lon0 <= lon <= lon1 and lat0 <= lat <= lat1:
            items.append((lon, lat, name, 3.5, point.get("label_offset")))
    # Endpoint names clear of the markers, the country names and the route lines themselves.
    line_points = [(x, y, 2.2) for route in routes or [] for leg in route_legs(route)
                   for x, y in _densify(leg["points"], step=0.3)]
    _place_labels(ax, fig, items, [(float(p["lon"]), float(p["lat"]), 4.0) for p in endpoints.values()] + line_points,
                  boxes=country_boxes)
    return fig


def _summary_per_year(summary: pd.DataFrame, key_of: Mapping[str, Any]) -> pd.DataFrame:
    """A per-article corridor summary added up per year: references summed, pipelines by how often named.

    ``article_id`` of the result holds the year (the row key of :func:`article_rows`); ``pipelines`` keeps
    the three pipelines named in most of the year's articles, then "+N more".
    """
    rows = []
    frame = summary.assign(article_id=summary["article_id"].astype(str).map(key_of)).dropna(subset=["article_id"])
    for (key, corridor), group in frame.groupby(["article_id", "corridor"], sort=False):
        counts: dict[str, int] = {}
        for text in group.get("pipelines", pd.Series(dtype=object)).fillna(""):
            for pipeline in dict.fromkeys(p.strip() for p in str(text).split(",") if p.strip()):
                counts[pipeline] = counts.get(pipeline, 0) + 1
        ranked = sorted(counts, key=lambda p: -counts[p])
        pipelines = ", ".join(ranked[:3])
        rows.append({"article_id": key, "corridor": corridor, "n_named": int(group["n_named"].sum()),
                     "n_described": int(group["n_described"].sum()), "pipelines": pipelines,
                     "more": max(len(ranked) - 3, 0)})
    return pd.DataFrame(rows, columns=["article_id", "corridor", "n_named", "n_described", "pipelines", "more"])


_REFERENCE_STYLE = {
    "named": {"marker": "s", "face": _INK, "label": "a pipeline named"},
    "described": {"marker": "o", "face": "white", "label": "the corridor described"},
}


def plot_route_matrix(
    summary: pd.DataFrame,
    articles: pd.DataFrame,
    corridors: Sequence[Mapping] | None = None,
    *,
    pipeline_names: Mapping[str, str] | None = None,
    title: str = "Which article speaks of which export corridor",
    subtitle: str | None = "Square: a pipeline named; circle: the corridor described; number: references",
    note: str | None = None,
    source: str | None = None,
) -> Figure:
    """Matrix: articles (rows, by date) × export corridors (columns).

    ``summary`` has ``article_id``, ``corridor``, ``n_named``,
    ``n_described`` and optionally ``pipelines`` (pipeline ids joined by
    ", ", shown under the markers by their ``pipeline_names``). Every
    corridor in ``corridors`` (dicts with ``id`` and ``name``) gets a column,
    labelled "(no article)" if no article speaks of it; an article with no
    reference says so across its row. A cell shows a filled square with the
    number of references naming a pipeline and an open circle with the
    number describing the corridor. Past :data:`PER_ARTICLE_LIMIT` articles
    the rows are years (:func:`article_rows`): a cell adds up the year's
    references and names the pipelines most often named.
    """
    table = article_table(articles)
    src = source_line(articles, source)
    summary = summary if summary is not None else pd.DataFrame(columns=["article_id", "corridor", "n_named", "n_described"])
    corridor_names: dict[str, str] = {str(c["id"]): str(c.get("name", c["id"])) for c in corridors or []}
    for cid in summary.get("corridor", pd.Series(dtype=object)).astype(str):
        corridor_names.setdefault(cid, cid)
    if table.empty or not corridor_names:
        return _no_data_figure(title, subtitle, note, src, "No articles" if table.empty else "No corridors")
    corridor_ids = list(corridor_names)
    key_of, keys, row_labels = article_rows(table)
    if per_year_view(len(table)) and len(summary):
        summary = _summary_per_year(summary, key_of)
    n_rows, n_cols = len(keys), len(corridor_ids)
    row_h = 0.52
    fig = new_figure(1.0 + row_h * n_rows + 0.35, title=title, subtitle=subtitle, note=note, source=src)
    ax = fig.add_subplot()
    ax.set_xlim(-0.5, n_cols - 0.5)
    ax.set_ylim(n_rows - 0.5, -0.5)
    row_of = {str(key): i for i, key in enumerate(keys)}
    col_of = {cid: j for j, cid in enumerate(corridor_ids)}
    spoken: set[str] = set()
    articles_with: set[str] = set()
    names = dict(pipeline_names or {})
    for rec in summary.to_dict("records"):
        aid, cid = str(rec.get("article_id")), str(rec.get("corridor"))
        n_named, n_described = int(rec.get("n_named", 0) or 0), int(rec.get("n_described", 0) or 0)
        if aid not in row_of or cid not in col_of or n_named + n_described <= 0:
            continue
        spoken.add(cid)
        articles_with.add(aid)
        x, y = col_of[cid], row_of[aid]
        cells = [(kind, n) for kind, n in (("named", n_named), ("described", n_described)) if n > 0]
        offsets = [-0.17, 0.17] if len(cells) == 2 else [0.0]
        for (kind, n), dx in zip(cells, offsets):
            style = _REFERENCE_STYLE[kind]
            ax.plot(x + dx - 0.07, y - 0.1, marker=style["marker"], markersize=8, markerfacecolor=style["face"],
                    markeredgecolor=_INK, markeredgewidth=1.1, linestyle="", zorder=3)
            ax.text(x + dx + 0.02, y - 0.1, f"{n}", va="center", ha="left", fontsize=8, color=_INK, zorder=3)
        pipelines = [p.strip() for p in str(rec.get("pipelines") or "").split(",") if p.strip()]
        if pipelines:
            label = "; ".join(short_route_name(names.get(p, p)) for p in pipelines)
            if rec.get("more"):
                label += f"; +{int(rec['more'])} more"
            ax.text(x, y + 0.24, textwrap.fill(label, 24), ha="center", va="center", fontsize=6.3, color=_MUTED,
                    linespacing=1.0, zorder=3)
    for aid, i in row_of.items():
        if aid not in articles_with:
            ax.text((n_cols - 1) / 2, i, "no article speaks of an export corridor" if per_year_view(len(table))
                    else "speaks of no export corridor", ha="center", va="center", fontsize=7.5,
                    color=_MUTED, style="italic")
    labels = [textwrap.fill(corridor_names[c] + ("" if c in spoken else " (no article)"), 18) for c in corridor_ids]
    ax.set_xticks(range(n_cols), labels, fontsize=7.5)
    ax.xaxis.tick_top()
    ax.set_yticks(range(n_rows), row_labels, fontsize=_label_fontsize(n_rows))
    for x in np.arange(-0.5, n_cols, 1):
        ax.axvline(x, color="#E2E2E2", linewidth=0.6, zorder=0)
    for y in np.arange(-0.5, n_rows, 1):
        ax.axhline(y, color="#E2E2E2", linewidth=0.6, zorder=0)
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    handles = [
        Line2D([], [], marker=_REFERENCE_STYLE[k]["marker"], markerfacecolor=_REFERENCE_STYLE[k]["face"],
               markeredgecolor=_INK, linestyle="", markersize=7, label=_REFERENCE_STYLE[k]["label"])
        for k in ("named", "described")
    ]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.02), ncol=2, fontsize=7.5,
              borderaxespad=0.2, frameon=False)
    return fig


# --------------------------------------------------------------------------
# Themes over time, heatmaps
# --------------------------------------------------------------------------


def _spread_labels(values: list[float], min_gap: float) -> list[float]:
    """Nudge sorted label positions apart so neighbours are at least ``min_gap`` apart."""
    order = np.argsort(values)
    placed = [0.0] * len(values)
    last = -np.inf
    for index in order:
        y = max(values[index], last + min_gap)
        placed[index] = y
        last = y
    return placed


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
    wide = rates.pivot_table(index="article_id", columns="theme", values=value, aggfunc="sum").reindex(table["id"]).fillna(0)
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
        ax.plot(x, wide[theme].to_numpy(), color=color, linewidth=2.6 if is_main else 1.2,
                linestyle="-" if is_main else LINESTYLES[1 + (i - 1) % (len(LINESTYLES) - 1)],
                marker=MARKERS[i % len(MARKERS)], markersize=7 if is_main else 4.5, zorder=4 if is_main else 3,
                markerfacecolor=color if is_main else "white", label=labels[theme])
        ends.append((theme, float(wide[theme].to_numpy()[-1]), color, is_main))
    if highlight in themes:
        for xi, yi in zip(x, wide[highlight].to_numpy()):
            ax.annotate(f"{yi:.1f}", xy=(xi, yi), xytext=(0, 7), textcoords="offset points", ha="center", fontsize=7.5,
                        fontweight="bold", color=_INK, zorder=6,
                        path_effects=[patheffects.withStroke(linewidth=2.5, foreground="white")])
    # Direct labels right of the last point, spread so they never overlap.
    positions = _spread_labels([e[1] for e in ends], ymax * 0.075)
    for (theme, _, color, is_main), y in zip(ends, positions):
        ax.annotate(labels[theme], xy=(1.0, y), xycoords=("axes fraction", "data"), xytext=(4, 0), textcoords="offset points",
                    va="center", ha="left", fontsize=8, color=color if color != "#999999" else _MUTED,
                    fontweight="bold" if is_main else "normal", annotation_clip=False)
    ax.set_ylim(0, max(ymax, max(positions)) * 1.15)
    ax.set_ylabel("Matches per 1,000 words" if value == "rate_per_1000" else value)
    ax.yaxis.grid(True)
    _event_line(ax)
    return fig


def plot_article_heatmap(
    counts: pd.DataFrame,
    articles: pd.DataFrame,
    *,
    column: str,
    value: str = "count",
    order: Sequence[str] | None = None,
    column_labels: Mapping[str, str] | None = None,
    fmt: str = "{:.0f}",
    colorbar_label: str = "Mentions",
    title: str = "Which powers each article mentions",
    subtitle: str | None = "Mentions of each power's people, places and institutions; articles oldest at top",
    note: str | None = None,
    source: str | None = None,
) -> Figure:
    """Annotated heatmap: articles (rows, by date) × categories (columns).

    ``counts`` is long: ``article_id``, ``column`` (e.g. ``group``) and
    ``value``. Columns follow ``order`` (categories in ``order`` with no
    data still get a column of zeros); every article gets a row. Cells are
    shaded with cividis and annotated with the value, text in black or white
    by cell lightness, so the numbers carry the message in greyscale too.
    A white dashed line separates articles before and after 11 September 2001.
    Past :data:`PER_ARTICLE_LIMIT` articles the rows are years (see
    :func:`article_rows`) and a cell holds the mean per article of that year.
    """
    table = article_table(articles)
    src = source_line(articles, source)
    if table.empty:
        return _no_data_figure(title, subtitle, note, src, "No articles")
    if counts is None or len(counts) == 0:
        wide = pd.DataFrame(index=table["id"])
    else:
        wide = counts.pivot_table(index="article_id", columns=column, values=value, aggfunc="sum", fill_value=0)
    cols = list(order) if order else []
    cols += [c for c in wide.columns if c not in cols]
    if not cols:
        return _no_data_figure(title, subtitle, note, src, "No data")
    wide = wide.reindex(index=table["id"], columns=cols).fillna(0)
    key_of, keys, row_labels = article_rows(table)
    by_year = per_year_view(len(table))
    if by_year:
        wide = wide.groupby(wide.index.map(key_of), sort=False).mean().reindex(index=keys)
        subtitle, colorbar_label = _per_year_text(subtitle), f"{colorbar_label} (mean per article)"
        fmt = "{:.1f}"
    n_rows, n_cols = wide.shape
    fig = new_figure(1.5 + 0.3 * n_rows, title=title, subtitle=subtitle, note=note, source=src)
    ax = fig.add_subplot()
    data = wide.to_numpy(dtype=float)
    vmax = max(float(data.max()), 1.0)
    image = ax.imshow(data, cmap=SEQUENTIAL_CMAP, vmin=0, vmax=vmax, aspect="auto", interpolation="nearest")
    col_names = [(column_labels or {}).get(c, str(c)) for c in cols]
    col_size = 8 if n_cols <= 4 else 7.5 if n_cols <= 8 else 7
    wrap = 11 if n_cols <= 4 else 10 if n_cols <= 6 else 8
    ax.set_xticks(range(n_cols), [textwrap.fill(name, wrap, break_long_words=False) for name in col_names], fontsize=col_size)
    ax.xaxis.tick_top()
    ax.tick_params(axis="x", rotation=0, length=0)
    ax.set_yticks(range(n_rows), row_labels, fontsize=_label_fontsize(n_rows))
    ax.tick_params(axis="y", length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    if n_rows * n_cols <= 600:
        for (r, c), v in np.ndenumerate(data):
            ax.text(c, r, fmt.format(v), ha="center", va="center", fontsize=_label_fontsize(n_rows, 8.5, 6),
                    color=_text_color_on(image.cmap(image.norm(v))))
    before = int((table["date_start"] < EVENT_DATE).sum())
    if not by_year and 0 < before < n_rows:  # per year, 2001 is a row of its own
        ax.axhline(before - 0.5, color="white", linewidth=2.2)
        ax.axhline(before - 0.5, color=_INK, linewidth=1.0, linestyle=(0, (4, 2)))
        ax.annotate(EVENT_LABEL, xy=(1.0, before - 0.5), xycoords=("axes fraction", "data"), xytext=(4, 0),
                    textcoords="offset points", va="center", fontsize=7, color=_INK, annotation_clip=False)
    cbar = fig.colorbar(image, ax=ax, location="bottom", shrink=0.45, pad=0.03, aspect=30)
    cbar.set_label(colorbar_label, fontsize=8)
    cbar.ax.tick_params(labelsize=7.5)
    cbar.outline.set_visible(False)
    return fig


# --------------------------------------------------------------------------
# Actors, tone, quotes
# --------------------------------------------------------------------------


def plot_network(
    graph,
    articles: pd.DataFrame,
    *,
    top_n: int = 15,
    seed: int = 7,
    title: str = "Who appears together",
    subtitle: str | None = None,
    note: str | None = None,
    source: str | None = None,
) -> Figure:
    """Co-occurrence network of the ``top_n`` entities by mention count.

    ``graph`` is a networkx Graph with node attributes ``count`` and
    ``group`` and edge attribute ``weight`` (shared paragraphs). Node area
    follows the count, edge width the weight; nodes differ by group in colour
    and marker shape. The layout is a spring layout with a fixed seed, so the
    figure is the same on every build.
    """
    import networkx as nx

    src = source_line(articles, source)
    if graph is None or graph.number_of_nodes() == 0:
        return _no_data_figure(title, subtitle, note, src, "No entities")
    counts = {n: float(graph.nodes[n].get("count", 1) or 1) for n in graph.nodes}
    keep = sorted(counts, key=lambda n: (-counts[n], str(n)))[:top_n]
    # Rebuild the subgraph with nodes and edges in sorted order: the layout then
    # does not depend on the order in which the analysis inserted them.
    sub = nx.Graph()
    for node in sorted(keep, key=str):
        sub.add_node(node, **graph.nodes[node])
    for a, b in sorted((tuple(sorted((u, v), key=str)) for u, v in graph.subgraph(keep).edges), key=lambda e: (str(e[0]), str(e[1]))):
        sub.add_edge(a, b, **graph.edges[a, b])
    fig = new_figure(4.6, title=title, subtitle=subtitle, note=note, source=src)
    ax = fig.add_subplot()
    ax.set_axis_off()
    # A start position on a circle, in a fixed order, keeps the layout independent of insertion order.
    ordered = sorted(sub.nodes, key=str)
    initial = {n: (math.cos(2 * math.pi * i / len(ordered)), math.sin(2 * math.pi * i / len(ordered))) for i, n in enumerate(ordered)}
    k = 2.6 / math.sqrt(max(len(ordered), 1))
    # Unweighted layout: weights would pull the big, strongly linked nodes on top of each other.
    pos = nx.spring_layout(sub, pos=initial, seed=seed, k=k, weight=None, iterations=200) if len(ordered) > 1 else {ordered[0]: (0.0, 0.0)}
    max_count = max(counts[n] for n in sub.nodes)
    size_of = {n: 110 + 850 * counts[n] / max_count for n in sub.nodes}
    weights = [float(sub.edges[e].get("weight", 1)) for e in sub.edges]
    max_w = max(weights) if weights else 1.0
    if sub.number_of_edges():
        nx.draw_networkx_edges(sub, pos, ax=ax, width=[0.5 + 4.0 * w / max_w for w in weights], edge_color="#9A9A9A",
                               alpha=0.8)
    def group_of(node):
        group = sub.nodes[node].get("group")
        return group if isinstance(group, str) and group else "no bloc"

    groups_present = []
    for group in GROUP_ORDER + sorted({group_of(n) for n in sub.nodes} - set(GROUP_ORDER)):
        nodes = [n for n in sub.nodes if group_of(n) == group]
        if not nodes:
            continue
        style = GROUP_STYLES.get(group, _UNKNOWN_GROUP_STYLE)
        groups_present.append(group)
        nx.draw_networkx_nodes(sub, pos, nodelist=nodes, ax=ax, node_shape=style["marker"], node_color=style["color"],
                               edgecolors=_INK, linewidths=0.8,
                               node_size=[size_of[n] for n in nodes])
    xs, ys = zip(*pos.values())
    pad_x = (max(xs) - min(xs)) * 0.18 + 0.2
    pad_y = (max(ys) - min(ys)) * 0.1 + 0.15
    ax.set_xlim(min(xs) - pad_x, max(xs) + pad_x)
    ax.set_ylim(min(ys) - pad_y, max(ys) + pad_y)
    radius = {n: math.sqrt(size_of[n]) / 2 for n in sub.nodes}
    # Biggest nodes are labelled first, so they get the nearest free spot.
    items = [(pos[n][0], pos[n][1], str(n), radius[n], None) for n in sorted(sub.nodes, key=lambda n: (-counts[n], str(n)))]
    _place_labels(ax, fig, items, [(pos[n][0], pos[n][1], radius[n]) for n in sub.nodes], fontsize=7.5,
                  bbox=dict(boxstyle="round,pad=0.1", facecolor="white", edgecolor="none", alpha=0.8))
    handles = [Line2D([], [], marker=GROUP_STYLES.get(g, _UNKNOWN_GROUP_STYLE)["marker"], linestyle="",
                      markerfacecolor=GROUP_STYLES.get(g, _UNKNOWN_GROUP_STYLE)["color"], markeredgecolor=_INK, markersize=7,
                      label=g) for g in groups_present]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=min(len(handles), 7), fontsize=8,
              columnspacing=1.0, handletextpad=0.3)
    return fig


def plot_tone(
    tone: pd.DataFrame,
    articles: pd.DataFrame,
    *,
    title: str = "Tone of the sentences that mention each power",
    subtitle: str | None = "Mean VADER compound score (−1 negative … +1 positive)",
    note: str | None = None,
    source: str | None = None,
) -> Figure:
    """Horizontal bars of mean tone per actor, with n annotated.

    ``tone`` has ``actor``, ``mean_compound``, ``n_sentences`` (and
    optionally ``n_articles``). Bars above zero are dark and solid, below
    zero light and hatched, so the sign reads in greyscale; a zero line and
    a symmetric axis keep the comparison honest.
    """
    src = source_line(articles, source)
    if tone is None or len(tone) == 0:
        return _no_data_figure(title, subtitle, note, src, "No sentences mention any power")
    data = tone.copy()
    data["_order"] = [GROUP_ORDER.index(a) if a in GROUP_ORDER else len(GROUP_ORDER) for a in data["actor"]]
    data = data.sort_values(["_order", "actor"]).reset_index(drop=True)
    n = len(data)
    fig = new_figure(0.6 + 0.34 * n, title=title, subtitle=subtitle, note=note, source=src)
    ax = fig.add_subplot()
    y = np.arange(n)
    values = data["mean_compound"].astype(float).fillna(0).to_numpy()
    positive = values >= 0
    ax.barh(y[positive], values[positive], color="#0072B2", height=0.6, edgecolor=_INK, linewidth=0.5, label="positive mean")
    ax.barh(y[~positive], values[~positive], color="#F2C46D", hatch="////", height=0.6, edgecolor=_INK, linewidth=0.5,
            label="negative mean")
    ax.axvline(0, color=_INK, linewidth=1.0)
    limit = max(0.25, float(np.abs(values).max()) * 1.15)
    ax.set_xlim(-limit, limit)
    ax.set_yticks(y, data["actor"].astype(str), fontsize=_label_fontsize(n))
    ax.invert_yaxis()
    ax.xaxis.grid(True)
    ax.set_xlabel("Mean compound score")
    for yi, v, rec in zip(y, values, data.to_dict("records")):
        n_text = f"{v:+.2f}  n = {int(rec.get('n_sentences', 0))} sentences"
        if "n_articles" in rec and not pd.isna(rec["n_articles"]):
            n_text += f", {int(rec['n_articles'])} articles"
        # Values and n sit in a column right of the (symmetric) axis, clear of every bar.
        ax.annotate(n_text, xy=(1.0, yi), xycoords=("axes fraction", "data"), xytext=(6, 0), textcoords="offset points",
                    va="center", ha="left", fontsize=_label_fontsize(n, 7.5, 6), color=_INK, annotation_clip=False)
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
    wide = scores[scores["theme"].isin([a, b])].pivot_table(index=["article_id", "paragraph"], columns="theme",
                                                            values="score", aggfunc="sum")
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
            va = float(wide.loc[key, a]) if a in wide.columns and key in wide.index and not pd.isna(wide.loc[key, a]) else 0.0
            vb = float(wide.loc[key, b]) if b in wide.columns and key in wide.index and not pd.isna(wide.loc[key, b]) else 0.0
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
        ax.annotate(f"\u2190 before\n{EVENT_LABEL}", xy=(before_end, 1.0), xycoords=("data", "axes fraction"), xytext=(-3, -2),
                    textcoords="offset points", ha="right", va="top", fontsize=7.5, color=_INK, path_effects=halo, zorder=6)
        ax.annotate("after \u2192", xy=(before_end, 1.0), xycoords=("data", "axes fraction"), xytext=(3, -2),
                    textcoords="offset points", ha="left", va="top", fontsize=7.5, color=_INK, path_effects=halo, zorder=6)
    for boundary in boundaries[:-1]:
        if boundary != before_end:
            ax.axvline(boundary, color="#BBBBBB", linewidth=0.6)
    # Lines run through every paragraph; markers only where a paragraph scores, so zeros do not clutter.
    xs_arr, a_arr, b_arr = np.array(xs, dtype=float), np.array(ys_a, dtype=float), np.array(ys_b, dtype=float)
    ax.plot(xs_arr, a_arr, color="#0072B2", linestyle="-", linewidth=1.3, zorder=3)
    ax.plot(xs_arr, b_arr, color=_INK, linestyle=(0, (4, 1.5)), linewidth=1.2, zorder=3)
    with np.errstate(invalid="ignore"):
        ax.plot(xs_arr[a_arr > 0], a_arr[a_arr > 0], linestyle="", marker="o", markersize=4, color="#0072B2", zorder=4)
        ax.plot(xs_arr[b_arr > 0], b_arr[b_arr > 0], linestyle="", marker="s", markersize=4, color=_INK,
                markerfacecolor="white", zorder=4)
    handles = [Line2D([], [], color="#0072B2", linestyle="-", marker="o", markersize=4, label=labels[0]),
               Line2D([], [], color=_INK, linestyle=(0, (4, 1.5)), marker="s", markersize=4, markerfacecolor="white",
                      label=labels[1])]
    ax.set_xlim(-0.5, x - 0.5)
    ax.set_ylim(0, ymax * 1.25)
    ax.set_ylabel("Matches per 100 words")
    n_art = len(centres)
    ax.set_xticks([c for c, _ in centres], [lab for _, lab in centres], fontsize=_label_fontsize(n_art, 8, 6, 5, 30),
                  rotation=0 if n_art <= 5 else 90)
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
        index=["article_id", "paragraph"], columns="theme", values="score", aggfunc="sum")
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
        subtitle = (f"One point per paragraph that uses either vocabulary ({len(shown)} of {len(wide)}); "
                    f"{zero} paragraphs score zero on both and are not shown")
    fig = new_figure(3.7, title=title, subtitle=subtitle, note=note, source=src)
    ax = fig.add_subplot()
    top = max(float(shown[[x_theme, y_theme]].to_numpy().max()) if len(shown) else 1.0, 1.0) * 1.1
    ax.plot([0, top], [0, top], color="#AAAAAA", linewidth=0.8, linestyle=":", zorder=1)
    ax.text(top * 0.97, top * 0.9, "equal", rotation=45, ha="right", va="top", fontsize=7, color=_MUTED, rotation_mode="anchor")
    years = [y for y in table["year"] if y is not None]
    norm = mpl.colors.Normalize(vmin=min(years, default=1997), vmax=max(max(years, default=2008), min(years, default=1997) + 1))
    cmap = mpl.colormaps[SEQUENTIAL_CMAP]
    # Jitter identical points a little, deterministically, so overlaps show.
    rng = np.random.default_rng(0)
    jitter = rng.uniform(-0.012, 0.012, size=(len(shown), 2)) * top
    for period, marker, filled, label in (("before", "o", False, f"before {EVENT_LABEL}"), ("after", "^", True, f"after {EVENT_LABEL}")):
        mask = (shown["date_start"] < EVENT_DATE) if period == "before" else ~(shown["date_start"] < EVENT_DATE)
        part = shown[mask.to_numpy()]
        if part.empty:
            continue
        colours = [cmap(norm(y)) if y is not None and not pd.isna(y) else "#777777" for y in part["year"]]
        jit = jitter[mask.to_numpy()]
        ax.scatter(part[x_theme] + jit[:, 0], part[y_theme] + jit[:, 1], s=42, marker=marker,
                   facecolors=colours if filled else "none", edgecolors=colours if not filled else _INK,
                   linewidths=1.4 if not filled else 0.6, label=label, zorder=3)
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
        return _rights_claims_per_year(counts, table, rows, periods, title=title,
                                       subtitle=_per_year_text(subtitle), note=note, src=src)
    fig = new_figure(0.9 + 0.5 * len(rows), title=title, subtitle=subtitle, note=note, source=src)
    ax = fig.add_subplot()
    start_of = dict(zip(table["id"], table["date_start"]))
    label_of = dict(zip(table["id"], table["label"]))
    for row in (counts.itertuples() if counts is not None else []):
        x = mpl.dates.date2num(start_of[row.article_id])
        y = rows.index(row.who)
        ax.scatter([x], [y], s=40 + 40 * row.claims, facecolor=_INK if row.beside else "white", edgecolor=_INK,
                   linewidth=1.0, zorder=3)
        ax.annotate(f"{row.claims}  {label_of[row.article_id]}", xy=(x, y), xytext=(9, 0), textcoords="offset points",
                    va="center", fontsize=7, color=_INK)
    raised = set(counts["article_id"]) if counts is not None and len(counts) else set()
    silent = table[~table["id"].isin(raised)]
    for position, item in enumerate(silent.itertuples()):
        x = mpl.dates.date2num(item.date_start)
        ax.scatter([x], [len(rows) - 1], marker="x", s=30, color=_MUTED, zorder=3)
        ax.annotate(item.label, xy=(x, len(rows) - 1), xytext=(0, 8 if position % 2 == 0 else -11),
                    textcoords="offset points", ha="center", fontsize=6.5, color=_MUTED)
    _date_axis(ax, list(table["date_start"]))
    lo, hi = ax.get_xlim()
    if periods is not None:
        for item in periods.itertuples():
            x = mpl.dates.date2num(pd.Timestamp(item.start))
            if lo < x < hi:
                ax.axvline(x, color=_MUTED, linewidth=0.8, linestyle=(0, (1, 2)), zorder=1)
                ax.annotate(item.label, xy=(x, 1.0), xycoords=("data", "axes fraction"), xytext=(2, -2),
                            textcoords="offset points", ha="left", va="top", fontsize=6.5, color=_MUTED)
    ax.set_yticks(range(len(rows)), rows, fontsize=_label_fontsize(len(rows)))
    ax.set_ylim(len(rows) - 0.4, -0.9)
    ax.tick_params(axis="y", length=0)
    ax.xaxis.grid(True)
    return fig


def _period_lines(ax, periods: pd.DataFrame | None) -> None:
    """Dotted lines and labels where the named periods begin, inside the axis' date range."""
    lo, hi = ax.get_xlim()
    for item in (periods.itertuples() if periods is not None else []):
        x = mpl.dates.date2num(pd.Timestamp(item.start))
        if lo < x < hi:
            ax.axvline(x, color=_MUTED, linewidth=0.8, linestyle=(0, (1, 2)), zorder=1)
            ax.annotate(item.label, xy=(x, 1.0), xycoords=("data", "axes fraction"), xytext=(2, -2),
                        textcoords="offset points", ha="left", va="top", fontsize=6.5, color=_MUTED)


def _rights_claims_per_year(counts, table, rows, periods, *, title, subtitle, note, src) -> Figure:
    """:func:`plot_rights_claims` past :data:`PER_ARTICLE_LIMIT`: one marker per year and speaker."""
    key_of, keys, _labels = article_rows(table)
    note = note or "A marker per year and speaker, labelled with its claims and the articles they are in; a cross " \
                   "per year with articles that make no rights claim, labelled with their number."
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
            ax.scatter([x], [y], s=size, facecolor=_INK if group["beside"].sum() else "white",
                       edgecolor=_INK, linewidth=1.0, zorder=3)
            ax.annotate(f"{n_claims} in {n_art}", xy=(x, y), xytext=(0, math.sqrt(size) / 2 + 2),
                        textcoords="offset points",
                        ha="center", va="bottom", fontsize=6.5, color=_INK)
    raised = set(counts["article_id"]) if counts is not None and len(counts) else set()
    silent: dict[Any, int] = {}
    for i in table["id"]:
        if i not in raised and key_of[i] != "undated":
            silent[key_of[i]] = silent.get(key_of[i], 0) + 1
    for year, n_silent in silent.items():
        x = middle(year)
        ax.scatter([x], [len(rows) - 1], marker="x", s=30, color=_MUTED, zorder=3)
        ax.annotate(str(n_silent), xy=(x, len(rows) - 1), xytext=(0, 7), textcoords="offset points",
                    ha="center", va="bottom", fontsize=6.5, color=_MUTED)
    _date_axis(ax, list(table["date_start"]))
    _period_lines(ax, periods)
    ax.set_yticks(range(len(rows)), rows, fontsize=_label_fontsize(len(rows)))
    ax.set_ylim(len(rows) - 0.4, -0.9)
    ax.tick_params(axis="y", length=0)
    ax.xaxis.grid(True)
    return fig


def plot_quote_groups(
    quotes: pd.DataFrame,
    articles: pd.DataFrame,
    *,
    title: str = "Who is quoted",
    subtitle: str | None = "Direct quotations by the speaker's side",
    note: str | None = None,
    source: str | None = None,
) -> Figure:
    """Horizontal bars: number of quotations per speaker group.

    ``quotes`` has ``article_id``, ``speaker`` (None if unattributed) and
    ``speaker_group``. Unattributed quotations get their own bar. Each bar
    is annotated with the count, the number of articles and the most quoted
    speakers; groups differ by colour and hatch.
    """
    src = source_line(articles, source)
    if quotes is None or len(quotes) == 0:
        return _no_data_figure(title, subtitle, note, src, "No quotations found")
    data = quotes.copy()
    group = data["speaker_group"].astype(object).where(data["speaker_group"].notna(), None)
    group = [g if isinstance(g, str) and g else ("Unattributed" if not isinstance(s, str) or not s else "Other")
             for g, s in zip(group, data["speaker"])]
    data["group"] = group
    order = [g for g in GROUP_ORDER if g in set(group)] + sorted(set(group) - set(GROUP_ORDER) - {"Unattributed"})
    if "Unattributed" in set(group):
        order.append("Unattributed")
    n = len(order)
    fig = new_figure(0.6 + 0.55 * n, title=title, subtitle=subtitle, note=note, source=src)
    ax = fig.add_subplot()
    counts = [int((data["group"] == g).sum()) for g in order]
    top = max(counts)
    for yi, (g, count) in enumerate(zip(order, counts)):
        style = GROUP_STYLES.get(g, {"color": "white", "hatch": "////"} if g == "Unattributed" else _UNKNOWN_GROUP_STYLE)
        ax.barh(yi - 0.12, count, color=style["color"], hatch=style["hatch"], edgecolor=_INK, linewidth=0.6, height=0.45)
        sub = data[data["group"] == g]
        n_art = sub["article_id"].nunique()
        ax.text(count + top * 0.015, yi - 0.12, f"{count}  ({n_art} article{'s' if n_art != 1 else ''})", va="center",
                fontsize=7.5, color=_INK)
        # The most quoted speakers go on a line under the bar, where there is room for long names.
        speakers = sub["speaker"].dropna().astype(str).value_counts()
        names = ", ".join(f"{name} {count}" for name, count in speakers.head(3).items())
        if len(speakers) > 3:
            names += f", {len(speakers) - 3} more"
        if names:
            ax.text(0, yi + 0.3, names, va="center", ha="left", fontsize=7, color=_MUTED, parse_math=False)
    ax.set_yticks([i - 0.12 for i in range(n)], order, fontsize=_label_fontsize(n))
    ax.tick_params(axis="y", length=0)
    ax.set_ylim(n - 0.5, -0.5)
    ax.set_xlim(0, top * 1.3)
    ax.set_xlabel("Quotations")
    ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True))
    ax.xaxis.grid(True)
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
            items.append((pd.Timestamp(group["date_start"].min()), 1, str(int(year)),
                          f"{n_art} article{'' if n_art == 1 else 's'}, from {group['date'].iloc[0]}", None))
    for row in (table.itertuples(index=False) if not per_year_view(len(table)) else []):
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
        ax.plot([x0, 0.12, label_x - 0.01], [y_date, y_row, y_row], color="#AAAAAA" if not article else _INK,
                linewidth=0.5 if not article else 0.8, zorder=1, clip_on=False)
        if article:
            ax.plot(article_x, y_date, marker="s", markersize=5.5, color=_INK, zorder=3, clip_on=False)
        else:
            ax.plot(axis_x, y_date, marker=style.get(topic, "o"), markersize=4.5, color=_INK,
                    markerfacecolor=fill.get(topic, "white"), markeredgewidth=0.9, zorder=2, clip_on=False)
        weight = "bold" if article else "normal"
        props = font_manager.FontProperties(family=mpl.rcParams["font.family"], size=7.5, weight=weight)
        text = f"{date_text}   {label}"
        while renderer.get_text_width_height_descent(text, props, ismath=False)[0] > max_px and len(text) > 12:
            text = text[: max(len(text) - 4, 10)].rstrip() + "…"
            text = text.replace("……", "…")
        ax.text(label_x, y_row, text, ha="left", va="center", fontsize=7.5, fontweight=weight, color=_INK,
                parse_math=False, clip_on=False)
    handles = [Line2D([], [], marker="s", linestyle="", color=_INK, markersize=6, label="article")]
    handles += [Line2D([], [], marker=style[t], linestyle="", color=_INK, markerfacecolor=fill[t], markersize=5,
                       label=f"event: {text}") for t, text in topic_labels.items()]
    ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0.0, 1.0), ncol=len(handles), borderaxespad=0.2,
              handletextpad=0.3, columnspacing=1.0, fontsize=7.5)
    return fig

