"""The README's command list and ``hoinhap --help`` name the same top-level commands (issue 17, item 7):
a command added without its README line, or a README line for a command that went, fails here."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from hoinhap.cli import build_parser

README = Path(__file__).resolve().parent.parent / "README.md"
SECTION = "## The `hoinhap` command"


def readme_commands() -> set[str]:
    """The first word after ``hoinhap`` on each line of the section's shell block."""
    text = README.read_text(encoding="utf-8")
    section = text[text.index(SECTION):]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block, "the command section has no ```sh block"
    return {m.group(1) for m in re.finditer(r"^hoinhap ([a-z][a-z-]*)", block.group(1), re.M)}


def help_commands() -> set[str]:
    parser = build_parser()
    subparsers = [action for action in parser._actions if isinstance(action, argparse._SubParsersAction)]
    assert len(subparsers) == 1
    return set(subparsers[0].choices)


def test_the_readme_lists_every_command_of_the_help_and_no_other():
    listed, offered = readme_commands(), help_commands()
    assert len(offered) > 20 and "search" in listed
    assert sorted(offered - listed) == [], "commands missing from the README's command list"
    assert sorted(listed - offered) == [], "README lines for commands hoinhap does not have"


def test_the_help_names_them_too(capsys):
    try:
        build_parser().parse_args(["--help"])
    except SystemExit:
        pass
    shown = capsys.readouterr().out
    assert all(command in shown for command in readme_commands())
