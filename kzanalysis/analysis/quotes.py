"""Quotations and who speaks them: found by the reading layer, in :mod:`kzanalysis.analysis.reading.quotes`.

The names stay importable from here.
"""

from __future__ import annotations

from .reading.quotes import (
    MIN_QUOTE_WORDS,
    PRONOUN_LOOKBACK,
    QUOTE_COLUMNS,
    QUOTE_SPAN_COLUMNS,
    SPEECH_VERBS,
    extract_quotes,
    is_quotation,
    is_title,
    quote_spans,
)

__all__ = [
    "MIN_QUOTE_WORDS",
    "PRONOUN_LOOKBACK",
    "QUOTE_COLUMNS",
    "QUOTE_SPAN_COLUMNS",
    "SPEECH_VERBS",
    "extract_quotes",
    "is_quotation",
    "is_title",
    "quote_spans",
]
