"""Claims: the hand-coded register with machine proposals for the articles nobody has coded yet.

The claims register (``data/claims.yml``, loaded by
:func:`kzanalysis.load.knowledge.load_claims`) is coded by hand. An article that
nobody has coded yet still gets claims here, proposed by the machine from
the reading layer and marked ``coder: machine``, ``reviewed: False``, so a
new article of any genre flows into every claims table at once while no
machine proposal passes for a reviewed code.

How a sentence becomes a proposal (:func:`propose_claims`)
-----------------------------------------------------------
Every sentence of article text has a voice and a speaker
(:func:`kzanalysis.analysis.reading.voices.sentence_voices`). A sentence is proposed
when

* it has a speaker and is not a question: neither a reporter's or
  interviewer's question nor any other sentence ending in a question mark
  (a question asks, it does not claim);
* it has a topic cue. The cues of each topic are listed in ``codebook.yml``
  (``cues:`` of the topic, documented in its header): a hit of a theme
  lexicon of ``themes.yml`` outside names (the spans of
  :func:`kzanalysis.analysis.reading.actors.mask_spans` are blanked first, so the
  "Security" of the OSCE is no security hit), a mention of a listed
  gazetteer entity (the OSCE for the ``osce`` topic), or a reference to a
  pipeline or corridor (:func:`kzanalysis.analysis.routes.route_references`). Each
  hit is one cue; the sentence goes to the topic with the most cues, ties
  to the topic listed first in the codebook. One proposal per sentence.

The fields of a proposal:

=========  ===============================================================
voice      from the sentence's kind (:data:`VOICE_OF_KIND`): author ->
           author, quotation -> quoted, reported -> paraphrased, answer ->
           interviewee, turn -> quoted, statement -> statement
speaker    the voice layer's speaker (for an answer, the manifest's
           ``interviewee``)
side       the voice layer's side of the speaker (``Unknown`` without
           evidence)
topic      the strongest cue's topic, as above
claim      the sentence, whitespace collapsed, cut to :data:`CLAIM_CHARS`
           characters (ending in an ellipsis when cut)
stance,    only from a route reference in the sentence whose stance is
target     supportive (-> ``supports``) or sceptical (-> ``doubts``): the
           target is the pipeline id, or the corridor id when no pipeline
           is named, if the codebook lists it as a target; otherwise both
           are null
evidence   the sentence, an exact substring of its paragraph
forecast   :data:`FORECAST_RE` finds a future cue in the sentence (will,
           would, shall, likely/expected/plans/going to, is set to)
coder      ``machine``; reviewed False; id ``m<article_id>-<n>``, n
           counting the article's proposals from 1
=========  ===============================================================

Each step is one pass over the sentences, with per-paragraph look-ups of
the mentions and references (sorted offsets), so the cost is linear in the
corpus (n log n for the sorting).
"""

from __future__ import annotations

import bisect
import copy
import os
import re
from collections import Counter
from typing import TYPE_CHECKING, Any

import pandas as pd

from kzanalysis.load.errors import CorpusError
from kzanalysis.load.knowledge import CLAIM_COLUMNS, load_claims, load_codebook
from kzanalysis.load.resources import load_gazetteer, load_themes, resolve_data_dir

from ..themes import masked_lower

if TYPE_CHECKING:
    from kzanalysis.load.corpus import Corpus

_WORD_CHAR_RE = re.compile(r"\w")

__all__ = [
    "CLAIM_CHARS",
    "FORECAST_RE",
    "MACHINE_CODER",
    "STANCE_OF_ROUTE_STANCE",
    "VOICE_OF_KIND",
    "topic_cues",
    "propose_claims",
    "claims_table",
]

MACHINE_CODER = "machine"
"""The ``coder`` of a machine proposal."""

CLAIM_CHARS = 200
"""Longest ``claim`` text of a proposal (the evidence keeps the whole sentence)."""

VOICE_OF_KIND = {
    "author": "author",
    "quotation": "quoted",
    "reported": "paraphrased",
    "answer": "interviewee",
    "turn": "quoted",
    "statement": "statement",
}
"""Voice-layer kind -> codebook voice. ``question`` is absent: questions are never claims."""

STANCE_OF_ROUTE_STANCE = {"supportive": "supports", "sceptical": "doubts"}
"""Stance of a route reference -> codebook stance; a neutral reference gives no stance."""

