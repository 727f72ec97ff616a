"""The blind conversation corpus, end to end through the dialog: expectations met, by kind."""

from __future__ import annotations

import pytest
from corpus import CONVERSATIONS
from corpus_format import KINDS
from corpus_runner import CorpusRunner, report

# The acceptance target is 95% (issue 8), reached; the floor only ratchets up, so a change that
# makes workers' conversations worse fails here.
FLOOR = 0.95


def test_the_corpus_is_large_and_covers_every_kind():
    assert len(CONVERSATIONS) >= 300
    kinds = {c.kind for c in CONVERSATIONS}
    assert kinds == set(KINDS)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_conversations(demo_sessions):
    runner = CorpusRunner(demo_sessions)
    outcomes = [await runner.run(conversation) for conversation in CONVERSATIONS]
    share, table = report(outcomes)
    print("\n" + table)
    assert share >= FLOOR
