"""Mentions in one text: the people, places, organisations and offices it names, with their cues.

:class:`_Analyzer` reads one text at a time and knows nothing about the article around it (the article's
own people, its acronyms and its issuer are resolved in :mod:`kzanalysis.analysis.reading.actors`, whose docstring
gives the rules). The gazetteer's matches come first; the capitalised runs around them
(:mod:`kzanalysis.analysis.reading.runs`) are read as people after an honorific or an office, transcript speaker
labels, organisations and places by their head noun, acronym-expansion pairs, people by a first name of
the lexicon, and lone words left for the article to resolve; a mention's side from its own words is
recorded with the cue.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from kzanalysis.load.textutil import STOPWORDS

from .lexicon import _GENERIC_ORG, HONORIFICS, ISSUER_OFFICES, NON_NAMES, OFFICE_HEADS, OFFICE_WORDS, UNKNOWN
from .runs import _CAP, RunReader, Unit, _poss

_LABEL_RE = re.compile(
    r"^(?P<label>(?:(?P<title>MR|MS|MRS|DR|SECRETARY|PRESIDENT|AMBASSADOR|GOVERNOR|SENATOR|ADMIRAL|GENERAL|MINISTER"
    r"|DIRECTOR|ADMINISTRATOR)\.?[^\S\n]+)?(?P<name>[A-Z][A-Z'’\-]+(?:[^\S\n]+[A-Z][A-Z'’\-]+){0,2}))[^\S\n]*:"
)
_ACRONYM_AFTER_RE = re.compile(r"[^\S\n]*\((?P<acr>[A-Z][A-Za-z0-9&\-]{1,9})\)")
_LOWER_OFFICE_RE = re.compile(
    r"(?:(?P<owner>["
    + _CAP
    + r"][\w.\-]*(?:['’]s)?)\s+)?(?:the\s+)?(?P<office>(?:(?:deputy|vice|prime|foreign|first|former|"
    r"acting|chief|senior|special|national|security|press|defen[cs]e|state|interior|finance|trade|energy|economy|"
    r"economic|presidential|country['’]s)\s+){0,3}(?:president|minister|secretary|ambassador|spokes(?:man|woman|person)|"
    r"advis[eo]r|envoy|premier|chancellor|chairman|chairwoman|leader|governor|senator|official|director|actor|"
    r"actress|journalist|reporter|analyst|author|writer|commander|general|admiral|counterpart))\s*,?\s*$"
)


@dataclass
class Mention:
    """A mention found in one text, before article-level resolution."""

    type: str  # person | country | place | organization | route | maybe (a lone capitalised word)
    name: str
    start: int
    end: int
    source: str = "rule"
    group: str | None = None
    evidence: str = ""
    office: str = ""  # office words before the name (lower case)
    issuer_office: bool = False
    label: bool = False
    honorific: bool = False
    initial: bool = False  # opens a sentence
    vocative: bool = False  # followed by a comma
    acronym: str = ""  # an acronym defined right after it
    mask: tuple[int, int] | None = None


def _title_case(text: str) -> bool:
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z'’\-]*", text) if w.lower() not in STOPWORDS]
    return len(words) >= 2 and all(w[0].isupper() for w in words) and not text.rstrip().endswith((".", "?", "!"))


class _Analyzer(RunReader):
    """Finds mentions in one text; knows nothing about the article around it."""

    # -- interpretation
    def analyse(self, text: str) -> list[Mention]:
        lex = self.lex
        gaz = [(info, surface, s, e) for info, surface, s, e in lex.matcher.finditer(text)]
        mentions: list[Mention] = []
        title_line = len(text) < 200 and "\n" not in text and _title_case(text)
        gaz_index = (gaz, [g[2] for g in gaz], {g[2] for g in gaz})
        label = _LABEL_RE.match(text)
        label_end = 0
        if label and label.group("name").split()[0] not in ("Q", "A"):
            name = label.group("name")
            if name.lower() not in NON_NAMES and not (label.group("title") is None and len(name.split()) == 1):
                s = label.start("name")
                mentions.append(
                    Mention(
                        "person",
                        name,
                        s,
                        label.end("name"),
                        label=True,
                        honorific=True,
                        issuer_office=True,
                        office=(label.group("title") or "").lower(),
                        mask=(label.start("label"), label.end("label")),
                    )
                )
            label_end = label.end()
        for units, initial in self.groups(text, gaz_index):
            if units[0].start < label_end:
                continue
            self.interpret(text, units, initial, title_line, mentions)
        # gazetteer mentions (all of them, also inside runs the rules used as cues)
        covered = sorted((m.start, m.end) for m in mentions if m.type not in ("maybe", "office"))
        covered_starts = [c[0] for c in covered]
        reach = []  # reach[k] = the furthest end among covered[:k + 1]
        for _, b in covered:
            reach.append(max(b, reach[-1]) if reach else b)
        for info, _, s, e in gaz:
            k = bisect.bisect_right(covered_starts, s) - 1
            if k >= 0 and reach[k] >= e:
                continue
            mentions.append(
                Mention(
                    info.type,
                    info.name,
                    s,
                    e,
                    source="gazetteer",
                    group=info.group or UNKNOWN,
                    evidence="gazetteer" if info.group else "",
                )
            )
        mentions.sort(key=lambda m: (m.start, -m.end))
        named = {m.start for m in mentions if m.type not in ("maybe", "office")}
        mentions = [m for m in mentions if m.type != "maybe" or m.start not in named]
        self._appositions(text, mentions)
        return mentions

    def _appositions(self, text: str, mentions: list[Mention]) -> None:
        """Offices and cues next to a name: "the Assistant to the President, Dr. X", "X, Advisor to the
        President of Turkey", "the country's foreign minister, X", "Senators X and Y"."""
        offices = {m.end: m for m in mentions if m.type == "office"}
        people = [m for m in mentions if m.type == "person" and m.source == "rule" and not m.label]
        by_start = {m.mask[0] if m.mask else m.start: m for m in people}
        for m in people:
            begin = m.mask[0] if m.mask else m.start
            if not m.office or m.office in HONORIFICS:
                before = text[max(0, begin - 4) : begin]
                for gap in (", ", ",\n", " "):
                    if before.endswith(gap) and (begin - len(gap)) in offices:
                        office = offices[begin - len(gap)]
                        m.office, m.issuer_office = office.office, office.issuer_office
                        if office.group and not m.group:
                            m.group, m.evidence = office.group, office.evidence
                        break
                else:
                    lower = _LOWER_OFFICE_RE.search(text, max(0, begin - 80), begin)
                    if lower is not None:
                        m.office = lower.group("office")
                        heads = [w for w in m.office.split() if w in OFFICE_HEADS]
                        m.issuer_office = bool(heads) and heads[0] in ISSUER_OFFICES
                        owner = lower.group("owner")
                        if owner and not m.group:
                            cue = self._word_cue(owner)
                            if cue is not None:
                                m.group, m.evidence = cue, text[lower.start("owner") : lower.end("office")]
            if not m.group and text.startswith(", ", m.end):
                nxt = re.match(r"[A-Za-z]+", text[m.end + 2 : m.end + 40])
                if nxt and (nxt.group(0).lower() in OFFICE_HEADS or nxt.group(0).lower() in OFFICE_WORDS):
                    stop = re.search(r"[.;!?]", text[m.end : m.end + 200])
                    limit = m.end + (stop.start() if stop else 200)
                    for c in mentions:
                        if (
                            c.start > m.end
                            and c.end <= limit
                            and c.type in ("country", "place")
                            and c.group
                            and re.search(r"\bof (?:the )?$", text[max(0, c.start - 8) : c.start])
                        ):
                            m.group, m.evidence = c.group, text[m.end + 2 : c.end]
                            if not m.office:
                                m.office = nxt.group(0).lower()
                            break
        for m in people:
            if m.office and text.startswith(" and ", m.end):
                other = by_start.get(m.end + 5)
                if other is not None and not other.office:
                    other.office, other.issuer_office = m.office, m.issuer_office
                    if m.group and not other.group:
                        other.group, other.evidence = m.group, m.evidence

    def _word_cue(self, word: str) -> str | None:
        word, _ = _poss(word)
        name = self.lex.matcher.canonical(word)
        if name is not None:
            info = self.lex.matcher.info[name]
            return info.group if info.group and info.type in ("country", "place", "organization") else None
        entry = self.lex.geo.get(word)
        return self.lex.country_side(entry.iso)[1] if entry is not None else None

    def cue_of(self, unit: Unit) -> tuple[str, str] | None:
        """(group, evidence text) a unit gives as a nationality cue."""
        if unit.kind == "gaz" and unit.info.group and unit.info.type in ("country", "organization", "place"):
            return unit.info.group, unit.text
        if unit.kind == "geo":
            return self.lex.country_side(unit.info.iso)[1], unit.text
        return None

    def interpret(self, text: str, units: list[Unit], initial: bool, title_line: bool, out: list[Mention]) -> None:
        n = len(units)
        consumed = [False] * n
        # leading sentence-initial common word ("The", "Later", "Okay")
        first = 0
        if units[0].kind in ("word", "offw", "orgh", "plh", "acr", "head") and (
            self.not_name(units[0].text) or (initial and self.is_common(units[0].text) and units[0].kind != "head")
        ):
            if units[0].kind not in ("head",) or self.not_name(units[0].text):
                consumed[0] = True
                first = 1
        for i in range(first, n):
            if units[i].kind in ("word", "acr") and self.not_name(units[i].text):
                consumed[i] = True
        i = first
        while i < n:
            if consumed[i]:
                i += 1
                continue
            u = units[i]
            # person after honorific or office chain
            if u.kind in ("hon", "head", "offw", "geo", "gaz") or (
                u.kind == "acr" and i + 1 < n and units[i + 1].kind in ("head", "offw")
            ):
                j = i
                cue = None
                office_words = []
                has_head = False
                honorific = False
                while j < n and not consumed[j]:
                    w = units[j]
                    if w.kind in ("geo", "gaz", "acr") and not has_head and not office_words:
                        c = self.cue_of(w) if w.kind != "acr" else None
                        if w.kind == "gaz" and w.info.type == "person":
                            break
                        if j + 1 < n and units[j + 1].kind in ("head", "offw", "hon", "geo", "gaz", "acr"):
                            cue = cue or c
                            j += 1
                            continue
                        break
                    if w.kind in ("head", "hon"):
                        has_head = True
                        honorific = honorific or w.kind == "hon"
                        office_words.append(w.text.lower().rstrip("."))
                        j += 1
                        continue
                    after_conn = j > i and units[j - 1].kind == "conn"
                    if (
                        w.kind in ("offw", "conn")
                        or (
                            w.kind in ("geo", "gaz", "orgh", "plh", "acr", "word")
                            and office_words
                            and j + 1 < n
                            and any(x.kind == "head" for x in units[j + 1 : n])
                            and w.kind != "word"
                        )
                        or (
                            after_conn
                            and w.kind in ("geo", "gaz")
                            and j + 1 < n
                            and units[j + 1].kind in ("word", "init", "head", "offw", "hon")
                        )
                    ):
                        office_words.append(w.text.lower())
                        j += 1
                        continue
                    break
                # name after the chain
                k = j
                while (
                    k < n
                    and not consumed[k]
                    and (units[k].kind in ("word", "init") or (units[k].kind == "acr" and not honorific and False))
                    and not self.not_name(units[k].text)
                ):
                    k += 1
                    if units[k - 1].poss:
                        break
                if has_head and k > j and self._good_name(units[j:k], office_words, honorific):
                    name_units = units[j:k]
                    # a leading word that is no name ("Technology Anne Neuberger"): start at the first name
                    if len(name_units) > 3:
                        for q, nu in enumerate(name_units):
                            if nu.text in self.lex.first_names:
                                name_units = name_units[q:]
                                break
                    m = Mention(
                        "person",
                        " ".join(x.text for x in name_units),
                        name_units[0].start,
                        name_units[-1].end,
                        office=" ".join(office_words),
                        honorific=honorific,
                        initial=initial and i == 0,
                        mask=(units[i].start, name_units[-1].end),
                    )
                    lead = [w for w in office_words if w not in HONORIFICS]
                    head_words = [w for w in lead if w in OFFICE_HEADS]
                    m.issuer_office = bool(head_words) and head_words[0] in ISSUER_OFFICES
                    if honorific and not lead:
                        m.issuer_office = False
                    if cue is not None:
                        m.group, m.evidence = cue[0], text[units[i].start : units[j - 1].end] if j > i else cue[1]
                    else:
                        right = self._right_cue(units, k, n)
                        chain_cue = self._chain_cue(units, i, j)
                        if chain_cue is not None:
                            m.group, m.evidence = chain_cue[0], text[units[i].start : units[j - 1].end]
                        elif right is not None:
                            m.group, m.evidence = right[0], text[units[i].start : units[min(n - 1, right[2])].end]
                    out.append(m)
                    for q in range(i, k):
                        consumed[q] = True
                    # the cue units are mentions of their own
                    for q in range(i, j):
                        self._emit_unit(units[q], out, text)
                    i = k
                    continue
                if (
                    has_head
                    and k == j
                    and j > i
                    and j < n
                    and units[j].kind == "gaz"
                    and units[j].info.type == "person"
                ):
                    # an office before a curated person ("Secretary of Energy Federico Pena"): masked
                    out.append(
                        Mention("office", "", units[i].start, units[j - 1].end, mask=(units[i].start, units[j - 1].end))
                    )
                elif has_head and k == j and j > i and not title_line:
                    # an office without a name ("the Secretary of Energy"): masked only
                    heads = [q for q in range(i, j) if units[q].kind == "head"]
                    if heads and any(units[q].kind in ("conn",) for q in range(i, j)):
                        om = Mention(
                            "office",
                            "",
                            units[i].start,
                            units[j - 1].end,
                            office=" ".join(office_words),
                            mask=(units[i].start, units[j - 1].end),
                        )
                        lead = [w for w in office_words if w in OFFICE_HEADS]
                        om.issuer_office = bool(lead) and lead[0] in ISSUER_OFFICES
                        chain = cue or self._chain_cue(units, i, j)
                        if chain is not None:
                            om.group, om.evidence = chain[0], text[units[i].start : units[j - 1].end]
                        out.append(om)
                        i = j
                        continue
            i += 1
        # organisations and places by head noun
        i = 0
        while i < n and not title_line:
            if consumed[i] or units[i].kind not in ("orgh", "plh"):
                i += 1
                continue
            # extend the head's phrase to the left over words, office words, acronyms
            s = i
            while (
                s - 1 >= 0
                and not consumed[s - 1]
                and units[s - 1].kind in ("word", "offw", "orgh", "plh", "acr", "conn", "init", "geo", "gaz")
            ):
                left = units[s - 1]
                if left.kind == "word" and left.text.lower() in STOPWORDS:
                    break
                if left.kind in ("geo", "gaz") and left.poss:
                    break
                if left.kind == "gaz" and left.info.type not in ("country", "place"):
                    break
                s -= 1
                if left.kind in ("geo", "gaz"):
                    break
            while s < i and units[s].kind == "conn":
                s += 1
            # and to the right over "of/for ..." complements, stopping at gazetteer units
            e = i
            while (
                e + 1 < n
                and not consumed[e + 1]
                and units[e + 1].kind in ("word", "offw", "orgh", "plh", "acr", "conn", "geo")
            ):
                if units[e + 1].kind == "acr" and e + 2 < n and units[e + 2].kind in ("head", "offw"):
                    break
                if units[e + 1].kind == "word" and units[e + 1].text.lower() in STOPWORDS:
                    break
                if units[e].poss:
                    break
                e += 1
            while e > i and units[e].kind == "conn":
                e -= 1
            head = units[i]
            phrase = units[s : e + 1]
            words = [x for x in phrase if x.kind not in ("conn",)]
            if len([x for x in words if x.kind not in ("gaz", "geo")]) <= 1 and not (
                len(words) == 2 and head.text.lower() not in _GENERIC_ORG and words[0].kind in ("gaz", "geo")
            ):
                i = e + 1
                continue
            kind = (
                "place"
                if units[e].kind == "plh" or (head.kind == "plh" and units[e].kind != "orgh")
                else "organization"
            )
            cue = None
            for x in phrase:
                cue = cue or self.cue_of(x)
            if cue is None and s - 1 >= 0 and not consumed[s - 1]:
                cue = self.cue_of(units[s - 1])
            if cue is None and e + 2 < n and units[e + 1].kind == "conn" and units[e + 1].text.startswith("of"):
                cue = self.cue_of(units[e + 2])
            name = " ".join(text[phrase[0].start : phrase[-1].end].split())
            name = _strip_poss(name)
            m = Mention(
                kind,
                name,
                phrase[0].start,
                phrase[-1].end,
                group=cue[0] if cue else None,
                evidence=cue[1] if cue else "",
                initial=initial and s == 0,
                mask=(phrase[0].start, phrase[-1].end),
            )
            after = _ACRONYM_AFTER_RE.match(text, phrase[-1].end)
            if after and _acronym_fits(after.group("acr"), [x.text for x in words]):
                m.acronym = after.group("acr")
                out.append(
                    Mention(
                        kind,
                        name,
                        after.start("acr"),
                        after.end("acr"),
                        group=m.group,
                        evidence=m.evidence,
                        mask=(after.start("acr"), after.end("acr")),
                    )
                )
            out.append(m)
            for q in range(s, e + 1):
                consumed[q] = True
            i = e + 1
        # lexicon people: first name + surname(s)
        i = 0
        while i < n:
            if consumed[i] or units[i].kind not in ("word", "geo") or title_line:
                i += 1
                continue
            word = units[i].text
            if word in self.lex.first_names and not self.not_name(word) and word.lower() not in self.common:
                k = i + 1
                while (
                    k < n
                    and not consumed[k]
                    and units[k].kind in ("word", "init")
                    and not self.not_name(units[k].text)
                    and k - i < 4
                ):
                    k += 1
                    if units[k - 1].poss:
                        break
                if (
                    k - i >= 2
                    and not units[i].poss
                    and units[k - 1].kind == "word"
                    and not self.is_common(units[k - 1].text)
                ):
                    name_units = units[i:k]
                    out.append(
                        Mention(
                            "person",
                            " ".join(x.text for x in name_units),
                            name_units[0].start,
                            name_units[-1].end,
                            initial=initial and i == 0,
                            mask=(name_units[0].start, name_units[-1].end),
                        )
                    )
                    for q in range(i, k):
                        consumed[q] = True
                    i = k
                    continue
            i += 1
        # what is left: geographic units, and lone words for article-level resolution
        for q in range(n):
            if consumed[q]:
                continue
            u = units[q]
            if u.kind == "geo" or (u.kind == "gaz"):
                self._emit_unit(u, out, text)
            elif u.kind in ("word", "acr") and not title_line and not self.not_name(u.text):
                m = Mention("maybe", u.text, u.start, u.end, initial=initial and q == first)
                m.vocative = text[u.end : u.end + 1] == ","
                m.honorific = n - first == 1  # a word on its own: may be a first name
                out.append(m)

    def _emit_unit(self, unit: Unit, out: list[Mention], text: str) -> None:
        if unit.kind == "geo":
            entry = unit.info
            if entry.type == "country":
                name, group = self.lex.country_side(entry.iso)
                out.append(
                    Mention(
                        "country",
                        name,
                        unit.start,
                        unit.end,
                        group=group,
                        evidence=f"country: {name}",
                        mask=(unit.start, unit.end),
                    )
                )
            else:
                country, group = self.lex.country_side(entry.iso)
                out.append(
                    Mention(
                        "place",
                        entry.name,
                        unit.start,
                        unit.end,
                        group=group,
                        evidence=f"place in {country}",
                        mask=(unit.start, unit.end),
                    )
                )

    def _right_cue(self, units: list[Unit], k: int, n: int):
        """'of <country>' right after a name: (group, evidence, index of the cue unit)."""
        if k + 1 < n and units[k].kind == "conn" and units[k].text.startswith("of"):
            cue = self.cue_of(units[k + 1])
            if cue is not None:
                return cue[0], cue[1], k + 1
        return None

    def _chain_cue(self, units: list[Unit], i: int, j: int):
        """'of <country>' inside an office chain ("President of Turkey")."""
        for q in range(i, j - 1):
            if units[q].kind == "conn" and units[q].text.startswith("of"):
                cue = self.cue_of(units[q + 1])
                if cue is not None:
                    return cue
        return None


def _strip_poss(name: str) -> str:
    return _poss(name)[0]


def _acronym_fits(acronym: str, words: list[str]) -> bool:
    letters = [c for c in acronym if c.isupper()]
    initials = [w[0].upper() for w in words if w[:1].isupper()]
    if not letters or not initials or letters[0] != initials[0]:
        return False
    it = iter(initials)
    return all(any(c == x for x in it) for c in letters) or len(set(letters) - set(initials)) <= 1
