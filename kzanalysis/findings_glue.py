"""Glue the key findings into the book: every field of every finding, for the key findings chapter.

The findings themselves are computed in :mod:`kzanalysis.findings` (analysis); this module only hands
them to ``myst_nb``'s glue, so the analysis imports nothing of the book.
"""

from __future__ import annotations

from .book import PlainText, RefText, glue_value
from .corpus import Corpus
from .findings import Finding, evidence_text

__all__ = ["LINKED_FIELDS", "glue_findings"]


#: Glued finding fields that may hold paragraph links ("¶ N"), pasted with ``{glue:md}`kf-<id>-<field>:myst```.
LINKED_FIELDS = ("statement", "evidence")


def glue_findings(findings: list[Finding], corpus: Corpus) -> None:
    """Glue every field of every finding under ``kf-<id>-<field>`` for the key findings chapter.

    Fields: question, headline, statement, evidence, n, reviewed, caveat,
    confidence (the word and its reason), loo (the verdict and the article
    that decides it), implication.
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
            "evidence": evidence_text(f, corpus),
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
