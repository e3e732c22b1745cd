"""The source texts as the book shows them: one page per article (the data side).

:func:`source_pages` turns the analysed corpus into one :class:`SourcePage`
per article: its metadata, a source criticism (genre and what it implies,
the editor's words against the speakers', funding, issuer, forecasts set
against the chronology, known errors, the numbers it states), and every
paragraph of the article as received, numbered as ``corpus.all_paragraphs``
numbers it, cut into spans (quotations with their speakers, errata with
their corrections), with its part (furniture is marked as such), the
voices of its sentences and the claims coded in it.

Nothing here makes markup: the text stays plain strings, and the Sphinx
extension ``_ext/kz_sources.py`` builds docutils text nodes from them, so
no character of an article is ever read as Markdown, MyST, HTML or LaTeX.
References to paragraphs are :class:`kzanalysis.report.book.RefText` (links).

:func:`write_source_stubs` writes one small page per article (``<id>.md``)
into the book's ``source_texts/`` folder (``<date>-<id>.md``, so the pages sort by
date), which ``_toc.yml`` lists with a ``glob:``; a new article gets its page without any change to code or the
table of contents. A stub holds only a directive naming its article id.

Every stage is linear in the corpus: paragraphs, quotations, errata, voices
and claims are grouped by article once.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from kzanalysis.load.corpus import DEFAULT_RIGHTS
from kzanalysis.load.parts import ARTICLE_TEXT_PARTS, is_interview_genre, is_statement_genre, is_transcript_genre

from .book import RefText, para_ref

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from kzanalysis.load.corpus import Corpus

__all__ = [
    "SourcePage",
    "ParagraphView",
    "Span",
    "source_pages",
    "write_source_stubs",
    "article_rights",
    "STUB_DIRECTIVE",
    "SOURCE_DIR",
    "genre_implication",
    "stub_name",
]

#: The folder (under the book root) that holds the generated source pages.
SOURCE_DIR = "source_texts"
#: The directive a stub calls (defined in ``_ext/kz_sources.py``).
STUB_DIRECTIVE = "kz-source-text"
#: How many later events are listed for one forecast.
LATER_EVENTS_SHOWN = 3

_PART_NAMES = {
    "body": "",
    "question": "question",
    "answer": "answer",
    "turn": "turn",
    "headline": "headline (editor)",
    "standfirst": "standfirst (editor)",
    "byline": "byline",
    "dateline": "dateline",
    "subheading": "subheading (editor)",
    "caption": "caption",
    "credit": "credit",
    "note": "note",
    "biography": "appended biography",
    "signature": "signature",
    "boilerplate": "boilerplate",
}


@dataclass
class Span:
    """A piece of a paragraph's text: plain, inside a quotation, or the wording of an erratum."""

    text: str
    quote_speaker: str | None = None  #: speaker of the quotation this span lies in ("" if unattributed)
    erratum: dict | None = None  #: the erratum whose original wording this span is
    erratum_end: bool = False  #: the last span of that wording (the correction is shown after it)


@dataclass
class ParagraphView:
    number: int
    part: str
    part_name: str
    furniture: bool
    speaker_label: str
    spans: list[Span]
    voices: list[str] = field(default_factory=list)  #: "quotation: Condoleezza Rice (United States)", ...
    claims: list[dict] = field(default_factory=list)
    errata: list[dict] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.spans)


@dataclass
class SourcePage:
    article_id: str
    label: str  #: "RFE/RL 1997"
    title: str
    rights: str  #: "full" or "excerpts"
    rights_reason: str
    metadata: list[tuple[str, str]]
    criticism: list[tuple[str, RefText | str | list]]  #: a list is shown as a bulleted list
    numbers: pd.DataFrame  #: paragraph (RefText), value, unit, context, erratum
    paragraphs: list[ParagraphView]


def article_rights(meta: Mapping[str, Any]) -> str:
    """The article's reuse rights: its manifest ``rights``, else :data:`kzanalysis.load.corpus.DEFAULT_RIGHTS`."""
    value = meta.get("rights") if hasattr(meta, "get") else None
    return value if isinstance(value, str) and value in ("full", "excerpts") else DEFAULT_RIGHTS


