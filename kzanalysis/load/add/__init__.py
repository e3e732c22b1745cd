"""Add articles to the corpus: ``kzanalysis add PATH...``.

Each file (``.txt``, ``.md``, ``.html``/``.htm``, ``.pdf``) is copied into
``articles/`` byte for byte, under the name ``<id><extension>``, and one
entry is appended to ``manifest.yml`` (the file's comments and earlier
entries are left as they are). The id is the next running number and the
first 16 hex digits of the file's SHA-256 (``005_1a2b3c4d5e6f7a8b``)
unless ``--id`` gives one.

The entry's fields are proposed from the document, each with its evidence:

* ``title``: the page's ``og:title`` meta tag, else its ``<title>``; a
  PDF's ``/Title`` (unless it is a file name), else the first line of the
  text (a short line without a full stop);
* ``outlet``: the page's ``og:site_name``;
* ``author``: the page's author meta tag (``author``, ``article:author``,
  ``dc.creator``), the byline the reading layer finds ("By ..."), a PDF's
  ``/Author``;
* ``date``: ``article:published_time``, other published-date meta tags
  (``og:published_time``, ``datePublished``, ``dc.date``...), the first
  ``<time datetime>``, a date in the text's opening paragraphs ("January
  10, 2022", "10 January 2022"), a PDF's ``/CreationDate`` -- the first
  found in that order decides, and every other one found is listed in
  ``date_evidence`` as agreeing or not;
* ``genre``: the title's first words ("Readout of", "Statement by", "Fact
  Sheet:", "Press Gaggle", "Remarks by"...), else speaker labels in the
  text (a transcript);
* ``url``: the page's canonical link or ``og:url``.

The command line's ``--title``, ``--outlet``, ``--author``, ``--date``,
``--genre``, ``--url``, ``--provenance`` and ``--rights`` win over the
document (evidence: "given when the article was added"). Evidence other than
the date's is written under ``evidence:``. A field nothing in the document
establishes is written as ``null`` and listed under ``review:`` with a note;
``kzanalysis check`` fails, naming the field and the file, until a person has
filled it in and deleted the note. Nothing is guessed.

For a Markdown, HTML or PDF file the entry also records ``extractor`` (e.g.
``trafilatura 2.0.0``) and ``text_sha256``, the checksum of the text it gave
(see :mod:`kzanalysis.load.extract`).

Refused, with exit status 2, a message naming the file and nothing written
(for any refusal in a batch, no file of the batch is added):

* an extension other than those above, or a file that is not what its
  extension says (a PDF named ``.html``, a ZIP named ``.txt``...);
* a file already in the corpus (same SHA-256), or a near-duplicate of one:
  the same words after normalisation (case, punctuation, spacing and markup
  ignored), of the whole text or of the article text without its furniture;
* an id that exists (or is not a valid id), a file name already taken;
* an extraction that gives no text (a scanned PDF is named as such), and
  text the loader would refuse (control characters, characters the PDF fonts
  lack, overlong lines, a file over the size limits).

``--dry-run`` prints the entry it would write and the first paragraphs of the
text with their parts (:func:`kzanalysis.load.parts.segment_article`), so
one can see the page furniture left out; nothing is written.

Work is linear in the size of the documents: each existing article is read
and normalised once, and duplicates are looked up in hash sets.

The command is split by job, and its names are re-exported here:

- :mod:`.propose`: the manifest fields proposed from the document, each with its evidence
  (:func:`propose_metadata`), and the fields given on the command line (:class:`AddOptions`);
- :mod:`.plan`: each file checked against the corpus and the loader's rules, refused or planned with its
  entry (:func:`plan_additions`); nothing is written;
- :mod:`.write`: the planned files copied in and the entries appended to ``manifest.yml``, all or nothing
  (:func:`write_additions`);
- :mod:`.command`: the ``add`` command (:func:`run_add`): plan, then print (``--dry-run``) or write.
"""

from __future__ import annotations

from .command import DRY_RUN_PARAGRAPHS, run_add
from .plan import Plan, plan_additions
from .propose import DATE_PARAGRAPHS, AddOptions, propose_metadata
from .write import write_additions

__all__ = [
    "AddOptions",
    "Plan",
    "plan_additions",
    "write_additions",
    "run_add",
    "propose_metadata",
    "DRY_RUN_PARAGRAPHS",
    "DATE_PARAGRAPHS",
]
