"""The positions the claims register records on routes, and what changed across the articles.

What the energy chapter and the export-corridors finding read from the claims register: who backs, opposes or
doubts which corridor (:func:`position_claims`, summed by who in :func:`position_summary`), each article's
corridors and positions oldest first (:func:`article_route_lines`), when each pipeline is first named, and
one or two sentences on what changed. Each function is one pass over its table.
"""

from __future__ import annotations

from collections import Counter

import pandas as pd

from kzanalysis.load.corpus import Corpus
from kzanalysis.load.resources import load_routes

from .names import _corridor_map, corridor_short_names, pipeline_labels
from .references import _references

__all__ = [
    "STANCE_WORDS",
    "position_claims",
    "position_summary",
    "positions_table",
    "article_route_lines",
    "first_named",
    "route_change_text",
]

STANCE_WORDS = {"supports": "backs", "opposes": "opposes", "doubts": "doubts", "neutral": "reports"}
"""Claim stance -> the verb the tables use (a neutral claim reports a route without a position)."""

_STANCE_ORDER = ("supports", "opposes", "doubts", "neutral")


def position_claims(corpus: Corpus) -> pd.DataFrame:
    """Claims that take a stance on a pipeline or corridor of routes.yml.

    Reads :func:`kzanalysis.analysis.claims.claims_table` (reviewed hand codes and
    unreviewed machine proposals alike): claims whose ``target`` is a
    pipeline or corridor id and whose ``stance`` is set.

    Returns
    -------
    DataFrame with the claims columns plus ``corridor`` (the corridor of the
    target), ``who`` and ``mode`` (:func:`kzanalysis.analysis.positions.with_who`), in
    claims order, index reset.
    """
    from ..claims import claims_table
    from ..positions import with_who

    claims = claims_table(corpus)
    corridor = _corridor_map(load_routes(corpus.data_dir))
    rows = with_who(claims[claims["target"].isin(set(corridor)) & claims["stance"].notna()])
    rows["corridor"] = rows["target"].map(corridor)
    return rows.reset_index(drop=True)


def _count_text(counts: Counter, order=_STANCE_ORDER) -> str:
    return ", ".join(f"{STANCE_WORDS.get(s, s)} {counts[s]}" for s in order if counts.get(s))


def position_summary(corpus: Corpus, positions: pd.DataFrame | None = None) -> pd.DataFrame:
    """Who takes which position on which corridor: one row per ``who``, one column per corridor.

    Returns
    -------
    DataFrame with columns Who (:func:`kzanalysis.analysis.positions.who_phrase`,
    capitalised), one column per corridor of routes.yml (short name; cell
    "backs 2, doubts 1", "" when none), Claims (int), Articles (int) and
    "In whose words" (claims per mode, "3 in paraphrase, 1 in own words").
    Rows in :func:`kzanalysis.analysis.positions.who_order`; empty (with these
    columns) when no claim takes a position on a route.
    """
    from ..positions import who_order, who_phrase

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


def positions_table(corpus: Corpus, positions: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every position on a route, for reading: one row per claim, in claims order.

    Returns
    -------
    DataFrame with columns article_id, paragraph, voice, speaker, side,
    position ("backs Baku-Tbilisi-Ceyhan pipeline": stance verb and the
    codebook's label of the target), corridor (short name), reviewed (bool)
    and evidence (the claim's evidence span).
    """
    from kzanalysis.load.knowledge import load_codebook

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
    from ..positions import who_order, who_phrase

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
    corpus: Corpus, references: pd.DataFrame | None = None, positions: pd.DataFrame | None = None
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


def first_named(corpus: Corpus, references: pd.DataFrame | None = None) -> pd.DataFrame:
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


def route_change_text(corpus: Corpus, labels: dict[str, str], references: pd.DataFrame | None = None) -> str:
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
