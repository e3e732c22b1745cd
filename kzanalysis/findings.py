"""Key findings: judgments drawn from the claims register and the reading measures.

A :class:`Finding` answers one question of the report. It is built from the
claims (:func:`kzanalysis.claims.claims_table`: hand-coded claims where the
register has them, unreviewed machine proposals otherwise) and from the
measures of the reading layer (route references, voices of sentences, theme
rates, the manifest). Every finding carries:

* a **headline** generated from the evidence values (which sides back which
  corridor, whose words describe the balancing, ...), never chosen from
  stock sentences;
* a **statement** with the numbers filled in, each number also in
  ``values``;
* **n** (articles and claims behind it) and the **evidence**: the claims'
  articles and paragraphs, rendered as ``"RFE/RL 1997 ¶ 12, ¶ 13"``;
* a **caveat**: what it rests on and what would overturn it, computed
  (``"8 of the 9 claims for Kazakhstan come from one interview"``);
* a **confidence** word from :data:`CONFIDENCE_RULE`;
* the **reviewed share** of its claims (machine claims are marked
  "unreviewed machine proposal" in the evidence);
* the **leave-one-out** verdict: ``holds``, ``changes`` (naming the article
  whose removal changes the headline's values) or ``not computable`` (naming
  the article without which the finding lacks what it needs).

Leave-one-out runs in linear time. Each finding is defined by two functions:
``contribute`` reads the corpus once and returns, per article, a
:class:`collections.Counter` of everything the finding's headline needs
(claim counts by side and target, words by side, articles by genre and
period...); ``summarise`` turns a Counter into the headline's values (its
*key*) or None when the finding cannot be computed. The full corpus is the
sum of the per-article Counters; the corpus without article *a* is that sum
minus *a*'s Counter, so every reduced corpus costs the size of one Counter,
not a re-run of the analyses.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from .corpus import Corpus
from .memo import per_corpus

__all__ = [
    "CONFIDENCE_RULE",
    "FINDINGS",
    "Finding",
    "LOO_VERDICTS",
    "bottom_line",
    "brief_table",
    "loo_counts",
    "evidence_text",
    "findings_table",
    "key_findings",
    "leave_one_out",
    "loo_grid",
    "subset",
]


LOO_VERDICTS = ("holds", "changes", "not computable")

CONFIDENCE_RULE = (
    "high: at least 3 articles and 2 sides (for the sources finding: outlets) behind the finding, every claim "
    "reviewed, the measures agree with the claims, no single article supplies more than half of its claims (or of "
    "the words it counts), and it holds when any one article is left out; low: one article behind it, or fewer than "
    "half its claims reviewed, or it cannot be computed without some article; moderate: everything else."
)
"""How a finding's confidence word is chosen (see :func:`confidence`)."""

# Who a claim speaks for (own words, the writers, unknown sides): defined once, in kzanalysis.positions.
from .positions import OWN_WORDS, UNKNOWN_SIDE, WRITERS  # noqa: E402

_STANCE_VERBS = {"supports": "back", "opposes": "oppose", "doubts": "doubt", "neutral": "report"}


# ------------------------------------------------------------------ the record


@dataclass
class Finding:
    """One key finding (see the module docstring for what each field means).

    ``evidence`` is a list of ``(article_id, paragraph, claim_ids)``;
    paragraph is None when the evidence is a whole article (the manifest).
    ``key`` is the tuple of headline values the leave-one-out check compares.
    """

    id: str
    question: str
    headline: str
    statement: str
    n_articles: int
    n_claims: int
    evidence: list = field(default_factory=list)
    caveat: str = ""
    confidence: str = "low"
    confidence_reason: str = ""
    reviewed_share: float = float("nan")
    n_machine: int = 0
    loo: str = "not computable"
    loo_detail: str = ""
    implication: str = ""
    values: dict = field(default_factory=dict)
    key: Any = None
    figure: str | None = None

    @property
    def n(self) -> str:
        """The n behind the finding, in words."""
        return f"{_plural(self.n_articles, 'article')}, {_plural(self.n_claims, 'claim')}"


# ------------------------------------------------------------------ helpers


def subset(corpus: Corpus, article_ids) -> Corpus:
    """The corpus restricted to ``article_ids`` (tables filtered, order kept, fresh cache)."""
    keep = set(article_ids)

    def only(frame):
        if frame is None:
            return None
        return frame[frame["article_id"].isin(keep)].reset_index(drop=True)

    return dataclasses.replace(
        corpus,
        articles=corpus.articles[corpus.articles["id"].isin(keep)].reset_index(drop=True),
        paragraphs=only(corpus.paragraphs),
        boilerplate=only(corpus.boilerplate),
        all_paragraphs=only(corpus.all_paragraphs),
    )


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else (plural or word + 's')}"


def _join(items) -> str:
    items = [str(i) for i in items]
    if not items:
        return "none"
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _cap(text: str) -> str:
    """First letter upper case, the rest as written (names keep their capitals)."""
    return text[:1].upper() + text[1:]


def _pct(part: float, whole: float) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "0%"


def _who(side: Any, voice: Any) -> str:
    """Whom a claim speaks for: its side, or the writers for author and editor voices (the chapters' grouping)."""
    from .positions import who_of

    return who_of(side, voice)


