"""Great-power balancing: who describes Kazakhstan as balancing, in whose words, towards which powers.

Reads the claims of topic :data:`TOPIC` (:func:`kzanalysis.analysis.claims.claims_table`:
reviewed hand codes and unreviewed machine proposals) and groups them by
who speaks (:mod:`kzanalysis.analysis.positions`). The powers a claim looks
towards are the codebook's targets of kind ``power`` that the claim's
target names or whose gazetteer group is named in the claim's paragraph
(the numbered paragraph as received, furniture included, so an editor's
headline is read too). Everything is one pass over the claims and their
paragraphs.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

import pandas as pd

from .positions import who_order, who_phrase, with_who

if TYPE_CHECKING:
    from kzanalysis.load.corpus import Corpus

__all__ = ["TOPIC", "balancing_claims", "claim_powers", "balancing_summary", "balancing_table", "balancing_overview"]

TOPIC = "great-power-balancing"
"""The codebook topic of Kazakhstan's place between the powers."""


def balancing_claims(corpus: Corpus) -> pd.DataFrame:
    """Claims of topic :data:`TOPIC`, with ``who`` and ``mode`` added, in claims order (index reset)."""
    from .claims import claims_table

    claims = claims_table(corpus)
    return with_who(claims[claims["topic"] == TOPIC]).reset_index(drop=True)


def _powers(data_dir) -> list[str]:
    from kzanalysis.load.knowledge import load_codebook

    return [t for t, spec in load_codebook(data_dir)["targets"].items() if spec.get("kind") == "power"]


def claim_powers(corpus: Corpus, claims: pd.DataFrame | None = None) -> list[tuple[str, ...]]:
    """For each claim (in order), the powers it looks towards: its target if a power, and the powers named in its
    paragraph.

    Powers are the codebook's targets of kind ``power``, in codebook order;
    a paragraph names a power when a gazetteer entity of that group is
    mentioned in it.
    """
    from .reading.gazetteer import gazetteer_matcher

    claims = balancing_claims(corpus) if claims is None else claims
    powers = _powers(corpus.data_dir)
    if claims.empty:
        return []
    texts = {}
    source = corpus.all_paragraphs if corpus.all_paragraphs is not None else corpus.paragraphs
    wanted = set(zip(claims["article_id"].tolist(), claims["paragraph"].astype(int).tolist()))
    for a, p, t in zip(source["article_id"].tolist(), source["paragraph"].tolist(), source["text"].tolist()):
        if (a, int(p)) in wanted:
            texts[(a, int(p))] = str(t)
    matcher = gazetteer_matcher(corpus.data_dir)
    named = {key: {info.group for info, *_ in matcher.finditer(text)} for key, text in texts.items()}
    out = []
    for a, p, target in zip(
        claims["article_id"].tolist(), claims["paragraph"].astype(int).tolist(), claims["target"].tolist()
    ):
        found = named.get((a, p), set()) | ({target} if isinstance(target, str) else set())
        out.append(tuple(power for power in powers if power in found))
    return out


def balancing_summary(corpus: Corpus, claims: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per who and mode: how many claims, in how many articles, by whom, towards which powers.

    Returns
    -------
    DataFrame with columns Who (capitalised who phrase), "In whose words"
    (the mode), Claims, Articles, Speakers ("; "-joined, in order of first
    claim) and Powers named (each power with the number of these claims
    that look towards it, most first: "Russia 4, United States 3"; "none"),
    rows by :func:`kzanalysis.analysis.positions.who_order`, then most claims first.
    """
    claims = balancing_claims(corpus) if claims is None else claims
    columns = ["Who", "In whose words", "Claims", "Articles", "Speakers", "Powers named"]
    if claims.empty:
        return pd.DataFrame(columns=columns)
    powers = claim_powers(corpus, claims)
    order = {w: i for i, w in enumerate(who_order(claims["who"]))}
    groups: dict[tuple[str, str], list[int]] = {}
    for i, (who, mode) in enumerate(zip(claims["who"].tolist(), claims["mode"].tolist())):
        groups.setdefault((who, mode), []).append(i)
    rows = []
    for (who, mode), index in sorted(groups.items(), key=lambda kv: (order[kv[0][0]], -len(kv[1]), kv[0][1])):
        mine = claims.iloc[index]
        counts = Counter(p for i in index for p in powers[i])
        phrase = who_phrase(who)
        rows.append(
            (
                phrase[:1].upper() + phrase[1:],
                mode,
                len(index),
                int(mine["article_id"].nunique()),
                "; ".join(dict.fromkeys(mine["speaker"].astype(str))),
                ", ".join(f"{p} {n}" for p, n in counts.most_common()) or "none",
            )
        )
    return pd.DataFrame(rows, columns=columns)


def balancing_table(corpus: Corpus, claims: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every balancing claim for reading, in claims order.

    Returns
    -------
    DataFrame with columns article_id, paragraph, voice, speaker, side,
    position (stance and the codebook's target label, "" when the claim takes
    no stance), powers (names joined by ", ", "none"), reviewed and evidence.
    """
    from kzanalysis.load.knowledge import load_codebook

    from .routes import STANCE_WORDS

    claims = balancing_claims(corpus) if claims is None else claims
    targets = load_codebook(corpus.data_dir)["targets"]
    powers = claim_powers(corpus, claims)
    return pd.DataFrame(
        {
            "article_id": claims["article_id"],
            "paragraph": claims["paragraph"].astype(int),
            "voice": [
                v if r else f"{v} (unreviewed machine proposal)"
                for v, r in zip(claims["voice"].tolist(), claims["reviewed"].astype(bool).tolist())
            ],
            "speaker": claims["speaker"],
            "side": claims["side"],
            "position": [
                f"{STANCE_WORDS.get(s, s)} {targets.get(t, {}).get('label', t)}" if isinstance(s, str) else ""
                for s, t in zip(claims["stance"].tolist(), claims["target"].tolist())
            ],
            "powers": [", ".join(p) or "none" for p in powers],
            "reviewed": claims["reviewed"].astype(bool),
            "evidence": claims["evidence"],
        },
        columns=["article_id", "paragraph", "voice", "speaker", "side", "position", "powers", "reviewed", "evidence"],
    )


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word if n == 1 else word + 's'}"


