"""The demo and local development: DEBUG on unless DJANGO_DEBUG says otherwise, console e-mail."""

import os

os.environ.setdefault("DJANGO_DEBUG", "1")

from .base import *  # noqa: F403
