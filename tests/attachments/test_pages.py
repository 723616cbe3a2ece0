"""The attachments panel on each record's page, its upload form, the downloads, the trash and the backup."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from attachments.models import Attachment
from crm.services import record_restore
from tests.factories import (
    PDF_BYTES,
    EntityFactory,
    EventFactory,
    FollowUpFactory,
    RelationFactory,
    RelationStepFactory,
    make_attachment,
)


@pytest.mark.parametrize("kind", ["entity", "relation", "event", "followup"])
def test_each_records_page_loads_its_attachments_panel(page_as, db, kind):
    record = {"entity": EntityFactory, "relation": RelationFactory, "event": EventFactory, "followup": FollowUpFactory}[
        kind
    ]()
    attachment = make_attachment(**{kind: record})
    client = page_as("viewer")
    page = client.get(record.get_absolute_url()).content.decode()
    assert f"/attachments/panel/?{kind}={record.pk}" in page
    panel = client.get("/attachments/panel/", {kind: record.pk}).content.decode()
    assert f"/attachments/{attachment.pk}/download/" in panel
    assert 'id="attachment-form"' not in panel  # a viewer cannot attach


def test_an_officer_attaches_a_scan_to_a_signing_step_through_the_form(page_as, db):
    tie = RelationFactory()
    step = RelationStepFactory(relation=tie)
    client = page_as("officer")
    panel = client.get("/attachments/panel/", {"relation": tie.pk}).content.decode()
    assert 'id="attachment-form"' in panel and f'value="{step.pk}"' in panel
    response = client.post(
        "/attachments/upload/",
        {
            "relation": tie.pk,
            "step": step.pk,
            "kind": "agreement",
            "title": "Signed agreement",
            "file": SimpleUploadedFile("scan.pdf", PDF_BYTES),
            "next": tie.get_absolute_url(),
        },
    )
    assert response.status_code == 302 and response["Location"] == f"{tie.get_absolute_url()}#attachments"
    attachment = Attachment.objects.get()
    assert attachment.step == step and attachment.relation is None and attachment.uploaded_by.username
    assert attachment.history.first().history_user == attachment.uploaded_by


def test_a_refused_file_says_why_on_the_page(page_as, db):
    entity = EntityFactory()
    client = page_as("officer")
    response = client.post(
        "/attachments/upload/",
        {"entity": entity.pk, "kind": "other", "file": SimpleUploadedFile("x.exe", b"MZ")},
        follow=True,
    )
    assert "cannot be attached" in response.content.decode()
    assert not Attachment.objects.exists()


def test_downloads_need_a_login_and_the_view_permission(client, page_as, make_user, db):
    attachment = make_attachment()
    url = f"/attachments/{attachment.pk}/download/"
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert page_as("viewer").get(url).status_code == 200
    client.force_login(make_user(None, username="no-role"))
    assert client.get(url).status_code == 403


def test_files_are_not_reachable_as_static_or_media_urls(page_as, db):
    attachment = make_attachment()
    client = page_as("viewer")
    for prefix in ("/media/", "/media-not-served/", "/static/"):
        assert client.get(prefix + attachment.file.name).status_code == 404


def test_a_deleted_attachment_is_restored_from_the_trash_with_its_file(admin_role_user, page_as, db):
    attachment = make_attachment()
    content_name, pk = attachment.file.name, attachment.pk
    from attachments.services import attachment_delete

    attachment_delete(attachment=attachment, by=admin_role_user)
    client = page_as("admin")
    assert "agreement.pdf" in client.get("/trash/").content.decode()
    deletion = Attachment.history.get(id=pk, history_type="-")
    restored = record_restore(model_label="attachments.Attachment", history_id=deletion.history_id, by=admin_role_user)
    assert restored.file.name == content_name
    assert b"".join(client.get(f"/attachments/{restored.pk}/download/").streaming_content) == PDF_BYTES


def test_attachments_go_and_come_back_with_their_event(admin_role_user, db):
    from events.services import event_delete

    event = EventFactory()
    attachment = make_attachment(event=event)
    event_pk = event.pk
    event_delete(event=event, by=admin_role_user)
    assert not Attachment.objects.exists()
    deletion = event.history.model.objects.get(id=event_pk, history_type="-")
    record_restore(model_label="events.Event", history_id=deletion.history_id, by=admin_role_user)
    assert Attachment.objects.filter(pk=attachment.pk, event_id=event_pk).exists()


def test_media_root_is_set_by_default_and_the_backup_takes_the_uploaded_files(db):
    """crm.backup archives every file under MEDIA_ROOT (tests/crm/test_backup_drill.py drills it end to end): the
    project sets MEDIA_ROOT by default and the storage writes attachments under it."""
    from pathlib import Path

    from django.conf import settings as django_settings

    from crm import backup
    from crm import settings as project_settings

    assert project_settings.MEDIA_ROOT.endswith("var/media")
    attachment = make_attachment()
    stored = Path(attachment.file.path)
    assert stored.is_relative_to(django_settings.MEDIA_ROOT)
    assert stored in backup._media_files()
