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
    (:data:`~kzanalysis.load.limits.MAX_PDF_STREAM_BYTES` per decompressed stream,
    :data:`~kzanalysis.load.limits.MAX_PDF_PAGES` pages). A PDF without a text
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
pass under the limits of :mod:`kzanalysis.load.limits`, the clean-up regexes have
no nested quantifiers, and the blocks are walked once.

The package is split by job, and its names are re-exported here, so ``extract.<name>`` works for each:

- :mod:`.files`: the kinds of article file, the check that a file is what its extension says, the
  extractors and their versions, and :func:`extract_text` (one cached entry point, by kind);
- :mod:`.cleanup`: the line and paragraph clean-up every kind shares;
- :mod:`.markup`: saved web pages (lxml, trafilatura) and Markdown (markdown-it-py), with the markup they
  carry in their text resolved;
- :mod:`.pdf`: PDFs with a text layer (pypdf), under tighter limits.
"""

from __future__ import annotations

from .files import (
    EXTRACTED_KINDS,
    EXTRACTOR_PACKAGES,
    KINDS,
    Extraction,
    extract_text,
    extractor_name,
    extractor_signature,
    kind_of,
    sniff_problem,
    text_sha256,
)
from .markup import TRAFILATURA_OPTIONS, parse_html
from .pdf import pdf_reader

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
    "parse_html",
    "pdf_reader",
]
