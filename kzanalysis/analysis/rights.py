"""Human rights and security: who raises rights, who sets them beside security, and when.

Everything here is read from the claims register (:func:`kzanalysis.analysis.claims.claims_table`: hand codes, and
unreviewed machine proposals for articles nobody has coded), the voices of sentences
(:func:`kzanalysis.analysis.reading.voices.sentence_voices`) and the named periods of ``periods.yml``. Word counts are
not read as coverage: the theme lexicons only say which *security* words stand in the sentence of a rights
claim (shown, so the reader can judge), and which rights words occur where no claim is coded.

A rights claim stands **beside security** when the sentence that holds its evidence uses security
vocabulary outside names, or its paragraph holds a claim of the security topic. Whether the two are set
*against* each other (one traded for the other) or side by side (both fruits of one policy) is a reading of
the sentence, which the book quotes; the register does not code it.

Period comparisons (:func:`compare_periods`) set consecutive periods side by side only within one genre
with at least two articles in each; otherwise they decline and say why (a period without an article, no
genre in common, one article of the shared genre).
"""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING

import pandas as pd

from kzanalysis.load.memo import per_corpus

if TYPE_CHECKING:
    from kzanalysis.load.corpus import Corpus

__all__ = [
    "RIGHTS_TOPIC",
    "SECURITY_TOPIC",
    "compare_periods",
    "period_comparisons",
    "period_table",
    "rights_register",
    "rights_summary",
    "sentence_hits",
    "unclaimed_vocabulary",
    "who_table",
]

RIGHTS_TOPIC = "rights-democracy"
SECURITY_TOPIC = "security-terrorism"
NO_PERIOD = "no period"


def _labels(corpus) -> dict[str, str]:
    from kzanalysis.load.labels import citation_labels

    return citation_labels(corpus.articles, corpus.data_dir)


def _genres(corpus) -> dict[str, str]:
    return {
        a: (g if isinstance(g, str) and g.strip() else "unknown genre")
        for a, g in zip(corpus.articles["id"].tolist(), corpus.articles["genre"].tolist())
    }


def _periods(corpus) -> tuple[list[str], dict[str, str], dict[str, str]]:
    """(period ids in order, id -> label, article id -> period id or NO_PERIOD)."""
    from kzanalysis.load.knowledge import article_periods, load_periods

    table = load_periods(corpus.data_dir)
    of = article_periods(corpus.articles, table)
    return (
        list(table["id"]),
        dict(zip(table["id"].tolist(), table["label"].tolist())),
        {a: (of.get(a) or NO_PERIOD) for a in of.index},
    )


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word if n == 1 else word + 's'}"


def _join(items) -> str:
    items = [str(i) for i in items]
    if not items:
        return "none"
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


_WORD_CHAR_RE = re.compile(r"\w")


def _words_in(masked: str, start: int, end: int, paragraph_spans: dict, key: tuple, theme: str, regex) -> list[str]:
    """The theme's matches in ``masked[start:end]`` (one sentence of a paragraph, names blanked).

    The paragraph's own matches (:func:`kzanalysis.analysis.themes.paragraph_theme_spans`) are the sentence's when no
    word runs on across the sentence's edges and no match crosses them; otherwise the sentence is matched on
    its own, as the regex would match the cut-out sentence."""
    spans = paragraph_spans.get(key, {}).get(theme)
    bounded = (start == 0 or not _WORD_CHAR_RE.match(masked, start - 1)) and (
        end >= len(masked) or not _WORD_CHAR_RE.match(masked, end)
    )
    if spans is not None and bounded:
        inside = [(a, b) for a, b in spans if a < end and b > start]
        if all(start <= a and b <= end for a, b in inside):
            return [masked[a:b] for a, b in inside]
    return [m.group(0) for m in regex.finditer(masked[start:end])]


