"""Quotations and who speaks them.

Quoted passages are found in each clean paragraph between straight (``"``) or
curly (``“ ”``) double quotation marks.  A quotation left open runs to the end
of the paragraph when the next paragraph opens with a quotation mark (the
newspaper convention for a quotation that continues); otherwise it runs to the
end of its sentence.

A speaker is attributed only when the text says who is speaking, tried in
this order:

1. right after the quotation: ``"…," Rice said``, ``"…," she said``,
   ``"…," he continued``, ``"…," said Gore``, ``"…," according to Tokaev``;
2. earlier in the same sentence: ``Tokaev stressed that …, "…"``,
   ``Gore, for example, said that … "…"``, ``Khabar, announced, "…"``;
3. a paragraph that is nothing but a quotation continues the speaker of the
   paragraph before when that paragraph names one (``Rice also said she
   spoke with Tazhin …`` followed by a paragraph-long quotation).

The subject is the name (or he/she) that stands before a speech verb
(:data:`SPEECH_VERBS`) or after it in the inverted form.  Names are made
canonical with the gazetteer ("Nazarbaev" -> "Nursultan Nazarbayev"); when a
name run holds several entities the last one is the head ("Kazakh Foreign
Minister Tazhin" -> Tazhin); a name not in the gazetteer is kept as written,
without titles ("Erbol Japarov"), with ``speaker_group`` None.  ``he`` and
``she`` resolve to the most recent person mentioned outside quotation marks
(gazetteer persons and speakers already attributed), looking back through the
current paragraph and at most :data:`PRONOUN_LOOKBACK` paragraphs before it;
gender is not checked.

A quotation that runs over several paragraphs is attributed part by part;
an earlier part is not attributed from a later paragraph's "he said".

Scare quotes and titles are not quotations: a quoted passage of fewer than
:data:`MIN_QUOTE_WORDS` words ("zero-sum game", "developed properly") or one
that reads as a title ("Action Program on Economic Partnership") is never
attributed and is left out of :func:`extract_quotes`. A quotation the text
does not attribute gets speaker None.

Interviews: in an article whose genre is ``interview`` and whose manifest
names the interviewee (optional field ``interviewee``), every paragraph
without quotation marks that speaks in the first person ("I", "we", "our",
"us", "my") is a quotation of the interviewee.  Without that field the
interviewee is not guessed, and such paragraphs are not treated as quotes.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pandas as pd

from kzanalysis.load.memo import per_corpus
from kzanalysis.load.parallel import map_texts
from kzanalysis.load.textutil import STOPWORDS

from .actors import actor_index
from .gazetteer import GazetteerMatcher, gazetteer_matcher
from .lexicon import TITLE_WORDS

if TYPE_CHECKING:
    from kzanalysis.load.corpus import Corpus

QUOTE_COLUMNS = ["article_id", "paragraph", "speaker", "speaker_group", "quote"]

#: Quotations shorter than this many words are treated as scare quotes or
#: titles and never attributed.
MIN_QUOTE_WORDS = 3

#: How many paragraphs back a pronoun may look for its person.
PRONOUN_LOOKBACK = 3

SPEECH_VERBS = (
    "said says told tells stressed noted added continued declared announced "
    "suggested suggest suggests asked argued explained insisted warned stated "
    "repeated indicated remarked commented observed emphasized emphasised "
    "reiterated acknowledged admitted claimed replied responded wrote urged "
    "recalled concluded predicted promised complained"
).split()

_OPENING = '"\u201c'
_CLOSING = '"\u201d'
_OPENING_RE = re.compile("[" + _OPENING + "]")
_CLOSING_RE = re.compile("[" + _CLOSING + "]")
_VERB = r"(?:" + "|".join(sorted(SPEECH_VERBS, key=len, reverse=True)) + r"|pointed\s+out)"
_NAME = r"[A-Z][\w\u2019'.-]*(?:\s+[A-Z][\w\u2019'.-]*)*"
_POSSESSIVE = r"(?:[\u2019']s)?"
_ADVERB = r"(?:also|then|later|again|further|once\s+more|[a-z]+ly)"

# Subject standing just before a speech verb: a name or he/she, an optional
# appositive between commas, up to three filler words ("went on to").
_SUBJECT_BEFORE_VERB_RE = re.compile(
    r"(?:(?P<name>" + _NAME + r")|(?<![\w])(?P<pronoun>[Hh]e|[Ss]he))"
    r"(?:\s*,[^,\"\u201c\u201d]{1,120},)?(?:\s+[a-z]+){0,3},?\s*$"
)
_VERB_RE = re.compile(r"(?<![\w])" + _VERB + r"(?![\w])")
_AFTER_QUOTE_RE = re.compile(
    r"^[\s,]*(?:"
    r"(?:(?P<name>" + _NAME + r")|(?P<pronoun>[Hh]e|[Ss]he))(?:\s+" + _ADVERB + r")?\s+" + _VERB + r"(?![\w])"
    r"|" + _VERB + r"\s+(?P<name2>" + _NAME + r")"
    r"|according\s+to\s+(?P<name3>" + _NAME + r")"
    r")"
)
_SENTENCE_END_RE = re.compile(r"[.!?][\"\u201d\u2019)]*(?=\s|$)")
_FIRST_PERSON_RE = re.compile(r"(?<![\w])(?:I|we|We|our|Our|us|my|My)(?![\w])")


def _quote_spans(text: str, next_opens_quote: bool) -> list[tuple[int, int, int]]:
    """(content_start, content_end, mark_end) for each quotation in ``text``."""
    spans = []
    open_at = None
    position = 0
    while True:
        opening = _OPENING_RE.search(text, position)
        if opening is None:
            break
        open_at = opening.start()
        closing = _CLOSING_RE.search(text, open_at + 1)
        if closing is None:
            break
        i = closing.start()
        spans.append((open_at + 1, i, i + 1))
        open_at = None
        position = i + 1
    if open_at is not None:
        if next_opens_quote:
            spans.append((open_at + 1, len(text), len(text)))
        else:
            end = _SENTENCE_END_RE.search(text, open_at + 1)
            stop = end.end() if end else len(text)
            spans.append((open_at + 1, stop, stop))
    return spans


def _mask(text: str, spans) -> str:
    """Replace quotation contents by spaces (keeps offsets)."""
    chars = list(text)
    for start, end, _ in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


class _Attributor:
    """Resolves subjects to speakers for one corpus (gazetteer + pronoun memory)."""

    def __init__(self, matcher: GazetteerMatcher) -> None:
        self.matcher = matcher

    def name_to_speaker(self, name: str) -> tuple[str | None, str | None, bool]:
        """(speaker, group, is_person) for a capitalised name run."""
        entities = list(self.matcher.finditer(name))
        if entities:
            info = entities[-1][0]
            return info.name, info.group, info.type == "person"
        words = [w.rstrip(".,") for w in name.split()]
        words = [w[:-2] if w.endswith(("'s", "\u2019s")) else w for w in words]
        while words and (words[0] in TITLE_WORDS or words[0].lower() in STOPWORDS):
            words = words[1:]
        while words and (words[-1] in TITLE_WORDS or words[-1].lower() in STOPWORDS):
            words = words[:-1]
        if not words:
            return None, None, False
        # Not in the gazetteer: the name as written, without titles, side unknown. (A capitalised common
        # noun such as "Diplomats" is taken as a name too: nothing here tells the two apart.)
        return " ".join(words), None, True


def _last_person(history: list, paragraph_index: int, position: int):
    """Most recent (speaker, group) before ``position`` in paragraph ``paragraph_index``.

    ``history`` is in paragraph order, so only its tail (the paragraphs within
    :data:`PRONOUN_LOOKBACK`) is read: the cost does not grow with the article.
    Of equal positions the entry recorded last wins."""
    best = None
    floor = paragraph_index - PRONOUN_LOOKBACK
    for para_idx, pos, speaker, group in reversed(history):
        if para_idx < floor:
            break
        if para_idx > paragraph_index or (para_idx == paragraph_index and pos >= position):
            continue
        key = (para_idx, pos)
        if best is None or key > best[0]:
            best = (key, speaker, group)
    return (best[1], best[2]) if best else (None, None)


def _quotes_for_article(article_id, paragraphs: list[tuple[int, str]], attributor: _Attributor) -> list[tuple]:
    rows = []
    # history of person mentions: (paragraph index, position, speaker, group)
    history: list = []
    previous_speaker = (None, None)  # speaker named in the previous paragraph
    for index, (paragraph_no, text) in enumerate(paragraphs):
        next_text = paragraphs[index + 1][1] if index + 1 < len(paragraphs) else ""
        spans = _quote_spans(text, bool(next_text) and next_text[0] in _OPENING)
        masked = _mask(text, spans)
        for info, _, start, _ in attributor.matcher.finditer(masked):
            if info.type == "person":
                history.append((index, start, info.name, info.group))
        paragraph_speaker = (None, None)
        for start, end, mark_end in spans:
            quote = text[start:end].strip().rstrip(",").strip()
            if not quote:
                continue
            speaker, group = None, None
            if len(quote.split()) >= MIN_QUOTE_WORDS:
                speaker, group = _attribute(text, masked, start, end, mark_end, index, history, attributor)
                if speaker is None and paragraph_speaker[0]:
                    # a further quotation in the same paragraph continues its speaker
                    speaker, group = paragraph_speaker
                if speaker is None and len(masked.strip(' "\u201c\u201d')) == 0 and previous_speaker[0]:
                    speaker, group = previous_speaker
            if speaker is not None:
                history.append((index, start, speaker, group))
                paragraph_speaker = (speaker, group)
            rows.append((article_id, paragraph_no, speaker, group, quote, start, end))
        if paragraph_speaker[0] is None:
            paragraph_speaker = _clause_speaker(masked, index, history, attributor)
        previous_speaker = paragraph_speaker
    return rows


def _resolve(match_name, pronoun, index, position, history, attributor):
    if pronoun:
        return _last_person(history, index, position)
    if match_name:
        speaker, group, _ = attributor.name_to_speaker(match_name)
        return speaker, group
    return None, None


#: How far before a speech verb its subject is looked for (characters): a name, an appositive and filler words.
_SUBJECT_WINDOW = 240


def _left_of(text: str, position: int) -> str:
    """What :func:`_subject_before` reads of ``text[:position]``: one character more than its window (so it
    still cuts at a word), copied in constant time however long the paragraph."""
    return text[max(0, position - _SUBJECT_WINDOW - 1) : position]


def _subject_before(left: str, index: int, position: int, history, attributor):
    """Speaker from the subject that ends ``left`` (text just before a speech verb); only the last
    :data:`_SUBJECT_WINDOW` characters are searched, so the cost per verb is bounded."""
    if len(left) > _SUBJECT_WINDOW:
        left = left[-_SUBJECT_WINDOW:]
        left = left[left.find(" ") + 1 :]  # start at a word, never inside one
    match = _SUBJECT_BEFORE_VERB_RE.search(left)
    if not match:
        return None, None
    return _resolve(match.group("name"), match.group("pronoun"), index, position, history, attributor)


def _attribute(text, masked, start, end, mark_end, index, history, attributor):
    # 1. right after the closing mark -- unless a full stop inside the
    # quotation ended the sentence ('"… stability." And Clinton said …')
    after = masked[mark_end:]
    match = _AFTER_QUOTE_RE.match(after)
    if match and not text[start:end].rstrip().endswith("."):
        name = match.group("name") or match.group("name2") or match.group("name3")
        speaker = _resolve(name, match.group("pronoun"), index, start, history, attributor)
        if speaker[0]:
            return speaker
    # 2. earlier in the same sentence (quotation contents masked, so their
    # full stops do not count as sentence ends)
    prefix = masked[: start - 1] if start > 0 else ""
    ends = list(_SENTENCE_END_RE.finditer(prefix))
    sentence_start = ends[-1].end() if ends else 0
    sentence_prefix = prefix[sentence_start:]
    for verb in reversed(list(_VERB_RE.finditer(sentence_prefix))):
        speaker = _subject_before(_left_of(sentence_prefix, verb.start()), index, start, history, attributor)
        if speaker[0]:
            return speaker
    return None, None


def _clause_speaker(masked: str, index: int, history, attributor):
    """Speaker of the last 'X said' clause of a paragraph (for a following quote paragraph)."""
    for verb in reversed(list(_VERB_RE.finditer(masked))):
        speaker = _subject_before(_left_of(masked, verb.start()), index, verb.start(), history, attributor)
        if speaker[0]:
            return speaker
    return None, None


def _interview_rows(article_id, paragraphs, interviewee: str, matcher: GazetteerMatcher) -> list[tuple]:
    entities = list(matcher.finditer(interviewee))
    if entities:
        speaker, group = entities[-1][0].name, entities[-1][0].group
    else:
        speaker, group = " ".join(interviewee.split()), None
    rows = []
    for paragraph_no, text in paragraphs:
        if any(ch in text for ch in _OPENING + _CLOSING):
            continue
        if _FIRST_PERSON_RE.search(text):
            rows.append((article_id, paragraph_no, speaker, group, text.strip(), -1, -1))
    return rows


_TITLE_WORD_RE = re.compile(r"[^\W\d_][\w'\u2019/-]*")


def is_title(quote: str) -> bool:
    """True when quoted words read as a title or name ("Action Program on Economic
    Partnership", "RFE/RL Central Asia Report"): at least three quarters of the
    words longer than three letters are capitalised."""
    words = [w for w in _TITLE_WORD_RE.findall(quote) if len(w) > 3]
    if not words:
        return False
    return sum(1 for w in words if w[0].isupper()) >= 0.75 * len(words)


def is_quotation(quote: str) -> bool:
    """True for quoted speech: at least :data:`MIN_QUOTE_WORDS` words and not a title."""
    return len(quote.split()) >= MIN_QUOTE_WORDS and not is_title(quote)


def _article_quote_rows(corpus) -> list[tuple]:
    """Rows (article_id, paragraph, speaker, group, quote, start, end) of every quoted span, computed once."""
    if "quote_rows" in corpus.cache:
        return corpus.cache["quote_rows"]
    matcher = gazetteer_matcher(corpus.data_dir)
    attributor = _Attributor(matcher)
    articles = corpus.articles
    interviewees: dict = {}  # article id -> interviewee, for the interviews whose manifest names one
    if "id" in articles.columns and "interviewee" in articles.columns:
        for article_id, genre, interviewee in zip(
            articles["id"].tolist(), articles["genre"].tolist(), articles["interviewee"].tolist()
        ):
            if str(genre or "").strip().lower() == "interview" and isinstance(interviewee, str) and interviewee.strip():
                interviewees[article_id] = interviewee
            else:
                interviewees.pop(article_id, None)
    paragraphs_table = corpus.paragraphs
    parts = paragraphs_table["part"] if "part" in paragraphs_table.columns else [None] * len(paragraphs_table)
    by_article: dict[str, list[tuple[int, str, object]]] = {}  # in corpus order, as groupby(sort=False)
    for article_id, paragraph_no, text, part in zip(
        paragraphs_table["article_id"].tolist(),
        paragraphs_table["paragraph"].tolist(),
        paragraphs_table["text"].astype(str).tolist(),
        parts,
    ):
        by_article.setdefault(article_id, []).append((int(paragraph_no), text, part))
    rows: list[tuple] = []
    keys: dict[str, tuple] = {}
    for article_id, items in by_article.items():
        items.sort(key=lambda item: item[0])
        keys[article_id] = tuple((paragraph_no, text) for paragraph_no, text, _ in items)
    distinct = list(dict.fromkeys(keys.values()))  # identical articles are analysed once
    # the workers get the position of each article's paragraphs, not the texts, which they already hold
    found = map_texts(
        lambda i: _quotes_for_article(None, list(distinct[i]), attributor), range(len(distinct)), per_article=True
    )
    done: dict[tuple, list[tuple]] = dict(zip(distinct, found))
    for article_id, items in by_article.items():
        paragraphs = list(keys[article_id])
        key = keys[article_id]
        article_rows = [(article_id,) + row[1:] for row in done[key]]
        if article_id in interviewees:
            answer_paragraphs = (
                [(n, t) for n, t, part in items if part == "answer"]
                if "part" in paragraphs_table.columns
                else paragraphs
            )
            article_rows.extend(_interview_rows(article_id, answer_paragraphs, interviewees[article_id], matcher))
        # reading order: paragraph, then position in the paragraph
        article_rows.sort(key=lambda row: (row[1], row[5]))
        rows.extend(article_rows)
    rows = _with_actors(corpus, rows)
    corpus.cache["quote_rows"] = rows
    return rows


# "I asked, ..." / "we said: ..." just before a quotation in a speaker's own turn
_FIRST_PERSON_SPEECH_RE = re.compile(
    r"(?<![\w])(?:I|[Ww]e)\s+(?:(?:have|had|also|then|just)\s+)?(?:" + "|".join(SPEECH_VERBS) + r"|asked|ask|say)\b"
    r"[^.!?\"\u201c\u201d]{0,40}$"
)


def _with_actors(corpus, rows: list[tuple]) -> list[tuple]:
    """Speakers made canonical with the actor index (names found in the article itself too), and a
    quotation a transcript speaker or interviewee introduces with "I asked" given to that speaker."""
    index = actor_index(corpus)
    paragraphs = corpus.paragraphs
    turns = {}
    if "part" in paragraphs.columns:
        for article_id, paragraph_no, part, label, text in zip(
            paragraphs["article_id"].tolist(),
            paragraphs["paragraph"].tolist(),
            paragraphs["part"].tolist(),
            paragraphs["speaker_label"].tolist(),
            paragraphs["text"].astype(str).tolist(),
        ):
            if part in ("turn", "answer") and isinstance(label, str) and label:
                turns[(article_id, int(paragraph_no))] = (label, text)
    out = []
    for row in rows:
        article_id, paragraph_no, speaker, group, quote, start, end = row
        if speaker is None and start > 0 and (article_id, paragraph_no) in turns:
            label, text = turns[(article_id, paragraph_no)]
            if _FIRST_PERSON_SPEECH_RE.search(text[max(0, start - 80) : start - 1]):
                speaker = label
        if isinstance(speaker, str):
            found = index.resolve(article_id, speaker)
            if found:
                speaker, group = found[0], (found[2] if found[2] != "Unknown" else group)
        out.append((article_id, paragraph_no, speaker, group, quote, start, end))
    return out


QUOTE_SPAN_COLUMNS = ["article_id", "paragraph", "start", "end", "speaker", "speaker_group", "quote"]


@per_corpus
def quote_spans(corpus: Corpus) -> pd.DataFrame:
    """Where each quotation stands in its paragraph (character offsets), with its speaker.

    Returns
    -------
    DataFrame with columns article_id, paragraph, start, end (offsets of the
    quoted words in the paragraph text, end exclusive), speaker,
    speaker_group, quote. Only quotations (:func:`is_quotation`); interview
    answers, which are not marked by quotation marks, are not included.
    """
    rows = [
        (r[0], r[1], r[5], r[6], r[2], r[3], r[4])
        for r in _article_quote_rows(corpus)
        if r[5] >= 0 and is_quotation(r[4])
    ]
    return pd.DataFrame(rows, columns=QUOTE_SPAN_COLUMNS)


@per_corpus
def extract_quotes(corpus: Corpus) -> pd.DataFrame:
    """Quotations in the article text, with their speakers where the text names them.

    Returns
    -------
    DataFrame with columns article_id, paragraph (the paragraph number every
    table uses), speaker (canonical gazetteer name, a name as written if not
    in the gazetteer, or None if unattributed), speaker_group (the speaker's
    power bloc from the gazetteer, or None) and quote (the quoted words,
    without quotation marks or a trailing comma).  One row per quotation, in
    reading order; scare quotes (fewer than :data:`MIN_QUOTE_WORDS` words)
    and titles (:func:`is_title`) are not quotations and are left out. For an
    interview with a manifest ``interviewee`` each of the interviewee's
    first-person answer paragraphs is a row of its own.
    """
    rows = [r[:5] for r in _article_quote_rows(corpus) if r[5] < 0 or is_quotation(r[4])]
    return pd.DataFrame(rows, columns=QUOTE_COLUMNS)
