"""Findings on policy: which sides back which export corridor, who describes the balancing, who raises rights.

Each finding is a ``_<name>_contribute`` (per-article Counters), a ``_<name>_key`` (the headline values of a
Counter, compared by the leave-one-out check) and a ``_<name>_build`` (headline, statement, values, caveat).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pandas as pd

from kzanalysis.load.corpus import Corpus

from ..positions import OWN_WORDS, UNKNOWN_SIDE, WRITERS, mode_of, who_order, who_phrase
from .model import _article_labels, _caveat, _genres, _join, _plural, _the
from .spec import Result, _count_rows, _per_article, _rows_by_article, named_sides

_STANCE_VERBS = {"supports": "back", "opposes": "oppose", "doubts": "doubt", "neutral": "report"}


# ---- (1) export corridors ---------------------------------------------------


def _corridor_of(data_dir) -> tuple[dict[str, str], list[str], dict[str, str]]:
    from kzanalysis.load.knowledge import load_codebook
    from kzanalysis.load.resources import load_routes

    routes = load_routes(data_dir)
    corridor = {c["id"]: c["id"] for c in routes["corridors"]}
    corridor.update({p["id"]: p["corridor"] for p in routes["pipelines"]})
    targets = load_codebook(data_dir)["targets"]
    labels = {c["id"]: targets.get(c["id"], {}).get("label", c["name"]) for c in routes["corridors"]}
    return corridor, [c["id"] for c in routes["corridors"]], labels


def _corridor_claims(corpus: Corpus) -> pd.DataFrame:
    """The claims the energy chapter's position table shows (one computation for both)."""
    from ..routes import position_claims

    return position_claims(corpus)


def _corridors_contribute(corpus: Corpus) -> dict[str, Counter]:
    from ..routes import route_references

    out = _per_article(corpus)
    refs = route_references(corpus)
    for article_id, corridor in dict.fromkeys(zip(refs["article_id"].tolist(), refs["corridor"].tolist())):
        if not (pd.isna(article_id) or pd.isna(corridor)):  # the groups of groupby(["article_id", "corridor"])
            out[article_id][("ref", corridor)] += 1
    rows = _corridor_claims(corpus)
    for article_id, mine in _rows_by_article(rows, "reviewed", "who", "corridor", "stance").items():
        counter = out[article_id]
        _count_rows(counter, [r[0] for r in mine])
        for _, who, corridor, stance in mine:
            counter[("pos", who, corridor, stance)] += 1
        for who in set(r[1] for r in mine):
            counter[("who-article", who)] += 1
    return out


def _positions(total: Counter, order: list[str]) -> dict[tuple[str, str], list[str]]:
    """(who, stance) -> corridors, in file order, for every stance but neutral."""
    found: dict[tuple[str, str], set] = {}
    for key, n in total.items():
        if key[0] == "pos" and n > 0 and key[3] != "neutral":
            found.setdefault((key[1], key[3]), set()).add(key[2])
    rank = {c: i for i, c in enumerate(order)}
    return {k: sorted(v, key=lambda c: rank.get(c, len(rank))) for k, v in found.items()}


def _corridors_key(total: Counter, order: list[str]) -> tuple | None:
    positions = _positions(total, order)
    if not positions:
        return None
    return tuple(
        (who, stance, tuple(positions[(who, stance)]))
        for who in who_order(w for w, _ in positions)
        for stance in ("supports", "opposes", "doubts")
        if (who, stance) in positions
    )


