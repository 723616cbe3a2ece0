"""The attachments panel on each record's page (loaded by htmx), the upload form's target and the downloads."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseBadRequest, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from attachments.downloads import attachment_response
from attachments.forms import AttachmentForm
from attachments.models import Attachment
from attachments.selectors import attachments_of
from attachments.services import allowed_types, attachment_create
from contacts.models import Entity
from events.models import Event, FollowUp
from relations.models import Relation

# The records a panel can stand on: kind -> (model, view permission).
PANEL_TARGETS = {
    "entity": (Entity, "contacts.view_entity"),
    "relation": (Relation, "relations.view_relation"),
    "event": (Event, "events.view_event"),
    "followup": (FollowUp, "events.view_followup"),
}


def _target(request, data):
    """The record named by one of `entity`, `relation`, `event`, `followup` in `data`, or None."""
    for kind, (model, permission) in PANEL_TARGETS.items():
        value = data.get(kind, "")
        if value:
            if not value.isdigit():
                return None, None
            if not request.user.has_perm(permission):
                raise PermissionDenied
            return kind, get_object_or_404(model, pk=int(value))
    return None, None


def _steps(kind, record):
    return list(record.steps.order_by("date", "id")) if kind == "relation" else []


@require_safe
def panel_view(request):
    if not request.user.has_perm("attachments.view_attachment"):
        raise PermissionDenied
    kind, record = _target(request, request.GET)
    if record is None:
        return HttpResponseBadRequest(_("Name the record: entity, relation, event or followup."))
    form = AttachmentForm(steps=_steps(kind, record))
    return render(
        request,
        "attachments/panel.html",
        {
            "attachments": attachments_of(target_kind=kind, target_id=record.pk),
            "kind": kind,
            "record": record,
            "form": form,
            "accept": ",".join(f".{ext}" for ext in sorted(allowed_types())),
            "can_add": request.user.has_perm("attachments.add_attachment"),
        },
    )


def upload_view(request):
    if not request.user.has_perm("attachments.add_attachment"):
        raise PermissionDenied  # before the method: a viewer is refused the form's target whatever the method
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    kind, record = _target(request, request.POST)
    if record is None:
        return HttpResponseBadRequest(_("Name the record: entity, relation, event or followup."))
    steps = _steps(kind, record)
    form = AttachmentForm(request.POST, request.FILES, steps=steps)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = record.get_absolute_url() if hasattr(record, "get_absolute_url") else "/"
    if form.is_valid():
        target = {kind: record}
        step_id = form.cleaned_data.get("step")
        if step_id:
            target = {"step": next(s for s in steps if s.pk == step_id)}
        try:
            attachment = attachment_create(
                file=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
                kind=form.cleaned_data["kind"],
                by=request.user,
                **target,
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Attached: %(name)s") % {"name": attachment})
    else:
        messages.error(request, " ".join(" ".join(errors) for errors in form.errors.values()))
    return redirect(f"{back}#attachments")


@require_safe
def download_view(request, pk: int):
    if not request.user.has_perm("attachments.view_attachment"):
        raise PermissionDenied
    return attachment_response(get_object_or_404(Attachment, pk=pk))


@require_safe
def thumbnail_view(request, pk: int):
    if not request.user.has_perm("attachments.view_attachment"):
        raise PermissionDenied
    return attachment_response(get_object_or_404(Attachment, pk=pk), thumbnail=True)
