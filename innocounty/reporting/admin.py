from django.contrib import admin

from innocounty.reporting.models import Value


@admin.register(Value)
class ValueAdmin(admin.ModelAdmin):
    list_display = ("indicator", "period", "value", "is_demo", "source")
    list_filter = ("indicator__plan", "period", "is_demo")
    search_fields = ("indicator__name", "indicator__code")
    list_select_related = ("indicator",)
