"""The line and paragraph clean-up every kind of file shares: Unicode spaces, Markdown escapes left in the
text, runs of spaces, typographic ligatures (from PDFs); paragraphs separated by one blank line."""

from __future__ import annotations

import re

_MD_ESCAPE_RE = re.compile(r"\\([\[\]()*_#`>!{}+.|~<-])")
_SPACES_RE = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_LIGATURES = {0xFB00: "ff", 0xFB01: "fi", 0xFB02: "fl", 0xFB03: "ffi", 0xFB04: "ffl", 0xFB05: "st", 0xFB06: "st"}
_RUNS_OF_SPACE_RE = re.compile(r"[ \t]{2,}")


def _clean_line(text: str) -> str:
    text = _SPACES_RE.sub(" ", text)
    text = _MD_ESCAPE_RE.sub(r"\1", text)
    return _RUNS_OF_SPACE_RE.sub(" ", text).strip()


def _join_paragraphs(paragraphs) -> str:
    out = []
    for paragraph in paragraphs:
        lines = [_clean_line(line) for line in paragraph.split("\n")]
        lines = [line for line in lines if line]
        if lines:
            out.append("\n".join(lines))
    return "\n\n".join(out)
