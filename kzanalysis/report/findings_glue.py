"""Glue the key findings into the book: every field of every finding, for the key findings chapter.

The findings themselves are computed in :mod:`kzanalysis.analysis.findings` (analysis); this module only hands
them to ``myst_nb``'s glue, so the analysis imports nothing of the book.
"""

from __future__ import annotations

import dataclasses

from kzanalysis.analysis.findings import Finding, evidence_text
from kzanalysis.load.corpus import Corpus

from .book import LISTED_LIMIT, PlainText, RefText, glue_value

__all__ = ["LINKED_FIELDS", "glue_findings", "shown_evidence"]


#: Glued finding fields that may hold paragraph links ("¶ N"), pasted with ``{glue:md}`kf-<id>-<field>:myst```.
LINKED_FIELDS = ("statement", "evidence")


def shown_evidence(finding: Finding, corpus: Corpus) -> str:
    """The evidence as the book shows it: :func:`kzanalysis.analysis.findings.evidence_text`, every paragraph linked.

    Past the per-article limit, the paragraphs of the first :data:`kzanalysis.report.book.LISTED_LIMIT` articles
    (in corpus order, as the evidence text lists them), then how many more paragraphs and articles there are
    and that findings.csv of the CSV export holds every reference.
    """
    from .scale import per_year_view

    order = {a: i for i, a in enumerate(corpus.articles["id"].tolist())}
    articles = sorted({e[0] for e in finding.evidence}, key=lambda a: order.get(a, len(order)))
    if not per_year_view(len(corpus.articles)) or len(articles) <= LISTED_LIMIT:
        return evidence_text(finding, corpus)
    shown = set(articles[:LISTED_LIMIT])
    kept = [e for e in finding.evidence if e[0] in shown]
    rest = {(e[0], e[1]) for e in finding.evidence if e[0] not in shown and e[1] is not None}
    n_more = len(articles) - LISTED_LIMIT
    paragraphs = f" ({len(rest):,} paragraph{'' if len(rest) == 1 else 's'})" if rest else ""
    return evidence_text(dataclasses.replace(finding, evidence=kept), corpus) + (
        f"; and {n_more:,} more article{'' if n_more == 1 else 's'}{paragraphs}: "
        "every reference is in findings.csv of the CSV export"
    )


def glue_findings(findings: list[Finding], corpus: Corpus) -> None:
    """Glue every field of every finding under ``kf-<id>-<field>`` for the key findings chapter.

    Fields: question, headline, statement, evidence (as :func:`shown_evidence` shows it), n, reviewed,
    caveat, confidence (the word and its reason), loo (the verdict and the article that decides it),
    implication.
    """
    for f in findings:
        share = f.reviewed_share
        reviewed = (
            "no claims"
            if share != share
            else "every claim reviewed"
            if f.n_machine == 0
            else f"{f.n_machine} of {f.n_claims} claims are unreviewed machine proposals"
        )
        fields = {
            "question": f.question,
            "headline": f.headline,
            "statement": f.statement,
            "evidence": shown_evidence(f, corpus),
            "n": f.n,
            "reviewed": reviewed,
            "caveat": f.caveat,
            "confidence": f"{f.confidence} ({f.confidence_reason})",
            "loo": f"{f.loo}: {f.loo_detail}",
            "implication": f.implication,
        }
        for name, value in fields.items():
            # the statement and evidence may hold paragraph links: paste them with {glue:md}`key:myst`
            glue_value(f"kf-{f.id}-{name}", RefText([value]) if name in LINKED_FIELDS else PlainText(value))
