"""The edition of the book: its version and its one date.

Every place that prints a version or a date of the book (the title page,
"as of" lines, figure citations, the catalogue of figure files) asks this
module, so the book can never show two dates. The source of both is the
book's ``CITATION.cff`` (``version`` and ``date-released``); the address a
reader cites is the book's ``html.baseurl`` in ``_config.yml``: the date is
the date of the edition, not of the machine that built it, so rebuilding
an edition gives the same pages. A new edition changes both there (and
the package version in ``pyproject.toml``, which a test keeps equal).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

#: The book's repository (the folder that holds ``CITATION.cff``).
ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Edition:
    version: str
    date: date
    title: str
    #: The book's stable address (``html.baseurl`` in ``_config.yml``), ending in "/"; "" until it is published.
    url: str = ""

    @property
    def date_text(self) -> str:
        """The date as the book prints it: ``23 November 2026``."""
        return f"{self.date.day} {self.date:%B %Y}"


def _book_url(config: Path) -> str:
    """``html.baseurl`` of the book's ``_config.yml`` (the stable address readers cite), or ""."""
    try:
        settings = yaml.safe_load(config.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return ""
    url = str((settings.get("html") or {}).get("baseurl") or "").strip()
    if url and not url.startswith(("https://", "http://")):
        return ""
    return url if not url or url.endswith("/") else url + "/"


@functools.lru_cache(maxsize=4)
def _read(path: Path) -> Edition:
    try:
        meta = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise RuntimeError(
            f"{path}: cannot read the book's citation file ({exc}); it must give 'version' and 'date-released'"
        ) from exc
    released = meta.get("date-released")
    if isinstance(released, str):
        released = date.fromisoformat(released)
    if not isinstance(released, date) or not meta.get("version"):
        raise RuntimeError(f"{path}: 'version' and 'date-released' (YYYY-MM-DD) are required")
    return Edition(
        version=str(meta["version"]),
        date=released,
        title=str(meta.get("title", "")),
        url=_book_url(path.parent / "_config.yml"),
    )


def edition(root: Path | None = None) -> Edition:
    """The edition recorded in ``CITATION.cff`` of ``root`` (default: this repository)."""
    return _read((root or ROOT) / "CITATION.cff")
