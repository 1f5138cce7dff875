from __future__ import annotations

from django.http import HttpRequest

from innocounty.supervision.models import Notification


def inbox(request: HttpRequest) -> dict[str, object]:
    """The unread count shown on the bell in the header."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"inbox_unread": Notification.objects.filter(user=user, read_at__isnull=True).count()}
