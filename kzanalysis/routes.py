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


def _names_regex(names: Iterable[str], *, case_sensitive: bool = False, strip_the: bool = True) -> tuple[re.Pattern | None, dict]:
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
    alternation = "|".join(r"\s+".join(re.escape(w) for w in key.split()) for key in sorted(lookup, key=lambda k: (-len(k), k)))
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
        self.named = [(p["id"], p["corridor"], regex) for p in routes["pipelines"] for regex in p.get("named_regex", [])]
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
    return sentence[start:end if end >= 0 else len(sentence)].strip()


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
            found.append((article_id, int(paragraph), int(sentence_no), pipeline, corridor, named, _clause(text, start), sentence))
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
    keys = table["article_id"].map(article_order).astype(float) * 1000 + table["corridor"].map(corridor_order).astype(float)
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
        rows.append((article_id, n_named + n_described, n_named, n_described, int(len(group)), ", ".join(group["corridor"])))
    return pd.DataFrame(rows, columns=["article_id", "n_references", "n_named", "n_described", "n_corridors", "corridors"])


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
    return pd.DataFrame({
        "article_id": references["article_id"],
        "paragraph": references["paragraph"],
        "corridor": references["corridor"].map(lambda c: corridor_names.get(c, c)),
        "pipeline": references["route"].map(lambda p: pipeline_names.get(p, p) if isinstance(p, str) else ""),
        "reference": references["named"].map({True: "named", False: "described"}),
        "stance": references["stance"],
        "evidence": references["evidence"],
    }, columns=["article_id", "paragraph", "corridor", "pipeline", "reference", "stance", "evidence"])


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