FORECAST_RE = re.compile(
    r"(?<![\w'\u2019])(?:"
    r"(?<!political )(?<!good )(?<!free )(?<!the )will(?! of\b)"
    r"|would|shall|won[\u2019']t|wouldn[\u2019']t"
    r"|(?:is|are|was|were)\s+set\s+to"
    r"|(?:likely|unlikely|expected|plans?|planned|planning|going)\s+to"
    r")(?!\w)",
    re.IGNORECASE,
)
"""A future cue: will, would, shall (and their negations), is/are set to, likely/expected/plans/going to.

"will" as a noun ("political will", "the will of the people") is not a cue.
The cue marks a proposal's ``forecast``; like every machine field it is for
review (a conditional "would" is not always a forecast)."""

_UNKNOWN = "Unknown"
_CLOSERS = "\"'\u201d\u2019)]"


def _is_question(sentence: str) -> bool:
    """The sentence ends in a question mark (closing quotes and brackets allowed): it asks, it does not claim."""
    return sentence.rstrip().rstrip(_CLOSERS).endswith("?")


# ------------------------------------------------------------------ cues


def topic_cues(data_dir: str | os.PathLike | None = None) -> dict[str, dict[str, Any]]:
    """The machine cues of each codebook topic, checked against themes.yml and the gazetteer.

    Returns
    -------
    dict
        topic id -> {"themes": tuple of theme keys, "entities": tuple of
        canonical gazetteer names, "routes": bool}, in codebook order (every
        topic, with empty cues where the codebook gives none).

    Raises
    ------
    CorpusError
        Naming codebook.yml, when a cue names a theme that themes.yml does
        not define or an entity that is not a canonical gazetteer name.
    """
    data = resolve_data_dir(data_dir)
    codebook = load_codebook(data)
    themes = load_themes(data)
    names = set(load_gazetteer(data)["name"])
    path = data / "codebook.yml"
    out: dict[str, dict[str, Any]] = {}
    for topic_id, topic in codebook["topics"].items():
        cues = topic.get("cues") or {}
        entry = {
            "themes": tuple(cues.get("themes") or ()),
            "entities": tuple(cues.get("entities") or ()),
            "routes": bool(cues.get("routes", False)),
        }
        for theme in entry["themes"]:
            if theme not in themes:
                raise CorpusError(
                    path,
                    f"topic {topic_id!r}: cue theme {theme!r} is not a theme of themes.yml",
                    f"use one of: {', '.join(themes)}",
                )
        for name in entry["entities"]:
            if name not in names:
                raise CorpusError(
                    path,
                    f"topic {topic_id!r}: cue entity {name!r} is not a canonical name in gazetteer.yml",
                    "use the entity's `name:` as gazetteer.yml writes it",
                )
        out[topic_id] = entry
    return out


# ------------------------------------------------------------- helpers


def _once(corpus, name: str, build):
    """``build()`` computed once per corpus (kept in ``corpus.cache``); callers get a copy."""
    key = f"{__name__}.{name}"
    if key not in corpus.cache:
        corpus.cache[key] = build()
    return copy.deepcopy(corpus.cache[key])


def _claim_text(sentence: str) -> str:
    text = " ".join(sentence.split())
    return text if len(text) <= CLAIM_CHARS else text[: CLAIM_CHARS - 1].rstrip() + "\u2026"


def _empty() -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series(dtype=object) for c in CLAIM_COLUMNS})
    return frame.astype({"paragraph": "int64", "forecast": bool, "reviewed": bool})


def _coded_articles(corpus) -> set[str]:
    claims = load_claims(corpus.data_dir)
    return set(claims["article_id"]) & set(corpus.articles["id"])


