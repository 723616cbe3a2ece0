"""Admin: the merges (with an "undo" action for admins) and the silenced pairs; "Merge selected entities" on the
entities' list opens the merge form."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from contacts.admin import EntityAdmin
from dedupe import services
from dedupe.models import Merge, NotDuplicate
from dedupe.views import merge_url


@admin.action(description=_("Merge selected entities…"), permissions=["merge"])
def merge_entities(modeladmin, request, queryset):
    ids = list(queryset.order_by("pk").values_list("pk", flat=True))
    if len(ids) < 2:
        modeladmin.message_user(request, _("Select at least two entities to merge."), messages.WARNING)
        return None
    return redirect(merge_url(ids))


def _has_merge_permission(self, request) -> bool:
    return request.user.has_perm("dedupe.add_merge")


# contacts (below this app) cannot know the merge: the action is added to its admin from here.
EntityAdmin.has_merge_permission = _has_merge_permission  # type: ignore[attr-defined]
EntityAdmin.actions = [*(EntityAdmin.actions or []), merge_entities]


@admin.register(Merge)
class MergeAdmin(SimpleHistoryAdmin):
    list_display = ("summary", "merged_by", "created", "undone_at")
    list_filter = ("undone_at",)
    search_fields = ("summary", "reason")
    readonly_fields = [f.name for f in Merge._meta.fields]
    actions = ["undo"]

    def has_add_permission(self, request) -> bool:
        return False  # merges are made from the merge form, which moves the links

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description=_("Undo selected merges"), permissions=["delete"])
    def undo(self, request, queryset):
        for merge in queryset.order_by("-pk"):  # the latest first: an earlier one may wait on it
            try:
                services.merge_undo(merge=merge, by=request.user)
            except ValidationError as exc:
                self.message_user(request, f"{merge}: {' '.join(exc.messages)}", messages.ERROR)
            else:
                self.message_user(request, _("Undone: %(merge)s") % {"merge": merge}, messages.SUCCESS)


@admin.register(NotDuplicate)
class NotDuplicateAdmin(SimpleHistoryAdmin):
    list_display = ("first", "second", "note", "decided_by", "created")
    raw_id_fields = ("first", "second")
    list_select_related = ("first", "second", "decided_by")
