"""The curated gazetteer compiled into one matcher: canonical names, types, sides and every alias.

In the gazetteer in ``data/gazetteer.yml``, each entity has a canonical ``name``, a ``type`` (person,
country, place, organization, route), surface ``aliases`` and optionally the power ``group`` it speaks
for. The matcher is the actor recogniser's first stage (:mod:`kzanalysis.analysis.reading.actors`). Matching rules:

- every alias and the canonical name are matched case-sensitively on word
  boundaries, longest alias first (so "Baku-Tbilisi-Ceyhan pipeline" wins over
  "Baku", "Kazakhstan" over "Kazakh");
- possessives match the bare alias ("Nazarbayev's", "Kazakhstan’s" with a
  curly apostrophe) -- the surface reported is the alias without the "'s";
- a hyphen, en dash or em dash in an alias matches any of the three in text;
- the gazetteer is compiled once into a single regular expression (a prefix
  trie of all aliases), so a paragraph is scanned once, not once per alias.

Positions (``start``, ``end``) are character offsets into the clean paragraph
text (``corpus.paragraphs.text``), end exclusive.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from os import PathLike

import pandas as pd

from kzanalysis.load.memo import per_data_dir
from kzanalysis.load.resources import load_gazetteer

__all__ = ["ENTITY_COLUMNS", "EntityInfo", "GazetteerMatcher", "gazetteer_matcher"]

#: The columns of a table of entity mentions (the actor table adds its own after these).
ENTITY_COLUMNS = ["article_id", "paragraph", "entity", "type", "group", "surface", "start", "end"]

_DASHES = "-\u2013\u2014"  # hyphen, en dash, em dash
_DASH_CLASS = "\\-\u2013\u2014"  # the same, for use inside a regex [...] class
_APOSTROPHES = "'\u2019"
# Translation table for GazetteerMatcher._key, built once (it runs for every match).
_KEY_TABLE = {ord(d): "-" for d in _DASHES} | {ord(a): "'" for a in _APOSTROPHES}


@dataclass(frozen=True)
class EntityInfo:
    """One gazetteer entity: its canonical name, type and side (None when the gazetteer gives none)."""

    name: str
    type: str
    group: str | None


def _alias_pattern_chars(alias: str) -> list[str]:
    """Regex pieces for one alias, one per character (dashes become a class)."""
    pieces = []
    for ch in alias:
        if ch in _DASHES:
            pieces.append("[" + _DASH_CLASS + "]")
        elif ch in _APOSTROPHES:
            pieces.append("[" + _APOSTROPHES + "]")
        elif ch == " ":
            pieces.append(r"\s+")
        else:
            pieces.append(re.escape(ch))
    return pieces


def _trie_regex(aliases: list[str]) -> str:
    """One regex alternation for all aliases, factored as a prefix trie.

    Longer continuations are tried before a shorter alias ends, so together
    with the trailing boundary check the longest alias that fits wins.
    """
    trie: dict = {}
    for alias in aliases:
        node = trie
        for piece in _alias_pattern_chars(alias):
            node = node.setdefault(piece, {})
        node[""] = True

    def build(node: dict) -> str:
        ends_here = "" in node
        branches = [piece + build(child) for piece, child in sorted(node.items()) if piece != ""]
        if not branches:
            return ""
        if len(branches) == 1:
            body = branches[0]
            if ends_here:
                return "(?:" + body + ")?"
            return body
        body = "(?:" + "|".join(branches) + ")"
        return body + ("?" if ends_here else "")

    return build(trie)


class GazetteerMatcher:
    """Compiled gazetteer: finds entity mentions in a text.

    Parameters
    ----------
    gazetteer : DataFrame
        Columns name, type, alias, group (as returned by
        :func:`kzanalysis.load.resources.load_gazetteer`), one row per alias.
    """

    def __init__(self, gazetteer: pd.DataFrame) -> None:
        self.info: dict[str, EntityInfo] = {}
        self._alias_to_name: dict[str, str] = {}
        for row in gazetteer.itertuples(index=False):
            group = row.group if isinstance(row.group, str) and row.group else None
            self.info.setdefault(row.name, EntityInfo(row.name, row.type, group))
            for alias in (row.alias, row.name):
                if isinstance(alias, str) and alias.strip():
                    self._alias_to_name.setdefault(self._key(alias.strip()), row.name)
        self._surface_names: dict[str, str | None] = {}  # surface as matched -> canonical name (memo of _key lookups)
        aliases = sorted({a.strip() for a in gazetteer["alias"].dropna()} | set(self.info), key=lambda a: (-len(a), a))
        if aliases:
            body = _trie_regex(aliases)
            self.regex = re.compile(r"(?<!\w)(?:" + body + r")(?!\w)")
        else:
            self.regex = None

    @staticmethod
    def _key(surface: str) -> str:
        """Normalise dashes, apostrophes and spaces so text variants find their alias."""
        return " ".join(surface.translate(_KEY_TABLE).split())

    def canonical(self, surface: str) -> str | None:
        """Canonical entity name for a surface form (None if not an alias)."""
        return self._alias_to_name.get(self._key(surface))

    def finditer(self, text: str) -> Iterator[tuple[EntityInfo, str, int, int]]:
        """Yield (EntityInfo, surface, start, end) for each mention in ``text``."""
        if self.regex is None:
            return
        names = self._surface_names
        for match in self.regex.finditer(text):
            surface = match.group(0)
            if surface in names:
                name = names[surface]
            else:
                name = names[surface] = self._alias_to_name.get(self._key(surface))
            if name is not None:
                yield self.info[name], surface, match.start(), match.end()


@per_data_dir("gazetteer.yml", copy_result=False)
def gazetteer_matcher(data_dir: str | PathLike | None = None) -> GazetteerMatcher:
    """Load ``gazetteer.yml`` from ``data_dir`` and compile it (once while the file is unchanged; the
    matcher is shared, and callers do not modify it)."""
    return GazetteerMatcher(load_gazetteer(data_dir))
