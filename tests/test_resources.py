"""Curated data files: locating the data directory, loading and schema errors."""

from __future__ import annotations

import re

import pytest
from conftest import DATA_DIR

from kzanalysis.load.errors import CorpusError, CorpusValidationError
from kzanalysis.load.resources import (
    BOILERPLATE_KINDS,
    ENTITY_GROUPS,
    ENTITY_TYPES,
    ERRATA_KINDS,
    load_boilerplate,
    load_countries,
    load_errata,
    load_gazetteer,
    load_routes,
    load_themes,
    load_yaml,
    resolve_data_dir,
)


def write(data_dir, name, text):
    (data_dir / name).write_text(text, encoding="utf-8")


# ---------------------------------------------------------- data directory


def test_resolve_data_dir_precedence(tmp_path, monkeypatch):
    assert resolve_data_dir() == DATA_DIR.resolve()  # default: the repository's data/
    monkeypatch.setenv("KZ_DATA_DIR", str(tmp_path / "env"))
    assert resolve_data_dir() == (tmp_path / "env").resolve()  # then the environment
    assert resolve_data_dir(tmp_path / "arg") == (tmp_path / "arg").resolve()  # the argument wins
    monkeypatch.setenv("KZ_DATA_DIR", "")
    assert resolve_data_dir() == DATA_DIR.resolve()  # an empty variable is ignored


