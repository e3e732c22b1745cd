"""Helpers that chapters use to put computed values into the book safely.

Article text is untrusted input, so everything that reaches a page through
these helpers is shown as text: glued strings become text nodes, and table
cells are backslash-escaped before MyST parses the table, so no markup in
an article (HTML, Markdown, MyST roles or directives) is ever interpreted.

- :class:`PlainText` makes a string render *as text* through
  ``{glue:text}`` (IPython would otherwise show its ``repr`` with quotes).
- :func:`glue_value` glues numbers and strings under a key.
- :class:`Table` shows a DataFrame as a numbered, titled table, escaped.
- :func:`para_ref` / :func:`para_refs` make paragraph references ("¶ 7")
  that link to the paragraph on the article's source page: a
  :class:`RefText` is trusted markup whose only links are those references;
  every other character in it is escaped like any other cell.

:class:`PlainText`, :class:`RefText`, :func:`md_escape` and the paragraph references are defined in
:mod:`kzanalysis.load.refs` (free of notebook imports, so the analysis can return them) and re-exported here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, SupportsFloat

import pandas as pd

from kzanalysis.load.refs import (  # noqa: F401 (parse_para_label is used as book.parse_para_label)
    PARA_LABEL_PREFIX,
    PARA_SIGN,
    PlainText,
    RefText,
    md_escape,
    para_label,
    para_ref,
    para_ref_column,
    para_refs,
    parse_para_label,
)

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = [
    "PlainText",
    "RefText",
    "Table",
    "glue_value",
    "fmt_int",
    "fmt_float",
    "fmt_pct",
    "as_of",
    "md_escape",
    "para_label",
    "para_ref",
    "para_refs",
    "para_ref_column",
    "PARA_LABEL_PREFIX",
    "PARA_SIGN",
    "article_rows_or_summary",
    "register_rows_or_summary",
    "listed_or_counted",
    "capped_list",
    "LISTED_LIMIT",
]


def fmt_int(value: SupportsFloat) -> PlainText:
    """Format a count with thousands separators (``3,812``)."""
    return PlainText(f"{int(round(float(value))):,}")


def fmt_float(value: SupportsFloat, digits: int = 1) -> PlainText:
    """Format a float with ``digits`` decimals."""
    return PlainText(f"{float(value):,.{digits}f}")


def fmt_pct(value: SupportsFloat, digits: int = 0) -> PlainText:
    """Format a share in 0..1 as a percentage (``0.42`` -> ``42%``)."""
    return PlainText(f"{100 * float(value):.{digits}f}%")


def as_of(today: date | None = None) -> PlainText:
    """The edition's date as ``23 November 2026`` for "as of" lines.

    Without ``today``, the date of the edition (:mod:`kzanalysis.report.edition`), the one date
    the book prints everywhere.
    """
    if today is None:
        from .edition import edition

        return PlainText(edition().date_text)
    return PlainText(f"{today.day} {today:%B %Y}")


def glue_value(key: str, value: Any, display: bool = False) -> None:
    """Glue ``value`` under ``key`` for ``{glue:text}``.

    A :class:`RefText` (text with paragraph links) is glued as it is: paste
    it with ``{glue:md}`key:myst``` to get the links (``{glue:text}`` shows
    the same words without links). Other strings are wrapped in
    :class:`PlainText`; integers get thousands
    separators; other values are glued as they are (format floats in the
    role, e.g. ``{glue:text}`key:.1f```, or pass a :class:`PlainText`).
    """
    from myst_nb import glue

    if isinstance(value, (PlainText, RefText)):
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


def _markup_cell(value, digits: int) -> str:
    """A table cell as MyST: paragraph references as links, everything else escaped."""
    if isinstance(value, RefText):
        return value.to_myst()
    return md_escape(_cell(value, digits))


@dataclass
class Table:
    """A numbered, titled table for the book, safe for untrusted cell text.

    The table is emitted as a MyST ``{table}`` directive (as ``text/markdown``
    output), so Sphinx numbers it ("Table 2.1"), ``{numref}`` can refer to it
    by ``name``, and both the HTML and the PDF builder typeset it natively.
    Every cell, header and the title are escaped with :func:`md_escape`, so
    article text is shown as text and never interpreted as markup; a
    :class:`RefText` cell (see :func:`para_ref`) keeps its paragraph links,
    and only those.

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
            "| " + " | ".join(_markup_cell(v, self.digits) or " " for v in row) + " |"
            for row in self.frame.itertuples(index=False, name=None)
        ]
        lines = [
            f":::{{table}} {_markup_cell(self.title, self.digits)}",
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
            lines += ["", _markup_cell(self.note, self.digits)]
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
                # + 4: the cell's padding on both sides, so that a date or a number fits unbroken.
                needs.append(max(header_word, longest, 3) + 4)
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


def article_rows_or_summary(
    frame: pd.DataFrame,
    title: str,
    n_articles: int,
    *,
    by: str = "Date",
    count: str = "Articles",
    first: tuple[str, ...] = (),
    sums: tuple[str, ...] | None = None,
    hidden: pd.DataFrame | None = None,
    where: str | None = None,
) -> tuple[pd.DataFrame, str]:
    """A table of one row per article (or per line of one), or its summary past the per-article limit.

    Up to :data:`kzanalysis.report.scale.PER_ARTICLE_LIMIT` articles, returns ``frame`` and ``title`` as they are.
    With more, the book shows one row per year of column ``by`` (when ``by`` holds dates, as written in the
    manifest: the year is their first four characters) or per value of ``by`` (an outlet, say): the number of
    rows as ``count``, the sum of each column in ``sums`` (default: every numeric column) and the first value
    of each column in ``first``;
    other columns are left out, and the title says so. Every row stays on the article pages of the part
    "Source texts" and in the CSV export. Use it as ``Table(*article_rows_or_summary(...), name=...)``.

    ``hidden`` holds columns that only the summary uses (one row per row of ``frame``, in the same order:
    the dates to group by, counts to sum): they are joined to ``frame`` past the limit and never shown up
    to it. ``where`` replaces the end of the title that says where each article's row is.
    """
    from .scale import PER_ARTICLE_LIMIT, per_year_view

    if hidden is not None and per_year_view(n_articles):
        frame = pd.concat([frame.reset_index(drop=True), hidden.reset_index(drop=True)], axis=1)
    if not per_year_view(n_articles) or by not in frame.columns:
        return frame, title
    values = frame[by].astype(str)
    per_year = bool(len(values)) and bool(values.str.match(r"\d{4}").all())
    keys = values.str[:4] if per_year else values
    label = "Year" if per_year else by
    numeric = (
        [c for c in frame.columns if c != by and pd.api.types.is_numeric_dtype(frame[c])]
        if sums is None
        else [c for c in sums if c in frame.columns]
    )
    grouped = frame.assign(**{by: keys}).groupby(by, sort=per_year)
    out = grouped[numeric].sum() if numeric else pd.DataFrame(index=grouped.size().index)
    out.insert(0, count, grouped.size())
    for column in first:
        if column in frame.columns:
            out[column] = grouped[column].first()
    out = out.reset_index().rename(columns={by: label})
    per = "year" if per_year else by.lower()
    where = where or "each article's own row is in its section under Source texts and in the CSV export"
    note = f"per {per}, as the corpus has {n_articles} articles (more than {PER_ARTICLE_LIMIT}); {where}"
    return out, f"{title}: {note}"


def register_rows_or_summary(
    frame: pd.DataFrame,
    title: str,
    n_articles: int,
    *,
    keys: pd.DataFrame,
    articles: Iterable[str],
    count: str,
    csv: str,
    detail: str = "",
    flags: dict | None = None,
    by_keys: bool = False,
) -> tuple[pd.DataFrame, str]:
    """A register table (one row per claim, position, figure, forecast or sentence), or its counts past the limit.

    Up to :data:`kzanalysis.report.scale.PER_ARTICLE_LIMIT` articles, returns ``frame`` and ``title`` as they are.
    With more, a register grows with the corpus (hundreds of rows), so the book shows one row per
    combination of the values of ``keys`` instead: a frame with one row per row of ``frame``, in the same
    order, whose columns (named as the summary shows them: a voice, a side, a period, a year) take few
    values whatever the corpus. Each row gives the keys, the number of rows as ``count``, the number of
    distinct ``articles`` among them (the article id of each row) as "Articles", and for each name in
    ``flags`` (name -> one bool per row) the number of rows flagged. Rows come most frequent first (ties in
    the order they first occur), or sorted by the keys with ``by_keys`` (years in order). The title says so
    and names where every row is: ``csv``, the file of ``kzanalysis export`` that holds them ("claims.csv"),
    with ``detail`` after it in brackets (which of its rows, or what another file adds).
    Use it as ``Table(*register_rows_or_summary(...), name=...)``.
    """
    from .scale import PER_ARTICLE_LIMIT, per_year_view

    if not per_year_view(n_articles):
        return frame, title
    names = list(keys.columns)
    data = keys.reset_index(drop=True).fillna("").astype(str)
    data["_article"] = list(articles)
    flags = flags or {}
    for name, flagged in flags.items():
        data[name] = [bool(f) for f in flagged]
    grouped = data.groupby(names, sort=by_keys)
    out = grouped.size().rename(count).to_frame()
    out["Articles"] = grouped["_article"].nunique()
    for name in flags:
        out[name] = grouped[name].sum().astype(int)
    out = out.reset_index()
    if not by_keys:
        out = out.sort_values(count, ascending=False, kind="stable").reset_index(drop=True)
    lowered = [n.lower() for n in names]
    counted = " and ".join([", ".join(lowered[:-1]), lowered[-1]] if len(lowered) > 1 else lowered)
    noun = count.lower()
    where = f"{csv} ({detail})" if detail else csv
    note = (
        f"counted by {counted}, as the corpus has {n_articles} articles (more than {PER_ARTICLE_LIMIT}); "
        f"each of the {len(frame):,} {noun} is a row of {where} in the CSV export"
    )
    return out, f"{title}: {note}"


def listed_or_counted(n_articles: int, listed: str, counted: str) -> PlainText:
    """The words of the prose that describes a register table: ``listed`` while the table lists its rows,
    ``counted`` once it counts them (past the limit of :func:`register_rows_or_summary`)."""
    from .scale import per_year_view

    return PlainText(counted if per_year_view(n_articles) else listed)


#: Past the per-article limit, the most items a list in a table cell or a sentence names; the others are
#: counted ("and 12 more"), so that a list of articles does not grow with the corpus.
LISTED_LIMIT = 10


def capped_list(items: Iterable[object], n_articles: int, joiner: str = ", ") -> str:
    """``items`` joined by ``joiner``; past the per-article limit, the first :data:`LISTED_LIMIT` and
    "and N more" for the rest (every item up to the limit)."""
    from .scale import per_year_view

    items = [str(i) for i in items]
    if not per_year_view(n_articles) or len(items) <= LISTED_LIMIT:
        return joiner.join(items)
    return f"{joiner.join(items[:LISTED_LIMIT])} and {len(items) - LISTED_LIMIT:,} more"
