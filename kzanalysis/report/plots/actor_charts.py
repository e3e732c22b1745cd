"""Actors, tone and quotations: the co-occurrence network, tone by side and quotations by side."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from .layout import _no_data_figure, new_figure, source_line
from .placement import _place_labels
from .style import _INK, _MUTED, _UNKNOWN_GROUP_STYLE, GROUP_ORDER, GROUP_STYLES, _label_fontsize

if TYPE_CHECKING:
    import networkx as nx


def plot_network(
    graph: nx.Graph | None,
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
    for a, b in sorted(
        (tuple(sorted((u, v), key=str)) for u, v in graph.subgraph(keep).edges), key=lambda e: (str(e[0]), str(e[1]))
    ):
        sub.add_edge(a, b, **graph.edges[a, b])
    fig = new_figure(4.6, title=title, subtitle=subtitle, note=note, source=src)
    ax = fig.add_subplot()
    ax.set_axis_off()
    # A start position on a circle, in a fixed order, keeps the layout independent of insertion order.
    ordered = sorted(sub.nodes, key=str)
    initial = {
        n: (math.cos(2 * math.pi * i / len(ordered)), math.sin(2 * math.pi * i / len(ordered)))
        for i, n in enumerate(ordered)
    }
    k = 2.6 / math.sqrt(max(len(ordered), 1))
    # Unweighted layout: weights would pull the big, strongly linked nodes on top of each other.
    pos = (
        nx.spring_layout(sub, pos=initial, seed=seed, k=k, weight=None, iterations=200)
        if len(ordered) > 1
        else {ordered[0]: (0.0, 0.0)}
    )
    max_count = max(counts[n] for n in sub.nodes)
    size_of = {n: 110 + 850 * counts[n] / max_count for n in sub.nodes}
    weights = [float(sub.edges[e].get("weight", 1)) for e in sub.edges]
    max_w = max(weights) if weights else 1.0
    if sub.number_of_edges():
        nx.draw_networkx_edges(
            sub, pos, ax=ax, width=[0.5 + 4.0 * w / max_w for w in weights], edge_color="#9A9A9A", alpha=0.8
        )

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
        nx.draw_networkx_nodes(
            sub,
            pos,
            nodelist=nodes,
            ax=ax,
            node_shape=style["marker"],
            node_color=style["color"],
            edgecolors=_INK,
            linewidths=0.8,
            node_size=[size_of[n] for n in nodes],
        )
    xs, ys = zip(*pos.values())
    pad_x = (max(xs) - min(xs)) * 0.18 + 0.2
    pad_y = (max(ys) - min(ys)) * 0.1 + 0.15
    ax.set_xlim(min(xs) - pad_x, max(xs) + pad_x)
    ax.set_ylim(min(ys) - pad_y, max(ys) + pad_y)
    radius = {n: math.sqrt(size_of[n]) / 2 for n in sub.nodes}
    # Biggest nodes are labelled first, so they get the nearest free spot.
    items = [
        (pos[n][0], pos[n][1], str(n), radius[n], None) for n in sorted(sub.nodes, key=lambda n: (-counts[n], str(n)))
    ]
    _place_labels(
        ax,
        fig,
        items,
        [(pos[n][0], pos[n][1], radius[n]) for n in sub.nodes],
        fontsize=7.5,
        bbox=dict(boxstyle="round,pad=0.1", facecolor="white", edgecolor="none", alpha=0.8),
    )
    handles = [
        Line2D(
            [],
            [],
            marker=GROUP_STYLES.get(g, _UNKNOWN_GROUP_STYLE)["marker"],
            linestyle="",
            markerfacecolor=GROUP_STYLES.get(g, _UNKNOWN_GROUP_STYLE)["color"],
            markeredgecolor=_INK,
            markersize=7,
            label=g,
        )
        for g in groups_present
    ]
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, 0.0),
        ncol=min(len(handles), 7),
        fontsize=8,
        columnspacing=1.0,
        handletextpad=0.3,
    )
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
    ax.barh(
        y[positive], values[positive], color="#0072B2", height=0.6, edgecolor=_INK, linewidth=0.5, label="positive mean"
    )
    ax.barh(
        y[~positive],
        values[~positive],
        color="#F2C46D",
        hatch="////",
        height=0.6,
        edgecolor=_INK,
        linewidth=0.5,
        label="negative mean",
    )
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
        ax.annotate(
            n_text,
            xy=(1.0, yi),
            xycoords=("axes fraction", "data"),
            xytext=(6, 0),
            textcoords="offset points",
            va="center",
            ha="left",
            fontsize=_label_fontsize(n, 7.5, 6),
            color=_INK,
            annotation_clip=False,
        )
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
    group = [
        g if isinstance(g, str) and g else ("Unattributed" if not isinstance(s, str) or not s else "Other")
        for g, s in zip(group, data["speaker"])
    ]
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
        style = GROUP_STYLES.get(
            g, {"color": "white", "hatch": "////"} if g == "Unattributed" else _UNKNOWN_GROUP_STYLE
        )
        ax.barh(
            yi - 0.12, count, color=style["color"], hatch=style["hatch"], edgecolor=_INK, linewidth=0.6, height=0.45
        )
        sub = data[data["group"] == g]
        n_art = sub["article_id"].nunique()
        ax.text(
            count + top * 0.015,
            yi - 0.12,
            f"{count}  ({n_art} article{'s' if n_art != 1 else ''})",
            va="center",
            fontsize=7.5,
            color=_INK,
        )
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
