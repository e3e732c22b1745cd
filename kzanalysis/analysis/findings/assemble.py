"""The key findings assembled: each finding's record with its n, evidence, caveat, confidence and leave-one-out."""

from __future__ import annotations

import pandas as pd

from kzanalysis.load.corpus import Corpus
from kzanalysis.load.memo import per_corpus

from .loo import _contributions, _totals, loo_verdicts
from .model import Finding, _claim_counts, _evidence_of, confidence, evidence_text
from .registry import FINDINGS

__all__ = ["bottom_line", "brief_table", "findings_table", "key_findings"]


@per_corpus
def key_findings(corpus: Corpus) -> list[Finding]:
    """Every finding of :data:`FINDINGS` on ``corpus``, with caveat, confidence and leave-one-out verdict."""
    return _findings(corpus)


@per_corpus(copy_result=False)
def _findings(corpus: Corpus) -> list[Finding]:
    """:func:`key_findings`, computed once per corpus, for the callers here that only read it (no copy)."""
    contributions = _contributions(corpus)
    totals = _totals(corpus)
    verdicts = loo_verdicts(corpus)
    out = []
    for spec, _ in FINDINGS:
        parts = contributions[spec.id]
        total = totals[spec.id]
        built = spec.build(corpus, total, parts)
        claims = built.claims
        n_claims, n_reviewed = _claim_counts(claims)
        if built.whole_articles:
            evidence = _evidence_of(claims)
            cited = {e[0] for e in evidence}
            evidence += [(a, None, ()) for a in corpus.articles["id"].tolist() if a not in cited]
            n_articles = len(corpus.articles)
        else:
            evidence = _evidence_of(claims)
            n_articles = (
                built.articles
                if built.articles is not None
                else (int(claims["article_id"].nunique()) if n_claims else 0)
            )
        loo, detail = verdicts[spec.id]
        share = n_reviewed / n_claims if n_claims else float("nan")
        largest = claims["article_id"].value_counts().iloc[0] if n_claims else 0
        concentrated = built.concentrated or (n_claims > 1 and largest * 2 > n_claims)
        word, reason = confidence(n_articles, built.sides, share, built.agrees, loo, concentrated)
        caveat = built.caveat
        if n_claims and n_reviewed < n_claims:
            caveat += f" {n_claims - n_reviewed} of its {n_claims} claims are unreviewed machine proposals."
        out.append(
            Finding(
                id=spec.id,
                question=spec.question,
                headline=built.headline,
                statement=built.statement,
                n_articles=n_articles,
                n_claims=n_claims,
                evidence=evidence,
                caveat=caveat,
                confidence=word,
                confidence_reason=reason,
                reviewed_share=share,
                n_machine=n_claims - n_reviewed,
                loo=loo,
                loo_detail=detail,
                implication=built.implication,
                values=built.values,
                key=built.key,
                figure=spec.figure,
            )
        )
    return out


_CONFIDENCE_RANK = {"high": 0, "moderate": 1, "low": 2}


def bottom_line(findings: list[Finding], most: int = 5) -> list[Finding]:
    """The three to five findings for the opening brief: the most confident first, in book order within a word."""
    ranked = sorted(findings, key=lambda f: _CONFIDENCE_RANK.get(f.confidence, 3))
    return ranked[: max(3, min(most, len(ranked)))]


def findings_table(corpus: Corpus) -> pd.DataFrame:
    """One row per finding: id, headline, statement, n, confidence, caveat, loo, evidence (for findings.csv)."""
    rows = [
        (f.id, f.headline, f.statement, f.n, f.confidence, f.caveat, f.loo, evidence_text(f, corpus))
        for f in _findings(corpus)
    ]
    return pd.DataFrame(rows, columns=["id", "headline", "statement", "n", "confidence", "caveat", "loo", "evidence"])


def brief_table(findings: list[Finding]) -> pd.DataFrame:
    """The bottom-line brief as a table: judgment, confidence, n and what it implies."""
    return pd.DataFrame(
        [(f.headline, f.confidence, f.n, f.implication) for f in findings],
        columns=["Judgment", "Confidence", "n", "What it implies"],
    )