def _propose(corpus, article_ids: set[str]) -> pd.DataFrame:
    """Machine proposals for the articles in ``article_ids`` (see the module docstring)."""
    from ..entities import find_entities
    from ..reading.actors import mask_spans
    from ..reading.voices import sentence_voices
    from ..routes import route_references
    from ..themes import paragraph_theme_spans, term_regex

    voices = sentence_voices(corpus)
    voices = voices[voices["article_id"].isin(article_ids)]
    if voices.empty:
        return _empty()
    data = corpus.data_dir
    cues = topic_cues(data)
    codebook = load_codebook(data)
    sides = set(codebook["sides"])
    targets = set(codebook["targets"])
    lexicons = load_themes(data)
    theme_names = list(dict.fromkeys(t for spec in cues.values() for t in spec["themes"]))
    regexes = {theme: term_regex(lexicons[theme]["terms"]) for theme in theme_names}
    topic_order = list(cues)
    theme_topics = {theme: [t for t in topic_order if theme in cues[t]["themes"]] for theme in theme_names}
    entity_topics: dict[str, list[str]] = {}
    for topic in topic_order:
        for name in cues[topic]["entities"]:
            entity_topics.setdefault(name, []).append(topic)
    route_topics = [t for t in topic_order if cues[t]["routes"]]

    paragraphs = corpus.paragraphs
    texts = {
        (a, int(p)): str(t)
        for a, p, t in zip(
            paragraphs["article_id"].tolist(), paragraphs["paragraph"].tolist(), paragraphs["text"].tolist()
        )
        if a in article_ids
    }
    masks = mask_spans(corpus) if theme_names else {}
    paragraph_spans = paragraph_theme_spans(corpus) if theme_names else {}

    mentions: dict[tuple, tuple[list[int], list[str]]] = {}
    if entity_topics:
        found = find_entities(corpus)
        if len(found):
            found = found[found["article_id"].isin(article_ids) & found["entity"].isin(entity_topics)]
            for a, p, name, start in sorted(
                zip(
                    found["article_id"].tolist(),
                    found["paragraph"].astype(int).tolist(),
                    found["entity"].tolist(),
                    found["start"].astype(int).tolist(),
                ),
                key=lambda row: (row[0], row[1], row[3]),
            ):
                starts, entities = mentions.setdefault((a, p), ([], []))
                starts.append(start)
                entities.append(name)

    references: dict[tuple, list[tuple]] = {}
    if route_topics:
        refs = route_references(corpus)
        refs = refs[refs["article_id"].isin(article_ids)]
        for a, s, route, corridor, stance in zip(
            refs["article_id"].tolist(),
            refs["sentence_no"].astype(int).tolist(),
            refs["route"].tolist(),
            refs["corridor"].tolist(),
            refs["stance"].tolist(),
        ):
            references.setdefault((a, s), []).append((route, corridor, stance))

    interviewees = {}
    if "interviewee" in corpus.articles.columns:
        interviewees = {
            a: v
            for a, v in zip(corpus.articles["id"].tolist(), corpus.articles["interviewee"].tolist())
            if isinstance(v, str) and v.strip()
        }

    rows: list[dict] = []
    running: Counter = Counter()
    current, text, masked, position = None, "", "", 0
    whole: dict | None = None  # theme -> (match starts, match spans) in the current masked paragraph
    for article_id, paragraph_no, sentence_no, kind, speaker, group, sentence in zip(
        voices["article_id"].tolist(),
        voices["paragraph"].astype(int).tolist(),
        voices["sentence"].astype(int).tolist(),
        voices["kind"].tolist(),
        voices["speaker"].tolist(),
        voices["speaker_group"].tolist(),
        voices["text"].astype(str).tolist(),
    ):
        key = (article_id, paragraph_no)
        if key != current:
            current, position = key, 0
            text = texts.get(key, "")
            masked = masked_lower(text, masks.get(key, ())) if theme_names else ""
            whole = None
        start = text.find(sentence, position)
        if start < 0:
            continue  # not an exact span of the paragraph: no evidence to give
        end = start + len(sentence)
        position = end
        voice = VOICE_OF_KIND.get(kind)
        if voice is None or not isinstance(speaker, str) or not speaker.strip() or _is_question(sentence):
            continue
        score: Counter = Counter()
        if theme_names:
            piece = masked[start:end]
            if whole is None:  # each theme matched once over the paragraph, counted per sentence below
                whole = {}
                found = paragraph_spans.get(key, {})
                for theme in regexes:
                    spans = found.get(theme, [])
                    whole[theme] = ([a for a, _ in spans], spans)
            # The paragraph's matches inside the sentence are the sentence's own when no word runs on across
            # its edges and no match crosses them; otherwise the sentence is matched on its own.
            bounded = (start == 0 or not _WORD_CHAR_RE.match(masked, start - 1)) and (
                end >= len(masked) or not _WORD_CHAR_RE.match(masked, end)
            )
            for theme, regex in regexes.items():
                starts, spans = whole[theme]
                first, stop = bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)
                if (
                    bounded
                    and not (first and spans[first - 1][1] > start)
                    and (stop == first or spans[stop - 1][1] <= end)
                ):
                    hits = stop - first
                else:
                    hits = sum(1 for _ in regex.finditer(piece))
                if hits:
                    for topic in theme_topics[theme]:
                        score[topic] += hits
        if key in mentions:
            starts, entities = mentions[key]
            for i in range(bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)):
                for topic in entity_topics[entities[i]]:
                    score[topic] += 1
        sentence_refs = references.get((article_id, sentence_no), ())
        for topic in route_topics:
            score[topic] += len(sentence_refs)
        if not score or max(score.values()) == 0:
            continue
        best = max(score.values())
        topic = next(t for t in topic_order if score[t] == best)
        stance = target = None
        if topic in route_topics:
            for route, corridor, route_stance in sentence_refs:
                wanted = route if isinstance(route, str) and route else corridor
                if route_stance in STANCE_OF_ROUTE_STANCE and wanted in targets:
                    stance, target = STANCE_OF_ROUTE_STANCE[route_stance], wanted
                    break
        if voice == "interviewee" and article_id in interviewees:
            speaker = interviewees[article_id]
        running[article_id] += 1
        rows.append(
            {
                "article_id": article_id,
                "paragraph": paragraph_no,
                "voice": voice,
                "speaker": " ".join(speaker.split()),
                "side": group if group in sides else _UNKNOWN,
                "topic": topic,
                "claim": _claim_text(sentence),
                "stance": stance,
                "target": target,
                "evidence": sentence,
                "forecast": FORECAST_RE.search(sentence) is not None,
                "coder": MACHINE_CODER,
                "reviewed": False,
                "id": f"m{article_id}-{running[article_id]}",
            }
        )
    if not rows:
        return _empty()
    return _typed(pd.DataFrame(rows, columns=list(CLAIM_COLUMNS)))


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    """Claims columns as load_claims gives them: paragraph int, flags bool, no stance or target = None."""
    frame = frame.astype({"paragraph": "int64", "forecast": bool, "reviewed": bool})
    for column in ("stance", "target"):
        frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    return frame


