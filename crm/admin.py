"""The user admin: only a superuser may grant superuser status or single permissions, or change a superuser.

An admin of the office (staff, in the admin role, not a superuser) manages accounts and their roles (groups);
offering them `is_superuser` or `user_permissions` would let them grant what they do not hold (issue 9, finding 11).
They also list each account's API tokens and revoke them (issue 9, finding 7); login lockouts are axes' own admin
(Access attempts: deleting one unlocks).
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from knox.models import AuthToken

SUPERUSER_ONLY_FIELDS = ("is_superuser", "user_permissions")

User = get_user_model()


def _active_q() -> Q:
    return Q(expiry__gt=timezone.now()) | Q(expiry__isnull=True)


class ActiveTokenFilter(admin.SimpleListFilter):
    title = _("active")
    parameter_name = "active"

    def lookups(self, request, model_admin):
        return [("1", _("Yes")), ("0", _("No (expired)"))]

    def queryset(self, request, queryset):
        if self.value() == "1":
            return queryset.filter(_active_q())
        if self.value() == "0":
            return queryset.exclude(_active_q())
        return queryset


class AuthTokenAdmin(admin.ModelAdmin):
    """Every account's API tokens: filter by user, delete to revoke. Tokens are made by logging in, never here (an
    admin who made one could act as its user), and are stored hashed, so nothing here can be used to log in."""

    list_display = ("user", "token_key", "created", "expiry")
    list_filter = (ActiveTokenFilter, "user")
    search_fields = ("user__username", "token_key")
    fields = ("user", "token_key", "created", "expiry")
    ordering = ("-created",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class CrmUserAdmin(UserAdmin):
    readonly_fields = ("api_tokens",)

    # A link, not an inline: the change form then posts exactly the fields it did (no formset to send along).
    @admin.display(description=_("API tokens"))
    def api_tokens(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        active = obj.auth_token_set.filter(_active_q()).count()
        url = reverse("admin:knox_authtoken_changelist") + f"?user__id__exact={obj.pk}&active=1"
        label = ngettext("%(count)d active: list and revoke", "%(count)d active: list and revoke", active)
        return format_html('<a href="{}">{}</a>', url, label % {"count": active})

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None:
            fieldsets = [*fieldsets, (_("API tokens"), {"fields": ("api_tokens",)})]
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
# knox registers its own (which can make tokens); ours only lists and revokes them.
admin.site.unregister(AuthToken)
admin.site.register(AuthToken, AuthTokenAdmin)
