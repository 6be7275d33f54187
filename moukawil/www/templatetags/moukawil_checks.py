"""Reasons stored in French with their msgid, shown in the page's language: ``{{ check|check_reason }}`` (an
automatic check, ``registry.checks``) and ``{{ error|row_reason }}`` (a refused row of an import)."""

from django import template

from moukawil.core import tabular
from moukawil.registry.checks import reason_of

register = template.Library()


@register.filter
def check_reason(check: dict) -> str:
    return reason_of(check)


@register.filter
def row_reason(error: dict) -> str:
    return tabular.row_reason(error)
