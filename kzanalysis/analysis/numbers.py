"""Numeric facts: value, unit and the sentence they come from.

Conventions (so that numbers can be compared and filtered):

- ``value`` is the number as written, as a float; a scale word stays in the
  unit rather than being multiplied out: "60 million tons a year" gives
  value 60.0, unit ``"million tons/year"``; "50m tons of oil a year" gives
  value 50.0, unit ``"million tons/year"`` ("m" and "bn" are read as million
  and billion; an "of <noun>" between unit and rate is skipped).
- percentages: "30 percent", "30 per cent" and "30%" give unit ``"percent"``.
- money: "$1.5 billion" gives value 1.5, unit ``"billion US dollars"``.
- counts: a number followed by a noun gives the noun (one or two lower-case
  words, the last of which may be plural) as unit: "18 countries" ->
  ``"countries"``, "over 100 ethnic groups" -> ``"ethnic groups"``,
  "45 religions" -> ``"religions"``.  A rate phrase after it ("a year", "per
  day", "annually") is appended as ``"/year"``.
- years: a four-digit number from 1800 to 2099 not followed by a count noun is
  unit ``"year"``; the second half of a range "1983-84" is expanded to 1984.
- days of the month next to a month name ("On July 6", "29 September") are
  unit ``"day of month"``.
- anything else is unit ``"number"``.
- spelled-out cardinals from two to twenty ("three reasons", "two-day
  visit") are read when they are followed by a count noun or joined by a
  hyphen to a unit ("two-day" -> value 2, unit ``"day"``); "one" is too
  ambiguous and is left out, as are ordinals.

Digits that belong to codes ("06.x.03", "F-16", "G8") are skipped.  The
``context`` is the sentence the number appears in, or, for a sentence longer
than :data:`CONTEXT_MAX` characters, a window of :data:`CONTEXT_WINDOW`
characters on each side of the number with ``…`` marking the cut: no row is
longer than :data:`CONTEXT_MAX` characters however long the sentence.

Every search is anchored at the number (``pattern.match(text, pos)``) and
looks back at most :data:`_LOOKBEHIND` characters, so one sentence costs time
linear in its length however many numbers it holds.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pandas as pd

from kzanalysis.load._sentences import sentence_table
from kzanalysis.load.memo import per_corpus
from kzanalysis.load.parallel import map_texts
from kzanalysis.load.textutil import STOPWORDS

if TYPE_CHECKING:
    from kzanalysis.load.corpus import Corpus

NUMBER_COLUMNS = ["article_id", "paragraph", "value", "unit", "context"]

#: A sentence up to this many characters is the context of its numbers as it
#: stands; a longer one is cut to a window around each number.
CONTEXT_MAX = 300
#: Characters kept on each side of a number in a cut context.
CONTEXT_WINDOW = 80
# How far back the month-name test looks ("September 11": 9 letters, a dot
# and some spaces).
_LOOKBEHIND = 40

_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
_SCALES = {
    "thousand": "thousand",
    "million": "million",
    "billion": "billion",
    "trillion": "trillion",
    "m": "million",
    "mn": "million",
    "bn": "billion",
    "k": "thousand",
}
_RATES = {"year": "year", "annum": "year", "annually": "year", "day": "day", "month": "month", "week": "week"}
_WORD_NUMBERS = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
}
# Words after a number that are not a unit of what is counted.
_NOT_UNITS = STOPWORDS | {
    "percent",
    "per",
    "cent",
    "and",
    "or",
    "to",
    "of",
    "in",
    "on",
    "at",
    "by",
    "for",
    "from",
    "than",
    "largest",
    "biggest",
    "most",
    "top",
    "times",
    "am",
    "pm",
    "a.m",
    "p.m",
}
_UNIT_AFTER_RE = re.compile(r"\s+(?P<w1>[a-z][a-z'-]*)(?:\s+(?P<w2>[a-z][a-z'-]*))?")
_RATE_RE = re.compile(
    r"(?:\s+of\s+[a-z]+)?(?:\s+(?:a|an|per|each|every)\s+(?P<rate>year|annum|day|month|week)|\s+(?P<rate2>annually))\b"
)

_NUMBER_RE = re.compile(
    r"(?<![\w.\-/])"
    r"(?P<currency>\$|US\$)?"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:(?P<range>[-\u2013]\d{2,4}(?![\w]))|(?:\s*(?P<scale>thousand|million|billion|trillion)\b|(?P<abbr>m|mn|bn|k)(?![\w])))?"
    r"(?P<pct>\s*(?:%|percent\b|per\s+cent\b))?"
    r"(?![\w]|\.\w|[-\u2013]\w)"
)
_WORD_NUMBER_RE = re.compile(
    r"(?<![\w-])(?P<word>" + "|".join(_WORD_NUMBERS) + r")(?:-(?P<hyphen>[a-z]+)|(?=\s+[a-z]))(?![\w])",
    re.IGNORECASE,
)
_DAY_BEFORE_MONTH_RE = re.compile(r"\s+(?:" + _MONTHS + r")\b")
_YEAR_LIKE_RE = re.compile(r"1[89]\d\d|20\d\d")
_MONTH_BEFORE_RE = re.compile(r"(?:" + _MONTHS + r")\.?\s+$")


def _count_unit(text: str, pos: int = 0) -> tuple[str | None, int]:
    """Unit noun(s) at ``text[pos:]`` and the length consumed."""
    match = _UNIT_AFTER_RE.match(text, pos)
    if not match:
        return None, 0
    w1, w2 = match.group("w1"), match.group("w2")
    if w1 in _NOT_UNITS or w1 in _RATES:
        return None, 0
    if w2 and w2 not in _NOT_UNITS and w2 not in _RATES and w2.endswith("s") and not w1.endswith("s"):
        return f"{w1} {w2}", match.end() - pos
    return w1, match.end("w1") - pos


def _rate(text: str, pos: int = 0) -> str | None:
    match = _RATE_RE.match(text, pos)
    if not match:
        return None
    return _RATES[(match.group("rate") or match.group("rate2")).lower()]


def _parse_value(text: str) -> float:
    return float(text.replace(",", ""))


def numbers_in_sentence(sentence: str) -> list[tuple[float, str]]:
    """(value, unit) for each number in one sentence, in order.

    Parameters
    ----------
    sentence : str

    Returns
    -------
    list of (float, str); see the module docstring for the unit conventions.
    """
    return [(value, unit) for _, value, unit in _numbers_at(sentence)]


def _numbers_at(sentence: str) -> list[tuple[int, float, str]]:
    """(start offset, value, unit) for each number in one sentence, in order."""
    found: list[tuple[int, float, str]] = []
    for match in _NUMBER_RE.finditer(sentence):
        value = _parse_value(match.group("num"))
        end = match.end()
        scale = match.group("scale") or match.group("abbr")
        scale = _SCALES[scale.lower()] if scale else None
        digits = match.group("num")
        is_year_like = _YEAR_LIKE_RE.fullmatch(digits) is not None and not scale and not match.group("currency")
        if match.group("range"):
            # 1992-1994, 1983-84, 1-3: a range gives two numbers
            second = match.group("range")[1:]
            if is_year_like:
                end_year = int(second) if len(second) == 4 else int(digits[:2] + second) if len(second) == 2 else None
                found.append((match.start(), value, "year"))
                if end_year is not None:
                    found.append((match.start() + len(digits), float(end_year), "year"))
                continue
            unit, _ = _count_unit(sentence, end)
            found.append((match.start(), value, unit or "number"))
            found.append((match.start() + len(digits), float(second), unit or "number"))
            continue
        if match.group("pct"):
            found.append((match.start(), value, "percent"))
            continue
        if match.group("currency"):
            unit = "US dollars" if not scale else f"{scale} US dollars"
            found.append((match.start(), value, unit))
            continue
        before = sentence[max(0, match.start() - _LOOKBEHIND) : match.start()]
        if (
            not scale
            and value <= 31
            and "." not in digits
            and (_MONTH_BEFORE_RE.search(before) or _DAY_BEFORE_MONTH_RE.match(sentence, end))
        ):
            # "September 11 terrorist attacks", "On July 6", "29 September"
            found.append((match.start(), value, "day of month"))
            continue
        unit, consumed = _count_unit(sentence, end)
        if scale:
            unit = f"{scale} {unit}" if unit else scale
        if unit is None:
            unit = "year" if is_year_like else "number"
        elif is_year_like and unit is not None and not unit.endswith("s"):
            # "in 1997 the ..." is a year; "2000 troops" is a count
            unit = "year"
        if unit not in ("year", "day of month", "number", "percent"):
            rate = _rate(sentence, end + consumed)
            if rate:
                unit = f"{unit}/{rate}"
        found.append((match.start(), value, unit))
    for match in _WORD_NUMBER_RE.finditer(sentence):
        value = float(_WORD_NUMBERS[match.group("word").lower()])
        if match.group("hyphen"):
            unit = match.group("hyphen").lower()
            if unit in _NOT_UNITS:
                continue
        else:
            unit, consumed = _count_unit(sentence, match.end())
            if unit is None:
                continue
        found.append((match.start(), value, unit))
    found.sort(key=lambda item: item[0])
    return found


def _context(sentence: str, start: int) -> str:
    """The sentence, or a window around offset ``start`` when it is longer than CONTEXT_MAX."""
    if len(sentence) <= CONTEXT_MAX:
        return sentence
    left = max(0, start - CONTEXT_WINDOW)
    right = min(len(sentence), start + CONTEXT_WINDOW)
    return ("\u2026" if left > 0 else "") + sentence[left:right] + ("\u2026" if right < len(sentence) else "")


@per_corpus
def extract_numbers(corpus: Corpus) -> pd.DataFrame:
    """Numbers in the clean text with their units and sentences.

    Returns
    -------
    DataFrame with columns article_id, paragraph (1-based, clean text), value
    (float, the number as written, scale words kept in the unit), unit (str,
    e.g. 'million tons/year', 'percent', 'countries', 'ethnic groups',
    'year', 'day of month', 'number') and context (the sentence, or a window
    of it around the number when the sentence is longer than
    :data:`CONTEXT_MAX` characters; never longer than that).  One row per
    number, in reading order.
    """
    sentences = sentence_table(corpus)
    distinct = list(dict.fromkeys(sentences["sentence"].tolist()))
    parsed = dict(zip(distinct, map_texts(_numbers_at, distinct)))
    rows = []
    for article_id, paragraph_no, sentence in zip(
        sentences["article_id"].tolist(), sentences["paragraph"].tolist(), sentences["sentence"].tolist()
    ):
        for start, value, unit in parsed[sentence]:
            rows.append((article_id, int(paragraph_no), value, unit, _context(sentence, start)))
    frame = pd.DataFrame(rows, columns=NUMBER_COLUMNS)
    frame["value"] = frame["value"].astype(float)
    return frame
