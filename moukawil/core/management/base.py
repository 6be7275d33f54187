"""The base of every Moukawil management command (and so of every ``moukawil`` sub-command)."""

from __future__ import annotations

import sys

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from moukawil.core.errors import BusinessError


class MoukawilCommand(BaseCommand):
    """Adds ``--actor EMAIL`` (whose name goes into the audit log) and turns business refusals into clean errors."""

    def add_arguments(self, parser):
        parser.add_argument(
            "--actor",
            help="Adresse e-mail du compte au nom duquel la commande agit (journal d'audit). Par défaut : système.",
        )

    verbosity = 1

    def execute(self, *args, **options):
        self.verbosity = options.get("verbosity", 1)
        try:
            return super().execute(*args, **options)
        except BusinessError as exc:
            raise CommandError(f"{exc.message} [{exc.code}]") from exc

    def get_actor(self, options):
        email = options.get("actor")
        if not email:
            return None
        user = get_user_model().objects.filter(email=email.strip().lower()).first()
        if user is None:
            raise CommandError(f"Aucun compte pour l'adresse {email}.")
        return user

    def progress(self, done: int, total: int | None, label: str = "") -> None:
        """A one-line progress bar on a terminal, silent otherwise (logs stay clean)."""
        if not sys.stderr.isatty() or self.verbosity == 0:
            return
        if total:
            width = 30
            filled = int(width * done / total)
            bar = "#" * filled + "-" * (width - filled)
            sys.stderr.write(f"\r{label} [{bar}] {done}/{total}")
        else:
            sys.stderr.write(f"\r{label} {done}")
        if total and done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()
