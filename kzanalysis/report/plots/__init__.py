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

The package is split by job, and its names are re-exported here, so ``plots.<name>`` works for each:

- :mod:`.style`: palette, markers, hatches, the sides' styles, font sizes, :func:`apply_style`;
- :mod:`.layout`: the article table, the source line, the figure frame (:func:`new_figure`), wrapping,
  "no data" figures, per-year views past :data:`PER_ARTICLE_LIMIT`, date axes;
- :mod:`.placement`: label placement;
- :mod:`.maps`: the route map and its geometry;
- :mod:`.corpus_charts`, :mod:`.clouds`, :mod:`.matrices`, :mod:`.theme_charts`, :mod:`.actor_charts`: the
  charts, grouped by subject.
"""

from __future__ import annotations

from kzanalysis.load.labels import short_outlet

from .actor_charts import (
    plot_network,
    plot_quote_groups,
    plot_tone,
)
from .clouds import (
    _wordcloud_image,  # noqa: F401 (used as plots.<name>)
    plot_contrast_clouds,
    plot_wordclouds,
)
from .corpus_charts import (
    plot_article_lengths,
    plot_boilerplate,
    plot_distinctive_terms,
    plot_event_timeline,
    plot_timeline,
)
from .layout import (
    PER_ARTICLE_LIMIT,
    SOURCE_LIST_LIMIT,
    article_labels,
    article_rows,
    article_table,
    figure_source,
    figure_title,
    new_figure,
    per_year_view,
    source_line,
)
from .maps import (
    MAP_FRAME,  # noqa: F401 (used as plots.<name>)
    plot_route_map,
    route_legs,
    short_route_name,
)
from .matrices import (
    _summary_per_year,  # noqa: F401 (used as plots.<name>)
    plot_article_heatmap,
    plot_route_matrix,
)
from .style import (  # noqa: F401 (used as plots.<name>)
    _UNKNOWN_GROUP_STYLE,
    BASE_SIZE,
    EVENT_DATE,
    EVENT_LABEL,
    FIG_WIDTH,
    GROUP_ORDER,
    GROUP_STYLES,
    HATCHES,
    LINESTYLES,
    MARKERS,
    PALETTE,
    SEQUENTIAL_CMAP,
    SOURCE_SIZE,
    SUBTITLE_SIZE,
    TITLE_SIZE,
    apply_style,
)
from .theme_charts import (
    plot_rights_claims,
    plot_theme_paragraphs,
    plot_theme_rates,
    plot_theme_scatter,
)

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
    "SOURCE_LIST_LIMIT",
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
