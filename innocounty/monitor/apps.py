from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitorConfig(AppConfig):
    name = "innocounty.monitor"
    label = "monitor"
    verbose_name = _("监测分析")

    def ready(self) -> None:
        # Plans, reporting and supervision announce changes without importing the monitor
        # (see plans/hooks.py).
        from innocounty.monitor.results import plan_results_stale
        from innocounty.plans import hooks

        hooks.on_plan_changed(plan_results_stale)
