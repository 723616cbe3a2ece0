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
from imports.choices import ImportJob, ImportKind, ImportStatus
from imports.exports import office_workbook, template_bytes
from imports.forms import MappingForm, UploadForm
from imports.models import ImportRecord

PAGE_SIZE = 25


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
        kind, content = form.cleaned_data["kind"], upload.read()
        try:
            headers = list(services.read_table(content, upload.name).headers or [])
            record = services.import_draft_create(
                kind=kind,
                content=content,
                file_name=upload.name,
                by=request.user,
                mapping=_initial_mapping(request, kind, headers),
                defaults=form.defaults(),
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error("file", message)
        else:
            services.import_job_start(record=record, job=ImportJob.PREVIEW, by=request.user)
            return redirect("imports:detail", pk=record.pk)
    return render(request, "imports/import_form.html", {"form": form, "kinds": ImportKind.choices})


def _initial_mapping(request, kind: str, headers: list[str]) -> dict[str, str]:
    """Every header of a new file mapped as the importer reads it (the user's remembered choices first), '' for
    those it ignores: the mapping the first preview, and the import unless changed, use."""
    suggested = services.suggested_mapping(kind, headers, request.user)
    return {header: suggested.get(header, "") for header in headers if header}


def _mapping_form(request, record: ImportRecord, data=None) -> MappingForm:
    headers = list(services.read_table(bytes(record.content), record.file_name).headers or [])
    initial = record.mapping or _initial_mapping(request, record.kind, headers)
    return MappingForm(data, headers=headers, columns=services.columns_of(record.kind), initial_mapping=initial)


@require_GET
@permission_required("imports.view_importrecord", raise_exception=True)
def import_detail_view(request, pk: int):
    record = services.job_progress(
        get_object_or_404(ImportRecord.objects.select_related("user").defer("content"), pk=pk)
    )
    context = {"record": record}
    if record.status == ImportStatus.PREVIEWED and request.user.has_perm("imports.add_importrecord"):
        if not record.job_running:
            context["mapping_form"] = _mapping_form(request, record)
        # The preview made with the mapping in use; another (or none yet) is made on demand, in the background.
        if record.preview and record.preview.get("mapping") == dict(record.mapping or {}):
            context["preview"] = record.preview
    return render(request, "imports/import_detail.html", context)


@require_GET
@permission_required("imports.view_importrecord", raise_exception=True)
def import_progress_view(request, pk: int):
    """The progress bar of a running job (htmx polls it each second); once the job is over, the page reloads."""
    record = services.job_progress(get_object_or_404(ImportRecord.objects.defer("content", "preview"), pk=pk))
    if not record.job_running:
        if not request.headers.get("HX-Request"):
            return redirect("imports:detail", pk=record.pk)
        response = HttpResponse("")
        response["HX-Refresh"] = "true"
        return response
    return render(request, "imports/_progress.html", {"record": record})


@require_POST
@permission_required("imports.add_importrecord", raise_exception=True)
def import_job_view(request, pk: int, job: str):
    """Preview the kept file (with the mapping in use), or import it all or nothing: in the background, the page
    showing its progress and then what it found or did."""
    record = get_object_or_404(ImportRecord.objects.defer("content"), pk=pk)
    _job_start(request, record, job)
    return redirect("imports:detail", pk=record.pk)


def _job_start(request, record: ImportRecord, job: str) -> None:
    try:
        services.import_job_start(record=record, job=job, by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)


@require_POST
@permission_required("imports.add_importrecord", raise_exception=True)
def import_mapping_view(request, pk: int):
    record = get_object_or_404(ImportRecord, pk=pk, status=ImportStatus.PREVIEWED)
    form = _mapping_form(request, record, request.POST)
    if form.is_valid():
        mapping = form.mapping()
        services.import_mapping_set(record=record, mapping=mapping, by=request.user)
        messages.success(request, _("Column mapping saved; the preview below uses it."))
        _job_start(request, record, ImportJob.PREVIEW)
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
