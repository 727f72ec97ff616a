"""Configuration mistakes get one clear line and an exit status, never a traceback or a password."""

import pytest

from bot.cli import main


@pytest.mark.parametrize(
    ("variable", "value", "status", "expected"),
    [
        ("GONGYOU_PORT", "abc", 2, "配置有误：GONGYOU_PORT"),
        ("GONGYOU_DATABASE_URL", "nonsense", 1, "数据库不可用（nonsense）"),
        ("GONGYOU_DATABASE_URL", "mysql://a@b/c", 1, "unsupported database"),
        ("GONGYOU_DATABASE_URL", "postgresql://u:secret@127.0.0.1:9/x", 1, "u:***@127.0.0.1:9"),
    ],
)
def test_bad_configuration(monkeypatch, tmp_path, capsys, variable, value, status, expected):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(variable, value)
    assert main(["export", "seekers"]) == status
    err = capsys.readouterr().err
    assert expected in err and "Traceback" not in err and "secret" not in err
