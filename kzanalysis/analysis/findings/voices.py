"""Findings on who is heard: whose words make up the texts, who publishes them, and what they forecast.

Each finding is a ``_<name>_contribute`` (per-article Counters), a ``_<name>_key`` (the headline values of a
Counter, compared by the leave-one-out check) and a ``_<name>_build`` (headline, statement, values, caveat).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pandas as pd

from kzanalysis.load.corpus import Corpus
from kzanalysis.load.memo import per_corpus

from ..positions import OWN_WORDS, who_of, who_order, who_phrase
from .model import _article_labels, _caveat, _claims, _genres, _join, _pct, _plural, _the
from .spec import Result, _count_rows, _per_article, _rows_by_article, named_sides

__all__ = ["FUNDING_LABELS"]


# ---- (4) who speaks ---------------------------------------------------------------


@per_corpus(copy_result=False)
def _voice_words(corpus: Corpus) -> pd.DataFrame:
    """Words of article text by article, voice kind, side ("Unknown" where none is known) and speaker.

    The sums of the sentences' words (:func:`kzanalysis.analysis.reading.tables.voice_words`), one row per group in
    order of first appearance (missing values kept as groups); computed once per corpus, callers only read it.
    """
    from ..reading.tables import voice_words
    from ..reading.voices import sentence_voices

    voices = sentence_voices(corpus)
    voices = voices.assign(n_words=voice_words(corpus) if len(voices) else 0)
    voices["side"] = voices["speaker_group"].where(voices["speaker_group"].notna(), "Unknown")
    columns = ["article_id", "kind", "side", "speaker"]
    if voices.empty:
        return voices[[*columns, "n_words"]]
    return voices.groupby(columns, dropna=False, sort=False)["n_words"].sum().reset_index()


def _speaks_contribute(corpus: Corpus) -> dict[str, Counter]:
    out = _per_article(corpus)
    voices = _voice_words(corpus)
    for article_id, kind, side, n in zip(
        voices["article_id"].tolist(), voices["kind"].tolist(), voices["side"].tolist(), voices["n_words"].tolist()
    ):
        if not (pd.isna(article_id) or pd.isna(kind) or pd.isna(side)):
            out[article_id][("words", kind, side)] += int(n)
    claims = _claims(corpus)
    spoken = claims[~claims["voice"].isin(["author", "editor"])]
    for article_id, mine in _rows_by_article(spoken, "side").items():
        for (side,) in mine:
            out[article_id][("claims-side", side)] += 1
    return out


def _side_words(total: Counter) -> Counter:
    """Words of speakers (every voice but the author's narration) by known side."""
    words: Counter = Counter()
    for key, n in total.items():
        if key[0] == "words" and key[1] != "author" and key[2] != "Unknown" and n > 0:
            words[key[2]] += n
    return words


def _speaks_key(total: Counter) -> tuple | None:
    words = _side_words(total)
    if not words:
        return None
    ranked = sorted(words, key=lambda s: (-words[s], s))
    return (ranked[0], ranked[1] if len(ranked) > 1 else None)


def _speaks_build(corpus: Corpus, total: Counter, parts: dict[str, Counter]) -> Result:
    voices = _voice_words(corpus)
    key = _speaks_key(total)
    labels = _article_labels(corpus)
    genres = _genres(corpus)
    n_words = int(voices["n_words"].sum())
    author = int(voices.loc[voices["kind"] == "author", "n_words"].sum())
    values: dict[str, Any] = {
        "n_words": n_words,
        "author_words": author,
        "author_share": author / n_words if n_words else 0.0,
    }
    claims = _claims(corpus)
    spoken = claims[~claims["voice"].isin(["author", "editor"])]
    if key is None:
        return Result(
            headline="No speaker for any side is heard: the words are the writers' own or of unknown side.",
            statement=f"Of {n_words:,} words of article text, {_pct(author, n_words)} are the writers' own.",
            values=values,
            key=None,
            claims=spoken,
            caveat="No attributed speech.",
            implication="Nothing can be said about who speaks.",
        )
    lead, second = key
    headline = (
        f"{who_phrase(lead)[0].upper() + who_phrase(lead)[1:]} supply most of the words that are not the "
        f"writers' own" + (f", ahead of {who_phrase(second)}." if second else "; no other side speaks.")
    )
    speakers = voices[voices["kind"] != "author"]
    by_side = speakers.groupby("side")["n_words"].sum()
    values["side_words"] = {s: int(n) for s, n in by_side.items()}
    values["side_share"] = {s: float(n / n_words) for s, n in by_side.items()}
    pieces = []
    for side in sorted(by_side.index, key=lambda s: (s == "Unknown", -by_side[s], s)):
        mine = speakers[speakers["side"] == side]
        people = mine.groupby("speaker", dropna=False)["n_words"].sum().sort_values(ascending=False)
        names = ", ".join(
            f"{name if isinstance(name, str) else 'unattributed'} {int(n):,}" for name, n in people.items()
        )
        who = "speakers of unknown side" if side == "Unknown" else f"speakers for {_the(side)}"
        pieces.append(f"{who} {_pct(by_side[side], n_words)} ({int(by_side[side]):,} words: {names})")
    statement = (
        f"Of {n_words:,} words of article text, the writers' own narration is {_pct(author, n_words)} "
        f"({author:,}); " + "; ".join(pieces) + "."
    )
    lead_words = speakers[speakers["side"] == lead]
    per_article = lead_words.groupby("article_id")["n_words"].sum().sort_values(ascending=False)
    top_article = per_article.index[0]
    top_kinds = lead_words[lead_words["article_id"] == top_article].groupby("kind")["n_words"].sum()
    top_kind = top_kinds.idxmax()
    from ..reading.tables import voice_summary

    summary = voice_summary(corpus)
    kind_share = float(summary.loc[top_article, top_kind]) if top_kind in summary.columns else 0.0
    values["lead_top_article"] = top_article
    values["lead_top_article_words"] = int(per_article.iloc[0])
    values["lead_top_article_kind_share"] = kind_share
    statement += (
        f" The largest part of the words for {_the(lead)}, {int(per_article.iloc[0]):,} of "
        f"{int(per_article.sum()):,}, is in {labels[top_article]} ({genres[top_article]}), where "
        f"{top_kind} sentences are {_pct(kind_share, 1)} of its words."
    )
    claim_sides = spoken["side"].value_counts()
    values["claims_by_side"] = {s: int(n) for s, n in claim_sides.items()}
    statement += (
        " Claims in speakers' voices (not the writers'): "
        + ", ".join(f"{int(n)} for {_the(s)}" for s, n in claim_sides.items())
        + "."
    )
    known_claims = claim_sides.drop("Unknown", errors="ignore")
    agrees = bool(len(known_claims)) and known_claims.idxmax() == lead
    caveats = []
    share = per_article.iloc[0] / per_article.sum()
    if share > 0.5:
        caveats.append(
            f"{_pct(per_article.iloc[0], per_article.sum())} of the words for {_the(lead)} are "
            f"{top_kind} sentences of one {genres[top_article]} ({labels[top_article]}): an artefact of "
            f"genre as much as a finding"
        )
    counted = Counter(genres.values())
    top_genre, top_n = counted.most_common(1)[0]
    if top_n * 2 > len(genres) and len(genres) > 1:
        caveats.append(f"{top_n} of {len(genres)} articles are of one genre ({top_genre})")
    if not agrees:
        caveats.append("the claims register counts a different side first")
    caveats.append("texts in which another side holds the floor (a briefing transcript, a readout) would change it")
    implication = (
        f"Compare voices within a genre: the {genres[top_article]} gives {_the(lead)} the floor."
        if share > 0.5
        else f"{who_phrase(lead)} are heard across several articles."
    )
    sides = len(values["side_words"]) - ("Unknown" in values["side_words"])
    return Result(
        concentrated=bool(share > 0.5),
        headline=headline,
        statement=statement,
        values=values,
        key=key,
        claims=spoken,
        sides=sides,
        agrees=agrees,
        caveat=_caveat(caveats),
        implication=implication,
        articles=int(speakers.loc[speakers["side"] != "Unknown", "article_id"].nunique()),
    )


# ---- (5) sources ---------------------------------------------------------------------


def _sources_contribute(corpus: Corpus) -> dict[str, Counter]:
    from kzanalysis.load.labels import short_outlet
    from kzanalysis.load.parts import is_statement_genre, is_transcript_genre

    out = _per_article(corpus)
    funding = (
        corpus.articles["funding"]
        if "funding" in corpus.articles.columns
        else pd.Series(None, index=corpus.articles.index)
    )
    for article_id, outlet, fund, genre in zip(
        corpus.articles["id"].tolist(),
        corpus.articles["outlet"].tolist(),
        funding.tolist(),
        corpus.articles["genre"].tolist(),
    ):
        counter = out[article_id]
        counter[("funding", fund if isinstance(fund, str) and fund else "unknown")] += 1
        counter[("outlet", short_outlet(outlet))] += 1
        if is_statement_genre(genre) or is_transcript_genre(genre):
            counter[("government-text",)] += 1
    return out


FUNDING_LABELS = {
    "us-government": "US-government-funded",
    "other-government": "other-government-funded",
    "donor-funded ngo": "donor-funded NGO",
    "commercial": "commercial",
    "unknown": "unknown-funding",
}
"""How the manifest's funding values read in prose."""


def _sources_key(total: Counter) -> tuple | None:
    funding = tuple(sorted(k[1] for k, n in total.items() if k[0] == "funding" and n))
    if not funding:
        return None
    genres = tuple(sorted(k[1] for k, n in total.items() if k[0] == "genre" and n))
    return (funding, genres, total[("government-text",)] > 0)


def _sources_build(corpus: Corpus, total: Counter, parts: dict[str, Counter]) -> Result:
    from kzanalysis.load.labels import short_outlet

    key = _sources_key(total)
    n = total[("articles",)]
    funding = Counter({k[1]: c for k, c in total.items() if k[0] == "funding" and c})
    genres = Counter({k[1]: c for k, c in total.items() if k[0] == "genre" and c})
    outlets = Counter({k[1]: c for k, c in total.items() if k[0] == "outlet" and c})
    values = {
        "n_articles": n,
        "funding": dict(funding),
        "genres": dict(genres),
        "outlets": dict(outlets),
        "government_texts": total[("government-text",)],
    }
    if key is None:
        return Result(
            headline="The corpus is empty.",
            statement="No article.",
            values=values,
            key=None,
            claims=_claims(corpus).iloc[0:0],
            caveat="Nothing to rest on.",
            implication="",
        )
    funding_list, genre_list, gov = key
    headline = (
        f"The texts come from {_join(FUNDING_LABELS.get(f, f) for f in funding_list)} outlets, in the "
        f"genres {_join(genre_list)}"
        + ("; some are a government's own texts." if gov else "; none is a government's own text.")
    )
    claims = _claims(corpus)
    own = claims[claims["voice"].isin(OWN_WORDS)]
    people = own.groupby(["side", "speaker"]).size().sort_values(ascending=False)
    values["own_words_claims"] = {f"{s}: {p}": int(c) for (s, p), c in people.items()}
    statement = (
        f"By funding the {n} articles are "
        + ", ".join(f"{c} {FUNDING_LABELS.get(f, f)}" for f, c in funding.most_common())
        + "; by genre "
        + ", ".join(f"{c} {g}" for g, c in genres.most_common())
        + "; by outlet "
        + ", ".join(f"{c} {o}" for o, c in outlets.most_common())
        + ". "
        + (
            f"Speakers heard in their own words in {len(own)} claims: "
            + ", ".join(f"{p} ({s}) {c}" for (s, p), c in people.items())
            + "."
            if len(own)
            else "No claim prints a speaker's own words."
        )
    )
    caveats = []
    us = funding.get("us-government", 0)
    if us:
        caveats.append(f"{us} of {n} articles come from US-government-funded outlets")
    if funding.get("unknown"):
        caveats.append(f"funding is unknown for {_plural(funding['unknown'], 'article')}")
    top_outlet, top_count = outlets.most_common(1)[0]
    if top_count > 1:
        caveats.append(f"{top_count} of {n} articles come from one outlet ({top_outlet})")
    caveats.append("rests on the manifest; a corrected funding or genre record would change it")
    implication = (
        f"Read the framing of US policy with the funding in mind: {us} of {n} texts come from "
        f"US-government-funded outlets."
        if us
        else "No text comes from a US-government-funded outlet."
    )
    labels = {short_outlet(o) for o in corpus.articles["outlet"]}
    return Result(
        headline=headline,
        statement=statement,
        values=values,
        key=key,
        claims=own,
        sides=len(labels),
        agrees=True,
        caveat=_caveat(caveats),
        implication=implication,
        whole_articles=True,
    )


# ---- (6) forecasts ----------------------------------------------------------------------


@per_corpus(copy_result=False)
def _forecast_claims(corpus: Corpus) -> pd.DataFrame:
    """The claims coded as forecasts, with who makes them (computed once per corpus; callers only read it)."""
    claims = _claims(corpus)
    rows = claims[claims["forecast"].astype(bool)].copy()
    rows["who"] = [who_of(s, v) for s, v in zip(rows["side"].tolist(), rows["voice"].tolist())]
    return rows


def _forecasts_contribute(corpus: Corpus) -> dict[str, Counter]:
    out = _per_article(corpus)
    rows = _forecast_claims(corpus)
    for article_id, mine in _rows_by_article(rows, "reviewed", "who").items():
        _count_rows(out[article_id], [r[0] for r in mine])
        for _, who in mine:
            out[article_id][("forecast", who)] += 1
    return out


def _forecasts_key(total: Counter) -> tuple | None:
    by_who = Counter({k[1]: n for k, n in total.items() if k[0] == "forecast" and n})
    if not by_who:
        return None
    top = max(by_who.values())
    return tuple(who_order(w for w, n in by_who.items() if n == top))


def _forecasts_build(corpus: Corpus, total: Counter, parts: dict[str, Counter]) -> Result:
    from kzanalysis.load.knowledge import date_span, load_events

    rows = _forecast_claims(corpus)
    key = _forecasts_key(total)
    labels = _article_labels(corpus)
    values: dict[str, Any] = {
        "n_claims": len(rows),
        "n_reviewed": int(rows["reviewed"].sum()),
        "n_articles": int(rows["article_id"].nunique()),
    }
    if key is None:
        return Result(
            headline="No claim is coded as a forecast.",
            statement="No forecast to test.",
            values=values,
            key=None,
            claims=rows,
            caveat="Nothing to rest on.",
            implication="",
        )
    events = load_events(corpus.data_dir)
    # the chronology as plain rows (date_start, topics, title, date), read once for every article
    event_rows = [
        (start, set(t), title, date)
        for start, t, title, date in zip(events["date_start"], events["topics"], events["title"], events["date"])
    ]
    ends = {a: date_span(d)[1] for a, d in zip(corpus.articles["id"].tolist(), corpus.articles["date"].tolist())}
    pieces = []
    values["later_events"] = {}
    by_article: dict[str, tuple[set, Counter, int]] = {}
    for article_id, topic, who in zip(rows["article_id"].tolist(), rows["topic"].tolist(), rows["who"].tolist()):
        topics, whos, n = by_article.get(article_id, (set(), Counter(), 0))
        topics.add(topic)
        whos[who] += 1
        by_article[article_id] = (topics, whos, n + 1)
    for article_id in [a for a in corpus.articles["id"].tolist() if a in by_article]:
        topics, whos, n_mine = by_article[article_id]
        end = ends[article_id]
        later = [e for e in event_rows if e[0] > end and topics & e[1]]
        values["later_events"][article_id] = int(len(later))
        first = f"; the first: {later[0][2]} ({later[0][3]})" if later else ""
        pieces.append(
            f"{labels[article_id]}: {_plural(n_mine, 'forecast')} "
            f"({', '.join(f'{n} by {who_phrase(w)}' for w, n in whos.items())}); "
            f"the chronology has {_plural(len(later), 'later event')} on their topics{first}"
        )
    headline = (
        f"Most forecasts are made by {_join(who_phrase(w) for w in key)}; whether they came true is not "
        "coded, so none is judged."
    )
    statement = (
        f"{values['n_claims']} claims in {values['n_articles']} articles are forecasts "
        f"({values['n_reviewed']} reviewed). " + ". ".join(pieces) + "."
    )
    caveats = ["outcomes are not coded in the chronology: the events are listed, not matched to the forecasts"]
    top = rows["article_id"].value_counts()
    if top.iloc[0] * 2 > len(rows):
        caveats.append(f"{top.iloc[0]} of the {len(rows)} forecasts come from one article ({labels[top.index[0]]})")
    sides = named_sides(rows["who"])
    return Result(
        headline=headline,
        statement=statement,
        values=values,
        key=key,
        claims=rows,
        sides=sides,
        agrees=True,
        caveat=_caveat(caveats),
        implication="Test the forecasts against the chronology by hand before relying on them.",
    )
