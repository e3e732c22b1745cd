"""Corridor and pipeline references in a sentence, read with the patterns of ``data/routes.yml``.

Every sentence of article text is read for references of two kinds:

- **named**: a pipeline's name or alias (its ``named`` patterns, which hold
  without context: "Baku-Ceyhan pipeline", "Caspian Pipeline Consortium"),
  or one of its ``terminals`` in a sentence with a context word ("a pipeline
  to the seaport of Novorossiysk");
- **described**: the corridor spoken of without a pipeline's name, only in a
  sentence holding a ``context_words`` term (oil, gas, pipeline, crude,
  export, transit, tanker ...), by

  * one of the corridor's ``described`` patterns ("through the Caucasus",
    "via Russian territory", "the most direct route out -- Iran --");
  * a destination: "to <destination>" within ``delivery_window`` characters
    after a ``delivery_words`` term ("a pipeline to China", "deliver ...
    to the Mediterranean"), chained from a destination already counted
    ("one through the Caucasus to the West and another to East Asia"), or
    a later item of the same list ("to China, the Mediterranean, Russia");
  * a territory named by a pronoun (``territory_patterns``: "across its
    territory"), given to the corridor whose ``state`` is the last country
    of the gazetteer named before it in the sentence.

Words that set a route against others ("bypasses Russia and Iran") match no
pattern, so they are no reference to the routes bypassed.

Sentences are read with the curated corrections of wrong names and typos
(``data/errata.yml``, kinds "wrong place name", "wrong name" and "typo")
applied, so a misprinted terminal still names its pipeline; the evidence is
the sentence as written.  In one sentence a pipeline counts once, and a
corridor's description counts once (a description overlapping a name of
the same corridor is part of that name).

All patterns are compiled once per reader; the work is linear in the number of
sentences (each sentence is read once, its matches scanned in order).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from kzanalysis.load.resources import load_errata, load_gazetteer

from ..themes import term_regex

__all__ = ["CORRECTED_KINDS", "RouteReader"]

#: Errata kinds applied to a sentence before it is read for references.
CORRECTED_KINDS = ("wrong place name", "wrong name", "typo")

_NOT_A_NAME_END = r"(?![\w'’-])"


def _names_regex(
    names: Iterable[str], *, case_sensitive: bool = False, strip_the: bool = True
) -> tuple[re.Pattern | None, dict]:
    """One alternation of plain names (longest first) and a map from the normalised match to the name."""
    lookup: dict[str, str] = {}
    for name in names:
        text = " ".join(str(name).split())
        if strip_the and text.lower().startswith("the "):
            text = text[4:]
        if text:
            lookup[text if case_sensitive else text.lower()] = str(name)
    if not lookup:
        return None, lookup
    alternation = "|".join(
        r"\s+".join(re.escape(w) for w in key.split()) for key in sorted(lookup, key=lambda k: (-len(k), k))
    )
    flags = 0 if case_sensitive else re.IGNORECASE
    return re.compile(r"(?<![\w-])(?:" + alternation + ")" + _NOT_A_NAME_END, flags), lookup


class RouteReader:
    """Finds corridor and pipeline references in sentences (patterns compiled once).

    Parameters
    ----------
    routes : dict
        As returned by :func:`kzanalysis.load.resources.load_routes`.
    countries : dict, optional
        Country surface form -> canonical country name (gazetteer type
        country), for ``territory_patterns``.
    """

    def __init__(self, routes: dict, countries: dict[str, str] | None = None) -> None:
        self.corridors = [c["id"] for c in routes["corridors"]]
        self.pipelines = {p["id"]: p for p in routes["pipelines"]}
        self.context = term_regex(routes.get("context_words") or [])
        self.delivery = term_regex(routes.get("delivery_words") or [])
        self.window = int(routes.get("delivery_window") or 60)
        self.territory = list(routes.get("territory_regex") or [])
        self.described = [(c["id"], regex) for c in routes["corridors"] for regex in c.get("described_regex", [])]
        self.named = [
            (p["id"], p["corridor"], regex) for p in routes["pipelines"] for regex in p.get("named_regex", [])
        ]
        terminal_of = {}
        for pipeline in routes["pipelines"]:
            for terminal in pipeline.get("terminals") or []:
                terminal_of[" ".join(terminal.split()).lower()] = pipeline["id"]
        self.terminals, _ = _names_regex(terminal_of, strip_the=False)
        self.terminal_of = terminal_of
        destination_of = {}
        for corridor in routes["corridors"]:
            for name in corridor.get("destinations") or []:
                key = " ".join(str(name).split()).lower()
                destination_of[key[4:] if key.startswith("the ") else key] = corridor["id"]
        self.destination_of = destination_of
        names, _ = _names_regex(destination_of)
        if names is None:
            self.destination_head = self.destination_next = None
        else:
            body = names.pattern
            self.destination_head = re.compile(r"\bto\s+(?:the\s+)?(" + body + ")", re.IGNORECASE)
            self.destination_next = re.compile(
                r"(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)(?:the\s+)?(" + body + ")", re.IGNORECASE
            )
        self.state_corridor = {c["state"]: c["id"] for c in routes["corridors"] if c.get("state")}
        self.countries, self.country_of = _names_regex(countries or {}, case_sensitive=True, strip_the=False)
        self.country_of = {k: (countries or {})[v] for k, v in self.country_of.items()}

    def _destination_key(self, text: str) -> str:
        return " ".join(text.split()).lower()

    def _destinations(self, sentence: str, lowered: str) -> list[tuple[int, int, str]]:
        """(start, end, corridor) of each destination reached by a delivery word."""
        if self.destination_head is None:
            return []
        delivery_ends = [m.end() for m in self.delivery.finditer(lowered)]
        found: list[tuple[int, int, str]] = []
        last_end = None
        d = 0
        for head in self.destination_head.finditer(sentence):
            start = head.start()
            while d < len(delivery_ends) and delivery_ends[d] <= start:
                d += 1
            anchors = [delivery_ends[d - 1]] if d else []
            if last_end is not None:
                anchors.append(last_end)
            if not any(start - a <= self.window and ";" not in sentence[a:start] for a in anchors):
                continue
            items = [head]
            pos = head.end()
            while True:
                more = self.destination_next.match(sentence, pos)
                if more is None:
                    break
                items.append(more)
                pos = more.end()
            for item in items:
                corridor = self.destination_of.get(self._destination_key(item.group(1)))
                if corridor:
                    found.append((item.start(1), item.end(1), corridor))
            last_end = pos
        return found

    def _territories(self, sentence: str) -> list[tuple[int, int, str]]:
        if not self.territory or self.countries is None:
            return []
        countries = [(m.end(), self.country_of.get(m.group(0))) for m in self.countries.finditer(sentence)]
        found = []
        for regex in self.territory:
            for match in regex.finditer(sentence):
                before = [name for end, name in countries if end <= match.start()]
                corridor = self.state_corridor.get(before[-1]) if before else None
                if corridor:
                    found.append((match.start(), match.end(), corridor))
        return found

    def read(self, sentence: str) -> list[tuple[int, str | None, str, bool]]:
        """References in one sentence: (start, pipeline id or None, corridor id, named), in reading order."""
        lowered = sentence.lower()
        in_context = self.context.search(lowered) is not None
        named: dict[str, tuple[int, int, str]] = {}
        for pipeline, corridor, regex in self.named:
            match = regex.search(sentence)
            if match and (pipeline not in named or match.start() < named[pipeline][0]):
                named[pipeline] = (match.start(), match.end(), corridor)
        spans = [(s, e, c) for s, e, c in named.values()]
        references = [(s, p, c, True) for p, (s, e, c) in named.items()]
        if not in_context:
            return sorted(references, key=lambda r: r[0])
        if self.terminals is not None:
            for match in self.terminals.finditer(sentence):
                pipeline = self.terminal_of.get(self._destination_key(match.group(0)))
                if pipeline and pipeline not in named:
                    corridor = self.pipelines[pipeline]["corridor"]
                    named[pipeline] = (match.start(), match.end(), corridor)
                    spans.append(named[pipeline])
                    references.append((match.start(), pipeline, corridor, True))
        described: dict[str, int] = {}
        candidates = [(m.start(), m.end(), c) for c, regex in self.described for m in regex.finditer(sentence)]
        candidates += self._destinations(sentence, lowered) + self._territories(sentence)
        for start, end, corridor in sorted(candidates):
            if corridor in described:
                continue
            if any(c == corridor and start < e and s < end for s, e, c in spans):
                continue
            described[corridor] = start
            references.append((start, None, corridor, False))
        return sorted(references, key=lambda r: (r[0], not r[3]))


def _countries(data_dir) -> dict[str, str]:
    if not (Path(data_dir) / "gazetteer.yml").is_file():
        return {}
    gazetteer = load_gazetteer(data_dir)
    countries = gazetteer[gazetteer["type"] == "country"]
    return dict(zip(countries["alias"], countries["name"]))


def _corrections(data_dir) -> dict[str, list[tuple[str, str]]]:
    if not (Path(data_dir) / "errata.yml").is_file():
        return {}
    errata = load_errata(data_dir)
    out: dict[str, list[tuple[str, str]]] = {}
    for row in errata[errata["kind"].isin(CORRECTED_KINDS)].itertuples(index=False):
        out.setdefault(row.article_id, []).append((row.original, row.correction))
    return out
