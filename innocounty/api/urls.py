"""`/api/v1/`: token-authenticated, so exempt from the site's login redirect (the API
answers 401 itself); DRF views need no CSRF token for token authentication."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path
from drf_spectacular.views import SpectacularJSONAPIView

from innocounty.api import views

app_name = "api"


def _api(route: str, view, name: str):
    return path(route, login_not_required(view), name=name)


urlpatterns = [
    _api("plans/", views.plan_list, "plan-list"),
    _api("plans/<slug:plan_key>/indicators/", views.indicator_list, "indicator-list"),
    _api(
        "plans/<slug:plan_key>/indicators/<slug:code>/values/",
        views.value_history,
        "value-history",
    ),
    _api("plans/<slug:plan_key>/rounds/<int:round_id>/values/", views.round_values, "round-values"),
    _api("compare/", views.compare, "compare"),
    _api("schema/", SpectacularJSONAPIView.as_view(), "schema"),
]
