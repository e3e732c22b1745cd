"""Export corridors and pipelines: where a text speaks of them, and in what spirit.

Corridors (north via Russia, west across the Caspian and the Caucasus, east
to China, south via Iran) and the pipelines within them come from
``data/routes.yml``.  Every sentence of article text is read for
references of two kinds:

- **named**: a pipeline's name or alias (its ``named`` patterns, which hold
  without context: "Baku-Ceyhan pipeline", "Caspian Pipeline Consortium"),
  or one of its ``terminals`` in a sentence with a context word ("a pipeline
  to the seaport of Novorossiysk");
- **described**: the corridor spoken of without a pipeline's name, only in a
  sentence holding a ``context_words`` term (oil, gas, pipeline, crude,
  export, transit, tanker ...), by

  * one of the corridor's ``described`` patterns ("through the Caucasus",
    "via Russian territory", "the most direct route out -- Iran --");
  * a destination: "to <destination>" within ``delivery_window`` characters
    after a ``delivery_words`` term ("a pipeline to China", "deliver ...
    to the Mediterranean"), chained from a destination already counted
    ("one through the Caucasus to the West and another to East Asia"), or
    a later item of the same list ("to China, the Mediterranean, Russia");
  * a territory named by a pronoun (``territory_patterns``: "across its
    territory"), given to the corridor whose ``state`` is the last country
    of the gazetteer named before it in the sentence.

Words that set a route against others ("bypasses Russia and Iran") match no
pattern, so they are no reference to the routes bypassed.

Sentences are read with the curated corrections of wrong names and typos
(``data/errata.yml``, kinds "wrong place name", "wrong name" and "typo")
applied, so a misprinted terminal still names its pipeline; the evidence is
the sentence as written.  In one sentence a pipeline counts once, and a
corridor's description counts once (a description overlapping a name of
the same corridor is part of that name).

Stance is read in the clause (the part of the sentence between semicolons)
that holds the reference: the shared ``stance_cues`` (positive and negative
lists with the theme-term syntax), matched together in one pass, longest cue
first, so a word is never counted twice ("unwillingness to support" is one
negative hit, not also a positive "support*").  More positive than negative
hits is ``supportive``, fewer ``sceptical``; on a tie the clause's VADER
compound decides (>= 0.05 supportive, <= -0.05 sceptical), else
``neutral/descriptive``.

All patterns are compiled once per call; the work is linear in the number of
sentences (each sentence is read once, its matches scanned in order).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from ._sentences import sentence_table
from .memo import per_corpus
from .resources import load_errata, load_gazetteer, load_routes
from .themes import term_regex
from .tone import compound_scores

__all__ = [
    "REFERENCE_COLUMNS",
    "EVIDENCE_LIMIT",
    "CORRECTED_KINDS",
    "SUPPORTIVE",
    "SCEPTICAL",
    "NEUTRAL",
    "CueCounter",
    "RouteReader",
    "classify_stance",
    "route_references",
    "corridors_by_article",
    "article_route_summary",
    "pipeline_article_counts",
    "reference_table",
    "route_overview",
]

REFERENCE_COLUMNS = ["article_id", "paragraph", "sentence_no", "route", "corridor", "named", "stance", "evidence"]
#: Characters of the sentence kept as evidence.
EVIDENCE_LIMIT = 400
#: Errata kinds applied to a sentence before it is read for references.
CORRECTED_KINDS = ("wrong place name", "wrong name", "typo")

SUPPORTIVE, SCEPTICAL, NEUTRAL = "supportive", "sceptical", "neutral/descriptive"
#: Mean VADER compound beyond which a cue tie becomes supportive/sceptical.
VADER_THRESHOLD = 0.05

_NOT_A_NAME_END = r"(?![\w'’-])"


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

    def count(self, text: str) -> tuple[int, int]:
        """(positive hits, negative hits) in ``text``."""
        positive = negative = 0
        for match in self.regex.finditer(text.lower()):
            sign = self._sign(match.group(0))
            positive += sign > 0
            negative += sign < 0
        return positive, negative


def classify_stance(net_cues: int, mean_compound: float) -> str:
    """Stance from net cue hits, with the VADER compound as tie-breaker."""
    if net_cues > 0:
        return SUPPORTIVE
    if net_cues < 0:
        return SCEPTICAL
    if mean_compound >= VADER_THRESHOLD:
        return SUPPORTIVE
    if mean_compound <= -VADER_THRESHOLD:
        return SCEPTICAL
    return NEUTRAL


def _names_regex(
    names: Iterable[str], *, case_sensitive: bool = False, strip_the: bool = True
) -> tuple[re.Pattern | None, dict]:
    """One alternation of plain names (longest first) and a map from the normalised match to the name."""
    lookup: dict[str, str] = {}
    for name in names:
        text = " ".join(str(name).split())
        if strip_the and text.lower().startswith("the "):
            text = text[4:]
        if text:
            lookup[text if case_sensitive else text.lower()] = str(name)
    if not lookup:
        return None, lookup
    alternation = "|".join(
        r"\s+".join(re.escape(w) for w in key.split()) for key in sorted(lookup, key=lambda k: (-len(k), k))
    )
    flags = 0 if case_sensitive else re.IGNORECASE
    return re.compile(r"(?<![\w-])(?:" + alternation + ")" + _NOT_A_NAME_END, flags), lookup


class RouteReader:
    """Finds corridor and pipeline references in sentences (patterns compiled once).

    Parameters
    ----------
    routes : dict
        As returned by :func:`kzanalysis.resources.load_routes`.
    countries : dict, optional
        Country surface form -> canonical country name (gazetteer type
        country), for ``territory_patterns``.
    """

    def __init__(self, routes: dict, countries: dict[str, str] | None = None) -> None:
        self.corridors = [c["id"] for c in routes["corridors"]]
        self.pipelines = {p["id"]: p for p in routes["pipelines"]}
        self.context = term_regex(routes.get("context_words") or [])
        self.delivery = term_regex(routes.get("delivery_words") or [])
        self.window = int(routes.get("delivery_window") or 60)
        self.territory = list(routes.get("territory_regex") or [])
        self.described = [(c["id"], regex) for c in routes["corridors"] for regex in c.get("described_regex", [])]
        self.named = [
            (p["id"], p["corridor"], regex) for p in routes["pipelines"] for regex in p.get("named_regex", [])
        ]
        terminal_of = {}
        for pipeline in routes["pipelines"]:
            for terminal in pipeline.get("terminals") or []:
                terminal_of[" ".join(terminal.split()).lower()] = pipeline["id"]
        self.terminals, _ = _names_regex(terminal_of, strip_the=False)
        self.terminal_of = terminal_of
        destination_of = {}
        for corridor in routes["corridors"]:
            for name in corridor.get("destinations") or []:
                key = " ".join(str(name).split()).lower()
                destination_of[key[4:] if key.startswith("the ") else key] = corridor["id"]
        self.destination_of = destination_of
        names, _ = _names_regex(destination_of)
        if names is None:
            self.destination_head = self.destination_next = None
        else:
            body = names.pattern
            self.destination_head = re.compile(r"\bto\s+(?:the\s+)?(" + body + ")", re.IGNORECASE)
            self.destination_next = re.compile(
                r"(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)(?:the\s+)?(" + body + ")", re.IGNORECASE
            )
        self.state_corridor = {c["state"]: c["id"] for c in routes["corridors"] if c.get("state")}
        self.countries, self.country_of = _names_regex(countries or {}, case_sensitive=True, strip_the=False)
        self.country_of = {k: (countries or {})[v] for k, v in self.country_of.items()}

    def _destination_key(self, text: str) -> str:
        return " ".join(text.split()).lower()

    def _destinations(self, sentence: str, lowered: str) -> list[tuple[int, int, str]]:
        """(start, end, corridor) of each destination reached by a delivery word."""
        if self.destination_head is None:
            return []
        delivery_ends = [m.end() for m in self.delivery.finditer(lowered)]
        found: list[tuple[int, int, str]] = []
        last_end = None
        d = 0
        for head in self.destination_head.finditer(sentence):
            start = head.start()
            while d < len(delivery_ends) and delivery_ends[d] <= start:
                d += 1
            anchors = [delivery_ends[d - 1]] if d else []
            if last_end is not None:
                anchors.append(last_end)
            if not any(start - a <= self.window and ";" not in sentence[a:start] for a in anchors):
                continue
            items = [head]
            pos = head.end()
            while True:
                more = self.destination_next.match(sentence, pos)
                if more is None:
                    break
                items.append(more)
                pos = more.end()
            for item in items:
                corridor = self.destination_of.get(self._destination_key(item.group(1)))
                if corridor:
                    found.append((item.start(1), item.end(1), corridor))
            last_end = pos
        return found

    def _territories(self, sentence: str) -> list[tuple[int, int, str]]:
        if not self.territory or self.countries is None:
            return []
        countries = [(m.end(), self.country_of.get(m.group(0))) for m in self.countries.finditer(sentence)]
        found = []
        for regex in self.territory:
            for match in regex.finditer(sentence):
                before = [name for end, name in countries if end <= match.start()]
                corridor = self.state_corridor.get(before[-1]) if before else None
                if corridor:
                    found.append((match.start(), match.end(), corridor))
        return found

    def read(self, sentence: str) -> list[tuple[int, str | None, str, bool]]:
        """References in one sentence: (start, pipeline id or None, corridor id, named), in reading order."""
        lowered = sentence.lower()
        in_context = self.context.search(lowered) is not None
        named: dict[str, tuple[int, int, str]] = {}
        for pipeline, corridor, regex in self.named:
            match = regex.search(sentence)
            if match and (pipeline not in named or match.start() < named[pipeline][0]):
                named[pipeline] = (match.start(), match.end(), corridor)
        spans = [(s, e, c) for s, e, c in named.values()]
        references = [(s, p, c, True) for p, (s, e, c) in named.items()]
        if not in_context:
            return sorted(references, key=lambda r: r[0])
        if self.terminals is not None:
            for match in self.terminals.finditer(sentence):
                pipeline = self.terminal_of.get(self._destination_key(match.group(0)))
                if pipeline and pipeline not in named:
                    corridor = self.pipelines[pipeline]["corridor"]
                    named[pipeline] = (match.start(), match.end(), corridor)
                    spans.append(named[pipeline])
                    references.append((match.start(), pipeline, corridor, True))
        described: dict[str, int] = {}
        candidates = [(m.start(), m.end(), c) for c, regex in self.described for m in regex.finditer(sentence)]
        candidates += self._destinations(sentence, lowered) + self._territories(sentence)
        for start, end, corridor in sorted(candidates):
            if corridor in described:
                continue
            if any(c == corridor and start < e and s < end for s, e, c in spans):
                continue
            described[corridor] = start
            references.append((start, None, corridor, False))
        return sorted(references, key=lambda r: (r[0], not r[3]))


def _countries(data_dir) -> dict[str, str]:
    if not (Path(data_dir) / "gazetteer.yml").is_file():
        return {}
    gazetteer = load_gazetteer(data_dir)
    countries = gazetteer[gazetteer["type"] == "country"]
    return dict(zip(countries["alias"], countries["name"]))


def _corrections(data_dir) -> dict[str, list[tuple[str, str]]]:
    if not (Path(data_dir) / "errata.yml").is_file():
        return {}
    errata = load_errata(data_dir)
    out: dict[str, list[tuple[str, str]]] = {}
    for row in errata[errata["kind"].isin(CORRECTED_KINDS)].itertuples(index=False):
        out.setdefault(row.article_id, []).append((row.original, row.correction))
    return out


def _clause(sentence: str, position: int) -> str:
    start = sentence.rfind(";", 0, position) + 1
    end = sentence.find(";", position)
    return sentence[start : end if end >= 0 else len(sentence)].strip()


@per_corpus
def route_references(corpus) -> pd.DataFrame:
    """One row per reference to an export corridor or pipeline.

    Returns
    -------
    DataFrame with columns article_id, paragraph, sentence_no (as in
    :func:`kzanalysis._sentences.sentence_table`), route (pipeline id in
    routes.yml, or None when only the corridor is described), corridor
    (corridor id), named (bool), stance (supportive | sceptical |
    neutral/descriptive, read in the reference's clause) and evidence (the
    sentence as written, at most :data:`EVIDENCE_LIMIT` characters).  Rows
    in reading order; within a sentence in the order of the references.
    """
    routes = load_routes(corpus.data_dir)
    sentences = sentence_table(corpus)
    if sentences.empty or not routes["corridors"]:
        return pd.DataFrame(columns=REFERENCE_COLUMNS).astype({"named": bool})
    reader = RouteReader(routes, _countries(corpus.data_dir))
    cues = CueCounter(routes["stance_cues"]["positive"], routes["stance_cues"]["negative"])
    corrections = _corrections(corpus.data_dir)
    found = []
    read_once: dict[str, list] = {}
    for article_id, paragraph, sentence_no, sentence in sentences.itertuples(index=False):
        text = sentence
        for original, correction in corrections.get(article_id, ()):
            text = text.replace(original, correction)
        if text not in read_once:
            read_once[text] = reader.read(text)
        for start, pipeline, corridor, named in read_once[text]:
            found.append(
                (
                    article_id,
                    int(paragraph),
                    int(sentence_no),
                    pipeline,
                    corridor,
                    named,
                    _clause(text, start),
                    sentence,
                )
            )
    if not found:
        return pd.DataFrame(columns=REFERENCE_COLUMNS).astype({"named": bool})
    clauses = list(dict.fromkeys(row[6] for row in found))
    tone = dict(zip(clauses, compound_scores(pd.Series(clauses, dtype=object))))
    stance_of = {}
    for clause in clauses:
        positive, negative = cues.count(clause)
        stance_of[clause] = classify_stance(positive - negative, tone[clause])
    rows = [
        (a, p, s, route, corridor, named, stance_of[clause], sentence[:EVIDENCE_LIMIT])
        for a, p, s, route, corridor, named, clause, sentence in found
    ]
    table = pd.DataFrame(rows, columns=REFERENCE_COLUMNS)
    table["named"] = table["named"].astype(bool)
    table["route"] = table["route"].astype(object).where(table["route"].notna(), None)
    return table


def _references(corpus, references: pd.DataFrame | None) -> pd.DataFrame:
    return route_references(corpus) if references is None else references


def corridors_by_article(corpus, references: pd.DataFrame | None = None) -> pd.DataFrame:
    """Which corridors each article speaks of, named or described.

    Returns
    -------
    DataFrame with columns article_id, corridor, n_named (references naming a
    pipeline of the corridor), n_described (references describing it),
    pipelines (ids of the pipelines named, in file order, joined by ", ";
    "" if none).  One row per article-corridor pair with at least one
    reference; articles in corpus order, corridors in file order.
    """
    columns = ["article_id", "corridor", "n_named", "n_described", "pipelines"]
    references = _references(corpus, references)
    if references.empty:
        return pd.DataFrame(columns=columns)
    routes = load_routes(corpus.data_dir)
    pipeline_order = {p["id"]: i for i, p in enumerate(routes["pipelines"])}
    rows = []
    for (article_id, corridor), group in references.groupby(["article_id", "corridor"], sort=False):
        named = group[group["named"]]
        pipelines = sorted(set(named["route"].dropna()), key=lambda p: pipeline_order.get(p, len(pipeline_order)))
        rows.append((article_id, corridor, int(len(named)), int((~group["named"]).sum()), ", ".join(pipelines)))
    table = pd.DataFrame(rows, columns=columns)
    article_order = {a: i for i, a in enumerate(corpus.articles["id"])}
    corridor_order = {c["id"]: i for i, c in enumerate(routes["corridors"])}
    keys = table["article_id"].map(article_order).astype(float) * 1000 + table["corridor"].map(corridor_order).astype(
        float
    )
    return table.iloc[keys.argsort(kind="mergesort")].reset_index(drop=True)


def article_route_summary(corpus, references: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per article: how many references, named and described, and to which corridors.

    Returns
    -------
    DataFrame with columns article_id, n_references, n_named, n_described,
    n_corridors and corridors (corridor ids in file order joined by ", ";
    "" if none).  One row per article of the corpus, in corpus order,
    including articles with no reference.
    """
    by_corridor = corridors_by_article(corpus, references)
    groups = {article_id: group for article_id, group in by_corridor.groupby("article_id", sort=False)}
    empty = by_corridor.iloc[0:0]
    rows = []
    for article_id in corpus.articles["id"]:
        group = groups.get(article_id, empty)
        n_named, n_described = int(group["n_named"].sum()), int(group["n_described"].sum())
        rows.append(
            (article_id, n_named + n_described, n_named, n_described, int(len(group)), ", ".join(group["corridor"]))
        )
    return pd.DataFrame(
        rows, columns=["article_id", "n_references", "n_named", "n_described", "n_corridors", "corridors"]
    )


