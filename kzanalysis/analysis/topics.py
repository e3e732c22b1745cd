"""Claims per topic and period: what the conclusions say changed and what did not.

Read from the claims register (:func:`kzanalysis.analysis.claims.claims_table`) and the named periods of
``periods.yml``. A topic counts as raised in a period when at least one claim of an article of that period
is coded on it; the articles and genres of each period are shown with it, because with one or two texts per
period a change between periods is also a change of outlet and genre.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from kzanalysis.load.corpus import Corpus

__all__ = ["period_genres", "topic_period_table", "topic_spread"]


def _periods(corpus):
    from .rights import _periods as periods

    return periods(corpus)


def period_genres(corpus: Corpus) -> list[tuple[str, str, int, str]]:
    """(period id, label, articles, genres text) for every period that holds an article, in order."""
    from .rights import NO_PERIOD, _genres

    order, labels, period_of = _periods(corpus)
    genres = _genres(corpus)
    held: dict[str, Counter] = {}
    for a in corpus.articles["id"]:
        held.setdefault(period_of.get(a, NO_PERIOD), Counter())[genres[a]] += 1
    out = []
    for p in order + [NO_PERIOD]:
        if p in held:
            out.append(
                (
                    p,
                    labels.get(p, "No period"),
                    int(sum(held[p].values())),
                    ", ".join(f"{n} {g}" for g, n in sorted(held[p].items())),
                )
            )
    return out


def topic_period_table(corpus: Corpus) -> pd.DataFrame:
    """Claims per codebook topic (rows) and period holding an article (columns), with a first row giving each
    period's articles and genres. Unreviewed machine proposals are counted too (the chapters mark them)."""
    from kzanalysis.load.knowledge import load_codebook

    from .claims import claims_table

    claims = claims_table(corpus)
    _, _, period_of = _periods(corpus)
    held = period_genres(corpus)
    topics = {t: spec.get("label", t) for t, spec in load_codebook(corpus.data_dir)["topics"].items()}
    counts = Counter(zip(claims["topic"].tolist(), [period_of.get(a) for a in claims["article_id"]]))
    rows = [{"Topic": "Articles (genres)", **{label: f"{n} ({g})" for _, label, n, g in held}}]
    for topic, label in topics.items():
        rows.append({"Topic": label, **{plabel: str(counts.get((topic, p), 0)) for p, plabel, _, _ in held}})
    return pd.DataFrame(rows, columns=["Topic"] + [label for _, label, _, _ in held])


def topic_spread(corpus: Corpus) -> dict[str, str]:
    """Phrases for the conclusions: ``every`` (topics with claims in every period that holds an article),
    ``some`` (topics with claims in some periods only, each with its periods), ``periods`` (the periods and
    their genres, "Before September 11 1 analysis; ...")."""
    from kzanalysis.load.knowledge import load_codebook

    from .claims import claims_table
    from .rights import _join

    claims = claims_table(corpus)
    _, _, period_of = _periods(corpus)
    held = period_genres(corpus)
    topics = {t: spec.get("label", t) for t, spec in load_codebook(corpus.data_dir)["topics"].items()}
    raised: dict[str, set] = {}
    for topic, article in zip(claims["topic"].tolist(), claims["article_id"].tolist()):
        raised.setdefault(topic, set()).add(period_of.get(article))

    def lower(label: str) -> str:  # "Export routes" -> "export routes"; "OSCE chairmanship" stays
        return label[:1].lower() + label[1:] if label[1:2].islower() else label

    every = [lower(label) for t, label in topics.items() if held and all(p in raised.get(t, ()) for p, *_ in held)]
    some = [
        f"{lower(label)} ({_join(pl for p, pl, *_ in held if p in raised[t])})"
        for t, label in topics.items()
        if t in raised and lower(label) not in every
    ]
    return {
        "every": _join(every),
        "some": _join(some),
        "periods": "; ".join(f"{label} {n} ({g})" for _, label, n, g in held),
    }
