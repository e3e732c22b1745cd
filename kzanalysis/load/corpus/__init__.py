"""Load, validate and clean the article corpus.

The corpus is ``data/manifest.yml`` (one mapping per article) plus the text
files in ``data/articles/``. :func:`load_corpus` checks everything before
using anything and reports every problem at once:

* the manifest exists, parses as YAML (errors give the line number) and has
  an ``articles:`` list of mappings;
* every entry has the required fields, a unique id, a valid date
  (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` and a real calendar date) and a
  file that exists; no ``.txt`` file lacks an entry;
* every file's SHA-256 (over its raw bytes) matches the manifest, the bytes
  are UTF-8 (else the byte offset of the first bad byte is given) and the
  text is not empty or whitespace-only;
* ``boilerplate.yml`` loads.

A UTF-8 byte-order mark and CRLF or CR line endings are accepted: the
checksum is over the bytes as received, the text is normalised afterwards.

Then each text is split into numbered paragraphs, each with its document
part (:mod:`kzanalysis.load.parts`: article text, or furniture such as the
headline, byline, an appended biography or page boilerplate), and the article
text is measured (:mod:`kzanalysis.load.stats`).

One module per job; every name below is importable from ``kzanalysis.load.corpus``:

- :mod:`~kzanalysis.load.corpus.loading`: the :class:`Corpus`, :func:`load_corpus` and :func:`corpus_from_texts`;
- :mod:`~kzanalysis.load.corpus.manifest`: one manifest entry checked, dates, the manifest's warnings;
- :mod:`~kzanalysis.load.corpus.validation`: the data directory checked as a whole, article file by file.
"""

from __future__ import annotations

from .loading import (
    ALL_PARAGRAPH_COLUMNS,
    ARTICLE_COLUMNS,
    BOILERPLATE_COLUMNS,
    PARAGRAPH_COLUMNS,
    Corpus,
    corpus_from_texts,
    load_corpus,
)
from .manifest import (
    DEFAULT_RIGHTS,
    FUNDING_VALUES,
    OPTIONAL_FIELDS,
    REQUIRED_FIELDS,
    RIGHTS_VALUES,
    manifest_warnings,
    parse_date,
)
from .validation import check_text as _check_text  # noqa: F401 (kzanalysis.load.add checks a text as the loader does)
from .validation import validate_corpus

__all__ = [
    "REQUIRED_FIELDS",
    "OPTIONAL_FIELDS",
    "FUNDING_VALUES",
    "RIGHTS_VALUES",
    "DEFAULT_RIGHTS",
    "ARTICLE_COLUMNS",
    "PARAGRAPH_COLUMNS",
    "ALL_PARAGRAPH_COLUMNS",
    "BOILERPLATE_COLUMNS",
    "Corpus",
    "parse_date",
    "load_corpus",
    "validate_corpus",
    "manifest_warnings",
    "corpus_from_texts",
]
