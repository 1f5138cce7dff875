from django.contrib import admin

from innocounty.ops.models import LoginFailure


@admin.register(LoginFailure)
class LoginFailureAdmin(admin.ModelAdmin):
    list_display = ("created", "username", "address")
    search_fields = ("username", "address")
    readonly_fields = ("created", "username", "address")

    def has_add_permission(self, request):  # written by the login form only
        return False

    def has_change_permission(self, request, obj=None):
        return False
