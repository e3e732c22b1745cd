"""Text values the book shows as text: plain strings and paragraph references.

Plain values, free of any notebook or Sphinx import, so the analysis can return them and the report show
them (:mod:`kzanalysis.report.book` re-exports every name):

- :class:`PlainText` makes a string render *as text* through
  ``{glue:text}`` (IPython would otherwise show its ``repr`` with quotes).
- :func:`md_escape` escapes text so that MyST shows it literally.
- :func:`para_ref` / :func:`para_refs` make paragraph references ("¶ 7")
  that link to the paragraph on the article's source page: a
  :class:`RefText` is trusted markup whose only links are those references;
  every other character in it is escaped like any other cell.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = [
    "PlainText",
    "RefText",
    "md_escape",
    "para_label",
    "parse_para_label",
    "para_ref",
    "para_refs",
    "para_ref_column",
    "PARA_LABEL_PREFIX",
    "PARA_SIGN",
]


class PlainText(str):
    """A string meant to be shown as text through ``{glue:text}``.

    myst-nb's ``{glue:text}`` takes the ``text/plain`` representation of the
    glued value and runs it through ``ast.literal_eval`` to strip quotes. A
    bare ``3,682`` would come back as the tuple ``(3, 682)``, so the
    representation is always the quoted Python literal of the string, which
    evaluates back to exactly this text. The role inserts it as a text node,
    so markup inside it is never interpreted.
    """

    def __repr__(self) -> str:
        return str.__repr__(str(self))

    def _repr_pretty_(self, printer, cycle) -> None:
        printer.text(str.__repr__(str(self)))


# Every ASCII punctuation character can be backslash-escaped in CommonMark and
# MyST, which turns any markup (HTML tags, roles, directives, links, emphasis,
# table pipes) into literal text.
_MARKUP_PUNCT = re.compile(r"([!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])")


def md_escape(text: object) -> str:
    """Escape ``text`` so that MyST Markdown shows it literally, on one line."""
    flat = " ".join(str(text).split())
    return _MARKUP_PUNCT.sub(r"\\\1", flat)


# ----------------------------------------------------------------------------- paragraph references

#: The sign every paragraph reference is written with ("¶ 7").
PARA_SIGN = "\u00b6"
#: Every paragraph anchor's label starts with this (the source pages define them).
PARA_LABEL_PREFIX = "kz-para-"
_UPPER = re.compile(r"[A-Z]")
_WHITESPACE = re.compile(r"\s+")


def para_label(article_id: str, paragraph: int) -> str:
    """The cross-reference label of one paragraph of one article (``kz-para-<id>-<n>``).

    Sphinx lowercases labels, so a capital letter of the id is written as
    ``.`` and the letter (``.`` cannot occur in an id), keeping ids that differ
    only in case apart.
    """
    encoded = _UPPER.sub(lambda m: "." + m.group(0).lower(), str(article_id))
    return f"{PARA_LABEL_PREFIX}{encoded}-{int(paragraph)}"


def parse_para_label(label: str) -> tuple[str, int] | None:
    """``(article_id, paragraph)`` of a label made by :func:`para_label`, else None."""
    if not label.startswith(PARA_LABEL_PREFIX):
        return None
    encoded, _, number = label[len(PARA_LABEL_PREFIX) :].rpartition("-")
    if not encoded or not number.isdigit():
        return None
    return re.sub(r"\.([a-z])", lambda m: m.group(1).upper(), encoded), int(number)


class RefText(str):
    """Text with paragraph references that link to their paragraphs: trusted markup.

    The string itself is the plain text (``"IWPR 2002 ¶ 5, ¶ 6"``), so CSV
    files, the terminal and ``{glue:text}`` show it as before. ``segments``
    holds the pieces: a ``str`` is shown as text (escaped), an
    ``(article_id, paragraph)`` pair becomes a link "¶ N" to that paragraph.
    :meth:`to_myst` writes MyST in which only those links are markup.
    Join pieces with ``+`` (a ``str`` operand stays text).
    """

    segments: tuple

    def __new__(cls, segments=()):
        parts: list = []
        for seg in segments:
            if isinstance(seg, RefText):
                parts.extend(seg.segments)
            elif isinstance(seg, tuple):
                article_id, paragraph = seg
                parts.append((str(article_id), int(paragraph)))
            else:
                parts.append(str(seg))
        plain = "".join(s if isinstance(s, str) else f"{PARA_SIGN} {s[1]}" for s in parts)
        obj = super().__new__(cls, plain)
        obj.segments = tuple(parts)
        return obj

    @property
    def refs(self) -> list[tuple[str, int]]:
        """The ``(article_id, paragraph)`` pairs referred to, in order."""
        return [s for s in self.segments if isinstance(s, tuple)]

    def __add__(self, other):
        if isinstance(other, str):
            return RefText((self, other))
        return NotImplemented

    def __radd__(self, other):
        if isinstance(other, str):
            return RefText((other, self))
        return NotImplemented

    def join(self, pieces: Iterable[str | tuple[str, int]]) -> RefText:  # type: ignore[override]
        """``RefText(", ").join([...])`` keeps the links of the pieces."""
        out: list = []
        for i, piece in enumerate(pieces):
            if i:
                out.append(self)
            out.append(piece)
        return RefText(out)

    def to_myst(self) -> str:
        """MyST for the text: every text piece escaped, every reference a ``{ref}`` role."""
        out = []
        for seg in self.segments:
            if isinstance(seg, str):
                # Like md_escape, but the spaces around a piece are kept (they separate it from a link).
                out.append(_MARKUP_PUNCT.sub(r"\\\1", _WHITESPACE.sub(" ", seg)))
            else:
                out.append(f"{{ref}}`{PARA_SIGN} {seg[1]} <{para_label(*seg)}>`")
        return "".join(out)

    def __repr__(self) -> str:
        return str.__repr__(str(self))

    def _repr_pretty_(self, printer, cycle) -> None:
        printer.text(str.__repr__(str(self)))

    def _repr_markdown_(self) -> str:
        return self.to_myst()

    def __reduce__(self):
        return (RefText, (self.segments,))


def para_ref(article_id: str, paragraph: int) -> RefText:
    """``¶ N`` linking to paragraph ``paragraph`` of article ``article_id``."""
    return RefText([(article_id, paragraph)])


def para_refs(article_id: str, paragraphs: Iterable[int], sep: str = ", ") -> RefText:
    """``¶ 5, ¶ 6`` (each a link) for several paragraphs of one article, in the order given."""
    return RefText(sep).join([para_ref(article_id, p) for p in paragraphs])


def para_ref_column(article_ids: Iterable[str], paragraphs: Iterable[int | float | None]) -> list:
    """A table column of paragraph links, one per row ("" where the paragraph is unknown)."""
    out: list = []
    for article_id, paragraph in zip(article_ids, paragraphs):
        try:
            missing = paragraph is None or bool(pd.isna(paragraph))
        except (TypeError, ValueError):
            missing = False
        out.append("" if missing else para_ref(article_id, int(paragraph)))
    return out
