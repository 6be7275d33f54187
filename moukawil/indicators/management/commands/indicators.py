"""``moukawil indicators refresh [--year 2019 …] [--all]`` rebuilds the dashboards' summaries (as the system, or
``--actor EMAIL``); ``moukawil indicators export FILE.csv`` writes the open-data file."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Recalculer les chiffres agrégés ou exporter les données ouvertes."

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["refresh", "export"])
        parser.add_argument("path", nargs="?", help="Fichier CSV (export)")
        parser.add_argument("--year", type=int, action="append", dest="years")
        parser.add_argument("--all", action="store_true", dest="all_years")
        parser.add_argument("--actor", help="E-mail du compte qui agit (par défaut : la plateforme)")

    def handle(self, *args, what, path=None, years=None, all_years=False, actor=None, **options):
        from django.core.exceptions import PermissionDenied

        from moukawil.accounts.models import User
        from moukawil.indicators.services import summaries_refresh

        user = User.objects.filter(email=actor).first() if actor else None
        if actor and user is None:
            raise CommandError(f"Compte inconnu : {actor}")
        if what == "refresh":
            try:
                report = summaries_refresh(actor=user, years=years, all_years=all_years)
            except PermissionDenied as refusal:
                raise CommandError(str(refusal)) from None
            self.stdout.write(f"{report['rows']} ligne(s) recalculée(s) pour {report['indicators']} indicateur(s).")
            return
        if not path:
            raise CommandError("Indiquez le fichier CSV à écrire.")
        from moukawil.indicators.opendata import open_data_rows
        from moukawil.registry.exports import csv_stream

        headers, rows = open_data_rows()
        with open(path, "w", encoding="utf-8", newline="") as handle:
            for chunk in csv_stream(headers, rows):
                handle.write(chunk)
        self.stdout.write(f"{len(rows)} ligne(s) écrites dans {path}.")
