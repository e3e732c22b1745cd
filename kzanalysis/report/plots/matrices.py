"""Article-by-category matrices: routes and corridors per article, and the article heatmap (counts or rates
per article and category).
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from .layout import _no_data_figure, _per_year_text, article_rows, article_table, new_figure, per_year_view, source_line
from .maps import short_route_name
from .style import _INK, _MUTED, EVENT_DATE, EVENT_LABEL, SEQUENTIAL_CMAP, _label_fontsize, _text_color_on


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
        rows.append(
            {
                "article_id": key,
                "corridor": corridor,
                "n_named": int(group["n_named"].sum()),
                "n_described": int(group["n_described"].sum()),
                "pipelines": pipelines,
                "more": max(len(ranked) - 3, 0),
            }
        )
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
    summary = (
        summary if summary is not None else pd.DataFrame(columns=["article_id", "corridor", "n_named", "n_described"])
    )
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
            ax.plot(
                x + dx - 0.07,
                y - 0.1,
                marker=style["marker"],
                markersize=8,
                markerfacecolor=style["face"],
                markeredgecolor=_INK,
                markeredgewidth=1.1,
                linestyle="",
                zorder=3,
            )
            ax.text(x + dx + 0.02, y - 0.1, f"{n}", va="center", ha="left", fontsize=8, color=_INK, zorder=3)
        pipelines = [p.strip() for p in str(rec.get("pipelines") or "").split(",") if p.strip()]
        if pipelines:
            label = "; ".join(short_route_name(names.get(p, p)) for p in pipelines)
            if rec.get("more"):
                label += f"; +{int(rec['more'])} more"
            ax.text(
                x,
                y + 0.24,
                textwrap.fill(label, 24),
                ha="center",
                va="center",
                fontsize=6.3,
                color=_MUTED,
                linespacing=1.0,
                zorder=3,
            )
    for aid, i in row_of.items():
        if aid not in articles_with:
            ax.text(
                (n_cols - 1) / 2,
                i,
                "no article speaks of an export corridor"
                if per_year_view(len(table))
                else "speaks of no export corridor",
                ha="center",
                va="center",
                fontsize=7.5,
                color=_MUTED,
                style="italic",
            )
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
        Line2D(
            [],
            [],
            marker=_REFERENCE_STYLE[k]["marker"],
            markerfacecolor=_REFERENCE_STYLE[k]["face"],
            markeredgecolor=_INK,
            linestyle="",
            markersize=7,
            label=_REFERENCE_STYLE[k]["label"],
        )
        for k in ("named", "described")
    ]
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.02),
        ncol=2,
        fontsize=7.5,
        borderaxespad=0.2,
        frameon=False,
    )
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
    scale: str = "all",
) -> Figure:
    """Annotated heatmap: articles (rows, by date) × categories (columns).

    ``scale``: ``"all"`` shades every cell on one scale; ``"column"`` shades each
    column on its own (a cell's share of its column's largest value), so one
    large column does not leave every other cell the same dark shade. The cell
    labels always give the values themselves.

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
    if scale == "column":
        column_max = np.where(data.max(axis=0, initial=0.0) > 0, data.max(axis=0, initial=0.0), 1.0)
        shade = data / column_max
        image = ax.imshow(shade, cmap=SEQUENTIAL_CMAP, vmin=0, vmax=1, aspect="auto", interpolation="nearest")
        colorbar_label = "Share of the column's largest value"
    elif scale == "all":
        shade = data
        vmax = max(float(data.max()), 1.0)
        image = ax.imshow(data, cmap=SEQUENTIAL_CMAP, vmin=0, vmax=vmax, aspect="auto", interpolation="nearest")
    else:
        raise ValueError(f"scale must be 'all' or 'column', not {scale!r}")
    col_names = [(column_labels or {}).get(c, str(c)) for c in cols]
    col_size = 8 if n_cols <= 4 else 7.5 if n_cols <= 8 else 7
    wrap = 11 if n_cols <= 4 else 10 if n_cols <= 6 else 8
    ax.set_xticks(
        range(n_cols), [textwrap.fill(name, wrap, break_long_words=False) for name in col_names], fontsize=col_size
    )
    ax.xaxis.tick_top()
    ax.tick_params(axis="x", rotation=0, length=0)
    ax.set_yticks(range(n_rows), row_labels, fontsize=_label_fontsize(n_rows))
    ax.tick_params(axis="y", length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    if n_rows * n_cols <= 600:
        for (r, c), v in np.ndenumerate(data):
            ax.text(
                c,
                r,
                fmt.format(v),
                ha="center",
                va="center",
                fontsize=_label_fontsize(n_rows, 8.5, 6),
                color=_text_color_on(image.cmap(image.norm(shade[r, c]))),
            )
    before = int((table["date_start"] < EVENT_DATE).sum())
    if not by_year and 0 < before < n_rows:  # per year, 2001 is a row of its own
        ax.axhline(before - 0.5, color="white", linewidth=2.2)
        ax.axhline(before - 0.5, color=_INK, linewidth=1.0, linestyle=(0, (4, 2)))
        ax.annotate(
            EVENT_LABEL,
            xy=(1.0, before - 0.5),
            xycoords=("axes fraction", "data"),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize=7,
            color=_INK,
            annotation_clip=False,
        )
    cbar = fig.colorbar(image, ax=ax, location="bottom", shrink=0.45, pad=0.03, aspect=30)
    cbar.set_label(colorbar_label, fontsize=8)
    if scale == "column":
        cbar.set_ticks([0, 0.5, 1], labels=["0", "half", "the column's largest"])
    cbar.ax.tick_params(labelsize=7.5)
    cbar.outline.set_visible(False)
    return fig
