"""How a finding is defined: its spec (contribute, build) and the per-article Counters it counts into.

``contribute(corpus)`` returns, per article, a :class:`collections.Counter` of everything the finding's
headline needs; ``build(corpus, total, parts)`` turns the corpus's sum of those Counters (and the
corpus's tables) into a :class:`Result`: the finding's headline, statement, values and caveat.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from kzanalysis.load.corpus import Corpus

from ..positions import UNKNOWN_SIDE, WRITERS
from .model import _genres


@dataclass
class Result:
    """What a finding's build returns: the one shape of a finding's result.

    ``key`` is the headline's values (what the leave-one-out check compares), None when the finding cannot be
    computed. ``claims`` are the claims behind it (its n and evidence). ``sides`` is the number of sides (or
    outlets) behind it and ``agrees`` whether the measures agree with the claims (see
    :data:`kzanalysis.analysis.findings.CONFIDENCE_RULE`). ``concentrated`` marks a finding most of whose words come
    from one article; ``articles`` is the number of articles behind it when that is not the claims' articles; with
    ``whole_articles`` the evidence is every article of the corpus (the manifest), not only the claims'.
    """

    headline: str
    statement: str
    values: dict[str, Any]
    key: Any
    claims: pd.DataFrame
    caveat: str
    implication: str
    sides: int = 0
    agrees: bool = True
    concentrated: bool = False
    articles: int | None = None
    whole_articles: bool = False


def named_sides(whos: Iterable[str]) -> int:
    """How many sides a finding's claims speak for: the distinct ``who`` values, the writers and Unknown apart."""
    return len({w for w in whos if w not in (WRITERS, UNKNOWN_SIDE)})


@dataclass
class _Spec:
    id: str
    question: str
    contribute: Callable[[Corpus], dict[str, Counter]]
    build: Callable[[Corpus, Counter, dict[str, Counter]], Result]
    figure: str | None = None


def _per_article(corpus: Corpus) -> dict[str, Counter]:
    """An empty Counter per article, with the article's genre and period counted (shared by every finding)."""
    from kzanalysis.load.knowledge import article_periods, load_periods

    key = f"{__name__}._per_article"
    if key not in corpus.cache:  # (article, period, genre) read once per corpus; fresh Counters every call
        periods = article_periods(corpus.articles, load_periods(corpus.data_dir))
        genres = _genres(corpus)
        corpus.cache[key] = [(a, periods.get(a) or "no period", genres[a]) for a in corpus.articles["id"].tolist()]
    return {
        article_id: Counter({("articles",): 1, ("genre", genre): 1, ("period-genre", period, genre): 1})
        for article_id, period, genre in corpus.cache[key]
    }


def _rows_by_article(frame: pd.DataFrame, *columns: str) -> dict[str, list[tuple]]:
    """Article id -> the (column values) tuples of its rows, articles in order of first appearance and rows in
    frame order: what ``frame.groupby("article_id", sort=False)`` yields, as plain lists (one pass, no frames)."""
    out: dict[str, list[tuple]] = {}
    for article_id, *values in zip(frame["article_id"].tolist(), *(frame[c].tolist() for c in columns)):
        if not pd.isna(article_id):
            out.setdefault(article_id, []).append(tuple(values))
    return out


def _count_rows(counter: Counter, reviewed: list) -> None:
    """Count one article's claims, given as their ``reviewed`` flags: claims and reviewed claims."""
    counter[("claims",)] += len(reviewed)
    counter[("reviewed",)] += int(sum(bool(r) for r in reviewed))
