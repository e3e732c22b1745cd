"""The curated knowledge files: codebook, claims register, chronology and periods.

The real files must load and hold against the text; broken copies must fail
with messages that name the file, the entry and the field. Expected values
are worked out by hand from the files and the calendar, not from the code.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml
from conftest import DATA_DIR

from kzanalysis.load.errors import CorpusError
from kzanalysis.load.knowledge import (
    CLAIM_COLUMNS,
    EVENT_COLUMNS,
    PERIOD_COLUMNS,
    SIDES,
    article_periods,
    bib_keys,
    check_claims,
    date_span,
    events_between,
    load_claims,
    load_codebook,
    load_events,
    load_periods,
    period_of,
    route_stances,
    select_claims,
)
from kzanalysis.load.resources import load_gazetteer, load_routes

LONG = ("002_b4b5912900beeb87", "003_40d1a890abeb5e88", "004_ee13d1e9892b13ab")
SHORT = ("001_b26ba8fe6375836e", "000_227c2561fdf8ecac")


def _read(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _write(path: Path, document: dict) -> None:
    path.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True), encoding="utf-8")


def _edit(data_dir: Path, name: str, key: str, index: int, **changes) -> None:
    """Change fields of entry ``index`` of ``name`` in a data copy (None deletes the field)."""
    path = data_dir / name
    document = _read(path)
    entry = document[key][index]
    for field, value in changes.items():
        if value is None:
            entry.pop(field, None)
        else:
            entry[field] = value
    _write(path, document)


def _message(excinfo) -> str:
    return str(excinfo.value)


# ---------------------------------------------------------------- real files


@pytest.fixture(scope="module")
def codebook():
    return load_codebook(DATA_DIR)


@pytest.fixture(scope="module")
def claims():
    return load_claims(DATA_DIR)


@pytest.fixture(scope="module")
def events():
    return load_events(DATA_DIR)


@pytest.fixture(scope="module")
def periods():
    return load_periods(DATA_DIR)


def test_codebook_defines_the_required_vocabulary(codebook):
    for topic in (
        "export-routes",
        "great-power-balancing",
        "rights-democracy",
        "security-terrorism",
        "economy-investment",
        "osce",
    ):
        assert topic in codebook["topics"]
        spec = codebook["topics"][topic]
        assert spec["definition"].strip() and spec["include"] and spec["exclude"]
    assert set(codebook["voices"]) == {"author", "quoted", "paraphrased", "interviewee", "statement", "editor"}
    assert set(codebook["stances"]) == {"supports", "opposes", "doubts", "neutral"}
    assert set(codebook["sides"]) == {
        "United States",
        "Kazakhstan",
        "Russia",
        "China",
        "Europe",
        "Iran",
        "Other",
        "Unknown",
    }
    assert set(codebook["sides"]) <= set(SIDES)


def test_codebook_route_targets_are_routes_yml_ids(codebook):
    routes = load_routes(DATA_DIR)
    ids = {c["id"] for c in routes["corridors"]} | {p["id"] for p in routes["pipelines"]}
    route_targets = {t for t, spec in codebook["targets"].items() if spec["kind"] in ("route", "corridor")}
    assert route_targets and route_targets <= ids
    assert {"north", "west", "east", "south"} <= route_targets


def test_claims_load_with_the_documented_columns(claims):
    assert tuple(claims.columns) == CLAIM_COLUMNS
    assert claims["id"].is_unique
    assert claims["paragraph"].dtype == "int64"
    assert set(claims["coder"]) == {"hand"}
    assert claims["reviewed"].all()


def test_claim_counts_per_article(claims):
    counts = claims.groupby("article_id").size()
    for article in LONG:
        assert counts.get(article, 0) >= 10, article
    for article in SHORT:
        assert counts.get(article, 0) >= 5, article


def test_every_evidence_span_is_in_its_paragraph(corpus, claims):
    assert check_claims(corpus, claims) == []
    texts = {(r.article_id, r.paragraph): r.text for r in corpus.all_paragraphs.itertuples()}
    for row in claims.itertuples():
        assert row.evidence in texts[(row.article_id, row.paragraph)], row.id


def test_headlines_and_subheadings_are_the_editors_voice(corpus, claims):
    parts = {(r.article_id, r.paragraph): r.part for r in corpus.all_paragraphs.itertuples()}
    for row in claims.itertuples():
        editorial = parts[(row.article_id, row.paragraph)] in ("headline", "standfirst", "subheading", "caption")
        assert editorial == (row.voice == "editor"), row.id
    # The TOL headline "Kazakhstan Confirms Foreign-Policy Balancing Act" is paragraph 3 of 001.
    headline = claims[(claims["article_id"] == "001_b26ba8fe6375836e") & (claims["paragraph"] == 3)]
    assert list(headline["voice"]) == ["editor"]
    assert "Tokaev" not in headline["speaker"].iloc[0]


def test_speakers_use_canonical_gazetteer_names(claims):
    gazetteer = load_gazetteer(DATA_DIR)
    canonical = dict(zip(gazetteer["alias"], gazetteer["name"]))
    groups = dict(zip(gazetteer["name"], gazetteer["group"]))
    for row in claims.itertuples():
        if row.speaker in canonical:
            assert row.speaker == canonical[row.speaker], row.id
        # A person or body with a gazetteer group speaks for that side.
        group = groups.get(row.speaker)
        if row.voice not in ("author", "editor") and isinstance(group, str) and group:
            assert row.side == group, row.id


def test_the_coding_follows_the_texts(claims):
    # IWPR, paragraph 6: the administration "willing to turn a blind eye" to rights abuses, in the author's voice.
    blind_eye = claims[claims["evidence"].str.contains("turn a blind eye", regex=False)]
    assert list(zip(blind_eye["article_id"], blind_eye["paragraph"], blind_eye["voice"], blind_eye["topic"])) == [
        ("003_40d1a890abeb5e88", 6, "author", "rights-democracy")
    ]
    # In the 2006 interview the balancing is Tokaev's own answer, not the editor's subheading.
    balancing = select_claims(
        claims,
        article_id="004_ee13d1e9892b13ab",
        topic="great-power-balancing",
        stance="supports",
        target="multi-vector-policy",
    )
    assert set(balancing["voice"]) == {"interviewee"}
    assert set(balancing["speaker"]) == {"Kassymzhomart Tokaev"}
    # RFE/RL 1997 forecasts that no Kazakh oil will flow soon.
    forecast = claims[claims["evidence"] == "no Kazakhstani oil appears likely to flow anytime soon"]
    assert forecast["forecast"].tolist() == [True]


def test_route_stances_lists_only_route_and_corridor_targets(claims, codebook):
    table = route_stances(claims, codebook)
    assert set(table["target_kind"]) <= {"route", "corridor"}
    # Tokaev (2006) backs the BTC pipeline he says Kazakhstan has joined.
    tokaev_btc = table[(table["speaker"] == "Kassymzhomart Tokaev") & (table["target"] == "btc")]
    assert tokaev_btc["stance"].tolist() == ["supports"]


def test_events_load_sorted_with_sources(events):
    assert tuple(events.columns) == EVENT_COLUMNS
    assert len(events) >= 25
    assert events["id"].is_unique
    assert events["date_start"].is_monotonic_increasing
    assert (events["date_end"] >= events["date_start"]).all()
    assert events["date_start"].min() >= pd.Timestamp("1991-12-01")
    keys = bib_keys(DATA_DIR)
    assert set(events["source"]) <= keys
    by_id = events.set_index("id")
    assert by_id.loc["us-recognition", "date_start"] == pd.Timestamp("1991-12-25")
    assert by_id.loc["btc-inauguration", "date_start"] == pd.Timestamp("2006-07-13")


def test_event_sources_are_http_links():
    text = (DATA_DIR / "references.bib").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.strip().startswith("url"):
            value = line.split("=", 1)[1].strip().strip(",{} ")
            assert value.startswith(("http://", "https://")), line


def test_periods_load_in_order_without_overlap(periods, events):
    assert tuple(periods.columns) == PERIOD_COLUMNS
    assert list(periods["id"]) == ["pre-2001", "post-911", "after-andijan", "after-georgia"]
    assert pd.isna(periods["end"].iloc[-1])
    assert set(periods["opened_by"]) <= set(events["id"])


def test_date_span_reads_partial_dates():
    assert date_span("2005") == (pd.Timestamp("2005-01-01"), pd.Timestamp("2005-12-31"))
    assert date_span("2008-02") == (pd.Timestamp("2008-02-01"), pd.Timestamp("2008-02-29"))
    assert date_span("2001-09-11") == (pd.Timestamp("2001-09-11"), pd.Timestamp("2001-09-11"))
    for bad in ("2001-02-30", "2001-13", "11 September 2001", "20011"):
        with pytest.raises(ValueError):
            date_span(bad)


def test_period_of_uses_whole_spans(periods):
    assert period_of("2001-09-10", periods) == "pre-2001"
    assert period_of("2001-09-11", periods) == "post-911"
    assert period_of("2002", periods) == "post-911"
    assert period_of("2001", periods) is None  # straddles 11 September
    assert period_of("1991-12-01", periods) is None  # before independence
    assert period_of(pd.Timestamp("2030-01-01"), periods) == "after-georgia"


def test_articles_fall_into_the_expected_periods(corpus, periods):
    placed = article_periods(corpus.articles, periods)
    assert placed.to_dict() == {
        "002_b4b5912900beeb87": "pre-2001",  # 24 November 1997
        "003_40d1a890abeb5e88": "post-911",  # 2002
        "001_b26ba8fe6375836e": "post-911",  # 6 October 2003
        "004_ee13d1e9892b13ab": "after-andijan",  # July 2006
        "000_227c2561fdf8ecac": "after-georgia",  # 5 October 2008
    }


def test_events_between_counts_whole_years(events):
    in_2001 = events_between(events, "2001", "2001")
    assert "september-11" in set(in_2001["id"])
    assert in_2001["date_start"].dt.year.eq(2001).all()


# ------------------------------------------------------------ missing files


def test_missing_optional_files_give_empty_tables(data_copy):
    for name in ("claims.yml", "events.yml", "periods.yml"):
        (data_copy / name).unlink()
    assert load_claims(data_copy).empty and tuple(load_claims(data_copy).columns) == CLAIM_COLUMNS
    assert load_events(data_copy).empty and tuple(load_events(data_copy).columns) == EVENT_COLUMNS
    assert load_periods(data_copy).empty and tuple(load_periods(data_copy).columns) == PERIOD_COLUMNS


def test_claims_without_a_codebook_fail(data_copy):
    (data_copy / "codebook.yml").unlink()
    with pytest.raises(CorpusError) as excinfo:
        load_claims(data_copy)
    assert "codebook.yml" in _message(excinfo) and "file not found" in _message(excinfo)


# ------------------------------------------------------------ broken copies


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("topic", "oil", "`topic`"),
        ("voice", "speaker", "`voice`"),
        ("side", "USA", "`side`"),
        ("stance", "likes", "`stance`"),
        ("target", "nowhere", "`target`"),
        ("paragraph", "three", "`paragraph`"),
        ("forecast", "yes", "`forecast`"),
    ],
)
def test_bad_claim_field_is_named(data_copy, field, value, expected):
    first = _read(data_copy / "claims.yml")["claims"][0]
    if field == "target":  # keep stance and target paired so only the target is wrong
        _edit(data_copy, "claims.yml", "claims", 0, stance="supports", target=value)
    else:
        _edit(data_copy, "claims.yml", "claims", 0, **{field: value})
    with pytest.raises(CorpusError) as excinfo:
        load_claims(data_copy)
    message = _message(excinfo)
    assert "claims.yml" in message and first["id"] in message and expected in message


def test_stance_without_target_is_refused(data_copy):
    _edit(data_copy, "claims.yml", "claims", 0, stance="supports", target=None)
    with pytest.raises(CorpusError) as excinfo:
        load_claims(data_copy)
    assert "`stance` and `target`" in _message(excinfo)


def test_misspelt_claim_field_is_refused(data_copy):
    evidence = _read(data_copy / "claims.yml")["claims"][0]["evidence"]
    _edit(data_copy, "claims.yml", "claims", 0, evidence=None, evidense=evidence)
    with pytest.raises(CorpusError) as excinfo:
        load_claims(data_copy)
    message = _message(excinfo)
    assert "'evidense'" in message and "`evidence`" in message


def test_duplicate_claim_id_is_refused(data_copy):
    second = _read(data_copy / "claims.yml")["claims"][1]["id"]
    _edit(data_copy, "claims.yml", "claims", 0, id=second)
    with pytest.raises(CorpusError) as excinfo:
        load_claims(data_copy)
    assert "used twice" in _message(excinfo)


def test_yaml_alias_in_claims_is_refused(data_copy):
    path = data_copy / "claims.yml"
    text = path.read_text(encoding="utf-8").replace("coder: hand", "coder: &c hand", 1)
    path.write_text(text.replace("coder: hand", "coder: *c", 1), encoding="utf-8")
    with pytest.raises(CorpusError) as excinfo:
        load_claims(data_copy)
    assert "claims.yml" in _message(excinfo) and "alias" in _message(excinfo)


def _crafted_claim(**changes) -> pd.DataFrame:
    """One claim on the RFE/RL 1997 article's paragraph 18, as a loader would return it."""
    row = {
        "article_id": "002_b4b5912900beeb87",
        "paragraph": 18,
        "voice": "author",
        "speaker": "RFE/RL",
        "side": "Unknown",
        "topic": "export-routes",
        "claim": "No oil soon.",
        "stance": None,
        "target": None,
        "evidence": "no Kazakhstani oil appears likely to flow anytime soon",
        "forecast": True,
        "coder": "hand",
        "reviewed": True,
        "id": "x-01",
    }
    row.update(changes)
    return pd.DataFrame([row], columns=list(CLAIM_COLUMNS))


