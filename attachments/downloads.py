"""Serving a stored file: only through a permission-checked view, never as a public static file."""

from django.http import FileResponse, Http404

from attachments.models import Attachment


def attachment_response(attachment: Attachment, *, thumbnail: bool = False) -> FileResponse:
    """The file (or its thumbnail) as a download, opened through the storage API (local disk or S3 alike)."""
    stored = attachment.thumbnail if thumbnail else attachment.file
    if not stored:
        raise Http404
    try:
        handle = stored.storage.open(stored.name, "rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    if thumbnail:
        return FileResponse(handle, content_type="image/jpeg")
    response = FileResponse(
        handle,
        # Images and PDFs open in the browser's viewer; everything else is saved. Never HTML: the types are a list.
        as_attachment=not (attachment.is_image or attachment.content_type == "application/pdf"),
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response
