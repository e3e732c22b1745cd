"""The worker pool of kzanalysis.load.parallel: same results as the plain loop, in order, and only when it is safe."""

from __future__ import annotations

import os
import threading

import pandas as pd
import pytest

from kzanalysis.load import parallel
from kzanalysis.load.corpus import load_corpus


def _stop_tqdm_monitor() -> None:
    """Stop a tqdm monitor thread that a library's progress bar may have left running in this test process."""
    from tqdm import tqdm

    monitor = getattr(tqdm, "monitor", None)
    if monitor is not None:
        monitor.exit()
        tqdm.monitor = None


@pytest.fixture
def pool_always(monkeypatch):
    """Two workers and a pool for any number of items."""
    _stop_tqdm_monitor()
    monkeypatch.setenv("KZ_WORKERS", "2")
    monkeypatch.setattr(parallel, "MIN_ITEMS", 1)
    monkeypatch.setattr(parallel, "MIN_ARTICLES", 1)


def test_results_in_the_order_of_the_items(pool_always):
    offset = 1000  # a closure's state reaches the workers without pickling
    items = list(range(50))
    assert parallel.map_texts(lambda x: x * x + offset, items) == [x * x + 1000 for x in range(50)]


def test_pool_runs_in_other_processes(pool_always):
    pids = parallel.map_texts(lambda _: os.getpid(), range(40))
    assert set(pids) - {os.getpid()}, "no item was computed outside this process"


def test_pool_still_used_after_a_progress_bar(pool_always):
    import io

    for _ in parallel.progress_bar(range(3), file=io.StringIO()):
        pass
    assert set(parallel.map_texts(lambda _: os.getpid(), range(40))) - {os.getpid()}


def test_one_worker_means_no_pool(monkeypatch):
    monkeypatch.setenv("KZ_WORKERS", "1")
    monkeypatch.setattr(parallel, "MIN_ITEMS", 1)
    assert set(parallel.map_texts(lambda _: os.getpid(), range(40))) == {os.getpid()}


def test_short_lists_stay_in_this_process(monkeypatch):
    monkeypatch.setenv("KZ_WORKERS", "2")
    monkeypatch.setattr(parallel, "MIN_ITEMS", 100)
    assert set(parallel.map_texts(lambda _: os.getpid(), range(99))) == {os.getpid()}


def test_no_fork_while_another_thread_runs(pool_always):
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        pids = parallel.map_texts(lambda _: os.getpid(), range(40))
    finally:
        stop.set()
        other.join()
    assert set(pids) == {os.getpid()}


def test_worker_error_reaches_the_caller(pool_always):
    def fail_on_seven(x):
        if x == 7:
            raise ValueError("item seven")
        return x

    with pytest.raises(ValueError, match="item seven"):
        parallel.map_texts(fail_on_seven, range(20))


@pytest.mark.parametrize("value, expected", [("3", 3), ("0", 1), ("many", 1)])
def test_worker_count_from_the_environment(monkeypatch, value, expected):
    monkeypatch.setenv("KZ_WORKERS", value)
    assert parallel.worker_count() == expected


class _Recorder:
    log = None
    real = None


def _recording_run_chunk(chunk):
    """Runs in the workers (a module-level function, so the pool can name it): leave a trace of the process."""
    with open(_Recorder.log, "a", encoding="utf-8") as handle:
        handle.write(f"{os.getpid()}\n")
    return _Recorder.real(chunk)


def _analyses(corpus) -> dict[str, pd.DataFrame]:
    from kzanalysis.analysis.claims import claims_table
    from kzanalysis.analysis.entities import unknown_names
    from kzanalysis.analysis.errata import locate_errata
    from kzanalysis.analysis.numbers import extract_numbers
    from kzanalysis.analysis.reading.voices import sentence_voices
    from kzanalysis.analysis.summarize import summarize
    from kzanalysis.analysis.themes import theme_scores
    from kzanalysis.analysis.tone import sentence_tone

    return {
        "voices": sentence_voices(corpus),
        "themes": theme_scores(corpus),
        "tone": sentence_tone(corpus),
        "summaries": summarize(corpus),
        "claims": claims_table(corpus),
        "unknown names": unknown_names(corpus),
        "numbers": extract_numbers(corpus),
        "errata": locate_errata(corpus),
        "articles": corpus.articles,
        "all paragraphs": corpus.all_paragraphs,
    }


def test_analyses_with_the_pool_equal_those_without(monkeypatch, tmp_path):
    """Every analysis that uses the pool gives the same table, row for row, with and without it."""
    from kzanalysis.analysis import tone

    _stop_tqdm_monitor()
    monkeypatch.setenv("KZ_WORKERS", "1")
    tone._SCORED.clear()
    without = _analyses(load_corpus())
    monkeypatch.setenv("KZ_WORKERS", "2")
    monkeypatch.setattr(parallel, "MIN_ITEMS", 1)
    monkeypatch.setattr(parallel, "MIN_ARTICLES", 1)
    tone._SCORED.clear()  # scores kept from the first run would leave the pool nothing to do
    log = tmp_path / "pids"
    monkeypatch.setattr(_Recorder, "log", log)
    monkeypatch.setattr(_Recorder, "real", parallel._run_chunk)
    monkeypatch.setattr(parallel, "_run_chunk", _recording_run_chunk)
    with_pool = _analyses(load_corpus())
    pids = {int(line) for line in log.read_text(encoding="utf-8").split()}
    assert pids - {os.getpid()}, "the pool was not used"
    for name, table in without.items():
        pd.testing.assert_frame_equal(with_pool[name], table, obj=name)


def test_in_background_runs_in_a_child_and_its_file_is_there_after_wait(pool_always, tmp_path):
    out = tmp_path / "pid.txt"
    job = parallel.in_background(lambda: out.write_text(str(os.getpid()), encoding="utf-8"), "writing pid.txt")
    assert job is not None
    job.wait()
    assert int(out.read_text(encoding="utf-8")) != os.getpid()


def test_in_background_failure_is_raised_by_wait_naming_the_work(pool_always, tmp_path):
    def fail():
        raise ValueError("disk full")

    job = parallel.in_background(fail, "writing tone.csv")
    with pytest.raises(OSError, match="writing tone.csv"):
        job.wait()


def test_in_background_declines_with_one_worker(monkeypatch):
    monkeypatch.setenv("KZ_WORKERS", "1")
    assert parallel.in_background(lambda: None, "nothing") is None


@pytest.mark.parametrize("workers", ["1", "2"])
def test_export_writes_the_same_files_with_and_without_background_writers(monkeypatch, tmp_path, workers):
    from kzanalysis.export import export_tables

    _stop_tqdm_monitor()
    monkeypatch.setenv("KZ_WORKERS", workers)
    written = export_tables(load_corpus(), tmp_path / workers, progress=False)
    monkeypatch.setenv("KZ_WORKERS", "1")
    reference = export_tables(load_corpus(), tmp_path / "reference", progress=False)
    assert list(written) == list(reference)
    for name, path in written.items():
        assert path.read_bytes() == reference[name].read_bytes(), name
