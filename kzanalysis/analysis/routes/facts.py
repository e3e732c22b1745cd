"""The record beside the articles: the route file's facts, the figures the articles state, and forecasts.

- :func:`route_facts`: each pipeline's status, first oil and capacity from routes.yml, with their sources
  (BibTeX keys of references.bib, shown as "Author Year");
- :func:`stated_figures`: quantities stated in a clause that holds a route reference, with the speaker and
  any erratum;
- :func:`route_forecasts`: forecasts about export routes from the claims register, each beside the route
  events of the chronology that came after it.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pandas as pd

from kzanalysis.load.corpus import Corpus
from kzanalysis.load.resources import load_errata, load_routes

from .names import _corridor_map, corridor_short_names, pipeline_labels
from .reader import CORRECTED_KINDS, RouteReader, _corrections, _countries
from .references import _references

__all__ = [
    "reference_labels",
    "route_facts",
    "fact_source_keys",
    "MEASURE_UNIT_RE",
    "stated_figures",
    "ROUTE_TOPIC",
    "event_corridors",
    "route_forecasts",
]

# ---- route facts from routes.yml

_BIB_FIELD = {name: re.compile(r"(?im)^\s*" + name + r"\s*=\s*[{\"](.*?)[}\"]\s*,?\s*$") for name in ("author", "year")}


def reference_labels(data_dir: str | os.PathLike) -> dict[str, str]:
    """BibTeX key -> a short reference "Author Year" (braces dropped) for every entry of references.bib."""
    from kzanalysis.load.bibliography import _split_entries
    from kzanalysis.load.resources import resolve_data_dir

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


def route_facts(corpus: Corpus) -> pd.DataFrame:
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


def fact_source_keys(corpus: Corpus) -> list[str]:
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


def stated_figures(corpus: Corpus, references: pd.DataFrame | None = None) -> pd.DataFrame:
    """Quantities stated in a clause that holds a route reference, with the speaker and any erratum.

    A sentence is split into clauses at semicolons; a number (from
    :func:`kzanalysis.analysis.numbers.numbers_in_sentence`, in a unit of measure:
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
    from ..numbers import numbers_in_sentence
    from ..reading.voices import sentence_voices

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


def event_corridors(corpus: Corpus) -> dict[str, set[str]]:
    """Event id -> the corridors its title and description speak of (read like article sentences)."""
    from kzanalysis.load.knowledge import load_events

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


def route_forecasts(corpus: Corpus, most: int = 3) -> pd.DataFrame:
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
    from kzanalysis.load.knowledge import date_span, load_events

    from ..claims import claims_table

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
