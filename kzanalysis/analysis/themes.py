"""Theme scores from the curated lexicons in ``data/themes.yml``.

Each theme (energy, security, rights, balancing, economy) has a list of
lower-case terms.  A term matches case-insensitively on word boundaries; a
trailing ``*`` matches any word that starts with the stem ("pipeline*" matches
"pipeline", "pipelines"); a multi-word term matches its words separated by any
whitespace ("human rights").  Within one theme the longest term is tried first
and matches do not overlap, so "human rights" counts once, not also as
"rights".  Different themes are scored independently, so one word can count
for two themes.

Terms are counted only in article text (``corpus.paragraphs``), and only
outside names: the spans of every entity the actor recogniser finds
(gazetteer and rules, :func:`kzanalysis.analysis.reading.actors.mask_spans`) and of
office titles ("Secretary of Energy") are blanked before the lexicons are
matched, so "Organization for Security and Cooperation in Europe" adds no
security hit and "World Trade Organization" no economy hit.

Word counts come from :func:`kzanalysis.load.textutil.tokenize`, the same
tokenizer the corpus statistics use, on the unmasked paragraph.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pandas as pd

from kzanalysis.load.memo import per_corpus
from kzanalysis.load.parallel import map_texts
from kzanalysis.load.resources import load_themes
from kzanalysis.load.textutil import _TOKEN_RE, tokenize

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from kzanalysis.load.corpus import Corpus

SCORE_COLUMNS = ["article_id", "paragraph", "theme", "hits", "n_words", "score"]
RATE_COLUMNS = ["article_id", "theme", "hits", "n_words", "rate_per_1000"]
COLLISION_COLUMNS = ["article_id", "paragraph", "score_a", "score_b", "text"]


def _trie(sequences: list[list[str]]) -> str:
    """Alternation of regex piece sequences, factored as a prefix trie.

    Python's regex engine tries the alternatives of ``a|b|c`` one by one at
    every position; sharing prefixes makes a failing position cost one
    character test per branch of the first level instead of one per term.
    At each node longer continuations are tried before the term ends there.
    """
    root: dict = {}
    for pieces in sequences:
        node = root
        for piece in pieces:
            node = node.setdefault(piece, {})
        node[""] = {}

    def build(node: dict) -> str:
        # literal continuations first, an open-ended prefix (\w*) last, so the
        # longest term wins ("unwillingness to support" over "unwilling*")
        keys = sorted((piece for piece in node if piece != ""), key=lambda piece: (piece == r"\w*", piece))
        branches = [piece + build(node[piece]) for piece in keys]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            return "(?:" + body + ")?"
        return body

    return build(root)


def term_regex(terms: Iterable[str]) -> re.Pattern:
    """Compile a theme's term list into one regex for lower-cased text.

    Parameters
    ----------
    terms : iterable of str
        Lexicon terms; trailing ``*`` = prefix match, spaces = any whitespace.

    Returns
    -------
    re.Pattern to run on ``text.lower()`` (the terms are lower case); its
    non-overlapping matches are the theme's hits, the longest term winning
    where several fit at one place.
    """
    sequences = []
    for term in {t.strip().lower() for t in terms if t and t.strip()}:
        prefix = term.endswith("*")
        words = term.rstrip("*").split()
        if not words:
            continue
        pieces: list[str] = []
        for i, word in enumerate(words):
            if i:
                pieces.append(r"\s+")
            pieces.extend(re.escape(ch) for ch in word)
        if prefix:
            pieces.append(r"\w*")
        sequences.append(pieces)
    if not sequences:
        return re.compile(r"(?!x)x")  # matches nothing
    return re.compile(r"(?<!\w)(?:" + _trie(sequences) + r")(?!\w)")


def _compiled_themes(corpus) -> dict[str, re.Pattern]:
    return {theme: term_regex(spec["terms"]) for theme, spec in load_themes(corpus.data_dir).items()}


def masked_lower(text: str, spans: Sequence[tuple[int, int]] | None) -> str:
    """``text`` lower-cased with the characters of ``spans`` blanked (same length as ``text``)."""
    if not spans:
        return text.lower()
    pieces = []
    position = 0
    for start, end in sorted(spans):
        start = max(start, position)
        if end <= start:
            continue
        pieces.append(text[position:start].lower())
        pieces.append(" " * (end - start))
        position = end
    pieces.append(text[position:].lower())
    return "".join(pieces)


@per_corpus(copy_result=False)
def paragraph_theme_spans(corpus: Corpus) -> dict[tuple[str, int], dict[str, list[tuple[int, int]]]]:
    """Every theme match of every paragraph of article text, found once for all callers.

    Each paragraph is lower-cased with the spans of the actors' names
    blanked (:func:`kzanalysis.analysis.reading.actors.mask_spans`, so the OSCE's
    "Security" is no security term) and each theme's regex
    (:func:`term_regex`) is run over it once.

    Returns
    -------
    dict
        ``(article_id, paragraph)`` -> ``{theme: [(start, end), ...]}``: the
        non-overlapping matches, as character offsets into the paragraph,
        for every theme of themes.yml (an empty list where there is none).
        Treat it as read-only: it is shared, not copied.
    """
    from .reading.actors import mask_spans

    paragraphs = corpus.paragraphs
    themes = _compiled_themes(corpus)
    if not len(paragraphs):
        return {}
    masks = mask_spans(corpus)
    places = list(zip(paragraphs["article_id"].tolist(), paragraphs["paragraph"].astype(int).tolist()))
    texts = paragraphs["text"].astype(str).tolist()
    # one key per distinct (text, masked spans): replicated paragraphs are matched once
    keys = [(text, tuple(sorted(masks.get(place, ())))) for place, text in zip(places, texts)]
    distinct = list(dict.fromkeys(keys))
    regexes = list(themes.items())

    def spans_of(key: tuple) -> dict[str, list[tuple[int, int]]]:
        low = masked_lower(*key)
        return {theme: [m.span() for m in regex.finditer(low)] for theme, regex in regexes}

    found = dict(zip(distinct, map_texts(spans_of, distinct)))
    return {place: found[key] for place, key in zip(places, keys)}


@per_corpus
def theme_scores(corpus: Corpus) -> pd.DataFrame:
    """Theme hits per paragraph.

    Returns
    -------
    DataFrame with one row per paragraph and theme (zeros included), columns
    article_id, paragraph (1-based, clean text), theme (key in themes.yml),
    hits (int, lexicon matches), n_words (int, words in the paragraph) and
    score (float, hits per 100 words of the paragraph; 0 for an empty
    paragraph).
    """
    paragraphs = corpus.paragraphs
    themes = _compiled_themes(corpus)
    texts = paragraphs["text"].astype(str)
    unique_texts = pd.unique(texts)
    count = _TOKEN_RE.findall  # len(tokenize(text)), without building the normalised token list
    words_once = dict(zip(unique_texts, map_texts(lambda text: len(count(text.lower())), list(unique_texts))))
    n_words = texts.map(words_once).astype(int).to_numpy()
    spans = paragraph_theme_spans(corpus)
    places = list(zip(paragraphs["article_id"].tolist(), paragraphs["paragraph"].astype(int).tolist()))
    frames = []
    for theme in themes:
        hits = [len(spans[place][theme]) for place in places]
        frame = pd.DataFrame(
            {
                "article_id": paragraphs["article_id"].to_numpy(),
                "paragraph": paragraphs["paragraph"].astype(int).to_numpy(),
                "theme": theme,
                "hits": hits,
                "n_words": n_words,
            }
        )
        frames.append(frame)
    if not frames:
        return pd.DataFrame(columns=SCORE_COLUMNS)
    scores = pd.concat(frames, ignore_index=True)
    scores["score"] = (100.0 * scores["hits"] / scores["n_words"].where(scores["n_words"] > 0)).fillna(0.0)
    order = {theme: i for i, theme in enumerate(themes)}
    scores["_order"] = scores["theme"].map(order)
    scores = scores.sort_values(["article_id", "paragraph", "_order"], kind="mergesort")
    return scores[SCORE_COLUMNS].reset_index(drop=True)


@per_corpus
def theme_rates(corpus: Corpus) -> pd.DataFrame:
    """Theme hits per article, as a rate per 1,000 words.

    Returns
    -------
    DataFrame with one row per article and theme, columns article_id, theme,
    hits (int), n_words (int, words in the article's clean paragraphs) and
    rate_per_1000 (float, hits per 1,000 words of the article).
    """
    scores = theme_scores(corpus)
    if scores.empty:
        return pd.DataFrame(columns=RATE_COLUMNS)
    rates = scores.groupby(["article_id", "theme"], sort=False)[["hits", "n_words"]].sum().reset_index()
    rates["rate_per_1000"] = (1000.0 * rates["hits"] / rates["n_words"].where(rates["n_words"] > 0)).fillna(0.0)
    return rates[RATE_COLUMNS]


@per_corpus
def theme_collisions(corpus: Corpus, a: str = "rights", b: str = "security") -> pd.DataFrame:
    """Paragraphs that score on both of two themes (e.g. rights vs security).

    Parameters
    ----------
    a, b : str
        Theme keys from themes.yml.

    Returns
    -------
    DataFrame with columns article_id, paragraph, score_a, score_b (hits per
    100 words for theme a and b) and text (the paragraph), for every paragraph
    with a positive score on both; sorted by score_a + score_b descending,
    then article_id and paragraph.

    Raises
    ------
    ValueError if ``a`` or ``b`` is not a theme in themes.yml, or a == b.
    """
    scores = theme_scores(corpus)
    known = sorted(load_themes(corpus.data_dir))
    for theme in (a, b):
        if theme not in known:
            raise ValueError(f"unknown theme {theme!r}; themes.yml defines {', '.join(known)}")
    if a == b:
        raise ValueError("theme_collisions needs two different themes")
    wide = scores.pivot_table(index=["article_id", "paragraph"], columns="theme", values="score", aggfunc="first")
    both = wide[(wide[a] > 0) & (wide[b] > 0)].reset_index()
    both = both.rename(columns={a: "score_a", b: "score_b"})[["article_id", "paragraph", "score_a", "score_b"]]
    texts = corpus.paragraphs[["article_id", "paragraph", "text"]].copy()
    texts["paragraph"] = texts["paragraph"].astype(int)
    both = both.merge(texts, on=["article_id", "paragraph"], how="left")
    both["_total"] = both["score_a"] + both["score_b"]
    both = both.sort_values(["_total", "article_id", "paragraph"], ascending=[False, True, True], kind="mergesort")
    both.columns.name = None
    return both[COLLISION_COLUMNS].reset_index(drop=True)


#: Voice kinds grouped for theme rates: who is speaking the words counted.
VOICE_GROUPS = {
    "author": "author",
    "quotation": "quoted",
    "reported": "quoted",
    "answer": "interviewee or speaker",
    "turn": "interviewee or speaker",
    "question": "question",
    "statement": "statement",
}
VOICE_RATE_COLUMNS = ["article_id", "by", "theme", "hits", "n_words", "rate_per_1000"]


@per_corpus
def theme_voice_rates(corpus: Corpus, by: str = "voice") -> pd.DataFrame:
    """Theme hits per article split by who speaks the words, as a rate per 1,000 words.

    Each sentence of article text is counted under its voice
    (:func:`kzanalysis.analysis.reading.voices.sentence_voices`), with names masked as
    in :func:`theme_scores`, so the rates of one article's voices add up to
    its :func:`theme_rates` hits.

    Parameters
    ----------
    by : str
        ``"voice"`` (author, quoted, interviewee or speaker, question,
        statement: :data:`VOICE_GROUPS`), ``"kind"`` (the voice kinds as
        they are) or ``"side"`` (the speaker's side; the author's narration
        counts under the author's side, usually Unknown).

    Returns
    -------
    DataFrame with columns article_id, by (the voice, kind or side), theme,
    hits (int), n_words (int, words of that article spoken in that voice)
    and rate_per_1000 (float); one row per article, value and theme with at
    least one word.
    """
    from .reading.actors import mask_spans
    from .reading.voices import sentence_voices

    if by not in ("voice", "kind", "side"):
        raise ValueError(f"by must be 'voice', 'kind' or 'side', not {by!r}")
    voices = sentence_voices(corpus)
    themes = _compiled_themes(corpus)
    if voices.empty or not themes:
        return pd.DataFrame(columns=VOICE_RATE_COLUMNS)
    masks = mask_spans(corpus)
    texts = {
        (a, int(p)): t
        for a, p, t in zip(
            corpus.paragraphs["article_id"], corpus.paragraphs["paragraph"], corpus.paragraphs["text"].astype(str)
        )
    }
    label = {"voice": voices["kind"].map(VOICE_GROUPS), "kind": voices["kind"], "side": voices["speaker_group"]}[by]
    counts: dict[tuple, list[int]] = {}
    names = list(themes)
    current_key, masked, position = None, "", 0
    for article_id, paragraph_no, sentence, value in zip(
        voices["article_id"], voices["paragraph"], voices["text"].astype(str), label.fillna("Unknown")
    ):
        key = (article_id, int(paragraph_no))
        if key != current_key:
            text = texts.get(key, "")
            masked, position, current_key = masked_lower(text, masks.get(key, ())), 0, key
            source = text
        start = source.find(sentence, position)
        if start < 0:
            start = position
        end = start + len(sentence)
        position = end
        piece = masked[start:end]
        row = counts.setdefault((article_id, value), [0] * (len(names) + 1))
        row[-1] += len(tokenize(sentence))
        for i, theme in enumerate(names):
            row[i] += sum(1 for _ in themes[theme].finditer(piece))
    rows = [
        (article_id, value, theme, hits[i], hits[-1])
        for (article_id, value), hits in counts.items()
        for i, theme in enumerate(names)
    ]
    table = pd.DataFrame(rows, columns=VOICE_RATE_COLUMNS[:-1])
    table["rate_per_1000"] = (1000.0 * table["hits"] / table["n_words"].where(table["n_words"] > 0)).fillna(0.0)
    return table[VOICE_RATE_COLUMNS]
