"""Exceptions raised when the corpus or a curated data file is unusable.

Every problem with the data is reported as a :class:`CorpusError` that names
the file, says what is wrong and says how to fix it, so that a reader of the
message never needs a traceback. Validation collects all problems it finds
and raises them together as one :class:`CorpusValidationError`.
"""

from __future__ import annotations

from pathlib import Path


class CorpusError(Exception):
    """A problem with one data file.

    Parameters
    ----------
    path : str or Path
        The file (or directory) the problem is in.
    problem : str
        What is wrong, in one sentence (no trailing full stop needed).
    fix : str
        What the maintainer should do about it.

    ``str(error)`` is ``"{path}: {problem}. Fix: {fix}"``.
    """

    def __init__(self, path: str | Path, problem: str, fix: str) -> None:
        self.path = Path(path) if path is not None else None
        self.problem = str(problem).rstrip(". ")
        self.fix = str(fix).rstrip(". ")
        super().__init__(self.__str__())

    def __str__(self) -> str:
        return f"{self.path}: {self.problem}. Fix: {self.fix}."

    def __reduce__(self):  # keep the error picklable (multiprocessing, pytest-xdist)
        return (type(self), (self.path, self.problem, self.fix))


class CorpusValidationError(CorpusError):
    """Several problems found while validating the corpus, reported together.

    Parameters
    ----------
    problems : list of CorpusError
        Every problem found, in the order found. Must not be empty.
    path : str or Path, optional
        The data directory (or file) that was validated.

    ``str(error)`` starts with a count line and then lists each problem on its
    own line, so printing the error shows everything that needs fixing.
    """

    def __init__(self, problems: list[CorpusError], path: str | Path | None = None) -> None:
        self.problems = list(problems)
        if path is None:
            path = self.problems[0].path if self.problems else Path(".")
        n = len(self.problems)
        super().__init__(
            path,
            f"{n} problem{'s' if n != 1 else ''} found in the corpus",
            "correct each problem listed below and run `kzanalysis check` again",
        )

    def __str__(self) -> str:
        head = super().__str__()
        lines = [head] + [f"  - {p}" for p in self.problems]
        return "\n".join(lines)

    def __reduce__(self):
        return (type(self), (self.problems, self.path))
