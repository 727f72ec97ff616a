"""`gongyou ... --help`: every option explained, the import columns listed from the importer's table."""

from __future__ import annotations

import argparse
from collections.abc import Iterator

import pytest

from bot.cli import main, parser
from bot.exporting import KINDS
from bot.importing.fields import HEADERS, REQUIRED
from bot.matching.scope import SCOPES


def commands(
    command: argparse.ArgumentParser, path: str = "gongyou"
) -> Iterator[tuple[str, argparse.ArgumentParser]]:
    """Every parser under `command`, subcommands of subcommands included, with its command line."""
    yield path, command
    for action in command._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from commands(sub, f"{path} {name}")


def test_every_command_and_option_has_help():
    missing = []
    for path, command in commands(parser()):
        for action in command._actions:
            if isinstance(action, argparse._SubParsersAction):
                # The one-line help shown in the parent's list of commands.
                missing += [f"{path} {c.dest}" for c in action._choices_actions if not c.help]
            elif not action.help or action.help == argparse.SUPPRESS:
                missing.append(f"{path} {'/'.join(action.option_strings) or action.dest}")
    assert not missing


def help_text(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as exit_:
        main([*argv, "--help"])
    assert exit_.value.code == 0
    return capsys.readouterr().out


def test_import_help_lists_every_header_and_marks_the_required(capsys):
    text = help_text(["import"], capsys)
    for field, names in HEADERS.items():
        (row,) = [line for line in text.splitlines() if f" {field} " in line and names[-1] in line]
        assert all(name in row for name in names), row
        assert row.lstrip().startswith("*") == (field in REQUIRED), row


def test_choices_from_other_modules_are_listed_and_checked(capsys):
    assert all(kind in help_text(["export"], capsys) for kind in KINDS)
    assert all(scope in help_text(["match"], capsys) for scope in SCOPES)
    with pytest.raises(SystemExit) as exit_:
        main(["match", "--skills", "电焊", "--region", "会宁", "--scope", "abroad"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'abroad'" in err and "'overseas'" in err
