"""Property tests: whatever a cell holds, every parser answers a value or a row error, never a crash."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.importing.fields import (
    HEADERS,
    MAX_HEADCOUNT,
    BadValue,
    cell_text,
    header_field,
    parse_age,
    parse_date,
    parse_headcount,
    parse_wage,
)
from bot.importing.reader import Table
from bot.importing.rows import Problem, VacancyRow, column_map, parse_row
from bot.importing.service import ImportReport, check, render_problem
from messages import LOCALES

PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

HUGE = [2**64, -1, 0, 1e308, -1e308, 1e-308]
# Built lazily: a 5,000-digit int has no str(), which hypothesis would need to describe the strategy.
huge_ints = st.sampled_from([400, 4300, 5000]).map(lambda digits: 10**digits - 1)
UNITS = [
    "",
    "k",
    "K",
    "w",
    "W",
    "千",
    "万",
    "元",
    "元/月",
    ".5",
    "人",
    "岁",
    "周岁",
    "以上",
    "以下",
]
SEPARATORS = ["", "-", "~", "～", "—", "至", "到", " - ", "--", "/", ".", "年", "月", "日", " "]
digits = st.text(alphabet="0123456789", min_size=1, max_size=450)
unicode_digits = st.text(alphabet=st.characters(categories=["Nd", "No"]), min_size=1, max_size=20)
numberish = st.builds(
    "".join,
    st.lists(
        st.one_of(digits, unicode_digits, st.sampled_from(UNITS), st.sampled_from(SEPARATORS)),
        max_size=6,
    ),
)
texts = st.one_of(
    st.text(),
    numberish,
    st.sampled_from(["面议", "inf", "nan", "-inf", "1e400", "9" * 400, "9" * 400 + "-1", "٣٠٠٠"]),
)
cells = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from(HUGE),
    huge_ints,
    huge_ints.map(lambda n: -n),
    st.floats(allow_nan=True, allow_infinity=True),
    st.datetimes(),
    st.dates(),
    st.times(),
    st.timedeltas(),
    texts,
)


def answers_or_refuses(parser, value):
    """The parser's answer, or None when it refused with a row error; anything else fails."""
    try:
        return parser(value)
    except BadValue as error:
        assert str(error).startswith("import.")
        return None


@PROPERTY
@given(text=texts)
def test_wage_is_a_range_or_a_row_error(text):
    answer = answers_or_refuses(parse_wage, text)
    if answer is not None and answer != (None, None):
        low, high = answer
        assert isinstance(low, int) and isinstance(high, int)
        assert 0 < low <= high <= 1_000_000


@PROPERTY
@given(text=texts)
def test_age_is_a_range_or_a_row_error(text):
    answer = answers_or_refuses(parse_age, text)
    if answer is not None:
        assert all(end is None or 0 <= end <= 99 for end in answer)


@PROPERTY
@given(value=cells)
def test_headcount_is_a_positive_number_or_a_row_error(value):
    answer = answers_or_refuses(parse_headcount, value)
    assert answer is None or (isinstance(answer, int) and 0 < answer <= MAX_HEADCOUNT)


@PROPERTY
@given(value=cells)
def test_date_is_a_date_or_a_row_error(value):
    answer = answers_or_refuses(parse_date, value)
    assert answer is None or isinstance(answer, date)


@PROPERTY
@given(value=cells)
def test_any_cell_has_a_text(value):
    assert isinstance(cell_text(value), str)


@PROPERTY
@given(text=st.one_of(st.text(), st.sampled_from([a for names in HEADERS.values() for a in names])))
def test_header_names_a_field_or_nothing(text):
    assert header_field(text) in (None, *HEADERS)


HEADER = [names[-1] for names in HEADERS.values()]  # every field, by a Chinese name
COLUMNS = column_map(HEADER)
rows = st.lists(cells, max_size=len(HEADER) + 2)


def renders(problem: Problem) -> None:
    for locale in LOCALES:
        assert render_problem(problem, locale)


@PROPERTY
@given(cells=rows, number=st.integers(min_value=2, max_value=10**6))
def test_a_row_is_a_vacancy_or_its_problems(cells, number):
    parsed = parse_row(number, cells, COLUMNS)
    if isinstance(parsed, VacancyRow):
        assert parsed.row == number and parsed.headcount > 0
        assert parsed.employer and parsed.title and parsed.location_text
    else:
        assert parsed, "a refused row names at least one reason"
        for problem in parsed:
            renders(problem)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=st.lists(rows, max_size=6), header=st.lists(st.text(max_size=8), max_size=4))
def test_a_whole_table_is_checked_into_rows_or_row_errors(body, header):
    table = Table(HEADER + header, [(n, cells) for n, cells in enumerate(body, start=2)])
    report = ImportReport(meeting="性质测试")
    good = check(table, report)
    assert len(good) + len(report.errors) == len(body)
    lines = report.error_lines("zh_CN") + report.error_lines("en")
    assert len(lines) == 2 * len(report.errors)
