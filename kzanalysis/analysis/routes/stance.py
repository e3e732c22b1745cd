"""The stance of a route reference, read in its clause (the part of the sentence between semicolons).

The shared ``stance_cues`` of ``data/routes.yml`` (positive and negative lists with the theme-term syntax) are
matched together in one pass, longest cue first, so a word is never counted twice ("unwillingness to support"
is one negative hit, not also a positive "support*"). More positive than negative hits is ``supportive``,
fewer ``sceptical``; on a tie the clause's VADER compound decides (>= 0.05 supportive, <= -0.05 sceptical),
else ``neutral/descriptive``.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..themes import term_regex

__all__ = ["SUPPORTIVE", "SCEPTICAL", "NEUTRAL", "VADER_THRESHOLD", "CueCounter", "classify_stance"]

SUPPORTIVE, SCEPTICAL, NEUTRAL = "supportive", "sceptical", "neutral/descriptive"
#: Mean VADER compound beyond which a cue tie becomes supportive/sceptical.
VADER_THRESHOLD = 0.05


class CueCounter:
    """Counts positive and negative stance cues in one pass, longest cue first.

    Parameters
    ----------
    positive, negative : list of str
        Cue terms (theme-term syntax).  A term listed in both counts as positive.
    """

    def __init__(self, positive: Iterable[str] | None, negative: Iterable[str] | None) -> None:
        self.exact: dict[str, int] = {}
        self.prefixes: list[tuple[str, int]] = []
        for terms, sign in ((negative or [], -1), (positive or [], 1)):
            for term in terms:
                term = " ".join(str(term).lower().split())
                if term.endswith("*"):
                    self.prefixes.append((term.rstrip("*"), sign))
                else:
                    self.exact[term] = sign
        self.prefixes.sort(key=lambda item: -len(item[0]))
        self.regex = term_regex(list(positive or []) + list(negative or []))

    def _sign(self, matched: str) -> int:
        matched = " ".join(matched.split())
        if matched in self.exact:
            return self.exact[matched]
        for stem, sign in self.prefixes:
            if matched.startswith(stem):
                return sign
        return 0

    def count(self, text: str) -> tuple[int, int]:
        """(positive hits, negative hits) in ``text``."""
        positive = negative = 0
        for match in self.regex.finditer(text.lower()):
            sign = self._sign(match.group(0))
            positive += sign > 0
            negative += sign < 0
        return positive, negative


def classify_stance(net_cues: int, mean_compound: float) -> str:
    """Stance from net cue hits, with the VADER compound as tie-breaker."""
    if net_cues > 0:
        return SUPPORTIVE
    if net_cues < 0:
        return SCEPTICAL
    if mean_compound >= VADER_THRESHOLD:
        return SUPPORTIVE
    if mean_compound <= -VADER_THRESHOLD:
        return SCEPTICAL
    return NEUTRAL
