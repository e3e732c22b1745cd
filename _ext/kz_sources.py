"""The source texts in the book: one page per article (per year past 30 articles), and "¶ N" links.

Pages. Before Sphinx reads anything (``config-inited``, ahead of
sphinx-external-toc), :func:`kzanalysis.report.sources.write_source_stubs` writes one
stub per article of the corpus in use (``KZ_DATA_DIR`` or ``data/``) into
``source_texts/`` (git-ignored; past :data:`kzanalysis.report.scale.PER_ARTICLE_LIMIT` articles one
stub per year, each article a section of it, so that the sidebar every HTML page carries lists years,
not hundreds of titles); ``_toc.yml`` lists that folder with a
``glob:``, so a new article gets a page without any change to code or the
table of contents, and the page of a removed article goes. A stub holds only
the directive ``kz-source-text <id>``, which builds the page from
:func:`kzanalysis.report.sources.source_pages` as docutils nodes: every character
of an article becomes a text node, so nothing in it (HTML, Markdown, MyST,
LaTeX) ever takes effect.

Anchors. Each paragraph carries a target whose label is
:func:`kzanalysis.report.book.para_label` (``kz-para-<id>-<n>``), numbered as
``corpus.all_paragraphs`` numbers it; the book refers to it with
:func:`kzanalysis.report.book.para_ref` (a ``{ref}`` role). A reference to a
paragraph that does not exist is an undefined label, which fails the strict
build.

Reuse rights. The paragraph references of every document are collected when
it is read. For an article whose manifest ``rights`` allow only excerpts, the
paragraphs that no document refers to are removed from its page when the
page is written (``doctree-resolved``), with a line saying which were left
out; as the set of cited paragraphs is known only once every document has
been read, the source pages are written again whenever any document was read.
"""

from __future__ import annotations

import os
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

from kzanalysis.report.book import PARA_LABEL_PREFIX, PARA_SIGN, RefText, para_label, parse_para_label

SOURCE_CLASS = "kz-source-text"
_STATE: dict = {}


def _corpus():
    if "corpus" not in _STATE:
        from kzanalysis.analysed import analysed_corpus

        _STATE["corpus"] = analysed_corpus()
    return _STATE["corpus"]


def _pages() -> dict:
    if "pages" not in _STATE:
        from kzanalysis.report.sources import source_pages

        _STATE["pages"] = {p.article_id: p for p in source_pages(_corpus())}
    return _STATE["pages"]


def write_stubs(app: Sphinx, config) -> None:
    """Write the source pages' stubs before the table of contents is read."""
    from kzanalysis.report.sources import write_source_stubs

    articles = _corpus().articles
    _STATE["docnames"] = write_source_stubs(app.srcdir, list(zip(articles["id"], articles["date_start"])))
    _STATE["n_articles"] = len(articles)


# ----------------------------------------------------------------------------- nodes from plain text


def _ref(article_id: str, paragraph: int) -> addnodes.pending_xref:
    text = f"{PARA_SIGN} {paragraph}"
    xref = addnodes.pending_xref(
        "", refdomain="std", reftype="ref", reftarget=para_label(article_id, paragraph), refexplicit=True, refwarn=True
    )
    xref += nodes.inline(text, text, classes=["std", "std-ref"])
    return xref


def _inline(value) -> list[nodes.Node]:
    """Text nodes for a string; text nodes and paragraph links for a :class:`RefText`."""
    if isinstance(value, RefText):
        return [nodes.Text(s) if isinstance(s, str) else _ref(*s) for s in value.segments]
    return [nodes.Text(str(value))]


def _para(value, classes=()) -> nodes.paragraph:
    node = nodes.paragraph("", "", classes=list(classes))
    node.extend(_inline(value))
    return node


def _section(document, title: str, name: str) -> nodes.section:
    section = nodes.section("", ids=[nodes.make_id(name)], names=[nodes.fully_normalize_name(name)])
    section += nodes.title(title, title)
    document.note_implicit_target(section, section)
    return section


def _bullets(items) -> nodes.bullet_list:
    out = nodes.bullet_list("", bullet="-")
    for item in items:
        li = nodes.list_item()
        li += item if isinstance(item, nodes.Node) else _para(item)
        out += li
    return out


