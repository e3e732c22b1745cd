"""Energy export routes: where articles mention them, and in what spirit.

Routes come from ``data/routes.yml``.  A sentence mentions a route when one
of the route's ``mention_patterns`` (Python regular expressions, searched
case-insensitively) matches it; a route without ``mention_patterns`` falls
back to the gazetteer aliases of its ``entity``.  ``n_mentions`` counts the
mentioning sentences of an article (several patterns matching one sentence
count once).

Stance is read from the mentioning sentences:

- cue words: the route's ``stance_cues`` (``positive`` and ``negative``
  lists with the theme-term syntax: lower case, whole words, trailing ``*`` =
  prefix, multiword allowed), or a top-level ``stance_cues`` in routes.yml
  if the route has none.  Positive and negative cues are matched together in
  one pass, longest cue first, so a word is never counted twice
  ("unwillingness to support" is one negative hit, not also a positive
  "support*").  ``stance_score`` = positive hits - negative hits over all the
  mentioning sentences of the article;
- VADER breaks ties: when stance_score is 0, the mean compound score of the
  mentioning sentences decides (>= 0.05 supportive, <= -0.05 sceptical).

stance is ``supportive`` if stance_score > 0, ``sceptical`` if < 0, else as
VADER says, else ``neutral/descriptive``.  ``evidence`` is the mentioning
sentence with the most cue hits in the direction of the stance, then the
highest VADER compound in that direction, the earliest on ties (for a
neutral stance: the first mentioning sentence).
"""

from __future__ import annotations

import re

import pandas as pd

from ._sentences import sentence_table
from .errors import CorpusError
from .resources import load_gazetteer, load_routes, load_yaml, resolve_data_dir
from .themes import term_regex
from .tone import compound_scores

ROUTE_COLUMNS = ["article_id", "route_id", "route", "n_mentions", "stance", "stance_score", "evidence"]

SUPPORTIVE, SCEPTICAL, NEUTRAL = "supportive", "sceptical", "neutral/descriptive"
#: Mean VADER compound beyond which a cue tie becomes supportive/sceptical.
VADER_THRESHOLD = 0.05


def _mention_regex(route: dict, gazetteer: pd.DataFrame) -> re.Pattern | None:
    patterns = [p for p in (route.get("mention_patterns") or []) if isinstance(p, str) and p]
    if patterns:
        return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)
    aliases = gazetteer.loc[gazetteer["name"] == route.get("entity"), "alias"].tolist()
    aliases = sorted(set(aliases) | ({route.get("entity")} - {None}), key=lambda a: (-len(a), a))
    if not aliases:
        return None
    return re.compile("|".join(r"(?<!\w)" + re.escape(a) + r"(?!\w)" for a in aliases))


class CueCounter:
    """Counts positive and negative stance cues in one pass, longest cue first.

    Parameters
    ----------
    positive, negative : list of str
        Cue terms (theme-term syntax).  A term listed in both counts as positive.
    """

    def __init__(self, positive, negative) -> None:
        self.exact: dict[str, int] = {}
        self.prefixes: list[tuple[str, int]] = []
        for terms, sign in ((negative or [], -1), (positive or [], 1)):
            for term in terms:
                term = " ".join(str(term).lower().split())
                if term.endswith("*"):
                    self.prefixes.append((term.rstrip("*"), sign))
                else:
                    self.exact[term] = sign
        self.prefixes.sort(key=lambda item: -len(item[0]))
        self.regex = term_regex(list(positive or []) + list(negative or []))

    def _sign(self, matched: str) -> int:
        matched = " ".join(matched.split())
        if matched in self.exact:
            return self.exact[matched]
        for stem, sign in self.prefixes:
            if matched.startswith(stem):
                return sign
        return 0

    def count(self, sentence: str) -> tuple[int, int]:
        """(positive hits, negative hits) in ``sentence``."""
        positive = negative = 0
        for match in self.regex.finditer(sentence.lower()):
            sign = self._sign(match.group(0))
            positive += sign > 0
            negative += sign < 0
        return positive, negative


def _cues(route: dict, default: dict) -> CueCounter:
    cues = route.get("stance_cues") or default or {}
    return CueCounter(cues.get("positive") or [], cues.get("negative") or [])


def _default_cues(data_dir) -> dict:
    try:
        document = load_yaml(resolve_data_dir(data_dir) / "routes.yml")
    except CorpusError:  # load_routes has already reported any real problem
        return {}
    cues = document.get("stance_cues") if isinstance(document, dict) else None
    return cues if isinstance(cues, dict) else {}


def classify_stance(net_cues: int, mean_compound: float) -> str:
    """Stance from net cue hits, with the mean VADER compound as tie-breaker."""
    if net_cues > 0:
        return SUPPORTIVE
    if net_cues < 0:
        return SCEPTICAL
    if mean_compound >= VADER_THRESHOLD:
        return SUPPORTIVE
    if mean_compound <= -VADER_THRESHOLD:
        return SCEPTICAL
    return NEUTRAL


def route_mentions(corpus) -> pd.DataFrame:
    """Mentions of each export route per article, with the stance taken.

    Returns
    -------
    DataFrame with columns article_id, route_id (id in routes.yml), route
    (its name), n_mentions (int, sentences of the article that mention the
    route), stance (supportive | sceptical | neutral/descriptive),
    stance_score (float, positive minus negative cue hits in those
    sentences) and evidence (one mentioning sentence); see the module
    docstring.  Only article-route pairs with at least one mention;
    articles in corpus order, routes in file order.
    """
    routes = load_routes(corpus.data_dir)
    gazetteer = load_gazetteer(corpus.data_dir)
    default = _default_cues(corpus.data_dir)
    sentences = sentence_table(corpus)
    if sentences.empty or not routes:
        return pd.DataFrame(columns=ROUTE_COLUMNS)
    unique = pd.unique(sentences["sentence"])
    rows = []
    tone_once: dict[str, float] = {}
    for route in routes:
        regex = _mention_regex(route, gazetteer)
        if regex is None:
            continue
        cues = _cues(route, default)
        mentions_once = {s: regex.search(s) is not None for s in unique}
        mentioning = sentences[sentences["sentence"].map(mentions_once)]
        if mentioning.empty:
            continue
        new = [s for s in pd.unique(mentioning["sentence"]) if s not in tone_once]
        if new:
            tone_once.update(zip(new, compound_scores(pd.Series(new, dtype=object))))
        for article_id, group in mentioning.groupby("article_id", sort=False):
            texts = list(group["sentence"])
            hits = [cues.count(s) for s in texts]
            net = sum(p for p, _ in hits) - sum(n for _, n in hits)
            mean_compound = sum(tone_once[s] for s in texts) / len(texts)
            stance = classify_stance(net, mean_compound)
            direction = {SUPPORTIVE: 1, SCEPTICAL: -1}.get(stance, 0)
            best = max(
                range(len(texts)),
                key=lambda i: (direction * (hits[i][0] - hits[i][1]), direction * tone_once[texts[i]], -i),
            )
            rows.append((article_id, route["id"], route["name"], len(texts), stance, float(net), texts[best]))
    result = pd.DataFrame(rows, columns=ROUTE_COLUMNS)
    article_order = {a: i for i, a in enumerate(corpus.articles["id"])}
    route_order = {r["id"]: i for i, r in enumerate(routes)}
    result["_a"] = result["article_id"].map(article_order)
    result["_r"] = result["route_id"].map(route_order)
    result = result.sort_values(["_a", "_r"], kind="mergesort")
    return result[ROUTE_COLUMNS].reset_index(drop=True)
