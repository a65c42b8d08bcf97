"""The marked messages of the framework-free cores, said in the reader's language.

The rules (``InputError``, an evaluation's reason, a rule's description and inputs), the parameter table
(``ParameterError``) and the indicators core (``PeriodError``, ``TargetError``, a judgement's
explanation) keep an English template marked with ``N_`` and its values apart, as the legal core does;
the adapters (pages, API, command line) call ``said`` where a person reads them: the template through the
catalogue, numbers, dates and periods as Vietnamese readers write them (``hoinhap.formatting``)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from django.utils.translation import get_language, gettext

from hoinhap import formatting
from hoinhap.indicators.periods import Period


def _vietnamese() -> bool:
    return (get_language() or "vi").startswith("vi")


def _shown(value: object) -> object:
    if not _vietnamese() or isinstance(value, bool):
        return value
    exponent = value.as_tuple().exponent if isinstance(value, Decimal) else 0
    if isinstance(value, Decimal) and isinstance(exponent, int) and exponent < 0:
        return formatting.number(value, -exponent)  # as written: a coefficient of 4.40 is "4,40"
    if isinstance(value, int | Decimal):
        return formatting.number(value)
    if isinstance(value, date):
        return formatting.date_table(value)
    if isinstance(value, Period):
        return formatting.period(value)
    return value


def said(template: str, params: Mapping[str, object] | None = None) -> str:
    """``template`` translated, filled with ``params`` shown for the reader."""
    translated = gettext(template)
    return translated % {key: _shown(value) for key, value in params.items()} if params else translated


def error_message(error: Exception) -> str:
    """A marked error (``template`` and ``params``) in the reader's language; any other as it is."""
    template = getattr(error, "template", None)
    return said(template, getattr(error, "params", None)) if isinstance(template, str) else str(error)
