"""The tie pages: list (the API's filters), detail (lifecycle, approvals, the allowed next steps), create, edit."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from contacts.models import Entity
from core.exports import export_response
from core.history import history_page
from core.paging import page_of_rows
from core.pickers import picker_options
from relations.choices import RelationStatus
from relations.filters import RelationFilterSet
from relations.forms import (
    RELATIONS,
    AdvanceForm,
    ApprovalForm,
    RelationCreateForm,
    RelationEditForm,
    StepRedateForm,
    UpgradeForm,
    as_id,
)
from relations.lifecycle import can_upgrade
from relations.models import Relation, RelationStep
from relations.selectors import (
    home_default,
    relation_detail_queryset,
    relation_events,
    relation_list,
    relation_years,
    sensitive_destinations,
)
from relations.services import (
    approval_next_level,
    approval_record,
    relation_advance,
    relation_create,
    relation_step_redate,
    relation_update,
    relation_upgrade,
    status_label,
)

PAGE_SIZE = 50


@require_GET
@permission_required("relations.view_relation", raise_exception=True)
def relation_list_view(request):
    filterset, relations = _relations_selected(request)
    # Sorted and cut on the ties alone; the page's rows then read with both ends (core.paging).
    page = page_of_rows(relations, lambda ids: relation_list().filter(pk__in=ids), request.GET.get("page"), PAGE_SIZE)
    rows = list(page.object_list)
    for relation in rows:
        relation.years = relation_years(relation)
    return render(
        request,
        "relations/relation_list.html",
        {
            "filter": filterset,
            "form": filterset.form,
            "page_obj": page,
            "relations": rows,
        },
    )


@require_GET
@permission_required("relations.view_relation", raise_exception=True)
def relation_options_view(request):
    """`<option>`s of the ties matching a search, for every tie picker (htmx, core.pickers)."""
    return picker_options(request, source=RELATIONS, queryset=Relation.objects.select_related("source", "target"))


@require_GET
@permission_required("relations.view_relation", raise_exception=True)
def relation_export_view(request, fmt: str):
    """The list's current selection (its filters, every page) as XLSX or CSV, in the import template's columns."""
    from relations.exports import relations_table

    return export_response(relations_table, _relations_selected(request)[1], fmt, "ties")


@require_GET
@permission_required("relations.view_relation", raise_exception=True)
def approval_export_view(request, fmt: str):
    """The approval decisions of the list's current selection (its filters, every page) as XLSX or CSV."""
    from relations.exports import approvals_table

    return export_response(approvals_table, _relations_selected(request)[1], fmt, "approvals")


def _relations_selected(request) -> tuple[RelationFilterSet, QuerySet[Relation]]:
    """The list's filters and the ties they select (none while a filter is invalid)."""
    filterset = RelationFilterSet(request.GET or None, queryset=relation_list(), request=request)
    relations = filterset.qs if filterset.is_bound and filterset.is_valid() else relation_list()
    if filterset.is_bound and not filterset.is_valid():
        relations = relations.none()
    return filterset, relations


def _detail_context(request, relation: Relation, **forms) -> dict:
    allowed = relation.allowed_next
    return {
        "relation": relation,
        "steps": relation.steps.all(),
        "approvals": relation.approvals.all(),
        "events": relation_events(relation),
        "years": relation_years(relation),
        "allowed_next": [(s, status_label(s)) for s in allowed],
        "can_upgrade": can_upgrade(relation.status, relation.kind),
        "predecessor": relation.upgraded_from,
        "successor": getattr(relation, "upgraded_to", None),
        "history": history_page(relation),
        "advance_form": forms.get("advance_form") or AdvanceForm(allowed=allowed),
        "approval_form": forms.get("approval_form")
        or ApprovalForm(
            next_level=approval_next_level(relation) if relation.status == RelationStatus.APPLIED else None
        ),
        "upgrade_form": forms.get("upgrade_form") or UpgradeForm(),
        "redate_form": forms.get("redate_form"),
        "show_approvals_form": relation.status == RelationStatus.APPLIED,
        "sensitive": sensitive_destinations([relation.source.country, relation.target.country]),
    }


def _get_relation(pk: int) -> Relation:
    return get_object_or_404(relation_detail_queryset(), pk=pk)


@require_GET
@permission_required("relations.view_relation", raise_exception=True)
def relation_detail_view(request, pk: int):
    relation = _get_relation(pk)
    return render(request, "relations/relation_detail.html", _detail_context(request, relation))


