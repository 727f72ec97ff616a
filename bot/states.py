"""The named states a conversation can be in, and the answers each open question waits for.

A state is also a *wait*: a question the bot asked that expects an answer, which the next
message is read against first, and which stops waiting at its expiry. States are stored by
name with the seeker (never as integers), so a conversation survives restarts and channels.
"""

from __future__ import annotations

from datetime import timedelta
from enum import StrEnum


class State(StrEnum):
    """Where a seeker's conversation stands; the values are what the database holds."""

    NAME = "register:name"
    REGION = "register:region"
    REGION_CHOICE = "register:region_choice"
    SKILLS = "register:skills"
    SCOPE = "register:scope"
    JOBS = "browse"  # a numbered list of vacancies is on screen
    JOB = "details"  # one vacancy's details are on screen
    LANGUAGE = "language"
    ALERT = "alert"  # a broadcast told them of one vacancy: 1 applies, 2 shows it
    TRAININGS = "training"  # a numbered list of training sessions is on screen
    REPORT = "report"  # a vacancy was just reported (举报): what the worker adds is kept with it
    REMINDER = "reminder"  # a reminder asked 1 确认 / 2 不能去 (bot/schedule/waits.py)


class Answer(StrEnum):
    """The kinds of answer a wait takes, as matching.answers reads them."""

    TEXT = "text"  # any words: the wait's step makes sense of them
    NUMBER = "number"  # 1, ２, 第三个, ⓵
    YES = "yes"  # 是, 好, 确认, YES
    NO = "no"  # 不, 取消, 不去了, N
    THANKS = "thanks"  # 谢谢, 多谢, thank you: answers nothing, needs no hint


TEXT = frozenset({Answer.TEXT})
# A list is closed by 取消/N, which then never opt anyone out.
PICK = frozenset({Answer.NUMBER, Answer.NO})
# 好 / 我去 / 就这个吧 with one vacancy open: taking it.
YES = frozenset({Answer.YES})
# After 举报: any words say what happened; 不用了 / 取消 leaves it at that.
NOTE = frozenset({Answer.TEXT, Answer.NO})

# How long each kind of question stays open: a registration left half-way is forgotten after a
# day; a list stays pickable for three (a worker on a basic phone may answer days later, and a
# vacancy gone meanwhile says so); a menu only briefly.
REGISTRATION = timedelta(hours=24)
LIST = timedelta(days=3)
MENU = timedelta(hours=1)
