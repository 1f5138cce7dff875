from django.urls import path

from innocounty.acceptance import views

app_name = "acceptance"

urlpatterns = [
    path("<slug:plan_key>/", views.readiness, name="readiness"),
    path("<slug:plan_key>/final/", views.final_assessment, name="final"),
    path("<slug:plan_key>/reports/new/", views.report_create, name="report-create"),
    path("reports/<int:report_id>/", views.report_detail, name="report-detail"),
    path("reports/<int:report_id>/edit/", views.report_edit, name="report-edit"),
    path("reports/<int:report_id>/issue/", views.report_issue, name="report-issue"),
    path("reports/<int:report_id>/docx/", views.report_download, name="report-download"),
    path("reports/<int:report_id>/bundle/", views.report_bundle, name="report-bundle"),
]