def test_crafted_claim_holds(corpus):
    assert check_claims(corpus, _crafted_claim()) == []


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"evidence": "no Kazakh oil appears likely to flow anytime soon"}, "`evidence`"),
        ({"paragraph": 999}, "`paragraph` 999"),
        ({"article_id": "999_0000000000000000"}, "`article_id`"),
        ({"paragraph": 3, "evidence": "Relations Remain Fragile"}, "headline"),  # headline in the author's voice
        ({"voice": "editor"}, "`voice` editor"),  # body text in the editor's voice
        ({"voice": "interviewee"}, "`voice` interviewee"),  # no interview answer here
    ],
)
def test_claims_that_do_not_fit_the_text_are_reported(corpus, changes, expected):
    problems = check_claims(corpus, _crafted_claim(**changes))
    assert len(problems) == 1
    message = str(problems[0])
    assert "claims.yml" in message and "x-01" in message and expected in message


def test_interviewee_must_be_the_manifests(corpus):
    claim = _crafted_claim(
        article_id="004_ee13d1e9892b13ab",
        paragraph=14,
        voice="interviewee",
        speaker="Thomas Cromwell",
        evidence="We have excellent relations with Russia",
    )
    problems = check_claims(corpus, claim)
    assert len(problems) == 1 and "`speaker`" in str(problems[0]) and "Kassymzhomart Tokaev" in str(problems[0])
    assert check_claims(corpus, claim.assign(speaker="Kassymzhomart Tokaev")) == []


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"date": "1991-12-32"}, "`date`"),
        ({"date": "December 1991"}, "`date`"),
        ({"date_end": "1990-01-01"}, "`date_end`"),
        ({"topics": ["oil"]}, "`topics`"),
        ({"source": "no-such-key"}, "`source`"),
        ({"certainty": "probable"}, "`certainty`"),
    ],
)
def test_bad_event_field_is_named(data_copy, changes, expected):
    first = _read(data_copy / "events.yml")["events"][0]["id"]
    _edit(data_copy, "events.yml", "events", 0, **changes)
    with pytest.raises(CorpusError) as excinfo:
        load_events(data_copy)
    message = _message(excinfo)
    assert "events.yml" in message and first in message and expected in message


