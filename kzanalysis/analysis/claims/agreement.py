"""Claims: how far the machine's proposals agree with the hand codes, topic by topic.

Both coders are compared on the same units, the paragraphs of the articles
coded by hand: for each topic of ``codebook.yml`` a paragraph counts as
coded when the coder gave it at least one claim of that topic; agreement is
the share of units on which the two agree, with Cohen's kappa beside it
(the value :func:`sklearn.metrics.cohen_kappa_score` gives); and on the units
both coded, whether the paragraph's most frequent voice is the same.
"""

from __future__ import annotations

import os
from collections import Counter
from typing import TYPE_CHECKING, Any

import pandas as pd

from kzanalysis.load.knowledge import load_claims, load_codebook
from kzanalysis.load.memo import per_corpus

from .proposals import _coded_articles, _propose

if TYPE_CHECKING:
    from kzanalysis.load.corpus import Corpus

__all__ = ["AGREEMENT_COLUMNS", "POOLED", "agreement", "codebook_topics", "agreement_summary"]


AGREEMENT_COLUMNS = ["topic", "n_units", "n_hand", "n_machine", "n_both", "agreement_pct", "kappa"]
POOLED = "all topics (pooled)"


def _kappa(hand: list, machine: list) -> float:
    """Cohen's kappa, NaN when it is not computable (both coders used one and the same value throughout).

    (p_o - p_e) / (1 - p_e), with p_o the share of units coded alike and p_e the share expected by
    chance from each coder's own frequencies; the same number as
    :func:`sklearn.metrics.cohen_kappa_score` (a test compares them), computed here because importing
    scikit-learn for it would cost the book's build about two seconds.
    """
    if not hand or len(hand) != len(machine) or (len(set(hand)) == 1 and set(hand) == set(machine)):
        return float("nan")
    n = len(hand)
    observed = sum(h == m for h, m in zip(hand, machine)) / n
    hand_counts, machine_counts = Counter(hand), Counter(machine)
    expected = sum(hand_counts[label] * machine_counts[label] for label in hand_counts) / (n * n)
    if expected == 1:
        return float("nan")
    return float((observed - expected) / (1 - expected))


def _modal(voices: list[str]) -> str:
    counts = Counter(voices)
    best = max(counts.values())
    return next(v for v in voices if counts[v] == best)


@per_corpus
def agreement(corpus: Corpus) -> dict[str, Any]:
    """Agreement between the machine proposals and the hand codes, on the hand-coded articles.

    The proposer is run on the articles that ``claims.yml`` codes, as if
    they were uncoded, and its output is compared with the register.

    Unit of analysis: one paragraph of article text (``corpus.paragraphs``:
    headline, byline and other furniture are not units, so the editor's
    claims in headlines are not compared) crossed with one codebook topic.
    Each coder codes a unit present when it has at least one claim of that
    topic in that paragraph, absent otherwise. Every paragraph of article
    text of a coded article is a unit for every topic, claims or not.

    Returns
    -------
    dict
        ``unit``: the sentence above; ``articles``: the ids compared;
        ``topics``: DataFrame with columns :data:`AGREEMENT_COLUMNS`, one row
        per codebook topic and a last row :data:`POOLED` over all units:
        n_units (paragraph x topic units), n_hand and n_machine (units each
        coded present), n_both (present for both), agreement_pct (share of
        units coded alike, 0-100) and kappa (Cohen's kappa,
        as ``sklearn.metrics.cohen_kappa_score`` computes it; NaN = not computable, when
        both coders code every unit alike with one value, e.g. a topic
        neither finds); ``voice``: dict with n_units (paragraphs where both
        coders have a claim), agreement_pct and kappa on the paragraph's
        voice (each coder's most frequent voice in the paragraph, ties to
        the first claim's). Computed once per corpus (and kept in the analysed
        corpus the book's chapters read).
    """
    return _agreement(corpus)


