"""Command-line interface: ``kzanalysis`` or ``python -m kzanalysis``.

Subcommands (each accepts ``--data DIR``; default: ``KZ_DATA_DIR`` or the
repository's ``data/``):

``check``
    Validate the manifest, the article files and every curated data file.
    Prints one ``OK`` line with counts (exit 0), or every problem on stderr
    (exit 2).
``summary``
    The corpus at a glance: one row per article (date, outlet, words), the
    totals, and the longest and shortest article.
``kwic TERM [--regex] [--window N]``
    Keyword in context: every occurrence of TERM in the clean paragraphs.
``claims [--topic T] [--speaker S] [--article A] [--unreviewed]``
    The claims: hand-coded ones and machine proposals for uncoded articles
    (see :mod:`kzanalysis.analysis.claims`), one line each, optionally filtered.
``export OUTDIR``
    Write the analysis tables as CSV files (see :mod:`kzanalysis.export`).
``figures OUTDIR``
    Write every figure (PNG, SVG, CSV data, catalog.json).
``add PATH... [--id ID] [--title T] ... [--dry-run]``
    Add saved articles (.txt, .md, .html/.htm, .pdf) to the corpus: the
    file as received into ``articles/``, an entry with proposed metadata and
    its evidence into ``manifest.yml`` (see :mod:`kzanalysis.load.add`).

Exit status: 0 on success, 2 when the data (or an output directory) is
unusable -- the message names the file and the fix, without a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__
from .load.crosscheck import check_curated
from .load.errors import CorpusError, CorpusValidationError
from .load.limits import compile_search_regex, short_repr, terminal_safe

__all__ = ["main", "build_parser"]

EXIT_OK = 0
EXIT_DATA_ERROR = 2


# ---------------------------------------------------------------- commands


def _check_hostile(data_dir: Path, corpus) -> list[CorpusError]:
    """Articles left without text by cleaning, and unsafe links in references.bib."""
    from .load.bibliography import check_references

    problems = check_references(data_dir)
    if corpus is not None and "n_words" in corpus.articles.columns:
        removed = corpus.boilerplate.groupby("article_id").size() if not corpus.boilerplate.empty else {}
        for row in corpus.articles.itertuples(index=False):
            if int(row.n_words) == 0:
                n_removed = int(removed.get(row.id, 0)) if len(removed) else 0
                where = (
                    data_dir / "articles" / str(row.file) if isinstance(row.file, str) else data_dir / "manifest.yml"
                )
                problems.append(
                    CorpusError(
                        where,
                        f"has no article text: 0 words after cleaning ({n_removed} line"
                        f"{'s' if n_removed != 1 else ''} removed as boilerplate)",
                        "check that the file holds the article, and that no boilerplate.yml pattern matches its "
                        "body lines",
                    )
                )
    return problems


def _cmd_check(args, data_dir: Path) -> int:
    from .load.corpus import load_corpus

    problems: list[CorpusError] = []
    corpus = None
    try:
        corpus = load_corpus(data_dir, cross_check=False)  # the stricter cross-checks follow
    except CorpusValidationError as exc:
        problems.extend(exc.problems)
    curated_problems, counts = check_curated(data_dir, corpus)
    problems.extend(curated_problems)
    problems.extend(_check_hostile(data_dir, corpus))
    from .load.corpus import manifest_warnings

    for warning in manifest_warnings(data_dir):
        print(f"warning: {terminal_safe(warning)}", file=sys.stderr)
    if problems:
        print(
            f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found in {terminal_safe(data_dir)}:",
            file=sys.stderr,
        )
        for problem in problems:
            print(f"  - {terminal_safe(problem)}", file=sys.stderr)
        return EXIT_DATA_ERROR
    articles = corpus.articles
    print(
        f"OK: {len(articles)} articles, {int(articles['n_words'].sum()):,} words, "
        f"{len(corpus.paragraphs)} paragraphs, {len(corpus.boilerplate)} boilerplate lines removed; "
        f"{counts.get('entities', 0)} entities, {counts.get('themes', 0)} themes, "
        f"{counts.get('errata', 0)} errata, {counts.get('routes', 0)} routes ({data_dir})"
    )
    return EXIT_OK


def _shorten(text: str, width: int) -> str:
    text = str(text)
    return text if len(text) <= width else text[: width - 1] + "\u2026"


def _cmd_summary(args, data_dir: Path) -> int:
    from .load.corpus import load_corpus
    from .load.stats import corpus_stats

    corpus = load_corpus(data_dir)
    stats = corpus_stats(corpus)
    table = corpus.articles[["id", "date", "outlet", "n_words", "n_sentences", "n_paragraphs"]].copy()
    table["outlet"] = table["outlet"].map(lambda s: _shorten(terminal_safe(s), 44))
    table["id"] = table["id"].map(terminal_safe)
    table.columns = ["id", "date", "outlet", "words", "sentences", "paragraphs"]
    print(f"Corpus in {terminal_safe(data_dir)}")
    print(terminal_safe(table.to_string(index=False)))
    print()
    print(
        f"Total: {stats['n_articles']} articles, {stats['n_words']:,} words "
        f"({stats['n_unique_words']:,} distinct), {stats['n_sentences']:,} sentences, "
        f"{stats['n_paragraphs']:,} paragraphs, {stats['first_year']}\u2013{stats['last_year']}"
    )
    print(f"Longest: {terminal_safe(stats['longest_id'])} ({stats['longest_words']:,} words)")
    print(f"Shortest: {terminal_safe(stats['shortest_id'])} ({stats['shortest_words']:,} words)")
    return EXIT_OK


def _cmd_kwic(args, data_dir: Path) -> int:
    from .analysis.terms import kwic
    from .load.corpus import load_corpus

    if args.window < 1:
        print("kzanalysis kwic: --window must be a positive number of characters", file=sys.stderr)
        return EXIT_DATA_ERROR
    try:
        if args.regex:
            compile_search_regex(args.term)  # refused before the corpus is loaded
        elif not args.term.strip():
            raise ValueError("the search term is empty. Fix: give a word or a phrase")
    except ValueError as exc:
        print(f"kzanalysis kwic: {terminal_safe(exc)}.", file=sys.stderr)
        return EXIT_DATA_ERROR
    corpus = load_corpus(data_dir)
    hits = kwic(corpus, args.term, window=args.window, regex=args.regex)
    for row in hits.itertuples(index=False):
        left = terminal_safe(str(row.left).replace("\n", " "))
        right = terminal_safe(str(row.right).replace("\n", " "))
        print(
            f"{terminal_safe(row.article_id)} \u00b6{int(row.paragraph):<3} {left:>{args.window}}"
            f"[{terminal_safe(row.match)}]{right}"
        )
    print(
        f"{len(hits)} match{'es' if len(hits) != 1 else ''} for {terminal_safe(short_repr(args.term))}", file=sys.stderr
    )
    return EXIT_OK


def _cmd_claims(args, data_dir: Path) -> int:
    from .analysis.claims import claims_table
    from .load.corpus import load_corpus
    from .load.knowledge import load_codebook

    topics = list(load_codebook(data_dir)["topics"])
    if args.topic is not None and args.topic not in topics:
        print(
            f"kzanalysis claims: unknown topic {terminal_safe(short_repr(args.topic))}. "
            f"Fix: use one of: {', '.join(topics)}.",
            file=sys.stderr,
        )
        return EXIT_DATA_ERROR
    corpus = load_corpus(data_dir)
    if args.article is not None and args.article not in set(corpus.articles["id"]):
        print(
            f"kzanalysis claims: no article {terminal_safe(short_repr(args.article))}. "
            f"Fix: use an article id of the manifest: {terminal_safe(', '.join(corpus.articles['id']))}.",
            file=sys.stderr,
        )
        return EXIT_DATA_ERROR
    table = claims_table(corpus)
    if args.topic is not None:
        table = table[table["topic"] == args.topic]
    if args.article is not None:
        table = table[table["article_id"] == args.article]
    if args.speaker is not None:
        wanted = args.speaker.casefold()
        table = table[table["speaker"].map(lambda s: wanted in str(s).casefold())]
    if args.unreviewed:
        table = table[~table["reviewed"].astype(bool)]
    for row in table.itertuples(index=False):
        stance = f"{row.stance}:{row.target}" if isinstance(row.stance, str) else "-"
        fields = [
            row.id,
            row.article_id,
            f"\u00b6{int(row.paragraph)}",
            row.voice,
            row.speaker,
            f"({row.side})",
            row.topic,
            stance,
        ]
        line = " ".join(terminal_safe(" ".join(str(f).split())) for f in fields)
        print(f"{line} | {terminal_safe(' '.join(str(row.claim).split()))}")
    print(f"{len(table)} claim{'s' if len(table) != 1 else ''}", file=sys.stderr)
    return EXIT_OK


def _cmd_export(args, data_dir: Path) -> int:
    from .export import export_tables
    from .load.corpus import load_corpus

    corpus = load_corpus(data_dir)
    written = export_tables(corpus, args.outdir)
    for path in written.values():
        print(path)
    return EXIT_OK


def _cmd_gazetteer_suggest(args, data_dir: Path) -> int:
    from .analysis.entities import suggest_gazetteer
    from .load.corpus import load_corpus

    text = suggest_gazetteer(load_corpus(data_dir))
    if args.out is None:
        sys.stdout.write(text)
    else:
        Path(args.out).write_text(text, encoding="utf-8")
        print(f"candidate entries written to {args.out} (gazetteer.yml is unchanged)")
    return EXIT_OK


def _cmd_add(args, data_dir: Path) -> int:
    from .load.add import AddOptions, run_add

    options = AddOptions(
        id=args.id,
        title=args.title,
        outlet=args.outlet,
        author=args.author,
        date=args.date,
        genre=args.genre,
        url=args.url,
        provenance=args.provenance,
        rights=args.rights,
    )
    return run_add(args.paths, data_dir, options, dry_run=args.dry_run)


def _cmd_figures(args, data_dir: Path) -> int:
    from .load.corpus import load_corpus
    from .report.figures import export_figures

    corpus = load_corpus(data_dir)
    html_dir = getattr(args, "html", None)
    if html_dir is not None and not Path(html_dir).is_dir():
        print(
            f"{html_dir}: no built HTML book there. Fix: build the HTML first (make html), or leave out --html.",
            file=sys.stderr,
        )
        return EXIT_DATA_ERROR
    catalog = export_figures(corpus, args.outdir, html_dir=html_dir)
    print(f"figures written to {args.outdir}; catalogue: {catalog}")
    return EXIT_OK


# ------------------------------------------------------------------ parser


def _output_dir(value: str) -> Path:
    """An output directory argument; an empty one would silently mean the current folder."""
    if not value.strip():
        raise argparse.ArgumentTypeError("an empty path is not an output directory (give a folder name, e.g. out/)")
    return Path(value)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for documentation and tests)."""
    data_option = argparse.ArgumentParser(add_help=False)
    data_option.add_argument(
        "--data",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="data directory with manifest.yml and articles/ (default: $KZ_DATA_DIR or the repository's data/)",
    )
    parser = argparse.ArgumentParser(
        prog="kzanalysis",
        description="Validate, summarise and export the US-Kazakhstan relations article corpus.",
        epilog="Exit status: 0 success, 2 unusable data (every problem is listed, naming file and fix).",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--data", metavar="DIR", default=None, help=argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    check = commands.add_parser(
        "check",
        parents=[data_option],
        help="validate the corpus and curated data files",
        description="Validate manifest, article files and curated data files.",
    )
    check.set_defaults(handler=_cmd_check)

    summary = commands.add_parser(
        "summary",
        parents=[data_option],
        help="articles, totals, longest and shortest",
        description="Print the corpus at a glance.",
    )
    summary.set_defaults(handler=_cmd_summary)

    kwic = commands.add_parser(
        "kwic",
        parents=[data_option],
        help="keyword in context",
        description="Show every occurrence of TERM with its context.",
    )
    kwic.add_argument("term", metavar="TERM", help="word or phrase to find (case-insensitive), or a regex with --regex")
    kwic.add_argument("--regex", action="store_true", help="treat TERM as a Python regular expression")
    kwic.add_argument(
        "--window", type=int, default=60, metavar="N", help="characters of context on each side (default 60)"
    )
    kwic.set_defaults(handler=_cmd_kwic)

    claims = commands.add_parser(
        "claims",
        parents=[data_option],
        help="list the claims (hand-coded and machine proposals)",
        description="Print the claims: the hand-coded register and unreviewed machine proposals for articles it "
        "does not cover. One line each: id, article, paragraph, voice, speaker (side), topic, "
        "stance:target, then the claim.",
    )
    claims.add_argument("--topic", metavar="T", default=None, help="only claims of this codebook topic")
    claims.add_argument(
        "--speaker", metavar="S", default=None, help="only claims whose speaker contains S (case-insensitive)"
    )
    claims.add_argument("--article", metavar="A", default=None, help="only claims of this article id")
    claims.add_argument("--unreviewed", action="store_true", help="only claims nobody has reviewed (machine proposals)")
    claims.set_defaults(handler=_cmd_claims)

    export = commands.add_parser(
        "export",
        parents=[data_option],
        help="write the analysis tables as CSV",
        description="Write articles, entities, themes, tone, quotes, numbers, errata, "
        "boilerplate and summaries tables as CSV files into OUTDIR.",
    )
    export.add_argument("outdir", metavar="OUTDIR", type=_output_dir, help="output directory (created if missing)")
    export.set_defaults(handler=_cmd_export)

    figures = commands.add_parser(
        "figures",
        parents=[data_option],
        help="write every figure (PNG, SVG, CSV)",
        description="Write every figure of the report into OUTDIR.",
    )
    figures.add_argument("outdir", metavar="OUTDIR", type=_output_dir, help="output directory (created if missing)")
    figures.add_argument(
        "--html",
        metavar="HTML_DIR",
        type=Path,
        default=None,
        help="the built HTML book: read the figure numbers it shows and copy the files into HTML_DIR/figures/",
    )
    figures.set_defaults(handler=_cmd_figures)

    add = commands.add_parser(
        "add",
        parents=[data_option],
        help="add saved articles (.txt, .md, .html, .pdf) to the corpus",
        description="Copy each file as received into articles/ and append a manifest entry with the metadata the "
        "document gives, each with its evidence; fields nothing establishes are left null and listed "
        "under `review:` (check fails until a person fills them). A file already in the corpus, a "
        "near-duplicate, a taken id, an empty extraction or a file that is not what its extension says "
        "is refused (exit 2) and nothing is written.",
    )
    add.add_argument("paths", metavar="PATH", nargs="+", type=Path, help="saved article files")
    add.add_argument(
        "--dry-run", action="store_true", help="show the entry and the first paragraphs with their parts; write nothing"
    )
    add.add_argument("--id", default=None, help="the article id (default: next number and the file's checksum)")
    for name, what in (
        ("title", "headline as printed"),
        ("outlet", "publisher"),
        ("author", "author as printed"),
        ("date", "YYYY, YYYY-MM or YYYY-MM-DD"),
        ("genre", "kind of text (readout, news report...)"),
        ("url", "where the document was published"),
        ("provenance", "who publishes the outlet and who funds it"),
        ("rights", "reuse rights (full or excerpts)"),
    ):
        add.add_argument(
            f"--{name}", default=None, metavar=name.upper()[0], help=f"{what}; wins over what the document says"
        )
    add.set_defaults(handler=_cmd_add)

    gazetteer = commands.add_parser(
        "gazetteer", help="curation helpers for gazetteer.yml", description="Help curate data/gazetteer.yml."
    )
    gazetteer_commands = gazetteer.add_subparsers(dest="gazetteer_command", metavar="ACTION", required=True)
    suggest = gazetteer_commands.add_parser(
        "suggest",
        parents=[data_option],
        help="write candidate entries for names the gazetteer lacks",
        description="Write candidate gazetteer entries (YAML, in gazetteer.yml's format) for the names the "
        "recogniser found that gazetteer.yml lacks, for a person to review. gazetteer.yml is not edited.",
    )
    suggest.add_argument("--out", metavar="FILE", default=None, help="write to FILE instead of standard output")
    suggest.set_defaults(handler=_cmd_gazetteer_suggest)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line.

    Parameters
    ----------
    argv : list of str, optional
        Arguments without the program name (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        Exit status: 0 on success, 2 on a data problem or an unwritable
        output directory (message on stderr). ``--help`` and usage errors
        exit through argparse (status 0 and 2).
    """
    args = build_parser().parse_args(argv)
    from .load.resources import resolve_data_dir

    data_dir = resolve_data_dir(getattr(args, "data", None))
    try:
        return args.handler(args, data_dir)
    except CorpusError as exc:
        print(terminal_safe(exc), file=sys.stderr)
        return EXIT_DATA_ERROR
    except OSError as exc:
        where = f": {exc.filename}" if getattr(exc, "filename", None) else ""
        print(
            f"kzanalysis {args.command}: {exc.strerror or exc}{where}. "
            "Fix: check that the path exists and that you can write to it.",
            file=sys.stderr,
        )
        return EXIT_DATA_ERROR
