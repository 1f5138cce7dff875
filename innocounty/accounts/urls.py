from django.urls import path

from innocounty.accounts import views

app_name = "accounts"

urlpatterns = [
    path("password/", views.password_change, name="password-change"),
    path("manage/people/", views.people, name="people"),
    path("manage/people/new/", views.person_create, name="person-create"),
    path("manage/people/<int:user_id>/edit/", views.person_edit, name="person-edit"),
    path("manage/people/<int:user_id>/reset/", views.person_reset, name="person-reset"),
    path(
        "manage/people/<int:user_id>/deactivate/", views.person_deactivate, name="person-deactivate"
    ),
    path(
        "manage/people/<int:user_id>/reactivate/", views.person_reactivate, name="person-reactivate"
    ),
    path("manage/locked/", views.locked, name="locked"),
    path("manage/locked/unlock/", views.unlock, name="unlock"),
    path("manage/audit/", views.audit_log, name="audit"),
]
