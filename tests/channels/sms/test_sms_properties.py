"""Property tests: whatever a phone sends, the answer is 200, well-formed TwiML within budget; forgeries store nothing."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sms_harness import SmsHarness, parse_twiml, settings_for

from bot.channels.sms.segments import segments
from messages import t
from storage.models import InboundMessage, Seeker

SORRY = t("sms.sorry", "zh_CN")
NASTY = [
    "'; DROP TABLE seekers; --",
    "1 OR 1=1",
    "<Response><Message>owned</Message></Response>",
    "]]><script>alert(1)</script>",
    "&amp; &lt; &#0; &#x1F600;",
    "{name} {0} %s %(x)s",
    "\\x00\\u0000",
    "😀👍🏽👨‍👩‍👧‍👦🇨🇳",
    "注册 张三 会宁 电焊 省外",
    "找工作",
    "更多",
    "报名",
    "T",
    "订阅",
    "语言",
    "9999999999999999999999",
    "-1",
    "\u202e\u200b\ufeff",
]
WORDS = NASTY + ["会宁", "电焊", "1", "2", "3", "跳过", "我的", "地区 兰州", "help", "jobs"]

bodies = st.one_of(
    st.text(max_size=200),
    st.text(min_size=1500, max_size=5000),
    st.sampled_from(NASTY),
    st.lists(st.sampled_from(WORDS), max_size=6).map(" ".join),
    st.lists(st.characters(codec="utf-8"), max_size=80).map("".join),
)
phones = st.sampled_from(["+8613800001234", "+8613900005678", "+8618600009012"])
PROPERTY = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def open_harness(demo_url: str):
    # A high limit: the property is about content, the hourly limit has its own test.
    with SmsHarness(settings_for(demo_url, sms_hourly_limit=100_000)) as h:
        yield h


@PROPERTY
@given(body=bodies, phone=phones, media=st.sampled_from(["0", "0", "0", "1"]))
def test_any_text_gets_a_valid_answer(
    open_harness: SmsHarness, body: str, phone: str, media: str
) -> None:
    answer = open_harness.sms(body, phone=phone, NumMedia=media)
    assert answer.status == 200
    message = parse_twiml(answer.body)  # raises on malformed XML
    if message is not None:
        assert 1 <= segments(message) <= 2
        assert message != SORRY, f"the dialog failed on {body!r}"


@PROPERTY
# Header bytes as a client may send them (latin-1), not only base64 look-alikes.
@given(
    body=bodies, forged=st.binary(max_size=40).filter(lambda b: b"\r" not in b and b"\n" not in b)
)
def test_forged_requests_store_nothing(harness: SmsHarness, body: str, forged: str) -> None:
    params = harness.params(body)
    if forged.decode("latin-1").strip() == harness.sign("/sms/twilio", params):
        return
    response = harness.post("/sms/twilio", params, signature=forged)
    assert response.status_code == 403
    assert harness.count(Seeker) == harness.count(InboundMessage) == 0