def _corridors_build(corpus: Corpus, total: Counter, parts: dict[str, Counter]) -> Result:
    _, order, labels = _corridor_of(corpus.data_dir)
    key = _corridors_key(total, order)
    rows = _corridor_claims(corpus)
    n_refs = {c: total[("ref", c)] for c in order if total[("ref", c)]}
    n_speaking = sum(1 for c in parts.values() if any(k[0] == "ref" for k in c))
    values: dict[str, Any] = {
        "n_articles": total[("articles",)],
        "n_articles_speaking": n_speaking,
        "n_claims": len(rows),
        "n_reviewed": int(rows["reviewed"].sum()),
        "articles_by_corridor": n_refs,
    }
    refs_text = _join(f"{labels[c]} in {_plural(n, 'article')}" for c, n in n_refs.items())
    statement = f"{n_speaking} of {total[('articles',)]} articles speak of an export corridor: {refs_text}. "
    if key is None:
        headline = "No side takes a coded position on an export corridor."
        statement += "No claim takes a position on a corridor or pipeline."
        return Result(
            headline=headline,
            statement=statement,
            values=values,
            key=key,
            claims=rows,
            caveat="Rests on the route references only.",
            implication="Nothing can be said about who backs which route.",
        )
    phrases = []
    for who in who_order(k[0] for k in key):
        stances = [(stance, corridors) for w, stance, corridors in key if w == who]
        verbs = "; ".join(
            f"{_STANCE_VERBS[s]} the {_join(corridors)} corridor{'s' if len(corridors) > 1 else ''}"
            for s, corridors in stances
        )
        phrases.append(f"{who_phrase(who)} {verbs}")
    headline = (
        phrases[0][0].upper() + phrases[0][1:] + ("; " + "; ".join(phrases[1:]) if len(phrases) > 1 else "") + "."
    )
    by_who = []
    values["claims_by_who"] = {}
    for who in who_order(rows["who"]):
        mine = rows[rows["who"] == who]
        stance_counts = mine["stance"].value_counts()
        values["claims_by_who"][who] = {s: int(n) for s, n in stance_counts.items()}
        n_art = mine["article_id"].nunique()
        modes = Counter(mode_of(v) for v in mine["voice"])
        by_who.append(
            f"{who_phrase(who)} {_plural(len(mine), 'claim')} in {_plural(n_art, 'article')} ("
            + ", ".join(f"{int(n)} {s}" for s, n in stance_counts.items())
            + "; "
            + ", ".join(f"{n} in {m}" for m, n in modes.items())
            + ")"
        )
    statement += (
        f"Of {values['n_claims']} claims that take a position on a corridor or pipeline "
        f"({values['n_reviewed']} reviewed): " + "; ".join(by_who) + "."
    )
    # caveat: a side's position that rests on one article, or on paraphrase only
    caveats = []
    labels_of = _article_labels(corpus)
    genres = _genres(corpus)
    for who in who_order(rows["who"]):
        if who in (WRITERS, UNKNOWN_SIDE):
            continue
        mine = rows[(rows["who"] == who) & (rows["stance"] != "neutral")]
        articles = list(dict.fromkeys(mine["article_id"]))
        if len(articles) == 1:
            caveats.append(
                f"the positions of {who_phrase(who)} rest on one {genres[articles[0]]} ({labels_of[articles[0]]})"
            )
        if len(mine) and not any(v in OWN_WORDS for v in mine["voice"]):
            caveats.append(f"{who_phrase(who)} are never quoted on a route, only paraphrased")
    referenced = {k[1] for k, n in total.items() if k[0] == "ref" and n}
    backed = {c for w, s, cs in key for c in cs}
    agrees = backed <= referenced
    if not agrees:
        caveats.append("the route measure finds no reference to " + _join(sorted(backed - referenced)))
    caveats.append("a coded claim of a side against a corridor it is said to back would overturn it")
    lone = [
        w for w in who_order(k[0] for k in key) if w not in (WRITERS, UNKNOWN_SIDE) and total[("who-article", w)] == 1
    ]
    implication = "Who backs which route is known from few texts: the positions of " + (
        f"{_join(who_phrase(w) for w in lone)} rest on one article."
        if lone
        else "every side appear in more than one article."
    )
    sides = named_sides(rows["who"])
    return Result(
        headline=headline,
        statement=statement,
        values=values,
        key=key,
        claims=rows,
        sides=sides,
        agrees=agrees,
        caveat=_caveat(caveats),
        implication=implication,
    )


