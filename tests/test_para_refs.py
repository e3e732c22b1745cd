"""Paragraph references: "¶ N" links to a paragraph of a source page, trusted
markup whose only links are those references (everything else escaped)."""

from __future__ import annotations

import pickle

import pandas as pd
from markdown_it import MarkdownIt

from kzanalysis.report.book import RefText, Table, para_label, para_ref, para_refs, parse_para_label

HOSTILE = "<script>alert(1)</script> [x](javascript:alert(1)) {raw}`html <b>` $$x$$ \\input{/etc/passwd} ```"


def _render(markdown: str) -> str:
    return MarkdownIt("commonmark").enable("table").render(markdown)


def test_para_ref_is_a_ref_role_to_the_paragraph_label():
    ref = para_ref("003_abc", 7)
    assert str(ref) == "¶ 7"
    assert ref.to_myst() == "{ref}`¶ 7 <kz-para-003_abc-7>`"
    assert ref.refs == [("003_abc", 7)]


def test_para_refs_link_each_paragraph_and_keep_the_order_given():
    refs = para_refs("a1", [12, 3])
    assert str(refs) == "¶ 12, ¶ 3"
    assert refs.to_myst() == "{ref}`¶ 12 <kz-para-a1-12>`\\, {ref}`¶ 3 <kz-para-a1-3>`"


def test_labels_keep_ids_that_differ_only_in_case_apart():
    # Sphinx lowercases labels: "Ab" and "ab" must not become one label.
    assert para_label("Ab", 1) != para_label("ab", 1)
    assert para_label("Ab", 1) == para_label("Ab", 1).lower()
    for article_id in ["Ab", "ab", "x-1_Y", "007"]:
        assert parse_para_label(para_label(article_id, 42)) == (article_id, 42)
    assert parse_para_label("fig-routes") is None
    assert parse_para_label("kz-para-abc-x") is None


def test_text_joined_to_references_stays_text():
    text = "IWPR 2002 " + para_refs("a", [5, 6]) + "; " + HOSTILE
    assert isinstance(text, RefText)
    assert str(text) == "IWPR 2002 ¶ 5, ¶ 6; " + HOSTILE
    html = _render(text.to_myst())
    for live in ("<script>", "<a href", "<b>"):
        assert live not in html
    # the only code spans are the two role bodies (CommonMark shows a role as code)
    assert html.count("<code>") == 2 and "<code>¶ 5 &lt;kz-para-a-5&gt;</code>" in html
    assert "&lt;script&gt;" in html
    # exactly the two references are roles; the hostile {raw} role is escaped
    assert text.to_myst().count("{ref}`") == 2
    assert "\\{raw\\}" in text.to_myst()


def test_reference_text_survives_pickling():
    text = "RFE/RL 1997 " + para_ref("b", 3)
    again = pickle.loads(pickle.dumps(text))
    assert isinstance(again, RefText) and again.to_myst() == text.to_myst()


def test_table_links_reference_cells_and_escapes_every_other_cell():
    frame = pd.DataFrame({"¶": [para_refs("a", [2, 9]), "¶ 4"], "Text": [HOSTILE, "plain"]})
    markdown = Table(frame, "Claims", "tbl-claims")._repr_markdown_()
    assert markdown.count("{ref}`") == 2
    assert "{ref}`¶ 2 <kz-para-a-2>`" in markdown
    # a plain string that looks like a reference is not turned into a link
    assert "| ¶ 4 |" in markdown
    body = markdown.split("\n", 5)[5]
    html = _render(body)
    assert "<script>" not in html and "<a href" not in html and html.count("<code>") == 2
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
