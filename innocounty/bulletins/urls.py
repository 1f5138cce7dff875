from django.urls import path

from innocounty.bulletins import views

app_name = "bulletins"

urlpatterns = [
    path("", views.bulletin_list, name="bulletin-list"),
    path("new/", views.bulletin_create, name="bulletin-create"),
    path("<int:bulletin_id>/", views.bulletin_detail, name="bulletin-detail"),
    path("<int:bulletin_id>/edit/", views.bulletin_edit, name="bulletin-edit"),
    path("<int:bulletin_id>/issue/", views.bulletin_issue, name="bulletin-issue"),
    path("<int:bulletin_id>/preview/", views.bulletin_preview, name="bulletin-preview"),
    path("<int:bulletin_id>/docx/", views.bulletin_download, name="bulletin-download"),
    path("<int:bulletin_id>/pdf/", views.bulletin_pdf, name="bulletin-pdf"),
    path("<int:bulletin_id>/export/<slug:kind>/", views.bulletin_export, name="bulletin-export"),
]
