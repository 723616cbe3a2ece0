from django import forms
from django.utils.translation import gettext_lazy as _

from attachments.choices import AttachmentKind


class AttachmentForm(forms.Form):
    """The panel's upload form; the record comes from hidden fields, a tie's step from a choice of its steps."""

    file = forms.FileField(label=_("File"))
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=AttachmentKind.choices, initial=AttachmentKind.OTHER)
    step = forms.TypedChoiceField(label=_("Lifecycle step"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, steps=(), **kwargs):
        super().__init__(*args, **kwargs)
        if steps:
            self.fields["step"].choices = [("", _("The tie itself")), *((s.pk, str(s)) for s in steps)]
        else:
            del self.fields["step"]
