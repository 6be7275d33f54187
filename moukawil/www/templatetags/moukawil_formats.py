"""Template filters over ``core.formats``: ``{% load moukawil_formats %}`` then ``|money``, ``|number``, ``|day``,
``|percent`` (in the page's language), ``|figure`` and ``|rate`` (« — » for a figure that does not exist) and
``|ltr``, which keeps a Latin token (registration number, CIN, reference, e-mail, ICE) in its own order inside an
Arabic sentence: ``{% blocktranslate with number=registration.number|ltr %}``.
"""

from django import template
from django.utils.html import format_html

from moukawil.core import formats

register = template.Library()


@register.filter
def money(value, decimals=2):
    """``{{ amount|money }}`` → ``1 234,50 DH`` / ``1.234,50 درهم``; ``|money:0`` for rounded totals."""
    return formats.money(value, int(decimals))


@register.filter
def number(value, decimals=None):
    """``{{ count|number }}`` → ``12 345`` / ``12.345``."""
    return formats.number(value, None if decimals is None else int(decimals))


@register.filter
def figure(value, decimals=None):
    """``{{ count|figure }}`` → ``12 345``, or « — » when there is no figure (never 0, never an empty cell)."""
    return formats.figure(value, None if decimals is None else int(decimals))


@register.filter
def rate(value, count=None):
    """``{{ row.rate|rate:row.value }}`` → ``1,25``; « — » without a rate; ``< 0,01`` for a count that is not 0."""
    return formats.rate(value, count)


@register.filter
def day(value, style="short"):
    """``{{ on|day }}`` → ``05/03/2024``; ``|day:"time"`` → ``05/03/2024 14:30``; ``|day:"long"`` → ``5 mars 2024``."""
    return formats.date(value, style)


@register.filter
def percent(value, decimals=1):
    return formats.percent(value, int(decimals))


@register.filter
def ltr(value):
    """The value escaped, isolated left to right and never split at a hyphen:
    ``<bdi dir="ltr" class="text-nowrap">2019-000001-98</bdi>``."""
    if value is None or value == "":
        return ""
    return format_html('<bdi dir="ltr" class="text-nowrap">{}</bdi>', value)