class SourceTextDirective(SphinxDirective):
    """``kz-source-text <article id>``: the whole source page of one article."""

    required_arguments = 1
    has_content = False
    # grouped: the page holds several articles (one page per year past PER_ARTICLE_LIMIT), so the paragraphs'
    # anchors name the article as well
    option_spec = {"class": directives.class_option, "grouped": directives.flag}

    def run(self) -> list[nodes.Node]:
        article_id = self.arguments[0]
        page = _pages().get(article_id)
        if page is None:
            raise self.error(f"no article with id {article_id!r} in the corpus in use")
        data_dir = Path(_corpus().data_dir)
        for name in ("manifest.yml", "errata.yml", "claims.yml", "events.yml"):
            if (data_dir / name).exists():
                self.env.note_dependency(str(data_dir / name))
        document = self.state.document
        # a PDF of a large corpus prints each text compactly: its metadata and the paragraphs the chapters
        # cite; the source criticism and the notes beside each paragraph are in the HTML edition
        compact = _cited_only_in_print(self.env.app)
        title = f"{page.label}: {page.title}"
        top = _section(document, title, f"source-{article_id}")
        top["classes"].append("kz-source-page")

        about = _section(document, "About this text", f"source-{article_id}-about")
        fields = nodes.field_list(classes=["kz-source-meta"])
        for name, value in page.metadata:
            field = nodes.field()
            field += nodes.field_name(name, name)
            body = nodes.field_body()
            body += _para(value)
            field += body
            fields += field
        about += fields
        if page.rights_reason:
            about += _para("Why: " + page.rights_reason, classes=["kz-rights-reason"])
        if compact:
            about += _para(
                "This edition gives the metadata and the paragraphs the chapters cite; the source criticism "
                "(genre, voices, funding, forecasts, known errors, the numbers the text states) and the voices "
                "and claims beside each paragraph are on this text's page in "
                f"{_html_page(self.env.docname, article_id, 'grouped' in self.options)}."
            )
        top += about
        if compact:
            top += self._text(document, article_id, page, notes=False)
            return [top]

        criticism = _section(document, "Source criticism", f"source-{article_id}-criticism")
        deflist = nodes.definition_list(classes=["kz-criticism"])
        for heading, text in page.criticism:
            item = nodes.definition_list_item()
            item += nodes.term(heading, heading)
            definition = nodes.definition()
            definition += _bullets(text) if isinstance(text, list) else _para(text)
            item += definition
            deflist += item
        criticism += deflist
        if len(page.numbers):
            criticism += _para(
                "Numbers the text states (the source's claims, with any erratum of the paragraph beside them):"
            )
            items = []
            for row in page.numbers.to_dict("records"):
                line = (
                    row["¶"]
                    + f" {row['Value']} {row['Unit']}".rstrip()
                    + f": \u201c{row['As the source states it']}\u201d"
                )
                if row["Erratum in the paragraph"]:
                    line = line + f" (erratum in this paragraph: {row['Erratum in the paragraph']})"
                items.append(_para(line))
            criticism += _bullets(items)
        top += criticism

        top += self._text(document, article_id, page)
        return [top]

    def _text(self, document, article_id: str, page, notes: bool = True) -> nodes.section:
        """The section "The text": every paragraph numbered, with its anchor (and, with ``notes``, the voices,
        errata and claims beside it)."""
        text = _section(document, "The text", f"source-{article_id}-text")
        legend = (
            "Every paragraph of the text as received is numbered; tables and citations use these numbers. "
            "Greyed paragraphs are page furniture (headline, byline, boilerplate struck through, the appended "
            "biography marked); quotations are highlighted with their speaker; errata are underlined with the "
            "correction in brackets"
            + ("; beside each paragraph: who speaks in it and the claims coded in it." if notes else ".")
        )
        if page.rights != "full" and notes:
            legend += (
                " Reuse rights allow excerpts only: the paragraphs the book cites are reproduced, "
                "the others are left out."
            )
        text += _para(legend, classes=["kz-legend"])
        body = nodes.container(classes=[SOURCE_CLASS])
        body["kz_article"] = article_id
        body["kz_rights"] = page.rights
        body["kz_grouped"] = "grouped" in self.options
        body["kz_docname"] = self.env.docname
        for view in page.paragraphs:
            body += self._paragraph(article_id, view, notes)
        text += body
        return text

    def _paragraph(self, article_id: str, view, notes: bool = True) -> nodes.container:
        classes = ["kz-para", f"kz-part-{view.part}"] + (["kz-furniture"] if view.furniture else [])
        box = nodes.container(classes=classes)
        box["kz_paragraph"] = view.number
        label = para_label(article_id, view.number)
        anchor = (
            nodes.make_id(f"{article_id}-para-{view.number}") if "grouped" in self.options else f"para-{view.number}"
        )
        para = nodes.paragraph("", "", classes=["kz-para-text"])
        target = nodes.target("", "", ids=[anchor], names=[label])
        self.state.document.note_explicit_target(target, target)
        para += target
        number = f"{PARA_SIGN} {view.number}"
        link = nodes.reference(number, "", refid=anchor, classes=["kz-para-no"])
        link += nodes.inline(number, number)
        para += link
        if view.part_name:
            para += nodes.inline(view.part_name, f" {view.part_name}", classes=["kz-part-name"])
        para += nodes.Text(" ")
        if view.speaker_label and not view.text.startswith(view.speaker_label):
            para += nodes.inline(view.speaker_label, view.speaker_label + " ", classes=["kz-speaker-label"])
        spans = view.spans
        for i, span in enumerate(spans):
            node: nodes.Node = nodes.Text(span.text)
            if span.erratum is not None:
                wrapped = nodes.inline("", "", classes=["kz-erratum"])
                wrapped += node
                node = wrapped
            if span.quote_speaker is not None:
                wrapped = nodes.inline("", "", classes=["kz-quote"])
                wrapped += node
                node = wrapped
            para += node
            if span.erratum is not None and span.erratum_end:
                note = f" [read \u201c{span.erratum['correction']}\u201d]"
                para += nodes.inline(note, note, classes=["kz-correction"])
            quote_ends = span.quote_speaker is not None and (
                i + 1 == len(spans) or spans[i + 1].quote_speaker != span.quote_speaker
            )
            if quote_ends and span.quote_speaker:
                who = f" [quoted: {span.quote_speaker}]"
                para += nodes.inline(who, who, classes=["kz-quote-speaker"])
        box += para
        if not notes:
            return box
        notes = []
        for voice in view.voices:
            notes.append(_para("Voice " + voice, classes=["kz-voice"]))
        for erratum in view.errata:
            notes.append(
                _para(
                    f"Erratum ({erratum['kind']}): as printed \u201c{erratum['original']}\u201d, "
                    f"correction \u201c{erratum['correction']}\u201d. Evidence: {erratum['evidence']}",
                    classes=["kz-erratum-note"],
                )
            )
        for claim in view.claims:
            head = f"Claim {claim['id']}" + ("" if claim["reviewed"] else " (unreviewed machine proposal)")
            detail = " \u00b7 ".join(x for x in (claim["who"], claim["topic"], claim["stance"]) if x)
            forecast = " (forecast)" if claim["forecast"] else ""
            notes.append(
                _para(
                    f"{head}{forecast}, {detail}: {claim['claim']}",
                    classes=["kz-claim"] + ([] if claim["reviewed"] else ["kz-unreviewed"]),
                )
            )
        if notes:
            aside = nodes.container(classes=["kz-para-notes"])
            aside.extend(notes)
            box += aside
        return box


