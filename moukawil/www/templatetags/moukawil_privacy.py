"""Identity data as the reader may see it (``core.privacy``): ``{% load moukawil_privacy %}`` then
``{{ person.cin|cin_for:user }}``, ``{{ person.birth_date|birth_for:user }}``, ``{{ person.phone|phone_for:user }}``.
A masked birth date shows its year only."""

from django import template

from moukawil.core import formats
from moukawil.core.privacy import masked

register = template.Library()


@register.filter
def cin_for(value, user):
    return masked(user, "cin", value)


@register.filter
def phone_for(value, user):
    return masked(user, "phone", value)


@register.filter
def birth_for(value, user):
    shown = masked(user, "birth_date", value)
    return shown if shown is None or isinstance(shown, int | str) else formats.date(shown)


@register.simple_tag
def retention_periods():
    """The retention periods in force (``privacy.retention.*`` parameters), for the privacy notice."""
    from moukawil.core import clock
    from moukawil.privacy.services import retention_periods as periods

    return periods(clock.today())