@per_corpus
def sentence_hits(corpus: Corpus) -> pd.DataFrame:
    """Rights and security words in every sentence of article text, names masked.

    Returns
    -------
    DataFrame with columns article_id, paragraph, sentence (its number), kind (voice kind), speaker, side,
    start, end (character offsets in the paragraph), rights, security (the matched words, joined by "; ",
    empty when none) and text.
    """
    from kzanalysis.load.resources import load_themes

    from .reading.actors import mask_spans
    from .reading.voices import sentence_voices
    from .themes import masked_lower, paragraph_theme_spans, term_regex

    columns = [
        "article_id",
        "paragraph",
        "sentence",
        "kind",
        "speaker",
        "side",
        "start",
        "end",
        "rights",
        "security",
        "text",
    ]
    voices = sentence_voices(corpus)
    if voices.empty:
        return pd.DataFrame(columns=columns)
    themes = load_themes(corpus.data_dir)
    regexes = {t: term_regex(themes[t]["terms"]) if t in themes else None for t in ("rights", "security")}
    masks = mask_spans(corpus)
    paragraph_spans = paragraph_theme_spans(corpus)  # each theme matched once per paragraph, shared
    texts = {
        (a, int(p)): str(t)
        for a, p, t in zip(
            corpus.paragraphs["article_id"].tolist(),
            corpus.paragraphs["paragraph"].tolist(),
            corpus.paragraphs["text"].tolist(),
        )
    }
    rows = []
    current, masked, source, position = None, "", "", 0
    for a, p, n, kind, speaker, side, sentence in zip(
        voices["article_id"].tolist(),
        voices["paragraph"].tolist(),
        voices["sentence"].tolist(),
        voices["kind"].tolist(),
        voices["speaker"].tolist(),
        voices["speaker_group"].tolist(),
        voices["text"].astype(str).tolist(),
    ):
        key = (a, int(p))
        if key != current:
            source = texts.get(key, "")
            masked, position, current = masked_lower(source, masks.get(key, ())), 0, key
        start = source.find(sentence, position)
        start = position if start < 0 else start
        end = start + len(sentence)
        position = end
        found = {
            t: "; ".join(" ".join(word.split()) for word in _words_in(masked, start, end, paragraph_spans, key, t, r))
            if r
            else ""
            for t, r in regexes.items()
        }
        rows.append(
            (
                a,
                int(p),
                int(n),
                kind,
                speaker,
                side if isinstance(side, str) else "Unknown",
                start,
                end,
                found["rights"],
                found["security"],
                sentence,
            )
        )
    return pd.DataFrame(rows, columns=columns)


def _who(side, voice) -> str:
    from .positions import who_of as who

    return who(side, voice)


