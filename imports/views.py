"""The import pages: upload, column mapping, preview (every row new / update / unchanged / error), confirm, the list
of imports and undo; and the templates to download."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.exports import XLSX_CONTENT_TYPE
from imports import services
from imports.choices import ImportKind, ImportStatus
from imports.exports import office_workbook, template_bytes
from imports.forms import MappingForm, UploadForm
from imports.models import ImportRecord

PAGE_SIZE = 25
PREVIEW_ROWS = 500


@require_GET
@permission_required("imports.view_importrecord", raise_exception=True)
def import_list_view(request):
    records = ImportRecord.objects.select_related("user").defer("content")
    page = Paginator(records, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "imports/import_list.html", {"page_obj": page, "records": page.object_list,
                                                         "kinds": ImportKind.choices})  # fmt: skip


@require_http_methods(["GET", "POST"])
@permission_required("imports.add_importrecord", raise_exception=True)
def import_create_view(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            record = services.import_draft_create(
                kind=form.cleaned_data["kind"],
                content=upload.read(),
                file_name=upload.name,
                by=request.user,
                defaults=form.defaults(),
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error("file", message)
        else:
            return redirect("imports:detail", pk=record.pk)
    return render(request, "imports/import_form.html", {"form": form, "kinds": ImportKind.choices})


def _mapping_form(request, record: ImportRecord, data=None) -> MappingForm:
    headers = list(services.read_table(bytes(record.content), record.file_name).headers or [])
    initial = record.mapping or services.suggested_mapping(record.kind, headers, request.user)
    if not record.mapping:
        initial = {h: initial.get(h, "") for h in headers}
    return MappingForm(data, headers=headers, columns=services.columns_of(record.kind), initial_mapping=initial)


@require_GET
@permission_required("imports.view_importrecord", raise_exception=True)
def import_detail_view(request, pk: int):
    record = get_object_or_404(ImportRecord.objects.select_related("user"), pk=pk)
    context = {"record": record}
    if record.status == ImportStatus.PREVIEWED and request.user.has_perm("imports.add_importrecord"):
        context["mapping_form"] = _mapping_form(request, record)
        report = services.import_preview(
            kind=record.kind,
            content=bytes(record.content),
            file_name=record.file_name,
            by=request.user,
            mapping=context["mapping_form"].initial_mapping(),
            defaults=record.defaults,
        )
        context.update(report=report, rows=report.rows[:PREVIEW_ROWS], more=max(0, len(report.rows) - PREVIEW_ROWS))
    return render(request, "imports/import_detail.html", context)


@require_POST
@permission_required("imports.add_importrecord", raise_exception=True)
def import_mapping_view(request, pk: int):
    record = get_object_or_404(ImportRecord, pk=pk, status=ImportStatus.PREVIEWED)
    form = _mapping_form(request, record, request.POST)
    if form.is_valid():
        mapping = form.mapping()
        services.import_mapping_set(record=record, mapping=mapping, by=request.user)
        messages.success(request, _("Column mapping saved; the preview below uses it."))
    return redirect("imports:detail", pk=record.pk)


@require_POST
@permission_required("imports.add_importrecord", raise_exception=True)
def import_run_view(request, pk: int):
    record = get_object_or_404(ImportRecord, pk=pk)
    try:
        report = services.import_record_run(record=record, by=request.user)
    except services.ImportRefused as exc:
        for message in exc.report.messages()[:10]:
            messages.error(request, message)
        messages.error(request, _("Nothing was imported: correct the file or the mapping and try again."))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        counts = report.counts
        messages.success(
            request,
            _("Imported: %(new)d new, %(update)d updated, %(unchanged)d unchanged.")
            % {"new": counts["new"], "update": counts["update"], "unchanged": counts["unchanged"]},
        )
    return redirect("imports:detail", pk=record.pk)


@require_POST
@permission_required("imports.change_importrecord", raise_exception=True)
def import_undo_view(request, pk: int):
    record = get_object_or_404(ImportRecord, pk=pk)
    try:
        services.import_undo(record=record, by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The import has been undone."))
    return redirect("imports:detail", pk=record.pk)


@require_GET
@permission_required("imports.view_importrecord", raise_exception=True)
def import_template_view(request, kind: str):
    if kind not in ImportKind.values:
        raise Http404
    response = HttpResponse(template_bytes(kind), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="template-{kind}.xlsx"'
    return response


OFFICE_PERMISSIONS = ("contacts.view_entity", "relations.view_relation", "events.view_event", "events.view_followup")


@require_GET
@permission_required(OFFICE_PERMISSIONS, raise_exception=True)
def office_export_view(request):
    """Every record of the office, one sheet per kind (for a handover); re-imported by `import_records office`."""
    response = HttpResponse(office_workbook(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="office.xlsx"'
    return response
