"""Fees asked of a worker before work, as meeting sheets and agents write them.

Genuine employers and agencies never charge a worker to get a job (China's Employment Promotion
Law, art. 41; the 2018 rules on human-resource markets); a 押金, a 体检费 paid to the agent or a
报名费 is the first sign of a fake job. A field is read clause by clause (split at ，；。、/ and the
like): a clause asks a fee when it names one — a fee word (押金, 体检费, 培训费, 服装费, 介绍费,
报名费, 中介费, 保证金...), or paying up front (先交, 预交, 交钱, 收费, 收取, 交200元, 体检自费) —
and does not waive it: 不收费, 无押金, 免费体检, 培训费全免, 体检费由公司承担, "no fee".

Charges during work (水电费, 伙食费 deducted from pay) are not fees before work, unless the
clause says they are paid first (预交伙食费).
"""

from __future__ import annotations

import re
import unicodedata

# Fees by name, whatever verb goes with them.
_FEE_WORDS = (
    "押金|保证金|定金|订金|风险金|抵押金|"
    "体检费用?|培训费用?|服装费|工装费|工作服费|介绍费|报名费|中介费|服务费|手续费|资料费|"
    "建档费|办证费|办卡费|管理费|签证费|出国费|"
    r"(?:工作服|工装|服装)[钱款]|(?:购买|买)(?:工作服|工装|服装)|"
    r"(?:体检|培训)(?:费用?)?(?:自费|自理|自付)|自费(?:体检|培训)|"
    r"\bdeposits?\b|\bfees?\b"
)
# Paying up front, whatever for. 先交 is often followed by papers (先交身份证复印件): not a fee.
_PAPERS = "身份证|简历|照片|材料|复印件|证件|体检报告|健康证|学历"
_PAYING = (
    rf"先(?:交|付|缴)(?!{_PAPERS})|预(?:交|付|缴)|交钱|付钱|交费|缴费|收费|收取|"
    r"(?:交|缴|收|付)(?:纳)?\s*\d+(?:\.\d+)?\s*(?:元|块|万)"
)
_ASKED = re.compile(rf"{_FEE_WORDS}|{_PAYING}", re.IGNORECASE)
_NAMED = re.compile(_FEE_WORDS, re.IGNORECASE)
# A fee is waived by a word shortly before it (不收押金, 无任何收费, 免中介费, no fee), though not
# across a 但 or 需 (不收押金但收体检费); 免费 waives only what it stands right before...
# (English counts words: "no agency fee", "not charging any fee".)
_WAIVED_BEFORE = re.compile(
    r"(?:无需|无须|不需要?|不用|不必|不|无|免(?!费)|零|没有|拒收)[^，。；但需要须另再]{0,5}$|免费$|"
    r"\b(?:no|not|free|without|zero|never|nor)\b(?:\W+\w+){0,3}\W*$",
    re.IGNORECASE,
)
# ...or right after it (培训费全免, 体检费由公司承担, 押金：无, "fee waived").
_WAIVED_AFTER = re.compile(
    r"^\s*(?:用)?\s*(?:[:：]\s*(?:无|0|零)|全免|免费|免收|免除|全包|为零|0元|"
    r"(?:由|是)?(?:公司|厂里|厂方|企业|单位|用人单位)(?:承担|出|付|支付|负责|全包)|"
    r"\s*(?:waived|paid by|covered|free))",
    re.IGNORECASE,
)
# Charges while working, not before it.
_DURING_WORK = re.compile(r"水电|伙食|餐费|饭费|房租|住宿费|电费")
_BEFORE_WORK = re.compile(r"先|预|入职前|上岗前|进厂前|报名|报到")
_CLAUSES = re.compile(r"[，,；;。!！?？、/|\n]+|\.(?!\d)")


def _clauses(text: str) -> list[str]:
    return [c for c in _CLAUSES.split(text) if c.strip()]


def _asks(clause: str) -> str | None:
    """The fee phrase a clause asks, or None when it asks none (or waives it)."""
    for match in _ASKED.finditer(clause):
        before, after = clause[: match.start()], clause[match.end() :]
        if _WAIVED_BEFORE.search(before) or _WAIVED_AFTER.match(after):
            continue
        if (
            not _NAMED.fullmatch(match[0])
            and _DURING_WORK.search(clause)
            and not _BEFORE_WORK.search(clause)
        ):
            continue
        return clause.strip()
    return None


def fee_asked(text: str | None) -> str | None:
    """The clause of `text` that asks a fee before work ("入职需交押金200元"), or None."""
    if not text:
        return None
    text = unicodedata.normalize("NFKC", text)
    if not _ASKED.search(text):  # most rows: nothing that even looks like a fee
        return None
    for clause in _clauses(text):
        if (found := _asks(clause)) is not None:
            return found
    return None
