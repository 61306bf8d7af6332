#!/usr/bin/env python
"""Django's command-line utility for ThINKA Netzwerk."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thinka_site.settings")
    # Migrations and commands may run long and wait for locks; web requests may not
    # (thinka_site.settings, "DB_STATEMENT_TIMEOUT_MS"). Set them to limit commands too.
    os.environ.setdefault("DB_STATEMENT_TIMEOUT_MS", "0")
    os.environ.setdefault("DB_LOCK_TIMEOUT_MS", "0")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
