"""Write bot/matching/sound_alike_words.txt: everyday words that sound like one of our places,
trades or scope words and share a character with it (户口 and 湖口县, 苹果 and 平果市).

The homophone reader (bot/matching/homophones.py) takes 兰洲 for 兰州 because 兰洲 is no word;
户口 is one, and must stay 户口. The list is drawn from a word-frequency dictionary in jieba's
format (one "word count tag" a line; jieba ships one as jieba/dict.txt), keeping words seen at
least --min-count times: rarer entries are mostly the very slips the reader is for. A developer
runs this after changing the place, trade or scope tables (pip install jieba; jieba is not a
dependency of the bot):

    python scripts/sound_alike_words.py [--dictionary PATH] [--min-count 10]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.matching.place_index import place_index, sound_index  # noqa: E402
from bot.matching.scope import sound_table as scope_sounds  # noqa: E402
from bot.matching.trade_index import sound_table, trade_index  # noqa: E402

OUT = ROOT / "bot" / "matching" / "sound_alike_words.txt"
HEADER = """\
# Everyday words that sound like a place, trade or scope word of ours and share a character with
# it: typed, they mean themselves (户口 is no 湖口县). Written by scripts/sound_alike_words.py from
# a word-frequency dictionary (words seen at least {count} times); regenerate, do not edit by hand.
"""


def _default_dictionary() -> Path:
    import jieba  # a developer's tool only

    return Path(jieba.__file__).with_name("dict.txt")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dictionary", type=Path, help="word count tag per line (jieba's dict)")
    parser.add_argument("--min-count", type=int, default=10, help="rarer words are left out")
    args = parser.parse_args()
    places, trades, scopes = sound_index(), sound_table(), scope_sounds()
    own = set(place_index().han) | set(trade_index().exact)
    words = set()
    for line in (args.dictionary or _default_dictionary()).read_text("utf-8").splitlines():
        word, count = line.split()[:2]
        if int(count) < args.min_count or word in own:
            continue
        if (
            places.sounds_like(word)
            or trades.sounds_like(word)
            or trades.near_like(word)
            or scopes.sounds_like(word)
        ):
            words.add(word)
    body = sorted(words)
    lines = [" ".join(body[i : i + 20]) for i in range(0, len(body), 20)]
    OUT.write_text(HEADER.format(count=args.min_count) + "\n".join(lines) + "\n", "utf-8")
    print(f"{len(body)} words -> {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
