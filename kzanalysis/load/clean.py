"""Remove boilerplate lines from an article's raw text, reporting each one.

Two kinds of rule decide whether a line is boilerplate:

1. The data-driven patterns of ``data/boilerplate.yml`` (loaded by
   :func:`kzanalysis.load.resources.load_boilerplate`): a line is removed when a
   pattern's regex is found (``re.search``) in the stripped line. The first
   matching pattern, in file order, is reported.
2. The generic repeat rule: a non-empty line that exactly repeats an
   earlier non-empty line of the same article (after stripping surrounding
   whitespace) is removed as kind ``repeated-headline``, rule ``repeat`` --
   the duplicated headline and standfirst that web pages often carry.

Every removed line is returned with its 1-based line number in the raw text,
so nothing is dropped silently. Blank lines are kept (they separate
paragraphs); runs of blank lines left behind by removals are collapsed to one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

__all__ = ["REPEAT_RULE", "REPEAT_KIND", "normalize_newlines", "clean_text"]

REPEAT_RULE = "repeat"
REPEAT_KIND = "repeated-headline"

_EXTRA_BLANK_LINES_RE = re.compile(r"\n(?:[^\S\n]*\n)+")


def normalize_newlines(text: str) -> str:
    """Return ``text`` without a leading BOM and with CRLF and CR line endings as LF."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _compiled(patterns: Iterable[dict[str, Any]]) -> list[tuple[str, str, re.Pattern]]:
    out = []
    for pattern in patterns:
        compiled = pattern.get("compiled")
        if compiled is None:
            compiled = re.compile(pattern["regex"])  # re caches compiled patterns
        out.append((pattern["id"], pattern["kind"], compiled))
    return out


def clean_text(raw: str, patterns: Iterable[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    """Strip boilerplate lines from one article.

    Parameters
    ----------
    raw : str
        The article text as received (a BOM and CRLF/CR line endings are
        accepted and normalised first).
    patterns : iterable of dict
        Boilerplate patterns with keys id, kind and regex (and optionally
        compiled, a precompiled ``re.Pattern``), as returned by
        :func:`kzanalysis.load.resources.load_boilerplate`. Pass ``[]`` to apply
        only the repeat rule.

    Returns
    -------
    clean : str
        The text with boilerplate lines removed, consecutive blank lines
        collapsed to one (so paragraphs stay separated by exactly one blank
        line) and surrounding whitespace stripped. Kept lines are unchanged.
    removed : list of dict
        One dict per removed line, in text order, with keys line_no (1-based
        line number in the normalised raw text), line (the line as it stood,
        without its line ending), rule (pattern id, or ``"repeat"``) and kind
        (the pattern's kind, or ``"repeated-headline"``).
    """
    rules = _compiled(patterns)
    kept: list[str] = []
    removed: list[dict[str, Any]] = []
    seen: set[str] = set()
    for line_no, line in enumerate(normalize_newlines(raw).split("\n"), start=1):
        stripped = line.strip()
        if not stripped:
            kept.append("")
            continue
        hit = None
        for rule_id, kind, regex in rules:
            if regex.search(stripped):
                hit = (rule_id, kind)
                break
        if hit is None and stripped in seen:
            hit = (REPEAT_RULE, REPEAT_KIND)
        seen.add(stripped)
        if hit is None:
            kept.append(line)
        else:
            removed.append({"line_no": line_no, "line": line, "rule": hit[0], "kind": hit[1]})
    clean = _EXTRA_BLANK_LINES_RE.sub("\n\n", "\n".join(kept)).strip()
    return clean, removed
