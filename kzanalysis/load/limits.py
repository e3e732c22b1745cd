"""Limits and character rules that keep hostile or huge input from breaking a stage.

The checks here are used by ``kzanalysis check`` (through the loaders in
:mod:`kzanalysis.load.corpus` and :mod:`kzanalysis.load.resources`), by the command
line's output and by the bibliography. They are documented for maintainers in
``data/README.md`` ("Limits").

* :data:`MAX_ARTICLE_BYTES`, :data:`MAX_LINE_CHARS` -- the largest article
  file and the longest line accepted;
* :data:`MAX_DOCUMENT_BYTES`, :data:`MAX_PDF_PAGES`, :data:`MAX_PDF_STREAM_BYTES`,
  :data:`MAX_HTML_ELEMENTS` -- the largest saved web page or PDF accepted as
  received, its pages, one decompressed PDF stream and the elements of a page
  (the HTML parser also stops at 256 levels of nesting, which is refused);
* :data:`MAX_YAML_BYTES`, :data:`MAX_YAML_DEPTH` -- the largest curated YAML
  file and its deepest nesting; YAML aliases (``*name``) are refused;
* :data:`ID_RE` -- the alphabet of article ids (they become BibTeX keys,
  file stems and HTML anchors);
* :func:`control_character` -- control and bidirectional formatting
  characters, refused in manifest fields (and control characters in article
  text);
* :func:`untypesettable_character` -- characters outside the repertoire the
  PDF fonts (FreeSerif, FreeSans) and the figure font (DejaVu Sans) all
  cover: Latin, Greek, Cyrillic and common punctuation and symbols;
* :func:`regex_hazard` -- nested unbounded quantifiers (catastrophic
  backtracking) in curated regular expressions;
* :func:`short_repr` -- the short quotation of a bad value used in messages;
* :func:`terminal_safe` -- text with control characters escaped, for printing;
* :func:`is_safe_url` -- only http, https and mailto links are published.

Every check is one pass over its input (a compiled regular expression or a
walk of a parsed regex), so it is linear in the input's size.
"""

from __future__ import annotations

import re
from typing import Any

try:  # Python 3.11+
    import re._constants as _sre_constants
    import re._parser as _sre_parse
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _sre_constants
    import sre_parse as _sre_parse

__all__ = [
    "ID_ALPHABET",
    "ID_RE",
    "MAX_ARTICLE_BYTES",
    "MAX_DOCUMENT_BYTES",
    "MAX_HTML_ELEMENTS",
    "MAX_ID_CHARS",
    "MAX_LINE_CHARS",
    "MAX_PDF_PAGES",
    "MAX_PDF_STREAM_BYTES",
    "MAX_QUOTED",
    "MAX_YAML_BYTES",
    "MAX_YAML_DEPTH",
    "SAFE_URL_SCHEMES",
    "control_character",
    "describe_character",
    "is_safe_url",
    "compile_search_regex",
    "regex_hazard",
    "short_repr",
    "terminal_safe",
    "untypesettable_character",
]

#: Largest article file accepted (bytes, as received).
MAX_ARTICLE_BYTES = 2_000_000
#: Largest saved web page (.html, .htm) or PDF accepted (bytes, as received); the text extracted from it
#: must then fit :data:`MAX_ARTICLE_BYTES` and :data:`MAX_LINE_CHARS` like any article.
MAX_DOCUMENT_BYTES = 10_000_000
#: Most pages read from one PDF.
MAX_PDF_PAGES = 500
#: Largest decompressed PDF stream (bytes): a small file that inflates beyond it is a decompression bomb.
MAX_PDF_STREAM_BYTES = 20_000_000
#: Most elements in one web page (the extractor's time grows faster than linearly past a few thousand blocks;
#: an article page has a few thousand elements, a 25,000-element page takes about 15 s).
MAX_HTML_ELEMENTS = 25_000
#: Longest line accepted in an article (characters).
MAX_LINE_CHARS = 10_000
#: Largest curated YAML file accepted (bytes).
MAX_YAML_BYTES = 5_000_000
#: Deepest nesting of mappings and lists accepted in a YAML file.
MAX_YAML_DEPTH = 32
#: Longest article id (characters).
MAX_ID_CHARS = 64
#: Characters of a bad value quoted in an error message.
MAX_QUOTED = 60

ID_ALPHABET = "ASCII letters, digits, '_' and '-', starting with a letter or digit"
ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
"""An article id: :data:`ID_ALPHABET`, at most :data:`MAX_ID_CHARS` long (use ``fullmatch``)."""

