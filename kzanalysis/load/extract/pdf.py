"""PDFs with a text layer: pypdf's text of each page, pages separated by a blank line, under tighter resource
limits than pypdf's own (:data:`~kzanalysis.load.limits.MAX_PDF_STREAM_BYTES` per decompressed stream,
:data:`~kzanalysis.load.limits.MAX_PDF_PAGES` pages). A page's first and last lines are dropped when they are
only a page number."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import CorpusError
from ..limits import MAX_ARTICLE_BYTES, MAX_PDF_PAGES, MAX_PDF_STREAM_BYTES
from .cleanup import _LIGATURES, _join_paragraphs

if TYPE_CHECKING:
    import pypdf

__all__ = ["pdf_reader"]

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


def pdf_reader(raw: bytes, path: str | Path) -> tuple[pypdf.PdfReader, int]:
    """Open a PDF from its bytes (pypdf, limits of :mod:`kzanalysis.load.limits`); refuse an encrypted or huge one.

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
