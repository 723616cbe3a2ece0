"""Reads of attachments, with what the lists show joined."""

from django.db.models import Q, QuerySet

from attachments.models import Attachment


def attachment_list() -> QuerySet[Attachment]:
    return Attachment.objects.select_related("uploaded_by", "step")


def attachments_of(*, target_kind: str, target_id: int) -> QuerySet[Attachment]:
    """A record's attachments; a tie's include those of its lifecycle steps."""
    condition = Q(**{f"{target_kind}_id": target_id})
    if target_kind == "relation":
        condition |= Q(step__relation_id=target_id)
    return attachment_list().filter(condition)