def _text(value) -> str:
    if value is None:
        return ""
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    return str(value).strip()


def genre_implication(genre: str, kinds: dict[str, int], meta: Mapping[str, Any]) -> str:
    """What the genre implies for reading the text, with the voice counts that show it."""
    total = sum(kinds.values()) or 1

    def share(*names: str) -> str:
        n = sum(kinds.get(k, 0) for k in names)
        return f"{n} of {sum(kinds.values())} sentences ({100 * n / total:.0f}%)"

    if is_transcript_genre(genre):
        return (
            "A transcript of speaker turns: each paragraph is in the voice of the person its label names, "
            "reporters' questions included; what is said is the speaker's own public wording, chosen for the "
            f"record. Turns and questions: {share('turn', 'question')}."
        )
    if is_statement_genre(genre):
        issuer = _text(meta.get("issuer")) or _text(meta.get("outlet"))
        return (
            f"An institution speaks: the text is the official position of {issuer}, worded for publication; "
            f"it reports what its own side wants known. Statement sentences: {share('statement')}."
        )
    if is_interview_genre(genre):
        who = _text(meta.get("interviewee")) or "the interviewee"
        return (
            f"An interview: the answers are {who}'s own words, given on a platform the interviewer chose and "
            f"unchallenged unless a question challenges them; the questions and the headline are the "
            f"interviewer's and editor's. Answers: {share('answer')}; questions: {share('question')}."
        )
    if "analysis" in genre or "opinion" in genre or "comment" in genre:
        author = _text(meta.get("author")) or _text(meta.get("attributed_author")) or "an unnamed author"
        return (
            f"An analysis: the judgments are the author's ({author}); quotations and reported speech are "
            f"chosen to support an argument. Author's narration: {share('author')}; quotations and reported "
            f"speech: {share('quotation', 'reported')}."
        )
    return (
        f"A {genre or 'text'}: the reporter relays events and others' words; the selection and the headline "
        f"are the outlet's. Author's narration: {share('author')}; quotations and reported speech: "
        f"{share('quotation', 'reported')}."
    )


def _spans(text: str, quotes: list[tuple[int, int, str]], errata: list[dict]) -> list[Span]:
    """Cut a paragraph at the edges of its quotations and errata (sorted boundaries: linear after sorting)."""
    marks: list[tuple[int, int, str, object]] = []
    for start, end, speaker in quotes:
        if 0 <= start < end <= len(text):
            marks.append((start, end, "quote", speaker))
    for erratum in errata:
        at = text.find(str(erratum["original"]))
        if at >= 0:
            marks.append((at, at + len(str(erratum["original"])), "erratum", erratum))
    if not marks:
        return [Span(text)]
    cuts = sorted({0, len(text), *(m[0] for m in marks), *(m[1] for m in marks)})
    # which quotation / erratum covers each piece: walk the pieces once per mark's range (marks are few)
    piece_of = {c: i for i, c in enumerate(cuts)}
    quote_at: list[str | None] = [None] * (len(cuts) - 1)
    erratum_at: list[dict | None] = [None] * (len(cuts) - 1)
    last_piece: dict[int, int] = {}
    for start, end, kind, value in marks:
        for i in range(piece_of[start], piece_of[end]):
            if kind == "quote":
                quote_at[i] = value if value else ""
            else:
                erratum_at[i] = value
                last_piece[id(value)] = i
    spans = []
    for i in range(len(cuts) - 1):
        piece = text[cuts[i] : cuts[i + 1]]
        if piece:
            err = erratum_at[i]
            spans.append(Span(piece, quote_at[i], err, err is not None and last_piece.get(id(err)) == i))
    return spans


def _claim_line(claim: dict) -> dict:
    voice = _text(claim.get("voice"))
    speaker = _text(claim.get("speaker"))
    side = _text(claim.get("side"))
    stance = " ".join(x for x in (_text(claim.get("stance")), _text(claim.get("target"))) if x)
    who = speaker + (f" ({side})" if side and side != "Unknown" else "")
    return {
        "id": _text(claim.get("id")),
        "who": f"{voice}: {who}" if voice else who,
        "topic": _text(claim.get("topic")),
        "stance": stance,
        "claim": _text(claim.get("claim")),
        "forecast": bool(claim.get("forecast")),
        "reviewed": bool(claim.get("reviewed")),
    }