# ----------------------------------------------------------------------------- citations and excerpts


def _cited_in(doctree) -> set[str]:
    return {
        node["reftarget"]
        for node in doctree.findall(addnodes.pending_xref)
        if node.get("reftype") == "ref" and str(node.get("reftarget", "")).startswith(PARA_LABEL_PREFIX)
    }


def collect_citations(app: Sphinx, doctree) -> None:
    env = app.env
    if not hasattr(env, "kz_para_cited"):
        env.kz_para_cited = {}
    env.kz_para_cited[env.docname] = _cited_in(doctree)
    _STATE["read_any"] = True


def purge_citations(app: Sphinx, env, docname: str) -> None:
    if hasattr(env, "kz_para_cited"):
        env.kz_para_cited.pop(docname, None)


def merge_citations(app: Sphinx, env, docnames, other) -> None:
    if not hasattr(env, "kz_para_cited"):
        env.kz_para_cited = {}
    env.kz_para_cited.update({d: c for d, c in getattr(other, "kz_para_cited", {}).items() if d in docnames})


def rewrite_source_pages(app: Sphinx, env) -> list[str]:
    """Write the source pages again when any document was read (the cited paragraphs may have changed)."""
    if not _STATE.get("read_any"):
        return []
    return [d for d in _STATE.get("docnames", []) if d in env.found_docs]


