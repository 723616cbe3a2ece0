"""Forms of the events pages: the event, its participants (a formset), searchable pickers (core.pickers), the event
list's filters, the timeline's filters, notes and follow-ups."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from contacts.forms import EntityPickerField
from contacts.selectors import region_countries
from core.forms import DateInput, ServiceFormMixin, VersionedFormMixin
from core.history import person_name
from core.pickers import PickerChoiceField, PickerSource
from events.choices import EventStatus, ParticipantRole
from events.models import Event, FollowUp, Gift, RosterMember
from events.timeline import TYPE_LABELS
from relations.forms import RelationMultiplePickerField, RelationPickerField

User = get_user_model()


def event_label(event: Event) -> str:
    """How an event reads in a picker: its title and start date."""
    return f"{event} · {formats.date_format(event.start_date, 'SHORT_DATE_FORMAT')}" if event.start_date else str(event)


def event_search(queryset: QuerySet[Event], q: str) -> QuerySet[Event]:
    """The events of `queryset` the event list's search finds for `q` (title, place, any participant's or tie's
    name, pinyin included), latest first."""
    from events.filters import event_search_q  # the FilterSets import these forms

    if not q.strip():
        return queryset.none()
    return queryset.filter(event_search_q(q)).order_by("-start_date", "-id")


def user_search(queryset: QuerySet, q: str) -> QuerySet:
    """The users of `queryset` whose username or name contains `q`."""
    q = q.strip()
    if not q:
        return queryset.none()
    condition = Q(username__icontains=q) | Q(first_name__icontains=q) | Q(last_name__icontains=q)
    return queryset.filter(condition).order_by("last_name", "first_name", "username")


# The pickers of events and of users (issue 15 item 8); entities' and ties' are in contacts.forms, relations.forms.
EVENTS = PickerSource(
    url_name="events:options", search=event_search, label=event_label, placeholder=_("Search events by title or name…")
)
USERS = PickerSource(
    url_name="events:user-options", search=user_search, label=person_name, placeholder=_("Search people by name…")
)


def active_users() -> QuerySet:
    return User.objects.filter(is_active=True).order_by("username")


def _model_field(name: str, **kwargs) -> forms.Field:
    return Event._meta.get_field(name).formfield(**kwargs)


DATE_WIDGET = DateInput()


class EventForm(VersionedFormMixin, forms.Form):
    """The event's own fields; the view hands them to events.services, which validates them again."""

    kind = _model_field("kind")
    status = forms.ChoiceField(
        label=_("status"),
        choices=[("", _("From the date (planned if still to come, else held)")), *EventStatus.choices],
        required=False,
    )
    title = _model_field("title")
    start_date = _model_field("start_date", widget=DATE_WIDGET)
    end_date = _model_field("end_date", widget=DATE_WIDGET)
    location = _model_field("location")
    level = _model_field("level")
    headcount = forms.IntegerField(
        label=_("Person-times (人次)"),
        required=False,
        min_value=0,
        help_text=_("Leave empty to add up the counted participants' headcounts (hosts and staff are not counted)."),
    )
    relations = RelationMultiplePickerField(label=_("Ties it serves"), required=False)
    outcome = _model_field("outcome", widget=forms.Textarea(attrs={"rows": 3}))
    notes = _model_field("notes", widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date cannot be before the start date."))
        return cleaned

    @staticmethod
    def initial_for(event: Event) -> dict:
        initial = {
            name: getattr(event, name)
            for name in ("kind", "status", "title", "start_date", "end_date", "location", "level", "outcome", "notes")
        }
        initial["headcount"] = event.headcount if event.headcount_given else None
        initial["relations"] = [relation.pk for relation in event.relations.all()]
        return initial

    def initial_for_record(self, record: Event) -> dict:
        return self.initial_for(record)

    def service_arguments(self) -> dict:
        """The cleaned fields as keyword arguments of event_create / event_update."""
        data = dict(self.cleaned_data)
        data.pop("relations", None)
        return data


class ParticipantForm(forms.Form):
    entity = EntityPickerField(label=_("Entity"))
    role = forms.ChoiceField(label=_("Role"), choices=ParticipantRole.choices, initial=ParticipantRole.GUEST)
    headcount = forms.IntegerField(
        label=_("Headcount"),
        min_value=0,
        required=False,
        help_text=_("How many people this participant brought (may be left empty for hosts and staff)."),
    )


class BaseParticipantFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            if not form.cleaned_data or self._should_delete_form(form):
                continue
            key = (form.cleaned_data["entity"].pk, form.cleaned_data["role"])
            if key in seen:
                form.add_error("entity", _("This entity is already listed in this role."))
            seen.add(key)

    def rows(self) -> list[dict]:
        """The filled-in, not deleted rows as dicts for the services."""
        return [
            {
                "entity": form.cleaned_data["entity"],
                "role": form.cleaned_data["role"],
                "headcount": form.cleaned_data["headcount"] or 0,
            }
            for form in self.forms
            if form.cleaned_data and not self._should_delete_form(form)
        ]


ParticipantFormSet = forms.formset_factory(
    ParticipantForm, formset=BaseParticipantFormSet, extra=2, can_delete=True, max_num=500, validate_max=True
)
PARTICIPANTS_PREFIX = "participants"


# --- the event list's filters ------------------------------------------------------------------------------------


class EventFilterForm(forms.Form):
    """Validates what a filter alone cannot: a region code must name a known region (400 naming `region`)."""

    def clean_region(self):
        code = (self.cleaned_data.get("region") or "").strip()
        if not code:
            return ""
        if region_countries(code) is None:
            raise forms.ValidationError(
                _("Unknown region “%(code)s”: use a continent, UN M49 sub-region or bloc code."),
                params={"code": code},
                code="invalid_region",
            )
        return code


# --- timelines and follow-ups ------------------------------------------------------------------------------------


class TypeListField(forms.MultipleChoiceField):
    """Accepts `type=event&type=note` and `type=event,note` alike."""

    def to_python(self, value):
        values = super().to_python(value)
        return [part.strip() for v in values for part in str(v).split(",") if part.strip()]


class TimelineFilterForm(forms.Form):
    """The timeline's filters, validated the same way for the API (400 naming the field) and the page."""

    type = TypeListField(
        label=_("Show"),
        required=False,
        choices=list(TYPE_LABELS.items()),
        widget=forms.CheckboxSelectMultiple,
    )
    date_after = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_before = forms.DateField(label=_("To"), required=False, widget=DateInput())
    include = forms.ChoiceField(
        label=_("Include"),
        required=False,
        choices=[("", "—"), ("children", _("What its children did"))],
    )

    def clean(self):
        data = super().clean()
        after, before = data.get("date_after"), data.get("date_before")  # type: ignore[union-attr]
        if after and before and after > before:
            self.add_error("date_before", _("The end date is before the start date."))
        return data

    def timeline_filters(self) -> dict:
        data = self.cleaned_data
        return {
            "types": data.get("type") or None,
            "date_after": data.get("date_after"),
            "date_before": data.get("date_before"),
            "include_children": data.get("include") == "children",
        }


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), max_length=10_000)


