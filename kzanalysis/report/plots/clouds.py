"""Word clouds: one per article, and two contrasted vocabularies."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping

import matplotlib as mpl
import pandas as pd
from matplotlib import font_manager
from matplotlib.figure import Figure

from .layout import _grid_shape, _no_data, _no_data_figure, article_table, new_figure, source_line
from .style import FIG_WIDTH, SEQUENTIAL_CMAP


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
    frequencies: Mapping[str, Mapping[str, float]] | pd.DataFrame | None,
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
