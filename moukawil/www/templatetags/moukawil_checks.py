"""``{{ check|check_reason }}``: an automatic check's reason in the page's language (``registry.checks``)."""

from django import template

from moukawil.registry.checks import reason_of

register = template.Library()


@register.filter
def check_reason(check: dict) -> str:
    return reason_of(check)