def _group(frame: pd.DataFrame | None, key: str = "article_id") -> dict:
    if frame is None or len(frame) == 0:
        return {}
    return {k: g for k, g in frame.groupby(key, sort=False)}


def source_pages(corpus: Corpus) -> list[SourcePage]:
    """One :class:`SourcePage` per article of ``corpus``, in corpus order."""
    from kzanalysis.analysis.claims import claims_table
    from kzanalysis.analysis.errata import locate_errata
    from kzanalysis.analysis.findings.model import _article_labels
    from kzanalysis.analysis.numbers import extract_numbers
    from kzanalysis.analysis.quotes import quote_spans
    from kzanalysis.analysis.reading.voices import sentence_voices
    from kzanalysis.load.knowledge import date_span, load_events

    allp = corpus.all_paragraphs if corpus.all_paragraphs is not None else corpus.paragraphs
    paragraphs = _group(allp)
    quotes = _group(quote_spans(corpus))
    errata = _group(locate_errata(corpus))
    claims = _group(claims_table(corpus))
    voices = _group(sentence_voices(corpus))
    numbers = _group(extract_numbers(corpus))
    labels = _article_labels(corpus)
    events = load_events(corpus.data_dir)
    event_rows = [
        (start, set(t), str(title), str(d))
        for start, t, title, d in zip(events["date_start"], events["topics"], events["title"], events["date"])
    ]
    pages = []
    for meta in corpus.articles.to_dict("records"):
        article_id = meta["id"]
        pages.append(
            _page(
                meta,
                labels.get(article_id, article_id),
                paragraphs.get(article_id),
                quotes.get(article_id),
                errata.get(article_id),
                claims.get(article_id),
                voices.get(article_id),
                numbers.get(article_id),
                event_rows,
                date_span,
            )
        )
    return pages


