"""Document parts: which paragraphs of an article are article text, and what the rest is.

A page as received is not one text. Its paragraphs are numbered once, in the
order they stand in the file (furniture included), and every paragraph gets a
``part``:

* article text: ``body`` (the writer's prose, or an institution's statement),
  ``question`` and ``answer`` (interviews; a reporter's question in a
  transcript), ``turn`` (a transcript speaker's turn);
* furniture: ``headline``, ``standfirst``, ``byline``, ``dateline``,
  ``subheading``, ``caption``, ``credit``, ``note``, ``biography``,
  ``signature``, ``boilerplate``.

Only article text is counted by the analyses; the furniture is kept, with its
part, for the source pages and for what it tells about the source.

Paragraphs
    Cut as :mod:`kzanalysis.load.paragraphs` describes: blank lines,
    soft wraps, boilerplate lines and speaker labels.

Rules, in order (the first that applies decides)
    1. ``parts:`` in the article's manifest entry (paragraph number -> part)
       overrides everything, for the odd case no rule gets right.
    2. Boilerplate: a line matched by ``data/boilerplate.yml`` (its ``kind``
       ``caption`` gives part ``caption``, ``byline-note`` gives ``note``,
       any other kind ``boilerplate``); an exact repeat of an earlier
       paragraph; the generic page furniture of :data:`_FURNITURE_RE`
       (``###`` end marks, sign-up and share prompts, copyright lines).
    3. Transcript structure: a paragraph opening with a speaker label
       (``MS. SMITH:``, ``THE PRESIDENT:``, ``MODERATOR:``, ``Q``, ``Q:``) is a
       ``turn`` (``question`` for ``Q``); unlabelled paragraphs after it
       continue the same speaker until the next label. Interviews with
       ``Q:``/``A:`` labels give ``question``/``answer``. Time stamps
       (``2:52 P.M. EST``) and place lines before the first turn are
       ``dateline``.
    4. Lines of their own at the top, before the first paragraph of prose:
       the manifest title (or the first short line) is the ``headline``; the
       manifest author, or a ``By ...`` line, is the ``byline``; a time,
       date or "Aboard ..." line is the ``dateline``; one short sentence
       right under the headline is the ``standfirst`` (a lede that opens
       with a source tag such as ``(RFE/RL) --`` is prose, not a standfirst).
    5. An appended biography: a heading such as ``Biography of ...``,
       ``About the author`` or ``Curriculum vitae`` and every paragraph after
       it; without a heading, a closing run of at least three paragraphs full
       of curriculum cues ("was appointed", "graduated from", "was born in").
    6. Closing notes: "X contributed to this report" and "Reporting by X"
       are ``credit``; a short closing "X is a journalist in ..." or a
       parenthesised source tag is a ``note``; a closing line that is only
       a name (and title) in a statement is the ``signature``.
    7. ``subheading``: a short line of its own (at most
       :data:`SUBHEADING_MAX_WORDS` words, no closing punctuation) between
       paragraphs of prose.
    8. Interviews without labels: after the introduction (the paragraphs up
       to one that ends with a colon, "Excerpts follow:", or up to the first
       subheading), prose paragraphs are the interviewee's ``answer``; with
       no such marker, the prose paragraphs in the first person (and
       without quotation marks) are.
    9. Everything else is ``body``.

The rules look at position, length, punctuation, capitalisation and labels,
and at the manifest's ``title``, ``author``, ``genre`` and ``interviewee``;
they never name an article. Each paragraph records the rule that decided it.
Time is linear in the length of the text.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .clean import _compiled
from .paragraphs import INVISIBLE as INVISIBLE  # paragraph text is cleaned of these (see load.paragraphs)
from .paragraphs import _label_of, _split_units

__all__ = [
    "ARTICLE_TEXT_PARTS",
    "FURNITURE_PARTS",
    "PARTS",
    "Paragraph",
    "segment_article",
    "is_transcript_genre",
    "is_statement_genre",
    "is_interview_genre",
]

ARTICLE_TEXT_PARTS = ("body", "question", "answer", "turn")
FURNITURE_PARTS = (
    "headline",
    "standfirst",
    "byline",
    "dateline",
    "subheading",
    "caption",
    "credit",
    "note",
    "biography",
    "signature",
    "boilerplate",
)
PARTS = ARTICLE_TEXT_PARTS + FURNITURE_PARTS

#: Longest line (in words) read as a subheading.
SUBHEADING_MAX_WORDS = 12
#: Longest single sentence (in words) read as a standfirst.
STANDFIRST_MAX_WORDS = 30
#: Longest closing paragraph (in words) read as an author note or credit.
NOTE_MAX_WORDS = 40

_STATEMENT_GENRES = ("readout", "statement", "communiqu", "fact sheet", "factsheet", "press release", "declaration")
_TRANSCRIPT_GENRES = ("briefing", "transcript", "gaggle", "press conference", "remarks")


def _genre(meta: Mapping[str, Any]) -> str:
    return str(meta.get("genre") or "").strip().lower()


def is_statement_genre(genre: str) -> bool:
    """True for genres in which an institution speaks (readout, statement, fact sheet, ...)."""
    genre = (genre or "").lower()
    return any(g in genre for g in _STATEMENT_GENRES)


def is_transcript_genre(genre: str) -> bool:
    """True for genres that are sequences of speaker turns (press briefing, transcript, ...)."""
    genre = (genre or "").lower()
    return any(g in genre for g in _TRANSCRIPT_GENRES)


def is_interview_genre(genre: str) -> bool:
    """True for interviews."""
    return "interview" in (genre or "").lower()


@dataclass
class Paragraph:
    """One numbered paragraph of an article as received.

    ``text`` is the paragraph with its lines joined (a speaker label removed);
    ``label`` is the speaker label as printed ("MS. JEAN-PIERRE", "Q"), or "";
    ``speaker_label`` is the label of the turn the paragraph belongs to (also
    for unlabelled continuation paragraphs); ``rule`` says which rule decided
    the part; ``line_start``/``line_end`` are 1-based line numbers in the
    normalised raw text.
    """

    number: int
    part: str
    text: str
    label: str = ""
    speaker_label: str = ""
    rule: str = ""
    line_start: int = 0
    line_end: int = 0
    furniture_kind: str = field(default="")


# ------------------------------------------------------------------ patterns

_TIME_RE = re.compile(r"^(?:END\s+)?\d{1,2}:\d{2}\s*[AaPp]\.?\s?[Mm]\.?(?:\s+[A-Z]{2,4})?\.?$")
_PLACE_LINE_RE = re.compile(r"^(?:Aboard|On board|En route|En Route|Via Teleconference|Via teleconference)\b")
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_DATE_LINE_RE = re.compile(
    r"^(?:[A-Z][\w.'\u2019-]*(?:[ ,]+[A-Z][\w.'\u2019-]*){0,4},?\s+)?"
    r"(?:(?:" + _MONTHS + r")\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+(?:" + _MONTHS + r")\s+\d{4}|\d{4}-\d{2}-\d{2})\.?$"
)
_BYLINE_RE = re.compile(
    r"^(?:(?:Interview(?:ed)?|Text|Story|Words|Analysis|Commentary) by|By|BY|by)"
    r"\s+[A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*){0,4}(?:\s*(?:,|and)\s*.*)?$"
)
_CREDIT_RE = re.compile(
    r"(?:\bcontributed (?:to )?(?:this|the) (?:report|article|story)\.?$"
    r"|^(?:Additional |Editing |Writing )?(?:reporting|Reporting|editing|Editing|writing|Writing) by\b"
    r"|^(?:Compiled|Edited|Translated|Written|Produced) by\b)"
)
_AUTHOR_NOTE_RE = re.compile(
    r"^(?:[A-Z][\w.'\u2019-]*\s){1,3}(?:is|was)\s+(?:a|an|the)\s"
    r"[^.]*\b(?:journalist|correspondent|writer|editor|reporter|analyst|pseudonym|fellow|professor|author|"
    r"researcher|contributor|director|freelance)\b"
)
_SOURCE_TAG_RE = re.compile(r"^\([^()]{1,60}\)\.?$")
_LEDE_RE = re.compile(r"^(?:[A-Z][\w.,' \u2019-]{0,60})?\([A-Z][\w/ .&-]{1,30}\)\s*(?:--|\u2014|\u2013|-)\s*")
_LEDE_DASH_RE = re.compile(r"^[A-Z][A-Za-z.' ]{1,40}(?:,\s*[^-\u2014]{1,40})?\s*(?:--|\u2014)\s+\S")
# What a one-sentence news lede has and a standfirst does not: a speech verb, a quotation, a date.
_NEWS_LEDE_RE = re.compile(
    r"\b(?:said|says|told|announced|confirmed|declared|stated|reported|insisted|warned|added)\b"
    r"|[\"\u201c\u201d]|\b(?:on|last|this) (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
    r"|\b(?:" + _MONTHS + r") \d{1,2}\b"
)
_BIO_HEADING_RE = re.compile(
    r"^(?:(?:Short |Official )?Biography|Biographical (?:note|sketch)|Curriculum [Vv]itae|CV|Profile|Resume|"
    r"R\u00e9sum\u00e9|"
    r"About the (?:author|authors|interviewee|speaker)|"
    r"About (?:the )?[A-Z][\w.'\u2019-]*(?: [A-Z][\w.'\u2019-]*){0,3})\b"
)
_BIO_CUE_RE = re.compile(
    r"\b(?:was born|born in|graduated|was appointed|has been appointed|served as|has served|studied at|studied in|"
    r"worked as|worked in|is married|fluent in|holds a|has a Ph\.?D|Ph\.D\.|was awarded|has been awarded|"
    r"was elected|career|degree in|alumnus|alumna)\b"
)
# Generic page furniture, independent of any site.
_FURNITURE_RE = re.compile(
    r"^(?:\\?#{3,}|-{3,}|\*{3,}|END|###)$"
    r"|^(?:SUBSCRIBE|Subscribe|Sign up|Sign Up|Share this|Share on|Follow us|Print this|Email this|Read more|"
    r"Related:|Related articles|Advertisement|ADVERTISEMENT|Skip to (?:main )?content|Back to top|Cookie)\b"
    r"|(?:\u00a9|\(c\)|All rights reserved|All Rights Reserved)"
)
_TERMINAL_PUNCT = '.!?:;"\u201d\u2019)\u2026'
_WORD_RE = re.compile(r"[^\W_]+(?:['\u2019\-][^\W_]+)*")
_FIRST_PERSON_RE = re.compile(r"(?<![\w])(?:I|we|We|our|Our|us|my|My)(?![\w])")

_BOILERPLATE_PART = {"caption": "caption", "byline-note": "note"}


# ------------------------------------------------------------------ helpers


@functools.lru_cache(maxsize=4096)
def _words(text: str) -> tuple[str, ...]:
    """The words of ``text`` (several rules ask for the same paragraph's words: found once)."""
    return tuple(_WORD_RE.findall(text))


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return " ".join(w.lower() for w in _words(text))


def _similar(a: str, b: str) -> bool:
    """True when two lines have (nearly) the same words (a headline and the manifest title)."""
    wa, wb = _norm(a).split(), _norm(b).split()
    if not wa or not wb:
        return False
    sa, sb = set(wa), set(wb)
    overlap = len(sa & sb) / max(len(sa), len(sb))
    return overlap >= 0.8 or (
        len(sa) >= 3 and (sa <= sb or sb <= sa) and min(len(sa), len(sb)) / max(len(sa), len(sb)) >= 0.5
    )


def _ends_sentence(text: str) -> bool:
    return bool(text) and text.rstrip()[-1] in _TERMINAL_PUNCT


def _is_heading_shape(text: str) -> bool:
    """A short line with no closing punctuation that starts with a capital."""
    words = _words(text)
    if not words or len(words) > SUBHEADING_MAX_WORDS:
        return False
    if _ends_sentence(text) or not text[0].isupper() and not text[0].isdigit():
        return False
    return True


def _is_name_shape(text: str, max_words: int = 5) -> bool:
    """Two to five capitalised words (initials, particles allowed), nothing else."""
    tokens = text.replace(",", " ").split()
    if not 2 <= len(tokens) <= max_words:
        return False
    particles = {
        "de",
        "van",
        "von",
        "der",
        "bin",
        "al",
        "la",
        "le",
        "du",
        "da",
        "di",
        "and",
        "of",
        "the",
        "for",
        "Jr.",
        "Sr.",
    }
    return all(t[0].isupper() or t in particles for t in tokens)


# ------------------------------------------------------------ classification


def segment_article(
    raw: str,
    meta: Mapping[str, Any] | None = None,
    patterns: Iterable[Mapping[str, Any]] = (),
) -> list[Paragraph]:
    """Number the paragraphs of one article and give each its part.

    Parameters
    ----------
    raw : str
        The article as received, with LF line endings.
    meta : mapping, optional
        The article's manifest fields; ``title``, ``author``, ``genre``,
        ``interviewee`` and ``parts`` (an override: paragraph number -> part)
        are used.
    patterns : iterable of dict
        Boilerplate patterns (id, kind, regex, optionally compiled), as from
        :func:`kzanalysis.load.resources.load_boilerplate`.

    Returns
    -------
    list of Paragraph
        In reading order, numbered from 1.
    """
    meta = meta or {}
    units = _split_units(raw, _compiled(patterns))
    paragraphs: list[Paragraph] = []
    seen: dict[str, int] = {}  # normalised text -> number of its first paragraph
    for number, unit in enumerate(units, start=1):
        text = unit.text
        para = Paragraph(number, "", text, line_start=unit.line_start, line_end=unit.line_end)
        key = _norm(text)
        if unit.boilerplate is not None:
            rule_id, kind = unit.boilerplate
            para.part, para.rule, para.furniture_kind = (
                _BOILERPLATE_PART.get(kind, "boilerplate"),
                f"pattern:{rule_id}",
                kind,
            )
        elif key in seen and (len(key.split()) >= 3 or seen[key] <= 3) and _label_of(unit.lines[0]) is None:
            para.part, para.rule, para.furniture_kind = "boilerplate", "repeat", "repeated-headline"
        elif _FURNITURE_RE.search(text):
            para.part, para.rule = "boilerplate", "generic-furniture"
        if key:
            seen.setdefault(key, number)
        paragraphs.append(para)
    _classify(paragraphs, meta)
    _apply_override(paragraphs, meta)
    return paragraphs


def _classify(paragraphs: list[Paragraph], meta: Mapping[str, Any]) -> None:
    genre = _genre(meta)
    title = str(meta.get("title") or "")
    author = str(meta.get("author") or "")
    open_ = [p for p in paragraphs if not p.part]

    # 3. transcript labels
    labelled = 0
    for p in open_:
        found = _label_of(p.text)
        if found:
            kind, label, rest = found
            p.label, p.text = label, rest.strip()
            p.speaker_label = label
            p.rule = f"label:{kind}"
            labelled += 1 if kind == "speaker" else 0
            p.part = {"q": "question", "a": "answer", "speaker": "turn"}[kind]
    transcript = labelled >= 2 or (labelled >= 1 and is_transcript_genre(genre))
    qa_labels = any(p.rule in ("label:q", "label:a") for p in open_)
    if not transcript:
        # a lone upper-case "X:" opening in prose is not a turn
        for p in open_:
            if p.rule == "label:speaker":
                p.text = f"{p.label}: {p.text}"
                p.label = p.speaker_label = ""
                p.part = p.rule = ""
            elif p.rule == "label:q" and not qa_labels:
                p.part = p.rule = ""
    if transcript:
        _continue_turns(paragraphs)

    # 5. biography
    _mark_biography(paragraphs)

    # 4. the top of the page
    _mark_top(paragraphs, title, author, transcript, genre)

    # 6. closing notes, credits, signature
    _mark_closing(paragraphs, author, genre)

    # 7. subheadings between paragraphs of prose
    prose_seen = False
    following = _next_not_boilerplate(paragraphs)
    for index, p in enumerate(paragraphs):
        if p.part in ARTICLE_TEXT_PARTS or (not p.part and not _is_heading_shape(p.text)):
            prose_seen = True
        if p.part or not prose_seen:
            continue
        if _is_heading_shape(p.text) and not _DATE_LINE_RE.match(p.text):
            nxt = paragraphs[following[index]] if following[index] is not None else None
            if nxt is not None and (not nxt.part or nxt.part in ARTICLE_TEXT_PARTS) and not _is_heading_shape(nxt.text):
                p.part, p.rule = "subheading", "short line between paragraphs"

    # 8. interviews without labels
    if is_interview_genre(genre) and not qa_labels:
        _mark_answers(paragraphs)

    for p in paragraphs:
        if not p.part:
            p.part, p.rule = "body", "prose"


def _next_not_boilerplate(paragraphs: list[Paragraph]) -> list[int | None]:
    """For each paragraph, the index of the next paragraph that is not boilerplate (None at the end)."""
    following: list[int | None] = [None] * len(paragraphs)
    nxt = None
    for index in range(len(paragraphs) - 1, -1, -1):
        following[index] = nxt
        if paragraphs[index].part != "boilerplate":
            nxt = index
    return following


def _continue_turns(paragraphs: list[Paragraph]) -> None:
    """Unlabelled paragraphs continue the turn before them; time stamps are datelines."""
    current: Paragraph | None = None
    for p in paragraphs:
        if p.part == "boilerplate" or p.part in ("caption", "note"):
            continue
        if _TIME_RE.match(p.text) or (current is None and _PLACE_LINE_RE.match(p.text)):
            p.part, p.rule = "dateline", "time or place line"
            continue
        if p.rule.startswith("label:"):
            current = p
            continue
        if current is not None and not p.part:
            p.part = current.part
            p.speaker_label = current.speaker_label
            p.rule = "continues turn"


def _mark_biography(paragraphs: list[Paragraph]) -> None:
    start = None
    for index, p in enumerate(paragraphs):
        if p.part:
            continue
        if len(_words(p.text)) <= 12 and not _ends_sentence(p.text) and _BIO_HEADING_RE.match(p.text):
            start = index
            break
    if start is None:
        # a closing run of curriculum paragraphs, without a heading
        run: list[int] = []
        for index in range(len(paragraphs) - 1, -1, -1):
            p = paragraphs[index]
            if p.part == "boilerplate":
                continue
            if not p.part and _BIO_CUE_RE.search(p.text) and len(_words(p.text)) <= 120:
                run.append(index)
                continue
            break
        if len(run) >= 3:
            start = min(run)
    if start is None:
        return
    for p in paragraphs[start:]:
        if not p.part or p.part in ARTICLE_TEXT_PARTS:
            p.part, p.rule = "biography", "appended biography"


def _mark_top(paragraphs: list[Paragraph], title: str, author: str, transcript: bool, genre: str = "") -> None:
    """Headline, byline, dateline and standfirst above the first paragraph of prose."""
    # institutions' texts (readouts, statements, fact sheets) carry no standfirst
    prose_genre = not is_statement_genre(genre)
    headline_done = standfirst_done = False
    # text_after[i]: some paragraph after i is (or may still become) article text
    text_after = [False] * len(paragraphs)
    seen_text = False
    for index in range(len(paragraphs) - 1, -1, -1):
        text_after[index] = seen_text
        seen_text = seen_text or paragraphs[index].part in ("", *ARTICLE_TEXT_PARTS)
    for index, p in enumerate(paragraphs):
        if p.part in ARTICLE_TEXT_PARTS or p.part == "biography":
            break
        if p.part:
            continue
        text = p.text
        n_words = len(_words(text))
        if title and _similar(text, title):
            p.part, p.rule = ("headline", "manifest title") if not headline_done else ("boilerplate", "repeated title")
            headline_done = True
            continue
        if _TIME_RE.match(text) or _PLACE_LINE_RE.match(text) or _DATE_LINE_RE.match(text):
            p.part, p.rule = "dateline", "time, place or date line"
            continue
        if _BYLINE_RE.match(text) and n_words <= 12:
            p.part, p.rule = "byline", "By line"
            continue
        if author and n_words <= 8 and _norm(author).split()[:2] and _similar(text, author.split("(")[0]):
            p.part, p.rule = "byline", "manifest author"
            continue
        if not headline_done and text_after[index] and n_words <= 30 and not _ends_sentence(text):
            p.part, p.rule = "headline", "first short line"
            headline_done = True
            continue
        if transcript:
            if n_words <= 12 and not _ends_sentence(text):
                p.part, p.rule = "dateline", "line above the first turn"
                continue
            break
        # a standfirst: one short sentence under the headline, before the lede
        if (
            headline_done
            and not standfirst_done
            and prose_genre
            and _is_standfirst(text, itertools.islice(paragraphs, index + 1, None))
        ):
            p.part, p.rule = "standfirst", "one sentence under the headline"
            standfirst_done = True
            continue
        break


def _is_standfirst(text: str, rest: Iterable[Paragraph]) -> bool:
    words = _words(text)
    if not 6 <= len(words) <= STANDFIRST_MAX_WORDS or not text.endswith("."):
        return False
    if _LEDE_RE.match(text) or _LEDE_DASH_RE.match(text) or _FIRST_PERSON_RE.search(text):
        return False
    if _NEWS_LEDE_RE.search(text):  # a one-sentence lede reports: "X said", quotes, dates
        return False
    if re.search(r"[.!?][\"\u201d']?\s+[A-Z]", text[:-1]):  # more than one sentence
        return False
    nxt = next((q for q in rest if q.part not in ("boilerplate",)), None)
    return nxt is not None and not nxt.part and len(_words(nxt.text)) > len(words)


def _mark_closing(paragraphs: list[Paragraph], author: str, genre: str) -> None:
    """Credits, author notes, source tags and signatures at the end."""
    checked = 0
    for p in reversed(paragraphs):
        if p.part in ("boilerplate", "caption"):
            continue
        if checked >= 4:
            break
        checked += 1
        if p.part and p.part not in ("body",):
            if p.part in ARTICLE_TEXT_PARTS:
                # a transcript's last turn may still carry a credit line
                pass
            continue
        text = p.text
        n_words = len(_words(text))
        if _CREDIT_RE.search(text) and n_words <= NOTE_MAX_WORDS:
            p.part, p.rule = "credit", "credit line"
        elif _SOURCE_TAG_RE.match(text):
            p.part, p.rule = "note", "source tag"
        elif _AUTHOR_NOTE_RE.match(text) and n_words <= NOTE_MAX_WORDS:
            p.part, p.rule = "note", "note on the author"
        elif (
            _is_name_shape(text, 8)
            and (not _ends_sentence(text) or text.endswith(("Jr.", "Sr.")))
            and (is_statement_genre(genre) or checked == 1)
            and any(q.part in ("", "body") and q is not p for q in paragraphs[: paragraphs.index(p)])
        ):
            p.part, p.rule = "signature", "closing name line"
        else:
            break


def _mark_answers(paragraphs: list[Paragraph]) -> None:
    """In an interview without Q/A labels, prose after the introduction is the interviewee's."""
    start = None
    for index, p in enumerate(paragraphs):
        if p.part == "subheading" or (not p.part and p.text.rstrip().endswith(":")):
            start = index + 1
            break
    if start is None:
        # no marker: the prose paragraphs that speak in the first person
        for p in paragraphs:
            if not p.part and _FIRST_PERSON_RE.search(p.text) and not any(c in p.text for c in '"\u201c\u201d'):
                p.part, p.rule = "answer", "first person in an interview"
        return
    for p in paragraphs[start:]:
        if not p.part:
            p.part, p.rule = "answer", "interview after the introduction"


def _apply_override(paragraphs: list[Paragraph], meta: Mapping[str, Any]) -> None:
    override = meta.get("parts")
    if not isinstance(override, Mapping):
        return
    by_number = {p.number: p for p in paragraphs}
    for number, part in override.items():
        p = by_number.get(int(number))
        if p is not None and part in PARTS:
            p.part, p.rule = part, "manifest parts override"
