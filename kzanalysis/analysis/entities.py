"""Named entities: gazetteer and recognised actors, unknown-name candidates, co-occurrence.

:func:`find_entities` returns the actors of :mod:`kzanalysis.analysis.reading.actors`:
the curated gazetteer first (matched by :mod:`kzanalysis.analysis.reading.gazetteer`,
whose names stay importable from here), then people, places and organisations
found by rules and packaged lexicons, each with a side (``group``, "Unknown"
when no evidence says). :func:`unknown_names` lists what the gazetteer lacks,
for curation; :func:`suggest_gazetteer` writes candidate entries for it.

Positions (``start``, ``end``) are character offsets into the clean paragraph
text (``corpus.paragraphs.text``), end exclusive.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from kzanalysis.load.memo import per_corpus
from kzanalysis.load.parallel import map_texts
from kzanalysis.load.textutil import STOPWORDS

from .reading.actors import find_actors, mask_spans
from .reading.gazetteer import _APOSTROPHES, _DASH_CLASS, _DASHES, ENTITY_COLUMNS
from .reading.gazetteer import EntityInfo as EntityInfo  # the gazetteer's names stay importable from here
from .reading.gazetteer import GazetteerMatcher as GazetteerMatcher  # stays importable from here
from .reading.gazetteer import gazetteer_matcher as gazetteer_matcher  # stays importable from here
from .reading.lexicon import MONTH_AND_DAY_NAMES, NON_NAMES, OFFICE_HEADS, OFFICE_WORDS, TITLE_WORDS, lexicon

if TYPE_CHECKING:
    from collections.abc import Iterable

    import networkx as nx

    from kzanalysis.load.corpus import Corpus

COUNT_COLUMNS = ["article_id", "entity", "type", "group", "count"]
GROUP_COLUMNS = ["article_id", "group", "count"]

#: Power blocs used by :func:`group_mentions`, in display order.
GROUPS = ["United States", "Kazakhstan", "Russia", "China", "Europe", "Iran", "Other"]

# A capitalised word: initial capital, then letters; inner hyphens/dashes or
# apostrophes may join further letter runs ("Baku-Ceyhan", "O'Brien").
_CAP_WORD = r"[A-Z][A-Za-z]*(?:[/" + _DASH_CLASS + _APOSTROPHES + r"][A-Za-z]+)*(?!\.[A-Za-z])"
_NAME_RUN_RE = re.compile(r"(?<![\w/" + _DASH_CLASS + r"])" + _CAP_WORD + r"(?: " + _CAP_WORD + r")*(?![\w])")
_CAP_WORD_RE = re.compile(_CAP_WORD)
_ANY_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'\u2019-]*")
_LOWER_WORD_RE = re.compile(r"(?<![A-Za-z])[a-z][a-z]*(?![A-Za-z])")
_SENTENCE_OPENERS = "\"'\u201c\u2018\u2019\u201d([{\u2014\u2013- \t\r\n"
_CONTRACTION_RE = re.compile(r"['\u2019](?:m|ll|ve|re|d|t|s)$|n['\u2019]t$", re.I)


@per_corpus
def find_entities(corpus: Corpus) -> pd.DataFrame:
    """Every actor mention in article text: gazetteer matches and recognised names.

    Parameters
    ----------
    corpus : Corpus

    Returns
    -------
    DataFrame with columns article_id, paragraph, entity (canonical name),
    type (person, country, place, organization, route), group (the side:
    the gazetteer's group, else one from cues in the text, else "Unknown"),
    surface (the text as written, without a possessive "'s"), start, end
    (character offsets into the paragraph text, end exclusive), then source
    ("gazetteer" or "rule") and group_evidence (the cue, "gazetteer", or ""
    for Unknown).  One row per mention, in reading order.  See
    :mod:`kzanalysis.analysis.reading.actors` for the rules.
    """
    found = find_actors(corpus)
    if found.empty:
        return found
    return found.sort_values(["article_id", "paragraph", "start"], kind="stable").reset_index(drop=True)


@per_corpus
def entity_counts(corpus: Corpus) -> pd.DataFrame:
    """Mentions per article and entity.

    Returns
    -------
    DataFrame with columns article_id, entity, type, group, count (number of
    mentions, int); sorted by article_id, then count descending, then entity.
    """
    found = find_entities(corpus)
    if found.empty:
        return pd.DataFrame(columns=COUNT_COLUMNS)
    counts = (
        found.groupby(["article_id", "entity"], sort=False)
        .agg(type=("type", "first"), group=("group", "first"), count=("surface", "size"))
        .reset_index()
    )
    counts = counts.sort_values(["article_id", "count", "entity"], ascending=[True, False, True], kind="mergesort")
    return counts[COUNT_COLUMNS].reset_index(drop=True)


@per_corpus
def group_mentions(corpus: Corpus) -> pd.DataFrame:
    """Mentions per article aggregated by power bloc.

    Entities whose side is "Unknown" (no gazetteer group and no cue) are not counted.

    Returns
    -------
    DataFrame with columns article_id, group, count (int, mentions of all
    entities of that group in the article).  Only groups with at least one
    mention appear; sorted by article_id then the order of :data:`GROUPS`.
    """
    found = find_entities(corpus)
    found = found[found["group"].notna() & (found["group"] != "Unknown")]
    if found.empty:
        return pd.DataFrame(columns=GROUP_COLUMNS)
    counts = found.groupby(["article_id", "group"]).size().rename("count").reset_index()
    order = {g: i for i, g in enumerate(GROUPS)}
    counts["_order"] = counts["group"].map(lambda g: order.get(g, len(order)))
    counts = counts.sort_values(["article_id", "_order", "group"], kind="mergesort")
    return counts[GROUP_COLUMNS].reset_index(drop=True)


@per_corpus
def cooccurrence_graph(corpus: Corpus, types: str | Iterable[str] | None = None, min_weight: int = 1) -> nx.Graph:
    """Graph of entities that appear in the same paragraph.

    Parameters
    ----------
    corpus : Corpus
    types : iterable of str, optional
        Keep only entities of these types (e.g. ``["person", "country"]``).
    min_weight : int
        Drop edges shared by fewer paragraphs than this.

    Returns
    -------
    networkx.Graph.  Nodes are canonical entity names with attributes ``type``,
    ``group`` and ``count`` (total mentions in the corpus); an edge joins two
    entities that occur in the same paragraph, with ``weight`` = the number of
    paragraphs they share (each paragraph counts once however often they
    occur in it).  Nodes left without edges are kept.
    """
    import networkx as nx  # imported here: only the graph needs it

    found = find_entities(corpus)
    if types is not None:
        wanted = {types} if isinstance(types, str) else set(types)
        found = found[found["type"].isin(wanted)]
    graph = nx.Graph()
    if found.empty:
        return graph
    node_counts = found.groupby("entity").agg(
        type=("type", "first"), group=("group", "first"), count=("surface", "size")
    )
    for name, row in node_counts.iterrows():
        graph.add_node(name, type=row["type"], group=row["group"], count=int(row["count"]))
    # The set of entities of each paragraph; identical sets are expanded into
    # pairs once and weighted by how many paragraphs have them.
    paragraph_sets = Counter(
        tuple(sorted(set(names)))
        for names in found.groupby(["article_id", "paragraph"], sort=False)["entity"].agg(list)
    )
    edge_weights: Counter = Counter()
    for names, n_paragraphs in paragraph_sets.items():
        for a, b in itertools.combinations(names, 2):
            edge_weights[(a, b)] += n_paragraphs
    for (a, b), weight in edge_weights.items():
        if weight >= min_weight:
            graph.add_edge(a, b, weight=weight)
    return graph


def _is_sentence_start(text: str, start: int) -> bool:
    """True if position ``start`` opens a sentence, a line or a quotation.

    Looks back only over the spaces, quotes and brackets just before ``start``.
    """
    i = start - 1
    while i >= 0 and text[i] in _SENTENCE_OPENERS:
        if text[i] in '\n"\u201c':
            return True
        i -= 1
    return i < 0 or text[i] in ".!?:;"


def _title_case_lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of the lines written in title case (headlines, headings).

    A line is in title case when it has at least two words and every word
    that is not a stopword starts with a capital letter.
    """
    spans = []
    position = 0
    for line in text.split("\n"):
        n_words = 0
        for match in _ANY_WORD_RE.finditer(line):  # stops at the first word that is not capitalised
            word = match.group(0)
            if word.lower() in STOPWORDS:
                continue
            if not word[0].isupper():
                n_words = -1
                break
            n_words += 1
        if n_words >= 2:
            spans.append((position, position + len(line)))
        position += len(line) + 1
    return spans


def _strip_possessive(word: str) -> str:
    for apostrophe in _APOSTROPHES:
        if word.endswith(apostrophe + "s"):
            return word[:-2]
    return word


@dataclass
class _Run:
    """A run of capitalised words in one paragraph, before filtering."""

    words: list  # (word, start, end), possessive removed
    initial: bool  # opens a sentence
    title_line: bool  # sits in a title-case line


def _capitalised_runs(text: str, spans) -> list[_Run]:
    # Blank out known names so runs stop at them.
    if all(0 <= start <= end <= len(text) for start, end in spans):
        pieces, position = [], 0
        for start, end in sorted(spans):
            start = max(start, position)
            if end > start:
                pieces.append(text[position:start])
                pieces.append("\x00" * (end - start))
                position = end
        pieces.append(text[position:])
        masked = "".join(pieces)
    else:  # a span reaching outside the text: blank it as a list of characters would
        chars = list(text)
        for start, end in spans:
            chars[start:end] = "\x00" * (end - start)
        masked = "".join(chars)
    titles = _title_case_lines(text)
    runs = []
    for run in _NAME_RUN_RE.finditer(masked):
        words = []
        for m in _CAP_WORD_RE.finditer(run.group(0)):
            word = _strip_possessive(m.group(0))
            begin = run.start() + m.start()
            words.append((word, begin, begin + len(word)))
        in_title = any(a <= run.start() < b for a, b in titles)
        runs.append(_Run(words, _is_sentence_start(text, run.start()), in_title))
    return runs


UNKNOWN_COLUMNS = ENTITY_COLUMNS + ["source", "group_evidence", "count", "sentence"]


@per_corpus
def unknown_names(corpus: Corpus) -> pd.DataFrame:
    """Names the gazetteer does not cover: candidates for curation.

    Two kinds of rows, one per mention in article text:

    - actors the recogniser found by rule (:mod:`kzanalysis.analysis.reading.actors`):
      people, places and organisations with their type and side;
    - capitalised names left over, type ``'unknown'``: runs of capitalised
      words outside every recognised name.  A word is *confirmed* as a name
      when it is written with a capital somewhere in a strong position (not
      opening a sentence, not in a title-case line); a word is *common* when
      it is a stopword or also occurs in lower case in the corpus.  Headline
      words count only when confirmed; a run opening a sentence loses a
      common or unconfirmed first word ("The Bush administration",
      "Backed by ..."); titles, month and day names, interjections ("Hi",
      "Okay", "Thank"), pronoun contractions ("I'm") and stopwords are
      dropped at the edges; a run of common words only is dropped.

    Returns
    -------
    DataFrame with columns :data:`UNKNOWN_COLUMNS`: those of
    :func:`find_entities` (group "Unknown" for the leftover names, source
    "rule") plus count (mentions of that name in the corpus, in this table)
    and sentence (the sentence of its first mention).
    """
    paragraphs = corpus.paragraphs
    actors = find_actors(corpus)
    curated = set(lexicon(corpus.data_dir).matcher.info)
    ruled = actors[(actors["source"] == "rule") & ~actors["entity"].isin(curated)]
    masks = mask_spans(corpus)
    texts = paragraphs["text"].astype(str)
    unique_texts = pd.unique(texts)
    lower_vocab: set[str] = set()
    for text in unique_texts:
        lower_vocab.update(_LOWER_WORD_RE.findall(text))
    keys = list(zip(paragraphs["article_id"].tolist(), paragraphs["paragraph"].astype(int).tolist()))
    cache_keys = [(text, tuple(sorted(masks.get(key, ())))) for key, text in zip(keys, texts.tolist())]
    distinct = list(dict.fromkeys(cache_keys))  # replicated paragraphs are read once
    runs_once: dict = dict(zip(distinct, map_texts(lambda key: _capitalised_runs(*key), distinct)))
    runs_of = [runs_once[cache_key] for cache_key in cache_keys]
    strong_words: set[str] = set()
    strong_runs: set[str] = set()
    for runs in runs_once.values():
        for run in runs:
            if run.title_line:
                continue
            words = [w for w, _, _ in run.words]
            strong_words.update(words[1:] if run.initial else words)
            if not run.initial:
                strong_runs.add(" ".join(words))

    def is_common(word: str) -> bool:
        low = word.lower()
        return low in STOPWORDS or low in lower_vocab or low in NON_NAMES

    def is_edge_noise(word: str) -> bool:
        low = word.lower()
        return (
            word in TITLE_WORDS
            or word in MONTH_AND_DAY_NAMES
            or low in STOPWORDS
            or low in NON_NAMES
            or low in OFFICE_HEADS
            or low in OFFICE_WORDS
            or len(word) < 2
            or bool(_CONTRACTION_RE.search(word))
        )

    def trimmed(words: list) -> list:
        while words and is_edge_noise(words[0][0]):
            words = words[1:]
        while words and is_edge_noise(words[-1][0]):
            words = words[:-1]
        if not words or all(is_common(w) for w, _, _ in words):
            return []
        return words

    def candidates(text: str, runs: list) -> list[tuple[str, int, int]]:
        pieces: list[list] = []
        for run in runs:
            words = run.words
            if run.title_line:
                piece: list = []
                for word in words:
                    if word[0] in strong_words:
                        piece.append(word)
                    else:
                        pieces.append(piece)
                        piece = []
                pieces.append(piece)
                continue
            if run.initial and " ".join(w for w, _, _ in words) not in strong_runs:
                first = words[0][0]
                if is_common(first) or (len(words) == 1 and first not in strong_words):
                    words = words[1:]
            pieces.append(words)
        out = []
        for piece in pieces:
            piece = trimmed(piece)
            if piece:
                start, end = piece[0][1], piece[-1][2]
                if text[end : end + 1] in _DASHES:  # a word broken off ("Pre- --")
                    continue
                out.append((text[start:end], start, end))
        return out

    rows = [tuple(r) for r in ruled[ENTITY_COLUMNS + ["source", "group_evidence"]].itertuples(index=False)]
    for (article_id, paragraph_no), text, runs in zip(keys, texts, runs_of):
        for surface, start, end in candidates(text, runs):
            rows.append(
                (
                    article_id,
                    paragraph_no,
                    " ".join(surface.split()),
                    "unknown",
                    "Unknown",
                    surface,
                    start,
                    end,
                    "rule",
                    "",
                )
            )
    table = pd.DataFrame(rows, columns=ENTITY_COLUMNS + ["source", "group_evidence"])
    if table.empty:
        return pd.DataFrame(columns=UNKNOWN_COLUMNS)
    table = table.sort_values(["article_id", "paragraph", "start"], kind="stable").reset_index(drop=True)
    table["count"] = table.groupby("entity")["entity"].transform("size").astype(int)
    text_of = dict(zip(keys, texts))
    first = table.drop_duplicates("entity")
    sentence_of = {}
    for row in first.itertuples(index=False):
        sentence_of[row.entity] = _sentence_at(text_of.get((row.article_id, row.paragraph), ""), row.start)
    table["sentence"] = table["entity"].map(sentence_of)
    return table[UNKNOWN_COLUMNS]


def _sentence_at(text: str, offset: int) -> str:
    """The sentence of ``text`` that holds character ``offset``."""
    from kzanalysis.load.textutil import split_sentences

    position = 0
    for sentence in split_sentences(text):
        found = text.find(sentence, position)
        if found < 0:
            continue
        if found <= offset < found + len(sentence):
            return sentence
        position = found + len(sentence)
    return text


def suggest_gazetteer(corpus: Corpus) -> str:
    """Candidate gazetteer entries for the names the gazetteer lacks, as YAML.

    One entry per name the recogniser typed (person, country, place,
    organization) but the gazetteer does not list, most mentioned first, in
    the format of ``gazetteer.yml``: name, type, aliases (the other surface
    forms seen), group (only when the text gave evidence for a side) and a
    note with the mention count, where the first mention is, an example
    sentence and the evidence for the side.  Untyped leftover names follow as
    comments.  Meant for a person to review and copy; ``gazetteer.yml`` is
    never edited.

    Returns
    -------
    str
        A YAML document with an ``entities:`` list (possibly empty).
    """
    import yaml

    names = unknown_names(corpus)
    typed = names[names["type"] != "unknown"]
    entries = []
    if not typed.empty:
        for entity, rows in sorted(typed.groupby("entity", sort=False), key=lambda item: (-len(item[1]), item[0])):
            first = rows.iloc[0]
            etype = rows["type"].mode().iat[0]
            groups = [g for g in rows["group"] if isinstance(g, str) and g != "Unknown"]
            evidence = [e for e in rows["group_evidence"] if isinstance(e, str) and e]
            aliases = sorted({" ".join(str(s).split()) for s in rows["surface"]} - {entity})
            entry = {"name": entity, "type": etype, "aliases": aliases}
            if groups:
                entry["group"] = pd.Series(groups).mode().iat[0]
            side = f"side from: {evidence[0]}" if groups and evidence else "side: no evidence in the texts"
            entry["note"] = (
                f"Candidate: {len(rows)} mention{'s' if len(rows) != 1 else ''}; first in "
                f'{first["article_id"]} paragraph {int(first["paragraph"])}: "{first["sentence"]}"; {side}.'
            )
            entries.append(entry)
    header = (
        "# Candidate gazetteer entries: names found in the texts that gazetteer.yml lacks.\n"
        "# Review each one (canonical name, type, aliases, group) before copying it into\n"
        "# gazetteer.yml; this file is not read by the analysis.\n"
    )
    body = yaml.safe_dump({"entities": entries}, sort_keys=False, allow_unicode=True, width=100)
    leftovers = names[names["type"] == "unknown"]
    if not leftovers.empty:
        counts = leftovers.groupby("entity").size().sort_values(ascending=False, kind="stable")
        lines = ["", "# Capitalised names without a type (give them one, or ignore them):"]
        lines += [f"#   {name} ({count})" for name, count in counts.items()]
        body += "\n".join(lines) + "\n"
    return header + body
