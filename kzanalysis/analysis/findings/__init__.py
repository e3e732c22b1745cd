"""Key findings: judgments drawn from the claims register and the reading measures.

A :class:`Finding` answers one question of the report. It is built from the
claims (:func:`kzanalysis.analysis.claims.claims_table`: hand-coded claims where the
register has them, unreviewed machine proposals otherwise) and from the
measures of the reading layer (route references, voices of sentences, theme
rates, the manifest). Every finding carries:

* a **headline** generated from the evidence values (which sides back which
  corridor, whose words describe the balancing, ...), never chosen from
  stock sentences;
* a **statement** with the numbers filled in, each number also in
  ``values``;
* **n** (articles and claims behind it) and the **evidence**: the claims'
  articles and paragraphs, rendered as ``"RFE/RL 1997 ¶ 12, ¶ 13"``;
* a **caveat**: what it rests on and what would overturn it, computed
  (``"8 of the 9 claims for Kazakhstan come from one interview"``);
* a **confidence** word from :data:`CONFIDENCE_RULE`;
* the **reviewed share** of its claims (machine claims are marked
  "unreviewed machine proposal" in the evidence);
* the **leave-one-out** verdict: ``holds``, ``changes`` (naming the article
  whose removal changes the headline's values) or ``not computable`` (naming
  the article without which the finding lacks what it needs).

Leave-one-out runs in linear time. Each finding is defined by two functions:
``contribute`` reads the corpus once and returns, per article, a
:class:`collections.Counter` of everything the finding's headline needs
(claim counts by side and target, words by side, articles by genre and
period...); ``summarise`` turns a Counter into the headline's values (its
*key*) or None when the finding cannot be computed. The full corpus is the
sum of the per-article Counters; the corpus without article *a* is that sum
minus *a*'s Counter, so every reduced corpus costs the size of one Counter,
not a re-run of the analyses.

The package, one job per module:

* :mod:`~kzanalysis.analysis.findings.model`: the :class:`Finding` record, :func:`confidence` by
  :data:`CONFIDENCE_RULE`, :func:`evidence_text`, :func:`subset`, and the phrases and per-corpus look-ups
  every finding shares;
* :mod:`~kzanalysis.analysis.findings.spec`: how a finding is defined (its spec, the per-article Counters);
* :mod:`~kzanalysis.analysis.findings.policy`: the export-corridor, balancing and rights findings;
* :mod:`~kzanalysis.analysis.findings.voices`: the who-speaks, sources and forecasts findings;
* :mod:`~kzanalysis.analysis.findings.registry`: :data:`FINDINGS`, in the order the book presents them;
* :mod:`~kzanalysis.analysis.findings.loo`: the per-article contributions and the leave-one-out check;
* :mod:`~kzanalysis.analysis.findings.assemble`: :func:`key_findings`, :func:`findings_table` and the brief.
"""

from .assemble import bottom_line, brief_table, findings_table, key_findings
from .loo import leave_one_out, loo_counts, loo_grid, loo_verdicts
from .model import CONFIDENCE_RULE, LOO_VERDICTS, Finding, confidence, evidence_text, subset
from .registry import FINDINGS
from .voices import FUNDING_LABELS

__all__ = [
    "CONFIDENCE_RULE",
    "FINDINGS",
    "FUNDING_LABELS",
    "Finding",
    "LOO_VERDICTS",
    "bottom_line",
    "brief_table",
    "confidence",
    "evidence_text",
    "findings_table",
    "key_findings",
    "leave_one_out",
    "loo_counts",
    "loo_grid",
    "loo_verdicts",
    "subset",
]
