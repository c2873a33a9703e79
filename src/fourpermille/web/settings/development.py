"""Development (``make run``): DEBUG on unless DJANGO_DEBUG says otherwise, SQLite under var/ by default."""

from fourpermille.web.settings.base import *  # noqa: F403
from fourpermille.web.settings.env import env_bool

DEBUG = env_bool("DJANGO_DEBUG", True)
