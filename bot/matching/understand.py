"""One-shot reading of a seeker's message: intent, number, name, home region, skills and scope,
and how it is said: script, greeting or question (and its topic), destination, correction."""

from __future__ import annotations

from bot.matching import corrections, pinyin, questions
from bot.matching.countries import Country, resolve_country
from bot.matching.intents import normalise, read_keyword, read_label
from bot.matching.names import explicit_name, leftover_name, pinyin_name, romanised_name
from bot.matching.namesakes import head_name, sounded_name, without_sound_alikes
from bot.matching.place_index import PINYIN
from bot.matching.places import MAX_CHOICES, PlaceCandidate, exact_place, resolve_place
from bot.matching.reading import EMPTY, Reading
from bot.matching.regions import Region
from bot.matching.scope import find_scopes, widest
from bot.matching.script import script_of
from bot.matching.spans import (
    Span,
    best,
    distinct_skills,
    mask,
    narrow,
    place_spans,
    resolve,
    trades_beside,
)

__all__ = ["Reading", "understand"]

# Long enough for a two-segment SMS and a chatty Telegram message; the rest is not read.
MAX_TEXT = 400
# Far beyond any message a worker types (ten SMS segments): a paste this long is no answer.
MAX_MESSAGE = 1600
# Intents whose argument is a command's own parameter, never profile facts.
_NO_FACTS = frozenset(
    ["pick", "skip", "stop", "start", "help", "language", "more", "previous", "report"]
)
_DESTINATION = (
    "想去",
    "要去",
    "去",
    "到",
    "前往",
    "往",
    # Where they would stay: 想在兰州, 就在兰州 (for a worker from Lanzhou: near home), only Gansu.
    "想在",
    "就在",
    "只在",
    "留在",
    "want to go to",
    "go to",
    "only in ",
    "only ",
    "xiangqu ",
    "qu ",
)
_NOT_GOING = ("不去", "不想去", "不愿去", "不到", "别去", "不要去")
_CANNOT = ("不会", "不会干", "不会做", "不干", "不做", "不想干", "不想做", "不再干", "不是")
# 我就在兰州 says where the worker is, not where they want to go.
_HERE = ("我就在", "俺就在", "人就在")
# Trades that say what a worker intends, not what they can do (出国劳务 is going abroad).
INTENT_TRADES = frozenset(["overseas.general"])
_TRIM = " \t\r\n,.;:!~，。；：！、"


def _lower(text: str) -> str:
    # Per-character lowering keeps indices aligned (some capitals lower to two characters).
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def _is_destination(text: str, span: Span) -> bool:
    low = _lower(text[: span.start])
    return any(low.endswith(word) for word in _DESTINATION) and not low.endswith(_HERE)


def _ruled_out(text: str, span: Span, words: tuple[str, ...] = ()) -> bool:
    """不去新疆了 (想去深圳): a place the worker will not go to is neither home nor destination;
    我不会电焊 (我是电工): a trade they cannot do is none of theirs."""
    return _lower(text[: span.start]).rstrip().endswith(words or _NOT_GOING)


def _scope_from_destination(home: Region | None, target: Region | None) -> str | None:
    """ "会宁人，想去兰州": a destination in China says how far they will go, relative to home."""
    if home is None or target is None:
        return None
    if target.province_code != home.province_code:
        return "country"
    return "local" if target.city_code == home.city_code and target.city_code else "province"


def _name_like(text: str, span: Span, head: int) -> bool:
    """A place read from a spaced pinyin run heading the message that is also a name (wang lin)."""
    typed = text[span.start : span.end]
    spaced = " " in typed.strip()
    return span.start == head and spaced and typed.isascii() and pinyin_name(typed) is not None


def _home_places(text: str, spans: list[Span], head: int, in_pinyin: bool) -> list[Span]:
    """Place spans that may be home; in a pinyin message a name-like run heading it is the name
    when it is a sound-alike only (wang lin, not 万宁) or another place follows (liu deming huining)."""
    if not in_pinyin or not spans or not _name_like(text, spans[0], head):
        return spans
    sound_only = spans[0].value[0].score < PINYIN
    return spans[1:] if sound_only or len(spans) > 1 else spans


def _with_sound_alikes(text: str, span: Span, argument: str) -> list[PlaceCandidate]:
    """A bare pinyin place answer (jinning) also offers the places it sounds like (静宁 beside
    晋宁), after the exact reading, for a reply to offer."""
    typed = text[span.start : span.end]
    if not typed.isascii() or typed.strip() != argument.strip():
        return []
    return resolve_place(typed)[:MAX_CHOICES]


def _destination(text: str, away: list[Span], scopes: list[Span]) -> Region | Country | None:
    """The first place the seeker wants to go to: a place after 想去/去/到, or a country."""
    found: list[tuple[int, Region | Country]] = []
    if away and (target := best(away[0].value)) is not None:
        found.append((away[0].start, target))
    for span in scopes:
        if span.value == "overseas" and (country := resolve_country(text[span.start : span.end])):
            found.append((span.start, country))
    return min(found, key=lambda item: item[0])[1] if found else None


def _leftover(
    text: str, spans: list[Span], home: list[Span], away: list[Span], keep: Span | None = None
) -> str:
    """The text with every mention read masked, but places that are neither home nor destination
    (and `keep`), which may still be a name."""
    for span in spans:
        if span is not keep and (span.kind != "place" or span in home or span in away):
            text = mask(text, span.start, span.end)
    return text


def _field(label: str | None, said: str | None, correcting: bool, reading: dict) -> str | None:
    """The field a message fills out of turn: its label, 我叫/我是…人, or what a correction gives."""
    if label:
        return label
    if said == "name" and reading["name"] or said == "region" and reading["candidates"]:
        return said
    if not correcting:
        return None
    for field, key in (("name", "name"), ("region", "candidates"), ("skills", "skills")):
        if reading[key]:
            return field
    return "scope" if reading["scope"] else None


