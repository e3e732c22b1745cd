"""The hand-coded claims register ``claims.yml``: loaded and checked against the codebook
(:func:`load_claims`) and against the text (:func:`check_claims`), and queried (:func:`select_claims`,
:func:`route_stances`). The machine proposals and the agreement are in :mod:`kzanalysis.analysis.claims`."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..errors import CorpusError
from ..limits import short_repr
from ..memo import per_data_dir
from ..resources import resolve_data_dir
from ..resources.datadir import is_text, raise_all
from .codebook import load_codebook
from .schema import (
    bad_id,
    entry_label,
    entry_list,
    is_mapping,
    is_member,
    missing_fields,
    one_of,
    repeated_id,
    unknown_fields,
)

if TYPE_CHECKING:
    from ..corpus import Corpus

__all__ = [
    "CLAIM_COLUMNS",
    "EDITOR_PARTS",
    "TEXT_PARTS",
    "load_claims",
    "check_claims",
    "select_claims",
    "route_stances",
]

CLAIM_COLUMNS = (
    "article_id",
    "paragraph",
    "voice",
    "speaker",
    "side",
    "topic",
    "claim",
    "stance",
    "target",
    "evidence",
    "forecast",
    "coder",
    "reviewed",
    "id",
)
"""Columns of :func:`load_claims`, in order."""

EDITOR_PARTS = ("headline", "standfirst", "subheading", "caption")
"""Document parts written by the outlet's editor: claims there have the editor's voice."""

TEXT_PARTS = ("body", "question", "answer", "turn")
"""Document parts that are article text."""

_EDITOR_VOICE = "editor"
_INTERVIEWEE_VOICE = "interviewee"

_CLAIM_REQUIRED = (
    "id",
    "article_id",
    "paragraph",
    "voice",
    "speaker",
    "side",
    "topic",
    "claim",
    "evidence",
    "forecast",
    "coder",
    "reviewed",
)
_CLAIM_FIELDS = set(_CLAIM_REQUIRED) | {"stance", "target", "note"}


def _empty_claims() -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series(dtype=object) for c in CLAIM_COLUMNS})
    return frame.astype({"paragraph": "int64", "forecast": bool, "reviewed": bool})


@per_data_dir("claims.yml", "codebook.yml")
def load_claims(data_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """Load and check ``claims.yml`` against the codebook.

    Parameters
    ----------
    data_dir : str or path-like, optional
        Data directory (see :func:`kzanalysis.load.resources.resolve_data_dir`).

    Returns
    -------
    DataFrame
        One row per claim in file order, columns :data:`CLAIM_COLUMNS`
        (paragraph int; forecast and reviewed bool; stance and target None
        where the claim takes no stance). Empty, with these columns, when the
        file is absent or lists no claims.

    Raises
    ------
    CorpusError
        If an entry is not a mapping, lacks a required field, has an unknown
        field, repeats an id, has a paragraph that is not a positive whole
        number, a voice, side, topic, stance or target that the codebook does
        not define, a stance without a target or a target without a stance,
        or forecast/reviewed that are not true/false. Each message names
        claims.yml, the claim and the field. Checks against the text are in
        :func:`check_claims`.
    """
    data = resolve_data_dir(data_dir)
    path = data / "claims.yml"
    entries = entry_list(path, "claims")
    if not entries:
        return _empty_claims()
    codebook = load_codebook(data)
    vocab = {
        "voice": (codebook["voices"], "voices"),
        "side": (codebook["sides"], "sides"),
        "topic": (codebook["topics"], "topics"),
    }
    problems: list[CorpusError] = []
    rows: list[dict] = []
    seen: set[str] = set()
    for index, entry in enumerate(entries, start=1):
        where = entry_label("claim", index, entry)
        if not is_mapping(path, where, entry, "claim", _CLAIM_REQUIRED, problems):
            continue
        unknown_fields(path, where, entry, _CLAIM_FIELDS, problems)
        if missing_fields(path, where, entry, _CLAIM_REQUIRED, problems) or bad_id(path, where, entry, problems):
            continue
        bad = repeated_id(path, where, entry, "claim", seen, problems)
        paragraph = entry["paragraph"]
        if isinstance(paragraph, bool) or not isinstance(paragraph, int) or paragraph < 1:
            problems.append(
                CorpusError(
                    path,
                    f"{where}: `paragraph` is {short_repr(paragraph)}, not a paragraph number",
                    "give the number of the paragraph in corpus.all_paragraphs (a whole number from 1)",
                )
            )
            bad = True
        for field, (allowed, section) in vocab.items():
            if not is_member(entry[field], allowed):
                problems.append(
                    CorpusError(
                        path,
                        f"{where}: `{field}` is {short_repr(entry[field])}, not a codebook {field}",
                        f"use one of: {one_of(allowed)} (defined under `{section}:` in codebook.yml)",
                    )
                )
                bad = True
        stance, target = entry.get("stance"), entry.get("target")
        if stance is not None and not is_member(stance, codebook["stances"]):
            problems.append(
                CorpusError(
                    path,
                    f"{where}: `stance` is {short_repr(stance)}, not a codebook stance",
                    f"use one of: {one_of(codebook['stances'])}, or null",
                )
            )
            bad = True
        if target is not None and not is_member(target, codebook["targets"]):
            problems.append(
                CorpusError(
                    path,
                    f"{where}: `target` is {short_repr(target)}, not a codebook target",
                    "use a target id listed under `targets:` in codebook.yml (or add it there), or null",
                )
            )
            bad = True
        if (stance is None) != (target is None):
            problems.append(
                CorpusError(
                    path,
                    f"{where}: `stance` and `target` must be given together",
                    "give both (the position and what it is about) or set both to null",
                )
            )
            bad = True
        for field in ("forecast", "reviewed"):
            if not isinstance(entry[field], bool):
                problems.append(
                    CorpusError(
                        path,
                        f"{where}: `{field}` is {short_repr(entry[field])}, not true or false",
                        f"write {field}: true or {field}: false",
                    )
                )
                bad = True
        for field in ("speaker", "claim", "evidence", "coder", "article_id"):
            if not is_text(entry[field]):
                problems.append(
                    CorpusError(
                        path, f"{where}: `{field}` is {short_repr(entry[field])}, not text", f"write {field} as text"
                    )
                )
                bad = True
        if not bad:
            rows.append({c: entry.get(c) for c in CLAIM_COLUMNS})
    raise_all(path, problems)
    frame = pd.DataFrame(rows, columns=list(CLAIM_COLUMNS))
    return frame.astype({"paragraph": "int64", "forecast": bool, "reviewed": bool})


def check_claims(corpus: Corpus, claims: pd.DataFrame) -> list[CorpusError]:
    """Check claims against the text of the corpus.

    Parameters
    ----------
    corpus : Corpus
        The loaded corpus (:func:`kzanalysis.load.corpus.load_corpus`); its
        ``all_paragraphs`` numbers every paragraph as received.
    claims : DataFrame
        As returned by :func:`load_claims`.

    Returns
    -------
    list of CorpusError
        Empty when every claim holds. One error, naming claims.yml, the
        claim and the field, for each claim whose article is not in the
        corpus, whose paragraph does not exist, whose evidence is not an
        exact substring of its paragraph, whose voice does not fit the
        paragraph's part (the editor's voice in exactly the headline,
        standfirst, subheading and caption; the interviewee's voice only in
        answers) or whose interviewee is not the manifest's ``interviewee``.
    """
    path = Path(getattr(corpus, "data_dir", None) or resolve_data_dir(None)) / "claims.yml"
    if claims is None or len(claims) == 0:
        return []
    paragraphs = corpus.all_paragraphs
    has_part = "part" in paragraphs.columns
    parts = paragraphs["part"] if has_part else pd.Series([None] * len(paragraphs), index=paragraphs.index)
    texts = {
        (a, int(p)): (t, part)
        for a, p, t, part in zip(paragraphs["article_id"], paragraphs["paragraph"], paragraphs["text"], parts)
    }
    articles = corpus.articles
    known_articles = set(articles["id"])
    interviewees = {}
    if "interviewee" in articles.columns:
        interviewees = {a: v for a, v in zip(articles["id"], articles["interviewee"]) if is_text(v)}
    problems: list[CorpusError] = []
    for row in claims.itertuples(index=False):
        where = f"claim {short_repr(row.id, 40)}"
        if row.article_id not in known_articles:
            problems.append(
                CorpusError(
                    path,
                    f"{where}: `article_id` {short_repr(row.article_id)} is not an article of the corpus",
                    "use the id of an article in manifest.yml",
                )
            )
            continue
        found = texts.get((row.article_id, int(row.paragraph)))
        if found is None:
            problems.append(
                CorpusError(
                    path,
                    f"{where}: `paragraph` {row.paragraph} does not exist in {row.article_id}",
                    "use a paragraph number from corpus.all_paragraphs of that article",
                )
            )
            continue
        text, part = found
        if row.evidence not in text:
            problems.append(
                CorpusError(
                    path,
                    f"{where}: `evidence` {short_repr(row.evidence, 60)} is not in paragraph "
                    f"{row.paragraph} of {row.article_id}",
                    "copy the span exactly from that paragraph (same quotes, dashes and spelling), "
                    "or correct the paragraph number",
                )
            )
        if part is None:
            continue
        if (row.voice == _EDITOR_VOICE) != (part in EDITOR_PARTS):
            fix = (
                "code headline, standfirst, subheading and caption with voice editor and the outlet as speaker"
                if part in EDITOR_PARTS
                else "use the editor's voice only for headline, standfirst, subheading and caption"
            )
            problems.append(
                CorpusError(
                    path, f"{where}: `voice` {row.voice} does not fit paragraph {row.paragraph}, which is a {part}", fix
                )
            )
        elif row.voice == _INTERVIEWEE_VOICE:
            if part != "answer":
                problems.append(
                    CorpusError(
                        path,
                        f"{where}: `voice` interviewee but paragraph {row.paragraph} is a {part}",
                        "use the interviewee's voice for answers only; the interviewer's text is the author's",
                    )
                )
            expected = interviewees.get(row.article_id)
            if expected is not None and row.speaker != expected:
                problems.append(
                    CorpusError(
                        path,
                        f"{where}: `speaker` {short_repr(row.speaker)} is not the interviewee "
                        f"{short_repr(expected)} of the manifest",
                        "name the interviewee as the manifest does, or change the voice",
                    )
                )
    return problems


# ---------------------------------------------------------------- queries


def select_claims(claims: pd.DataFrame, **criteria: Any) -> pd.DataFrame:
    """Rows of ``claims`` matching every criterion, e.g. ``select_claims(c, topic="osce", voice="quoted")``.

    A criterion's value may be one value or a list/tuple/set of accepted
    values; ``None`` matches a null field. An unknown column raises KeyError.
    """
    mask = pd.Series(True, index=claims.index)
    for column, wanted in criteria.items():
        if column not in claims.columns:
            raise KeyError(f"claims have no column {column!r}; columns are {', '.join(claims.columns)}")
        values = claims[column]
        if isinstance(wanted, (list, tuple, set, frozenset)):
            accepted = set(wanted)
            mask &= values.map(lambda v, accepted=accepted: (v if pd.notna(v) else None) in accepted)
        elif wanted is None:
            mask &= values.isna()
        else:
            mask &= values == wanted
    return claims[mask]


def route_stances(claims: pd.DataFrame, codebook: dict[str, Any]) -> pd.DataFrame:
    """Claims whose target is a route or corridor, with the target's kind and label.

    Returns a DataFrame with columns article_id, paragraph, id, voice,
    speaker, side, target, target_kind, target_label, stance, forecast,
    evidence, in the claims' order -- who backs, doubts or reports which
    route, and in whose words.
    """
    targets = codebook["targets"]
    routes = {t for t, spec in targets.items() if spec.get("kind") in ("route", "corridor")}
    rows = claims[claims["target"].isin(routes)].copy()
    rows["target_kind"] = [targets[t]["kind"] for t in rows["target"]]
    rows["target_label"] = [targets[t]["label"] for t in rows["target"]]
    columns = [
        "article_id",
        "paragraph",
        "id",
        "voice",
        "speaker",
        "side",
        "target",
        "target_kind",
        "target_label",
        "stance",
        "forecast",
        "evidence",
    ]
    return rows[columns].reset_index(drop=True)
