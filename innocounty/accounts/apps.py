from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "innocounty.accounts"
    label = "accounts"
    verbose_name = _("人员与账号")

    def ready(self) -> None:
        from innocounty.accounts import signals  # noqa: F401
