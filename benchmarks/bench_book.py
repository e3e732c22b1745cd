"""Benchmark: build the whole book (HTML, figure files, PDF) on a replicated corpus.

For each size N the script

1. writes, in a temporary directory, a corpus of N articles by replicating
   the real one with every copy's text made unique
   (:func:`bench_export.replicate_corpus` with ``vary=True``), except that
   the first copy of each article keeps its original id and text (the
   chapters cite the real articles by id); with
   ``--real-first`` (the default) the smallest size 5 is the real corpus
   itself, copied unchanged, so that "5 articles" means the book as
   published;
2. copies the repository's working tree (``git ls-files`` plus files not yet
   added that are not ignored) into a private folder, so that the build
   never touches the repository's own ``_build`` (with ``--head PATH...``:
   the last commit plus those working-tree paths, so that unfinished edits
   elsewhere in the tree do not enter the measurement);
3. runs ``tools/build_book.py --root <copy> html figures pdf`` there with
   ``KZ_DATA_DIR`` set to the corpus, timed from start to end (a clean
   build: the copy has no ``_build``).

Each build must succeed (the build is strict: any warning fails it). The
report gives the seconds per step as the build tool prints them, the total,
the seconds per article, and the marginal seconds per added article against
the smallest size.

Usage::

    python benchmarks/bench_book.py                    # N = 5 and 200
    python benchmarks/bench_book.py --sizes 200 --keep # keep the copy to look at the figures
    python benchmarks/bench_book.py --jobs 2 --json out.json
    python benchmarks/bench_book.py --head kzanalysis/report/book.py    # last commit + one working-tree file

The target is 200 articles in at most 180 s, at most twice the 5-article
run's cost per article.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
sys.path.insert(0, str(BENCH_DIR))
sys.path.insert(0, str(REPO))

from bench_export import replicate_corpus  # noqa: E402

TARGET_ARTICLES = 200
TARGET_SECONDS = 180.0
#: Lines of the build tool's output that give a step's time, e.g. "html step took 13.2 s".
_STEP_TIME = re.compile(r"^(\w+) step took ([0-9.]+) s$")


def copy_working_tree(repo: Path, target: Path) -> int:
    """Copy the files of ``repo``'s working tree that git tracks or would track into ``target``.

    Tracked files are copied as they are on disk (uncommitted edits
    included); files not yet added but not ignored are copied too, so that
    the copy builds what the working tree holds. Returns the number of files.
    """
    listed = (
        subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=repo,
            capture_output=True,
            check=True,
        )
        .stdout.decode("utf-8")
        .split("\0")
    )
    count = 0
    for name in dict.fromkeys(n for n in listed if n):
        source = repo / name
        if not source.is_file():  # deleted in the working tree
            continue
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target / name)
        count += 1
    return count


def copy_head(repo: Path, target: Path, overlay: list[str]) -> None:
    """Copy the last commit of ``repo`` into ``target``, then the working-tree files or folders in ``overlay``.

    For measuring while others' uncommitted edits are in the working tree: the committed book plus the
    files under study.
    """
    archive = subprocess.run(["git", "archive", "--format=tar", "HEAD"], cwd=repo, capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, check=True)
    for name in overlay:
        source = repo / name
        if source.is_dir():
            shutil.copytree(
                source, target / name, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
            )
        elif source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
        else:  # deleted in the working tree
            (target / name).unlink(missing_ok=True)


def make_corpus(source: Path, target: Path, n_articles: int, real: bool) -> int:
    """Write the corpus for one size; ``real`` copies ``source`` unchanged."""
    if real:
        shutil.copytree(source, target)
        import yaml

        manifest = yaml.safe_load((target / "manifest.yml").read_text(encoding="utf-8"))
        return len(manifest["articles"])
    written = replicate_corpus(source, target, n_articles, vary=True)
    _keep_original_ids(source, target)
    return written


def _keep_original_ids(source: Path, target: Path) -> None:
    """Give the first copy of each article back its original id, file name and text.

    The chapters' prose cites the real articles by id (their year, their bibliography entry), and the
    claims register's hand codes are keyed on them: a corpus grown from the real one still holds them.
    The other copies keep their new ids and varied text.
    """
    import yaml

    originals = yaml.safe_load((source / "manifest.yml").read_text(encoding="utf-8"))["articles"]
    first_copy = {f"{entry['id']}_r{0:05d}": entry for entry in originals}
    manifest_path = target / "manifest.yml"
    entries = yaml.safe_load(manifest_path.read_text(encoding="utf-8"))["articles"]
    for k, entry in enumerate(entries):
        original = first_copy.get(entry["id"])
        if original is None:
            continue
        (target / "articles" / entry["file"]).unlink()
        shutil.copy2(source / "articles" / original["file"], target / "articles" / original["file"])
        entries[k] = dict(original)
    manifest_path.write_text(
        yaml.safe_dump({"articles": entries}, sort_keys=False, allow_unicode=True), encoding="utf-8"
    )
    errata_path = target / "errata.yml"
    if errata_path.is_file():
        errata = yaml.safe_load(errata_path.read_text(encoding="utf-8")) or {}
        for entry in errata.get("errata") or []:
            if entry.get("article_id") in first_copy:
                original_id = first_copy[entry["article_id"]]["id"]
                original_errata = yaml.safe_load((source / "errata.yml").read_text(encoding="utf-8"))["errata"]
                match = next(
                    (
                        e
                        for e in original_errata
                        if e.get("article_id") == original_id and e.get("original") == entry.get("original")
                    ),
                    None,
                )
                entry.update(match or {"article_id": original_id})
        errata_path.write_text(yaml.safe_dump(errata, sort_keys=False, allow_unicode=True), encoding="utf-8")


def build_once(
    n_articles: int, source: Path, work: Path, jobs: int, real: bool, overlay: list[str] | None = None
) -> dict:
    """Make a corpus and a private copy of the repository in ``work``, build the book, time it.

    The copy is the working tree, or with ``overlay`` (a list, possibly empty) the last commit plus those paths.
    """
    data_dir, book = work / "data", work / "book"
    written = make_corpus(source, data_dir, n_articles, real)
    book.mkdir(parents=True)
    if overlay is None:
        copy_working_tree(REPO, book)
    else:
        copy_head(REPO, book, overlay)
    env = dict(os.environ, KZ_DATA_DIR=str(data_dir), PYTHONPATH=str(book))
    command = [
        sys.executable,
        str(book / "tools" / "build_book.py"),
        "--root",
        str(book),
        "--jobs",
        str(jobs),
        "html",
        "figures",
        "pdf",
    ]
    started = time.perf_counter()
    done = subprocess.run(command, cwd=book, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    (work / "build.log").write_text(done.stdout + "\n--- stderr ---\n" + done.stderr, encoding="utf-8")
    steps = {
        m.group(1): float(m.group(2)) for line in done.stdout.splitlines() if (m := _STEP_TIME.match(line.strip()))
    }
    figures = sorted((book / "_build" / "figures").glob("*.png"))
    return {
        "n_articles": written,
        "real_corpus": real,
        "seconds": seconds,
        "steps": steps,
        "returncode": done.returncode,
        "n_figures": len(figures),
        "log": str(work / "build.log"),
        "book": str(book),
        "output": done.stdout[-4000:] + done.stderr[-4000:] if done.returncode else "",
    }


def report(results: list[dict]) -> str:
    """A table of the measurements, with the marginal cost against the smallest size."""
    step_names = list(dict.fromkeys(name for r in results for name in r["steps"]))
    head = f"{'N':>5} {'total s':>8} " + " ".join(f"{n + ' s':>12}" for n in step_names)
    lines = [head + f" {'s/article':>10} {'marginal s/article':>19} {'ok':>4}"]
    base = min(results, key=lambda r: r["n_articles"]) if results else None
    for r in results:
        marginal = ""
        if base is not None and r["n_articles"] > base["n_articles"]:
            marginal = f"{(r['seconds'] - base['seconds']) / (r['n_articles'] - base['n_articles']):.2f}"
        steps = " ".join(f"{r['steps'].get(n, float('nan')):>12.1f}" for n in step_names)
        lines.append(
            f"{r['n_articles']:>5} {r['seconds']:>8.1f} {steps} {r['seconds'] / r['n_articles']:>10.2f} "
            f"{marginal:>19} {'yes' if r['returncode'] == 0 else 'NO':>4}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; 0 if every build succeeded and the target is met, 1 if missed, 2 if a build failed."""
    parser = argparse.ArgumentParser(description="Time a clean whole-book build on replicated corpora.")
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="+",
        default=[5, TARGET_ARTICLES],
        metavar="N",
        help=f"corpus sizes in articles (default: 5 {TARGET_ARTICLES})",
    )
    parser.add_argument(
        "--data",
        type=Path,
        default=None,
        help="source data directory (default: $KZ_DATA_DIR or the repository's data/)",
    )
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="chapters run at a time")
    parser.add_argument(
        "--replicate-all", action="store_true", help="replicate every size, also the one equal to the real corpus"
    )
    parser.add_argument(
        "--head",
        nargs="*",
        default=None,
        metavar="PATH",
        help="build the last commit plus these working-tree paths instead of the whole working tree",
    )
    parser.add_argument("--keep", action="store_true", help="keep each build's folder and print where it is")
    parser.add_argument("--json", type=Path, default=None, help="also write the measurements to this JSON file")
    args = parser.parse_args(argv)

    import yaml

    from kzanalysis.load.resources import resolve_data_dir

    source = resolve_data_dir(args.data)
    n_real = len(yaml.safe_load((source / "manifest.yml").read_text(encoding="utf-8"))["articles"])
    results = []
    for size in args.sizes:
        work = Path(tempfile.mkdtemp(prefix=f"kz-bench-book-{size}-"))
        print(f"building the book with N={size} in {work} ...", file=sys.stderr, flush=True)
        try:
            result = build_once(
                size, source, work, args.jobs, real=size == n_real and not args.replicate_all, overlay=args.head
            )
        finally:
            if not args.keep:
                shutil.rmtree(work, ignore_errors=True)
        results.append(result)
        if result["returncode"] != 0:
            print(result["output"], file=sys.stderr)
    print(report(results))
    if args.keep:
        for r in results:
            print(f"N={r['n_articles']}: book copy {r['book']}, log {r['log']}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    if any(r["returncode"] != 0 for r in results):
        return 2
    big = [r for r in results if r["n_articles"] >= TARGET_ARTICLES]
    small = min(results, key=lambda r: r["n_articles"])
    if big and small is not big[-1]:
        r = big[-1]
        ratio = (r["seconds"] / r["n_articles"]) / (small["seconds"] / small["n_articles"])
        met = r["seconds"] <= TARGET_SECONDS and ratio <= 2.0
        print(
            f"\n{r['n_articles']} articles: {r['seconds']:.1f} s (target {TARGET_SECONDS:.0f} s), "
            f"cost per article {ratio:.2f}x the {small['n_articles']}-article run -> "
            f"{'meets' if met else 'MISSES'} the target"
        )
        return 0 if met else 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
