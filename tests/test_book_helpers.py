"""Tests of the helpers that put computed values into the book: escaping,
glued text, titled tables, the generated bibliography and the key findings."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from conftest import DATA_DIR, read_manifest, sha256_of, write_manifest
from markdown_it import MarkdownIt
from myst_nb.core.variables import format_plain_text

from kzanalysis.analysis.findings import subset
from kzanalysis.load.bibliography import corpus_bibtex
from kzanalysis.load.corpus import corpus_from_texts
from kzanalysis.report.book import PlainText, Table, count_phrase, fmt_int, fmt_pct, md_escape

HOSTILE = "<script>alert(1)</script> **bold** [link](http://x) {glue:text}`k` | pipe `code` <b>b</b> \\ end"


# ----------------------------------------------------------------------------- glued text


@pytest.mark.parametrize(
    "value",
    [fmt_int(3682), PlainText("1,000,000"), PlainText("(1, 2)"), PlainText('it\'s "quoted"'), PlainText(HOSTILE)],
)
def test_plain_text_survives_glue_text_exactly(value):
    # {glue:text} literal-evals the text/plain form; a bare "3,682" would become a tuple.
    assert format_plain_text(repr(value), "s") == str(value)


def test_number_formats():
    assert fmt_int(3682) == "3,682"
    assert fmt_int(5.0) == "5"
    assert fmt_pct(0.425) == "42%"
    assert count_phrase(pd.Series({"commercial": 2, "analysis": 1})) == "2 commercial, 1 analysis"


# ----------------------------------------------------------------------------- escaping and tables


def _render(markdown: str) -> str:
    return MarkdownIt("commonmark").enable("table").render(markdown)


def test_md_escape_neutralises_every_kind_of_markup():
    html = _render(md_escape(HOSTILE))
    assert "<script>" not in html and "<b>" not in html
    assert "<strong>" not in html and "<a href" not in html and "<code>" not in html
    # the text itself is all there, as text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "{glue:text}`k`" in html


def test_md_escape_flattens_newlines():
    assert "\n" not in md_escape("line one\n\n```{code-cell}\nx\n```")


def test_table_is_a_numbered_myst_table_with_escaped_cells():
    frame = pd.DataFrame({"Outlet": ["RFE/RL", HOSTILE], "Words": [746, 1497]})
    markdown = Table(frame, "Title & <i>more</i>", name="tbl-test")._repr_markdown_()
    lines = markdown.splitlines()
    assert lines[0] == r":::{table} Title \& \<i\>more\<\/i\>"
    assert ":name: tbl-test" in lines and ":class: longtable" in lines
    body = markdown.split("\n\n", 1)[1]
    rows = [line for line in body.splitlines() if line.startswith("|")]
    assert len(rows) == 2 + len(frame)  # header, rule, one per row
    assert rows[1] == "|:--|--:|"  # text left, numbers right
    html = _render(body.rsplit(":::", 1)[0])
    assert "<script>" not in html and html.count("<tr>") == 3
    assert "1,497" in html


def test_table_widths_keep_short_columns_whole():
    frame = pd.DataFrame({"Date": ["1997-11-24"], "Mentions": [3], "Evidence sentence": ["word " * 40]})
    widths = Table(frame, "t", name="tbl-w")._widths()
    # "1997-11-24" (10 characters) and the header word "Mentions" (8) fit unwrapped
    assert widths[0] >= 10 and widths[1] >= 8
    assert widths[2] > widths[0]


# ----------------------------------------------------------------------------- bibliography


def test_bibliography_has_one_entry_per_article_and_keeps_curated_ones():
    import pybtex.database

    text = corpus_bibtex(DATA_DIR)
    entries = pybtex.database.parse_string(text, "bibtex").entries
    manifest_ids = [a["id"] for a in read_manifest(DATA_DIR)["articles"]]
    assert [key for key in entries.keys() if key in manifest_ids] == manifest_ids  # each once, in manifest order
    # every other entry is a source that a curated file cites (events.yml, routes.yml)
    knowledge = " ".join(p.read_text(encoding="utf-8") for p in DATA_DIR.glob("*.yml") if p.name != "manifest.yml")
    others = [key for key in entries.keys() if key not in manifest_ids]
    assert others and all(key in knowledge for key in others)


def test_bibliography_publishes_only_the_sources_the_knowledge_cites(data_copy):
    import pybtex.database

    with open(data_copy / "references.bib", "a", encoding="utf-8") as bib:
        bib.write(
            "\n@misc{zz-cited-source,\n  title = {Cited},\n  author = {Doe, Jane},\n  year = {2001}\n}\n"
            "\n@misc{zz-uncited-source,\n  title = {Uncited},\n  author = {Roe, Rick},\n  year = {2002}\n}\n"
        )
    with open(data_copy / "events.yml", "a", encoding="utf-8") as events:
        events.write("\n# a curated file that cites zz-cited-source\n")
    keys = pybtex.database.parse_string(corpus_bibtex(data_copy), "bibtex").entries.keys()
    assert "zz-cited-source" in keys and "zz-uncited-source" not in keys


def test_bibliography_labels_are_the_author_year_citations():
    import pybtex.database
    from pybtex.plugin import find_plugin

    from kzanalysis.load.bibliography import _register_author_year_style

    bib = pybtex.database.parse_string(
        "@misc{a, author = {{RFE/RL}}, title = {T}, year = {1997}}\n"
        "@misc{b, author = {Kalpykova, Marjan}, title = {U}, year = {2002}}\n"
        "@misc{c, author = {Bush, George and Nazarbayev, Nursultan}, title = {V}, year = {1992b}}\n"
        "@misc{d, author = {{Wikipedia contributors}}, title = {W1}}\n"
        "@misc{e, author = {{Wikipedia contributors}}, title = {W2}}\n"
        "@misc{f, author = {Doe, Jane}, title = {X1}, year = {2001}}\n"
        "@misc{g, author = {Doe, Jane}, title = {X2}, year = {2001}}\n",
        "bibtex",
    )
    style = find_plugin("pybtex.style.formatting", _register_author_year_style())()
    labels = {entry.key: entry.label for entry in style.format_bibliography(bib)}
    assert labels == {
        "a": "RFE/RL 1997",
        "b": "Kalpykova 2002",
        "c": "Bush and Nazarbayev 1992b",
        "d": "Wikipedia contributors n.d.-a",
        "e": "Wikipedia contributors n.d.-b",
        "f": "Doe 2001a",
        "g": "Doe 2001b",
    }


def test_bibliography_makes_an_entry_for_a_new_article(data_copy):
    import pybtex.database

    article = data_copy / "articles" / "zz_new.txt"
    article.write_text("A {braced} \\title test.\n\nBody text about Kazakhstan.\n", encoding="utf-8")
    manifest = read_manifest(data_copy)
    manifest["articles"].append(
        {
            "id": "zz_new",
            "file": "zz_new.txt",
            "sha256": sha256_of(article),
            "title": "A {braced} \\title",
            "outlet": "Test Outlet",
            "author": "Jane Doe (pseudonym)",
            "date": "2005-03",
            "date_evidence": "crafted",
            "genre": "news report",
            "provenance": "crafted for a test",
        }
    )
    write_manifest(data_copy, manifest)
    entries = pybtex.database.parse_string(corpus_bibtex(data_copy), "bibtex").entries
    entry = entries["zz_new"]
    assert entry.fields["year"] == "2005" and entry.fields["month"] == "March"  # pybtex expands the macro
    assert str(entry.persons["author"][0]) == "Doe, Jane"  # note in parentheses dropped
    # braces (which BibTeX cannot escape) shown as parentheses, the backslash kept,
    # and the title protected by one outer pair of braces so styles keep its capitals
    assert entry.fields["title"] == "{A (braced) {\\textbackslash}title}"


# ----------------------------------------------------------------------------- findings


def _crafted_corpus():
    # Three articles, hand-made: two before September 2001 without rights words,
    # one after with rights words; every article names the US, Russia and China.
    texts = {
        "a": "The United States, Russia and China discussed oil exports.\n\nThe pipeline was built.",
        "b": "Russia and China and the United States met. Oil and gas were discussed.",
        "c": "The United States raised human rights and democracy with Russia and China.",
    }
    meta = {"a": {"date": "1998"}, "b": {"date": "1999-05"}, "c": {"date": "2003-02-01"}}
    return corpus_from_texts(texts, meta, data_dir=DATA_DIR)


def test_subset_filters_every_table():
    corpus = _crafted_corpus()
    reduced = subset(corpus, ["a", "c"])
    assert reduced.articles["id"].tolist() == ["a", "c"]
    assert set(reduced.paragraphs["article_id"]) == {"a", "c"}


# The key findings themselves are tested in tests/test_findings.py.


def _edition_extension():
    import importlib.util

    path = Path(__file__).resolve().parents[1] / "_ext" / "kz_edition.py"
    spec = importlib.util.spec_from_file_location("kz_edition", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_table_cells_are_labelled_with_their_column_heading():
    ext = _edition_extension()
    body = (
        "<table><thead><tr><th>Date</th><th>Who &amp; why</th></tr></thead>"
        "<tbody><tr><td>2001</td><td>&lt;b&gt;x</td></tr><tr><td>2002</td><td>y</td></tr></tbody></table>"
    )
    out = ext.label_table_cells(body)
    assert out.count('data-label="Date"') == 2
    assert out.count('data-label="Who &amp; why"') == 2
    assert "&lt;b&gt;x" in out  # cell text stays escaped
    assert ext.label_table_cells("<p>no table</p>") == "<p>no table</p>"


def test_title_page_escapes_every_piece_of_text():
    ext = _edition_extension()
    tex = ext.title_page(
        "A & B_1", "Team #1", "5 articles, 1997–2008", ["Rights 100% {x} \\input{y}"], "1.0.0", "23 November 2026"
    )
    assert r"A \& B\_1" in tex and r"Team \#1" in tex
    assert r"100\%" in tex and r"\{x\}" in tex and "\\input{y}" not in tex
    assert "Version 1.0.0" in tex and "23 November 2026" in tex


def test_every_label_of_the_real_bibliography_is_unique():
    import pybtex.database
    from pybtex.plugin import find_plugin

    from kzanalysis.load.bibliography import _register_author_year_style

    bib = pybtex.database.parse_string(corpus_bibtex(DATA_DIR), "bibtex")
    style = find_plugin("pybtex.style.formatting", _register_author_year_style())()
    labels = [entry.label for entry in style.format_bibliography(bib)]
    assert len(labels) == len(bib.entries) and len(set(labels)) == len(labels)


def test_inline_scripts_registered_late_are_written_once(tmp_path):
    """sphinx-thebe registers its inline config script after the builder starts; Sphinx 7.4 would write it twice."""
    import subprocess
    import sys

    source = tmp_path / "src"
    source.mkdir()
    ext_dir = Path(__file__).resolve().parents[1] / "_ext"
    (source / "conf.py").write_text(
        f"import sys\nsys.path.insert(0, {str(ext_dir)!r})\nextensions = ['sphinx_thebe', 'kz_book']\n",
        encoding="utf-8",
    )
    (source / "index.rst").write_text("Title\n=====\n\nText.\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(source), str(tmp_path / "out")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    page = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert page.count("const THEBE_JS_URL = ") == 1
    assert page.count("sphinx-thebe.js") == 1


def test_the_themes_page_title_is_escaped():
    ext = _edition_extension()
    context = {"pagetitle": 'RFE/RL 2007: <script>alert(1)</script> <img src=x onerror="alert(1)"> & co'}
    ext.escape_page_title(None, "source_texts/x", "page.html", context, None)
    assert context["pagetitle"] == (
        "RFE/RL 2007: &lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; co"
    )
