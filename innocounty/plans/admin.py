"""The Django admin for the office and admin: people ↔ units, and a read view of the plan.

The plan's structure comes from plan files (`innocounty load-plan`), so that a correction is
reviewed as a file and every change is reported; the admin edits people, not the plan.
"""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from innocounty.plans.models import Indicator, Plan, Region, Target, Task, TaskUnit, Unit

admin.site.site_header = _("创新型县（市）建设监测平台 管理后台")
admin.site.site_title = _("管理后台")
admin.site.index_title = _("管理")


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]


@admin.register(Plan)
class PlanAdmin(ReadOnlyAdmin):
    """Read only, except the county it belongs to (tenancy: who may see the plan)."""

    list_display = ("title", "key", "county", "doc_number", "date", "start_year", "end_year")
    list_filter = ("county",)

    def get_readonly_fields(self, request, obj=None):
        return [name for name in super().get_readonly_fields(request, obj) if name != "county"]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    """The region tree and who holds a role where (the role itself is the person's group)."""

    list_display = ("name", "code", "level", "parent", "theme", "zone", "demo")
    list_filter = ("level", "theme", "zone", "demo")
    search_fields = ("name", "code")
    filter_horizontal = ("users",)


class TaskUnitInline(admin.TabularInline):
    model = TaskUnit
    extra = 0
    can_delete = False
    readonly_fields = ("unit", "role", "position")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Task)
class TaskAdmin(ReadOnlyAdmin):
    list_display = ("number", "title", "program", "plan")
    list_filter = ("plan", "program")
    search_fields = ("title", "text")
    inlines = [TaskUnitInline]


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0
    can_delete = False
    readonly_fields = ("year", "kind", "value")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Indicator)
class IndicatorAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "category", "measure_unit", "direction", "plan")
    list_filter = ("plan", "category", "direction", "measure_type", "frequency")
    search_fields = ("code", "name")
    inlines = [TargetInline]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    """Units are read-only except their people: who reports for which unit."""

    list_display = ("name", "kind", "member", "plan", "people")
    list_filter = ("plan", "kind", "member")
    search_fields = ("name", "aliases")
    filter_horizontal = ("users",)
    readonly_fields = ("plan", "name", "kind", "member", "duties", "aliases", "position")

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("人员"))
    def people(self, obj: Unit) -> str:
        return "、".join(u.username for u in obj.users.all())

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("users")
