"""The ``moukawil`` console script.

It is Django's ``manage.py`` under another name, so every sub-command calls the same services as the pages and
the API. Sub-commands may be written with hyphens (``moukawil demo-data``) or underscores (``demo_data``).
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else argv)
    if len(args) > 1 and not args[1].startswith("-"):
        args[1] = args[1].replace("-", "_")
    execute_from_command_line(args)


if __name__ == "__main__":
    main()