# ------------------------------------------------------------------- API


def propose_claims(corpus: Corpus) -> pd.DataFrame:
    """Machine claim proposals for every article that has no hand-coded claim.

    Parameters
    ----------
    corpus : Corpus

    Returns
    -------
    DataFrame
        Columns :data:`kzanalysis.load.knowledge.CLAIM_COLUMNS`, one row per
        proposed sentence in reading order (see the module docstring for
        every field); coder ``machine``, reviewed False. Empty, with these
        columns, when every article is hand coded.
    """

    def build() -> pd.DataFrame:
        uncoded = set(corpus.articles["id"]) - _coded_articles(corpus)
        return _propose(corpus, uncoded)

    return _once(corpus, "propose_claims", build)


def _article_order(corpus) -> dict[str, int]:
    articles = corpus.articles
    if "date_start" in articles.columns:
        articles = articles.sort_values("date_start", kind="stable")
    return {a: i for i, a in enumerate(articles["id"])}


def claims_table(corpus: Corpus) -> pd.DataFrame:
    """Every claim of the corpus: hand-coded ones and machine proposals for uncoded articles.

    Parameters
    ----------
    corpus : Corpus

    Returns
    -------
    DataFrame
        Columns :data:`kzanalysis.load.knowledge.CLAIM_COLUMNS`: the claims of
        ``claims.yml`` for the corpus's articles (as coded, ``reviewed`` as
        the register says) and :func:`propose_claims` for the articles the
        register does not cover (``reviewed`` False, coder ``machine``).
        Sorted by article date (the manifest's order among equal dates),
        then paragraph; within a paragraph in register or reading order.
    """
    return _once(corpus, "claims_table", lambda: _claims_table(corpus))


def _claims_table(corpus) -> pd.DataFrame:
    hand = load_claims(corpus.data_dir)
    hand = hand[hand["article_id"].isin(set(corpus.articles["id"]))]
    machine = propose_claims(corpus)
    parts = [frame for frame in (hand, machine) if len(frame)]
    if not parts:
        return _empty()
    table = pd.concat(parts, ignore_index=True)
    order = _article_order(corpus)
    table["_article"] = table["article_id"].map(order)
    table = table.sort_values(["_article", "paragraph"], kind="stable").drop(columns="_article")
    return _typed(table).reset_index(drop=True)
