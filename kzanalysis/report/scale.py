"""How many articles the book shows one by one (:data:`PER_ARTICLE_LIMIT`) before it counts them by year.

Kept apart from the plotting code so that the source pages and tables can ask without importing matplotlib.
"""

from __future__ import annotations

__all__ = ["PER_ARTICLE_LIMIT", "per_year_view"]

#: The most articles a figure shows one by one (a row, marker or label each). With more, the figures that
#: show articles one by one show one row or bar per year of publication instead (see :func:`per_year_view`),
#: tables of every article are counted, and the source texts are one page per year.
#: 30 rows of tick labels still fit a page at a readable size (see ``plots.layout._label_fontsize``).
PER_ARTICLE_LIMIT = 30


def per_year_view(n_articles: int) -> bool:
    """True when a corpus of ``n_articles`` is shown per year rather than per article."""
    return n_articles > PER_ARTICLE_LIMIT
