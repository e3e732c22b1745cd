"""Analysis helpers for the US-Kazakhstan relations report.

The package loads and validates the article corpus in ``data/``, cleans it,
and computes the statistics, terms, entities, themes, tone, quotes, numbers,
summaries and figures that the book's chapters present.
"""

__version__ = "1.0.0"
