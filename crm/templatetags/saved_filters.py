"""`{% saved_filters "contacts:list" %}`: a list page's saved filters (the user's own and those shared with
everyone) as links, and a form that saves the filters in use under a name."""

from django import template
from django.db.models import Q

from crm.models import SavedFilter
from crm.services import saved_filter_can_delete, saved_filter_query

register = template.Library()


@register.inclusion_tag("includes/saved_filters.html", takes_context=True)
def saved_filters(context, page: str):
    request = context["request"]
    rows = list(
        SavedFilter.objects.filter(Q(owner=request.user) | Q(shared=True), page=page)
        .select_related("owner")
        .order_by("name", "id")
    )
    return {
        "page": page,
        "saved": [(row, saved_filter_can_delete(saved=row, user=request.user)) for row in rows],
        "query": saved_filter_query(request.GET),
        "next": request.get_full_path(),
        "user": request.user,
        "csrf_token": context.get("csrf_token"),
    }
