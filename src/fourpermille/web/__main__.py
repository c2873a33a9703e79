"""``python -m fourpermille.web <command>``: Django's manage.py for the platform."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fourpermille.web.settings.development")
    from django.core.management import execute_from_command_line

    execute_from_command_line([sys.argv[0], *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
