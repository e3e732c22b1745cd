"""The text of an article file: plain text, Markdown, a saved web page or a PDF.

An article is stored in ``data/articles/`` exactly as received and its
checksum is of those bytes; the text the analyses read is taken from it at
load time, by the file's extension:

``.txt``
    The file itself (UTF-8), as before: nothing is extracted.
``.md``
    Markdown rendered by markdown-it-py (CommonMark, raw HTML allowed), then
    read as blocks: each paragraph, heading, list item, quotation or table row
    is one paragraph, so backslash escapes (``\\[until\\]``) become the
    characters they escape and inline HTML (``<s>``, ``<sup>``) is no longer
    markup.
``.html``, ``.htm``
    A saved web page: parsed by lxml (from the bytes, never from a file name,
    so nothing is decompressed or fetched), then the main text is taken by
    trafilatura with fixed options (:data:`TRAFILATURA_OPTIONS`; no
    metadata, no deduplication across calls, no network), which leaves out
    navigation, scripts, styles, cookie banners, sidebars and footers.
``.pdf``
    A PDF with a text layer: pypdf's text of each page, pages separated by a
    blank line, under tighter resource limits than pypdf's own
    (:data:`~kzanalysis.limits.MAX_PDF_STREAM_BYTES` per decompressed stream,
    :data:`~kzanalysis.limits.MAX_PDF_PAGES` pages). A PDF without a text
    layer (a scan) is refused with a message saying so.

Markup the page carries in its text is resolved the same way for Markdown
and HTML: struck-through text (``<s>``, ``<strike>``, ``<del>``: words the
publisher struck out of a transcript) is left out; a superscript that is only
a note marker (``<sup>78</sup>``, ``<sup>*</sup>``) is left out, other
superscripts are kept as text; Markdown escapes of punctuation left in a
page's text (``\\[until\\]``) lose their backslash; non-breaking and other
Unicode spaces become plain spaces; typographic ligatures (U+FB00-FB06, from
PDFs) become their letters. Paragraphs are separated by one blank line.

The extractor and its version (:func:`extractor_name`, e.g. ``trafilatura
2.0.0``) are recorded in the article's manifest entry with the SHA-256 of the
text it gave (``extractor``, ``text_sha256``), so a different extractor that
changes the text is reported by ``kzanalysis check``; the versions are pinned
in ``requirements.txt``, which is part of every cache key.

Every step is linear in the size of the input: lxml and pypdf parse in one
pass under the limits of :mod:`kzanalysis.limits`, the clean-up regexes have
no nested quantifiers, and the blocks are walked once.
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from .errors import CorpusError
from .limits import MAX_ARTICLE_BYTES, MAX_HTML_ELEMENTS, MAX_PDF_PAGES, MAX_PDF_STREAM_BYTES

__all__ = [
    "KINDS",
    "EXTRACTED_KINDS",
    "EXTRACTOR_PACKAGES",
    "TRAFILATURA_OPTIONS",
    "Extraction",
    "kind_of",
    "extractor_name",
    "extractor_signature",
    "sniff_problem",
    "extract_text",
    "text_sha256",
]

#: File extension -> kind of article file.
KINDS = {".txt": "text", ".md": "markdown", ".html": "html", ".htm": "html", ".pdf": "pdf"}
#: Kinds whose text is extracted from the file (a manifest entry records extractor and text_sha256).
EXTRACTED_KINDS = ("markdown", "html", "pdf")
#: The package that extracts each kind (its installed version is recorded).
EXTRACTOR_PACKAGES = {"markdown": "markdown-it-py", "html": "trafilatura", "pdf": "pypdf"}

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

_SUPPORTED = ", ".join(sorted(KINDS))


@dataclass(frozen=True)
class Extraction:
    """The text of one article file.

    ``text`` has LF line endings and paragraphs separated by one blank line
    (a ``.txt`` file's text is as in the file, BOM and CR removed);
    ``extractor`` is e.g. ``"trafilatura 2.0.0"`` (None for ``.txt``);
    ``pages`` is the PDF's page count (else None).
    """

    kind: str
    text: str
    extractor: str | None
    pages: int | None = None


def kind_of(path: str | Path) -> str | None:
    """The kind of article file by its extension (``text``, ``markdown``, ``html``, ``pdf``), or None."""
    return KINDS.get(Path(path).suffix.lower())


def extractor_name(kind: str) -> str | None:
    """The extractor of ``kind`` with its installed version (``"pypdf 7.1.0"``), or None for plain text."""
    package = EXTRACTOR_PACKAGES.get(kind)
    if package is None:
        return None
    try:
        return f"{package} {metadata.version(package)}"
    except metadata.PackageNotFoundError:
        return f"{package} (not installed)"


def extractor_signature() -> str:
    """Every extractor with its installed version, one string (for cache keys)."""
    return "; ".join(str(extractor_name(kind)) for kind in EXTRACTED_KINDS)


def text_sha256(text: str) -> str:
    """SHA-256 of an extracted text (UTF-8), as recorded in the manifest's ``text_sha256``."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# ------------------------------------------------------------------ sniffing

_HTML_START_RE = re.compile(rb"<(?:!doctype\s+html|html|head|body|meta|title)\b", re.IGNORECASE)
_MAGIC = (
    (b"%PDF-", "a PDF"),
    (b"\x1f\x8b", "gzip-compressed"),
    (b"PK\x03\x04", "a ZIP archive (a Word or OpenDocument file?)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office file"),
    (b"{\\rtf", "an RTF document"),
)


def _magic(head: bytes) -> str | None:
    stripped = head.lstrip()
    for magic, what in _MAGIC:
        if head.startswith(magic) or stripped.startswith(magic):
            return what
    return None


def sniff_problem(raw: bytes, kind: str) -> str | None:
    """Why ``raw`` is not what its kind says, or None.

    A PDF must start with ``%PDF-`` (within its first 1,024 bytes); a web
    page must have an HTML tag (doctype, ``<html>``, ``<head>``, ``<body>``,
    ``<meta>`` or ``<title>``) in its first 64 KB and no NUL byte; plain text
    and Markdown must not be a PDF, an archive, an image or a web page.
    """
    head = raw[:65536]
    magic = _magic(head[:1024])
    if kind == "pdf":
        if b"%PDF-" not in raw[:1024]:
            return "is not a PDF (it does not start with %PDF-)" + (f"; it looks like {magic}" if magic else "")
        return None
    if magic is not None:
        return f"is {magic}, not {'a web page' if kind == 'html' else 'text'}"
    if b"\x00" in head:
        return "holds NUL bytes: it is a binary file, not " + ("a web page" if kind == "html" else "text")
    if kind == "html":
        if not _HTML_START_RE.search(head):
            return "is not a web page: no <html>, <head>, <body>, <meta> or <title> tag in its first 64 KB"
        return None
    if _HTML_START_RE.match(head.lstrip(b"\xef\xbb\xbf \t\r\n")):
        return "is a web page (it starts with an HTML tag), not text"
    return None


# ------------------------------------------------------------------ clean-up

_MD_ESCAPE_RE = re.compile(r"\\([\[\]()*_#`>!{}+.|~<-])")
_SPACES_RE = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_LIGATURES = {0xFB00: "ff", 0xFB01: "fi", 0xFB02: "fl", 0xFB03: "ffi", 0xFB04: "ffl", 0xFB05: "st", 0xFB06: "st"}
_RUNS_OF_SPACE_RE = re.compile(r"[ \t]{2,}")
_NOTE_MARKER_RE = re.compile(
    r"\s*\[?\(?(?:\d{1,4}|[ivxlc]{1,6}|[a-z]|[*\u2020\u2021\u00a7]{1,3})\)?\]?\s*", re.IGNORECASE
)
_STRUCK = ("s", "strike", "del")
_DROPPED = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "math", "head")
_BLOCKS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "pre", "tr", "dt", "dd", "figcaption", "caption")


