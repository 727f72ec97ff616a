"""The architecture's import rules, checked by walking every module's imports."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHANNEL_SDKS = ("telegram", "twilio")


def imports_of(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def _uses(names: set[str], roots: tuple[str, ...]) -> set[str]:
    return {
        n for n in names if n.split(".")[0] in roots or any(n.startswith(r + ".") for r in roots)
    }


# (package, forbidden import roots, why)
RULES = [
    (
        "bot/matching",
        ("storage", "sqlalchemy", "bot.channels", "bot.handlers", *CHANNEL_SDKS),
        "matching is pure",
    ),
    ("storage", ("bot", *CHANNEL_SDKS), "storage knows no channel and no dialog"),
    ("bot/handlers", CHANNEL_SDKS, "dialog steps are channel-neutral"),
    ("messages", ("bot", "storage", *CHANNEL_SDKS), "catalogs are data"),
]


@pytest.mark.parametrize(("package", "forbidden", "why"), RULES, ids=[r[0] for r in RULES])
def test_layer_imports(package, forbidden, why):
    offenders = {
        str(path.relative_to(ROOT)): sorted(_uses(imports_of(path), forbidden))
        for path in modules(package)
        if _uses(imports_of(path), forbidden)
    }
    assert not offenders, f"{why}: {offenders}"


def test_only_channels_and_wiring_import_channel_sdks():
    allowed = ("bot/channels/", "bot/app.py", "bot/cli/")
    offenders = [
        str(path.relative_to(ROOT))
        for package in ("bot", "storage", "messages")
        for path in modules(package)
        if _uses(imports_of(path), CHANNEL_SDKS)
        and not str(path.relative_to(ROOT)).startswith(allowed)
    ]
    assert not offenders


def test_dialog_core_is_channel_neutral():
    for name in ("bot/dialog.py", "bot/replies.py", "bot/render.py", "bot/search.py"):
        assert not _uses(imports_of(ROOT / name), CHANNEL_SDKS), name
