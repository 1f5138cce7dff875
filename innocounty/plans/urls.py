from django.urls import path

from innocounty.plans import views

app_name = "plans"

urlpatterns = [
    path("import/", views.plan_import, name="plan-import"),
    path("import/confirm", views.plan_import_confirm, name="plan-import-confirm"),
    path("<slug:plan_key>/", views.plan_detail, name="plan-detail"),
    path("<slug:plan_key>/tasks/<int:number>/", views.task_detail, name="task-detail"),
    path("<slug:plan_key>/indicators/", views.indicator_list, name="indicator-list"),
    path(
        "<slug:plan_key>/indicators/<slug:code>/", views.indicator_detail, name="indicator-detail"
    ),
    path("<slug:plan_key>/units/", views.unit_list, name="unit-list"),
    path("<slug:plan_key>/units/<int:unit_id>/", views.unit_detail, name="unit-detail"),
    path("<slug:plan_key>/matrix/", views.matrix, name="matrix"),
    path("<slug:plan_key>/scoring/", views.plan_scoring, name="plan-scoring"),
]
