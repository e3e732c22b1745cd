"""Which paragraphs a source page keeps: excerpts-only rights everywhere, and in the PDF of a large corpus
only the cited paragraphs of every text (the HTML edition keeps them all)."""

from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from docutils import nodes

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "_ext"))

import kz_sources  # noqa: E402

from kzanalysis.report.book import para_label  # noqa: E402
from kzanalysis.report.plots.layout import PER_ARTICLE_LIMIT  # noqa: E402


def _page(article_id: str, rights: str, n_paragraphs: int) -> nodes.document:
    """A doctree with one source text's body: numbered paragraph containers, as the directive builds them."""
    from docutils.frontend import get_default_settings
    from docutils.parsers.rst import Parser
    from docutils.utils import new_document

    document = new_document("<test>", get_default_settings(Parser))
    body = nodes.container(classes=[kz_sources.SOURCE_CLASS])
    body["kz_article"] = article_id
    body["kz_rights"] = rights
    for number in range(1, n_paragraphs + 1):
        box = nodes.container()
        box["kz_paragraph"] = number
        box += nodes.paragraph(text=f"Paragraph {number} of {article_id}.")
        body += box
    document += body
    return document


def _app(builder_format: str, cited: set[str]) -> SimpleNamespace:
    return SimpleNamespace(
        builder=SimpleNamespace(format=builder_format), env=SimpleNamespace(kz_para_cited={"chapters/x": cited})
    )


def _kept(document) -> list[int]:
    return [n["kz_paragraph"] for n in document.findall(nodes.container) if "kz_paragraph" in n]


def _notes(document) -> list[str]:
    return [p.astext() for p in document.findall(nodes.paragraph) if "kz-excerpt-note" in p["classes"]]


@pytest.fixture
def corpus_of(monkeypatch):
    def set_size(n_articles: int) -> None:
        monkeypatch.setitem(kz_sources._STATE, "n_articles", n_articles)

    return set_size


@pytest.mark.parametrize("builder_format", ["html", "latex"])
def test_small_corpus_keeps_every_paragraph_of_a_full_text(corpus_of, builder_format):
    corpus_of(5)
    page = _page("a1", "full", 6)
    kz_sources.keep_excerpts(_app(builder_format, {para_label("a1", 2)}), page, "source_texts/a1")
    assert _kept(page) == [1, 2, 3, 4, 5, 6]
    assert _notes(page) == []


def test_excerpts_only_text_keeps_the_cited_paragraphs_in_html(corpus_of):
    corpus_of(5)
    page = _page("a1", "excerpts", 6)
    kz_sources.keep_excerpts(_app("html", {para_label("a1", 2), para_label("a1", 5)}), page, "source_texts/a1")
    assert _kept(page) == [2, 5]
    assert _notes(page) and "left out: paragraphs 1, 3\u20134, 6" in _notes(page)[0]


def test_large_corpus_html_still_has_every_paragraph(corpus_of):
    corpus_of(PER_ARTICLE_LIMIT + 1)
    page = _page("a1", "full", 4)
    kz_sources.keep_excerpts(_app("html", {para_label("a1", 3)}), page, "source_texts/a1")
    assert _kept(page) == [1, 2, 3, 4]


def test_large_corpus_pdf_prints_only_the_cited_paragraphs_and_says_where_the_rest_are(corpus_of):
    corpus_of(PER_ARTICLE_LIMIT + 1)
    page = _page("a1", "full", 4)
    # a citation of another article's paragraph keeps nothing here
    kz_sources.keep_excerpts(_app("latex", {para_label("a1", 3), para_label("a2", 1)}), page, "source_texts/a1")
    assert _kept(page) == [3]
    (note,) = _notes(page)
    assert "1 of the 4 paragraphs" in note
    assert "HTML edition" in note or ".html" in note


def test_limit_itself_is_still_printed_in_full(corpus_of):
    corpus_of(PER_ARTICLE_LIMIT)
    page = _page("a1", "full", 3)
    kz_sources.keep_excerpts(_app("latex", set()), page, "source_texts/a1")
    assert _kept(page) == [1, 2, 3]


# ----------------------------------------------------------------------------- the stubs


