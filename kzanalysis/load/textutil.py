"""Plain-text primitives: paragraphs, sentences, word tokens, stopwords.

These are the single definitions of "paragraph", "sentence" and "word" used
everywhere in the package (statistics, themes, tone, summaries), so that a
count in one chapter agrees with a count in another.

* :func:`split_paragraphs` -- blank-line separated blocks.
* :func:`split_sentences` -- a rule-based splitter that knows English
  abbreviations (``Mr.``, ``Dr.``, ``St.``), initials (``George W. Bush``),
  dotted initialisms (``U.S.``), decimals (``2.5``), sentences that end inside
  quotation marks, and slash names such as ``RFE/RL``.
* :func:`tokenize` -- lower-case word tokens.
* :data:`STOPWORDS` -- English function words.

All functions are pure and work on ``str``; regular expressions are compiled
once at import time.
"""

from __future__ import annotations

import re
from itertools import pairwise

__all__ = ["split_paragraphs", "split_sentences", "tokenize", "STOPWORDS"]

# ---------------------------------------------------------------- paragraphs

_BLANK_LINE_RE = re.compile(r"\n[^\S\n]*\n\s*")


def _normalize_newlines(text: str) -> str:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def split_paragraphs(text: str) -> list[str]:
    """Split text into paragraphs.

    Parameters
    ----------
    text : str
        Any text; CRLF and CR line endings are treated as LF.

    Returns
    -------
    list of str
        The blocks separated by one or more blank (empty or whitespace-only)
        lines, each stripped of surrounding whitespace; empty blocks are
        dropped. Single line breaks inside a block are kept.
    """
    text = _normalize_newlines(text)
    return [block.strip() for block in _BLANK_LINE_RE.split(text) if block.strip()]


# ----------------------------------------------------------------- sentences

# Titles and other abbreviations that are never the end of a sentence.
_TITLES = frozenset(
    """mr mrs ms messrs dr prof st mt ft gen col lt sgt capt cmdr maj adm
    sen rep gov pres rev hon amb sr jr no nos vs approx dept univ fig figs vol
    pp art jan feb mar apr jun jul aug sep sept oct nov dec""".split()
)
# Abbreviations that can close a sentence: split after them only when the
# next word is one that typically starts a sentence (see _STARTERS).
_MAYBE_FINAL = frozenset("etc inc ltd co corp bros plc al".split())

# Capitalised words that commonly begin a sentence. After an ambiguous
# abbreviation ("U.S.", "etc.") a split is made only before one of these, so
# "the U.S. Secretary of State" stays one sentence while "...to the U.S. The
# visit..." becomes two.
_STARTERS = frozenset(
    """a an the this that these those there then thus it its he his she her
    they their them we our us i in on at as for from of to by with without
    but and or nor so yet if when while where whereas whether although though
    because since after before during until unless meanwhile however moreover
    furthermore indeed instead still also now today yesterday tomorrow
    last next some many most much more several such both each every all any
    no neither either what why how who whom whose which one two three
    according asked speaking earlier later""".split()
)

# A candidate boundary: terminal punctuation, optional closing quotes or
# brackets, whitespace, then something that can start a sentence (optional
# opening quotes/brackets and an upper-case letter or a digit).
_BOUNDARY_RE = re.compile(
    r"(?<![.!?\u2026])(?P<punct>[.!?\u2026]+)(?P<close>[\"'\u201d\u2019)\]]*)(?P<space>\s+)"
    r"(?=(?P<open>[\"'\u201c\u2018(\[]*)(?P<next>[^\W_a-z][\w\-'\u2019]*|\d))"
)
_DOTTED_RE = re.compile(r"^(?:[^\W\d_]\.){2,}$")  # U.S.  U.N.  e.g.  a.m.
_INITIAL_RE = re.compile(r"^[^\W\d_a-z]\.$")  # W.  (a capital initial)
_LEADING_PUNCT_RE = re.compile(r"^[\"'\u201c\u2018(\[]+")
# A line ending with these continues on the next line (hard-wrapped prose).
_CONTINUES_RE = re.compile(r"[,;\-\u2013\u2014(/&]$")
_LINE_START_SENTENCE_RE = re.compile(r"^[\"'\u201c\u2018(\[]*[^\W_a-z]")


