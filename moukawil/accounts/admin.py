from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import ApiToken, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "role", "region", "organisation", "is_active"]
    list_filter = ["role", "region", "is_active"]
    list_select_related = ["region", "organisation"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (
            "Identité",
            {
                "fields": [
                    "first_name",
                    "last_name",
                    "first_name_ar",
                    "last_name_ar",
                    "phone",
                    "preferred_language",
                ]
            },
        ),
        ("Rôle", {"fields": ["role", "region", "organisation", "is_active", "is_staff", "is_superuser"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2", "role", "region"]})]
    # Role and activation changes must be audited: they go through the services (moukawil user-set-role, pages).
    readonly_fields = ["role", "region", "organisation", "is_active", "is_superuser"]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "expires_at", "last_used_at", "revoked_at"]
    list_select_related = ["user"]
    readonly_fields = [
        "user",
        "name",
        "prefix",
        "key_hash",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    ]

    def has_add_permission(self, request):
        return False