def understand(text: str) -> Reading:
    """Read one message: a leading keyword and whatever profile facts it carries."""
    if not text or not text.strip() or len(text) > MAX_MESSAGE:
        return EMPTY
    body = normalise(text[: MAX_TEXT * 2])[:MAX_TEXT]
    low = _lower(body)
    script = script_of(body)
    keyword = read_keyword(body)
    speech, topic = _speech(low)
    if keyword and _asked_about(body, keyword.end, topic):
        keyword = None
    intent = keyword.intent if keyword else None
    number = keyword.number if keyword else None
    if intent in _NO_FACTS:
        argument = keyword.argument if keyword else ""
        return Reading(intent, number, None, None, (), (), None, argument, script=script)
    start = keyword.end if keyword else questions.greeting_span(low)
    label = corrections.field_correction(low[start:])  # 名字写错了 是马福相
    correcting = label is not None
    if label:
        start += label[1]
    else:
        skipped = corrections.correction_end(low[start:])
        correcting = skipped > 0
        start += skipped
        label = read_label(body[start:])
        if label:
            start += label[1]
    change = corrections.change_at(low[start:])
    if change and (label or change[0] == 0 or correcting or not keyword):
        # 技能改成木工, 瓦工改成木工: the new answer follows the change word.
        start += change[1]
        correcting = True
    rest = body[start:]
    argument = keyword.argument if keyword and not label else rest.strip(_TRIM)
    said = corrections.self_field(low[start:]) if not keyword else None
    return _facts(body, rest, intent, number, argument, label[0] if label else None, said, script,
                  speech, topic, correcting)  # fmt: skip


def _asked_about(body: str, end: int, topic: str | None) -> bool:
    """A keyword run into a question about something (报名费多少: the fee): the question, not the
    keyword."""
    return topic not in (None, "other", "apply") and end < len(body) and pinyin.is_han(body[end])


def _speech(low: str) -> tuple[str | None, str | None]:
    """("greeting" | "question" | None, the question's topic: "other" when none is known)."""
    if questions.is_greeting(low):
        return "greeting", None
    asking, topic = questions.read_question(low)
    return ("question", topic or "other") if asking else (None, None)


def _facts(
    body: str,
    rest: str,
    intent: str | None,
    number: int | None,
    argument: str,
    label: str | None,
    said: str | None,
    script: str | None,
    speech: str | None,
    topic: str | None,
    correcting: bool,
) -> Reading:
    """Name, places, trades and scope in `rest`, and the reading they make."""
    in_pinyin = script == "pinyin"
    found = explicit_name(rest) or (
        romanised_name(rest, after_keyword=intent is not None) if speech is None else None
    )
    name = found[0] if found else None
    masked = mask(rest, found[1], found[2]) if found else rest

    spans = place_spans(masked)
    spans += trades_beside(masked, spans)
    spans += [Span(s, e, "scope", v) for s, e, v in find_scopes(masked)]
    spans, dropped = resolve(spans)

    head = len(masked) - len(masked.lstrip(_TRIM))
    places = [s for s in spans if s.kind == "place" and not _ruled_out(masked, s)]
    home = _home_places(masked, [s for s in places if not _is_destination(masked, s)], head,
                        in_pinyin and name is None)  # fmt: skip
    home = without_sound_alikes(masked, home)
    # A destination can hide inside a trade phrase ("想去新疆摘棉花").
    away = [s for s in places + dropped if s.kind == "place" and _is_destination(masked, s)]
    away = [s for s in away if not _ruled_out(masked, s)]
    trade_spans = [s for s in spans if s.kind == "trade" and not _ruled_out(masked, s, _CANNOT)]
    scope_spans = [s for s in spans if s.kind == "scope"]
    scope = widest([s.value for s in scope_spans])

    registering = intent == "register" and name is None and speech is None
    if registering and (heading := head_name(masked, home, head)):
        name, named = heading  # 注册 马龙 会宁: 马龙 is the worker
        home.remove(named)
    leftover = _leftover(masked, spans, home, away)
    if name is None and speech is None:
        latin = intent == "register" or label == "name"
        name = leftover_name(leftover, rest, latin=latin, in_pinyin=in_pinyin)
        alike = sounded_name(masked, home) if name is None else None
        if alike and leftover_name(_leftover(masked, spans, home, away, alike), rest, latin=latin):
            # 杨春 alone is a name before it is 阳春 by sound.
            name = masked[alike.start : alike.end]
            home.remove(alike)
    candidates = narrow([s.value for s in home]) if home else []
    if not candidates and not trade_spans and name is None and scope is None and speech is None:
        # A bare place answer that free-text spotting leaves alone ("高台", "合作").
        candidates = [PlaceCandidate(r, 100.0) for r in exact_place(argument)]
    if len(home) == 1 and not trade_spans and name is None and scope is None:
        candidates = _with_sound_alikes(masked, home[0], argument) or candidates
    region = best(candidates)
    destination = _destination(masked, away, scope_spans)
    if scope is None:
        scope = _scope_from_destination(
            region, destination if isinstance(destination, Region) else None
        )
    skills = tuple(s for s in distinct_skills(trade_spans) if s.trade.code not in INTENT_TRADES)
    facts = {"name": name, "candidates": candidates, "skills": skills, "scope": scope}
    return Reading(
        intent,
        number,
        name,
        region,
        tuple(candidates),
        skills,
        scope,
        argument,
        _field(label, said, correcting, facts),
        topic,
        speech == "greeting",
        script,
        destination,
        correcting,
    )
