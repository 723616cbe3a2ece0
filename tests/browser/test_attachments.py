"""In Chromium (issue 15 item 13): one officer attaches a scanned agreement (a PDF) to a tie's signing step; another
officer and a viewer download it from the tie's page; an anonymous request cannot."""

import pytest

from attachments.models import Attachment
from relations.choices import RelationStatus
from tests.factories import PDF_BYTES, RelationFactory, RelationStepFactory

pytestmark = pytest.mark.browser


def test_a_signed_agreement_attached_to_the_signing_step_is_downloaded_by_another_officer(
    login, make_user, page_factory
):
    tie = RelationFactory()
    signing = RelationStepFactory(relation=tie, from_status=RelationStatus.APPROVED, to_status=RelationStatus.SIGNED)

    first = login("officer", user=make_user("officer", username="officer-li"))
    first.goto(f"/relations/{tie.pk}/")
    first.click("#attachments .attachment-upload summary")
    first.set_input_files(
        "#attachment-form input[type=file]",
        files=[{"name": "agreement-scan.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}],
    )
    first.select_option("#attachment-form select[name=step]", str(signing.pk))
    first.select_option("#attachment-form select[name=kind]", "agreement")
    first.fill("#attachment-form input[name=title]", "Friendship agreement, signed")
    first.click("#attachment-submit")
    first.wait_for_selector("#attachments .attachment-download")
    assert "Friendship agreement, signed" in first.locator("#attachments").inner_text()
    attachment = Attachment.objects.get()
    assert attachment.step_id == signing.pk and attachment.uploaded_by.username == "officer-li"

    for role, username in (("officer", "officer-wang"), ("viewer", "viewer-zhao")):
        other = login(role, user=make_user(role, username=username))
        other.goto(f"/relations/{tie.pk}/")
        link = other.locator("#attachments a.attachment-download")
        link.wait_for()
        response = other.request.get(link.get_attribute("href"))
        assert response.status == 200 and response.body() == PDF_BYTES
        assert response.headers["content-type"] == "application/pdf"
        assert other.outside_requests == []

    anonymous = page_factory()
    response = anonymous.request.get(f"/attachments/{attachment.pk}/download/", max_redirects=0)
    assert response.status == 302 and "/accounts/login/" in response.headers["location"]
    assert anonymous.request.get(f"/api/attachments/{attachment.pk}/download/").status == 401
