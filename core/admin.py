"""Admins upload replacements of the shipped DOCX templates here (core.documents)."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.models import DocumentTemplate

MAX_TEMPLATE_BYTES = 5 * 1024 * 1024


class DocumentTemplateForm(forms.ModelForm):
    upload = forms.FileField(label=_("DOCX file"), help_text=_("A Word document with the template's tags."))

    class Meta:
        model = DocumentTemplate
        fields = ("name", "upload", "note")

    def clean_upload(self):
        upload = self.cleaned_data["upload"]
        if upload.size > MAX_TEMPLATE_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        head = upload.read(4)
        upload.seek(0)
        if not upload.name.lower().endswith(".docx") or head != b"PK\x03\x04":
            raise forms.ValidationError(_("Upload a .docx file (Word 2007 or later)."))
        return upload

    def save(self, commit=True):
        upload = self.cleaned_data["upload"]
        self.instance.content = upload.read()
        self.instance.filename = upload.name
        return super().save(commit=commit)


@admin.register(DocumentTemplate)
class DocumentTemplateAdmin(SimpleHistoryAdmin):
    form = DocumentTemplateForm
    list_display = ("name", "filename", "updated")
    search_fields = ("name", "filename", "note")
