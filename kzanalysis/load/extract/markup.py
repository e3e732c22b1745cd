"""Saved web pages and Markdown: parsed from their bytes, the main text of a page taken by trafilatura, and
the markup they carry in their text resolved (struck-through text and note-marker superscripts left out).

A page is parsed by lxml (never from a file name, so nothing is decompressed or fetched) within
:data:`~kzanalysis.load.limits.MAX_HTML_ELEMENTS` elements; trafilatura runs with fixed options
(:data:`TRAFILATURA_OPTIONS`). Markdown is rendered by markdown-it-py and read as blocks. Every walk over a
tree is one pass without recursion.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import CorpusError
from ..limits import MAX_ARTICLE_BYTES, MAX_HTML_ELEMENTS
from .cleanup import _join_paragraphs

if TYPE_CHECKING:
    import lxml.html

__all__ = ["TRAFILATURA_OPTIONS", "parse_html"]

#: trafilatura's options, fixed so the same page always gives the same text. ``deduplicate`` is off because
#: trafilatura's deduplication remembers text across calls; ``fast=False`` lets it compare its result with
#: its readability and jusText fallbacks, which drops navigation in pages without semantic containers.
TRAFILATURA_OPTIONS = {
    "output_format": "xml",
    "fast": False,
    "favor_precision": False,
    "favor_recall": False,
    "include_comments": False,
    "include_tables": True,
    "include_images": False,
    "include_formatting": False,
    "include_links": False,
    "deduplicate": False,
    "with_metadata": False,
}
#: trafilatura settings: MIN_EXTRACTED_SIZE 1 turns off its "wild text" recovery for short pages, which
#: appends the paragraphs already found a second time; the tree-size cap is the limit checked before.
_TRAFILATURA_SETTINGS = {
    "MIN_EXTRACTED_SIZE": "1",
    "MIN_OUTPUT_SIZE": "1",
    "MAX_TREE_SIZE": str(MAX_HTML_ELEMENTS),
    "EXTRACTION_TIMEOUT": "0",
    "EXTENSIVE_DATE_SEARCH": "off",
}

_NOTE_MARKER_RE = re.compile(
    r"\s*\[?\(?(?:\d{1,4}|[ivxlc]{1,6}|[a-z]|[*\u2020\u2021\u00a7]{1,3})\)?\]?\s*", re.IGNORECASE
)
_STRUCK = ("s", "strike", "del")
_DROPPED = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "math", "head")
_BLOCKS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "pre", "tr", "dt", "dd", "figcaption", "caption")


def _drop_keep_tail(element) -> None:
    """Remove ``element`` from its tree but keep the text that follows it."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail or ""
    previous = element.getprevious()
    if tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)


def _resolve_inline_markup(root) -> None:
    """Leave out struck-through text and note-marker superscripts (see the module docstring)."""
    doomed = []
    for element in root.iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        tag = tag.lower()
        if tag in _STRUCK or tag in _DROPPED:
            doomed.append(element)
        elif tag == "sup" and _NOTE_MARKER_RE.fullmatch(element.text_content() or ""):
            doomed.append(element)
    for element in doomed:
        _drop_keep_tail(element)


# ---------------------------------------------------------------------- HTML


_CHARSET_RE = re.compile(rb"<meta[^>]{0,200}charset", re.IGNORECASE)


def _html_encoding(raw: bytes) -> str | None:
    """The encoding to read a page in: the page's own (BOM or ``<meta charset>``, left to the parser), else UTF-8
    when the bytes are UTF-8, else Windows-1252 (what browsers assume)."""
    if raw.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")) or _CHARSET_RE.search(raw[:4096]):
        return None
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return "windows-1252"
    return "utf-8"


def _html_parser(encoding: str | None = "utf-8"):
    import lxml.html

    return lxml.html.HTMLParser(
        remove_comments=True,
        remove_pis=True,
        no_network=True,
        huge_tree=False,
        collect_ids=False,
        default_doctype=False,
        encoding=encoding,
    )