def _and(items) -> str:
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items) or "none"
    return ", ".join(items[:-1]) + " and " + items[-1]


def balancing_overview(corpus: Corpus, claims: pd.DataFrame | None = None) -> dict:
    """Numbers and computed sentences for the balancing chapter.

    Returns
    -------
    dict with n_claims, n_reviewed, n_articles (articles with a balancing
    claim), n_corpus; by_who (who -> claims); and the sentences ``who``
    (who makes the claims, in which mode, in how many articles), ``powers``
    (how many claims look towards each power, by who), ``positions`` (who
    backs or opposes which target, from the claims with a non-neutral stance)
    and ``editors`` (how many claims are the editors' headings, and in how
    many articles).
    """
    claims = balancing_claims(corpus) if claims is None else claims
    n = len(claims)
    out = {
        "n_claims": n,
        "n_reviewed": int(claims["reviewed"].sum()) if n else 0,
        "n_articles": int(claims["article_id"].nunique()) if n else 0,
        "n_corpus": int(len(corpus.articles)),
        "by_who": {},
    }
    if not n:
        none = "No claim of the register is about Kazakhstan's place between the powers."
        return {**out, "who": none, "powers": "", "positions": "", "editors": ""}
    powers = claim_powers(corpus, claims)
    pieces, power_pieces, position_pieces = [], [], []
    from kzanalysis.load.knowledge import load_codebook

    targets = load_codebook(corpus.data_dir)["targets"]
    verbs = {"supports": "back", "opposes": "oppose", "doubts": "doubt"}
    for who in who_order(claims["who"]):
        index = [i for i, w in enumerate(claims["who"]) if w == who]
        mine = claims.iloc[index]
        out["by_who"][who] = len(index)
        modes = Counter(mine["mode"])
        pieces.append(
            f"{who_phrase(who)} {len(index)} in {_plural(int(mine['article_id'].nunique()), 'article')} ("
            + ", ".join(f"{k} in {m}" for m, k in modes.most_common())
            + ")"
        )
        counts = Counter(p for i in index for p in powers[i])
        if counts:
            power_pieces.append(f"{who_phrase(who)}: " + ", ".join(f"{p} {k}" for p, k in counts.most_common()))
        stances = []
        for stance, verb in verbs.items():
            named = Counter(
                targets.get(t, {}).get("label", t)
                for s, t in zip(mine["stance"].tolist(), mine["target"].tolist())
                if s == stance and isinstance(t, str)
            )
            if named:
                stances.append(f"{verb} " + _and(f"{label} ({k})" for label, k in named.most_common()))
        if stances:
            position_pieces.append(f"{who_phrase(who)} " + "; ".join(stances))
    out["who"] = (
        f"Of the {_plural(n, 'claim')} on Kazakhstan's place between the powers, in {out['n_articles']} of the "
        f"{out['n_corpus']} articles ({out['n_reviewed']} reviewed), " + "; ".join(pieces) + "."
    )
    out["powers"] = (
        "Claims looking towards each power: " + "; ".join(power_pieces) + "."
        if power_pieces
        else "No claim's paragraph names a power."
    )
    out["positions"] = (
        _cap("; ".join(position_pieces)) + "."
        if position_pieces
        else "No claim on balancing takes a position for or against a target."
    )
    editor = claims[claims["voice"] == "editor"]
    out["n_editor"] = int(len(editor))
    out["editors"] = (
        f"{_plural(len(editor), 'claim')} in {_plural(int(editor['article_id'].nunique()), 'article')} "
        "are the editors' headings, not the words of anyone they quote."
        if len(editor)
        else "No editor's heading is coded as a balancing claim."
    )
    return out


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]
