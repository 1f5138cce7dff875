"""The province (or city) office's pages: its counties side by side (issue #16)."""

from django.urls import path

from innocounty.province import scoring_views

app_name = "province"

urlpatterns: list = [
    # The comparison pages (the `province:overview` page at /province/, drill-down, export,
    # the province bulletin) are added here.
    path("scoring/<int:year>/", scoring_views.scoring_method, name="scoring"),
    path("scoring/<int:year>/freeze/", scoring_views.scoring_method_freeze, name="scoring-freeze"),
]
