"""Type aliases the apps share, for annotations.

`User` is a person's account: who acts in a service (`by=`), whose units and roles are read.
`AnyUser` is `request.user`, who may not be signed in: the access rules and roles take it.
`AuthenticatedHttpRequest` is the request of a view behind `LoginRequiredMiddleware`, whose
user is signed in, so the view can pass `request.user` to a service as `by`.
"""

from __future__ import annotations

from typing import TypeAlias

from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.models import User as AuthUser
from django.http import HttpRequest

User: TypeAlias = AuthUser
AnyUser: TypeAlias = AuthUser | AnonymousUser


class AuthenticatedHttpRequest(HttpRequest):
    user: User