# C0 and C1 control characters, DEL, and the bidirectional embedding,
# override and isolate controls (they reorder the text around them when shown).
_BIDI = "\u202a-\u202e\u2066-\u2069"
_ARTICLE_CONTROL_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f" + _BIDI + "]")
# In a manifest field also tab and line breaks other than LF, every other
# format character (zero-width space and joiners, soft hyphen, the BOM,
# direction marks), line/paragraph separators and surrogates or private use.
_FIELD_CONTROL_RE = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u180e\u200b-\u200f"
    "\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb\ud800-\uf8ff\U000e0000-\U0010ffff]"
)

# What FreeSerif, FreeSans and DejaVu Sans all typeset: Basic Latin,
# Latin-1 Supplement, Latin Extended-A and -B, IPA, spacing modifiers,
# combining diacritics, Greek, Cyrillic (with Kazakh letters) and its
# supplement, Latin Extended Additional, general punctuation, super- and
# subscripts, currency signs, letterlike symbols (No., TM) and arrows.
_TYPESETTABLE = (
    "\n\x20-\x7e\u00a0-\u036f\u0370-\u03ff\u0400-\u052f\u1e00-\u1eff"
    "\u2010-\u2027\u2030-\u205e\u2070-\u209c\u20a0-\u20bf\u2100-\u214f\u2190-\u21ff"
)
_UNTYPESETTABLE_RE = re.compile("[^" + _TYPESETTABLE + "]")

SAFE_URL_SCHEMES = ("http", "https", "mailto")
_URL_SCHEME_RE = re.compile(r"\s*([A-Za-z][A-Za-z0-9+.\-]*)\s*:")

# ----------------------------------------------------------------- quoting


def short_repr(value: Any, limit: int = MAX_QUOTED) -> str:
    """``repr(value)`` cut to about ``limit`` characters (a huge or deeply nested
    value is never rendered in full: only its prefix is looked at)."""
    if isinstance(value, str):
        if len(value) <= limit:
            return repr(value)
        text = repr(value[:limit])
        return text[:-1] + "\u2026" + text[-1]
    if isinstance(value, (int, float, bool)) or value is None:
        text = repr(value)
    elif isinstance(value, (list, tuple, dict, set)):
        text = f"<{type(value).__name__} of {len(value)} item{'s' if len(value) != 1 else ''}>"
    else:
        text = f"<{type(value).__name__}>"
    return text if len(text) <= limit else text[:limit] + "\u2026"


def describe_character(char: str) -> str:
    """``U+001B`` style name of one character (with its Unicode name when it has one)."""
    import unicodedata

    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X}" + (f" {name}" if name else "")


def terminal_safe(text: Any) -> str:
    """``text`` with every control or bidirectional formatting character shown
    as an escape (``\\x1b``, ``\\u202e``); line breaks and tabs are kept."""
    text = str(text)
    if not _FIELD_CONTROL_RE.search(text):
        return text
    return _FIELD_CONTROL_RE.sub(
        lambda m: "\t" if m.group(0) == "\t" else m.group(0).encode("unicode_escape").decode("ascii"), text
    )


# ------------------------------------------------------------- characters


def control_character(text: str, *, field: bool = True) -> tuple[int, str] | None:
    """The first forbidden control character in ``text`` as (offset, char), or None.

    With ``field=True`` (manifest values) every control character except the
    line feed is forbidden, and so are format characters (zero-width, soft
    hyphen, BOM, direction marks and overrides), separators, surrogates and
    private-use characters. With ``field=False`` (article text) only C0/C1
    controls other than tab, line feed, vertical tab, form feed and carriage
    return, DEL, and the bidirectional embedding/override/isolate controls.
    """
    match = (_FIELD_CONTROL_RE if field else _ARTICLE_CONTROL_RE).search(text)
    return None if match is None else (match.start(), match.group(0))


def untypesettable_character(text: str) -> tuple[int, str] | None:
    """The first character outside the fonts' common repertoire as (offset, char), or None.

    The repertoire: Latin (with Latin-1, Extended-A/B and Extended
    Additional), IPA and combining diacritics, Greek, Cyrillic (Kazakh
    letters included), general punctuation, super- and subscripts, currency
    signs, letterlike symbols and arrows. Emoji, CJK, Arabic, Hebrew and
    other scripts are outside it.
    """
    match = _UNTYPESETTABLE_RE.search(text)
    return None if match is None else (match.start(), match.group(0))


# --------------------------------------------------------------- regexes

