"""`gongyou understand TEXT [--json]` and `gongyou understand -`: how the bot reads a message."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from bot.matching.understand import Reading

# Staff read this summary while tuning keywords; the labels are Chinese like the agency's staff.
INTENT_LABELS = {
    "register": "注册",
    "jobs": "找工作",
    "more": "更多",
    "other": "其他岗位",
    "previous": "上一页",
    "pick": "选择",
    "apply": "报名",
    "me": "我的信息",
    "help": "帮助",
    "language": "切换语言",
    "stop": "退订",
    "start": "订阅",
    "skip": "跳过",
}
SCOPE_LABELS = {"local": "本地", "province": "省内", "country": "全国", "overseas": "出国"}
NONE = "—"


def register(sub) -> None:
    cmd = sub.add_parser("understand", help="show how the bot reads a message")
    cmd.add_argument("text", help='the message, or "-" to read one message per line from stdin')
    cmd.add_argument("--json", action="store_true", help="print the reading as JSON")
    cmd.set_defaults(run=run)


def summary(reading: Reading) -> str:
    """A short readable summary of a reading, one field per line, in Chinese."""
    intent = INTENT_LABELS.get(reading.intent or "", NONE)
    if reading.number is not None:
        intent += f" {reading.number}"
    if reading.region:
        region = f"{reading.region.full_name} ({reading.region.code})"
    elif reading.region_candidates:
        region = "不确定，可能是：" + "、".join(
            f"{c.region.full_name} ({c.region.code})" for c in reading.region_candidates
        )
    else:
        region = NONE
    skills = "、".join(f"{s.trade.name_zh} ({s.trade.code})" for s in reading.skills) or NONE
    lines = [
        f"意图：{intent}",
        f"姓名：{reading.name or NONE}",
        f"地区：{region}",
        f"技能：{skills}",
        f"范围：{SCOPE_LABELS.get(reading.scope or '', NONE)}",
    ]
    if reading.argument and reading.intent:
        lines.append(f"参数：{reading.argument}")
    return "\n".join(lines)


def _json(reading: Reading) -> str:
    return json.dumps(reading.as_json(), ensure_ascii=False)


def _batch(source: TextIO, out: TextIO) -> None:
    from bot.matching.understand import understand

    # One object per input line, blank lines included, so outputs line up with inputs; flushed
    # so a caller piping messages in one at a time sees each answer at once.
    for line in source:
        out.write(_json(understand(line.rstrip("\r\n"))) + "\n")
        out.flush()


def run(args, settings) -> int:
    from bot.matching.understand import understand

    # Chinese output must not depend on the terminal's locale.
    for stream in (sys.stdout, sys.stdin):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if encoding != "utf8" and hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")
    if args.text == "-":
        _batch(sys.stdin, sys.stdout)
        return 0
    reading = understand(args.text)
    print(_json(reading) if args.json else summary(reading), flush=True)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run `understand` alone (python -m bot.cli.understand), without settings or a database."""
    root = argparse.ArgumentParser(prog="gongyou")
    register(root.add_subparsers(dest="command", required=True))
    args = root.parse_args(["understand", *(sys.argv[1:] if argv is None else argv)])
    return args.run(args, None)


if __name__ == "__main__":
    sys.exit(main())
