"""What a locked-out login sees (django-axes, issue 9 finding 8): the login page with the reason; JSON under /api/."""

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import ngettext
from rest_framework import exceptions, status


def lockout_message() -> str:
    minutes = max(1, round(settings.AXES_COOLOFF_TIME.total_seconds() / 60))
    return ngettext(
        "Too many failed login attempts: logging in is locked for %(minutes)d minute. "
        "An administrator can unlock it sooner.",
        "Too many failed login attempts: logging in is locked for %(minutes)d minutes. "
        "An administrator can unlock it sooner.",
        minutes,
    ) % {"minutes": minutes}


class LockedOut(exceptions.APIException):
    """The token endpoint's answer to a locked-out username or address, whatever the password."""

    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_code = "locked_out"


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: axes' middleware calls it for a request it flagged as locked out."""
    if request.path_info.startswith("/api/"):
        return JsonResponse({"detail": lockout_message()}, status=status.HTTP_429_TOO_MANY_REQUESTS)
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    form = AuthenticationForm(request, initial={"username": username})
    context = {"form": form, "lockout": lockout_message(), "next": request.POST.get("next", "")}
    return render(request, "registration/login.html", context, status=status.HTTP_429_TOO_MANY_REQUESTS)
