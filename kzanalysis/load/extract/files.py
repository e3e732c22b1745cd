"""The kinds of article file, the check that a file is what its extension says, the extractors and their
versions, and :func:`extract_text`, the one entry point: a file's text by its kind, cached by checksum."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from ..errors import CorpusError
from .markup import _extract_html, _extract_markdown
from .pdf import _extract_pdf

__all__ = [
    "KINDS",
    "EXTRACTED_KINDS",
    "EXTRACTOR_PACKAGES",
    "Extraction",
    "kind_of",
    "extractor_name",
    "extractor_signature",
    "text_sha256",
    "sniff_problem",
    "extract_text",
]

#: File extension -> kind of article file.
KINDS = {".txt": "text", ".md": "markdown", ".html": "html", ".htm": "html", ".pdf": "pdf"}
#: Kinds whose text is extracted from the file (a manifest entry records extractor and text_sha256).
EXTRACTED_KINDS = ("markdown", "html", "pdf")
#: The package that extracts each kind (its installed version is recorded).
EXTRACTOR_PACKAGES = {"markdown": "markdown-it-py", "html": "trafilatura", "pdf": "pypdf"}


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
        from ..clean import normalize_newlines

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
