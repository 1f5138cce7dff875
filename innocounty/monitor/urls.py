from django.urls import path

from innocounty.monitor import views

app_name = "monitor"

urlpatterns = [
    path("", views.start, name="start"),
    path("<slug:plan_key>/", views.cockpit, name="cockpit"),
    path("<slug:plan_key>/indicators/", views.indicator_list, name="indicator-list"),
    path("<slug:plan_key>/indicators/<slug:code>/", views.indicator, name="indicator"),
    path("<slug:plan_key>/tasks/", views.task_board, name="task-board"),
    path("<slug:plan_key>/tasks/<int:number>/", views.task, name="task"),
    path("<slug:plan_key>/ranking/", views.ranking, name="ranking"),
    path("<slug:plan_key>/units/<int:unit_id>/", views.unit_scorecard, name="unit-scorecard"),
]
