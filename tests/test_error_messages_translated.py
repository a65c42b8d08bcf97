"""No English in the Vietnamese interface: every message a domain error carries to a person is a
translatable string (``_()``/``gettext``, or ``N_`` in the Django-free legal core) and has its Vietnamese.

The walk reads the source (no import), so a new ``raise NotFound("...")`` or ``raise Conflict(f"...")``
anywhere under src/hoinhap fails here before it reaches a user."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import polib
import pytest

import hoinhap
from hoinhap.i18n import LOCALE_DIR

SOURCE = Path(hoinhap.__file__).resolve().parent
VI_PO = LOCALE_DIR / "vi" / "LC_MESSAGES" / "django.po"
# The domain errors, and the framework-free cores' errors that reach people: a file the legal core cannot read,
# a calculator input, the parameter table, an indicator's period or target (each marked with N_, translated by
# the adapter that shows it: corpus.reading.unreadable, mechanisms.messages.error_message).
ROOT_ERRORS = {"DomainError", "UnreadableDocument", "InputError", "ParameterError", "PeriodError", "TargetError"}
TRANSLATORS = {"_", "gettext", "N_", "ngettext", "pgettext"}


def _modules() -> list[tuple[Path, ast.Module]]:
    return [(path, ast.parse(path.read_text(encoding="utf-8"))) for path in sorted(SOURCE.rglob("*.py"))
            if "migrations" not in path.parts]


def _name(node: ast.expr) -> str | None:
    return node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else None


@cache
def _parsed() -> tuple[tuple[Path, ast.Module], ...]:
    return tuple(_modules())


@cache
def error_classes() -> frozenset[str]:
    """``DomainError`` and every class deriving from it (or from the core's ``UnreadableDocument``)."""
    names, grown = set(ROOT_ERRORS), True
    classes = [node for _path, tree in _parsed() for node in ast.walk(tree) if isinstance(node, ast.ClassDef)]
    while grown:
        grown = False
        for node in classes:
            if node.name not in names and any(_name(base) in names for base in node.bases):
                names.add(node.name)
                grown = True
    return frozenset(names)


def raised_messages() -> Iterator[tuple[str, ast.expr]]:
    """``(place, first argument)`` of every ``raise <domain error>(...)`` in the source."""
    for path, tree in _parsed():
        for node in ast.walk(tree):
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and node.exc.args \
                    and _name(node.exc.func) in error_classes():
                yield f"{path.relative_to(SOURCE.parent)}:{node.lineno}", node.exc.args[0]


def _is_text(node: ast.expr) -> bool:
    return isinstance(node, ast.JoinedStr) or isinstance(node, ast.Constant) and isinstance(node.value, str)


def untranslated(message: ast.expr) -> bool:
    """A literal, an f-string, or text glued to values outside a translation call."""
    if _is_text(message):
        return True
    if isinstance(message, ast.IfExp):
        return untranslated(message.body) or untranslated(message.orelse)
    if isinstance(message, ast.BinOp):  # "..." % x, "..." + x: the sentence itself is not translated
        return _is_text(message.left) or _is_text(message.right) or untranslated(message.left)
    return False


def msgids(message: ast.expr) -> Iterator[str]:
    for node in ast.walk(message):
        if isinstance(node, ast.Call) and _name(node.func) in TRANSLATORS and node.args \
                and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
            yield node.args[0].value


def test_the_walk_finds_the_domain_errors():
    assert {"NotFound", "ValidationFailed", "TooLong", "UnreadableDocument", "InputError", "ParameterError",
            "PeriodError", "TargetError"} <= error_classes()
    places = {place.split(":")[0] for place, _message in raised_messages()}
    assert {"hoinhap/mechanisms/rules.py", "hoinhap/mechanisms/parameters.py", "hoinhap/indicators/periods.py",
            "hoinhap/indicators/measures.py", "hoinhap/implementation/cutoffs.py", "hoinhap/mechanisms/cli.py"} <= places
    assert sum(1 for _ in raised_messages()) > 200


@pytest.mark.parametrize("source,bad", [
    ('raise NotFound("no task")', True),
    ('raise NotFound(f"no task {pk}")', True),
    ('raise NotFound("no task %s" % pk)', True),
    ('raise NotFound(_("a") if up else "b")', True),
    ('raise NotFound(_("no task %(pk)s") % {"pk": pk})', False),
    ('raise NotFound(gettext("no task"))', False),
    ('raise UnreadableDocument(N_("damaged PDF: %(error)s"), error=error)', False),
    ('raise UnreadableInput(str(error))', False),
    ('raise InputError(f"input {name} is required")', True),
    ('raise InputError(N_("input %(name)s is required"), name=name)', False),
])
def test_the_rule_tells_literals_from_translated_messages(source, bad):
    raised = ast.parse(source).body[0]
    assert isinstance(raised, ast.Raise) and isinstance(raised.exc, ast.Call)
    assert untranslated(raised.exc.args[0]) is bad


def test_every_domain_error_message_is_translatable():
    offenders = [place for place, message in raised_messages() if untranslated(message)]
    assert offenders == [], "wrap these messages in _() with named placeholders"


def test_every_domain_error_message_has_its_vietnamese():
    catalogue = {entry.msgid: entry.msgstr for entry in polib.pofile(str(VI_PO)) if not entry.msgctxt}
    missing = sorted({(msgid, place) for place, message in raised_messages() for msgid in msgids(message)
                      if not catalogue.get(msgid, "").strip()})
    assert missing == []