@per_corpus
def rights_register(corpus: Corpus) -> pd.DataFrame:
    """The claims of the rights topic, one row each, in the register's order.

    Returns
    -------
    DataFrame with columns id, article_id, article (citation label), paragraph, voice, speaker, side, who
    (the side, "the writers" for author and editor voices, or speakers of unknown side), genre, period (id),
    period_label, claim, stance, target, reviewed, security_words (security words in the evidence's
    sentence, "; "-joined), security_claim (the paragraph holds a security claim) and beside_security
    (either of the two).
    """
    from .claims import claims_table

    claims = claims_table(corpus)
    order, plabels, period_of = _periods(corpus)
    labels, genres = _labels(corpus), _genres(corpus)
    security_paragraphs = {
        (a, int(p))
        for a, p, t in zip(claims["article_id"].tolist(), claims["paragraph"].tolist(), claims["topic"].tolist())
        if t == SECURITY_TOPIC
    }
    rows = claims[claims["topic"] == RIGHTS_TOPIC]
    hits = sentence_hits(corpus)
    by_paragraph: dict[tuple, list] = {}
    for a, p, start, end, words in zip(
        hits["article_id"].tolist(),
        hits["paragraph"].tolist(),
        hits["start"].tolist(),
        hits["end"].tolist(),
        hits["security"].tolist(),
    ):
        by_paragraph.setdefault((a, int(p)), []).append((int(start), int(end), words))
    texts = {
        (a, int(p)): str(t)
        for a, p, t in zip(
            corpus.paragraphs["article_id"].tolist(),
            corpus.paragraphs["paragraph"].tolist(),
            corpus.paragraphs["text"].tolist(),
        )
    }
    out = []
    for r in rows.itertuples(index=False):
        key = (r.article_id, int(r.paragraph))
        at = texts.get(key, "").find(str(r.evidence)) if isinstance(r.evidence, str) else -1
        words = ""
        for start, end, found in by_paragraph.get(key, []):
            if at >= 0 and start <= at < end:
                words = found
                break
        period = period_of.get(r.article_id, NO_PERIOD)
        security_claim = key in security_paragraphs
        out.append(
            {
                "id": r.id,
                "article_id": r.article_id,
                "article": labels.get(r.article_id, r.article_id),
                "paragraph": int(r.paragraph),
                "voice": r.voice,
                "speaker": r.speaker,
                "side": r.side,
                "who": _who(r.side, r.voice),
                "genre": genres.get(r.article_id, "unknown genre"),
                "period": period,
                "period_label": plabels.get(period, "No period"),
                "claim": r.claim,
                "stance": r.stance,
                "target": r.target,
                "reviewed": bool(r.reviewed),
                "security_words": words,
                "security_claim": security_claim,
                "beside_security": bool(words) or security_claim,
            }
        )
    columns = [
        "id",
        "article_id",
        "article",
        "paragraph",
        "voice",
        "speaker",
        "side",
        "who",
        "genre",
        "period",
        "period_label",
        "claim",
        "stance",
        "target",
        "reviewed",
        "security_words",
        "security_claim",
        "beside_security",
    ]
    return pd.DataFrame(out, columns=columns)


def _who_order(whos) -> list[str]:
    from .positions import who_order as order

    return order(whos)


def who_table(corpus: Corpus) -> pd.DataFrame:
    """Who raises rights: one row per who (sides first, then the writers), with claims, articles, periods,
    voices and how many claims stand beside security; plus a row for every side that makes claims in the
    register but none about rights (0 rights claims)."""
    from .claims import claims_table

    register = rights_register(corpus)
    claims = claims_table(corpus)
    everyone = Counter(_who(s, v) for s, v in zip(claims["side"].tolist(), claims["voice"].tolist()))
    rows = []
    raising = _who_order(register["who"]) if len(register) else []
    for who in raising + _who_order(w for w in everyone if w not in set(raising)):
        mine = register[register["who"] == who]
        rows.append(
            {
                "who": who,
                "rights_claims": len(mine),
                "articles": int(mine["article_id"].nunique()),
                "periods": _join(dict.fromkeys(mine["period_label"])) if len(mine) else "",
                "voices": ", ".join(f"{n} {v}" for v, n in Counter(mine["voice"]).items()),
                "beside_security": int(mine["beside_security"].sum()),
                "all_claims": int(everyone.get(who, 0)),
            }
        )
    return pd.DataFrame(
        rows, columns=["who", "rights_claims", "articles", "periods", "voices", "beside_security", "all_claims"]
    )


