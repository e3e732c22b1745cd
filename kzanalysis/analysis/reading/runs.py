"""Words and runs: the actor recogniser's word tests, and a text's capitalised runs cut into units.

A run is a stretch of capitalised tokens (words, initials, abbreviations such as "Mr.", acronyms such as
"U.S.") on one line. :meth:`RunReader.units` cuts a run into units: a gazetteer match, the longest
geographic name of the lexicon, or one word classified by the word lists of
:mod:`kzanalysis.analysis.reading.lexicon` (honorific, office head, office word, organisational or geographic head
noun, initial, acronym, word). :meth:`RunReader.groups` joins neighbouring runs over "of", "for", "on"
(always), "to" (after an office) and "and" (inside an organisation's name), and says whether each group
opens a sentence. What the units mean is read in :mod:`kzanalysis.analysis.reading.mentions`; the rules are
described in :mod:`kzanalysis.analysis.reading.actors`.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from kzanalysis.load.textutil import STOPWORDS

from .lexicon import (
    HONORIFICS,
    MONTH_AND_DAY_NAMES,
    NON_NAMES,
    OFFICE_HEADS,
    OFFICE_WORDS,
    ORG_HEADS,
    PLACE_HEADS,
    Lexicon,
)

_CONTRACTION_RE = re.compile(
    r"['’](?:m|ll|ve|re|d|t)$|n['’]t$|^(?:it|that|there|here|what|who|he|she|let|where|how)['’]s$", re.I
)

_WORD_KIND: dict[str, str] = {}
for _kind, _words in (
    ("offw", OFFICE_WORDS),
    ("plh", PLACE_HEADS),
    ("orgh", ORG_HEADS),
    ("head", OFFICE_HEADS),
    ("hon", HONORIFICS),
):
    _WORD_KIND.update(dict.fromkeys(_words, _kind))

_SKIP_WORDS = frozenset(w[:1].upper() + w[1:] for w in STOPWORDS | NON_NAMES if w.isalpha()) | {"I", "A", "Q"}

_CAP = "A-ZÀ-ÖØ-ÞĀ-Ž"
_ABBREV = r"(?:Mr|Mrs|Ms|Dr|Prof|St|Sen|Rep|Gov|Gen|Lt|Col|Jr|Sr|Amb|Messrs|MR|MS|MRS|DR)\."
_TOKEN = (
    r"(?:(?:[A-Z]\.){2,}"  # U.S., D.C.
    r"|"
    + _ABBREV
    + r"|[A-Z]\.(?=[^\S\n]+[A-Z])"  # an initial: George W. Bush
    + r"|["
    + _CAP
    + r"][\w]*(?:['’\-][\w]+)*(?:\+\d+)?)"  # a word: Jean-Pierre, O'Brien, C5+1
)
_RUN_RE = re.compile(r"(?<![\w'’\-])" + _TOKEN + r"(?:[^\S\n]+" + _TOKEN + r")*")
_TOKEN_RE = re.compile(_TOKEN)
_JOIN_ALWAYS = frozenset({"of", "for", "of the", "for the", "on", "on the"})
_JOIN_OFFICE = frozenset({"to", "to the"})
_JOIN_AND = frozenset({"and", "and the", "&"})
_APOS = "'’"


def _poss(word: str) -> tuple[str, bool]:
    if len(word) > 2 and word[-2] in _APOS and word[-1] in "sS":
        return word[:-2], True
    return word, False


@dataclass(slots=True)
class Unit:
    """One unit of a run: its kind, its text, its span, and what the lexicon knows of it."""

    kind: str  # gaz geo hon head offw orgh plh conn acr init word
    text: str  # possessive removed
    start: int
    end: int
    poss: bool = False
    info: object = None  # EntityInfo for gaz, Geo for geo


def _is_initial(text: str, start: int) -> bool:
    i = start - 1
    steps = 0
    while i >= 0 and text[i] in " \t\n\"'“‘”’([—–-" and steps < 12:
        if text[i] == "\n":
            return True
        i -= 1
        steps += 1
    return i < 0 or text[i] in ".!?:;"


class RunReader:
    """Tests words and cuts a text's runs into units, with a lexicon and the corpus's lower-case words."""

    def __init__(self, lex: Lexicon, common: set) -> None:
        self.lex = lex
        self.common = common

    def is_common(self, word: str) -> bool:
        low = word.lower()
        return low in STOPWORDS or low in self.common or low in NON_NAMES

    def not_name(self, word: str) -> bool:
        return (
            word.lower() in NON_NAMES
            or word in MONTH_AND_DAY_NAMES
            or bool(_CONTRACTION_RE.search(word))
            or word.lower() in STOPWORDS
        )

    def is_first_name(self, word: str) -> bool:
        return word in self.lex.first_names and not self.not_name(word) and word.lower() not in self.common

    # -- units
    def units(self, text: str, start: int, end: int, gaz: tuple) -> list[Unit]:
        """Units of one run: gazetteer spans, geographic n-grams, classified words."""
        tokens = []
        for m in _TOKEN_RE.finditer(text, start, end):
            word, poss = _poss(m.group(0))
            tokens.append((word, m.start(), m.start() + len(word), poss))
        units: list[Unit] = []
        i = 0
        geo = self.lex.geo
        geo_first = self.lex.geo_first
        gaz_spans, gaz_starts, _ = gaz
        n_tokens = len(tokens)
        while i < n_tokens:
            word, s, e, poss = tokens[i]
            if gaz_starts:
                g = bisect.bisect_right(gaz_starts, s) - 1
                hit = gaz_spans[g] if g >= 0 and s < gaz_spans[g][3] else None
            else:
                hit = None
            if hit is not None:
                j = i
                while j + 1 < n_tokens and tokens[j + 1][1] < hit[3]:
                    j += 1
                units.append(Unit("gaz", text[hit[2] : hit[3]], hit[2], hit[3], tokens[j][3], hit[0]))
                i = j + 1
                continue
            found = None
            longest = geo_first.get(word)
            if longest:
                for n in range(min(longest, n_tokens - i), 0, -1):
                    if n > 1 and any(tokens[k][3] for k in range(i, i + n - 1)):
                        continue
                    entry = geo.get(" ".join(t[0] for t in tokens[i : i + n]))
                    if entry is not None:
                        found = (n, entry)
                        break
            if (
                found is not None
                and found[0] == 1
                and found[1].kind == "city"
                and word in self.lex.first_names
                and not poss
                and i + 1 < n_tokens
                and tokens[i + 1][0] not in geo_first
                and tokens[i + 1][0].lower() not in _WORD_KIND
                and not tokens[i + 1][0].isupper()
            ):
                found = None  # a city that is also a first name, before a surname: "Nancy Pelosi"
            if found is not None:
                n, entry = found
                last = tokens[i + n - 1]
                units.append(Unit("geo", text[s : last[2]], s, last[2], last[3], entry))
                i += n
                continue
            kind = None if word.isupper() else _WORD_KIND.get(word.lower())
            if kind is None:
                low = word.lower().rstrip(".")
                if low in HONORIFICS:
                    kind = "hon"
                elif low in OFFICE_HEADS:
                    kind = "head"
                elif len(word) == 2 and word.endswith("."):
                    kind = "init"
                elif len(word) >= 2 and word.isupper() or "." in word:
                    kind = "acr"
                else:
                    kind = "word"
            units.append(Unit(kind, word, s, e, poss))
            i += 1
        return units

    def groups(self, text: str, gaz: list) -> list[tuple[list[Unit], bool]]:
        """Capitalised runs, joined over connectors; each with its sentence-initial flag."""
        out: list[tuple[list[Unit], bool]] = []
        current: list[Unit] = []
        initial = False
        prev_end = None
        gaz_starts = gaz[1]
        for run in _RUN_RE.finditer(text):
            start, end = run.span()
            word = run.group(0)
            if word in _SKIP_WORDS and (not gaz_starts or start not in gaz[2]):
                # a lone function word or interjection ("The", "I", "So", "Okay"): nothing to join or find
                if current:
                    out.append((current, initial))
                    current, prev_end = [], None
                continue
            units = self.units(text, start, end, gaz)
            if not units:
                continue
            if current and prev_end is not None:
                gap = text[prev_end:start]
                connector = " ".join(gap.split())
                join = False
                if gap.startswith(" ") and gap.endswith(" ") and not current[-1].poss:
                    kinds = {u.kind for u in current}
                    if connector in _JOIN_ALWAYS:
                        join = True
                    elif connector in _JOIN_OFFICE and current[-1].kind in ("head", "offw"):
                        join = True
                    elif connector in _JOIN_AND and (
                        ("orgh" in kinds and any(u.kind == "conn" for u in current))
                        or (
                            units[-1].kind == "orgh"
                            and all(u.kind in ("offw", "orgh", "word", "geo") for u in units)
                            and current[-1].kind in ("offw", "word")
                        )
                    ):
                        join = True
                if join:
                    gs = prev_end + len(gap) - len(gap.lstrip())
                    current.append(Unit("conn", connector, gs, start - (len(gap) - len(gap.rstrip()))))
                    current.extend(units)
                    prev_end = end
                    continue
                out.append((current, initial))
            current = units
            initial = _is_initial(text, start)
            prev_end = end
        if current:
            out.append((current, initial))
        return out

    def _good_name(self, name_units: list[Unit], office_words: list, honorific: bool) -> bool:
        if not name_units:
            return False
        words = [u.text for u in name_units]
        if any(self.not_name(w) for w in words):
            return False
        if len(words) == 1:
            word = words[0]
            heads = [w for w in office_words if w in OFFICE_HEADS or w in HONORIFICS]
            if not heads:
                return False
            strong = (
                honorific
                or any(w in OFFICE_HEADS and w not in self.lex.titles for w in heads)
                or any(
                    w
                    in (
                        "president",
                        "secretary",
                        "minister",
                        "ambassador",
                        "senator",
                        "governor",
                        "speaker",
                        "leader",
                        "administrator",
                        "spokesperson",
                        "spokesman",
                        "director",
                        "advisor",
                        "adviser",
                        "general",
                        "admiral",
                        "chairman",
                        "commissioner",
                        "mayor",
                        "envoy",
                        "representative",
                    )
                    for w in heads
                )
            )
            return strong and not self.is_common(word)
        return True