# ---- (2) great-power balancing ----------------------------------------------


def _balancing_claims(corpus: Corpus) -> pd.DataFrame:
    """The claims the balancing chapter's tables show (one computation for both)."""
    from ..balancing import balancing_claims

    return balancing_claims(corpus)


def _balancing_contribute(corpus: Corpus) -> dict[str, Counter]:
    out = _per_article(corpus)
    rows = _balancing_claims(corpus)
    for article_id, mine in _rows_by_article(rows, "reviewed", "who", "mode", "voice").items():
        counter = out[article_id]
        _count_rows(counter, [r[0] for r in mine])
        for _, who, mode, _ in mine:
            counter[("claim", who, mode)] += 1
        for who in set(r[1] for r in mine):
            counter[("who-article", who)] += 1
        if any(r[3] == "editor" for r in mine):
            counter[("editor-article",)] += 1
    return out


def _balancing_key(total: Counter) -> tuple | None:
    by_who: Counter = Counter()
    modes: dict[str, Counter] = {}
    writers = 0  # claims in the author's or the editor's voice
    for key, n in total.items():
        if key[0] != "claim" or n <= 0:
            continue
        if key[1] == WRITERS:
            writers += n
        elif key[1] != UNKNOWN_SIDE:
            by_who[key[1]] += n
            modes.setdefault(key[1], Counter())[key[2]] += n
    if not by_who and not writers:
        return None
    if not by_who:
        return (None, (), None, total[("editor-article",)] > 0)
    lead = sorted(by_who, key=lambda w: (-by_who[w], w))[0]
    lead_modes = modes[lead]
    mode = sorted(lead_modes, key=lambda m: (-lead_modes[m], m))[0]
    others = tuple(sorted(w for w in by_who if w != lead))
    return (lead, others, mode, total[("editor-article",)] > 0)


