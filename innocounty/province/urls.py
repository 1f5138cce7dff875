"""The province (or city) office's pages: its counties side by side (issue #16)."""

from django.urls import path

app_name = "province"

urlpatterns: list = [
    # The comparison pages (the `province:overview` page at /province/, drill-down, export,
    # the province bulletin) and the scoring methods' pages are added here.
]