def test_missing_references_file_fails_every_source(data_copy):
    (data_copy / "references.bib").unlink()
    with pytest.raises(CorpusError) as excinfo:
        load_events(data_copy)
    assert "references.bib" in _message(excinfo) and "`source`" in _message(excinfo)


def test_overlapping_periods_are_refused(data_copy):
    # post-911 runs to 2005-07-28; ending it a day later overlaps after-andijan (from 2005-07-29).
    _edit(data_copy, "periods.yml", "periods", 1, end="2005-07-29")
    with pytest.raises(CorpusError) as excinfo:
        load_periods(data_copy)
    message = _message(excinfo)
    assert "periods.yml" in message and "'after-andijan' overlaps period 'post-911'" in message


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"opened_by": "no-such-event"}, "`opened_by`"),
        ({"start": "2001-09-12"}, "`start`"),  # not the day of September 11
        ({"end": None}, "missing `end`"),
        ({"start": "2001-9-11"}, "`start`"),
    ],
)
def test_bad_period_field_is_named(data_copy, changes, expected):
    _edit(data_copy, "periods.yml", "periods", 1, **changes)
    with pytest.raises(CorpusError) as excinfo:
        load_periods(data_copy)
    message = _message(excinfo)
    assert "periods.yml" in message and "post-911" in message and expected in message


