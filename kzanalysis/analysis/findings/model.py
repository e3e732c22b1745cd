"""The finding record, its confidence rule, its evidence text, and the phrases every finding shares.

Also the per-corpus look-ups the finding builders share (article labels, genres, the claims register,
the unreviewed claims), each computed once per corpus.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from kzanalysis.load.corpus import Corpus

__all__ = [
    "CONFIDENCE_RULE",
    "Finding",
    "LOO_VERDICTS",
    "confidence",
    "evidence_text",
    "subset",
]


LOO_VERDICTS = ("holds", "changes", "not computable")

CONFIDENCE_RULE = (
    "high: at least 3 articles and 2 sides (for the sources finding: outlets) behind the finding, every claim "
    "reviewed, the measures agree with the claims, no single article supplies more than half of its claims (or of "
    "the words it counts), and it holds when any one article is left out; low: one article behind it, or fewer than "
    "half its claims reviewed, or it cannot be computed without some article; moderate: everything else."
)
"""How a finding's confidence word is chosen (see :func:`confidence`)."""


# ------------------------------------------------------------------ the record


@dataclass
class Finding:
    """One key finding (see :mod:`kzanalysis.analysis.findings` for what each field means).

    ``evidence`` is a list of ``(article_id, paragraph, claim_ids)``;
    paragraph is None when the evidence is a whole article (the manifest).
    ``key`` is the tuple of headline values the leave-one-out check compares.
    """

    id: str
    question: str
    headline: str
    statement: str
    n_articles: int
    n_claims: int
    evidence: list = field(default_factory=list)
    caveat: str = ""
    confidence: str = "low"
    confidence_reason: str = ""
    reviewed_share: float = float("nan")
    n_machine: int = 0
    loo: str = "not computable"
    loo_detail: str = ""
    implication: str = ""
    values: dict = field(default_factory=dict)
    key: Any = None
    figure: str | None = None

    @property
    def n(self) -> str:
        """The n behind the finding, in words."""
        return f"{_plural(self.n_articles, 'article')}, {_plural(self.n_claims, 'claim')}"


def subset(corpus: Corpus, article_ids: Iterable[str]) -> Corpus:
    """The corpus restricted to ``article_ids`` (tables filtered, order kept, fresh cache)."""
    keep = set(article_ids)

    def only(frame: pd.DataFrame | None) -> pd.DataFrame | None:
        if frame is None:
            return None
        return frame[frame["article_id"].isin(keep)].reset_index(drop=True)

    return dataclasses.replace(
        corpus,
        articles=corpus.articles[corpus.articles["id"].isin(keep)].reset_index(drop=True),
        paragraphs=only(corpus.paragraphs),
        boilerplate=only(corpus.boilerplate),
        all_paragraphs=only(corpus.all_paragraphs),
    )


# ------------------------------------------------------------------ phrases


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else (plural or word + 's')}"


def _join(items: Iterable[Any]) -> str:
    items = [str(i) for i in items]
    if not items:
        return "none"
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _cap(text: str) -> str:
    """First letter upper case, the rest as written (names keep their capitals)."""
    return text[:1].upper() + text[1:]


def _pct(part: float, whole: float) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "0%"


def _caveat(caveats: list[str]) -> str:
    """A finding's caveats as one sentence."""
    return _cap("; ".join(caveats)) + "."


def _the(side: str) -> str:
    return f"the {side}" if side in ("United States",) else side


# ------------------------------------------------------------------ per-corpus look-ups


def _article_labels(corpus: Corpus) -> dict[str, str]:
    """Article id -> its author–year citation label.

    The label is the bibliography's, see :func:`kzanalysis.load.labels.citation_labels`.
    """
    from kzanalysis.load.labels import citation_labels

    key = f"{__name__}._article_labels"
    if key not in corpus.cache:  # computed once per corpus, a copy for each caller
        corpus.cache[key] = citation_labels(corpus.articles, corpus.data_dir)
    return dict(corpus.cache[key])


def _genres(corpus: Corpus) -> dict[str, str]:
    return {
        a: (g if isinstance(g, str) and g.strip() else "unknown genre")
        for a, g in zip(corpus.articles["id"].tolist(), corpus.articles["genre"].tolist())
    }