def _page(meta, label, paragraphs, quotes, errata, claims, voices, numbers, event_rows, date_span) -> SourcePage:
    article_id = meta["id"]
    genre = _text(meta.get("genre"))
    quotes_by_p: dict[int, list] = {}
    if quotes is not None:
        for p, s, e, who in zip(quotes["paragraph"], quotes["start"], quotes["end"], quotes["speaker"]):
            quotes_by_p.setdefault(int(p), []).append((int(s), int(e), _text(who)))
    errata_rows = [] if errata is None else errata.to_dict("records")
    errata_by_p: dict[int, list] = {}
    for row in errata_rows:
        if row["found"]:
            errata_by_p.setdefault(int(row["paragraph"]), []).append(row)
    claims_rows = [] if claims is None else claims.to_dict("records")
    claims_by_p: dict[int, list] = {}
    for row in claims_rows:
        claims_by_p.setdefault(int(row["paragraph"]), []).append(_claim_line(row))
    kinds: dict[str, int] = {}
    voices_by_p: dict[int, list[str]] = {}
    speakers: dict[str, int] = {}
    if voices is not None:
        for p, kind, speaker, side in zip(
            voices["paragraph"], voices["kind"], voices["speaker"], voices["speaker_group"]
        ):
            kind, speaker, side = _text(kind), _text(speaker), _text(side)
            kinds[kind] = kinds.get(kind, 0) + 1
            who = speaker or "speaker not named"
            line = f"{kind}: {who}" + (f" ({side})" if side and side != "Unknown" else "")
            shown = voices_by_p.setdefault(int(p), [])
            if line not in shown:
                shown.append(line)
            if speaker and kind != "author":
                speakers[speaker] = speakers.get(speaker, 0) + 1

    views = []
    headlines: list[tuple[int, str]] = []
    if paragraphs is not None:
        for row in paragraphs.sort_values("paragraph").to_dict("records"):
            number, part, text = int(row["paragraph"]), _text(row.get("part")) or "body", str(row["text"])
            if part in ("headline", "subheading", "standfirst"):
                headlines.append((number, text))
            views.append(
                ParagraphView(
                    number=number,
                    part=part,
                    part_name=_PART_NAMES.get(part, part),
                    furniture=part not in ARTICLE_TEXT_PARTS,
                    speaker_label=_text(row.get("speaker_label")),
                    spans=_spans(text, quotes_by_p.get(number, []), errata_by_p.get(number, [])),
                    voices=voices_by_p.get(number, []),
                    claims=claims_by_p.get(number, []),
                    errata=errata_by_p.get(number, []),
                )
            )

    rights = article_rights(meta)
    author = _text(meta.get("author")) or "not named"
    metadata = [("Outlet", _text(meta.get("outlet"))), ("Title", _text(meta.get("title"))), ("Author", author)]
    for key, name in (
        ("attributed_author", "Attributed to"),
        ("contributors", "Contributors"),
        ("interviewee", "Interviewee"),
        ("issuer", "Issuer"),
    ):
        if _text(meta.get(key)):
            metadata.append((name, _text(meta.get(key))))
    metadata += [
        ("Date", _text(meta.get("date"))),
        ("How the date is known", _text(meta.get("date_evidence"))),
        ("Genre", genre),
        ("Funding", _text(meta.get("funding")) or "not recorded"),
        ("Provenance", _text(meta.get("provenance"))),
        (
            "Reuse rights",
            "full text may be reproduced"
            if rights == "full"
            else "excerpts only: the paragraphs the book cites are reproduced, no more",
        ),
    ]
    reason = _text(meta.get("rights_reason"))

    criticism: list[tuple[str, RefText | str | list]] = [
        ("Genre and what it implies", genre_implication(genre, kinds, meta))
    ]
    # the editor's words against the speakers'
    editor: RefText | str
    if headlines:
        editor = RefText("; ").join([para_ref(article_id, n) + f" \u201c{t}\u201d" for n, t in headlines])
        editor = "Headline and headings, the editor's words: " + editor + "."
    else:
        editor = "The text has no headline or headings of its own."
    if speakers:
        top = sorted(speakers.items(), key=lambda kv: -kv[1])[:4]
        editor = (
            editor
            + " The body gives the words of "
            + ", ".join(f"{who} ({n} sentence{'s' if n != 1 else ''})" for who, n in top)
            + "."
        )
    else:
        editor = editor + " No speaker other than the author is heard in the body."
    criticism.append(("Editor's words and the speakers' words", editor))
    funding = _text(meta.get("funding"))
    criticism.append(
        (
            "Funding and issuer",
            (f"Funding: {funding}. " if funding else "Funding not recorded. ")
            + f"Issued by {_text(meta.get('issuer')) or _text(meta.get('outlet'))}.",
        )
    )
    # forecasts against the chronology
    end = date_span(meta["date"])[1]
    forecasts = [c for c in claims_rows if bool(c.get("forecast"))]
    if forecasts:
        pieces = []
        for c in forecasts:
            topic = _text(c.get("topic"))
            later = [e for e in event_rows if e[0] > end and topic in e[1]][:LATER_EVENTS_SHOWN]
            after = (
                ("; later events on this topic in the chronology: " + ", ".join(f"{e[2]} ({e[3]})" for e in later))
                if later
                else "; no later event on this topic in the chronology"
            )
            status = "" if bool(c.get("reviewed")) else " (unreviewed machine proposal)"
            pieces.append(
                para_ref(article_id, int(c["paragraph"]))
                + f" {_text(c.get('speaker'))}: {_text(c.get('claim')).rstrip('.')}{status}{after}."
            )
        forecast_text: RefText | str | list = pieces + [
            "Whether each came true is not coded: the events are listed for the reader to judge."
        ]
    else:
        forecast_text = "No claim in this text is coded as a forecast."
    criticism.append(("Forecasts against the chronology", forecast_text))
    if errata_rows:
        items = []
        for row in errata_rows:
            where = para_ref(article_id, int(row["paragraph"])) if row["found"] else RefText(["(not located)"])
            items.append(
                where + f" as printed \u201c{row['original']}\u201d, read \u201c{row['correction']}\u201d "
                f"({row['kind']}): {_text(row['evidence'])}"
            )
        criticism.append(("Known errors", items))
    else:
        criticism.append(("Known errors", "No erratum is recorded for this text."))

    number_rows = []
    if numbers is not None:
        for p, value, unit, context in zip(numbers["paragraph"], numbers["value"], numbers["unit"], numbers["context"]):
            errs = errata_by_p.get(int(p), [])
            number_rows.append(
                {
                    "¶": para_ref(article_id, int(p)),
                    "Value": f"{float(value):.12g}",
                    "Unit": _text(unit),
                    "As the source states it": _text(context),
                    "Erratum in the paragraph": "; ".join(
                        f"\u201c{e['original']}\u201d \u2192 \u201c{e['correction']}\u201d" for e in errs
                    ),
                }
            )
    return SourcePage(
        article_id=article_id,
        label=label,
        title=_text(meta.get("title")),
        rights=rights,
        rights_reason=reason,
        metadata=metadata,
        criticism=criticism,
        numbers=pd.DataFrame(
            number_rows, columns=["¶", "Value", "Unit", "As the source states it", "Erratum in the paragraph"]
        ),
        paragraphs=views,
    )


