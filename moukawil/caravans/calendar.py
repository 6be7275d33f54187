"""The public calendar as an iCalendar feed (RFC 5545), in French or in Arabic: one event per stop."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from django.utils import timezone
from django.utils.translation import gettext

from .models import Stop


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Lines of at most 75 octets, continued with a space (RFC 5545 §3.1)."""
    raw = line.encode()
    if len(raw) <= 75:
        return line
    parts, current = [], b""
    for char in line:
        encoded = char.encode()
        if len(current) + len(encoded) > (75 if not parts else 74):
            parts.append(current.decode())
            current = b""
        current += encoded
    parts.append(current.decode())
    return "\r\n ".join(parts)


def _utc(day, moment) -> str:
    aware = timezone.make_aware(datetime.combine(day, moment))
    return aware.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def ical(stops: Iterable[Stop], *, language: str, site_url: str) -> str:
    arabic = language == "ar"
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Moukawil//Caravanes//FR", "CALSCALE:GREGORIAN",
             f"X-WR-CALNAME:{_escape(gettext('Caravanes et forums'))}"]  # fmt: skip
    stamp = timezone.now().astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    for stop in stops:
        campaign = stop.campaign.title_ar if arabic and stop.campaign.title_ar else stop.campaign.title_fr
        city = stop.city_ar if arabic and stop.city_ar else stop.city
        venue = stop.venue_ar if arabic and stop.venue_ar else stop.venue
        services = ", ".join(stop.service_labels)
        if stop.state == "cancelled":  # the feed keeps the event (calendars remove it) and says why
            services = f"{gettext('Escale annulée')} : {stop.cancel_reason}"
        host = (stop.host.name_ar if arabic and stop.host.name_ar else stop.host.name_fr) if stop.host else ""
        lines += [
            "BEGIN:VEVENT",
            f"UID:stop-{stop.pk}@moukawil.ma",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{_utc(stop.day, stop.opens_at)}",
            f"DTEND:{_utc(stop.day, stop.closes_at)}",
            f"SUMMARY:{_escape(f'{campaign} — {city}')}",
            f"LOCATION:{_escape(', '.join(x for x in (venue, host, city) if x))}",
            f"DESCRIPTION:{_escape(services)}",
            f"URL:{site_url}/caravanes/escales/{stop.pk}/",
            f"STATUS:{'CANCELLED' if stop.state == 'cancelled' else 'CONFIRMED'}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