def _cited_only_in_print(app: Sphinx) -> bool:
    """True when the PDF gives only the cited paragraphs of every source text: a LaTeX build of a corpus of more
    articles than a figure shows one by one (:data:`kzanalysis.report.scale.PER_ARTICLE_LIMIT`), whose full
    texts would run to thousands of printed pages. The HTML edition always has every paragraph."""
    from kzanalysis.report.scale import PER_ARTICLE_LIMIT

    return app.builder.format == "latex" and _STATE.get("n_articles", 0) > PER_ARTICLE_LIMIT


def _html_page(docname: str, article_id: str, grouped: bool) -> str:
    """Where a source text is in the HTML edition: its address under the book's stable URL, if it has one."""
    from kzanalysis.report.edition import edition

    base = edition().url
    if not base:
        return "the HTML edition"
    return f"{base}{docname}.html" + (f"#{nodes.make_id(f'source-{article_id}')}" if grouped else "")


def keep_excerpts(app: Sphinx, doctree, docname: str) -> None:
    """On an excerpts-only page, keep only the paragraphs some document of the book refers to; in a PDF of a
    large corpus (:func:`_cited_only_in_print`), keep on every source page only the paragraphs the chapters
    refer to, and turn the links to the paragraphs left out into plain text."""
    print_cited_only = _cited_only_in_print(app)
    source_docs = set(_STATE.get("docnames", []))
    cited: dict[str, set[int]] = {}
    for citing, labels in getattr(app.env, "kz_para_cited", {}).items():
        if print_cited_only and citing in source_docs:
            continue  # a source page's own criticism refers to its paragraphs: not a reason to print them
        for label in labels:
            parsed = parse_para_label(label)
            if parsed is not None:
                cited.setdefault(parsed[0], set()).add(parsed[1])
    dropped_ids: set[str] = set()
    for body in list(doctree.findall(lambda n: isinstance(n, nodes.container) and SOURCE_CLASS in n["classes"])):
        if body.get("kz_rights") == "full" and not print_cited_only:
            continue
        keep = cited.get(body["kz_article"], set())
        kept, left_out = [], []
        for child in list(body.children):
            number = child.get("kz_paragraph") if isinstance(child, nodes.Element) else None
            if number is None:
                continue
            (kept if number in keep else left_out).append(number)
            if number not in keep:
                for target in child.findall(nodes.target):
                    dropped_ids.update(target["ids"])
                body.remove(child)
        if left_out and body.get("kz_rights") == "full":
            where = _html_page(body.get("kz_docname", docname), body["kz_article"], bool(body.get("kz_grouped")))
            note = (
                f"This edition prints {len(kept)} of the {len(kept) + len(left_out)} paragraphs of the text, those "
                f"the chapters cite (the {_STATE.get('n_articles', 0)} source texts in full would run to "
                f"thousands of pages); every paragraph, numbered as here, is on this text's page in {where}."
            )
            body.insert(0, nodes.paragraph(note, note, classes=["kz-excerpt-note"]))
        elif left_out:
            note = (
                f"Excerpts only: {len(kept)} of {len(kept) + len(left_out)} paragraphs are reproduced "
                f"(those the book cites); left out: paragraphs {_ranges(left_out)} (not cited, so not linked)."
            )
            body.insert(0, nodes.paragraph(note, note, classes=["kz-excerpt-note"]))
    if print_cited_only and dropped_ids:
        # only here: the pages are then one per year, so a paragraph's anchor names its article and is unique
        # (elsewhere nothing dropped is cited by any document, so no link points at it)
        _unlink(doctree, dropped_ids)


def _unlink(doctree, ids: set[str]) -> None:
    """Replace every link to one of ``ids`` (paragraphs no longer on the page) by its text."""
    for ref in list(doctree.findall(nodes.reference)):
        target = ref.get("refid") or str(ref.get("refuri", "")).rpartition("#")[2]
        if target in ids:
            ref.replace_self(nodes.inline(ref.astext(), ref.astext(), classes=["kz-para-ref-offpage"]))


