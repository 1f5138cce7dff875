from django.urls import path

from innocounty.supervision import views

app_name = "supervision"

urlpatterns = [
    path("plans/<slug:plan_key>/", views.ledger, name="ledger"),
    path("plans/<slug:plan_key>/ledger.xlsx", views.ledger_export, name="ledger-export"),
    path("plans/<slug:plan_key>/new", views.item_new, name="item-new"),
    path(
        "plans/<slug:plan_key>/units/<int:unit_id>/chase.docx",
        views.chase_notice,
        name="chase-notice",
    ),
    path("items/<int:item_id>/", views.item_detail, name="item-detail"),
    path("items/<int:item_id>/notice.docx", views.item_notice, name="item-notice"),
    path("items/<int:item_id>/<str:action>", views.item_action, name="item-action"),
    path("items/<int:item_id>/steps/<int:step_id>/file", views.step_file, name="step-file"),
    path(
        "plans/<slug:plan_key>/tasks/<int:number>/milestones/", views.milestones, name="milestones"
    ),
    path(
        "milestones/<int:milestone_id>/confirm", views.milestone_confirm, name="milestone-confirm"
    ),
    path("milestones/<int:milestone_id>/done", views.milestone_done, name="milestone-done"),
    path("plans/<slug:plan_key>/meetings/", views.meeting_list, name="meeting-list"),
    path("plans/<slug:plan_key>/meetings/new", views.meeting_new, name="meeting-new"),
    path("meetings/<int:meeting_id>/", views.meeting_detail, name="meeting-detail"),
    path("meetings/<int:meeting_id>/minutes", views.meeting_minutes, name="meeting-minutes"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/read", views.inbox_read, name="inbox-read"),
]