def _clean_line(text: str) -> str:
    text = _SPACES_RE.sub(" ", text)
    text = _MD_ESCAPE_RE.sub(r"\1", text)
    return _RUNS_OF_SPACE_RE.sub(" ", text).strip()


def _join_paragraphs(paragraphs) -> str:
    out = []
    for paragraph in paragraphs:
        lines = [_clean_line(line) for line in paragraph.split("\n")]
        lines = [line for line in lines if line]
        if lines:
            out.append("\n".join(lines))
    return "\n\n".join(out)


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


def parse_html(raw: bytes, path: str | Path):
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


# ----------------------------------------------------------------------- PDF

_PAGE_NUMBER_RE = re.compile(r"(?:page\s{1,3})?\d{1,4}(?:\s{1,3}(?:of|/)\s{1,3}\d{1,4})?", re.IGNORECASE)


def _pdf_limits() -> dict:
    n = MAX_PDF_STREAM_BYTES
    return {
        "maximum_declared_stream_length": n,
        "array_based_stream_maximum_output_length": n,
        "jbig2_maximum_output_length": n,
        "lzw_maximum_output_length": n,
        "run_length_maximum_output_length": n,
        "zlib_maximum_output_length": n,
        "brotli_maximum_output_length": n,
        "image_maximum_buffer_size": n,
        "stream_decoding_work_maximum_length": 4 * n,
        "xfa_decoding_work_maximum_length": 4 * n,
        "jbig2dec_binary": None,
    }