def _trailing_word(text: str, end: int) -> str:
    """The run of non-space characters ending at ``text[end]`` (exclusive).

    Scans backwards only over that word, so the cost over all boundaries of a
    segment is linear (a slice of everything before each boundary would make
    splitting quadratic)."""
    start = end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return text[start:end]


def _is_boundary(segment: str, match: re.Match) -> bool:
    punct = match.group("punct")
    if "!" in punct or "?" in punct or len(punct) > 1:
        return True
    if match.group("close"):
        # A full stop followed by a closing quote or bracket ends a sentence:
        # abbreviations do not sit directly inside closing quotes.
        return True
    word = _trailing_word(segment, match.start("punct"))
    if not word:
        return True
    word = _LEADING_PUNCT_RE.sub("", word) + "."
    bare = word[:-1]
    next_word = match.group("next")
    if bare.lower() in _TITLES:
        # "No. 5" is an abbreviation, "said no." is not (but it is lower case
        # only when not a title, so check case for "No").
        if bare.lower() == "no" and bare == "no":
            return True
        return False
    if _INITIAL_RE.match(word):
        return False
    if _DOTTED_RE.match(word) or bare.lower() in _MAYBE_FINAL:
        return match.group("open") != "" or next_word.lower() in _STARTERS
    return True


