from django.contrib import admin

from .models import AuditEvent, NumberCounter


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "event_type", "actor_label", "target_label", "region"]
    list_filter = ["event_type", "region"]
    list_select_related = ["region"]
    search_fields = ["actor_label", "target_label", "target_id"]

    # Append-only: the admin can read the log, never change it.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(NumberCounter)
class NumberCounterAdmin(admin.ModelAdmin):
    list_display = ["series", "year", "last_value"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
