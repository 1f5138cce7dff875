from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "innocounty.reporting"
    label = "reporting"
    verbose_name = _("填报")
