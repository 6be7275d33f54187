"""The demo and local development: console e-mail, and DEBUG off unless DJANGO_DEBUG=1.

With DEBUG off, an unknown record or a refused page shows the platform's own 404 and 403 pages, in the page's
language, as in production — not Django's technical pages in English. WhiteNoise serves the static files straight
from the apps and node_modules (finders, re-read on each request: no collectstatic), which runserver stops doing
when DEBUG is off.
"""

from .base import *  # noqa: F403
from .base import MIDDLEWARE

MIDDLEWARE = [MIDDLEWARE[0], "whitenoise.middleware.WhiteNoiseMiddleware", *MIDDLEWARE[1:]]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
