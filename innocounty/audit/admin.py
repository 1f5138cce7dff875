from django.contrib import admin

from innocounty.audit.models import LogEntry


@admin.register(LogEntry)
class LogEntryAdmin(admin.ModelAdmin):
    list_display = ("created", "action", "user", "content_type", "object_id")
    list_filter = ("action", "content_type")
    search_fields = ("action", "object_id", "user__username")
    readonly_fields = ("created", "action", "user", "content_type", "object_id", "data")

    def has_add_permission(self, request):  # the log is written by the system only
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
