from django.shortcuts import render

from crm.roles import user_role


def dashboard(request):
    """The landing page: what needs attention today. Later apps add their panels through the template."""
    return render(request, "dashboard.html", {"role": user_role(request.user)})


def profile(request):
    return render(request, "profile.html", {"role": user_role(request.user)})
