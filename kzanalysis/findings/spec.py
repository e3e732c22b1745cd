"""How a finding is defined: its spec (contribute, build) and the per-article Counters it counts into.

``contribute(corpus)`` returns, per article, a :class:`collections.Counter` of everything the finding's
headline needs; ``build(corpus, total, parts)`` turns the corpus's sum of those Counters (and the
corpus's tables) into the finding's headline, statement, values and caveat.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from ..corpus import Corpus
from .model import _genres


@dataclass
class _Spec:
    id: str
    question: str
    contribute: Callable[[Corpus], dict[str, Counter]]
    build: Callable[[Corpus, Counter, dict[str, Counter]], dict]
    figure: str | None = None


def _per_article(corpus: Corpus) -> dict[str, Counter]:
    """An empty Counter per article, with the article's genre and period counted (shared by every finding)."""
    from ..knowledge import article_periods, load_periods

    key = f"{__name__}._per_article"
    if key not in corpus.cache:  # (article, period, genre) read once per corpus; fresh Counters every call
        periods = article_periods(corpus.articles, load_periods(corpus.data_dir))
        genres = _genres(corpus)
        corpus.cache[key] = [(a, periods.get(a) or "no period", genres[a]) for a in corpus.articles["id"]]
    return {
        article_id: Counter({("articles",): 1, ("genre", genre): 1, ("period-genre", period, genre): 1})
        for article_id, period, genre in corpus.cache[key]
    }


def _rows_by_article(frame: pd.DataFrame, *columns: str) -> dict[str, list[tuple]]:
    """Article id -> the (column values) tuples of its rows, articles in order of first appearance and rows in
    frame order: what ``frame.groupby("article_id", sort=False)`` yields, as plain lists (one pass, no frames)."""
    out: dict[str, list[tuple]] = {}
    for article_id, *values in zip(frame["article_id"], *(frame[c] for c in columns)):
        if not pd.isna(article_id):
            out.setdefault(article_id, []).append(tuple(values))
    return out


def _count_rows(counter: Counter, reviewed: list) -> None:
    """Count one article's claims, given as their ``reviewed`` flags: claims and reviewed claims."""
    counter[("claims",)] += len(reviewed)
    counter[("reviewed",)] += int(sum(bool(r) for r in reviewed))
