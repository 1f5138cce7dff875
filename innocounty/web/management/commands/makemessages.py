"""Django's makemessages, also collecting the pure core's marks (`innocounty.core.messages`).

The core marks its labels and sentences with ``N_("…")`` and ``NC_("context", "…")`` instead of
importing Django; xgettext learns these two keywords here.
"""

from __future__ import annotations

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [
        *makemessages.Command.xgettext_options,
        "--keyword=N_",
        "--keyword=NC_:1c,2",
    ]
