from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "innocounty.audit"
    label = "audit"
    verbose_name = _("操作记录")

    def ready(self) -> None:
        from innocounty.audit import checks  # noqa: F401
