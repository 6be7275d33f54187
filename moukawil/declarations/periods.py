"""Declaration periods: months or quarters of a calendar year, in Morocco's time (Africa/Casablanca)."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime

from django.db import models
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from moukawil.rules.parameters import parameter


class Periodicity(models.TextChoices):
    MONTHLY = "monthly", _("Mensuelle")
    QUARTERLY = "quarterly", _("Trimestrielle")


PERIODS_PER_YEAR = {Periodicity.MONTHLY: 12, Periodicity.QUARTERLY: 4}


def _add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


@dataclass(frozen=True, order=True)
class Period:
    year: int
    periodicity: str
    number: int  # 1..12 (months) or 1..4 (quarters)

    def __post_init__(self):
        if not 2000 <= self.year <= 2100:
            raise ValueError(f"Année {self.year} invalide : entre 2000 et 2100.")
        if not 1 <= self.number <= PERIODS_PER_YEAR[Periodicity(self.periodicity)]:
            raise ValueError(f"Période {self.number} invalide pour une périodicité {self.periodicity}.")

    @property
    def months(self) -> int:
        return 1 if self.periodicity == Periodicity.MONTHLY else 3

    @property
    def start(self) -> date:
        return date(self.year, (self.number - 1) * self.months + 1, 1)

    @property
    def end(self) -> date:
        return _month_end(self.year, self.number * self.months)

    @property
    def due_date(self) -> date:
        """Last day of the month following the period (the delay is a dated parameter)."""
        months = int(parameter("ae.declaration.deadline_months").required_at(self.end))
        following = _add_months(self.end.replace(day=1), months)
        return _month_end(following.year, following.month)

    @property
    def label(self) -> str:
        """ "T2 2025" or "mai 2025" (in the active language: "الفصل 2 2025", "ماي 2025")."""
        if self.periodicity == Periodicity.MONTHLY:
            return f"{MONTHS[self.number]} {self.year}"
        return gettext("T%(number)s %(year)s") % {"number": self.number, "year": self.year}

    def previous_in_year(self) -> list[Period]:
        return [Period(self.year, self.periodicity, n) for n in range(1, self.number)]

    @classmethod
    def containing(cls, moment: date | datetime, periodicity: str) -> Period:
        """The period a payment cashed at ``moment`` belongs to. An aware datetime is read in Morocco's time
        (Africa/Casablanca, UTC+1 most of the year): cashed at 23:30 on 30 June in Casablanca is in the second
        quarter, while 23:30 UTC on 30 June is already 1 July in Morocco, third quarter."""
        if isinstance(moment, datetime):
            moment = timezone.localtime(moment).date() if timezone.is_aware(moment) else moment.date()
        months = 1 if periodicity == Periodicity.MONTHLY else 3
        return cls(moment.year, periodicity, (moment.month - 1) // months + 1)

    def __str__(self) -> str:
        return self.label
