"""The shape of the conversation corpus: what a worker writes, and what a good bot does about it.

The corpus is written blind, from how workers on basic phones really write, not from the bot's
word lists. Expectations name facts of a reply, not its wording, so that the catalog can change.

Reply facts (`Turn.expect`; every fact listed must hold, unlisted facts are not checked):
  asks:name / asks:region / asks:region_choice / asks:skills / asks:scope / asks:age
      the reply asks for that (region_choice: offers numbered places to pick from)
  registered        the reply confirms a complete registration
  list              a numbered list of vacancies
  list:other        a list that says it holds other work, not the seeker's trade
  list:none         says there is no (more) vacancy to show
  distinct          no two numbered lines of the reply read the same
  details           one vacancy's details
  applied           confirms an application
  profile           shows the seeker's profile (我的)
  changed:<field>   confirms a change of name / region / skills / scope / destination / age
  answer:<fact>     answers a question about the vacancy on screen or just listed, from its data:
                    wage, board (food and housing), age, place, date, requirements, headcount,
                    contact, benefits (the rest of the benefits: insurance, travel costs, visa)
  about             answers what the service is / how it works (greeting or question)
  help              the keyword help
  hint              "not understood" with a hint of what to write
  stopped / resumed opted out / back in
  language          offers the language choice
  english / chinese the reply is in that language
  contains:<text>   the reply contains this exact text (e.g. contains:300元/天)
  lacks:<text>      the reply does not contain this text
  silent            no reply at all
  not:<fact>        the reply does NOT have that fact (not:stopped: an answer inside a wait must
                    not opt out; not:hint: a thank-you is not a misunderstanding)

A turn's text may be `{pick:TEXT}`: the worker answers a numbered choice whose order the corpus
cannot know (the place choice, the language choice, a list when the case needs one kind of
vacancy). The runner sends the number of the first numbered line of the previous reply that
contains TEXT, and fails the turn when no line does. `{pick?:TEXT}` is the same answer to a
choice the bot may or may not offer (a misspelt place it may resolve at once or offer with others):
when the previous reply offers no numbered line containing TEXT, the turn is left out, facts and
all, and the conversation goes on with the next turn.

`Conversation.profile` is the profile after the last turn (while a registration is unfinished:
what the bot has gathered so far); keys given are checked, others not:
  name (str or None), region (the full official name, 甘肃省白银市会宁县), trades (trade codes
  from the agency's taxonomy, any order), scope (local / province / country / overseas),
  destination (the full official name of a place in China, or a country's Chinese name),
  opted_out (bool), locale (zh_CN / en), applications (how many).
"""

from __future__ import annotations

from dataclasses import dataclass, field

KINDS = (
    "tidy",  # tidy Chinese, the happy path
    "pinyin",  # pinyin without tones, spaced or not, typed on a phone without Chinese input
    "dialect",  # regional wording, colloquial speech
    "typo",  # homophone and near-miss characters, missing or doubled letters
    "question",  # questions and greetings in the middle of a flow
    "correction",  # changing an answer already given
    "english",  # English speakers, or English mixed in
    "elderly",  # older workers: long-winded, unusual punctuation, full-width digits
    "vacancy",  # questions about a listed or opened vacancy
    "destination",  # where a worker wants to go, abroad included
    "wait",  # answering what the bot asked (a list, a place choice, yes/no) with digits and words
)


@dataclass(frozen=True)
class Turn:
    says: str
    expect: tuple[str, ...] = ()


@dataclass(frozen=True)
class Conversation:
    kind: str
    turns: tuple[Turn, ...]
    profile: dict[str, object] = field(default_factory=dict)
    channel: str = "sms"  # sms | telegram
    note: str = ""  # why this case is here, for whoever reads a failure


def convo(
    kind: str,
    *turns: tuple[str, str | tuple[str, ...]] | str,
    note: str = "",
    channel: str = "sms",
    **profile: object,
) -> Conversation:
    """Shorthand: convo("pinyin", ("huining dianhan", "asks:name"), ..., region="...").

    Facts are space-separated in a string, or a tuple when a contains: text has a space in it.
    """
    made = []
    for turn in turns:
        if isinstance(turn, str):
            made.append(Turn(turn))
        else:
            says, expect = turn
            facts = tuple(expect.split()) if isinstance(expect, str) else tuple(expect)
            made.append(Turn(says, facts))
    return Conversation(kind, tuple(made), dict(profile), channel, note)