def pipeline_article_counts(corpus, references: pd.DataFrame | None = None) -> dict[str, int]:
    """Pipeline id -> number of articles that name it (every pipeline of routes.yml, 0 if none)."""
    references = _references(corpus, references)
    routes = load_routes(corpus.data_dir)
    named = references[references["named"]] if len(references) else references
    counts = named.groupby("route")["article_id"].nunique().to_dict() if len(named) else {}
    return {p["id"]: int(counts.get(p["id"], 0)) for p in routes["pipelines"]}


def reference_table(corpus, references: pd.DataFrame | None = None) -> pd.DataFrame:
    """The references for reading: names instead of ids.

    Returns
    -------
    DataFrame with columns article_id, paragraph, corridor (corridor name),
    pipeline (pipeline name, "" when the corridor is only described),
    reference ("named" or "described"), stance and evidence; rows in the
    order of :func:`route_references`.
    """
    references = _references(corpus, references)
    routes = load_routes(corpus.data_dir)
    corridor_names = {c["id"]: c["name"] for c in routes["corridors"]}
    pipeline_names = {p["id"]: p["name"] for p in routes["pipelines"]}
    return pd.DataFrame(
        {
            "article_id": references["article_id"],
            "paragraph": references["paragraph"],
            "corridor": references["corridor"].map(lambda c: corridor_names.get(c, c)),
            "pipeline": references["route"].map(lambda p: pipeline_names.get(p, p) if isinstance(p, str) else ""),
            "reference": references["named"].map({True: "named", False: "described"}),
            "stance": references["stance"],
            "evidence": references["evidence"],
        },
        columns=["article_id", "paragraph", "corridor", "pipeline", "reference", "stance", "evidence"],
    )


