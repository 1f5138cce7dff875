"""API tokens stay out of the Django admin: they are made only by `innocounty create-token`,
which audits each one, and their keys are never shown again."""

import rest_framework.authtoken.admin  # noqa: F401 (registers TokenProxy, taken out below)
from django.contrib import admin
from rest_framework.authtoken.models import TokenProxy

admin.site.unregister(TokenProxy)