def _balancing_build(corpus: Corpus, total: Counter, parts: dict[str, Counter]) -> Result:
    rows = _balancing_claims(corpus)
    key = _balancing_key(total)
    labels = _article_labels(corpus)
    genres = _genres(corpus)
    values: dict[str, Any] = {
        "n_claims": len(rows),
        "n_reviewed": int(rows["reviewed"].sum()),
        "n_articles": rows["article_id"].nunique(),
    }
    if key is None:
        return Result(
            headline="No claim is about great-power balancing.",
            statement="No claim is coded on the topic.",
            values=values,
            key=None,
            claims=rows,
            caveat="Nothing to rest on.",
            implication="The texts say nothing coded about balancing.",
        )
    lead, others, mode, editors = key
    if lead is None:
        headline = "Only the writers describe Kazakhstan as balancing; no speaker for a side does."
    else:
        headline = (
            f"Balancing is described most by {who_phrase(lead)}, mostly in "
            f"{'their own words' if mode == 'own words' else mode}"
            + (
                f"; {_join(who_phrase(o) for o in others)} also describe it"
                if others
                else "; no other side describes it"
            )
            + ("; the editors put it in their headings." if editors else ".")
        )
    pieces = []
    values["by_who"] = {}
    for who in who_order(rows["who"]):
        mine = rows[rows["who"] == who]
        modes = Counter(mine["mode"])
        speakers = list(dict.fromkeys(mine["speaker"]))
        values["by_who"][who] = {
            "claims": len(mine),
            "articles": int(mine["article_id"].nunique()),
            "modes": dict(modes),
        }
        pieces.append(
            f"{who_phrase(who)} {_plural(len(mine), 'claim')} in {_plural(mine['article_id'].nunique(), 'article')} "
            f"({', '.join(f'{n} in {m}' for m, n in modes.items())}; {_join(speakers)})"
        )
    editor_rows = rows[rows["voice"] == "editor"]
    editor_paragraphs = [
        (a, int(p)) for a, p in zip(editor_rows["article_id"].tolist(), editor_rows["paragraph"].tolist())
    ]
    parts_of = {}
    if corpus.all_paragraphs is not None and editor_paragraphs:
        ap, wanted = corpus.all_paragraphs, set(editor_paragraphs)
        parts_of = {
            key: part
            for key, part in zip(
                zip(ap["article_id"].tolist(), ap["paragraph"].astype(int).tolist()), ap["part"].tolist()
            )
            if key in wanted
        }
    heading_parts = Counter(parts_of.get(key, "heading") for key in editor_paragraphs)
    values["editor_headings"] = dict(heading_parts)
    statement = (
        f"{values['n_claims']} claims in {values['n_articles']} articles are about Kazakhstan's place between "
        f"the powers ({values['n_reviewed']} reviewed): " + "; ".join(pieces) + "."
    )
    if heading_parts:
        statement += (
            " The editors' claims sit in "
            + _join(f"{_plural(n, p)}" for p, n in heading_parts.items())
            + ": evidence about the editor, not the speaker."
        )
    caveats = []
    for who in who_order(rows["who"]):
        if who in (WRITERS, UNKNOWN_SIDE):
            continue
        mine = rows[rows["who"] == who]
        top = mine["article_id"].value_counts()
        if len(mine) and top.size == 1:
            caveats.append(
                f"all {_plural(len(mine), 'claim')} for {_the(who)} come from one "
                f"{genres[top.index[0]]} ({labels[top.index[0]]})"
            )
        elif len(mine) >= 2 and top.iloc[0] * 2 > len(mine):
            caveats.append(
                f"{top.iloc[0]} of the {len(mine)} claims for {_the(who)} come from one "
                f"{genres[top.index[0]]} ({labels[top.index[0]]})"
            )
    from ..themes import theme_rates

    rates = theme_rates(corpus)
    vocab = set(rates.loc[(rates["theme"] == "balancing") & (rates["hits"] > 0), "article_id"])
    claimed = set(rows.loc[rows["who"] != WRITERS, "article_id"])
    agrees = claimed <= vocab
    coded = set(rows["article_id"])
    silent = [labels[a] for a in corpus.articles["id"].tolist() if a in vocab and a not in coded]
    if silent:
        caveats.append("balancing vocabulary also occurs in " + _join(silent) + " where no claim is about balancing")
    caveats.append("a speaker for a side rejecting the balance, or more texts of other genres, would change it")
    sides = named_sides(rows["who"])
    implication = (
        f"Read the balancing policy first as the account {who_phrase(lead)} give of it"
        + (f"; {_join(who_phrase(o) for o in others)} give it too." if others else ".")
        if lead
        else "Balancing is the writers' frame, not a speaker's claim."
    )
    return Result(
        headline=headline,
        statement=statement,
        values=values,
        key=key,
        claims=rows,
        sides=sides,
        agrees=agrees,
        caveat=_caveat(caveats),
        implication=implication,
    )


# ---- (3) rights and security --------------------------------------------------


def _rights_claims(corpus: Corpus) -> pd.DataFrame:
    """The claims the rights chapter's register shows (one computation for both)."""
    from ..rights import rights_register

    return rights_register(corpus)


def _rights_contribute(corpus: Corpus) -> dict[str, Counter]:
    from kzanalysis.load.knowledge import article_periods, load_periods

    out = _per_article(corpus)
    periods = article_periods(corpus.articles, load_periods(corpus.data_dir))
    genres = _genres(corpus)
    rows = _rights_claims(corpus)
    for article_id, mine in _rows_by_article(rows, "reviewed", "who").items():
        counter = out[article_id]
        _count_rows(counter, [r[0] for r in mine])
        period = periods.get(article_id) or "no period"
        counter[("period-rights", period, genres[article_id])] += len(mine)
        counter[("rights-genre", genres[article_id])] += 1
        for who in set(r[1] for r in mine):
            counter[("who-article", who)] += 1
    return out