def route_overview(corpus, references: pd.DataFrame | None = None) -> dict:
    """Corpus-wide counts of corridor and pipeline references, for prose.

    Returns
    -------
    dict with n_articles, n_corridors, n_pipelines (in routes.yml);
    n_articles_speaking (articles with at least one reference),
    n_articles_naming (articles naming at least one pipeline),
    n_articles_describing_only (articles that describe corridors but name no
    pipeline); n_references, n_named, n_described, n_supportive,
    n_sceptical (references); n_pipelines_named, n_pipelines_unnamed;
    top_pipeline (name, or names joined by " and ", of the pipeline(s) named
    by the most articles; "none") and top_pipeline_k; corridor_articles
    (corridor id -> number of articles speaking of it, every corridor) and
    corridor_ranking (text: each corridor's short name, the part of its name
    before any comma, lower case, with that number, most spoken of first,
    file order on ties: "west (4), north (3), ...").
    """
    references = _references(corpus, references)
    routes = load_routes(corpus.data_dir)
    summary = article_route_summary(corpus, references)
    by_corridor = corridors_by_article(corpus, references)
    counts = pipeline_article_counts(corpus, references)
    names = {p["id"]: p["name"] for p in routes["pipelines"]}
    top_k = max(counts.values(), default=0)
    top = [names[p] for p, k in counts.items() if k == top_k and k > 0]
    per_corridor = by_corridor.groupby("corridor")["article_id"].nunique().to_dict() if len(by_corridor) else {}
    corridor_articles = {c["id"]: int(per_corridor.get(c["id"], 0)) for c in routes["corridors"]}
    short = {c["id"]: str(c["name"]).split(",")[0].strip().lower() for c in routes["corridors"]}
    ranking = sorted(corridor_articles.items(), key=lambda item: -item[1])
    return {
        "n_articles": int(len(corpus.articles)),
        "n_corridors": len(routes["corridors"]),
        "n_pipelines": len(routes["pipelines"]),
        "n_articles_speaking": int((summary["n_references"] > 0).sum()),
        "n_articles_naming": int((summary["n_named"] > 0).sum()),
        "n_articles_describing_only": int(((summary["n_named"] == 0) & (summary["n_described"] > 0)).sum()),
        "n_references": int(len(references)),
        "n_named": int(references["named"].sum()) if len(references) else 0,
        "n_described": int((~references["named"].astype(bool)).sum()) if len(references) else 0,
        "n_supportive": int((references["stance"] == SUPPORTIVE).sum()) if len(references) else 0,
        "n_sceptical": int((references["stance"] == SCEPTICAL).sum()) if len(references) else 0,
        "n_pipelines_named": sum(1 for k in counts.values() if k > 0),
        "n_pipelines_unnamed": sum(1 for k in counts.values() if k == 0),
        "top_pipeline": " and ".join(top) if top else "none",
        "top_pipeline_k": int(top_k),
        "corridor_articles": corridor_articles,
        "corridor_ranking": ", ".join(f"{short[c]} ({k})" for c, k in ranking),
    }


