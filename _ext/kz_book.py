"""Small fixes to the book's HTML and LaTeX output (a local Sphinx extension).

PDF: the root chapter's heading. sphinx-jupyterbook-latex turns the root
chapter (the key findings) into front matter, and Sphinx's LaTeX writer
drops its title because the first title of the root document becomes the
book's title. A reader of the PDF would then meet the key findings with no
heading and no entry in the table of contents. :class:`RootChapterHeading`
puts the title back as an unnumbered chapter heading, listed in the table of
contents and the PDF bookmarks.

PDF: long tables. Sphinx typesets a table of more than 30 rows as a
``longtable`` whose columns do not wrap (``l`` columns) unless the table
gives column widths, so a column of long text runs off the page (and a
centred caption with it). :class:`LongTableWidths` gives such tables column
widths in proportion to their content, so that their text wraps.

HTML: duplicated inline scripts. With Sphinx 7.4, an inline script that an
extension registers after the HTML builder has started (sphinx-thebe and
sphinx-togglebutton do) is written into every page twice. The second copy of
sphinx-thebe's ``const THEBE_JS_URL`` is a JavaScript error on every page
("Identifier 'THEBE_JS_URL' has already been declared").
:func:`drop_duplicate_inline_scripts` keeps one copy of each inline script in
every page's ``script_files`` (the page context Sphinx hands to the
``html-page-context`` event), the last, which is where the script would sit
had it been registered before the builder started.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.texescape import escape


class RootChapterHeading(SphinxPostTransform):
    """Give the root document an unnumbered chapter heading in LaTeX."""

    # After sphinx-jupyterbook-latex has rearranged the root document (700).
    default_priority = 710
    builders = ("latex",)

    def run(self, **kwargs) -> None:
        if self.app.project.path2doc(self.document.get("source", "")) != self.config.root_doc:
            return
        title = next(iter(self.document.findall(nodes.title)), None)
        if title is None:
            return
        text = escape(title.astext())
        heading = (
            f"\\chapter*{{{text}}}\n\\addcontentsline{{toc}}{{chapter}}{{{text}}}\n\\markboth{{{text}}}{{{text}}}\n"
        )
        parent = title.parent
        parent.insert(parent.index(title) + 1, nodes.raw("", heading, format="latex"))


class LongTableWidths(SphinxPostTransform):
    """Give long tables without explicit widths content-based column widths in LaTeX."""

    default_priority = 400
    builders = ("latex",)
    #: Sphinx switches from tabulary (which wraps text) to longtable above this many rows.
    max_tabulary_rows = 30

    def run(self, **kwargs) -> None:
        for table in self.document.findall(nodes.table):
            if "colwidths-given" in table["classes"]:
                continue
            tgroup = next((c for c in table.children if isinstance(c, nodes.tgroup)), None)
            if tgroup is None:
                continue
            colspecs = [c for c in tgroup.children if isinstance(c, nodes.colspec)]
            rows = [
                row
                for part in tgroup.children
                if isinstance(part, (nodes.thead, nodes.tbody))
                for row in part.children
                if isinstance(row, nodes.row)
            ]
            body_rows = sum(len(part.children) for part in tgroup.children if isinstance(part, nodes.tbody))
            if not colspecs or body_rows <= self.max_tabulary_rows:
                continue
            longest_text = [1] * len(colspecs)
            longest_word = [1] * len(colspecs)
            for row in rows:
                for index, entry in enumerate(e for e in row.children if isinstance(e, nodes.entry)):
                    if index < len(colspecs):
                        text = entry.astext()
                        longest_text[index] = max(longest_text[index], len(text))
                        longest_word[index] = max([longest_word[index], *(len(w) for w in text.split())])
            for colspec, text, word in zip(colspecs, longest_text, longest_word):
                # Wide enough for the longest word (so words do not break), at most
                # 40 characters' worth, and in proportion to the content otherwise.
                colspec["colwidth"] = max(min(text, 40), min(round(1.3 * word) + 2, 24))
            table["classes"].append("colwidths-given")


def _inline_body(script) -> str | None:
    """The body of an inline script (one with no file), else None."""
    if getattr(script, "filename", None):
        return None
    return (getattr(script, "attributes", None) or {}).get("body") or None


def drop_duplicate_inline_scripts(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Keep only the last copy of each inline script in the page's ``script_files``."""
    scripts = context.get("script_files")
    if not scripts:
        return
    last = {body: index for index, script in enumerate(scripts) if (body := _inline_body(script)) is not None}
    context["script_files"] = [
        script for index, script in enumerate(scripts) if last.get(_inline_body(script), index) == index
    ]


def setup(app: Sphinx) -> dict:
    app.add_post_transform(RootChapterHeading)
    app.add_post_transform(LongTableWidths)
    app.connect("html-page-context", drop_duplicate_inline_scripts)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
