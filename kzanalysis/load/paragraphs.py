"""An article as received, cut into paragraphs: blank lines, soft wraps and speaker labels.

Blank lines separate blocks; whitespace inside a paragraph is collapsed
to single spaces and invisible characters (:data:`INVISIBLE`) are
removed, so "pipe\u200bline" is one word. Inside a block a line break is a soft wrap
(the lines are joined) when the text is hard-wrapped and the line is
close to the wrap width, or when the line ends mid-clause (comma, dash, a
lower-case function word) or the next line starts in lower case;
otherwise each line is a paragraph of its own (a headline over a byline,
a page's navigation bar over its title). A line that a boilerplate
pattern matches, or a speaker label, always starts a new paragraph.

Speaker labels ("MS. SMITH:", "THE PRESIDENT:", "Q", "Q:", "A:") are recognised here, for the split and for
the part classifier of :mod:`kzanalysis.load.parts`, which numbers the paragraphs and gives each its
part. Time is linear in the length of the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["INVISIBLE"]

#: Invisible characters removed from paragraph text (soft hyphen, zero-width space, joiners, word joiner,
#: a byte-order mark inside the text): they split words for every count and cannot be typeset.
INVISIBLE = {ord(c): None for c in "\u00ad\u200b\u200c\u200d\u2060\ufeff"}
_HAS_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")

# ------------------------------------------------------------------ patterns

# Upper-case speaker label ("MS. JEAN-PIERRE:", "THE PRESIDENT:", "SECRETARY BLINKEN:",
# "PRESIDENT TOKAYEV:", "MODERATOR:"), then the turn. Bounded repetition only.
_LABEL_RE = re.compile(r"^(?P<label>(?:[A-Z][A-Z.'\u2019\-]*)(?: [A-Z][A-Z.'\u2019\-]*){0,5}):\s+(?=\S)")
# A question label: "Q", "Q:", "Q." followed by spacing, or Q/A interview labels.
_Q_RE = re.compile(
    r"^(?:(?P<label>Q)(?:\.\s+|\s+)|(?P<label2>Q|Question|QUESTION)\s*:\s*)(?=[^\s\W_]|[\"\u201c(\u2014\u2013-])"
)
_A_RE = re.compile(r"^(?P<label>A|Answer|ANSWER):\s*(?=\S)")
# Words that look like labels but open ordinary prose ("NOTE: ...", "UPDATE: ...").
_NOT_SPEAKERS = frozenset({"NOTE", "UPDATE", "EDITOR'S NOTE", "CORRECTION", "SOURCE", "SOURCES", "PHOTO", "WASHINGTON"})

_CONTINUES_RE = re.compile(r"[,;\-\u2013\u2014(/&]$")
_FUNCTION_WORDS = frozenset(
    "a an and the of to in on at for with from by as or but that this these those its his her their our "
    "is are was were be been will would can could has have had not".split()
)


def _wrap_width(lines: list[str]) -> int | None:
    """The width a hard-wrapped text is wrapped at, or None when lines are paragraphs."""
    lengths = sorted(len(line.rstrip()) for line in lines if line.strip())
    if len(lengths) < 8:
        return None
    p90 = lengths[int(0.9 * (len(lengths) - 1))]
    if p90 > 110 or p90 < 30:
        return None
    near = sum(1 for n in lengths if 0.75 * p90 <= n <= p90 + 8)
    return p90 if near >= 0.5 * len(lengths) else None


def _label_of(line: str) -> tuple[str, str, str] | None:
    """(kind, label, rest) when ``line`` opens with a speaker label; kind is "q", "a" or "speaker"."""
    match = _Q_RE.match(line)
    if match:
        return "q", match.group("label") or match.group("label2"), line[match.end() :]
    match = _A_RE.match(line)
    if match:
        return "a", match.group("label"), line[match.end() :]
    match = _LABEL_RE.match(line)
    if match:
        label = match.group("label").strip()
        letters = [c for c in label if c.isalpha()]
        if len(letters) >= 2 and label not in _NOT_SPEAKERS:
            return "speaker", label, line[match.end() :]
    return None


# ---------------------------------------------------------------- splitting


@dataclass
class _Unit:
    """One paragraph as cut: its lines, their 1-based line numbers, the boilerplate rule its line matched."""

    lines: list[str]
    line_start: int
    line_end: int
    boilerplate: tuple[str, str] | None = None  # (rule id, kind)

    @property
    def text(self) -> str:
        joined = " ".join(" ".join(line.split()) for line in self.lines if line.strip())
        return joined.translate(INVISIBLE) if _HAS_INVISIBLE.search(joined) else joined


def _split_units(raw: str, rules: list[tuple[str, str, re.Pattern]]) -> list[_Unit]:
    """The paragraphs of ``raw`` as cut, in order (``rules``: compiled boilerplate patterns)."""
    lines = raw.split("\n")
    width = _wrap_width(lines)
    units: list[_Unit] = []
    current: _Unit | None = None
    for line_no, line in enumerate(lines, start=1):
        stripped = line.strip()
        if not stripped:
            current = None
            continue
        hit = None
        for rule_id, kind, regex in rules:
            if regex.search(stripped):
                hit = (rule_id, kind)
                break
        starts_new = (
            current is None
            or hit is not None
            or current.boilerplate is not None
            or _label_of(stripped) is not None
            or not _soft_wrap(current.lines[-1], stripped, width)
        )
        if starts_new:
            current = _Unit([stripped], line_no, line_no, hit)
            units.append(current)
        else:
            current.lines.append(stripped)
            current.line_end = line_no
    return units


def _soft_wrap(previous: str, line: str, width: int | None) -> bool:
    """True when the break between ``previous`` and ``line`` is a wrap inside one paragraph."""
    last_word = previous.rsplit(None, 1)[-1]
    if _CONTINUES_RE.search(previous) or last_word.lower() in _FUNCTION_WORDS and last_word.islower():
        return True
    if line[:1].islower():
        return True
    if width is not None and len(previous) >= 0.6 * width:
        return True
    return False