# ------------------------------------------------------------------ positions, facts, figures, forecasts
#
# What the energy chapter and the export-corridors finding read from the claims register, the route file and
# the chronology.  Each function is one pass over its table.

STANCE_WORDS = {"supports": "backs", "opposes": "opposes", "doubts": "doubts", "neutral": "reports"}
"""Claim stance -> the verb the tables use (a neutral claim reports a route without a position)."""

_STANCE_ORDER = ("supports", "opposes", "doubts", "neutral")


def _corridor_map(routes: dict) -> dict[str, str]:
    """Pipeline or corridor id -> corridor id."""
    corridor = {c["id"]: c["id"] for c in routes["corridors"]}
    corridor.update({p["id"]: p["corridor"] for p in routes["pipelines"]})
    return corridor


def corridor_short_names(routes: dict) -> dict[str, str]:
    """Corridor id -> short name: the part of its name before any comma, lower case ("west")."""
    return {c["id"]: str(c["name"]).split(",")[0].strip().lower() for c in routes["corridors"]}


def position_claims(corpus) -> pd.DataFrame:
    """Claims that take a stance on a pipeline or corridor of routes.yml.

    Reads :func:`kzanalysis.claims.claims_table` (reviewed hand codes and
    unreviewed machine proposals alike): claims whose ``target`` is a
    pipeline or corridor id and whose ``stance`` is set.

    Returns
    -------
    DataFrame with the claims columns plus ``corridor`` (the corridor of the
    target), ``who`` and ``mode`` (:func:`kzanalysis.positions.with_who`), in
    claims order, index reset.
    """
    from .claims import claims_table
    from .positions import with_who

    claims = claims_table(corpus)
    corridor = _corridor_map(load_routes(corpus.data_dir))
    rows = with_who(claims[claims["target"].isin(set(corridor)) & claims["stance"].notna()])
    rows["corridor"] = rows["target"].map(corridor)
    return rows.reset_index(drop=True)


