from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    name = "innocounty.ops"
    label = "ops"
    verbose_name = _("运维")

    def ready(self) -> None:
        from django.contrib import admin
        from django.contrib.auth.signals import user_logged_in

        from innocounty.ops.middleware import session_login_seen
        from innocounty.ops.views import admin_login

        user_logged_in.connect(session_login_seen, dispatch_uid="ops.session_login_seen")

        # The admin's own login form would take passwords without the lock-out or the audit.
        admin.site.login = admin_login  # type: ignore[method-assign]  # replaced on purpose