def _who_phrase(who: str) -> str:
    return who if who in (WRITERS, UNKNOWN_SIDE) else f"speakers for {_the(who)}"


def _the(side: str) -> str:
    return f"the {side}" if side in ("United States",) else side


def _mode(voice: str) -> str:
    from .positions import mode_of

    return mode_of(voice)


def _article_labels(corpus: Corpus) -> dict[str, str]:
    """Article id -> its author–year citation label.

    The label is the bibliography's, see :func:`kzanalysis.labels.citation_labels`.
    """
    from .labels import citation_labels

    key = f"{__name__}._article_labels"
    if key not in corpus.cache:  # computed once per corpus, a copy for each caller
        corpus.cache[key] = citation_labels(corpus.articles, corpus.data_dir)
    return dict(corpus.cache[key])


def _genres(corpus: Corpus) -> dict[str, str]:
    return {
        a: (g if isinstance(g, str) and g.strip() else "unknown genre")
        for a, g in zip(corpus.articles["id"], corpus.articles["genre"])
    }


def _claims(corpus: Corpus) -> pd.DataFrame:
    from .claims import claims_table

    return claims_table(corpus)


def _claim_counts(claims: pd.DataFrame) -> tuple[int, int]:
    """(claims, reviewed claims)."""
    return int(len(claims)), int(claims["reviewed"].sum()) if len(claims) else 0


def _evidence_of(claims: pd.DataFrame) -> list[tuple[str, int, tuple[str, ...]]]:
    """(article_id, paragraph, claim ids) for each paragraph the claims sit in, in claims order."""
    out: dict[tuple[str, int], list[str]] = {}
    for a, p, i in zip(claims["article_id"], claims["paragraph"], claims["id"]):
        out.setdefault((a, int(p)), []).append(i)
    return [(a, p, tuple(ids)) for (a, p), ids in out.items()]


def _machine_ids(corpus: Corpus) -> set[str]:
    key = f"{__name__}._machine_ids"
    if key not in corpus.cache:  # computed once per corpus, a copy for each caller
        claims = _claims(corpus)
        corpus.cache[key] = frozenset(claims.loc[~claims["reviewed"].astype(bool), "id"])
    return set(corpus.cache[key])


def evidence_text(finding: Finding, corpus: Corpus) -> str:
    """The evidence as ``"IWPR 2002 ¶ 5, ¶ 6; RFE/RL 1997 ¶ 12"`` (articles in corpus order).

    Paragraphs whose claims are all unreviewed machine proposals are marked so.
    The text is a :class:`kzanalysis.refs.RefText`: each "¶ N" links to its paragraph.
    """
    from .refs import RefText, para_refs

    labels = _article_labels(corpus)
    machine = _machine_ids(corpus)
    order = {a: i for i, a in enumerate(corpus.articles["id"])}
    by_article: dict[str, list[tuple]] = {}
    for article_id, paragraph, ids in finding.evidence:
        by_article.setdefault(article_id, []).append((paragraph, ids))
    parts = []
    for article_id in sorted(by_article, key=lambda a: order.get(a, len(order))):
        refs = sorted({p for p, _ in by_article[article_id] if p is not None})
        ids = [i for _, group in by_article[article_id] for i in group]
        text = RefText([labels.get(article_id, article_id)])
        if refs:
            text += " " + para_refs(article_id, refs)
        if ids and all(i in machine for i in ids):
            text += " (unreviewed machine proposal)"
        elif any(i in machine for i in ids):
            text += f" ({sum(i in machine for i in ids)} unreviewed machine proposals)"
        parts.append(text)
    return RefText("; ").join(parts) if parts else "none"


def confidence(
    n_articles: int, n_sides: int, reviewed_share: float, agrees: bool, loo: str, concentrated: bool = False
) -> tuple[str, str]:
    """The confidence word and its reason, by :data:`CONFIDENCE_RULE`."""
    reasons = [f"{_plural(n_articles, 'article')}, {_plural(n_sides, 'side')}"]
    if concentrated:
        reasons.append("one article supplies most of it")
    share = reviewed_share if reviewed_share == reviewed_share else 1.0  # NaN: no claims, nothing unreviewed
    reasons.append(f"{100 * share:.0f}% of claims reviewed")
    reasons.append("measures agree" if agrees else "measures disagree")
    reasons.append(f"leave-one-out: {loo}")
    if n_articles <= 1 or share < 0.5 or loo == "not computable":
        word = "low"
    elif n_articles >= 3 and n_sides >= 2 and share == 1.0 and agrees and loo == "holds" and not concentrated:
        word = "high"
    else:
        word = "moderate"
    return word, "; ".join(reasons)


# ------------------------------------------------------------------ specs


@dataclass
class _Spec:
    id: str
    question: str
    contribute: Callable[[Corpus], dict[str, Counter]]
    build: Callable[[Corpus, Counter, dict[str, Counter]], dict]
    figure: str | None = None


def _per_article(corpus: Corpus) -> dict[str, Counter]:
    """An empty Counter per article, with the article's genre and period counted (shared by every finding)."""
    from .knowledge import article_periods, load_periods

    key = f"{__name__}._per_article"
    if key not in corpus.cache:  # (article, period, genre) read once per corpus; fresh Counters every call
        periods = article_periods(corpus.articles, load_periods(corpus.data_dir))
        genres = _genres(corpus)
        corpus.cache[key] = [(a, periods.get(a) or "no period", genres[a]) for a in corpus.articles["id"]]
    return {
        article_id: Counter({("articles",): 1, ("genre", genre): 1, ("period-genre", period, genre): 1})
        for article_id, period, genre in corpus.cache[key]
    }


