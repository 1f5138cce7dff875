from django.urls import path

from innocounty.reporting import excel_views, views

app_name = "reporting"

round_urls = [
    path("rounds/", views.round_list, name="round-list"),
    path("plans/<slug:plan_key>/rounds/new", views.round_create, name="round-create"),
    path("rounds/<int:round_id>/", views.round_detail, name="round-detail"),
    path("rounds/<int:round_id>/close", views.round_close, name="round-close"),
    path("rounds/<int:round_id>/chase.xlsx", views.round_chase_export, name="round-chase-export"),
    path("rounds/<int:round_id>/review/", views.round_review, name="round-review"),
    path(
        "rounds/<int:round_id>/review/units/<int:unit_id>/approve",
        views.round_review_unit_approve,
        name="round-review-unit-approve",
    ),
]

entry_urls = [
    path("todo/", views.todo, name="todo"),
    path("rounds/<int:round_id>/units/<int:unit_id>/", views.round_unit, name="round-unit"),
    path(
        "rounds/<int:round_id>/units/<int:unit_id>/save",
        views.round_unit_save,
        name="round-unit-save",
    ),
    path(
        "rounds/<int:round_id>/units/<int:unit_id>/submit",
        views.round_unit_submit,
        name="round-unit-submit",
    ),
]

value_urls = [
    path("values/<int:value_id>/", views.value_detail, name="value-detail"),
    path("values/<int:value_id>/submit", views.value_submit, name="value-submit"),
    path("values/<int:value_id>/approve", views.value_approve, name="value-approve"),
    path("values/<int:value_id>/return", views.value_return, name="value-return"),
    path("values/<int:value_id>/correct", views.value_correct, name="value-correct"),
    path("values/<int:value_id>/evidence", views.value_evidence, name="value-evidence"),
    path("evidence/<int:evidence_id>/", views.evidence_download, name="evidence-download"),
]

task_urls = [
    path(
        "rounds/<int:round_id>/units/<int:unit_id>/tasks/<int:number>/",
        views.task_report_edit,
        name="task-report-edit",
    ),
    path(
        "rounds/<int:round_id>/units/<int:unit_id>/tasks/<int:number>/save",
        views.task_report_save,
        name="task-report-save",
    ),
    path("task-reports/<int:report_id>/", views.task_report_detail, name="task-report-detail"),
    path(
        "task-reports/<int:report_id>/evidence",
        views.task_report_evidence,
        name="task-report-evidence",
    ),
    path(
        "task-reports/<int:report_id>/<slug:action>",
        views.task_report_action,
        name="task-report-action",
    ),
]

urlpatterns = round_urls + entry_urls + value_urls + task_urls

excel_urls = [
    path(
        "rounds/<int:round_id>/units/<int:unit_id>/template.xlsx",
        excel_views.round_unit_template,
        name="round-unit-template",
    ),
    path(
        "rounds/<int:round_id>/units/<int:unit_id>/upload",
        excel_views.round_unit_upload,
        name="round-unit-upload",
    ),
    path("values/export", excel_views.values_export, name="values-export"),
]

urlpatterns += excel_urls
