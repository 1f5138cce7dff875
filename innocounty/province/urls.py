"""The province (or city) office's pages: its counties side by side (issue #16)."""

from django.urls import path

from innocounty.province import scoring_views, views

app_name = "province"

urlpatterns: list = [
    path("", views.overview, name="overview"),
    path("export.xlsx", views.export, name="export"),
    path("bulletins/", views.bulletin_list, name="bulletin-list"),
    path("bulletins/new/", views.bulletin_create, name="bulletin-create"),
    path("bulletins/<int:bulletin_id>/", views.bulletin_detail, name="bulletin-detail"),
    path("bulletins/<int:bulletin_id>/edit/", views.bulletin_edit, name="bulletin-edit"),
    path("bulletins/<int:bulletin_id>/issue/", views.bulletin_issue, name="bulletin-issue"),
    path("bulletins/<int:bulletin_id>/docx/", views.bulletin_download, name="bulletin-download"),
    path("scoring/<int:year>/", scoring_views.scoring_method, name="scoring"),
    path("scoring/<int:year>/freeze/", scoring_views.scoring_method_freeze, name="scoring-freeze"),
]
