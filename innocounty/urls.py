from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from innocounty.ops.forms import ThrottledAuthenticationForm

urlpatterns = [
    path("", include("innocounty.web.urls")),
    path("plans/", include("innocounty.plans.urls")),
    path("reporting/", include("innocounty.reporting.urls")),
    path("monitor/", include("innocounty.monitor.urls")),
    path("bulletins/", include("innocounty.bulletins.urls")),
    path("supervision/", include("innocounty.supervision.urls")),
    path("acceptance/", include("innocounty.acceptance.urls")),
    path("api/v1/", include("innocounty.api.urls")),
    path("province/", include("innocounty.province.urls")),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=ThrottledAuthenticationForm),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/", include("innocounty.accounts.urls")),
    # Before login too: the login page has the language switch.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
]