def _split_segment(segment: str) -> list[str]:
    sentences = []
    start = 0
    for match in _BOUNDARY_RE.finditer(segment):
        if _is_boundary(segment, match):
            end = match.start("space")
            piece = segment[start:end].strip()
            if piece:
                sentences.append(piece)
            start = match.end("space")
    tail = segment[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences


def _line_segments(paragraph: str) -> list[str]:
    """Group the lines of a paragraph into runs that belong to one sentence
    stream: a line break is a hard boundary (a headline, a byline, a title
    line) unless the line ends mid-clause (a comma, hyphen or dash, or a
    lower-case function word such as "of") or the next line starts in lower
    case, in which case the lines are joined with a space."""
    lines = [line.strip() for line in paragraph.split("\n")]
    lines = [line for line in lines if line]
    if len(lines) <= 1:
        return lines
    # Each segment is collected as a list of lines and joined once at the end;
    # the tests look only at the previous line (where the joined segment
    # ends), so the cost is linear in the paragraph's length.
    groups = [[lines[0]]]
    for previous, line in pairwise(lines):
        last_word = previous.rsplit(None, 1)[-1]
        if (
            _CONTINUES_RE.search(previous)
            or last_word in STOPWORDS  # "...the President of" + "Kazakhstan"
            or not _LINE_START_SENTENCE_RE.match(line)
        ):
            groups[-1].append(line)
        else:
            groups.append([line])
    return [" ".join(group) for group in groups]


def split_sentences(text: str) -> list[str]:
    """Split text into sentences with rules for English news prose.

    Parameters
    ----------
    text : str
        Any text. Blank lines (paragraph breaks) always end a sentence; a
        single line break ends one when the next line starts with a capital,
        digit or opening quote and the line before does not end mid-clause
        (comma, hyphen, dash, a lower-case function word), which keeps
        headlines and bylines apart.

    Returns
    -------
    list of str
        Sentences, stripped, in order. A sentence ends at ``.``, ``!``, ``?``
        or an ellipsis (plus any closing quotes or brackets) followed by
        whitespace and a capital letter, digit or opening quote, except:

        * after a title or abbreviation such as ``Mr.``, ``Dr.``, ``St.``,
          ``Gen.``, ``Jan.``, ``No. 5`` (never a sentence end);
        * after a capital initial (``George W. Bush``);
        * after a dotted initialism (``U.S.``, ``U.N.``) or ``etc.``/``Inc.``,
          where it ends only if the next word typically starts a sentence
          (``The``, ``He``, ``But``...) or opens a quotation.

        Decimals (``2.5``) and slash names (``RFE/RL``) contain no
        whitespace after the dot, so they never split a sentence.

        A run of more than :data:`MAX_SENTENCE_CHARS` characters without a
        sentence end (a pasted list, a text without punctuation) is cut at
        spaces into pieces of at most that length, so that the work of every
        sentence-level analysis (tone, quotations, voices) stays bounded.
    """
    sentences: list[str] = []
    for paragraph in split_paragraphs(text):
        for segment in _line_segments(paragraph):
            for sentence in _split_segment(segment):
                if len(sentence) > MAX_SENTENCE_CHARS:
                    sentences.extend(_cut(sentence))
                else:
                    sentences.append(sentence)
    return sentences


#: Longest sentence kept whole (characters); the longest in the seed articles and the dev texts is under 500.
MAX_SENTENCE_CHARS = 1500


def _cut(sentence: str) -> list[str]:
    """Pieces of at most MAX_SENTENCE_CHARS characters, cut at the last space before the limit."""
    pieces = []
    rest = sentence
    while len(rest) > MAX_SENTENCE_CHARS:
        cut = rest.rfind(" ", 0, MAX_SENTENCE_CHARS)
        if cut <= 0:
            cut = MAX_SENTENCE_CHARS
        pieces.append(rest[:cut].strip())
        rest = rest[cut:].strip()
    if rest:
        pieces.append(rest)
    return pieces


# -------------------------------------------------------------------- tokens

_TOKEN_RE = re.compile(
    r"""
    (?:[^\W\d_]\.){2,}(?:-[^\W_]+)*                     # U.S.  U.N.  U.S.-led
    | \d+(?:[.,]\d+)+                                   # 2.5  60,000  1,000.5
    | [^\W_]+(?:['\u2019/\-](?:(?:[^\W\d_]\.){2,}|[^\W_]+))*  # words, it's, RFE/RL, Baku-Tbilisi-Ceyhan
    """,
    re.VERBOSE,
)


def tokenize(text: str) -> list[str]:
    """Split text into lower-case word tokens.

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    list of str
        Tokens in order of appearance, lower-cased, with the typographic
        apostrophe (U+2019) replaced by ``'``. A token is a run of letters
        and digits, which may contain apostrophes, hyphens or slashes between
        such runs (``kazakhstan's``, ``multi-vectored``, ``rfe/rl``). Dotted
        initialisms keep their dots (``u.s.``) and numbers keep their
        decimal point or thousands separators (``2.5``, ``60,000``), so each
        of these counts as one word. Punctuation and whitespace are dropped.
    """
    return [token.replace("\u2019", "'") for token in _TOKEN_RE.findall(text.lower())]


# ----------------------------------------------------------------- stopwords

STOPWORDS: frozenset[str] = frozenset(
    """
    a about above after again against all almost along already also although
    always am among an and another any anyone anything are aren't around as at
    be became because become been before being below between both but by can
    can't cannot could couldn't did didn't do does doesn't doing don't done down
    during each either else even ever every few for from further had hadn't has
    hasn't have haven't having he he'd he'll he's her here here's hers herself
    him himself his how how's however i i'd i'll i'm i've if in into is isn't it
    it's its itself just least less let's like many may me might more most much
    must mustn't my myself neither no nor not now of off often on once one only
    or other others otherwise ought our ours ourselves out over own per perhaps
    quite rather same several shan't she she'd she'll she's should shouldn't
    since so some such than that that's the their theirs them themselves then
    there there's these they they'd they'll they're they've this those though
    through thus to too toward towards under until up upon us very via was
    wasn't we we'd we'll we're we've were weren't what what's when when's where
    where's whether which while who who's whom whose why why's will with within
    without won't would wouldn't yet you you'd you'll you're you've your yours
    yourself yourselves 's
    """.split()
)
"""English function words (lower case, ``'`` apostrophes), for removing
from term counts. Content words common in news prose ("said") are kept."""
