"""Every route reference of the corpus, with its stance, and the tables and counts drawn from it.

:func:`route_references` reads each sentence of article text once with a :class:`~.reader.RouteReader` and
gives each reference the stance of its clause (:mod:`.stance`); the functions after it count those references
per article, per pipeline and across the corpus, and name them for reading.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from kzanalysis.load._sentences import sentence_table
from kzanalysis.load.corpus import Corpus
from kzanalysis.load.memo import per_corpus
from kzanalysis.load.parallel import map_texts
from kzanalysis.load.resources import load_routes

from ..tone import compound_scores
from .reader import RouteReader, _corrections, _countries
from .stance import SCEPTICAL, SUPPORTIVE, CueCounter, classify_stance

__all__ = [
    "REFERENCE_COLUMNS",
    "EVIDENCE_LIMIT",
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


def _clause(sentence: str, position: int) -> str:
    start = sentence.rfind(";", 0, position) + 1
    end = sentence.find(";", position)
    return sentence[start : end if end >= 0 else len(sentence)].strip()


@per_corpus
def route_references(corpus: Corpus) -> pd.DataFrame:
    """One row per reference to an export corridor or pipeline.

    Returns
    -------
    DataFrame with columns article_id, paragraph, sentence_no (as in
    :func:`kzanalysis.load._sentences.sentence_table`), route (pipeline id in
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
    rows_in = list(sentences.itertuples(index=False))
    texts = []
    for article_id, _paragraph, _sentence_no, sentence in rows_in:
        text = sentence
        for original, correction in corrections.get(article_id, ()):
            text = text.replace(original, correction)
        texts.append(text)
    distinct = list(dict.fromkeys(texts))  # each distinct sentence read once, on the worker pool
    read_once: dict[str, list] = dict(zip(distinct, map_texts(reader.read, distinct)))
    for (article_id, paragraph, sentence_no, sentence), text in zip(rows_in, texts):
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


def corridors_by_article(corpus: Corpus, references: pd.DataFrame | None = None) -> pd.DataFrame:
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


def article_route_summary(corpus: Corpus, references: pd.DataFrame | None = None) -> pd.DataFrame:
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


def pipeline_article_counts(corpus: Corpus, references: pd.DataFrame | None = None) -> dict[str, int]:
    """Pipeline id -> number of articles that name it (every pipeline of routes.yml, 0 if none)."""
    references = _references(corpus, references)
    routes = load_routes(corpus.data_dir)
    named = references[references["named"]] if len(references) else references
    counts = named.groupby("route")["article_id"].nunique().to_dict() if len(named) else {}
    return {p["id"]: int(counts.get(p["id"], 0)) for p in routes["pipelines"]}


def reference_table(corpus: Corpus, references: pd.DataFrame | None = None) -> pd.DataFrame:
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


def route_overview(corpus: Corpus, references: pd.DataFrame | None = None) -> dict[str, Any]:
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
