"""The import checks against the blind corpus (tests/importing/vacancy_corpus.py): every fee, every
personal contact and every inflated wage flagged, no clean row flagged; precision and recall are
printed per check and per half of the corpus (run with -s to see them)."""

from __future__ import annotations

from datetime import date

import pytest

from bot.importing.checks import pay_of, review
from bot.importing.norms import WageNorms
from bot.importing.rows import VacancyRow, column_map, parse_row
from tests.importing.vacancy_corpus import (
    CONTACTS_DEV,
    CONTACTS_HELD_OUT,
    FEES_DEV,
    FEES_HELD_OUT,
    WAGE_BACKGROUND,
    WAGES,
)

TODAY = date(2026, 12, 1)
# Corpus field names -> the English headers a sheet would use.
HEADER_OF = {
    "benefits": "benefits",
    "skills": "skills",
    "board": "food and housing",
    "hours": "hours",
    "pay_schedule": "pay schedule",
    "contact": "contact",
}
CLEAN = {"employer": "宏达电子有限公司", "contact": "0755-88886666"}


def row(number: int = 2, **fields: str) -> VacancyRow:
    values = {
        "employer": CLEAN["employer"],
        "title": "普工",
        "location": "广东省深圳市宝安区",
        "headcount": "10",
        "contact": CLEAN["contact"],
    } | fields
    header = [HEADER_OF.get(name, name) for name in values]
    parsed = parse_row(number, list(values.values()), column_map(header))
    assert isinstance(parsed, VacancyRow), parsed
    return parsed


def flagged(vacancy: VacancyRow, norms: WageNorms | None = None) -> set[str]:
    return {flag.code for flag in review(vacancy, TODAY, norms or WageNorms([]))}


def scores(results: list[tuple[bool, bool]]) -> tuple[float, float]:
    """(precision, recall) of (expected, got) pairs."""
    hits = sum(expected and got for expected, got in results)
    said = sum(got for _, got in results)
    wanted = sum(expected for expected, _ in results)
    return (hits / said if said else 1.0), (hits / wanted if wanted else 1.0)


def _fee_results(corpus) -> list[tuple[str, bool, bool]]:
    return [(text, want, "fee" in flagged(row(**{f: text}))) for f, text, want in corpus]


def _contact_results(corpus) -> list[tuple[str, bool, bool]]:
    return [
        (f"{e} | {c}", want, "personal_contact" in flagged(row(employer=e, contact=c)))
        for e, c, want in corpus
    ]


def _wage_results() -> list[tuple[str, bool, bool]]:
    background = [row(title=t, location=p, wage=w) for t, p, w in WAGE_BACKGROUND]
    tried = [(row(title=t, location=p, wage=w), want) for t, p, w, want in WAGES]
    # As in an import: the norms count the vacancies on record and the file's own rows.
    norms = WageNorms(pay_of(v) for v in background + [v for v, _ in tried])
    return [
        (f"{v.title} {v.location_text} {v.wage_text}", want, "wage" in flagged(v, norms))
        for v, want in tried
    ]


CORPORA = {
    "fee, dev": lambda: _fee_results(FEES_DEV),
    "fee, held out": lambda: _fee_results(FEES_HELD_OUT),
    "personal contact, dev": lambda: _contact_results(CONTACTS_DEV),
    "personal contact, held out": lambda: _contact_results(CONTACTS_HELD_OUT),
    "wage": _wage_results,
}


@pytest.mark.parametrize("name", CORPORA)
def test_every_flagged_row_flagged_and_no_clean_row(name):
    results = CORPORA[name]()
    precision, recall = scores([(want, got) for _, want, got in results])
    wrong = [
        f"{'missed' if want else 'false alarm'}: {text}"
        for text, want, got in results
        if want != got
    ]
    print(f"{name}: {len(results)} rows, precision {precision:.3f}, recall {recall:.3f}")
    assert wrong == [], "\n".join(wrong)
    assert (precision, recall) == (1.0, 1.0)


def test_corpus_is_balanced():
    """Enough rows of each kind that a perfect score means something."""
    fees = FEES_DEV + FEES_HELD_OUT
    contacts = CONTACTS_DEV + CONTACTS_HELD_OUT
    assert sum(w for *_, w in fees) >= 50 and sum(not w for *_, w in fees) >= 50
    assert sum(w for *_, w in contacts) >= 15 and sum(not w for *_, w in contacts) >= 15
    assert sum(w for *_, w in WAGES) >= 5 and sum(not w for *_, w in WAGES) >= 5


def test_a_clean_row_passes_every_check():
    assert (
        flagged(row(wage="4500-6500", benefits="包吃住，五险一金", deadline="2026-12-01")) == set()
    )


@pytest.mark.parametrize(
    ("deadline", "flags"),
    [("2026-11-30", {"deadline_past"}), ("2026-12-01", set()), ("2027-01-15", set())],
)
def test_a_deadline_before_the_import_day_is_flagged(deadline, flags):
    assert flagged(row(deadline=deadline)) == flags


def test_a_fee_in_any_text_field_is_flagged():
    for field in ("benefits", "skills", "board", "hours", "pay_schedule", "contact"):
        assert "fee" in flagged(row(**{field: "押金200元"})), field
    assert "fee" in flagged(row(title="普工（押金200元）"))
    assert "fee" in flagged(row(**{"contracting employer": "某某劳务公司，收取介绍费300元"}))


def test_several_flags_at_once():
    vacancy = row(benefits="体检费150元", contact="13812345678", deadline="2026-01-01")
    assert flagged(vacancy) == {"fee", "personal_contact", "deadline_past"}


def test_rows_imported_before_the_new_fields_keep_their_digest():
    """Re-importing a sheet imported before 结算方式/吃住/工作时间/签约单位 existed changes nothing."""
    import hashlib
    from dataclasses import asdict

    vacancy = row(wage="4500-6500", benefits="包吃住")
    before = {k: v for k, v in asdict(vacancy).items() if k != "row"}
    for name in ("pay_schedule", "board", "hours", "contractor"):
        del before[name]
    digest = hashlib.sha256(repr(sorted(before.items())).encode()).hexdigest()
    assert vacancy.content_hash() == digest
    assert row(wage="4500-6500", benefits="包吃住", hours="8小时").content_hash() != digest