def pdf_reader(raw: bytes, path: str | Path):
    """Open a PDF from its bytes (pypdf, limits of :mod:`kzanalysis.limits`); refuse an encrypted or huge one.

    Returns ``(reader, pages)``. Raises :class:`CorpusError` naming ``path``.
    """
    import pypdf
    from pypdf.errors import PyPdfError

    try:
        with pypdf.apply_configuration(**_pdf_limits()):
            reader = pypdf.PdfReader(io.BytesIO(raw), strict=False)
            if reader.is_encrypted and not reader.decrypt(""):
                raise CorpusError(path, "is an encrypted PDF", "save an unencrypted copy (or the text as .txt)")
            pages = len(reader.pages)
    except CorpusError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, IndexError, AttributeError, RecursionError) as exc:
        raise CorpusError(
            path,
            f"cannot be read as a PDF ({type(exc).__name__}: {exc})",
            "download the PDF again, or save its text as .txt and add that",
        ) from None
    except NotImplementedError as exc:
        raise CorpusError(
            path,
            f"uses a PDF feature pypdf cannot read ({exc})",
            "save an unencrypted, standard copy of the PDF, or its text as .txt",
        ) from None
    if pages > MAX_PDF_PAGES:
        raise CorpusError(
            path,
            f"has {pages:,} pages, more than the limit of {MAX_PDF_PAGES:,}",
            "split the document and add the part that is the article",
        )
    return reader, pages


def _extract_pdf(raw: bytes, path: str | Path) -> tuple[str, int]:
    import pypdf
    from pypdf.errors import PyPdfError

    reader, n_pages = pdf_reader(raw, path)
    pages: list[str] = []
    total = 0
    try:
        with pypdf.apply_configuration(**_pdf_limits()):
            for page in reader.pages:
                text = page.extract_text(extraction_mode="plain") or ""
                total += len(text)
                if total > MAX_ARTICLE_BYTES:
                    raise CorpusError(
                        path,
                        f"gives more than {MAX_ARTICLE_BYTES:,} characters of text",
                        "check that this is one article; split a longer document and add the part that is the article",
                    )
                pages.append(text)
    except CorpusError:
        raise
    except (
        PyPdfError,
        ValueError,
        KeyError,
        TypeError,
        IndexError,
        AttributeError,
        RecursionError,
        NotImplementedError,
    ) as exc:
        raise CorpusError(
            path,
            f"cannot be read as a PDF ({type(exc).__name__}: {exc})",
            "download the PDF again, or save its text as .txt and add that",
        ) from None
    paragraphs = []
    for text in pages:
        text = text.translate(_LIGATURES).replace("\r\n", "\n").replace("\r", "\n").replace("\x0c", "\n")
        lines = [line.strip() for line in text.split("\n")]
        while lines and (not lines[0] or _PAGE_NUMBER_RE.fullmatch(lines[0])):
            lines.pop(0)
        while lines and (not lines[-1] or _PAGE_NUMBER_RE.fullmatch(lines[-1])):
            lines.pop()
        block = "\n".join(lines)
        paragraphs.extend(re.split(r"\n[ \t]*\n", block))
    return _join_paragraphs(paragraphs), n_pages


# --------------------------------------------------------------------- entry

_CACHE: dict[tuple[str, str, str], Extraction] = {}
_CACHE_SIZE = 64


def extract_text(raw: bytes, kind: str, path: str | Path) -> Extraction:
    """The text of an article file (see the module docstring).

    Parameters
    ----------
    raw : bytes
        The file as received.
    kind : str
        ``text``, ``markdown``, ``html`` or ``pdf`` (:func:`kind_of`).
    path : str or Path
        The file, named in error messages.

    Returns
    -------
    Extraction

    Raises
    ------
    CorpusError
        The file is not what its extension says, cannot be read, is a PDF
        without a text layer, or breaks a limit; the message names ``path``.
        (A ``.txt`` or ``.md`` file that is not UTF-8 is reported too.)
    """
    if kind not in EXTRACTOR_PACKAGES and kind != "text":
        raise CorpusError(path, "is not a kind of file articles can be", f"use one of: {_SUPPORTED}")
    problem = sniff_problem(raw, kind)
    if problem is not None:
        raise CorpusError(path, problem, f"give the file the extension of what it is ({_SUPPORTED})")
    extractor = extractor_name(kind)
    key = (hashlib.sha256(raw).hexdigest(), kind, str(extractor))
    if key in _CACHE:
        return _CACHE[key]
    pages = None
    if kind in ("text", "markdown"):
        from .clean import normalize_newlines

        try:
            text = normalize_newlines(raw.decode("utf-8"))
        except UnicodeDecodeError as exc:
            raise CorpusError(
                path,
                f"is not valid UTF-8: byte 0x{raw[exc.start]:02x} at byte offset {exc.start}",
                "save the file as UTF-8 (check the original's encoding)",
            ) from None
        if kind == "markdown":
            text = _extract_markdown(text, path)
    elif kind == "html":
        text = _extract_html(raw, path)
    else:
        text, pages = _extract_pdf(raw, path)
        if not text.strip():
            raise CorpusError(
                path,
                f"has no text layer: pypdf found no text on its {pages} page{'s' if pages != 1 else ''} "
                "(a scanned document?)",
                "run OCR on the scan and check the text by hand, then add it as a .txt file (keep the PDF "
                "elsewhere as the original)",
            )
    result = Extraction(kind=kind, text=text, extractor=extractor, pages=pages)
    if len(_CACHE) >= _CACHE_SIZE:
        _CACHE.pop(next(iter(_CACHE)))
    _CACHE[key] = result
    return result
