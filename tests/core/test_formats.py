"""Numbers, amounts and dates as a person reads them, in French and in Arabic, on pages and in PDFs."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from moukawil.core import formats

NNBSP, NBSP = "\u202f", "\u00a0"


@pytest.mark.parametrize(
    ("language", "number", "money", "rounded", "percent", "long_date"),
    [
        ("fr", f"1{NNBSP}234{NNBSP}567,5", f"1{NNBSP}234{NNBSP}567,50{NBSP}DH", f"1{NNBSP}234{NNBSP}568{NBSP}DH",
         f"12,5{NBSP}%", "5 mars 2024"),
        # ar_MA in Babel: Latin digits (as the Moroccan administration writes them), "." between thousands.
        ("ar", "1.234.567,5", f"1.234.567,50{NBSP}درهم", f"1.234.568{NBSP}درهم", "12,5%", "5 مارس 2024"),
    ],
)  # fmt: skip
def test_each_language_writes_numbers_amounts_and_dates_its_way(language, number, money, rounded, percent, long_date):
    with translation.override(language):
        assert formats.number(1234567.5) == number
        assert formats.money(Decimal("1234567.5")) == money
        assert formats.money(1234567.5, 0) == rounded
        assert formats.percent(0.125) == percent
        assert formats.date(date(2024, 3, 5)) == "05/03/2024"
        assert formats.date(date(2024, 3, 5), "long") == long_date
        # A moment is shown in Morocco's time (UTC+1 in January), with its time only when asked.
        moment = datetime(2024, 1, 15, 23, 30, tzinfo=UTC)
        assert formats.date(moment) == "16/01/2024"
        assert formats.date(moment, "time") == "16/01/2024 00:30"
        assert formats.number(None) == formats.money(None) == formats.date(None) == ""


def test_the_filters_follow_the_page_language_and_isolate_latin_tokens():
    template = Template(
        "{% load moukawil_formats %}{{ amount|money }} | {{ count|number }} | {{ on|day }} | {{ number|ltr }}"
    )
    context = {"amount": Decimal("1234.5"), "count": 12345, "on": date(2024, 3, 5), "number": "2019-000001-98"}
    with translation.override("ar"):
        assert template.render(Context(context)) == (
            f'1.234,50{NBSP}درهم | 12.345 | 05/03/2024 | <bdi dir="ltr" class="text-nowrap">2019-000001-98</bdi>'
        )
    with translation.override("fr"):
        french = template.render(Context({**context, "number": "<b>"}))
        assert french.startswith(f"1{NNBSP}234,50{NBSP}DH")
        assert french.endswith('<bdi dir="ltr" class="text-nowrap">&lt;b&gt;</bdi>')  # escaped


def test_isolate_wraps_a_token_for_plain_text():
    assert formats.isolate("2019-000001-98") == "\u20662019-000001-98\u2069"
    assert formats.isolate("") == ""


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_a_figure_that_does_not_exist_reads_as_a_dash_and_a_true_zero_as_0(language):
    with translation.override(language):
        assert formats.figure(None) == formats.NO_FIGURE == "—"
        assert formats.figure(0) == "0"
        assert formats.rate(None, 12) == "—"
        assert formats.rate(Decimal("0.00"), 0) == "0,00"
        # Six registrations among four million inhabitants: not « 0,00 » per 1,000, which would read as nobody.
        below = formats.rate(Decimal("0.00"), 6)
        assert below.strip("\u2066\u2069") == f"<{NBSP}0,01"
        assert formats.rate(Decimal("1.25"), 5000) == "1,25"
        page = Template("{% load moukawil_formats %}{{ v|figure }}|{{ r|rate:n }}").render(
            Context({"v": None, "r": Decimal("0.00"), "n": 6})
        )
        assert page.startswith("—|") and "0,01" in page


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_a_count_is_written_as_babels_pattern_writes_it(language):
    """Counts take a shorter way than Babel's pattern (core.formats.number): the same characters, in both languages."""
    from babel.core import Locale
    from babel.numbers import parse_pattern

    from moukawil.core.formats import LOCALES
    from moukawil.core.formats import number as write

    parsed = Locale.parse(LOCALES[language])
    with translation.override(language):
        whole = (Decimal(0), Decimal("7"), Decimal("1234567"), Decimal("1E+3"), Decimal("12.000"), Decimal("-0"))
        for value in (0, 7, 999, 1000, 12345, 1234567, 10**12, 2**63, *whole, Decimal("12.5"), Decimal(-4), -4):
            for decimals, pattern in ((None, parsed.decimal_formats[None]), (0, parse_pattern("#,##0"))):
                assert write(value, decimals) == pattern.apply(value, parsed, numbering_system="latn"), value
