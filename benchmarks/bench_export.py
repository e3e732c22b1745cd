"""Benchmark: load and export an N-article corpus built by replicating the real one.

For each size N the script builds, in a temporary directory, a corpus of N
articles by copying the real article files round-robin under new ids
(``<id>_r<copy>``), writes a manifest with each copy's correct sha256,
copies the curated data files (errata replicated for every copy), and then
times ``load_corpus`` and ``export_tables`` (per table too). Each size runs
in a fresh Python process so that its peak memory is its own: the larger of
that process's peak resident set (``ru_maxrss``) and the peak proportional
set size of it and its worker processes together, sampled from /proc every
50 ms (PSS divides shared pages among the processes sharing them, so the
forked workers are not counted twice).

Usage::

    python benchmarks/bench_export.py                  # N = 5, 500, 5000
    python benchmarks/bench_export.py --sizes 50 1000  # other sizes
    python benchmarks/bench_export.py --sizes 5000 --profile   # + cProfile of the export
    python benchmarks/bench_export.py --vary           # every copy's text made unique

Output: one row per size with words, seconds for load / export / total,
articles per second, peak memory in MiB and the worker processes the
reading layer used (:mod:`kzanalysis.load.parallel`; ``KZ_WORKERS=1`` measures a
single process), then the seconds spent
on each exported table, then the verdict on each target: 500 articles in at
most 12 s, 5,000 in at most 120 s, peak memory at most 2 GB (exit status 1
when one is missed).
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import io
import json
import os
import pstats
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

# Measure the package of this working tree, whatever copy is installed.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TARGET_ARTICLES = 5000
TARGET_SECONDS = 120.0
#: Every target of the export: articles -> most seconds (load + export); and the most peak memory of any size.
TARGETS = {500: 12.0, TARGET_ARTICLES: TARGET_SECONDS}
TARGET_PEAK_MIB = 2048.0
#: Manifest fields of free prose; the copies after the first round carry a short note instead.
_LONG_FIELDS = ("date_evidence", "provenance")


def _vary(data: bytes, copy_no: int) -> bytes:
    """Make a copy's text unique: append " (copy N)" to every line longer than
    100 characters (body paragraphs; the short boilerplate lines, which some
    patterns anchor with $, are left as they are)."""
    lines = data.decode("utf-8").split("\n")
    lines = [f"{line} (copy {copy_no})" if len(line) > 100 else line for line in lines]
    return "\n".join(lines).encode("utf-8")


def replicate_corpus(source: Path, target: Path, n_articles: int, vary: bool = False) -> int:
    """Write an ``n_articles`` corpus into ``target`` by replicating ``source``.

    The first copy of each article keeps its manifest entry as it is; later
    copies keep every field except the free-text notes of ``_LONG_FIELDS``,
    which become "as <original id>", and so does the ``evidence`` of their
    errata (at about 1 kB an entry, 5,000 full manifest entries, or the
    errata of 5,000 copies, would exceed the 5,000,000-byte limit for a YAML
    file).

    Parameters
    ----------
    source : Path
        A valid data directory (manifest.yml, articles/, curated files).
    target : Path
        Empty or missing directory to create the replicated data directory in.
    n_articles : int
        Number of articles wanted; copies cycle through the source articles.
    vary : bool
        If true, make every copy's paragraphs unique (see :func:`_vary`), so
        that no cache keyed on identical text can make the copies cheaper
        than new articles would be.

    Returns
    -------
    int
        Number of article files written.
    """
    target.mkdir(parents=True, exist_ok=True)
    for item in source.iterdir():
        if item.name in ("manifest.yml", "articles", "errata.yml"):
            continue
        if item.is_dir():
            shutil.copytree(item, target / item.name)
        else:
            shutil.copy2(item, target / item.name)
    entries = yaml.safe_load((source / "manifest.yml").read_text(encoding="utf-8"))["articles"]
    (target / "articles").mkdir()
    copies_of: dict[str, list[str]] = {}
    manifest = []
    for k in range(n_articles):
        base = entries[k % len(entries)]
        new_id = f"{base['id']}_r{k // len(entries):05d}"
        data = (source / "articles" / base["file"]).read_bytes()
        if vary:
            data = _vary(data, k)
        (target / "articles" / f"{new_id}.txt").write_bytes(data)
        entry = dict(base, id=new_id, file=f"{new_id}.txt", sha256=hashlib.sha256(data).hexdigest())
        if k >= len(entries):
            # later copies: short free-text notes, so that 5,000 entries stay under the YAML size limit
            entry.update({key: f"as {base['id']}" for key in _LONG_FIELDS if entry.get(key)})
        manifest.append(entry)
        copies_of.setdefault(base["id"], []).append(new_id)
    (target / "manifest.yml").write_text(
        yaml.safe_dump({"articles": manifest}, sort_keys=False, allow_unicode=True), encoding="utf-8"
    )
    errata_path = source / "errata.yml"
    if errata_path.is_file():
        errata = yaml.safe_load(errata_path.read_text(encoding="utf-8")) or {}
        replicated = [
            dict(entry, article_id=copy_id, **({"evidence": f"as {entry.get('article_id')}"} if copy_no else {}))
            for entry in errata.get("errata") or []
            for copy_no, copy_id in enumerate(copies_of.get(entry.get("article_id"), []))
        ]
        (target / "errata.yml").write_text(
            yaml.safe_dump({"errata": replicated}, sort_keys=False, allow_unicode=True), encoding="utf-8"
        )
    return len(manifest)


def run_one(n_articles: int, source: Path, profile: bool = False, vary: bool = False) -> dict:
    """Build, load and export one replicated corpus; return the measurements."""
    from kzanalysis import export
    from kzanalysis.load.corpus import load_corpus
    from kzanalysis.load.parallel import worker_count

    with tempfile.TemporaryDirectory(prefix="kz-bench-") as tmp:
        data_dir = Path(tmp) / "data"
        started = time.perf_counter()
        replicate_corpus(source, data_dir, n_articles, vary=vary)
        build_seconds = time.perf_counter() - started

        started = time.perf_counter()
        corpus = load_corpus(data_dir)
        load_seconds = time.perf_counter() - started

        table_seconds: dict[str, float] = {}
        originals = dict(export.TABLES)

        def timed(name, builder):
            def run(corpus_):
                began = time.perf_counter()
                result = builder(corpus_)
                table_seconds[name] = time.perf_counter() - began
                return result

            return run

        export.TABLES.update({name: timed(name, builder) for name, builder in originals.items()})
        profiler = cProfile.Profile() if profile else None
        try:
            started = time.perf_counter()
            if profiler:
                profiler.enable()
            export.export_tables(corpus, Path(tmp) / "out", progress=False)
            if profiler:
                profiler.disable()
            export_seconds = time.perf_counter() - started
        finally:
            export.TABLES.clear()
            export.TABLES.update(originals)

    result = {
        "n_articles": len(corpus.articles),
        "n_words": int(corpus.articles["n_words"].sum()),
        "n_boilerplate_lines": len(corpus.boilerplate),
        "build_seconds": build_seconds,
        "load_seconds": load_seconds,
        "export_seconds": export_seconds,
        "table_seconds": table_seconds,
        "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,  # Linux: KiB
        "workers": worker_count(),
    }
    if profiler:
        buffer = io.StringIO()
        pstats.Stats(profiler, stream=buffer).sort_stats("cumulative").print_stats(30)
        result["profile"] = buffer.getvalue()
    return result


def _tree_pss_kib(pid: int) -> int:
    """Proportional set size (KiB) of a process and all its descendants, from /proc (0 where unreadable).

    PSS shares each page among the processes that map it, so forked workers, which share most of their
    memory with the process they were forked from, are not counted twice."""
    total = 0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            with open(f"/proc/{current}/smaps_rollup", encoding="ascii") as handle:
                for line in handle:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1])
                        break
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children", encoding="ascii") as handle:
                    pending.extend(int(child) for child in handle.read().split())
        except (OSError, ValueError):
            continue
    return total


def _run_measured(command: list[str]) -> tuple[int, str, str, float]:
    """Run ``command``; return its exit status, output, errors and the peak PSS (MiB) of its process tree,
    sampled every 50 ms (0 where /proc cannot be read)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        process = subprocess.Popen(command, stdout=out, stderr=err, text=True)
        peak = 0
        while process.poll() is None:
            peak = max(peak, _tree_pss_kib(process.pid))
            time.sleep(0.05)
        out.seek(0)
        err.seek(0)
        return process.returncode, out.read(), err.read(), peak / 1024


