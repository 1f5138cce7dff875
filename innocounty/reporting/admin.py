"""Reporting in the admin: read-only. Values change only through the workflow (services)."""

from django.contrib import admin

from innocounty.plans.admin import ReadOnlyAdmin
from innocounty.reporting.models import Evidence, Round, TaskReport, Value


@admin.register(Round)
class RoundAdmin(ReadOnlyAdmin):
    list_display = ("title", "plan", "period", "deadline", "status")
    list_filter = ("plan", "status")


@admin.register(Value)
class ValueAdmin(ReadOnlyAdmin):
    list_display = ("indicator", "period", "version", "state", "value", "unit", "is_demo")
    list_filter = ("indicator__plan", "state", "period", "is_demo")
    search_fields = ("indicator__name", "indicator__code")
    list_select_related = ("indicator", "unit")


@admin.register(TaskReport)
class TaskReportAdmin(ReadOnlyAdmin):
    list_display = ("task", "unit", "round", "version", "state", "percent")
    list_filter = ("round", "state", "role")
    list_select_related = ("task", "unit", "round")


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdmin):
    list_display = ("name", "size", "content_type", "uploaded", "uploaded_by")