def test_codebook_side_outside_the_house_list_is_refused(data_copy):
    path = data_copy / "codebook.yml"
    document = _read(path)
    document["sides"].append("Atlantis")
    _write(path, document)
    with pytest.raises(CorpusError) as excinfo:
        load_codebook(data_copy)
    assert "codebook.yml" in _message(excinfo) and "'Atlantis'" in _message(excinfo)


def test_curated_knowledge_is_read_once_and_again_when_its_file_changes(data_copy, monkeypatch):
    from kzanalysis.load import knowledge
    from kzanalysis.load.knowledge import schema  # every knowledge file is parsed by schema's load_yaml

    reads = []
    real = schema.load_yaml
    monkeypatch.setattr(schema, "load_yaml", lambda path: reads.append(Path(path).name) or real(path))
    first = knowledge.load_events(data_copy)
    knowledge.load_events(data_copy)
    knowledge.load_periods(data_copy)
    assert reads.count("events.yml") == 1 and reads.count("codebook.yml") == 1
    events = data_copy / "events.yml"
    events.write_text(events.read_text(encoding="utf-8") + "\n# a comment changes the bytes\n", encoding="utf-8")
    again = knowledge.load_events(data_copy)
    assert reads.count("events.yml") == 2 and again.equals(first)
    again.loc[again.index[0], "title"] = "changed by a caller"
    assert knowledge.load_events(data_copy).loc[again.index[0], "title"] != "changed by a caller"