def _count_text(counts: Counter, order=_STANCE_ORDER) -> str:
    return ", ".join(f"{STANCE_WORDS.get(s, s)} {counts[s]}" for s in order if counts.get(s))


def position_summary(corpus, positions: pd.DataFrame | None = None) -> pd.DataFrame:
    """Who takes which position on which corridor: one row per ``who``, one column per corridor.

    Returns
    -------
    DataFrame with columns Who (:func:`kzanalysis.positions.who_phrase`,
    capitalised), one column per corridor of routes.yml (short name; cell
    "backs 2, doubts 1", "" when none), Claims (int), Articles (int) and
    "In whose words" (claims per mode, "3 in paraphrase, 1 in own words").
    Rows in :func:`kzanalysis.positions.who_order`; empty (with these
    columns) when no claim takes a position on a route.
    """
    from .positions import who_order, who_phrase

    positions = position_claims(corpus) if positions is None else positions
    routes = load_routes(corpus.data_dir)
    short = corridor_short_names(routes)
    columns = ["Who", *short.values(), "Claims", "Articles", "In whose words"]
    rows = []
    groups = {who: group for who, group in positions.groupby("who", sort=False)}
    for who in who_order(groups):
        group = groups[who]
        cells = {c: Counter() for c in short}
        for corridor, stance in zip(group["corridor"], group["stance"]):
            cells.setdefault(corridor, Counter())[stance] += 1
        modes = Counter(group["mode"])
        rows.append(
            [
                who_phrase(who)[:1].upper() + who_phrase(who)[1:],
                *(_count_text(cells[c]) for c in short),
                int(len(group)),
                int(group["article_id"].nunique()),
                ", ".join(f"{n} in {m}" for m, n in modes.most_common()),
            ]
        )
    return pd.DataFrame(rows, columns=columns)


