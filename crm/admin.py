"""The user admin: only a superuser may grant superuser status or single permissions, or change a superuser.

An admin of the office (staff, in the admin role, not a superuser) manages accounts and their roles (groups);
offering them `is_superuser` or `user_permissions` would let them grant what they do not hold (issue 9, finding 11).
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

SUPERUSER_ONLY_FIELDS = ("is_superuser", "user_permissions")

User = get_user_model()


class CrmUserAdmin(UserAdmin):
    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        return [
            (name, {**options, "fields": tuple(f for f in options["fields"] if f not in SUPERUSER_ONLY_FIELDS)})
            for name, options in fieldsets
        ]

    def get_list_filter(self, request):
        filters = super().get_list_filter(request)
        return filters if request.user.is_superuser else tuple(f for f in filters if f != "is_superuser")

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)


admin.site.unregister(User)
admin.site.register(User, CrmUserAdmin)
