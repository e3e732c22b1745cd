"""The report's bibliography: one BibTeX entry per article of the corpus.

Curated entries live in ``<data>/references.bib`` keyed by article id.  An
article that has none (for instance one just added to the manifest) gets a
plain entry made from its manifest fields, so that every article of the
corpus in use is in the bibliography without a code change.

:func:`setup` makes this a Sphinx extension: when the book's configuration
is read, it writes the combined file and points ``bibtex_bibfiles`` at it.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from .resources import resolve_data_dir

__all__ = ["corpus_bibtex", "write_bibtex", "setup"]

_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
_ENTRY_START = re.compile(r"@\w+\s*\{\s*([^,\s]+)\s*,")


def _bib_safe(text) -> str:
    """Make free text safe inside a braced BibTeX field (no unbalanced braces or commands)."""
    cleaned = str(text).replace("\\", "/").replace("{", "(").replace("}", ")")
    return " ".join(cleaned.split())


def _split_entries(bib_text: str) -> dict[str, str]:
    """Split a .bib file into ``{key: entry text}`` by matching braces."""
    entries: dict[str, str] = {}
    for match in _ENTRY_START.finditer(bib_text):
        depth, end = 0, None
        for pos in range(bib_text.index("{", match.start()), len(bib_text)):
            char = bib_text[pos]
            if char == "{":
                depth += 1
            elif char == "}":
                depth -= 1
                if depth == 0:
                    end = pos + 1
                    break
        if end is not None:
            entries[match.group(1)] = bib_text[match.start() : end]
    return entries


def _generated_entry(article: dict) -> str:
    date = str(article.get("date", ""))
    fields = {
        "title": article.get("title") or article["id"],
        "howpublished": article.get("outlet") or "unknown outlet",
        "year": date[:4],
        "note": f"{article.get('genre') or 'article'}; corpus file {article.get('file', article['id'] + '.txt')}",
    }
    # A person's name without notes such as "(pseudonym)"; an unsigned article
    # is credited to its outlet as a corporate author (double braces).
    author = re.sub(r"\s*\([^)]*\)", "", str(article.get("author") or "")).strip()
    if len(date) >= 7 and date[5:7].isdigit() and 1 <= int(date[5:7]) <= 12:
        fields["month"] = _MONTHS[int(date[5:7]) - 1]
    lines = [f"  {name} = {{{_bib_safe(value)}}}" for name, value in fields.items() if name != "month"]
    lines.append(f"  author = {{{_bib_safe(author)}}}" if author else f"  author = {{{{{_bib_safe(fields['howpublished'])}}}}}")
    if "month" in fields:
        lines.append(f"  month = {fields['month']}")
    body = ",\n".join(lines)
    return f"@misc{{{article['id']},\n{body}\n}}"


def corpus_bibtex(data_dir=None) -> str:
    """Return BibTeX text with exactly one entry per manifest article, in manifest order.

    Curated entries from ``<data>/references.bib`` are used where their key is
    an article id; other articles get an entry made from the manifest.
    """
    data = resolve_data_dir(data_dir)
    manifest = yaml.safe_load((data / "manifest.yml").read_text(encoding="utf-8-sig")) or {}
    curated_path = data / "references.bib"
    curated = _split_entries(curated_path.read_text(encoding="utf-8-sig")) if curated_path.exists() else {}
    entries = []
    for article in manifest.get("articles") or []:
        if not isinstance(article, dict) or "id" not in article:
            continue
        article_id = str(article["id"])
        entries.append(curated.get(article_id) or _generated_entry({**article, "id": article_id}))
    return "\n\n".join(entries) + "\n"


def write_bibtex(path, data_dir=None) -> Path:
    """Write :func:`corpus_bibtex` to ``path`` (only when it changed) and return the path."""
    path = Path(path)
    text = corpus_bibtex(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    return path


def _on_config_inited(app, config) -> None:
    target = Path(app.confdir) / "_build" / ".kz" / "references.bib"
    write_bibtex(target)
    config.bibtex_bibfiles = [str(target.relative_to(app.confdir))]


def setup(app):
    """Sphinx extension entry point: generate the bibliography before sphinxcontrib-bibtex reads it."""
    app.connect("config-inited", _on_config_inited, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