def _count_claims(counter: Counter, rows: pd.DataFrame) -> None:
    counter[("claims",)] += len(rows)
    counter[("reviewed",)] += int(rows["reviewed"].sum())


def _rows_by_article(frame: pd.DataFrame, *columns: str) -> dict[str, list[tuple]]:
    """Article id -> the (column values) tuples of its rows, articles in order of first appearance and rows in
    frame order: what ``frame.groupby("article_id", sort=False)`` yields, as plain lists (one pass, no frames)."""
    out: dict[str, list[tuple]] = {}
    for article_id, *values in zip(frame["article_id"], *(frame[c] for c in columns)):
        if not pd.isna(article_id):
            out.setdefault(article_id, []).append(tuple(values))
    return out


def _count_rows(counter: Counter, reviewed: list) -> None:
    """:func:`_count_claims` for one article's claims given as their ``reviewed`` flags."""
    counter[("claims",)] += len(reviewed)
    counter[("reviewed",)] += int(sum(bool(r) for r in reviewed))


# ---- (1) export corridors ---------------------------------------------------


def _corridor_of(data_dir) -> tuple[dict[str, str], list[str], dict[str, str]]:
    from .knowledge import load_codebook
    from .resources import load_routes

    routes = load_routes(data_dir)
    corridor = {c["id"]: c["id"] for c in routes["corridors"]}
    corridor.update({p["id"]: p["corridor"] for p in routes["pipelines"]})
    targets = load_codebook(data_dir)["targets"]
    labels = {c["id"]: targets.get(c["id"], {}).get("label", c["name"]) for c in routes["corridors"]}
    return corridor, [c["id"] for c in routes["corridors"]], labels


def _corridor_claims(corpus: Corpus) -> pd.DataFrame:
    """The claims the energy chapter's position table shows (one computation for both)."""
    from .routes import position_claims

    return position_claims(corpus)


def _corridors_contribute(corpus: Corpus) -> dict[str, Counter]:
    from .routes import route_references

    out = _per_article(corpus)
    refs = route_references(corpus)
    for article_id, corridor in dict.fromkeys(zip(refs["article_id"], refs["corridor"])):
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


def _who_order(whos) -> list[str]:
    """Sides first (alphabetically), then the writers, then unknown sides."""
    return sorted(set(whos), key=lambda w: (w == WRITERS, w == UNKNOWN_SIDE, w))


def _corridors_key(total: Counter, order: list[str]):
    positions = _positions(total, order)
    if not positions:
        return None
    return tuple(
        (who, stance, tuple(positions[(who, stance)]))
        for who in _who_order(w for w, _ in positions)
        for stance in ("supports", "opposes", "doubts")
        if (who, stance) in positions
    )