def _peak(result: dict) -> float:
    """The peak memory of one size: the larger of the process's own peak RSS and its process tree's peak PSS
    (the tree includes the worker processes of :mod:`kzanalysis.load.parallel`)."""
    return max(result["peak_mib"], result.get("peak_pss_mib", 0.0))


def _report(results: list[dict]) -> str:
    lines = [
        f"{'N':>6} {'words':>10} {'load s':>8} {'export s':>9} {'total s':>8} "
        f"{'articles/s':>11} {'ms/article':>11} {'peak MiB':>9} {'workers':>8}"
    ]
    for r in results:
        total = r["load_seconds"] + r["export_seconds"]
        lines.append(
            f"{r['n_articles']:>6} {r['n_words']:>10,} {r['load_seconds']:>8.2f} {r['export_seconds']:>9.2f} "
            f"{total:>8.2f} {r['n_articles'] / total:>11.1f} {1000 * total / r['n_articles']:>11.2f} "
            f"{_peak(r):>9.0f} {r.get('workers', 1):>8}"
        )
    names = list(results[0]["table_seconds"]) if results else []
    lines.append("")
    lines.append("seconds per exported table:")
    lines.append(f"{'N':>6} " + " ".join(f"{name:>11}" for name in names))
    for r in results:
        lines.append(
            f"{r['n_articles']:>6} " + " ".join(f"{r['table_seconds'].get(n, float('nan')):>11.2f}" for n in names)
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; return 0, or 1 if a target (:data:`TARGETS`, :data:`TARGET_PEAK_MIB`) is missed."""
    parser = argparse.ArgumentParser(description="Time load_corpus + export_tables on replicated corpora.")
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="+",
        default=[5, 500, 5000],
        metavar="N",
        help="corpus sizes in articles (default: 5 500 5000)",
    )
    parser.add_argument(
        "--data",
        type=Path,
        default=None,
        help="source data directory (default: $KZ_DATA_DIR or the repository's data/)",
    )
    parser.add_argument("--profile", action="store_true", help="print a cProfile of the export of the largest size")
    parser.add_argument(
        "--vary",
        action="store_true",
        help="make each copy's paragraphs unique (defeats caches keyed on identical text)",
    )
    parser.add_argument("--json", type=Path, default=None, help="also write the measurements to this JSON file")
    parser.add_argument("--one", type=int, default=None, help=argparse.SUPPRESS)  # internal: one size, JSON out
    args = parser.parse_args(argv)

    from kzanalysis.load.resources import resolve_data_dir

    source = resolve_data_dir(args.data)
    if args.one is not None:
        print(json.dumps(run_one(args.one, source, profile=args.profile, vary=args.vary)))
        return 0

    results = []
    for size in args.sizes:
        command = [sys.executable, str(Path(__file__).resolve()), "--one", str(size), "--data", str(source)]
        if args.profile and size == max(args.sizes):
            command.append("--profile")
        if args.vary:
            command.append("--vary")
        print(f"running N={size} ...", file=sys.stderr, flush=True)
        returncode, stdout, stderr, peak_pss = _run_measured(command)
        if returncode != 0:
            print(stderr, file=sys.stderr)
            return 2
        result = json.loads(stdout.strip().splitlines()[-1])
        result["peak_pss_mib"] = peak_pss
        results.append(result)
    print(_report(results))
    for r in results:
        if "profile" in r:
            print(f"\ncProfile of export_tables, N={r['n_articles']} (top 30 by cumulative time):")
            print(r["profile"])
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    missed = False
    for r in results:
        total = r["load_seconds"] + r["export_seconds"]
        if r["n_articles"] in TARGETS:
            limit = TARGETS[r["n_articles"]]
            verdict = "meets" if total <= limit else "MISSES"
            missed |= total > limit
            print(f"\n{r['n_articles']:,} articles: {total:.1f} s -> {verdict} the {limit:.0f} s target", end="")
        if _peak(r) > TARGET_PEAK_MIB:
            missed = True
            print(
                f"\n{r['n_articles']:,} articles: peak {_peak(r):.0f} MiB -> MISSES the "
                f"{TARGET_PEAK_MIB:.0f} MiB target",
                end="",
            )
    print()
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
