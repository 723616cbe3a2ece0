from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from crm.roles import user_role


def dashboard(request):
    """The landing page: what needs attention today. Later apps add their panels through the template."""
    return render(request, "dashboard.html", {"role": user_role(request.user)})


def profile(request):
    return render(request, "profile.html", {"role": user_role(request.user)})


@require_safe
def search(request):
    """The header's search box: every kind of record the user may view, grouped by kind."""
    from crm.search import MAX_QUERY_LENGTH, search_everything

    q = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    groups = search_everything(q=q, user=request.user) if q else []
    return render(request, "search.html", {"q": q, "groups": groups, "found": sum(group.count for group in groups)})


def _is_admin(user) -> bool:
    return user_role(user) == "admin"


def trash(request):
    """Deleted records an admin can restore."""
    from django.contrib import messages
    from django.core.exceptions import PermissionDenied, ValidationError
    from django.shortcuts import redirect

    from crm.selectors import deleted_records
    from crm.services import record_restore

    if not _is_admin(request.user):
        raise PermissionDenied
    if request.method == "POST":
        try:
            history_id = int(request.POST.get("history_id", ""))
            restored = record_restore(model_label=request.POST.get("model", ""), history_id=history_id, by=request.user)
        except ValueError:
            messages.error(request, _("Choose a record to restore."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Restored: %(record)s") % {"record": restored})
        return redirect("crm:trash")
    return render(request, "trash.html", {"records": deleted_records()})
