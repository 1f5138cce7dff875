from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProvinceConfig(AppConfig):
    name = "innocounty.province"
    label = "province"
    verbose_name = _("全省比较")