def _corridors_build(corpus: Corpus, total: Counter, parts: dict[str, Counter]) -> dict:
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
        return {
            "headline": headline,
            "statement": statement,
            "values": values,
            "key": key,
            "claims": rows,
            "sides": 0,
            "agrees": True,
            "caveat": "Rests on the route references only.",
            "implication": "Nothing can be said about who backs which route.",
        }
    phrases = []
    for who in _who_order(k[0] for k in key):
        stances = [(stance, corridors) for w, stance, corridors in key if w == who]
        verbs = "; ".join(
            f"{_STANCE_VERBS[s]} the {_join(corridors)} corridor{'s' if len(corridors) > 1 else ''}"
            for s, corridors in stances
        )
        phrases.append(f"{_who_phrase(who)} {verbs}")
    headline = (
        phrases[0][0].upper() + phrases[0][1:] + ("; " + "; ".join(phrases[1:]) if len(phrases) > 1 else "") + "."
    )
    by_who = []
    values["claims_by_who"] = {}
    for who in _who_order(rows["who"]):
        mine = rows[rows["who"] == who]
        stance_counts = mine["stance"].value_counts()
        values["claims_by_who"][who] = {s: int(n) for s, n in stance_counts.items()}
        n_art = mine["article_id"].nunique()
        modes = Counter(_mode(v) for v in mine["voice"])
        by_who.append(
            f"{_who_phrase(who)} {_plural(len(mine), 'claim')} in {_plural(n_art, 'article')} ("
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
    for who in _who_order(rows["who"]):
        if who in (WRITERS, UNKNOWN_SIDE):
            continue
        mine = rows[(rows["who"] == who) & (rows["stance"] != "neutral")]
        articles = list(dict.fromkeys(mine["article_id"]))
        if len(articles) == 1:
            caveats.append(
                f"the positions of {_who_phrase(who)} rest on one {genres[articles[0]]} ({labels_of[articles[0]]})"
            )
        if len(mine) and not any(v in OWN_WORDS for v in mine["voice"]):
            caveats.append(f"{_who_phrase(who)} are never quoted on a route, only paraphrased")
    referenced = {k[1] for k, n in total.items() if k[0] == "ref" and n}
    backed = {c for w, s, cs in key for c in cs}
    agrees = backed <= referenced
    if not agrees:
        caveats.append("the route measure finds no reference to " + _join(sorted(backed - referenced)))
    caveats.append("a coded claim of a side against a corridor it is said to back would overturn it")
    lone = [
        w for w in _who_order(k[0] for k in key) if w not in (WRITERS, UNKNOWN_SIDE) and total[("who-article", w)] == 1
    ]
    implication = "Who backs which route is known from few texts: the positions of " + (
        f"{_join(_who_phrase(w) for w in lone)} rest on one article."
        if lone
        else "every side appear in more than one article."
    )
    sides = len({w for w in rows["who"] if w not in (WRITERS, UNKNOWN_SIDE)})
    return {
        "headline": headline,
        "statement": statement,
        "values": values,
        "key": key,
        "claims": rows,
        "sides": sides,
        "agrees": agrees,
        "caveat": _cap("; ".join(caveats)) + ".",
        "implication": implication,
    }


# ---- (2) great-power balancing ----------------------------------------------


def _balancing_claims(corpus: Corpus) -> pd.DataFrame:
    """The claims the balancing chapter's tables show (one computation for both)."""
    from .balancing import balancing_claims

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


def _balancing_key(total: Counter):
    by_who: Counter = Counter()
    modes: dict[str, Counter] = {}
    for key, n in total.items():
        if key[0] == "claim" and n > 0 and key[1] not in (WRITERS, UNKNOWN_SIDE):
            by_who[key[1]] += n
            modes.setdefault(key[1], Counter())[key[2]] += n
    if not by_who and not total[("claim", WRITERS, "editor")] + total[("claim", WRITERS, "author")]:
        return None
    if not by_who:
        return (None, (), None, total[("editor-article",)] > 0)
    lead = sorted(by_who, key=lambda w: (-by_who[w], w))[0]
    lead_modes = modes[lead]
    mode = sorted(lead_modes, key=lambda m: (-lead_modes[m], m))[0]
    others = tuple(sorted(w for w in by_who if w != lead))
    return (lead, others, mode, total[("editor-article",)] > 0)


def _balancing_build(corpus: Corpus, total: Counter, parts: dict[str, Counter]) -> dict:
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
        return {
            "headline": "No claim is about great-power balancing.",
            "statement": "No claim is coded on the topic.",
            "values": values,
            "key": None,
            "claims": rows,
            "sides": 0,
            "agrees": True,
            "caveat": "Nothing to rest on.",
            "implication": "The texts say nothing coded about balancing.",
        }
    lead, others, mode, editors = key
    if lead is None:
        headline = "Only the writers describe Kazakhstan as balancing; no speaker for a side does."
    else:
        headline = (
            f"Balancing is described most by {_who_phrase(lead)}, mostly in "
            f"{'their own words' if mode == 'own words' else mode}"
            + (
                f"; {_join(_who_phrase(o) for o in others)} also describe it"
                if others
                else "; no other side describes it"
            )
            + ("; the editors put it in their headings." if editors else ".")
        )
    pieces = []
    values["by_who"] = {}
    for who in _who_order(rows["who"]):
        mine = rows[rows["who"] == who]
        modes = Counter(mine["mode"])
        speakers = list(dict.fromkeys(mine["speaker"]))
        values["by_who"][who] = {
            "claims": len(mine),
            "articles": int(mine["article_id"].nunique()),
            "modes": dict(modes),
        }
        pieces.append(
            f"{_who_phrase(who)} {_plural(len(mine), 'claim')} in {_plural(mine['article_id'].nunique(), 'article')} "
            f"({', '.join(f'{n} in {m}' for m, n in modes.items())}; {_join(speakers)})"
        )
    editor_rows = rows[rows["voice"] == "editor"]
    parts_of = {}
    if corpus.all_paragraphs is not None and len(editor_rows):
        ap = corpus.all_paragraphs
        parts_of = dict(zip(zip(ap["article_id"], ap["paragraph"].astype(int)), ap["part"]))
    heading_parts = Counter(
        parts_of.get((a, int(p)), "heading") for a, p in zip(editor_rows["article_id"], editor_rows["paragraph"])
    )
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
    for who in _who_order(rows["who"]):
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
    from .themes import theme_rates

    rates = theme_rates(corpus)
    vocab = set(rates.loc[(rates["theme"] == "balancing") & (rates["hits"] > 0), "article_id"])
    claimed = set(rows.loc[rows["who"] != WRITERS, "article_id"])
    agrees = claimed <= vocab
    coded = set(rows["article_id"])
    silent = [labels[a] for a in corpus.articles["id"] if a in vocab and a not in coded]
    if silent:
        caveats.append("balancing vocabulary also occurs in " + _join(silent) + " where no claim is about balancing")
    caveats.append("a speaker for a side rejecting the balance, or more texts of other genres, would change it")
    sides = len([w for w in set(rows["who"]) if w not in (WRITERS, UNKNOWN_SIDE)])
    implication = (
        f"Read the balancing policy first as the account {_who_phrase(lead)} give of it"
        + (f"; {_join(_who_phrase(o) for o in others)} give it too." if others else ".")
        if lead
        else "Balancing is the writers' frame, not a speaker's claim."
    )
    return {
        "headline": headline,
        "statement": statement,
        "values": values,
        "key": key,
        "claims": rows,
        "sides": sides,
        "agrees": agrees,
        "caveat": _cap("; ".join(caveats)) + ".",
        "implication": implication,
    }


# ---- (3) rights and security --------------------------------------------------


def _rights_claims(corpus: Corpus) -> pd.DataFrame:
    """The claims the rights chapter's register shows (one computation for both)."""
    from .rights import rights_register

    return rights_register(corpus)


def _rights_contribute(corpus: Corpus) -> dict[str, Counter]:
    from .knowledge import article_periods, load_periods

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
    """:func:`kzanalysis.rights.compare_periods` on the Counter of a (reduced) corpus: the same comparison the
    rights chapter shows."""
    from .rights import compare_periods

    genres: dict[str, Counter] = {}
    rights: Counter = Counter()
    for key, n in total.items():
        if key[0] == "period-genre" and n:
            genres.setdefault(key[1], Counter())[key[2]] += n
        elif key[0] == "period-rights" and n:
            rights[(key[1], key[2])] += n
    return compare_periods(genres, rights, periods, labels)


def _rights_key(total: Counter, periods: list[str], labels: dict[str, str]):
    if not total[("claims",)]:
        return None
    whos = tuple(_who_order(k[1] for k, n in total.items() if k[0] == "who-article" and n))
    genres = tuple(sorted(k[1] for k, n in total.items() if k[0] == "rights-genre" and n))
    comparisons = _period_comparisons(total, periods, labels)
    verdicts = tuple((e, later, status) for e, later, _, status in comparisons if status[0] == "compared")
    raised = tuple(
        p for p in periods + ["no period"] if any(k[0] == "period-rights" and k[1] == p and n for k, n in total.items())
    )
    return (whos, genres, raised, verdicts or "declined")


def _rights_build(corpus: Corpus, total: Counter, parts: dict[str, Counter]) -> dict:
    from .knowledge import article_periods, load_periods
    from .refs import RefText, para_ref
    from .themes import theme_rates

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
        return {
            "headline": "No claim is about rights or democracy.",
            "statement": period_text + compare_text,
            "values": values,
            "key": None,
            "claims": rows,
            "sides": 0,
            "agrees": True,
            "caveat": "Nothing to rest on.",
            "implication": "The texts say nothing coded about rights.",
        }
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
        f"({_join(plabels.get(p, p) for p in raised)}), by {_join(_who_phrase(w) for w in whos)}; {verdict}."
    )
    # paragraphs whose rights claims stand beside security (kzanalysis.rights.rights_register)
    collide = {(a, int(p)): 1 for a, p, b in zip(rows["article_id"], rows["paragraph"], rows["beside_security"]) if b}
    per_article = []
    values["by_article"] = {}
    # per article, in claims order: (row label, paragraph, has a stance, claim, who)
    by_article: dict[str, list[tuple]] = {}
    for row in zip(
        rows.index, rows["article_id"], rows["paragraph"], rows["stance"].notna(), rows["claim"], rows["who"]
    ):
        by_article.setdefault(row[1], []).append((row[0], int(row[2]), bool(row[3]), row[4], row[5]))
    for article_id in [a for a in corpus.articles["id"] if a in by_article]:
        mine = by_article[article_id]
        who_counts = Counter(r[4] for r in mine)
        with_security = sum((article_id, p) in collide for _, p, _, _, _ in mine)
        pool = [r for r in mine if r[2]] or mine
        best = max(pool, key=lambda r: (collide.get((article_id, r[1]), 0), -r[0]))
        values["by_article"][article_id] = {"claims": len(mine), "with_security": with_security}
        per_article.append(
            f"{labels[article_id]} ({genres[article_id]}, {plabels.get(periods.get(article_id), 'no period')}): "
            f"{_plural(len(mine), 'claim')}, "
            + ", ".join(f"{n} by {_who_phrase(w)}" for w, n in who_counts.items())
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
    silent = [(labels[a], int(h)) for a, h in zip(vocab["article_id"], vocab["hits"]) if a not in coded]
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
    sides = len([w for w in whos if w not in (WRITERS, UNKNOWN_SIDE)])
    implication = (
        "No claim that rights rose or fell between periods can be drawn from these texts; "
        "what they show is who raises rights and how."
        if not computable
        else "The period comparison holds within one genre only: " + verdict + "."
    )
    return {
        "headline": headline,
        "statement": statement,
        "values": values,
        "key": key,
        "claims": rows,
        "sides": sides,
        "agrees": agrees,
        "caveat": _cap("; ".join(caveats)) + ".",
        "implication": implication,
    }


# ---- (4) who speaks ---------------------------------------------------------------


def _voice_words(corpus: Corpus) -> pd.DataFrame:
    from .reading.tables import voice_words
    from .reading.voices import sentence_voices

    voices = sentence_voices(corpus)
    voices = voices.assign(n_words=voice_words(corpus) if len(voices) else 0)
    voices["side"] = voices["speaker_group"].where(voices["speaker_group"].notna(), "Unknown")
    return voices


def _speaks_contribute(corpus: Corpus) -> dict[str, Counter]:
    out = _per_article(corpus)
    voices = _voice_words(corpus)
    # the sums of groupby(["article_id", "kind", "side"], sort=False), in one pass
    words: dict[tuple, int] = {}
    if len(voices):
        for key, n in zip(zip(voices["article_id"], voices["kind"], voices["side"]), voices["n_words"]):
            words[key] = words.get(key, 0) + int(n)
    for (article_id, kind, side), n in words.items():
        if not (pd.isna(article_id) or pd.isna(kind) or pd.isna(side)):
            out[article_id][("words", kind, side)] += n
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


def _speaks_key(total: Counter):
    words = _side_words(total)
    if not words:
        return None
    ranked = sorted(words, key=lambda s: (-words[s], s))
    return (ranked[0], ranked[1] if len(ranked) > 1 else None)


def _speaks_build(corpus: Corpus, total: Counter, parts: dict[str, Counter]) -> dict:
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
        return {
            "headline": "No speaker for any side is heard: the words are the writers' own or of unknown side.",
            "statement": f"Of {n_words:,} words of article text, {_pct(author, n_words)} are the writers' own.",
            "values": values,
            "key": None,
            "claims": spoken,
            "sides": 0,
            "agrees": True,
            "caveat": "No attributed speech.",
            "implication": "Nothing can be said about who speaks.",
        }
    lead, second = key
    headline = (
        f"{_who_phrase(lead)[0].upper() + _who_phrase(lead)[1:]} supply most of the words that are not the "
        f"writers' own" + (f", ahead of {_who_phrase(second)}." if second else "; no other side speaks.")
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
    from .reading.tables import voice_summary

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
        else f"{_who_phrase(lead)} are heard across several articles."
    )
    sides = len(values["side_words"]) - ("Unknown" in values["side_words"])
    return {
        "concentrated": bool(share > 0.5),
        "headline": headline,
        "statement": statement,
        "values": values,
        "key": key,
        "claims": spoken,
        "sides": sides,
        "agrees": agrees,
        "caveat": _cap("; ".join(caveats)) + ".",
        "implication": implication,
        "articles": int(speakers.loc[speakers["side"] != "Unknown", "article_id"].nunique()),
    }


# ---- (5) sources ---------------------------------------------------------------------


def _sources_contribute(corpus: Corpus) -> dict[str, Counter]:
    from .labels import short_outlet
    from .reading.parts import is_statement_genre, is_transcript_genre

    out = _per_article(corpus)
    funding = (
        corpus.articles["funding"]
        if "funding" in corpus.articles.columns
        else pd.Series(None, index=corpus.articles.index)
    )
    for article_id, outlet, fund, genre in zip(
        corpus.articles["id"], corpus.articles["outlet"], funding, corpus.articles["genre"]
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


def _sources_key(total: Counter):
    funding = tuple(sorted(k[1] for k, n in total.items() if k[0] == "funding" and n))
    if not funding:
        return None
    genres = tuple(sorted(k[1] for k, n in total.items() if k[0] == "genre" and n))
    return (funding, genres, total[("government-text",)] > 0)


def _sources_build(corpus: Corpus, total: Counter, parts: dict[str, Counter]) -> dict:
    from .labels import short_outlet

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
        return {
            "headline": "The corpus is empty.",
            "statement": "No article.",
            "values": values,
            "key": None,
            "claims": _claims(corpus).iloc[0:0],
            "sides": 0,
            "agrees": True,
            "caveat": "Nothing to rest on.",
            "implication": "",
        }
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
    return {
        "headline": headline,
        "statement": statement,
        "values": values,
        "key": key,
        "claims": own,
        "sides": len(labels),
        "agrees": True,
        "caveat": _cap("; ".join(caveats)) + ".",
        "implication": implication,
        "whole_articles": True,
    }


# ---- (6) forecasts ----------------------------------------------------------------------


def _forecast_claims(corpus: Corpus) -> pd.DataFrame:
    claims = _claims(corpus)
    rows = claims[claims["forecast"].astype(bool)].copy()
    rows["who"] = [_who(s, v) for s, v in zip(rows["side"], rows["voice"])]
    return rows


def _forecasts_contribute(corpus: Corpus) -> dict[str, Counter]:
    out = _per_article(corpus)
    rows = _forecast_claims(corpus)
    for article_id, mine in _rows_by_article(rows, "reviewed", "who").items():
        _count_rows(out[article_id], [r[0] for r in mine])
        for _, who in mine:
            out[article_id][("forecast", who)] += 1
    return out


def _forecasts_key(total: Counter):
    by_who = Counter({k[1]: n for k, n in total.items() if k[0] == "forecast" and n})
    if not by_who:
        return None
    top = max(by_who.values())
    return tuple(_who_order(w for w, n in by_who.items() if n == top))


def _forecasts_build(corpus: Corpus, total: Counter, parts: dict[str, Counter]) -> dict:
    from .knowledge import date_span, load_events

    rows = _forecast_claims(corpus)
    key = _forecasts_key(total)
    labels = _article_labels(corpus)
    values: dict[str, Any] = {
        "n_claims": len(rows),
        "n_reviewed": int(rows["reviewed"].sum()),
        "n_articles": int(rows["article_id"].nunique()),
    }
    if key is None:
        return {
            "headline": "No claim is coded as a forecast.",
            "statement": "No forecast to test.",
            "values": values,
            "key": None,
            "claims": rows,
            "sides": 0,
            "agrees": True,
            "caveat": "Nothing to rest on.",
            "implication": "",
        }
    events = load_events(corpus.data_dir)
    # the chronology as plain rows (date_start, topics, title, date), read once for every article
    event_rows = [
        (start, set(t), title, date)
        for start, t, title, date in zip(events["date_start"], events["topics"], events["title"], events["date"])
    ]
    ends = {a: date_span(d)[1] for a, d in zip(corpus.articles["id"], corpus.articles["date"])}
    pieces = []
    values["later_events"] = {}
    by_article: dict[str, tuple[set, Counter, int]] = {}
    for article_id, topic, who in zip(rows["article_id"], rows["topic"], rows["who"]):
        topics, whos, n = by_article.get(article_id, (set(), Counter(), 0))
        topics.add(topic)
        whos[who] += 1
        by_article[article_id] = (topics, whos, n + 1)
    for article_id in [a for a in corpus.articles["id"] if a in by_article]:
        topics, whos, n_mine = by_article[article_id]
        end = ends[article_id]
        later = [e for e in event_rows if e[0] > end and topics & e[1]]
        values["later_events"][article_id] = int(len(later))
        first = f"; the first: {later[0][2]} ({later[0][3]})" if later else ""
        pieces.append(
            f"{labels[article_id]}: {_plural(n_mine, 'forecast')} "
            f"({', '.join(f'{n} by {_who_phrase(w)}' for w, n in whos.items())}); "
            f"the chronology has {_plural(len(later), 'later event')} on their topics{first}"
        )
    headline = (
        f"Most forecasts are made by {_join(_who_phrase(w) for w in key)}; whether they came true is not "
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
    sides = len({w for w in rows["who"] if w not in (WRITERS, UNKNOWN_SIDE)})
    return {
        "headline": headline,
        "statement": statement,
        "values": values,
        "key": key,
        "claims": rows,
        "sides": sides,
        "agrees": True,
        "caveat": _cap("; ".join(caveats)) + ".",
        "implication": "Test the forecasts against the chronology by hand before relying on them.",
    }


# ------------------------------------------------------------------ registry


def _corridor_summary(corpus: Corpus) -> Callable[[Counter], Any]:
    _, order, _ = _corridor_of(corpus.data_dir)
    return lambda total: _corridors_key(total, order)


def _rights_summary(corpus: Corpus) -> Callable[[Counter], Any]:
    from .knowledge import load_periods

    periods = load_periods(corpus.data_dir)
    order, labels = list(periods["id"]), dict(zip(periods["id"], periods["label"]))
    return lambda total: _rights_key(total, order, labels)


#: The findings in the order the book presents them: (spec, function(corpus) -> summarise).
FINDINGS: list[tuple[_Spec, Callable[[Corpus], Callable[[Counter], Any]]]] = [
    (
        _Spec(
            "export-corridors",
            "Which export corridors do the articles speak of, and which sides back which?",
            _corridors_contribute,
            _corridors_build,
            figure="routes-by-article",
        ),
        _corridor_summary,
    ),
    (
        _Spec(
            "balancing",
            "Who describes Kazakhstan as balancing between the powers, and in whose words?",
            _balancing_contribute,
            _balancing_build,
            figure="power-heatmap",
        ),
        lambda c: _balancing_key,
    ),
    (
        _Spec(
            "rights-security",
            "Who raises human rights, who sets them beside security, and in which period?",
            _rights_contribute,
            _rights_build,
            figure="rights-security-timeline",
        ),
        _rights_summary,
    ),
    (
        _Spec(
            "who-speaks",
            "Whose words make up the article text, by voice and side?",
            _speaks_contribute,
            _speaks_build,
            figure="quotes-by-group",
        ),
        lambda c: _speaks_key,
    ),
    (
        _Spec(
            "sources",
            "Who publishes the corpus, how is it funded, in which genres, and who is heard?",
            _sources_contribute,
            _sources_build,
            figure="chronology",
        ),
        lambda c: _sources_key,
    ),
    (
        _Spec(
            "forecasts", "What do the texts forecast, and what happened after?", _forecasts_contribute, _forecasts_build
        ),
        lambda c: _forecasts_key,
    ),
]


def _sum(parts: dict[str, Counter]) -> Counter:
    total: Counter = Counter()
    for counter in parts.values():
        total.update(counter)
    return total


@per_corpus(copy_result=False)
def _contributions(corpus: Corpus) -> dict[str, dict[str, Counter]]:
    """Per finding, per article: the Counter of its contribution (computed once; callers only read it)."""
    return {spec.id: spec.contribute(corpus) for spec, _ in FINDINGS}


@per_corpus
def leave_one_out(corpus: Corpus) -> pd.DataFrame:
    """Each finding's headline values without each article in turn, in linear time.

    Returns
    -------
    DataFrame with columns finding, left_out (article id), verdict (holds |
    changes | not computable) and key (the headline values on the reduced
    corpus, None when not computable). Empty with a one-article corpus.
    """
    columns = ["finding", "left_out", "verdict", "key"]
    ids = list(corpus.articles["id"])
    if len(ids) < 2:
        return pd.DataFrame(columns=columns)
    contributions = _contributions(corpus)
    rows = []
    for spec, summariser in FINDINGS:
        summarise = summariser(corpus)
        parts = contributions[spec.id]
        total = _sum(parts)
        full = summarise(total)
        for article_id in ids:
            reduced = summarise(total - parts[article_id])
            if reduced is None or full is None:
                verdict = "not computable"
            else:
                verdict = "holds" if reduced == full else "changes"
            rows.append((spec.id, article_id, verdict, reduced))
    return pd.DataFrame(rows, columns=columns)


def _loo_of(finding_id: str, table: pd.DataFrame, labels: dict[str, str]) -> tuple[str, str]:
    rows = table[table["finding"] == finding_id]
    if rows.empty:
        return "not computable", "a single article cannot be left out"
    for verdict in ("not computable", "changes"):
        hit = rows[rows["verdict"] == verdict]
        if len(hit):
            who = _join(labels.get(a, a) for a in hit["left_out"])
            text = ("cannot be computed without " if verdict == "not computable" else "changes without ") + who
            return verdict, text
    return "holds", f"holds whichever of the {len(rows)} articles is left out"


@per_corpus
def key_findings(corpus: Corpus) -> list[Finding]:
    """Every finding of :data:`FINDINGS` on ``corpus``, with caveat, confidence and leave-one-out verdict."""
    contributions = _contributions(corpus)
    table = leave_one_out(corpus)
    labels = _article_labels(corpus)
    out = []
    for spec, _ in FINDINGS:
        parts = contributions[spec.id]
        total = _sum(parts)
        built = spec.build(corpus, total, parts)
        claims = built["claims"]
        n_claims, n_reviewed = _claim_counts(claims)
        if built.get("whole_articles"):
            evidence = _evidence_of(claims)
            cited = {e[0] for e in evidence}
            evidence += [(a, None, ()) for a in corpus.articles["id"] if a not in cited]
            n_articles = len(corpus.articles)
        else:
            evidence = _evidence_of(claims)
            n_articles = built.get("articles", int(claims["article_id"].nunique()) if n_claims else 0)
        loo, detail = _loo_of(spec.id, table, labels)
        share = n_reviewed / n_claims if n_claims else float("nan")
        largest = claims["article_id"].value_counts().iloc[0] if n_claims else 0
        concentrated = built.get("concentrated", False) or (n_claims > 1 and largest * 2 > n_claims)
        word, reason = confidence(n_articles, built["sides"], share, built["agrees"], loo, concentrated)
        caveat = built["caveat"]
        if n_claims and n_reviewed < n_claims:
            caveat += f" {n_claims - n_reviewed} of its {n_claims} claims are unreviewed machine proposals."
        out.append(
            Finding(
                id=spec.id,
                question=spec.question,
                headline=built["headline"],
                statement=built["statement"],
                n_articles=n_articles,
                n_claims=n_claims,
                evidence=evidence,
                caveat=caveat,
                confidence=word,
                confidence_reason=reason,
                reviewed_share=share,
                n_machine=n_claims - n_reviewed,
                loo=loo,
                loo_detail=detail,
                implication=built["implication"],
                values=built["values"],
                key=built["key"],
                figure=spec.figure,
            )
        )
    return out


_CONFIDENCE_RANK = {"high": 0, "moderate": 1, "low": 2}


def bottom_line(findings: list[Finding], most: int = 5) -> list[Finding]:
    """The three to five findings for the opening brief: the most confident first, in book order within a word."""
    ranked = sorted(findings, key=lambda f: _CONFIDENCE_RANK.get(f.confidence, 3))
    return ranked[: max(3, min(most, len(ranked)))]


def findings_table(corpus: Corpus) -> pd.DataFrame:
    """One row per finding: id, headline, statement, n, confidence, caveat, loo, evidence (for findings.csv)."""
    rows = [
        (f.id, f.headline, f.statement, f.n, f.confidence, f.caveat, f.loo, evidence_text(f, corpus))
        for f in key_findings(corpus)
    ]
    return pd.DataFrame(rows, columns=["id", "headline", "statement", "n", "confidence", "caveat", "loo", "evidence"])


def loo_grid(corpus: Corpus) -> pd.DataFrame:
    """The leave-one-out table for the book: one row per finding, one column per article left out (date order)."""
    findings = key_findings(corpus)
    table = leave_one_out(corpus)
    labels = _article_labels(corpus)
    order = corpus.articles.sort_values("date_start", kind="stable")["id"]
    rows = []
    for f in findings:
        mine = dict(
            zip(table.loc[table["finding"] == f.id, "left_out"], table.loc[table["finding"] == f.id, "verdict"])
        )
        row = {"Finding": f.question, "Verdict": f.loo}
        for a in order:
            row[f"Without {labels[a]}"] = mine.get(a, "not computable")
        rows.append(row)
    return pd.DataFrame(rows)


def brief_table(findings: list[Finding]) -> pd.DataFrame:
    """The bottom-line brief as a table: judgment, confidence, n and what it implies."""
    return pd.DataFrame(
        [(f.headline, f.confidence, f.n, f.implication) for f in findings],
        columns=["Judgment", "Confidence", "n", "What it implies"],
    )


def loo_counts(corpus: Corpus) -> dict[str, int]:
    """How many findings hold, change or are not computable when one article is left out."""
    counts = Counter(f.loo for f in key_findings(corpus))
    return {"n_findings": sum(counts.values()), **{v: counts.get(v, 0) for v in LOO_VERDICTS}}