_REPEATS = {_sre_constants.MAX_REPEAT, _sre_constants.MIN_REPEAT}
#: A repeat whose maximum exceeds this counts as unbounded for the hazard test.
_LARGE_REPEAT = 10


def _subpatterns(op, av):
    if op in _REPEATS or op == getattr(_sre_constants, "POSSESSIVE_REPEAT", None):
        return [av[2]]
    if op == _sre_constants.SUBPATTERN:
        return [av[-1]]
    if op == _sre_constants.BRANCH:
        return list(av[1])
    if op in (_sre_constants.ASSERT, _sre_constants.ASSERT_NOT):
        return [av[1]]
    if op == getattr(_sre_constants, "ATOMIC_GROUP", None):
        return [av]
    if op == _sre_constants.GROUPREF_EXISTS:
        return [p for p in av[1:] if p is not None]
    return []


def _has_branch(sub) -> bool:
    """True when ``sub`` holds an alternation of several branches (``a|b``; a character class is not one)."""
    stack = [sub]
    while stack:
        for op, av in stack.pop():
            if op == _sre_constants.BRANCH and len(av[1]) > 1:
                return True
            stack.extend(_subpatterns(op, av))
    return False


def regex_hazard(pattern: str) -> str | None:
    """Why ``pattern`` can backtrack catastrophically, or None.

    A repeat with no upper bound (``+``, ``*``, ``{n,}``, or a maximum above
    10) inside another such repeat -- ``(\\w+\\s?)+``, ``(a*)*`` -- can take
    time exponential in the line's length when a match fails; so can
    alternatives inside such a repeat, ``(a|aa)*``, when they overlap (all
    alternations inside an unbounded repeat are refused). Possessive
    repeats and atomic groups do not backtrack and are allowed. The pattern
    must compile (``re.error`` is raised otherwise).
    """
    parsed = _sre_parse.parse(pattern)
    stack = [(parsed, None)]  # (subpattern, enclosing large repeat or None)
    while stack:
        sub, outer = stack.pop()
        for op, av in sub:
            inner_outer = outer
            if op in _REPEATS:
                large = av[1] == _sre_constants.MAXREPEAT or av[1] > _LARGE_REPEAT
                if large and outer is not None:
                    return "a repeat without an upper bound inside another one (nested quantifiers such as (\\w+\\s?)+)"
                if large:
                    inner_outer = op
                    if _has_branch(av[2]):
                        return (
                            "alternatives inside a repeat without an upper bound (such as (a|aa)*): overlapping "
                            "alternatives backtrack exponentially"
                        )
            elif op == getattr(_sre_constants, "POSSESSIVE_REPEAT", None) or op == getattr(
                _sre_constants, "ATOMIC_GROUP", None
            ):
                continue
            stack.extend((p, inner_outer) for p in _subpatterns(op, av))
    return None


def compile_search_regex(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``pattern`` compiled for a search of article text, or ValueError saying what is wrong with it.

    Refused: an expression Python cannot compile (syntax errors, a repeat count
    too large, nesting too deep), one that can match the empty string
    (``a*``, ``x?``, ``\\b``, ``(?=x)``: it would "match" between every two
    characters), and one that can backtrack catastrophically
    (:func:`regex_hazard`). The message names the problem and the fix.
    """
    shown = short_repr(pattern)
    try:
        compiled = re.compile(pattern, flags)
        min_width = _sre_parse.parse(pattern, flags).getwidth()[0]
    except (re.error, OverflowError, RecursionError) as exc:
        raise ValueError(
            f"invalid regular expression {shown}: {exc}. Fix: correct the expression (Python syntax)"
        ) from None
    if min_width == 0:
        raise ValueError(
            f"regular expression {shown} matches the empty string. Fix: give an expression that matches at least "
            "one character"
        )
    hazard = regex_hazard(pattern)
    if hazard is not None:
        raise ValueError(
            f"regular expression {shown} has {hazard}. Fix: bound the inner repeat (e.g. {{1,40}}) or write it "
            "without nesting"
        )
    return compiled


# ------------------------------------------------------------------- URLs


def is_safe_url(url: str) -> bool:
    """True for an ``http:``, ``https:`` or ``mailto:`` URL (and for a relative one
    without a scheme); False for ``javascript:``, ``data:``, ``file:`` and others."""
    match = _URL_SCHEME_RE.match(url)
    if match is None:
        return ":" not in url.split("/", 1)[0]
    return match.group(1).lower() in SAFE_URL_SCHEMES
