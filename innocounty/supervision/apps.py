from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "innocounty.supervision"
    label = "supervision"
    verbose_name = _("督办")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Reporting calls these without importing supervision (see reporting/hooks.py).
        from innocounty.reporting import hooks
        from innocounty.supervision.services import notify_value_returned

        hooks.on_value_returned(notify_value_returned)