def compare_periods(
    genres_by_period: dict[str, Counter], rights_by: Counter, periods: list[str], labels: dict[str, str]
) -> list[tuple]:
    """(earlier, later, text, status) for each pair of consecutive periods of ``periods``.

    ``genres_by_period`` maps a period to a Counter of its articles' genres; ``rights_by`` counts rights
    claims by (period, genre). status is ("no article", period) when a period holds no article, ("genres",)
    when the two share no genre, ("one article", genres) when no shared genre has two articles in each, else
    ("compared", (genre, direction), ...) with direction "more", "fewer" or "as many" rights claims per
    article in the later period.
    """
    out = []
    for earlier, later in zip(periods, periods[1:]):
        before, after = genres_by_period.get(earlier, Counter()), genres_by_period.get(later, Counter())
        pair = f"{labels.get(earlier, earlier)} / {labels.get(later, later)}"
        empty = [p for p, g in ((earlier, before), (later, after)) if not sum(g.values())]
        if empty:
            out.append(
                (
                    earlier,
                    later,
                    f"{pair}: declined, no article in {_join(labels.get(p, p) for p in empty)}",
                    ("no article", tuple(empty)),
                )
            )
            continue
        shared = sorted(set(before) & set(after))
        if not shared:
            out.append(
                (
                    earlier,
                    later,
                    f"{pair}: declined, it would set {_join(sorted(before))} against {_join(sorted(after))}",
                    ("genres",),
                )
            )
            continue
        comparable = [g for g in shared if before[g] >= 2 and after[g] >= 2]
        if not comparable:
            out.append(
                (
                    earlier,
                    later,
                    f"{pair}: declined, one {_join(shared)} article in a period",
                    ("one article", tuple(shared)),
                )
            )
            continue
        verdicts = []
        for g in comparable:
            r0, r1 = rights_by[(earlier, g)] / before[g], rights_by[(later, g)] / after[g]
            direction = "more" if r1 > r0 else "fewer" if r1 < r0 else "as many"
            verdicts.append(
                (g, direction, f"{g}: {direction} rights claims per article after ({r0:.1f} before, {r1:.1f} after)")
            )
        out.append(
            (
                earlier,
                later,
                f"{pair}: " + "; ".join(v[2] for v in verdicts),
                ("compared",) + tuple((g, d) for g, d, _ in verdicts),
            )
        )
    return out


def _period_inputs(corpus) -> tuple[list[str], dict[str, str], dict[str, Counter], Counter]:
    order, labels, period_of = _periods(corpus)
    genres = _genres(corpus)
    by_period: dict[str, Counter] = {}
    for a in corpus.articles["id"]:
        by_period.setdefault(period_of.get(a, NO_PERIOD), Counter())[genres[a]] += 1
    register = rights_register(corpus)
    rights_by = Counter(zip(register["period"].tolist(), register["genre"].tolist()))
    return order, labels, by_period, rights_by


def period_comparisons(corpus: Corpus) -> pd.DataFrame:
    """Consecutive periods compared (or declined, with the reason): columns earlier, later, verdict
    (compared | declined), text."""
    order, labels, by_period, rights_by = _period_inputs(corpus)
    rows = [
        (labels.get(early, early), labels.get(late, late), "compared" if status[0] == "compared" else "declined", text)
        for early, late, text, status in compare_periods(by_period, rights_by, order, labels)
    ]
    return pd.DataFrame(rows, columns=["earlier", "later", "verdict", "text"])


def period_table(corpus: Corpus) -> pd.DataFrame:
    """One row per period of ``periods.yml`` (and "No period" when an article's date straddles a boundary):
    label, articles, genres (e.g. "1 analysis, 1 news report"), rights claims, articles raising rights, who
    raises them and how many claims stand beside security."""
    order, labels, by_period, _ = _period_inputs(corpus)
    register = rights_register(corpus)
    rows = []
    for p in order + ([NO_PERIOD] if NO_PERIOD in by_period else []):
        genres = by_period.get(p, Counter())
        mine = register[register["period"] == p]
        rows.append(
            {
                "period": labels.get(p, "No period"),
                "articles": int(sum(genres.values())),
                "genres": ", ".join(f"{n} {g}" for g, n in sorted(genres.items())) or "none",
                "rights_claims": len(mine),
                "articles_raising": int(mine["article_id"].nunique()),
                "who": "; ".join(
                    f"{w} {n}"
                    for w, n in sorted(
                        Counter(mine["who"]).items(), key=lambda kv: _who_order(mine["who"]).index(kv[0])
                    )
                ),
                "beside_security": int(mine["beside_security"].sum()),
            }
        )
    return pd.DataFrame(
        rows, columns=["period", "articles", "genres", "rights_claims", "articles_raising", "who", "beside_security"]
    )


