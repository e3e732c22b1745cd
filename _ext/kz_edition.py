"""The edition on the page: one version and one date, a PDF title page, the Tables on narrow screens.

Below 600 px a table is shown as one card per row
(``_static/kz.css``); each cell is labelled with its column's heading, which
:func:`label_table_cells` writes into the page as a ``data-label`` attribute
(the heading's text, escaped as an attribute value).

Page titles. sphinx-book-theme writes each page's title into the page's
print header unescaped; a source page's title holds an article's headline,
so :func:`escape_page_title` escapes it.

PDF from the HTML.

One date. Sphinx prints ``today`` (the PDF's title page, ``|today|``) from
the build machine's clock unless told otherwise; the book's other dates
come from :mod:`kzanalysis.report.edition` (``CITATION.cff``). This extension sets
``today``, ``version`` and ``release`` from the same place, so the title
page, the "as of" lines and the figure citations show one date.

PDF title page. The title, the corpus it reads (how many articles, which
years), an abstract (the bottom-line judgments of the key findings, each
with its confidence), the version and the date. The abstract is computed
from the analysed corpus when the LaTeX builder starts; every piece of
text is escaped for LaTeX.

Tables on narrow screens. Below 600 px a table is shown as one card per row
(``_static/kz.css``); each cell is labelled with its column's heading, which
:func:`label_table_cells` writes into the page as a ``data-label`` attribute
(the heading's text, escaped as an attribute value).

PDF from the HTML. The theme's per-page download menu would print one web
page; it is turned off in ``_config.yml`` and every HTML page's footer links
the book's PDF instead (``book.pdf`` next to the HTML, copied there by the
build when the PDF exists).
"""

from __future__ import annotations

import html

from sphinx.application import Sphinx
from sphinx.util import texescape

from kzanalysis.report.edition import edition

texescape.init()  # fills the escape tables (Sphinx's LaTeX builder does the same when it starts)
escape = texescape.escape

#: Where the PDF edition sits in the HTML output.
PDF_NAME = "book.pdf"


def set_edition(app: Sphinx, config) -> None:
    ed = edition()
    config.today = ed.date_text
    config.version = ed.version
    config.release = ed.version


def _abstract_items() -> tuple[str, list[str]]:
    """The corpus line and the bottom-line judgments (headline and confidence), as plain text."""
    from kzanalysis.analysed import analysed_corpus
    from kzanalysis.analysis.findings import bottom_line, key_findings

    corpus = analysed_corpus()
    years = corpus.articles["date_start"].dt.year
    n = len(corpus.articles)
    span = f"{years.min()}" if years.min() == years.max() else f"{years.min()}–{years.max()}"
    outlets = corpus.articles["outlet"].nunique()
    corpus_line = (
        f"{n} {'article' if n == 1 else 'articles'} from {outlets} {'outlet' if outlets == 1 else 'outlets'}, {span}"
    )
    items = [f"{f.headline} (confidence: {f.confidence})" for f in bottom_line(key_findings(corpus))]
    return corpus_line, items


def title_page(title: str, author: str, corpus_line: str, items: list[str], version: str, day: str) -> str:
    """The LaTeX of the title page; every argument is plain text and is escaped here."""
    abstract = "\n".join(f"  \\item {escape(item)}" for item in items)
    return rf"""
\begin{{titlepage}}
  \centering
  \vspace*{{3em}}
  {{\Huge\bfseries {escape(title)}\par}}
  \vspace{{1.5em}}
  {{\Large {escape(corpus_line)}\par}}
  \vspace{{3em}}
  \begin{{minipage}}{{0.86\textwidth}}
  \raggedright
  \textbf{{Abstract.}} The bottom line of the key findings, each with how far to trust it:
  \begin{{itemize}}
{abstract}
  \end{{itemize}}
  \end{{minipage}}
  \vfill
  {{\large {escape(author)}\par}}
  \vspace{{0.5em}}
  {{Version {escape(version)} \textperiodcentered\ {escape(day)}\par}}
\end{{titlepage}}
"""


def latex_title_page(app: Sphinx) -> None:
    if app.builder.name != "latex":
        return
    ed = edition()
    corpus_line, items = _abstract_items()
    documents = app.config.latex_documents
    title = documents[0][2] if documents and len(documents[0]) > 2 else app.config.project
    author = documents[0][3] if documents and len(documents[0]) > 3 else app.config.author
    app.builder.context["maketitle"] = title_page(title, author, corpus_line, items, ed.version, ed.date_text)


def pdf_footer_link(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Add a link to the PDF edition to every HTML page's footer."""
    href = context["pathto"](PDF_NAME, 1)
    link = f'<a class="kz-pdf-link" href="{href}">The book as PDF</a>'
    context["theme_extra_footer"] = (context.get("theme_extra_footer") or "") + link


def label_table_cells(body: str) -> str:
    """Give every body cell of every table a ``data-label`` with its column's heading text."""
    if "<table" not in body:
        return body
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(body, "html.parser")
    for table in soup.find_all("table"):
        head = table.find("thead")
        if head is None:
            continue
        labels = [" ".join(th.get_text(" ").split()) for th in head.find_all("th")]
        for row in table.find_all("tr"):
            if row.find_parent("thead") is not None:
                continue
            for label, cell in zip(labels, row.find_all("td", recursive=False)):
                if label:
                    cell["data-label"] = label
    return str(soup)


def html_table_labels(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if "body" in context:
        context["body"] = label_table_cells(context["body"])


def escape_page_title(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Escape the page title that sphinx-book-theme puts into every page unescaped.

    The theme sets ``pagetitle`` to the title's plain text and writes it into the
    print header as ``<h1>{{ pagetitle }}</h1>`` without escaping; a source page's
    title holds an article's headline, which is untrusted text, so markup in a
    headline would become live HTML there. Runs after the theme's handler.
    """
    if isinstance(context.get("pagetitle"), str):
        context["pagetitle"] = html.escape(context["pagetitle"], quote=True)


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", set_edition)
    app.connect("builder-inited", latex_title_page)
    app.connect("html-page-context", pdf_footer_link)
    app.connect("html-page-context", html_table_labels)
    app.connect("html-page-context", escape_page_title, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
