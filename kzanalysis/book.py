"""Helpers that chapters use to put computed values into the book safely.

Article text is untrusted input, so everything that reaches a page through
these helpers is shown as text: glued strings become text nodes, and table
cells are backslash-escaped before MyST parses the table, so no markup in
an article (HTML, Markdown, MyST roles or directives) is ever interpreted.

- :class:`PlainText` makes a string render *as text* through
  ``{glue:text}`` (IPython would otherwise show its ``repr`` with quotes).
- :func:`glue_value` glues numbers and strings under a key.
- :class:`Table` shows a DataFrame as a numbered, titled table, escaped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import pandas as pd

__all__ = ["PlainText", "Table", "glue_value", "fmt_int", "fmt_float", "fmt_pct", "as_of", "md_escape"]


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


def fmt_int(value) -> PlainText:
    """Format a count with thousands separators (``3,812``)."""
    return PlainText(f"{int(round(float(value))):,}")


def fmt_float(value, digits: int = 1) -> PlainText:
    """Format a float with ``digits`` decimals."""
    return PlainText(f"{float(value):,.{digits}f}")


def fmt_pct(value, digits: int = 0) -> PlainText:
    """Format a share in 0..1 as a percentage (``0.42`` -> ``42%``)."""
    return PlainText(f"{100 * float(value):.{digits}f}%")


def as_of(today: date | None = None) -> PlainText:
    """The build date as ``23 November 2026`` for "as of" lines."""
    today = today or date.today()
    return PlainText(f"{today.day} {today:%B %Y}")


def glue_value(key: str, value, display: bool = False) -> None:
    """Glue ``value`` under ``key`` for ``{glue:text}``.

    Strings are wrapped in :class:`PlainText`; integers get thousands
    separators; other values are glued as they are (format floats in the
    role, e.g. ``{glue:text}`key:.1f```, or pass a :class:`PlainText`).
    """
    from myst_nb import glue

    if isinstance(value, PlainText):
        shown = value
    elif isinstance(value, bool):
        shown = PlainText("yes" if value else "no")
    elif isinstance(value, str):
        shown = PlainText(value)
    elif isinstance(value, int) or getattr(getattr(value, "dtype", None), "kind", "") in ("i", "u"):
        shown = fmt_int(value)
    else:
        shown = value
    glue(key, shown, display=display)


# Every ASCII punctuation character can be backslash-escaped in CommonMark and
# MyST, which turns any markup (HTML tags, roles, directives, links, emphasis,
# table pipes) into literal text.
_MARKUP_PUNCT = re.compile(r"([!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])")


def md_escape(text) -> str:
    """Escape ``text`` so that MyST Markdown shows it literally, on one line."""
    flat = " ".join(str(text).split())
    return _MARKUP_PUNCT.sub(r"\\\1", flat)


def _cell(value, digits: int) -> str:
    if value is None:
        return ""
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


@dataclass
class Table:
    """A numbered, titled table for the book, safe for untrusted cell text.

    The table is emitted as a MyST ``{table}`` directive (as ``text/markdown``
    output), so Sphinx numbers it ("Table 2.1"), ``{numref}`` can refer to it
    by ``name``, and both the HTML and the PDF builder typeset it natively.
    Every cell, header and the title are escaped with :func:`md_escape`, so
    article text is shown as text and never interpreted as markup.

    Parameters
    ----------
    frame:
        The data; the index is not shown (reset it first if it matters).
    title:
        The table's caption.
    name:
        Label for ``{numref}`` (e.g. ``"tbl-corpus"``).
    digits:
        Decimals for float cells.
    note:
        Optional line under the table (e.g. a source line).
    """

    frame: pd.DataFrame
    title: str
    name: str
    digits: int = 1
    note: str | None = None

    def _repr_markdown_(self) -> str:
        numeric = [pd.api.types.is_numeric_dtype(t) for t in self.frame.dtypes]
        header = "| " + " | ".join(md_escape(c) for c in self.frame.columns) + " |"
        rule = "|" + "|".join("--:" if num else ":--" for num in numeric) + "|"
        rows = [
            "| " + " | ".join(md_escape(_cell(v, self.digits)) or " " for v in row) + " |"
            for row in self.frame.itertuples(index=False, name=None)
        ]
        lines = [
            f":::{{table}} {md_escape(self.title)}",
            f":name: {self.name}",
            # longtable: the PDF breaks long tables across pages instead of
            # letting them run off the bottom of one.
            ":class: longtable",
            f":widths: {' '.join(str(w) for w in self._widths())}",
            "",
            header,
            rule,
            *rows,
            ":::",
        ]
        if self.note:
            lines += ["", md_escape(self.note)]
        return "\n".join(lines) + "\n"

    #: Characters of body text that fit across the PDF's text width.
    LINE_CHARS = 80
    #: Columns whose longest cell is at most this long are never wrapped.
    SHORT_COLUMN = 14

    def _widths(self) -> list[int]:
        """Relative column widths for the PDF, in characters.

        Short columns (dates, counts, labels) get the room their longest cell
        and header word need, so they never wrap mid-word; the long text
        columns share what is left of the line in proportion to their
        typical cell length.
        """
        needs, long_weight = [], {}
        for position, col in enumerate(self.frame.columns):
            cells = [len(_cell(v, self.digits)) for v in self.frame[col]]
            header_word = max([len(w) for w in str(col).split()] + [1])
            longest = max(cells + [0])
            if longest <= self.SHORT_COLUMN:
                needs.append(max(header_word, longest, 3) + 2)
            else:
                needs.append(None)
                typical = sorted(cells)[len(cells) // 2]
                long_weight[position] = max(min(typical, 60), header_word + 2, 12)
        left = max(self.LINE_CHARS - sum(n for n in needs if n is not None), 12 * len(long_weight))
        total_weight = sum(long_weight.values()) or 1
        return [
            need if need is not None else max(int(round(left * long_weight[i] / total_weight)), 12)
            for i, need in enumerate(needs)
        ]

    def __repr__(self) -> str:
        return f"{self.title}\n{self.frame.to_string(index=False)}"


def glue_article_refs(articles: pd.DataFrame) -> None:
    """Glue each article's year, date and outlet under ``year-<id>``, ``date-<id>`` and ``outlet-<id>``.

    Narrative that discusses a particular article refers to its date through
    these keys (``{glue:text}`year-<id>```), so no date is typed by hand.
    """
    for row in articles.itertuples(index=False):
        glue_value(f"year-{row.id}", PlainText(str(row.year)))
        glue_value(f"date-{row.id}", PlainText(str(row.date)))
        glue_value(f"outlet-{row.id}", PlainText(str(row.outlet)))


def count_phrase(counts: pd.Series, noun: str = "", joiner: str = ", ") -> PlainText:
    """Turn value counts into words: ``{'a': 2, 'b': 1}`` -> ``"2 a, 1 b"``.

    Used for prose such as "2 us-government, 2 commercial, 1 donor-funded ngo".
    """
    parts = [f"{int(n)} {label}{noun}" for label, n in counts.items()]
    return PlainText(joiner.join(parts))