def _detail_action(request, pk: int, form_name: str, make_form, act):
    """A form posted from the tie's page: when it is valid, `act(relation, cleaned_data)` runs the service and answers
    (the page to go to, the message to show); a refusal shows the tie's page again with the form and the reasons."""
    relation = _get_relation(pk)
    form = make_form(relation)
    if form.is_valid():
        try:
            target, message = act(relation, form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
            relation = _get_relation(pk)  # the refused change may have been half-applied in memory
        else:
            messages.success(request, message)
            return redirect(target)
    return render(request, "relations/relation_detail.html", _detail_context(request, relation, **{form_name: form}))


def _step_fields(request, data: dict) -> dict:
    return {"on": data["date"], "by": request.user, "note": data["note"], "document_no": data["document_no"]}


@require_POST
@permission_required(("relations.view_relation", "relations.change_relation"), raise_exception=True)
def relation_advance_view(request, pk: int):
    def advance(relation, data):
        relation = relation_advance(relation=relation, to_status=data["status"], **_step_fields(request, data))
        return relation, _("The tie moved to “%(status)s”.") % {"status": status_label(relation.status)}

    return _detail_action(
        request, pk, "advance_form", lambda relation: AdvanceForm(request.POST, allowed=relation.allowed_next), advance
    )


@require_POST
@permission_required(("relations.view_relation", "relations.change_relation"), raise_exception=True)
def relation_redate_view(request, pk: int):
    """Correct a recorded step's date (kept in history)."""

    def redate(relation, data):
        step = get_object_or_404(RelationStep, pk=data["step"], relation=relation)
        relation_step_redate(step=step, on=data["date"], by=request.user)
        return relation, _("The date of the step was corrected.")

    return _detail_action(request, pk, "redate_form", lambda relation: StepRedateForm(request.POST), redate)


@require_POST
@permission_required(("relations.view_relation", "relations.change_relation"), raise_exception=True)
def relation_approval_view(request, pk: int):
    def record(relation, data):
        approval_record(relation=relation, level=data["level"], outcome=data["outcome"], **_step_fields(request, data))
        return relation, _("The approval decision was recorded.")

    return _detail_action(request, pk, "approval_form", lambda relation: ApprovalForm(request.POST), record)


@require_POST
@permission_required(("relations.view_relation", "relations.change_relation"), raise_exception=True)
def relation_upgrade_view(request, pk: int):
    def upgrade(relation, data):
        successor = relation_upgrade(relation=relation, **_step_fields(request, data))
        return successor, _("The tie was upgraded to a sister city; anniversaries still count from the first signing.")

    return _detail_action(request, pk, "upgrade_form", lambda relation: UpgradeForm(request.POST), upgrade)


@require_http_methods(["GET", "POST"])
@permission_required(("relations.view_relation", "relations.add_relation"), raise_exception=True)
def relation_create_view(request):
    if request.method == "POST":
        form = RelationCreateForm(request.POST)
        if form.is_valid():
            try:
                relation = relation_create(**form.service_arguments(), by=request.user)
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, _("The tie was created."))
                return redirect(relation)
    else:
        initial = {}
        for end in ("source", "target"):
            entity_id = as_id(request.GET.get(end))
            if entity_id is not None:
                initial[end] = entity_id
        if "target" in initial and "source" not in initial:
            # Started from a foreign partner: our side is the home city (issue 15 item 10); a person's tie is theirs.
            target = Entity.objects.filter(pk=initial["target"]).first()
            home = home_default() if target is not None and not target.domestic and target.kind != "person" else None
            if home is not None:
                initial["source"] = home.pk
        initial["date"] = timezone.localdate()  # shown, not assumed: the officer sees and may change it
        form = RelationCreateForm(initial=initial)
    return render(request, "relations/relation_form.html", {"form": form, "relation": None})


@require_http_methods(["GET", "POST"])
@permission_required(("relations.view_relation", "relations.change_relation"), raise_exception=True)
def relation_edit_view(request, pk: int):
    relation = get_object_or_404(relation_list(), pk=pk)
    if request.method == "POST":
        form = RelationEditForm(request.POST, instance=relation)
        if form.is_valid():
            try:
                with transaction.atomic():
                    current = Relation.objects.select_for_update().get(pk=pk)
                    form.check_version(current)
                    relation_update(relation=current, data=form.service_arguments(), by=request.user)
                    form.saved()
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, _("The tie was saved."))
                return redirect(relation)
    else:
        form = RelationEditForm(instance=relation)
    return render(request, "relations/relation_form.html", {"form": form, "relation": relation})