def positions_table(corpus, positions: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every position on a route, for reading: one row per claim, in claims order.

    Returns
    -------
    DataFrame with columns article_id, paragraph, voice, speaker, side,
    position ("backs Baku-Tbilisi-Ceyhan pipeline": stance verb and the
    codebook's label of the target), corridor (short name), reviewed (bool)
    and evidence (the claim's evidence span).
    """
    from .knowledge import load_codebook

    positions = position_claims(corpus) if positions is None else positions
    targets = load_codebook(corpus.data_dir)["targets"]
    short = corridor_short_names(load_routes(corpus.data_dir))
    return pd.DataFrame(
        {
            "article_id": positions["article_id"],
            "paragraph": positions["paragraph"].astype(int),
            "voice": [
                v if r else f"{v} (unreviewed machine proposal)"
                for v, r in zip(positions["voice"], positions["reviewed"].astype(bool))
            ],
            "speaker": positions["speaker"],
            "side": positions["side"],
            "position": [
                f"{STANCE_WORDS.get(s, s)} {targets.get(t, {}).get('label', t)}"
                for s, t in zip(positions["stance"], positions["target"])
            ],
            "corridor": positions["corridor"].map(lambda c: short.get(c, c)),
            "reviewed": positions["reviewed"].astype(bool),
            "evidence": positions["evidence"],
        },
        columns=["article_id", "paragraph", "voice", "speaker", "side", "position", "corridor", "reviewed", "evidence"],
    )


def _date_order(corpus) -> list[str]:
    articles = corpus.articles
    if "date_start" in articles.columns:
        articles = articles.sort_values("date_start", kind="stable")
    return list(articles["id"])


def _position_phrase(group: pd.DataFrame, short: dict[str, str], order: list[str]) -> str:
    """'speakers for the United States back west, east; the writers doubt west, east' (no neutral claims)."""
    from .positions import who_order, who_phrase

    verbs = {"supports": "back", "opposes": "oppose", "doubts": "doubt"}
    rank = {c: i for i, c in enumerate(order)}
    pieces = []
    for who in who_order(group["who"]):
        mine = group[group["who"] == who]
        stances = []
        for stance, verb in verbs.items():
            corridors = sorted(
                set(mine.loc[mine["stance"] == stance, "corridor"]), key=lambda c: rank.get(c, len(rank))
            )
            if corridors:
                stances.append(f"{verb} {', '.join(short.get(c, c) for c in corridors)}")
        if stances:
            pieces.append(f"{who_phrase(who)} {' and '.join(stances)}")
    return "; ".join(pieces)


def article_route_lines(
    corpus, references: pd.DataFrame | None = None, positions: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Per article, oldest first: the corridors it names and describes, and who takes which position.

    Returns
    -------
    DataFrame with columns article_id, named (names of the pipelines named,
    file order, "; "-joined, "" if none), described (short names of the
    corridors described without a pipeline's name), positions (text: who
    backs, opposes or doubts which corridor, from :func:`position_claims`,
    "" if none; neutral claims left out) and unreviewed (number of the
    article's position claims that are unreviewed machine proposals).  One
    row per article, in date order, articles with no reference included.
    """
    references = _references(corpus, references)
    positions = position_claims(corpus) if positions is None else positions
    routes = load_routes(corpus.data_dir)
    short = corridor_short_names(routes)
    order = [c["id"] for c in routes["corridors"]]
    names = pipeline_labels(corpus.data_dir)
    pipeline_rank = {p["id"]: i for i, p in enumerate(routes["pipelines"])}
    refs_by = {a: g for a, g in references.groupby("article_id", sort=False)} if len(references) else {}
    pos_by = {a: g for a, g in positions.groupby("article_id", sort=False)} if len(positions) else {}
    rows = []
    for article_id in _date_order(corpus):
        refs = refs_by.get(article_id)
        named = described = ""
        if refs is not None:
            pipelines = sorted(set(refs.loc[refs["named"], "route"].dropna()), key=lambda p: pipeline_rank.get(p, 99))
            named = "; ".join(names.get(p, p) for p in pipelines)
            corridors = sorted(set(refs.loc[~refs["named"], "corridor"]), key=order.index)
            described = ", ".join(short[c] for c in corridors)
        group = pos_by.get(article_id)
        phrase = _position_phrase(group, short, order) if group is not None else ""
        unreviewed = int((~group["reviewed"].astype(bool)).sum()) if group is not None else 0
        rows.append((article_id, named, described, phrase, unreviewed))
    return pd.DataFrame(rows, columns=["article_id", "named", "described", "positions", "unreviewed"])


def pipeline_labels(data_dir) -> dict[str, str]:
    """Pipeline id -> a name for prose: the codebook's target label, else the name before any bracket."""
    from .knowledge import load_codebook

    targets = load_codebook(data_dir)["targets"]
    return {
        p["id"]: targets.get(p["id"], {}).get("label") or str(p["name"]).split(" (")[0]
        for p in load_routes(data_dir)["pipelines"]
    }


def first_named(corpus, references: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each pipeline of routes.yml with the first article (by date) that names it.

    Returns
    -------
    DataFrame with columns route (pipeline id), name (:func:`pipeline_labels`), article_id (None when
    no article names it) and n_articles (articles naming it), in order of
    the first naming (never-named pipelines last, in file order).
    """
    references = _references(corpus, references)
    routes = load_routes(corpus.data_dir)
    rank = {a: i for i, a in enumerate(_date_order(corpus))}
    named = references[references["named"]] if len(references) else references
    first: dict[str, str] = {}
    articles: dict[str, set] = {}
    for article_id, route in zip(named["article_id"], named["route"]):
        articles.setdefault(route, set()).add(article_id)
        if route not in first or rank.get(article_id, 1e9) < rank.get(first[route], 1e9):
            first[route] = article_id
    labels = pipeline_labels(corpus.data_dir)
    rows = [(p["id"], labels[p["id"]], first.get(p["id"]), len(articles.get(p["id"], ()))) for p in routes["pipelines"]]
    rows.sort(key=lambda r: (r[2] is None, rank.get(r[2], 1e9)))
    return pd.DataFrame(rows, columns=["route", "name", "article_id", "n_articles"])


def route_change_text(corpus, labels: dict[str, str], references: pd.DataFrame | None = None) -> str:
    """One or two sentences on what changed: the earliest and latest article's corridors, and when pipelines are
    first named.

    ``labels`` maps article id -> the label to print ("RFE/RL 1997").
    """
    references = _references(corpus, references)
    lines = article_route_lines(corpus, references, positions=position_claims(corpus))
    speaking = lines[(lines["named"] != "") | (lines["described"] != "")]
    genres = dict(zip(corpus.articles["id"], corpus.articles["genre"]))
    if speaking.empty:
        return "No article speaks of an export corridor."

    def what(row) -> str:
        parts = []
        if row.named:
            parts.append(f"names {row.named.replace('; ', ' and ')}")
        if row.described:
            parts.append(
                f"describes the {_and(row.described.split(', '))} corridor"
                + ("s" if "," in row.described else "")
                + (" without naming a pipeline" if not row.named else "")
            )
        return " and ".join(parts)

    first, last = speaking.iloc[0], lines.iloc[-1]
    text = (
        f"The earliest article to speak of a corridor, {labels[first.article_id]} ({genres[first.article_id]}), "
        f"{what(first)}. "
    )
    firsts = first_named(corpus, references)
    named = firsts[firsts["article_id"].notna()]
    if len(named):
        text += "Pipelines are first named in " + _and(f"{labels[a]} ({n})" for a, n in _group_names(named)) + ". "
    never = firsts[firsts["article_id"].isna()]["name"].tolist()
    if never:
        text += f"No article names {_and(never, 'or')}. "
    if last.article_id != first.article_id:
        text += f"The latest article, {labels[last.article_id]} ({genres[last.article_id]}), " + (
            f"{what(last)}." if (last.named or last.described) else "speaks of no export corridor."
        )
    return text.strip()


def _group_names(named: pd.DataFrame) -> list[tuple[str, str]]:
    """(article id, "A and B") for the pipelines first named in each article, in order."""
    out: dict[str, list[str]] = {}
    for article_id, name in zip(named["article_id"], named["name"]):
        out.setdefault(article_id, []).append(name)
    return [(a, _and(n)) for a, n in out.items()]


def _and(items, word: str = "and") -> str:
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {word} " + items[-1]


# ---- route facts from routes.yml

_BIB_FIELD = {name: re.compile(r"(?im)^\s*" + name + r"\s*=\s*[{\"](.*?)[}\"]\s*,?\s*$") for name in ("author", "year")}


def reference_labels(data_dir) -> dict[str, str]:
    """BibTeX key -> a short reference "Author Year" (braces dropped) for every entry of references.bib."""
    from .bibliography import _split_entries
    from .resources import resolve_data_dir

    path = resolve_data_dir(data_dir) / "references.bib"
    if not path.is_file():
        return {}
    out = {}
    for key, entry in _split_entries(path.read_text(encoding="utf-8")).items():
        fields = {}
        for name, regex in _BIB_FIELD.items():
            match = regex.search(entry)
            fields[name] = match.group(1).replace("{", "").replace("}", "").strip() if match else ""
        author = fields["author"].split(" and ")[0]
        author = author.split(",")[0] if "," in author else author
        out[key] = " ".join(x for x in (author, fields["year"]) if x) or key
    return out


def route_facts(corpus) -> pd.DataFrame:
    """The route file's facts per pipeline: status, first oil, capacity, and their sources.

    Reads each pipeline's ``facts`` block of routes.yml (``status``,
    ``first_oil``, ``capacity`` [{figure, source}], ``sources``; sources are
    BibTeX keys of references.bib).

    Returns
    -------
    DataFrame with columns route (id), pipeline (name), corridor (short
    name), status, first_oil, capacity (figures joined by "; ") and sources
    (short references "Author Year", "; "-joined, each key once), in file
    order.  Missing fields are "".
    """
    routes = load_routes(corpus.data_dir)
    short = corridor_short_names(routes)
    refs = reference_labels(corpus.data_dir)
    rows = []
    for pipeline in routes["pipelines"]:
        facts = pipeline.get("facts") or {}
        capacity = facts.get("capacity") or []
        keys = list(
            dict.fromkeys([*(facts.get("sources") or []), *(c.get("source") for c in capacity if c.get("source"))])
        )
        rows.append(
            (
                pipeline["id"],
                pipeline["name"],
                short.get(pipeline["corridor"], pipeline["corridor"]),
                str(facts.get("status") or ""),
                str(facts.get("first_oil") or ""),
                "; ".join(str(c.get("figure")) for c in capacity if c.get("figure")),
                "; ".join(refs.get(k, k) for k in keys),
            )
        )
    return pd.DataFrame(rows, columns=["route", "pipeline", "corridor", "status", "first_oil", "capacity", "sources"])


def fact_source_keys(corpus) -> list[str]:
    """Every BibTeX key the route facts cite, in order of first use."""
    routes = load_routes(corpus.data_dir)
    keys = []
    for pipeline in routes["pipelines"]:
        facts = pipeline.get("facts") or {}
        keys += list(facts.get("sources") or []) + [
            c.get("source") for c in facts.get("capacity") or [] if c.get("source")
        ]
    return list(dict.fromkeys(keys))


# ---- figures the articles state for routes

#: Units of measure a route figure is stated in (volumes, lengths, money); counts of things ("2 routes") are no figure.
MEASURE_UNIT_RE = re.compile(r"ton|barrel|cubic|met(?:re|er)|\bkm\b|kilomet|mile|dollar|\$|\bbcm\b|\bb/d\b|bpd")


def stated_figures(corpus, references: pd.DataFrame | None = None) -> pd.DataFrame:
    """Quantities stated in a clause that holds a route reference, with the speaker and any erratum.

    A sentence is split into clauses at semicolons; a number (from
    :func:`kzanalysis.numbers.numbers_in_sentence`, in a unit of measure:
    :data:`MEASURE_UNIT_RE`) belongs to the references of its clause.
    An erratum of the article (errata.yml) whose original text contains the
    number as written in the clause is shown beside it.

    Returns
    -------
    DataFrame with columns article_id, paragraph, speaker (the voice layer's
    speaker of the sentence, with its kind in brackets), route (pipeline
    name, or the corridor's short name when only described), figure ("60
    million tons/year"), erratum (the correction, "" if none), facts (the
    route file's capacity of a named pipeline, "" otherwise).  Reading order.
    """
    from .numbers import numbers_in_sentence
    from .reading.voices import sentence_voices

    references = _references(corpus, references)
    columns = ["article_id", "paragraph", "speaker", "route", "figure", "erratum", "facts"]
    if references.empty:
        return pd.DataFrame(columns=columns)
    routes = load_routes(corpus.data_dir)
    short = corridor_short_names(routes)
    names = pipeline_labels(corpus.data_dir)
    capacity = {
        p["id"]: "; ".join(str(c.get("figure")) for c in (p.get("facts") or {}).get("capacity") or [])
        for p in routes["pipelines"]
    }
    reader = RouteReader(routes, _countries(corpus.data_dir))
    corrections = _corrections(corpus.data_dir)
    factual = _factual_errata(corpus.data_dir)
    voices = sentence_voices(corpus)
    speaker_of = {
        (a, int(s)): (sp, k)
        for a, s, sp, k in zip(voices["article_id"], voices["sentence"], voices["speaker"], voices["kind"])
    }
    rows = []
    seen = set()
    for row in references.itertuples(index=False):
        key = (row.article_id, int(row.sentence_no))
        if key in seen:
            continue
        seen.add(key)
        sentence = row.evidence
        corrected = sentence
        for original, correction in corrections.get(row.article_id, ()):
            corrected = corrected.replace(original, correction)
        clause_refs: dict[int, list[tuple[str | None, str]]] = {}
        for start, pipeline, corridor, _named in reader.read(corrected):
            label = names.get(pipeline, pipeline) if pipeline else short.get(corridor, corridor)
            clause_refs.setdefault(corrected.count(";", 0, start), []).append((pipeline, label))
        speaker, kind = speaker_of.get(key, (None, None))
        who = f"{speaker} ({kind})" if isinstance(speaker, str) else (kind or "")
        for index, clause in enumerate(sentence.split(";")):
            found = [(v, u) for v, u in numbers_in_sentence(clause) if MEASURE_UNIT_RE.search(str(u))]
            for value, unit in found:
                shown = f"{value:g} {unit}"
                erratum = next((c for o, c in factual.get(row.article_id, ()) if o in clause), "")
                for pipeline, label in clause_refs.get(index, []):
                    rows.append(
                        (
                            row.article_id,
                            int(row.paragraph),
                            who,
                            label,
                            shown,
                            erratum,
                            capacity.get(pipeline, "") if pipeline else "",
                        )
                    )
    return pd.DataFrame(rows, columns=columns)


def _factual_errata(data_dir) -> dict[str, list[tuple[str, str]]]:
    if not (Path(data_dir) / "errata.yml").is_file():
        return {}
    errata = load_errata(data_dir)
    out: dict[str, list[tuple[str, str]]] = {}
    for row in errata[~errata["kind"].isin(CORRECTED_KINDS)].itertuples(index=False):
        out.setdefault(row.article_id, []).append((row.original, row.correction))
    return out


# ---- forecasts against the chronology

ROUTE_TOPIC = "export-routes"
"""The codebook topic of export routes (claims and events)."""


def event_corridors(corpus) -> dict[str, set[str]]:
    """Event id -> the corridors its title and description speak of (read like article sentences)."""
    from .knowledge import load_events

    events = load_events(corpus.data_dir)
    routes = load_routes(corpus.data_dir)
    reader = RouteReader(routes, _countries(corpus.data_dir))
    out = {}
    for event_id, title, description in zip(events["id"], events["title"], events["description"]):
        found = set()
        for text in (str(title), str(description)):
            found |= {corridor for _, _, corridor, _ in reader.read(text)}
        out[event_id] = found
    return out


def route_forecasts(corpus, most: int = 3) -> pd.DataFrame:
    """Forecasts about export routes, each set beside the route events of the chronology that came after it.

    A forecast is a claim with ``forecast`` true whose topic is
    :data:`ROUTE_TOPIC` or whose target is a pipeline or corridor.  The
    later events are those of events.yml on that topic starting after the
    last day the article's date stands for; when the claim's target is a
    pipeline or corridor, only events that speak of its corridor
    (:func:`event_corridors`).

    Returns
    -------
    DataFrame with columns article_id, paragraph, voice, speaker, claim,
    evidence, reviewed, n_later (later events) and later (the first
    ``most`` as "YYYY-MM-DD title", "; "-joined, "and k more" when cut).
    """
    from .claims import claims_table
    from .knowledge import date_span, load_events

    columns = ["article_id", "paragraph", "voice", "speaker", "claim", "evidence", "reviewed", "n_later", "later"]
    claims = claims_table(corpus)
    routes = load_routes(corpus.data_dir)
    corridor = _corridor_map(routes)
    rows = claims[
        claims["forecast"].astype(bool) & ((claims["topic"] == ROUTE_TOPIC) | claims["target"].isin(set(corridor)))
    ]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    events = load_events(corpus.data_dir)
    events = events[[ROUTE_TOPIC in t for t in events["topics"]]] if len(events) else events
    speaks = event_corridors(corpus) if len(events) else {}
    ends = {a: date_span(d)[1] for a, d in zip(corpus.articles["id"], corpus.articles["date"])}
    out = []
    for claim in rows.itertuples(index=False):
        later = events[events["date_start"] > ends[claim.article_id]] if len(events) else events
        if isinstance(claim.target, str) and claim.target in corridor and len(later):
            later = later[[corridor[claim.target] in speaks.get(e, set()) for e in later["id"]]]
        shown = [f"{e.date} {e.title}" for e in later.head(most).itertuples(index=False)]
        if len(later) > most:
            shown.append(f"and {len(later) - most} more")
        out.append(
            (
                claim.article_id,
                int(claim.paragraph),
                claim.voice,
                claim.speaker,
                claim.claim,
                claim.evidence,
                bool(claim.reviewed),
                int(len(later)),
                "; ".join(shown),
            )
        )
    return pd.DataFrame(out, columns=columns)
