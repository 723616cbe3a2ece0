from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from crm.roles import user_role, user_role_label


def dashboard(request):
    """The landing page: what needs attention today. Later apps add their panels through the template."""
    return render(request, "dashboard.html", {"role": user_role_label(request.user)})


def profile(request):
    return render(request, "profile.html", {"role": user_role_label(request.user)})


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


def _back(request, fallback: str = "/"):
    """Back to the list the form was posted from (only a path on this site)."""
    from django.shortcuts import redirect
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        target = fallback
    return redirect(target)


def saved_filter_save_view(request):
    """Save the filters in use on a list under a name (any signed-in user: they are the user's own)."""
    from django.contrib import messages
    from django.core.exceptions import ValidationError
    from django.http import HttpResponseNotAllowed

    from crm.services import saved_filter_save

    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        saved = saved_filter_save(
            owner=request.user,
            page=request.POST.get("page", ""),
            name=request.POST.get("name", ""),
            query=request.POST.get("query", ""),
            shared=request.POST.get("shared") == "1",
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Filters saved as “%(name)s”.") % {"name": saved.name})
    return _back(request)


def saved_filter_delete_view(request, pk: int):
    from django.contrib import messages
    from django.core.exceptions import PermissionDenied
    from django.http import Http404, HttpResponseNotAllowed

    from crm.models import SavedFilter
    from crm.services import saved_filter_can_delete, saved_filter_delete

    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    saved = SavedFilter.objects.filter(pk=pk).first()
    if saved is None:
        raise Http404
    if not saved_filter_can_delete(saved=saved, user=request.user):
        raise PermissionDenied
    saved_filter_delete(saved=saved, by=request.user)
    messages.success(request, _("Saved filter “%(name)s” deleted.") % {"name": saved.name})
    return _back(request)