def test_one_page_per_article_up_to_the_limit(tmp_path):
    from kzanalysis.report.sources import write_source_stubs

    articles = [("b", "2001-05-02"), ("a", "1999-01-31")]
    docnames = write_source_stubs(tmp_path, articles)
    assert docnames == ["source_texts/1999-01-31-a", "source_texts/2001-05-02-b"]
    assert "kz-source-text} a\n" in (tmp_path / "source_texts" / "1999-01-31-a.md").read_text(encoding="utf-8")


def test_one_page_per_year_past_the_limit_and_old_pages_removed(tmp_path):
    from kzanalysis.report.sources import write_source_stubs

    write_source_stubs(tmp_path, [("a", "1999-01-31")])  # a small corpus first: its page must go
    # 31 articles: 20 of 2003 (dates given out of order), 11 of 2005
    articles = [(f"x{i:02d}", f"2003-{12 - i % 12:02d}-01") for i in range(20)]
    articles += [(f"y{i:02d}", "2005-06-15") for i in range(11)]
    assert len(articles) == PER_ARTICLE_LIMIT + 1
    docnames = write_source_stubs(tmp_path, articles)
    assert docnames == ["source_texts/2003", "source_texts/2005"]
    assert sorted(p.name for p in (tmp_path / "source_texts").glob("*.md")) == ["2003.md", "2005.md"]
    page = (tmp_path / "source_texts" / "2005.md").read_text(encoding="utf-8")
    assert "# Source texts of 2005 (11 articles)" in page
    assert page.count("{kz-source-text}") == 11 and page.count(":grouped:") == 11
    page_2003 = (tmp_path / "source_texts" / "2003.md").read_text(encoding="utf-8")
    # oldest first: x11 (January) before x00 (December)
    assert page_2003.index("} x11\n") < page_2003.index("} x00\n")


def test_large_corpus_pdf_ignores_a_source_pages_own_citations_and_unlinks_what_it_drops(corpus_of, monkeypatch):
    corpus_of(PER_ARTICLE_LIMIT + 1)
    monkeypatch.setitem(kz_sources._STATE, "docnames", ["source_texts/1999"])
    page = _page("a1", "full", 3)
    for box in page.findall(nodes.container):
        if "kz_paragraph" in box:
            box.children[0].insert(0, nodes.target("", "", ids=[f"a1-para-{box['kz_paragraph']}"]))
    # links as the LaTeX builder resolves them: to the page and the paragraph's anchor
    link_kept = nodes.reference("", "¶ 2", refuri="%source_texts/1999#a1-para-2")
    link_dropped = nodes.reference("", "¶ 3", refuri="%source_texts/1999#a1-para-3")
    page += nodes.paragraph("", "", link_kept, link_dropped)
    app = SimpleNamespace(
        builder=SimpleNamespace(format="latex"),
        env=SimpleNamespace(
            kz_para_cited={
                "chapters/energy": {para_label("a1", 2)},
                "source_texts/1999": {para_label("a1", 1), para_label("a1", 3)},  # the page's own criticism
            }
        ),
    )
    kz_sources.keep_excerpts(app, page, "chapters/key_findings")
    assert _kept(page) == [2]
    links = [r.astext() for r in page.findall(nodes.reference)]
    assert links == ["¶ 2"]
    assert "¶ 3" in page.astext()  # still there, as plain text


def test_source_texts_are_unnumbered_chapters_in_the_pdf():
    """The chapters after the source texts keep the numbers the HTML gives them (the source part is unnumbered)."""
    from docutils.frontend import get_default_settings
    from docutils.parsers.rst import Parser
    from docutils.utils import new_document
    from sphinx import addnodes

    document = new_document("<test>", get_default_settings(Parser))
    for docname in ["chapters/conclusions", "source_texts/1997-a", "source_texts/2002-b", "chapters/appendix_methods"]:
        document += addnodes.start_of_file(docname=docname)
    transform = kz_sources.UnnumberedSourceTexts(document)
    transform.run()
    order = [n["docname"] if isinstance(n, addnodes.start_of_file) else n.astext().strip() for n in document.children]
    assert order == [
        "chapters/conclusions",
        r"\kzunnumberedchapters",
        "source_texts/1997-a",
        "source_texts/2002-b",
        r"\kznumberedchapters",
        "chapters/appendix_methods",
    ]
    assert r"\newcommand{\kzunnumberedchapters}" in kz_sources.LATEX_STYLE
    assert r"\newcommand{\kznumberedchapters}" in kz_sources.LATEX_STYLE