class EventPickerField(PickerChoiceField):
    """One event, picked by searching its title or its participants' names."""

    def __init__(self, queryset=None, **kwargs):
        super().__init__(Event.objects.all() if queryset is None else queryset, source=EVENTS, **kwargs)


class UserPickerField(PickerChoiceField):
    """One active user, picked by searching their name (people by name, not username)."""

    def __init__(self, queryset=None, **kwargs):
        super().__init__(active_users(), source=USERS, **kwargs)


class FollowUpForm(VersionedFormMixin, forms.ModelForm):
    """Create or edit a follow-up; the owner is the current user unless another is chosen."""

    class Meta:
        model = FollowUp
        fields = ("title", "due_date", "owner", "entity", "relation", "event", "notes")
        widgets = {
            "due_date": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }
        # Searchable pickers, not selects of every entity, tie, event and user (issue 15 item 8).
        field_classes = {
            "owner": UserPickerField,
            "entity": EntityPickerField,
            "relation": RelationPickerField,
            "event": EventPickerField,
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["owner"].required = False
        self.fields["owner"].help_text = _("You, unless someone else is chosen.")

    def clean_owner(self):
        owner = self.cleaned_data.get("owner")
        if owner is None and self.instance.owner_id:
            return self.instance.owner  # left empty while editing: keep the owner
        return owner or self.user

    def service_arguments(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class FollowUpReassignForm(forms.Form):
    """The follow-up list's bulk action: who takes the ticked follow-ups over."""

    prefix = "bulk"  # beside the new follow-up form's own owner picker on the same page

    owner = UserPickerField(label=_("Give them to"))


class RosterMemberForm(ServiceFormMixin, forms.ModelForm):
    """One name added to an event's roster from its page."""

    prefix = "roster"

    class Meta:
        model = RosterMember
        fields = ("role", "name", "post", "level", "organisation")


class GiftForm(ServiceFormMixin, forms.ModelForm):
    """One gift given or received, added from the event's page."""

    prefix = "gift"

    class Meta:
        model = Gift
        fields = ("direction", "description", "counterpart", "value", "notes")
        widgets = {"notes": forms.TextInput}
