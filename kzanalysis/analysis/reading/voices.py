"""Voices: who speaks each sentence of article text.

Every sentence of article text (see :mod:`kzanalysis.load.parts`) gets a
``kind`` and a speaker with the speaker's side:

``author``
    the writer's own narration (speaker: the manifest author, else the
    outlet); side from the actor index, else ``Unknown``.
``quotation``
    most of the sentence lies inside quotation marks (at least
    :data:`kzanalysis.analysis.reading.quotes.MIN_QUOTE_WORDS` words, not a title); speaker as
    attributed by :mod:`kzanalysis.analysis.reading.quotes`, else none.
``reported``
    indirect speech: "X said that ...", "X told reporters ...",
    "according to X", "X stressed ..." (a speech verb with a subject);
    speaker: that subject.
``question`` / ``answer``
    interviews: a question (speaker: the interviewer, i.e. the manifest
    author, or the reporter in a transcript) and the interviewee's answer
    (speaker: the manifest ``interviewee``).
``turn``
    transcripts: the speaker of the label ("MS. JEAN-PIERRE:"), continuing
    over unlabelled paragraphs until the next label. A reporter's turn
    (label ``Q``) is a ``question``; the reporter is named when the
    moderator's turn before it gives a name ("we'll go to the line of X").
``statement``
    a readout, statement, joint statement, communique or fact sheet speaks
    in its issuer's voice: the manifest ``issuer``, else the outlet.

Speakers are normalised to the actor's canonical name where the actor
index knows one (the gazetteer first, then names recognised in the article
itself, so "MS. JEAN-PIERRE" becomes the "Karine Jean-Pierre" of the title).
Sides come from the actor index; an issuer's own officials in its
transcripts (labelled speakers the index cannot place, such as the
moderator) take the issuer's side, with that evidence recorded; reporters
and anyone else without evidence are ``Unknown``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pandas as pd

from kzanalysis.load._sentences import sentence_table
from kzanalysis.load.memo import per_corpus
from kzanalysis.load.parallel import map_texts
from kzanalysis.load.parts import is_interview_genre, is_statement_genre, is_transcript_genre
from kzanalysis.load.textutil import split_sentences

from .actors import actor_index
from .gazetteer import gazetteer_matcher
from .lexicon import TITLE_WORDS
from .quotes import quote_spans

if TYPE_CHECKING:
    from kzanalysis.load.corpus import Corpus

__all__ = ["VOICE_COLUMNS", "VOICE_KINDS", "UNKNOWN", "sentence_voices", "voice_shares"]

VOICE_COLUMNS = ["article_id", "paragraph", "sentence", "kind", "speaker", "speaker_group", "group_evidence", "text"]
VOICE_KINDS = ("author", "quotation", "reported", "question", "answer", "turn", "statement")
UNKNOWN = "Unknown"

#: A sentence is a quotation when at least this share of its characters lies inside quotation marks.
QUOTED_SHARE = 0.5

_SPEECH_VERBS = (
    "said says told tells stressed noted added continued declared announced suggested suggests argued "
    "explained insisted warned stated repeated indicated remarked commented observed emphasized emphasised "
    "reiterated acknowledged admitted claimed replied responded wrote urged recalled concluded predicted "
    "promised complained confirmed cited believes believed hopes maintained contended asserted"
).split()
_VERB = r"(?:" + "|".join(sorted(_SPEECH_VERBS, key=len, reverse=True)) + r"|pointed\s+out|went\s+on\s+to\s+suggest)"
_NAME = r"[A-Z][\w\u2019'.-]*(?:\s+(?:of\s+|the\s+)?[A-Z][\w\u2019'.-]*){0,6}"
# "X said (that) ...", "X, the minister, said ...": a subject just before a speech verb
# subjects that are not names: "officials said", "a spokesman said", "the ministry said"
_GENERIC_SUBJECT = (
    r"(?:(?:[Ss]enior |[Ss]ome |[Mm]any |[Ww]estern |[Ll]ocal |[Gg]overnment |(?:[A-Z][\w.]*[a-zA-Z.] ){1,2})?"
    r"(?:[Oo]fficials|[Aa]nalysts|[Dd]iplomats|[Ee]xperts|[Ll]eaders|"
    r"[Cc]ritics|[Ss]ources|[Oo]bservers|[Cc]ommentators)"
    r"|(?:[Aa]n? |[Tt]he )(?:\w+ )?"
    r"(?:spokesman|spokeswoman|spokesperson|official|ministry|government|embassy|statement))"
)
_REPORTED_RE = re.compile(
    r"(?:(?<![\w])(?P<pronoun>[Hh]e|[Ss]he)|(?<![\w])(?P<generic>" + _GENERIC_SUBJECT + r")|(?P<name>" + _NAME + r"))"
    r"(?:\s*,[^,\"\u201c\u201d]{1,80},)?(?:\s+(?:also|then|later|again|further|repeatedly|[a-z]{3,}ly)){0,2}\s+"
    + _VERB
    + r"(?![\w])"
)
_REPORTED_END_RE = re.compile(_REPORTED_RE.pattern + r"$")
_GENERIC_HEAD_RE = re.compile(
    r"\b(?:officials|analysts|diplomats|experts|leaders|critics|sources|observers|commentators)$", re.IGNORECASE
)
_ACCORDING_RE = re.compile(r"\b[Aa]ccording to (?P<name>" + _NAME + r")")
_TOLD_RE = re.compile(r"(?P<name>" + _NAME + r")\s+told\s+(?:reporters|journalists|the\s+\w+|[A-Z]\w+)")
# a moderator handing the floor to a reporter
_FLOOR_RE = re.compile(
    r"(?:line of|question (?:is |comes )?from|call on|floor to)\s+"
    r"(?P<name>[A-Z][\w'\u2019-]+(?:\s+[A-Z][\w'\u2019-]+){1,2})"
)
_OPENING = '"\u201c'
_CLOSING = '"\u201d'
#: Longest stretch of a sentence searched for a speaker before a verb (keeps the search linear).
_SUBJECT_WINDOW = 160

_HONORIFICS = frozenset("MR MRS MS MISS DR PROF SIR MADAM THE".split())


def _sentence_offsets(text: str, sentences: list[str]) -> list[tuple[int, int]]:
    offsets = []
    position = 0
    for sentence in sentences:
        start = text.find(sentence, position)
        if start < 0:
            start = position
        end = start + len(sentence)
        offsets.append((start, end))
        position = end
    return offsets


def _quoted_share(start: int, end: int, spans: list[tuple[int, int]]) -> float:
    if end <= start:
        return 0.0
    inside = sum(max(0, min(end, b) - max(start, a)) for a, b in spans)
    return inside / (end - start)


def _label_name(label: str) -> str:
    """'MS. JEAN-PIERRE' -> 'Jean-Pierre'; 'SECRETARY BLINKEN' -> 'Secretary Blinken'."""
    words = [w for w in label.replace(".", " ").split() if w]
    words = [w for w in words if w.upper() not in _HONORIFICS] or words
    return " ".join("-".join(p.capitalize() for p in w.split("-")) if w.isupper() else w for w in words)


class _Resolver:
    """Canonical names and sides for speakers, from the actor index."""

    def __init__(self, corpus) -> None:
        self.matcher = gazetteer_matcher(corpus.data_dir)
        self.index = actor_index(corpus)
        self._resolved: dict[tuple[str, str], tuple[str, str, str] | None] = {}

    def resolve(self, article_id: str, name: str) -> tuple[str, str, str] | None:
        """(canonical name, group, evidence) for a name as written, or None (each name once per article)."""
        if not isinstance(name, str) or not name.strip():
            return None
        key = (article_id, name)
        if key not in self._resolved:
            self._resolved[key] = self._resolve(article_id, name)
        return self._resolved[key]

    def _resolve(self, article_id: str, name: str) -> tuple[str, str, str] | None:
        if self.index is not None:
            found = self.index.resolve(article_id, name)
            if found:
                canonical, _type, group, evidence = found
                return canonical, group or UNKNOWN, evidence or ""
        entities = list(self.matcher.finditer(name))
        if entities:
            info = entities[-1][0]
            return info.name, info.group or UNKNOWN, "gazetteer" if info.group else ""
        return None

    def speaker(self, article_id: str, name: str) -> tuple[str, str, str]:
        found = self.resolve(article_id, name)
        if found:
            return found
        words = name.split()
        while len(words) > 1 and words[0].rstrip(".") in TITLE_WORDS:
            words = words[1:]
        return " ".join(words), UNKNOWN, ""


def _issuer(meta) -> str:
    for key in ("issuer", "outlet"):
        value = meta.get(key)
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())
    return "the issuer"


def _author(meta) -> str:
    value = meta.get("author")
    if isinstance(value, str) and value.strip():
        return " ".join(value.split("(")[0].split())
    return _issuer({"outlet": meta.get("outlet")})


@per_corpus
def sentence_voices(corpus: Corpus) -> pd.DataFrame:
    """One row per sentence of article text, with its voice.

    Parameters
    ----------
    corpus : Corpus

    Returns
    -------
    DataFrame with columns article_id, paragraph (the paragraph number every
    table uses), sentence (1-based within the article, as in
    :func:`kzanalysis.load._sentences.sentence_table`), kind (one of
    :data:`VOICE_KINDS`), speaker (canonical name where known, as written
    otherwise, None for an unattributed quotation), speaker_group (side, or
    ``Unknown``), group_evidence (why that side: "gazetteer", the cue in the
    text, or "issuer's own official"), text (the sentence). Computed once per
    corpus.
    """
    if "voices" in corpus.cache:
        return corpus.cache["voices"]
    resolver = _Resolver(corpus)
    quotes = quote_spans(corpus)
    spans_by_paragraph: dict[tuple, list[tuple[int, int, str | None, str | None]]] = {}
    for row in quotes.itertuples(index=False):
        spans_by_paragraph.setdefault((row.article_id, row.paragraph), []).append(
            (
                row.start,
                row.end,
                row.speaker if isinstance(row.speaker, str) else None,
                row.speaker_group if isinstance(row.speaker_group, str) else None,
            )
        )
    meta_by_id = corpus.articles.set_index("id").to_dict("index") if len(corpus.articles) else {}
    table = corpus.paragraphs
    by_article: dict[str, list[tuple]] = {}  # (paragraph, part, label, text) per article, in corpus order
    for article_id, paragraph_no, part, label, text in zip(
        table["article_id"].tolist(),
        table["paragraph"].tolist(),
        table["part"].tolist(),
        table["speaker_label"].tolist(),
        table["text"].astype(str).tolist(),
    ):
        by_article.setdefault(article_id, []).append((paragraph_no, part, label, text))
    # the sentences of each paragraph as the shared sentence table splits them (split once for every analysis)
    sentences = sentence_table(corpus)
    split: dict[tuple, list[str]] = {}
    for article_id, paragraph_no, sentence in zip(
        sentences["article_id"].tolist(), sentences["paragraph"].tolist(), sentences["sentence"].tolist()
    ):
        split.setdefault((article_id, paragraph_no), []).append(sentence)
    article_ids = list(by_article)

    def voices_of(article_id: str) -> list[tuple]:
        meta = meta_by_id.get(article_id, {})
        return list(_article_voices(article_id, by_article[article_id], meta, spans_by_paragraph, resolver, split))

    rows: list[tuple] = [row for found in map_texts(voices_of, article_ids, per_article=True) for row in found]
    table = pd.DataFrame(rows, columns=VOICE_COLUMNS)
    corpus.cache["voices"] = table
    return table


def _article_voices(
    article_id, paragraphs: list[tuple], meta: dict, spans_by_paragraph, resolver: _Resolver, split: dict | None = None
):
    genre = str(meta.get("genre") or "")
    statement = is_statement_genre(genre)
    interview = is_interview_genre(genre)
    issuer = _issuer(meta)
    issuer_name, issuer_group, issuer_evidence = resolver.speaker(article_id, issuer)
    author_name, author_group, author_evidence = resolver.speaker(article_id, _author(meta))
    interviewee = meta.get("interviewee") if isinstance(meta.get("interviewee"), str) else None
    labels: dict[str, tuple[str, str, str]] = {}
    next_reporter: str | None = None
    last_named, last_named_at = None, 0
    rows = []
    sentence_no = 0
    for paragraph_no, part, label, text in paragraphs:
        sentences = split.get((article_id, int(paragraph_no)), []) if split is not None else split_sentences(text)
        offsets = _sentence_offsets(text, sentences)
        quote_spans = spans_by_paragraph.get((article_id, paragraph_no), [])
        inside = [(a, b) for a, b, _s, _g in quote_spans]
        if part == "turn":
            if label not in labels:
                found = resolver.resolve(article_id, label) or resolver.resolve(article_id, _label_name(label))
                if found is None and issuer_group != UNKNOWN:
                    # an issuer's own official in its transcript (moderator, spokesperson)
                    found = (_label_name(label), issuer_group, f"issuer's own official ({issuer_name})")
                labels[label] = found or (_label_name(label), UNKNOWN, "")
            turn_speaker = labels[label]
            floor = _FLOOR_RE.search(text)
            if floor:
                next_reporter = floor.group("name")
        elif part == "question":
            if interview and not is_transcript_genre(genre):
                turn_speaker = (author_name, author_group, author_evidence)
            elif next_reporter:
                turn_speaker = (next_reporter, UNKNOWN, "reporter")
            else:
                turn_speaker = ("Reporter", UNKNOWN, "reporter")
        elif part == "answer":
            turn_speaker = resolver.speaker(article_id, interviewee) if interviewee else ("Interviewee", UNKNOWN, "")
        for (start, end), sentence in zip(offsets, sentences):
            sentence_no += 1
            quoted = _quoted_share(start, end, inside) >= QUOTED_SHARE
            if part in ("turn", "question", "answer"):
                kind = part
                speaker, group, evidence = turn_speaker
            elif quoted:
                kind = "quotation"
                attributed = next(((s, g) for a, b, s, g in quote_spans if a < end and b > start and s), (None, None))
                speaker = attributed[0]
                found = resolver.resolve(article_id, speaker) if speaker else None
                if found:
                    speaker, group, evidence = found
                else:
                    group, evidence = (attributed[1] or UNKNOWN), ("gazetteer" if attributed[1] else "")
                    if speaker is None:
                        group, evidence = UNKNOWN, ""
            elif statement:
                kind, speaker, group, evidence = "statement", issuer_name, issuer_group, issuer_evidence
            else:
                reported = _reported_speaker(sentence)
                if reported in _PRONOUNS:
                    # he/she: the person last named as a speaker in this or the previous paragraphs
                    reported = last_named if last_named and paragraph_no - last_named_at <= _PRONOUN_LOOKBACK else None
                if reported:
                    kind = "reported"
                    speaker, group, evidence = resolver.speaker(article_id, reported)
                    if _GENERIC_HEAD_RE.search(reported):
                        # "American officials", "Kazakh diplomats": the words as written, the side from the adjective
                        speaker, group, evidence = " ".join(reported.split()), UNKNOWN, ""
                        found = resolver.resolve(article_id, reported.split()[0])
                        if found and found[1] != UNKNOWN:
                            group, evidence = found[1], reported.split()[0]
                else:
                    kind, speaker, group, evidence = "author", author_name, author_group, author_evidence
            if kind in ("reported", "quotation") and speaker:
                last_named, last_named_at = speaker, paragraph_no
            rows.append((article_id, int(paragraph_no), sentence_no, kind, speaker, group, evidence, sentence))
        if part == "question":
            next_reporter = None
    return rows


_PRONOUNS = frozenset({"he", "she", "He", "She"})
#: How many paragraphs back "he"/"she" may look for the person last named as a speaker.
_PRONOUN_LOOKBACK = 3
_NOT_SUBJECTS = frozenset(
    "It This That There These Those What Which Who When Where While Some Many Most Officials Reports Critics "
    "Analysts Experts Sources Observers".split()
)


_VERB_RE = re.compile(r"(?<![\w])" + _VERB + r"(?![\w])")


def _reported_speaker(sentence: str) -> str | None:
    """The subject of indirect speech in ``sentence``, or None when it is narration."""
    match = _ACCORDING_RE.search(sentence)
    if match:
        return match.group("name")
    match = _TOLD_RE.search(sentence[:400])
    if match and match.group("name").split()[0] not in _NOT_SUBJECTS:
        return match.group("name")
    for verb in _VERB_RE.finditer(sentence[:600]):
        begin = max(0, verb.start() - _SUBJECT_WINDOW)
        if begin:
            begin = sentence.find(" ", begin) + 1 or begin  # start at a word, never inside one
        left = sentence[begin : verb.end()]
        subject = _REPORTED_END_RE.search(left)
        if subject is None:
            continue
        if subject.group("name") and subject.group("name").split()[0] in _NOT_SUBJECTS:
            continue
        return subject.group("pronoun") or subject.group("generic") or subject.group("name")
    return None


def voice_shares(corpus: Corpus, by: str = "kind") -> pd.DataFrame:
    """Words of article text per article and voice.

    Parameters
    ----------
    by : str
        ``"kind"`` (author, quotation, ...) or ``"speaker_group"`` (side).

    Returns
    -------
    DataFrame with columns article_id, <by>, n_words (int), share (of the
    article's words, 0-1).
    """
    table = sentence_voices(corpus)
    if table.empty:
        return pd.DataFrame(columns=["article_id", by, "n_words", "share"])
    words = table["text"].str.split().str.len().fillna(0).astype(int)
    counts = table.assign(n_words=words).groupby(["article_id", by], sort=False)["n_words"].sum().reset_index()
    totals = counts.groupby("article_id")["n_words"].transform("sum")
    counts["share"] = counts["n_words"] / totals.where(totals > 0, 1)
    return counts
