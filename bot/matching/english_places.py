"""English place names from the division data's pinyin: `Huining, Baiyin`, `Lanzhou, Gansu`.

For English replies: plain letters, apostrophes and ü only, all in the GSM-7 alphabet, so an
English SMS stays at 160 characters a part.
"""

from __future__ import annotations

from functools import cache

from bot.matching import pinyin
from bot.matching.place_index import PLACE_READINGS
from bot.matching.regions import ENGLISH_NAMES, Region, regions, short_forms

__all__ = ["english_name", "english_place"]

# English names kept over the pinyin: the official spelling that tells 陕西 from 山西, and names
# English speakers know (Tibet, Inner Mongolia, Urumqi). Peking and Canton are old names; the
# pinyin is what the workers' papers say.
_OLD_NAMES = frozenset(["Peking", "Canton", "Nei Mongol", "Macao"])
_VOWELS = "aoe"


@cache
def _preferred() -> dict[str, str]:
    return {
        code: next(n for n in names if n not in _OLD_NAMES)
        for code, names in ENGLISH_NAMES.items()
        if any(n not in _OLD_NAMES for n in names)
    }


def _romanise(sounds: list[str]) -> str:
    """Syllables as one capitalised word, ' before a syllable starting with a vowel (Xi'an)."""
    out = ""
    for sound in sounds:
        if out and sound[:1] in _VOWELS:
            out += "'"
        out += sound.replace("v", "ü")
    return out[:1].upper() + out[1:]


@cache
def english_place(code: str) -> str | None:
    """The one-word English name of a division (Huining, Baiyin, Gansu, Inner Mongolia)."""
    region = regions().get(code)
    if region is None:
        return None
    if code in _preferred():
        return _preferred()[code]
    forms = short_forms(region.name, region.level)
    stem = forms[0] if forms else region.name
    # The stem read inside the full name, so that heteronyms get the place reading (六安 Lu'an).
    sounds = pinyin.syllables(region.name)
    if len(sounds) != len(region.name) or not region.name.startswith(stem):
        sounds = pinyin.syllables(stem)
    sounds = [PLACE_READINGS.get(char, sound) for char, sound in zip(stem, sounds, strict=False)]
    return _romanise(sounds)


def english_name(region: Region) -> str:
    """`County, City` (Huining, Baiyin), `City, Province` (Lanzhou, Gansu), or the province."""
    parent = region.city_code if region.level == "county" else None
    parent = parent or (region.province_code if region.level != "province" else None)
    own = english_place(region.code) or region.code
    outer = english_place(parent) if parent else None
    return f"{own}, {outer}" if outer else own
