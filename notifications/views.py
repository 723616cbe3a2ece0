"""The bell in the header (loaded by htmx), the notifications page, and marking read."""

from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from notifications.selectors import notifications_of
from notifications.services import notification_mark_read, notifications_mark_all_read, unread_count

PAGE_SIZE = 100


@require_safe
def bell_view(request):
    return render(request, "notifications/bell.html", {"unread": unread_count(request.user)})


@require_safe
def list_view(request):
    rows = notifications_of(request.user)[:PAGE_SIZE]
    return render(request, "notifications/list.html", {"notifications": rows, "unread": unread_count(request.user)})


@require_POST
def read_view(request, pk: int):
    notification = get_object_or_404(notifications_of(request.user), pk=pk)
    notification_mark_read(notification=notification, by=request.user)
    if notification.url and request.POST.get("open"):
        return redirect(notification.url)
    return redirect("notifications:list")


@require_POST
def read_all_view(request):
    notifications_mark_all_read(user=request.user, by=request.user)
    return redirect("notifications:list")