def _ranges(numbers: list[int]) -> str:
    numbers = sorted(numbers)
    out, start, prev = [], None, None
    for n in numbers + [None]:
        if start is None:
            start = prev = n
        elif n is not None and n == prev + 1:
            prev = n
        else:
            out.append(f"{start}\u2013{prev}" if prev != start else f"{start}")
            start = prev = n
    return ", ".join(out)


LATEX_STYLE = r"""\ProvidesPackage{kzsources}
% Source pages: furniture greyed, quotations and errata marked, notes small; labels in the text's
% own family (italic), so the PDF keeps one type family.
\RequirePackage{xcolor}
\definecolor{kzgrey}{gray}{0.45}
\definecolor{kzquote}{RGB}{0,70,140}
\definecolor{kzerr}{RGB}{170,20,20}
\expandafter\def\csname DUrolekz-part-name\endcsname#1{\textit{\footnotesize\textcolor{kzgrey}{#1}}}
\expandafter\def\csname DUrolekz-quote\endcsname#1{\textcolor{kzquote}{#1}}
\expandafter\def\csname DUrolekz-quote-speaker\endcsname#1{\textit{\footnotesize\textcolor{kzquote}{#1}}}
\expandafter\def\csname DUrolekz-erratum\endcsname#1{\textcolor{kzerr}{#1}}
\expandafter\def\csname DUrolekz-correction\endcsname#1{\textit{\footnotesize\textcolor{kzerr}{#1}}}
\expandafter\def\csname DUrolekz-speaker-label\endcsname#1{\textbf{#1}}
\newenvironment{sphinxclasskz-furniture}{\color{kzgrey}}{}
\newenvironment{sphinxclasskz-para-notes}{\footnotesize\leftskip=2em\relax}{\par}
\newenvironment{sphinxclasskz-para}{\par\medskip}{}
% The source texts: chapters neither numbered nor counted (listed in the contents all the same).
\newcount\kz@secnumdepth
\newcommand{\kzunnumberedchapters}{\kz@secnumdepth=\value{secnumdepth}\setcounter{secnumdepth}{-1}}
\newcommand{\kznumberedchapters}{\setcounter{secnumdepth}{\kz@secnumdepth}}
"""


class UnnumberedSourceTexts(SphinxPostTransform):
    """PDF: the source texts are unnumbered chapters, as in the HTML, where their part is not numbered.

    LaTeX numbers every chapter of the single document it makes, so the source pages became chapters
    6, 7, ... and pushed the appendices' numbers (and their tables' and figures') away from the
    HTML's. Around the source pages the assembled document sets ``secnumdepth`` to -1 (a chapter is
    then neither numbered nor counted, and is still listed in the contents) and restores it after.
    """

    default_priority = 720
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        from kzanalysis.report.sources import SOURCE_DIR

        files = [
            node
            for node in self.document.findall(addnodes.start_of_file)
            if str(node.get("docname", "")).startswith(f"{SOURCE_DIR}/")
        ]
        if not files:
            return
        files[0].parent.insert(files[0].parent.index(files[0]), nodes.raw("", LATEX_UNNUMBERED, format="latex"))
        files[-1].parent.insert(files[-1].parent.index(files[-1]) + 1, nodes.raw("", LATEX_NUMBERED, format="latex"))


LATEX_UNNUMBERED = "\\kzunnumberedchapters\n"
LATEX_NUMBERED = "\\kznumberedchapters\n"


def latex_style(app: Sphinx) -> None:
    if app.builder.format == "latex":
        os.makedirs(app.outdir, exist_ok=True)
        Path(app.outdir, "kzsources.sty").write_text(LATEX_STYLE, encoding="utf-8")


def setup(app: Sphinx) -> dict:
    app.add_directive("kz-source-text", SourceTextDirective)
    app.add_post_transform(UnnumberedSourceTexts)
    app.connect("config-inited", write_stubs, priority=100)
    app.connect("doctree-read", collect_citations)
    app.connect("env-purge-doc", purge_citations)
    app.connect("env-merge-info", merge_citations)
    app.connect("env-get-updated", rewrite_source_pages)
    app.connect("doctree-resolved", keep_excerpts)
    app.connect("builder-inited", latex_style)
    app.add_latex_package("kzsources")
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