def parse_html(raw: bytes, path: str | Path) -> lxml.html.HtmlElement:
    """Parse a saved page from its bytes, refusing one the parser had to cut short or that is too large.

    Returns the document's root element (lxml). Raises :class:`CorpusError` naming ``path``.
    """
    import lxml.etree
    import lxml.html

    parser = _html_parser(_html_encoding(raw))
    try:
        root = lxml.html.document_fromstring(raw, parser=parser)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise CorpusError(path, f"cannot be read as a web page ({exc})", "save the page again as HTML") from None
    for entry in parser.error_log:
        if entry.level_name == "FATAL":
            raise CorpusError(
                path,
                f"cannot be read whole as a web page: {entry.message.strip()} (line {entry.line})",
                "the page nests its elements more than 256 levels deep or is damaged: save the article's text "
                "as a .txt file and add that instead",
            )
    count = 0
    for _ in root.iter():
        count += 1
        if count > MAX_HTML_ELEMENTS:
            raise CorpusError(
                path,
                f"has more than {MAX_HTML_ELEMENTS:,} HTML elements",
                "save only the article (the browser's reader view, or the text as .txt) and add that",
            )
    return root


def _trafilatura_config():
    from trafilatura.settings import use_config

    config = use_config()
    for key, value in _TRAFILATURA_SETTINGS.items():
        config.set("DEFAULT", key, value)
    return config


def _xml_paragraphs(main) -> list[str]:
    """Paragraphs of trafilatura's XML ``<main>``: one per block, list item and table row."""
    paragraphs: list[str] = []
    stack = [main]
    while stack:  # pre-order walk without recursion: blocks in reading order
        element = stack.pop()
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in ("p", "head", "item", "row", "code", "quote") and element is not main:
            if tag == "quote" and any(child.tag == "p" for child in element):
                stack.extend(reversed(list(element)))
                continue
            paragraphs.append(_inline_text(element))
            continue
        stack.extend(reversed(list(element)))
    return paragraphs


def _inline_text(element) -> str:
    """The text of one block: line breaks (``<lb/>``, ``<br>``) become newlines, table cells are joined by " | "."""
    parts: list[str] = []
    stack: list = [(element, False)]
    while stack:
        node, closing = stack.pop()
        if closing:
            if node.tail:
                parts.append(node.tail)
            continue
        tag = (node.tag if isinstance(node.tag, str) else "").lower()
        if node is not element:
            if tag in ("lb", "br"):
                parts.append("\n")
            elif tag in ("cell", "td", "th") and node.getprevious() is not None:
                parts.append(" | ")
        if node.text and tag not in ("lb", "br"):
            parts.append(node.text)
        if node is not element:
            stack.append((node, True))
        stack.extend((child, False) for child in reversed(list(node)))
    return "".join(parts)


def _extract_html(raw: bytes, path: str | Path) -> str:
    import lxml.etree
    import trafilatura

    root = parse_html(raw, path)
    _resolve_inline_markup(root)
    visible = len(root.text_content())
    if visible > MAX_ARTICLE_BYTES:
        raise CorpusError(
            path,
            f"holds {visible:,} characters of text outside scripts and styles, more than the limit of "
            f"{MAX_ARTICLE_BYTES:,} for one article",
            "check that this is one article; save only the article (the browser's reader view) and add that",
        )
    result = trafilatura.extract(root, config=_trafilatura_config(), **TRAFILATURA_OPTIONS)
    if not result:
        return ""
    parser = lxml.etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    doc = lxml.etree.fromstring(result.encode("utf-8"), parser=parser)
    main = doc.find("main")
    return _join_paragraphs(_xml_paragraphs(main if main is not None else doc))


# ------------------------------------------------------------------ Markdown


def _html_blocks(root) -> list[str]:
    """Paragraphs of rendered Markdown (or any HTML body): one per block element, in reading order."""
    paragraphs: list[str] = []
    stack = [root]
    while stack:
        element = stack.pop()
        tag = (element.tag if isinstance(element.tag, str) else "").lower()
        if tag in _BLOCKS and not any(
            isinstance(child.tag, str) and child.tag.lower() in _BLOCKS + ("ul", "ol", "blockquote", "table")
            for child in element
        ):
            paragraphs.append(_inline_text(element) if tag != "pre" else element.text_content())
            continue
        stack.extend(reversed([child for child in element if isinstance(child.tag, str)]))
    return paragraphs


def _extract_markdown(text: str, path: str | Path) -> str:
    import lxml.html
    from markdown_it import MarkdownIt

    rendered = MarkdownIt("commonmark", {"html": True}).render(text)
    # A soft line break inside a paragraph is a space in Markdown; a hard one (<br>) stays a line break.
    rendered = rendered.replace("<br />\n", "<br />").replace("\n", " ")
    if not rendered.strip():
        return ""
    root = lxml.html.document_fromstring(
        ("<html><body>" + rendered + "</body></html>").encode("utf-8"), parser=_html_parser()
    )
    _resolve_inline_markup(root)
    body = root.find("body")
    return _join_paragraphs(_html_blocks(body if body is not None else root))