def _agreement(corpus) -> dict[str, Any]:
    coded = _coded_articles(corpus)
    topics = list(load_codebook(corpus.data_dir)["topics"])
    hand = load_claims(corpus.data_dir)
    hand = hand[hand["article_id"].isin(coded)]
    machine = _propose(corpus, coded)
    paragraphs = corpus.paragraphs
    units = [
        (a, int(p)) for a, p in zip(paragraphs["article_id"].tolist(), paragraphs["paragraph"].tolist()) if a in coded
    ]
    unit_set = set(units)

    def present(frame: pd.DataFrame) -> set[tuple]:
        return {
            (a, int(p), t)
            for a, p, t in zip(frame["article_id"].tolist(), frame["paragraph"].tolist(), frame["topic"].tolist())
            if (a, int(p)) in unit_set
        }

    hand_present, machine_present = present(hand), present(machine)
    rows = []
    pooled_hand: list[int] = []
    pooled_machine: list[int] = []
    for topic in topics:
        h = [int((a, p, topic) in hand_present) for a, p in units]
        m = [int((a, p, topic) in machine_present) for a, p in units]
        pooled_hand.extend(h)
        pooled_machine.extend(m)
        rows.append(_agreement_row(topic, h, m))
    rows.append(_agreement_row(POOLED, pooled_hand, pooled_machine))

    def voices_of(frame: pd.DataFrame) -> dict[tuple, str]:
        by: dict[tuple, list[str]] = {}
        for a, p, v in zip(frame["article_id"].tolist(), frame["paragraph"].tolist(), frame["voice"].tolist()):
            if (a, int(p)) in unit_set:
                by.setdefault((a, int(p)), []).append(v)
        return {k: _modal(v) for k, v in by.items()}

    hand_voice, machine_voice = voices_of(hand), voices_of(machine)
    both = [k for k in units if k in hand_voice and k in machine_voice]
    hv = [hand_voice[k] for k in both]
    mv = [machine_voice[k] for k in both]
    voice = {
        "n_units": len(both),
        "agreement_pct": 100.0 * sum(x == y for x, y in zip(hv, mv)) / len(both) if both else float("nan"),
        "kappa": _kappa(hv, mv),
    }
    unit = (
        "one paragraph of article text × one codebook topic, coded present when the coder has a claim of that "
        "topic in the paragraph"
    )
    return {
        "unit": unit,
        "articles": sorted(coded),
        "topics": pd.DataFrame(rows, columns=AGREEMENT_COLUMNS),
        "voice": voice,
    }


def _agreement_row(topic: str, hand: list[int], machine: list[int]) -> dict:
    n = len(hand)
    return {
        "topic": topic,
        "n_units": n,
        "n_hand": sum(hand),
        "n_machine": sum(machine),
        "n_both": sum(h and m for h, m in zip(hand, machine)),
        "agreement_pct": 100.0 * sum(h == m for h, m in zip(hand, machine)) / n if n else float("nan"),
        "kappa": _kappa(hand, machine),
    }


def codebook_topics(data_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """The codebook's topics for display: topic id, label, definition, what is included and excluded.

    Returns
    -------
    DataFrame with columns topic, label, definition, include, exclude (the
    lists joined with "; "), in codebook order.
    """
    from kzanalysis.load.knowledge import load_codebook

    topics = load_codebook(data_dir)["topics"]
    rows = [
        (
            topic_id,
            spec.get("label", ""),
            spec.get("definition", ""),
            "; ".join(spec.get("include") or []),
            "; ".join(spec.get("exclude") or []),
        )
        for topic_id, spec in topics.items()
    ]
    return pd.DataFrame(rows, columns=["topic", "label", "definition", "include", "exclude"])


def agreement_summary(corpus: Corpus) -> dict[str, Any]:
    """:func:`agreement` ready for the book: the per-topic table and the headline numbers.

    Returns
    -------
    dict with ``table`` (topic, hand, machine, both, agreement in percent,
    kappa rounded to 2 places; the pooled row last), ``pooled_kappa``,
    ``pooled_agreement`` (percent), ``voice_kappa`` (NaN when not computable),
    ``n_units``, ``n_articles`` and ``unit`` (the unit of analysis in words).
    """
    result = agreement(corpus)
    topics = result["topics"]
    table = pd.DataFrame(
        {
            "topic": topics["topic"],
            "hand": topics["n_hand"],
            "machine": topics["n_machine"],
            "both": topics["n_both"],
            "agreement_pct": topics["agreement_pct"].round(0),
            "kappa": topics["kappa"].round(2),
        }
    )
    pooled = topics.iloc[-1] if len(topics) else None
    return {
        "table": table,
        "pooled_kappa": float(pooled["kappa"]) if pooled is not None else float("nan"),
        "pooled_agreement": float(pooled["agreement_pct"]) if pooled is not None else float("nan"),
        "voice_kappa": float(result["voice"].get("kappa", float("nan"))),
        "n_units": int(pooled["n_units"]) if pooled is not None else 0,
        "n_articles": len(result.get("articles") or []),
        "unit": result["unit"],
    }
