"""Words within one or two typing slips of a query, found through an index, never by a scan.

One slip (a letter dropped, added, changed, or two neighbours swapped) is found through
one-deletion variants: a word and a query one slip apart share one. Two slips are looked for
only among words of a similar length that start with the query's letter (people rarely get the
first letter wrong), a few dozen at most.
"""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import process
from rapidfuzz.distance import OSA

__all__ = ["NearWords"]


def _deletions(word: str) -> set[str]:
    return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}


class NearWords:
    """An immutable index of words for typo look-ups."""

    __slots__ = ("_deletes", "_heads")

    def __init__(self, words: Iterable[str]) -> None:
        deletes: dict[str, list[str]] = {}
        heads: dict[tuple[int, str], list[str]] = {}
        for word in dict.fromkeys(words):
            if not word:
                continue
            for variant in _deletions(word):
                deletes.setdefault(variant, []).append(word)
            heads.setdefault((len(word), word[0]), []).append(word)
        self._deletes = {k: tuple(v) for k, v in deletes.items()}
        self._heads = {k: tuple(v) for k, v in heads.items()}

    def missing_one(self, query: str) -> list[str]:
        """Words that are query with one letter put back (jiayugan -> jiayuguan): one look-up."""
        return [w for w in self._deletes.get(query, ()) if len(w) == len(query) + 1]

    def near(self, query: str, limit: int) -> list[tuple[str, int]]:
        """(word, slips) for words within `limit` (1 or 2) slips of query, the query itself too."""
        if not query or limit < 0:
            return []
        found: dict[str, int] = {}
        for variant in _deletions(query):
            for word in self._deletes.get(variant, ()):
                if word not in found:
                    found[word] = OSA.distance(query, word)
        if limit >= 2:
            for length in range(len(query) - limit, len(query) + limit + 1):
                bucket = self._heads.get((length, query[0]))
                if bucket:
                    for word, slips, _ in process.extract(
                        query, bucket, scorer=OSA.distance, score_cutoff=limit, limit=None
                    ):
                        found.setdefault(word, slips)
        return [(word, slips) for word, slips in found.items() if slips <= limit]