def _period_comparisons(total: Counter, periods: list[str], labels: dict[str, str]) -> list[tuple]:
    """:func:`kzanalysis.analysis.rights.compare_periods` on the Counter of a (reduced) corpus: the same comparison the
    rights chapter shows."""
    from ..rights import compare_periods

    genres: dict[str, Counter] = {}
    rights: Counter = Counter()
    for key, n in total.items():
        if key[0] == "period-genre" and n:
            genres.setdefault(key[1], Counter())[key[2]] += n
        elif key[0] == "period-rights" and n:
            rights[(key[1], key[2])] += n
    return compare_periods(genres, rights, periods, labels)


def _rights_key(total: Counter, periods: list[str], labels: dict[str, str]) -> tuple | None:
    if not total[("claims",)]:
        return None
    whos = tuple(who_order(k[1] for k, n in total.items() if k[0] == "who-article" and n))
    genres = tuple(sorted(k[1] for k, n in total.items() if k[0] == "rights-genre" and n))
    comparisons = _period_comparisons(total, periods, labels)
    verdicts = tuple((e, later, status) for e, later, _, status in comparisons if status[0] == "compared")
    with_rights = {k[1] for k, n in total.items() if k[0] == "period-rights" and n}
    raised = tuple(p for p in periods + ["no period"] if p in with_rights)
    return (whos, genres, raised, verdicts or "declined")


