"""``hoinhap`` speaks Vietnamese in its help too (issue 17, item 1): every help text of every command and
subcommand is translated, and ``hoinhap --help`` prints it so."""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Iterator

import pytest
from django.utils import translation

from hoinhap.cli import _argparse_in, _catalogue, build_parser, main

# Help texts that are not words for a person: a placeholder, or the shape of a --json output (its keys stay).
PLACEHOLDERS = {"YYYY-MM"}


def _is_json_shape(text: str) -> bool:
    """Only quoted keys and punctuation once the keys are taken out: nothing there to translate."""
    return not re.search(r"[A-Za-z]", re.sub(r'"[^"]*"', "", text))


def _parsers(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> Iterator[
        tuple[tuple[str, ...], argparse.ArgumentParser]]:
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                yield from _parsers(child, (*path, name))


def _help_texts(parser: argparse.ArgumentParser) -> Iterator[tuple[str, object]]:
    """(where, help) for each argument, option and subcommand of the whole tree."""
    for path, each in _parsers(parser):
        for action in each._actions:
            if action.help and action.help is not argparse.SUPPRESS:
                yield " ".join((*path, *action.option_strings)) or action.dest, action.help
            if isinstance(action, argparse._SubParsersAction):
                for choice in action._choices_actions:
                    yield " ".join((*path, choice.dest)), choice.help


def _built_as_main_does() -> argparse.ArgumentParser:
    with _argparse_in(_catalogue()):  # argparse's own "-h" help is translated as the parser is built
        return build_parser()


def test_every_help_text_of_every_command_is_translated():
    argparse_own = {_catalogue().gettext("show this help message and exit")}
    assert argparse_own != {"show this help message and exit"}
    untranslated = []
    texts = list(_help_texts(_built_as_main_does()))
    for where, text in texts:
        if isinstance(text, str) and text in argparse_own:
            continue
        with translation.override("en"):
            english = str(text)
        with translation.override("vi"):
            vietnamese = str(text)
        if english in PLACEHOLDERS or _is_json_shape(english):
            continue
        if vietnamese == english:
            untranslated.append(f"{where}: {english}")
    assert len(texts) > 250  # the whole tree was walked, not only the top level
    assert untranslated == []


def test_the_json_shapes_stay_as_they_are():
    shapes = [str(text) for _, text in _help_texts(_built_as_main_does()) if _is_json_shape(str(text))]
    assert '{"id", "classification", "classified_reference", "title"}' in shapes


def _help_of(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    with pytest.raises(SystemExit) as stopped:
        main([*argv, "--help"])
    assert stopped.value.code == 0
    return capsys.readouterr().out


def test_hoinhap_help_prints_vietnamese(capsys):
    shown = _help_of(capsys)
    assert shown.startswith("cách dùng: hoinhap")
    assert "lệnh duy nhất cho người dùng và người vận hành" in shown
    assert "nhập văn bản (tệp hoặc thư mục) vào kho văn bản" in shown
    assert "import documents" not in shown


def test_every_subcommand_help_prints_in_vietnamese(capsys):
    paths = [path for path, _ in _parsers(_built_as_main_does()) if path]
    assert len(paths) > 60
    for path in paths:
        shown = _help_of(capsys, *path)
        assert shown.startswith(f"cách dùng: hoinhap {' '.join(path)}"), path
        assert "show this help message" not in shown, path


def test_a_help_made_of_a_translation_and_a_list_prints_whole(capsys):
    """``--role``'s help is a lazy translation joined to the list of roles (``format_lazy``): argparse
    formats it with ``%`` when it prints, and both parts show."""
    shown = _help_of(capsys, "users", "add")
    assert "có thể lặp lại; một trong: administrator" in shown


@pytest.mark.django_db
def test_a_human_output_line_is_vietnamese_and_its_json_is_not_translated(capsys):
    assert main(["partners", "count", "--as-of", "2025-07-01"]) == 0
    shown = capsys.readouterr().out
    assert shown.startswith("đối tác tính đến ngày 01/07/2025\n") and "partners as of" not in shown
    assert main(["partners", "count", "--as-of", "2025-07-01", "--json"]) == 0
    assert "total" in json.loads(capsys.readouterr().out)  # machine-readable keys stay as they are