def test_resolve_data_dir_makes_relative_paths_absolute(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert resolve_data_dir("somewhere") == tmp_path.resolve() / "somewhere"


# ------------------------------------------------------------------ YAML


def test_load_yaml_missing_file(tmp_path):
    with pytest.raises(CorpusError, match="nothing.yml: file not found") as info:
        load_yaml(tmp_path / "nothing.yml")
    assert info.value.fix and "data directory" in info.value.fix


def test_load_yaml_syntax_error_reports_line(tmp_path):
    # line 3 has a second ": " inside a plain scalar
    write(tmp_path, "bad.yml", "entities:\n  - name: A\n    note: x: y\n")
    with pytest.raises(CorpusError) as info:
        load_yaml(tmp_path / "bad.yml")
    assert re.search(r"bad\.yml: is not valid YAML at line 3, column \d+", str(info.value))


def test_load_yaml_not_utf8(tmp_path):
    (tmp_path / "latin.yml").write_bytes(b"note: caf\xe9\n")
    with pytest.raises(CorpusError, match=r"latin\.yml: is not valid UTF-8 \(byte 0xe9 at byte offset 9\)"):
        load_yaml(tmp_path / "latin.yml")


# --------------------------------------------------------------- gazetteer


def test_real_gazetteer(tmp_path):
    gazetteer = load_gazetteer(DATA_DIR)
    assert list(gazetteer.columns) == ["name", "type", "alias", "group"]
    assert set(gazetteer["type"]) <= set(ENTITY_TYPES)
    assert set(gazetteer["group"].dropna()) <= set(ENTITY_GROUPS)
    aliases = gazetteer.set_index("alias")["name"]
    assert aliases["Nazarbaev"] == aliases["Nazarbayev"] == "Nursultan Nazarbayev"
    lengths = gazetteer["alias"].str.len().tolist()
    assert lengths == sorted(lengths, reverse=True)  # longest alias first
    assert not gazetteer.duplicated(["name", "alias"]).any()


def test_gazetteer_problems_are_reported_together(tmp_path):
    write(
        tmp_path,
        "gazetteer.yml",
        """entities:
  - name: Astana
    type: city
    aliases: [Akmola]
  - name: Akmola Region
    type: place
    group: Mars
    aliases: [Akmola]
  - type: person
""",
    )
    with pytest.raises(CorpusValidationError) as info:
        load_gazetteer(tmp_path)
    message = str(info.value)
    assert len(info.value.problems) == 4
    assert "gazetteer.yml" in message
    assert "entity 'Astana' has type 'city'" in message
    assert "group 'Mars'" in message
    assert "alias 'Akmola' belongs to both 'Astana' and 'Akmola Region'" in message
    assert "entity #3 has no `name`" in message


def test_gazetteer_without_entities_list(tmp_path):
    write(tmp_path, "gazetteer.yml", "people: []\n")
    with pytest.raises(CorpusError, match=r"gazetteer\.yml: has no top-level `entities:` list"):
        load_gazetteer(tmp_path)


# ------------------------------------------------------------------ themes


def test_real_themes():
    themes = load_themes(DATA_DIR)
    assert set(themes) == {"energy", "security", "rights", "balancing", "economy"}
    for spec in themes.values():
        assert spec["label"] and spec["terms"]
        assert all(term == term.lower() for term in spec["terms"])


def test_themes_schema_errors(tmp_path):
    write(
        tmp_path,
        "themes.yml",
        """themes:
  energy:
    label: Energy
    terms: [Oil, gas, gas, pipe*line]
  rights:
    label: Rights
""",
    )
    with pytest.raises(CorpusValidationError) as info:
        load_themes(tmp_path)
    message = str(info.value)
    assert "themes.yml" in message
    assert "not lower case: Oil" in message
    assert "more than once: gas" in message
    assert "`*` inside a term: pipe*line" in message
    assert "theme 'rights' has no `terms`" in message


# ------------------------------------------------------------- boilerplate


def test_real_boilerplate_patterns_compile():
    patterns = load_boilerplate(DATA_DIR)
    assert patterns
    for pattern in patterns:
        assert pattern["kind"] in BOILERPLATE_KINDS
        assert pattern["compiled"].pattern == pattern["regex"]
    assert len({p["id"] for p in patterns}) == len(patterns)


def test_boilerplate_schema_errors(tmp_path):
    write(
        tmp_path,
        "boilerplate.yml",
        """patterns:
  - id: broken
    kind: navigation
    regex: '^Home ('
  - id: odd
    kind: banner
    regex: '^Ad$'
  - id: odd
    kind: advertising
    regex: '^Ad2$'
""",
    )
    with pytest.raises(CorpusValidationError) as info:
        load_boilerplate(tmp_path)
    message = str(info.value)
    assert "boilerplate.yml" in message
    assert "pattern 'broken' has an invalid regex '^Home ('" in message
    assert "pattern 'odd' has kind 'banner'" in message
    assert "pattern 'odd' is defined twice" in message


# ------------------------------------------------------------------ errata


def test_real_errata(corpus):
    errata = load_errata(DATA_DIR)
    assert list(errata.columns) == ["article_id", "original", "correction", "kind", "evidence"]
    assert set(errata["kind"]) <= set(ERRATA_KINDS)
    assert set(errata["article_id"]) <= set(corpus.articles["id"])
    assert (errata["original"] != errata["correction"]).all()


def test_errata_schema_errors(tmp_path):
    write(
        tmp_path,
        "errata.yml",
        """errata:
  - article_id: "001_b26ba8fe6375836e"
    original: destrcution
    correction: destruction
    kind: spelling
    evidence: obvious
  - article_id: "002_b4b5912900beeb87"
    original: Pena
  - article_id: 003
    original: diffuse
    correction: defuse
    kind: wrong name
    evidence: word confusion
""",
    )
    with pytest.raises(CorpusValidationError) as info:
        load_errata(tmp_path)
    message = str(info.value)
    assert "errata.yml" in message
    assert "kind 'spelling'" in message
    assert "erratum #2 is missing correction, kind, evidence" in message
    assert "erratum #3 has non-text article_id" in message


def test_empty_errata_list_is_allowed(tmp_path):
    write(tmp_path, "errata.yml", "errata: []\n")
    assert load_errata(tmp_path).empty


# ------------------------------------------------------------------ routes

ROUTE = """context_words: [oil, pipeline*]
corridors:
  - id: north
    name: North, via Russia
    state: Russia
    destinations: [Russia]
    described: ['via Russian territory']
pipelines:
  - id: cpc
    name: Caspian Pipeline Consortium
    entity: CPC pipeline
    corridor: north
    status_2008: operating
    path: [[51.9, 47.1], [37.8, 44.7]]
    endpoints:
      start: {name: Tengiz, lon: 53.4, lat: 46.1}
      end: {name: Novorossiysk, lon: 37.8, lat: 44.7}
    named: ['\\bCPC\\b']
    terminals: [Novorossiysk]
"""


def test_routes_valid_file(tmp_path):
    write(tmp_path, "routes.yml", ROUTE)
    routes = load_routes(tmp_path)
    (corridor,) = routes["corridors"]
    (route,) = routes["pipelines"]
    assert corridor["id"] == "north" and corridor["described_regex"][0].search("VIA RUSSIAN TERRITORY")
    assert route["id"] == "cpc" and route["corridor"] == "north"
    assert route["path"] == [(51.9, 47.1), (37.8, 44.7)]
    assert route["endpoints"]["end"]["name"] == "Novorossiysk"
    assert route["named_regex"][0].search("the CPC line") and not route["named_regex"][0].search("CPCs")
    assert routes["context_words"] == ["oil", "pipeline*"]
    assert routes["delivery_window"] == 60 and routes["stance_cues"] == {"positive": [], "negative": []}


@pytest.mark.parametrize(
    "change, expected",
    [
        (("path: [[51.9, 47.1], [37.8, 44.7]]", "path: [[51.9, 47.1]]"), "not a list of at least two [lon, lat] pairs"),
        (("path: [[51.9, 47.1], [37.8, 44.7]]", "path: [[51.9, 147.1], [37.8, 44.7]]"), "not a list of at least two"),
        (
            ("end: {name: Novorossiysk, lon: 37.8, lat: 44.7}", "end: {name: Novorossiysk}"),
            "`endpoints` without start and end",
        ),
        (("    entity: CPC pipeline\n", ""), "pipeline #1 is missing entity"),
        (("    corridor: north\n", "    corridor: nowhere\n"), "pipeline 'cpc': corridor 'nowhere' is not defined"),
        (("context_words: [oil, pipeline*]\n", ""), "`context_words` is not a non-empty list"),
        (("corridors:", "lanes:"), "has no top-level `corridors:` list"),
        (("    name: North, via Russia\n", ""), "corridor #1 lacks an id or a name"),
        (("named: ['\\bCPC\\b']", "named: ['(CPC']"), "pipeline 'cpc': pattern '(CPC' in `named` does not compile"),
        (
            ("described: ['via Russian territory']", "described: ['(?:via)?']"),
            "corridor 'north': pattern '(?:via)?' in `described` matches the empty string",
        ),
        (("terminals: [Novorossiysk]", "terminals: Novorossiysk"), "`terminals` is not a list of place names"),
    ],
)
def test_routes_schema_errors(tmp_path, change, expected):
    assert change[0] in ROUTE
    write(tmp_path, "routes.yml", ROUTE.replace(*change))
    with pytest.raises(CorpusError) as info:
        load_routes(tmp_path)
    assert "routes.yml" in str(info.value) and expected in str(info.value)


def test_real_routes():
    routes = load_routes(DATA_DIR)
    pipelines = routes["pipelines"]
    assert pipelines and all(len(route["path"]) >= 2 for route in pipelines)
    assert {c["id"] for c in routes["corridors"]} == {"north", "west", "east", "south"}
    gazetteer = load_gazetteer(DATA_DIR)
    route_names = set(gazetteer.loc[gazetteer["type"] == "route", "name"])
    assert {route["entity"] for route in pipelines} <= route_names
    countries = set(gazetteer.loc[gazetteer["type"] == "country", "name"])
    assert {c["state"] for c in routes["corridors"] if c.get("state")} <= countries


# --------------------------------------------------------------- countries


def test_real_countries():
    countries = dict(load_countries(DATA_DIR))
    assert {"Kazakhstan", "Russia", "China", "Iran", "Turkey", "Azerbaijan", "Georgia"} <= set(countries)
    for rings in countries.values():
        for ring in rings:
            assert len(ring) >= 4
            assert all(19.9 <= lon <= 100.1 and 24.9 <= lat <= 60.1 for lon, lat in ring)


def test_countries_broken_json(tmp_path):
    (tmp_path / "geo").mkdir()
    (tmp_path / "geo" / "ne_110m_countries_region.geojson").write_text('{"features": [', encoding="utf-8")
    with pytest.raises(CorpusError, match=r"ne_110m_countries_region\.geojson: is not valid UTF-8 JSON at line 1"):
        load_countries(tmp_path)


# ------------------------------------------------------------ hostile YAML


def test_load_yaml_refuses_aliases_and_names_the_line(tmp_path):
    from kzanalysis.load.resources import load_yaml

    path = tmp_path / "x.yml"
    path.write_text("base: &b [1, 2]\ncopy: *b\n", encoding="utf-8")
    with pytest.raises(CorpusError) as info:
        load_yaml(path)
    assert str(info.value).startswith(f"{path}: uses a YAML alias (*b) at line 2.")


def test_load_yaml_refuses_a_file_over_the_size_limit(tmp_path):
    from kzanalysis.load.limits import MAX_YAML_BYTES
    from kzanalysis.load.resources import load_yaml

    path = tmp_path / "big.yml"
    path.write_text("# " + "x" * MAX_YAML_BYTES + "\n", encoding="utf-8")
    with pytest.raises(CorpusError) as info:
        load_yaml(path)
    assert f"more than the limit of {MAX_YAML_BYTES:,} bytes" in str(info.value)


def test_boilerplate_regex_with_nested_quantifiers_is_rejected(data_copy):
    from kzanalysis.load.resources import load_boilerplate

    (data_copy / "boilerplate.yml").write_text(
        "patterns:\n  - id: nested\n    kind: navigation\n    regex: '^(a+)+$'\n", encoding="utf-8"
    )
    with pytest.raises(CorpusError) as info:
        load_boilerplate(data_copy)
    assert "pattern 'nested' has a `regex` with a repeat without an upper bound inside another one" in str(info.value)