def unclaimed_vocabulary(corpus: Corpus) -> pd.DataFrame:
    """Sentences with rights vocabulary in paragraphs that hold no rights claim: what a word count would add.

    Columns article_id, article, paragraph, kind, speaker, side, words, text.
    """
    hits = sentence_hits(corpus)
    register = rights_register(corpus)
    claimed = set(zip(register["article_id"].tolist(), register["paragraph"].tolist()))
    labels = _labels(corpus)
    outside = pd.Series(
        [(a, int(p)) not in claimed for a, p in zip(hits["article_id"].tolist(), hits["paragraph"].tolist())],
        index=hits.index,
        dtype=bool,
    )
    rows = hits[(hits["rights"] != "") & outside]
    out = rows.assign(article=rows["article_id"].map(labels), words=rows["rights"])
    return out[["article_id", "article", "paragraph", "kind", "speaker", "side", "words", "text"]].reset_index(
        drop=True
    )


def _who_phrase(who: str) -> str:
    from .positions import who_phrase as phrase

    return phrase(who)


def rights_summary(corpus: Corpus) -> dict:
    """The numbers and phrases the chapter's prose states, each from the tables above.

    Keys: n_claims, n_reviewed, n_articles, n_corpus, raisers ("the writers (6 claims in 2 articles) and ..."),
    silent (sides with claims in the register but none on rights, or "none"), silent_sentence (the same as a
    sentence), genres (of the articles that
    raise rights), periods (where rights are raised), n_beside, beside (who stands rights beside security),
    comparison (the period comparisons' verdict in one sentence), n_unclaimed, unclaimed_articles.
    """
    register = rights_register(corpus)
    who = who_table(corpus)
    comparisons = period_comparisons(corpus)
    raising = who[who["rights_claims"] > 0]
    silent = who[(who["rights_claims"] == 0) & ~who["who"].isin(["the writers", "speakers of unknown side"])]
    beside = register[register["beside_security"].astype(bool)]
    compared = comparisons[comparisons["verdict"] == "compared"]
    if len(compared):
        comparison = "; ".join(compared["text"])
    elif len(comparisons):
        comparison = "no comparison of periods can be made: " + "; ".join(comparisons["text"])
    else:
        comparison = "no comparison of periods can be made: there is only one period"
    unclaimed = unclaimed_vocabulary(corpus)
    beside_by = Counter(beside["who"])
    silent_phrases = [
        f"{_who_phrase(r.who)} make {_plural(r.all_claims, 'claim')} in the register, none about rights"
        for r in silent.itertuples()
    ]
    silent_sentence = (
        "; ".join(silent_phrases) + "."
        if silent_phrases
        else "Every side that makes claims in the register also raises rights."
    )
    return {
        "n_claims": len(register),
        "n_reviewed": int(register["reviewed"].sum()),
        "n_articles": int(register["article_id"].nunique()),
        "n_corpus": len(corpus.articles),
        "raisers": _join(
            f"{_who_phrase(r.who)} ({_plural(r.rights_claims, 'claim')} in {_plural(r.articles, 'article')})"
            for r in raising.itertuples()
        ),
        "silent": _join(
            f"{_who_phrase(r.who)} ({_plural(r.all_claims, 'claim')} on other topics)" for r in silent.itertuples()
        ),
        "genres": _join(sorted(set(register["genre"]))),
        "periods": _join(dict.fromkeys(register["period_label"])),
        "silent_sentence": silent_sentence[0].upper() + silent_sentence[1:],
        "n_beside": len(beside),
        "beside": _join(
            f"{_plural(n, 'claim')} by {_who_phrase(w)} "
            f"({_join(dict.fromkeys(beside.loc[beside['who'] == w, 'article']))})"
            for w, n in sorted(beside_by.items(), key=lambda kv: _who_order(beside_by).index(kv[0]))
        ),
        "comparison": comparison,
        "n_unclaimed": len(unclaimed),
        "unclaimed_articles": _join(dict.fromkeys(unclaimed["article"])),
    }