def _claims(corpus: Corpus) -> pd.DataFrame:
    from ..claims import claims_table

    return claims_table(corpus)


def _claim_counts(claims: pd.DataFrame) -> tuple[int, int]:
    """(claims, reviewed claims)."""
    return int(len(claims)), int(claims["reviewed"].sum()) if len(claims) else 0


def _evidence_of(claims: pd.DataFrame) -> list[tuple[str, int, tuple[str, ...]]]:
    """(article_id, paragraph, claim ids) for each paragraph the claims sit in, in claims order."""
    out: dict[tuple[str, int], list[str]] = {}
    for a, p, i in zip(claims["article_id"].tolist(), claims["paragraph"].tolist(), claims["id"].tolist()):
        out.setdefault((a, int(p)), []).append(i)
    return [(a, p, tuple(ids)) for (a, p), ids in out.items()]


def _machine_ids(corpus: Corpus) -> frozenset[str]:
    """The ids of the claims that are unreviewed machine proposals (computed once per corpus)."""
    key = f"{__name__}._machine_ids"
    if key not in corpus.cache:
        claims = _claims(corpus)
        corpus.cache[key] = frozenset(claims.loc[~claims["reviewed"].astype(bool), "id"].tolist())
    return corpus.cache[key]


# ------------------------------------------------------------------ evidence and confidence


def evidence_text(finding: Finding, corpus: Corpus) -> str:
    """The evidence as ``"IWPR 2002 ¶ 5, ¶ 6; RFE/RL 1997 ¶ 12"`` (articles in corpus order).

    Paragraphs whose claims are all unreviewed machine proposals are marked so.
    The text is a :class:`kzanalysis.load.refs.RefText`: each "¶ N" links to its paragraph.
    """
    from kzanalysis.load.refs import RefText

    labels = _article_labels(corpus)
    machine = _machine_ids(corpus)
    order = {a: i for i, a in enumerate(corpus.articles["id"].tolist())}
    by_article: dict[str, list[tuple]] = {}
    for article_id, paragraph, ids in finding.evidence:
        by_article.setdefault(article_id, []).append((paragraph, ids))
    if not by_article:
        return "none"
    # the pieces of every article in one list, so that the text is built once (links as (article, paragraph))
    segments: list = []
    for article_id in sorted(by_article, key=lambda a: order.get(a, len(order))):
        if segments:
            segments.append("; ")
        refs = sorted({p for p, _ in by_article[article_id] if p is not None})
        ids = [i for _, group in by_article[article_id] for i in group]
        segments.append(labels.get(article_id, article_id))
        if refs:
            segments.append(" ")
            for j, p in enumerate(refs):
                if j:
                    segments.append(", ")
                segments.append((article_id, p))
        n_machine = sum(i in machine for i in ids)
        if ids and n_machine == len(ids):
            segments.append(" (unreviewed machine proposal)")
        elif n_machine:
            segments.append(f" ({n_machine} unreviewed machine proposals)")
    return RefText(segments)


def confidence(
    n_articles: int, n_sides: int, reviewed_share: float, agrees: bool, loo: str, concentrated: bool = False
) -> tuple[str, str]:
    """The confidence word and its reason, by :data:`CONFIDENCE_RULE`."""
    reasons = [f"{_plural(n_articles, 'article')}, {_plural(n_sides, 'side')}"]
    if concentrated:
        reasons.append("one article supplies most of it")
    share = reviewed_share if reviewed_share == reviewed_share else 1.0  # NaN: no claims, nothing unreviewed
    reasons.append(f"{100 * share:.0f}% of claims reviewed")
    reasons.append("measures agree" if agrees else "measures disagree")
    reasons.append(f"leave-one-out: {loo}")
    if n_articles <= 1 or share < 0.5 or loo == "not computable":
        word = "low"
    elif n_articles >= 3 and n_sides >= 2 and share == 1.0 and agrees and loo == "holds" and not concentrated:
        word = "high"
    else:
        word = "moderate"
    return word, "; ".join(reasons)
