"""Claims: the hand-coded register, machine proposals for uncoded articles, and their agreement.

Modules:

- :mod:`kzanalysis.analysis.claims.proposals`: the machine's proposals, sentence by
  sentence, and the claims table (hand codes plus proposals for the
  articles nobody has coded), with how a sentence becomes a proposal;
- :mod:`kzanalysis.analysis.claims.agreement`: the proposals against the hand codes,
  topic by topic (agreement and Cohen's kappa), and the codebook's topics.

Every name is importable from ``kzanalysis.analysis.claims``.
"""

from __future__ import annotations

from .agreement import AGREEMENT_COLUMNS, POOLED, agreement, agreement_summary, codebook_topics
from .proposals import (
    CLAIM_CHARS,
    FORECAST_RE,
    MACHINE_CODER,
    STANCE_OF_ROUTE_STANCE,
    VOICE_OF_KIND,
    claims_table,
    propose_claims,
    topic_cues,
)

__all__ = [
    "AGREEMENT_COLUMNS",
    "CLAIM_CHARS",
    "FORECAST_RE",
    "MACHINE_CODER",
    "POOLED",
    "STANCE_OF_ROUTE_STANCE",
    "VOICE_OF_KIND",
    "agreement",
    "agreement_summary",
    "claims_table",
    "codebook_topics",
    "propose_claims",
    "topic_cues",
]