def _rights_build(corpus: Corpus, total: Counter, parts: dict[str, Counter]) -> Result:
    from kzanalysis.load.knowledge import article_periods, load_periods
    from kzanalysis.load.refs import RefText, para_ref

    from ..themes import theme_rates

    period_table = load_periods(corpus.data_dir)
    order, plabels = list(period_table["id"]), dict(zip(period_table["id"], period_table["label"]))
    rows = _rights_claims(corpus)
    key = _rights_key(total, order, plabels)
    labels = _article_labels(corpus)
    genres = _genres(corpus)
    periods = article_periods(corpus.articles, period_table)
    values: dict[str, Any] = {
        "n_claims": len(rows),
        "n_reviewed": int(rows["reviewed"].sum()),
        "n_articles": int(rows["article_id"].nunique()),
        "n_corpus": total[("articles",)],
    }
    per_period = []
    values["articles_by_period"] = {}
    for p in order + ["no period"]:
        g = Counter({k[2]: n for k, n in total.items() if k[0] == "period-genre" and k[1] == p and n})
        if g:
            values["articles_by_period"][p] = dict(g)
            per_period.append(
                f"{plabels.get(p, p)} {sum(g.values())} ("
                + ", ".join(f"{n} {genre}" for genre, n in sorted(g.items()))
                + ")"
            )
    comparisons = _period_comparisons(total, order, plabels)
    period_text = "Articles per period: " + "; ".join(per_period) + ". "
    compare_text = " ".join(text + "." for _, _, text, _ in comparisons)
    if key is None:
        return Result(
            headline="No claim is about rights or democracy.",
            statement=period_text + compare_text,
            values=values,
            key=None,
            claims=rows,
            caveat="Nothing to rest on.",
            implication="The texts say nothing coded about rights.",
        )
    whos, rights_genres, raised, _ = key
    computable = [c for c in comparisons if c[3][0] == "compared"]
    if computable:
        verdict = "; ".join(text for _, _, text, _ in computable)
    elif comparisons:
        verdict = "no period comparison can be made: too few articles of a shared genre in each period"
    else:
        verdict = "no period comparison can be made: the articles fall in one period"
    headline = (
        f"Rights are raised only in {_join(sorted(set(rights_genres)))} texts "
        f"({_join(plabels.get(p, p) for p in raised)}), by {_join(who_phrase(w) for w in whos)}; {verdict}."
    )
    # paragraphs whose rights claims stand beside security (kzanalysis.analysis.rights.rights_register)
    collide = {
        (a, int(p)): 1
        for a, p, b in zip(rows["article_id"].tolist(), rows["paragraph"].tolist(), rows["beside_security"].tolist())
        if b
    }
    per_article = []
    values["by_article"] = {}
    # per article, in claims order: (row label, paragraph, has a stance, claim, who)
    by_article: dict[str, list[tuple]] = {}
    for row in zip(
        rows.index.tolist(),
        rows["article_id"].tolist(),
        rows["paragraph"].tolist(),
        rows["stance"].notna().tolist(),
        rows["claim"].tolist(),
        rows["who"].tolist(),
    ):
        by_article.setdefault(row[1], []).append((row[0], int(row[2]), bool(row[3]), row[4], row[5]))
    for article_id in [a for a in corpus.articles["id"].tolist() if a in by_article]:
        mine = by_article[article_id]
        who_counts = Counter(r[4] for r in mine)
        with_security = sum((article_id, p) in collide for _, p, _, _, _ in mine)
        pool = [r for r in mine if r[2]] or mine
        best = max(pool, key=lambda r: (collide.get((article_id, r[1]), 0), -r[0]))
        values["by_article"][article_id] = {"claims": len(mine), "with_security": with_security}
        per_article.append(
            f"{labels[article_id]} ({genres[article_id]}, {plabels.get(periods.get(article_id), 'no period')}): "
            f"{_plural(len(mine), 'claim')}, "
            + ", ".join(f"{n} by {who_phrase(w)}" for w, n in who_counts.items())
            + f"; {with_security} beside security (security words in its sentence or a security claim in its "
            "paragraph); the coder's summary of "
            + para_ref(article_id, best[1])
            + f": \u201c{str(best[3]).rstrip('.')}\u201d"
        )
    statement = (
        f"{values['n_claims']} claims in {values['n_articles']} of {values['n_corpus']} articles are about "
        f"rights and democracy ({values['n_reviewed']} reviewed). "
        + RefText(" ").join(s + "." for s in per_article)
        + " "
        + period_text
        + compare_text
    )
    rates = theme_rates(corpus)
    vocab = rates[(rates["theme"] == "rights") & (rates["hits"] > 0)]
    coded = set(rows["article_id"])
    silent = [
        (labels[a], int(h)) for a, h in zip(vocab["article_id"].tolist(), vocab["hits"].tolist()) if a not in coded
    ]
    values["vocabulary_without_claims"] = dict(silent)
    caveats = []
    if len(set(rows["article_id"])) == 1:
        only = rows["article_id"].iloc[0]
        caveats.append(f"rests on one {genres[only]} ({labels[only]})")
    else:
        genre_counts = sorted(Counter(genres[a] for a in dict.fromkeys(rows["article_id"])).items())
        caveats.append(
            f"rests on {_plural(rows['article_id'].nunique(), 'article')} ("
            f"{_join(f'{n} {g}' for g, n in genre_counts)})"
        )
    if silent:
        caveats.append(
            "rights vocabulary also occurs where no claim is about rights ("
            + _join(f"{lab}, {_plural(h, 'hit')}" for lab, h in silent)
            + "): a word count would read these as rights coverage"
        )
    caveats.append("texts of the same genre in each period would allow a before/after verdict")
    agrees = set(rows["article_id"]) <= set(vocab["article_id"])
    sides = named_sides(whos)
    implication = (
        "No claim that rights rose or fell between periods can be drawn from these texts; "
        "what they show is who raises rights and how."
        if not computable
        else "The period comparison holds within one genre only: " + verdict + "."
    )
    return Result(
        headline=headline,
        statement=statement,
        values=values,
        key=key,
        claims=rows,
        sides=sides,
        agrees=agrees,
        caveat=_caveat(caveats),
        implication=implication,
    )
