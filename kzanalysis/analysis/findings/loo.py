"""Leave-one-article-out: each finding's headline values without each article in turn, in linear time.

The full corpus's Counter is the sum of the per-article Counters of a finding
(:mod:`kzanalysis.analysis.findings.spec`); the corpus without article *a* is that sum minus *a*'s Counter, so every
reduced corpus costs the size of one Counter, not a re-run of the analyses.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pandas as pd

from kzanalysis.load.corpus import Corpus
from kzanalysis.load.memo import per_corpus

from .model import LOO_VERDICTS, _article_labels, _join
from .registry import FINDINGS

__all__ = ["leave_one_out", "loo_counts", "loo_grid", "loo_verdicts"]


def _sum(parts: dict[str, Counter]) -> Counter:
    total: Counter = Counter()
    for counter in parts.values():
        total.update(counter)
    return total


@per_corpus(copy_result=False)
def _contributions(corpus: Corpus) -> dict[str, dict[str, Counter]]:
    """Per finding, per article: the Counter of its contribution (computed once; callers only read it)."""
    return {spec.id: spec.contribute(corpus) for spec, _ in FINDINGS}


@per_corpus(copy_result=False)
def _totals(corpus: Corpus) -> dict[str, Counter]:
    """Per finding: the sum of its per-article Counters, the whole corpus's Counter (callers only read it)."""
    return {finding_id: _sum(parts) for finding_id, parts in _contributions(corpus).items()}


@per_corpus
def leave_one_out(corpus: Corpus) -> pd.DataFrame:
    """Each finding's headline values without each article in turn, in linear time.

    Returns
    -------
    DataFrame with columns finding, left_out (article id), verdict (holds |
    changes | not computable) and key (the headline values on the reduced
    corpus, None when not computable). Empty with a one-article corpus.
    """
    columns = ["finding", "left_out", "verdict", "key"]
    ids = corpus.articles["id"].tolist()
    if len(ids) < 2:
        return pd.DataFrame(columns=columns)
    contributions = _contributions(corpus)
    totals = _totals(corpus)
    rows = []
    for spec, summariser in FINDINGS:
        summarise = summariser(corpus)
        parts = contributions[spec.id]
        total = totals[spec.id]
        full = summarise(total)
        # the reduced corpus depends only on the Counter taken away: articles that contribute the same Counter
        # (say, one article each of a genre and period, and nothing else) share one summary
        summaries: dict[frozenset, Any] = {}
        for article_id in ids:
            part = parts[article_id]
            signature = frozenset(part.items())
            if signature not in summaries:
                summaries[signature] = summarise(total - part)
            reduced = summaries[signature]
            if reduced is None or full is None:
                verdict = "not computable"
            else:
                verdict = "holds" if reduced == full else "changes"
            rows.append((spec.id, article_id, verdict, reduced))
    return pd.DataFrame(rows, columns=columns)


def _loo_of(finding_id: str, table: pd.DataFrame, labels: dict[str, str]) -> tuple[str, str]:
    rows = table[table["finding"] == finding_id]
    if rows.empty:
        return "not computable", "a single article cannot be left out"
    for verdict in ("not computable", "changes"):
        hit = rows[rows["verdict"] == verdict]
        if len(hit):
            who = _join(labels.get(a, a) for a in hit["left_out"])
            text = ("cannot be computed without " if verdict == "not computable" else "changes without ") + who
            return verdict, text
    return "holds", f"holds whichever of the {len(rows)} articles is left out"


def loo_verdicts(corpus: Corpus) -> dict[str, tuple[str, str]]:
    """Finding id -> its leave-one-out verdict (holds | changes | not computable) and the verdict in words."""
    table = leave_one_out(corpus)
    labels = _article_labels(corpus)
    return {spec.id: _loo_of(spec.id, table, labels) for spec, _ in FINDINGS}


def loo_grid(corpus: Corpus) -> pd.DataFrame:
    """The leave-one-out table for the book: one row per finding, one column per article left out (date order)."""
    verdicts = loo_verdicts(corpus)
    table = leave_one_out(corpus)
    labels = _article_labels(corpus)
    order = corpus.articles.sort_values("date_start", kind="stable")["id"]
    rows = []
    for spec, _ in FINDINGS:
        mine = dict(
            zip(table.loc[table["finding"] == spec.id, "left_out"], table.loc[table["finding"] == spec.id, "verdict"])
        )
        row = {"Finding": spec.question, "Verdict": verdicts[spec.id][0]}
        for a in order:
            row[f"Without {labels[a]}"] = mine.get(a, "not computable")
        rows.append(row)
    return pd.DataFrame(rows)


def loo_counts(corpus: Corpus) -> dict[str, int]:
    """How many findings hold, change or are not computable when one article is left out."""
    counts = Counter(verdict for verdict, _ in loo_verdicts(corpus).values())
    return {"n_findings": sum(counts.values()), **{v: counts.get(v, 0) for v in LOO_VERDICTS}}
