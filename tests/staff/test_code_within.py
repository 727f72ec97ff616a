"""A county's area as a range of region codes finds exactly the codes LIKE 'prefix%' finds."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from storage.models import Seeker
from storage.staff import code_within

CODES = ["620421", "620422", "620423", "620499", "620500", "629999", "990000", "999999", "62"]


@pytest.mark.parametrize("prefix", ["62", "6204", "620422", "620499", "6299", "99", "9", "1"])
async def test_range_is_the_prefix(session, prefix):
    session.add_all(
        Seeker(phone=f"+861380000{n:04d}", region_code=code, dialog_data={})
        for n, code in enumerate(CODES)
    )
    await session.flush()
    found = set(
        await session.scalars(
            select(Seeker.region_code).where(code_within(Seeker.region_code, prefix))
        )
    )
    assert found == {code for code in CODES if code.startswith(prefix)}
