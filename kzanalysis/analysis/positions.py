"""Who a claim speaks for, and in what mode: one grouping shared by chapters and key findings.

A claim of the register (:func:`kzanalysis.analysis.claims.claims_table`) has a voice
(author, editor, quoted, paraphrased, interviewee, statement) and a side.
Chapters and findings that say "who backs which route" or "who describes
the balancing" group claims the same way:

* **who**: the side the speaker speaks for; :data:`WRITERS` for the author's
  and the editor's own voice (the outlet's words, whoever funds it); and
  :data:`UNKNOWN_SIDE` for a speaker without a side in the text;
* **mode**: ``own words`` (quoted, interviewee, statement: the speaker's
  words are printed), ``paraphrase`` (reported speech), or ``the author's
  voice`` / ``the editor's voice``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:
    from collections.abc import Iterable

    from kzanalysis.load.corpus import Corpus

__all__ = ["OWN_WORDS", "WRITERS", "UNKNOWN_SIDE", "who_of", "mode_of", "who_phrase", "who_order", "with_who"]

OWN_WORDS = ("quoted", "interviewee", "statement")
"""Claim voices in which the speaker's own words are printed."""

WRITERS = "the writers"
"""Who a claim belongs to when its voice is the author's or the editor's."""

UNKNOWN_SIDE = "speakers of unknown side"


def who_of(side: Any, voice: Any) -> str:
    """Whom a claim speaks for: its side, or :data:`WRITERS` for author and editor voices."""
    if voice in ("author", "editor"):
        return WRITERS
    if not isinstance(side, str) or side == "Unknown":
        return UNKNOWN_SIDE
    return side


def mode_of(voice: Any) -> str:
    """``own words``, ``paraphrase``, ``the author's voice`` or ``the editor's voice`` (else the voice)."""
    if voice in OWN_WORDS:
        return "own words"
    if voice == "paraphrased":
        return "paraphrase"
    if voice in ("author", "editor"):
        return f"the {voice}'s voice"
    return str(voice)


def _the(side: str) -> str:
    return f"the {side}" if side in ("United States",) else side


def who_phrase(who: str) -> str:
    """``speakers for the United States``, ``speakers for Kazakhstan``, ``the writers``."""
    return who if who in (WRITERS, UNKNOWN_SIDE) else f"speakers for {_the(who)}"


def who_order(whos: Iterable[str]) -> list[str]:
    """Distinct values of ``whos``: sides first (alphabetically), then the writers, then unknown sides."""
    return sorted(set(whos), key=lambda w: (w == WRITERS, w == UNKNOWN_SIDE, w))


def with_who(claims: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``claims`` with columns ``who`` (:func:`who_of`) and ``mode`` (:func:`mode_of`) added."""
    rows = claims.copy()
    rows["who"] = [who_of(s, v) for s, v in zip(rows["side"].tolist(), rows["voice"].tolist())]
    rows["mode"] = [mode_of(v) for v in rows["voice"]]
    return rows


def article_labels(corpus: Corpus) -> dict[str, str]:
    """Article id -> the label the book prints for it (the citation label where the labels module gives one)."""
    from kzanalysis.load import labels

    cite = getattr(labels, "citation_labels", None)
    if cite is not None:
        return cite(corpus.articles, corpus.data_dir)
    articles = corpus.articles
    out = {
        a: f"{labels.short_outlet(o)} {y}"
        for a, o, y in zip(articles["id"].tolist(), articles["outlet"].tolist(), articles["year"].tolist())
    }
    seen: dict[str, int] = {}
    for label in out.values():
        seen[label] = seen.get(label, 0) + 1
    for a, d in zip(articles["id"].tolist(), articles["date"].tolist()):
        if seen[out[a]] > 1:
            out[a] = f"{out[a].rsplit(' ', 1)[0]} {d}"
    return out


def display_refs(frame: pd.DataFrame, corpus: Corpus, keep: list[str], names: dict[str, str]) -> pd.DataFrame:
    """A table for the book: the article's label and a linked "¶ N" first, then ``keep`` renamed by ``names``.

    ``frame`` has columns article_id and paragraph; the paragraph becomes a
    :func:`kzanalysis.load.refs.para_ref` (a link to the paragraph on the article's source page).
    """
    from kzanalysis.load.refs import para_ref

    labels = article_labels(corpus)
    shown = pd.DataFrame(
        {
            "Article": [labels.get(a, a) for a in frame["article_id"]],
            "¶": [para_ref(a, int(p)) for a, p in zip(frame["article_id"].tolist(), frame["paragraph"].tolist())],
        }
    )
    for column in keep:
        shown[names.get(column, column)] = frame[column].to_numpy()
    return shown
