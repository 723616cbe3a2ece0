"""Writes of attachments: upload (checked against the size and type limits, with a thumbnail for images) and delete."""

import io
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from attachments.choices import AttachmentKind
from attachments.models import TARGETS, Attachment
from core.history import attribute

THUMBNAIL_SIZE = (320, 320)
# The first bytes a file of these types starts with: a file named .pdf that is not a PDF is refused.
SIGNATURES = {"pdf": (b"%PDF-",), "ofd": (b"PK\x03\x04",), "docx": (b"PK\x03\x04",), "xlsx": (b"PK\x03\x04",)}
IMAGE_TYPES = {"jpg", "jpeg", "png", "gif", "webp", "tif", "tiff"}


def allowed_types() -> dict[str, str]:
    """Extension (lower case, no dot) -> the content type the download is served with (settings)."""
    return settings.CRM_ATTACHMENT_TYPES


def _extension(name: str) -> str:
    return PurePath(name or "").suffix.lower().lstrip(".")


def _check_file(file) -> tuple[str, str]:
    """The file's extension and content type, or a ValidationError on `file` saying which limit it breaks."""
    if file is None:
        raise ValidationError({"file": _("Choose a file to attach.")})
    name = PurePath(getattr(file, "name", "") or "").name
    extension = _extension(name)
    types = allowed_types()
    if extension not in types:
        raise ValidationError(
            {
                "file": _("Files of type “%(type)s” cannot be attached; allowed: %(allowed)s.")
                % {"type": extension or "?", "allowed": ", ".join(sorted(types))}
            }
        )
    if file.size == 0:
        raise ValidationError({"file": _("The file is empty.")})
    limit = settings.CRM_ATTACHMENT_MAX_BYTES
    if file.size > limit:
        raise ValidationError(
            {
                "file": _("The file is %(size)s; at most %(limit)s can be attached.")
                % {"size": filesizeformat(file.size), "limit": filesizeformat(limit)}
            }
        )
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    if extension in SIGNATURES and not head.startswith(SIGNATURES[extension]):
        raise ValidationError({"file": _("The file's content is not a %(type)s file.") % {"type": extension.upper()}})
    return extension, types[extension]


def _thumbnail(file) -> ContentFile:
    """A small JPEG of an image (turned upright by its EXIF), or a ValidationError if it is not a readable image."""
    try:
        file.seek(0)
        with Image.open(file) as opened:
            opened.load()
            image: Image.Image = ImageOps.exif_transpose(opened)
            image.thumbnail(THUMBNAIL_SIZE)
            if image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            out = io.BytesIO()
            image.save(out, format="JPEG", quality=82)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, ValueError) as exc:
        raise ValidationError({"file": _("The image cannot be read.")}) from exc
    finally:
        file.seek(0)
    return ContentFile(out.getvalue(), name="thumbnail.jpg")


@transaction.atomic
def attachment_create(
    *,
    file,
    by,
    title: str = "",
    kind: str = AttachmentKind.OTHER,
    entity=None,
    relation=None,
    step=None,
    event=None,
    followup=None,
) -> Attachment:
    """Attach an uploaded file to exactly one record; refuses files over the size limit or of a type not allowed."""
    targets = {"entity": entity, "relation": relation, "step": step, "event": event, "followup": followup}
    chosen = [name for name in TARGETS if targets[name] is not None]
    if len(chosen) != 1:
        raise ValidationError(
            {"non_field_errors": _("Attach the file to exactly one of: entity, relation, step, event, follow-up.")}
        )
    extension, content_type = _check_file(file)
    attachment = Attachment(
        original_name=PurePath(file.name).name[:255],
        content_type=content_type,
        size=file.size,
        title=(title or "").strip(),
        kind=kind or AttachmentKind.OTHER,
        uploaded_by=by if getattr(by, "is_authenticated", False) else None,
        **targets,
    )
    attachment.full_clean(exclude=["file", "thumbnail"])
    if extension in IMAGE_TYPES:
        thumbnail = _thumbnail(file)
        attachment.thumbnail.save("thumbnail.jpg", thumbnail, save=False)
    attachment.file.save(attachment.original_name, file, save=False)
    attribute(attachment, by, reason=_("Attached"))
    attachment.save()
    return attachment


@transaction.atomic
def attachment_delete(*, attachment: Attachment, by) -> None:
    """Delete the record; the file stays in storage, so "Deleted records" can bring the attachment back."""
    attribute(attachment, by)
    attachment.delete()
