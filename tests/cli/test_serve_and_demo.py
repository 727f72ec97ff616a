"""`gongyou demo` and `gongyou serve` as real processes: health, demo data, clean SIGTERM."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from server_process import ServerProcess, clean_environment, free_port


def get_json(url: str) -> tuple[int, dict]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, json.loads(response.read())


@pytest.fixture
def env(tmp_path) -> dict[str, str]:
    clean = clean_environment()
    clean["PYTHONPATH"] = str(Path(__file__).resolve().parents[2])
    return clean


def signature_notes(log: list[str]) -> list[dict]:
    """The log records that say SMS webhooks go unchecked without TWILIO_AUTH_TOKEN."""
    records = [json.loads(line) for line in log if line.startswith("{")]
    return [r for r in records if "TWILIO_AUTH_TOKEN" in r["msg"] and "unsigned" in r["msg"]]


def test_demo_serves_health_with_demo_vacancies(env, tmp_path):
    port = free_port()
    server = ServerProcess(["demo", "--port", str(port)], env, tmp_path)
    try:
        server.wait_started()
        # Said at start, before the server answers: the demo accepts unsigned SMS webhooks.
        assert [note["level"] for note in signature_notes(server.log)] == ["warning"]
        assert get_json(f"http://127.0.0.1:{port}/healthz") == (200, {"status": "ok"})
    finally:
        assert server.stop() == 0
    assert len(signature_notes(server.log)) == 1
    assert (tmp_path / "gongyou-demo.db").exists()
    exported = subprocess.run(
        [sys.executable, "-m", "bot.cli", "export", "vacancies", "--format", "json"],
        env=env | {"GONGYOU_DATABASE_URL": f"sqlite:///{tmp_path / 'gongyou-demo.db'}"},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert len(json.loads(exported.stdout)) >= 300
    assert any('"msg": "stopped"' in line for line in server.log)


def test_serve_logs_json_and_stops_on_sigterm(env, tmp_path, database_url):
    port = free_port()
    server = ServerProcess(
        ["serve", "--port", str(port)], env | {"GONGYOU_DATABASE_URL": database_url}, tmp_path
    )
    try:
        server.wait_started()
        assert get_json(f"http://127.0.0.1:{port}/healthz")[0] == 200
    finally:
        assert server.stop() == 0
    assert all(json.loads(line)["level"] for line in server.log if line.startswith("{"))


def test_demo_refuses_to_wipe_a_database_with_real_meetings(database_url, tmp_path, capsys):
    from bot.cli import main

    path = tmp_path / "real.csv"
    path.write_text("用人单位,岗位,工作地点,招聘人数\n某厂,普工,深圳市宝安区,5\n", encoding="utf-8")
    assert main(["import", str(path), "--meeting", "甘肃春季洽谈会"]) == 0
    capsys.readouterr()
    assert main(["demo"]) == 2
    refusal = capsys.readouterr().out
    assert "甘肃春季洽谈会" in refusal and "--reset" in refusal
    assert main(["export", "vacancies", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["meeting"] == "甘肃春季洽谈会"


def test_demo_refuses_to_wipe_staff_and_seekers_before_any_meeting(database_url, capsys):
    from bot.cli import main

    assert main(["staff", "add", "--telegram-id", "42", "--agency", "会宁县劳务站"]) == 0
    capsys.readouterr()
    assert main(["demo"]) == 2
    assert "staff × 1" in capsys.readouterr().out
    assert main(["staff", "list"]) == 0
    assert "会宁县劳务站" in capsys.readouterr().out