# ----------------------------------------------------------------------------- stubs


def _stub(article_id: str) -> str:
    return (
        f"% Generated for article {article_id} from the corpus in use; do not edit (see "
        f"kzanalysis/report/sources.py).\n"
        f"```{{{STUB_DIRECTIVE}}} {article_id}\n```\n"
    )


def _year_stub(year: int, article_ids: list[str]) -> str:
    """The page of one year's source texts: a title, then each article as a section of its own."""
    n = len(article_ids)
    lines = [
        f"% Generated for the {n} articles of {year} in the corpus in use; do not edit (see "
        f"kzanalysis/report/sources.py).",
        f"# Source texts of {year} ({n} {'article' if n == 1 else 'articles'})",
        "",
    ]
    for article_id in article_ids:
        lines += [f"```{{{STUB_DIRECTIVE}}} {article_id}", ":grouped:", "```", ""]
    return "\n".join(lines)


def _write_if_changed(path: Path, text: str) -> bool:
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    # not "*.md": the HTML and LaTeX builds write the stubs at the same time, and each removes the
    # "*.md" files of articles gone, which must never include the other's file being written
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".part")
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text)
    os.replace(tmp, path)
    return True


def stub_name(article_id: str, date_start: pd.Timestamp | str) -> str:
    """The file name of an article's page: its first possible date, then its id (so the pages sort by date)."""
    return f"{pd.Timestamp(date_start):%Y-%m-%d}-{article_id}.md"


def write_source_stubs(root: str | os.PathLike, articles: Iterable[tuple[str, pd.Timestamp | str]]) -> list[str]:
    """Write the source pages' stubs into ``<root>/source_texts/`` and remove the pages of articles gone.

    Up to :data:`kzanalysis.report.scale.PER_ARTICLE_LIMIT` articles, one page per article
    (``<date>-<id>.md``, so the pages sort by date). Past it, one page per year of publication
    (``<year>.md``) with each of its articles as a section: the paragraphs keep their numbers and links,
    and the table of contents, which every HTML page carries in its sidebar, stays a list of years
    rather than hundreds of titles.

    A stub is rewritten only when its text changes (so Sphinx and make see no
    change when there is none). Returns the docnames, in date order.
    """
    from .scale import PER_ARTICLE_LIMIT

    folder = Path(root) / SOURCE_DIR
    folder.mkdir(parents=True, exist_ok=True)
    articles = list(articles)
    if len(articles) > PER_ARTICLE_LIMIT:
        by_year: dict[str, list[str]] = {}
        for article_id, date_start in sorted(articles, key=lambda item: (pd.Timestamp(item[1]), item[0])):
            by_year.setdefault(f"{pd.Timestamp(date_start).year}", []).append(article_id)
        wanted = {f"{year}.md": _year_stub(int(year), ids) for year, ids in by_year.items()}
    else:
        wanted = {stub_name(a, d): _stub(a) for a, d in articles}
    for name, text in wanted.items():
        _write_if_changed(folder / name, text)
    for old in folder.glob("*.md"):
        if old.name not in wanted:
            try:
                old.unlink()
            except FileNotFoundError:
                pass
    return [f"{SOURCE_DIR}/{name[:-3]}" for name in sorted(wanted)]
