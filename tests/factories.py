"""factory_boy factories that make only possible data (end after start, no self-ties, valid countries)."""

import datetime as dt

import factory
from django.contrib.auth import get_user_model

from contacts.choices import EntityKind
from contacts.models import ContactPoint, Entity
from events.choices import EventKind, EventLevel, EventStatus, ParticipantRole
from events.models import Event, FollowUp, Note, Participant
from relations.choices import RelationKind, RelationStatus
from relations.models import Relation, RelationStep


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("pw")


class EntityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Entity

    kind = EntityKind.CITY
    name = factory.Sequence(lambda n: f"City {n}")
    country = "KR"


class HomeCityFactory(EntityFactory):
    name = "Ningbo"
    name_zh = "宁波"
    name_en = "Ningbo"
    country = "CN"
    domestic = True
    latitude = 29.87
    longitude = 121.54
    population = 9_618_000


class ContactPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactPoint

    entity = factory.SubFactory(EntityFactory)
    kind = "email"
    label = "office"
    value = factory.Sequence(lambda n: f"office{n}@example.org")


class RelationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Relation

    kind = RelationKind.SISTER_CITY
    source = factory.SubFactory(HomeCityFactory, name=factory.Sequence(lambda n: f"Home {n}"))
    target = factory.SubFactory(EntityFactory)
    status = RelationStatus.SIGNED
    established_on = dt.date(2010, 5, 20)


class RelationStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RelationStep

    relation = factory.SubFactory(RelationFactory)
    from_status = RelationStatus.CONTACT
    to_status = RelationStatus.INTENT
    date = dt.date(2020, 1, 15)


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    kind = EventKind.VISIT_IN
    status = EventStatus.HELD
    title = factory.Sequence(lambda n: f"Delegation {n}")
    start_date = dt.date(2024, 4, 10)
    end_date = factory.LazyAttribute(lambda o: o.start_date + dt.timedelta(days=2))
    level = EventLevel.VICE_MAYOR_PLUS
    headcount = 10
    headcount_given = True


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    event = factory.SubFactory(EventFactory)
    entity = factory.SubFactory(EntityFactory)
    role = ParticipantRole.GUEST
    headcount = 5


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    title = factory.Sequence(lambda n: f"Send the invitation letter {n}")
    due_date = dt.date(2025, 3, 1)
    owner = factory.SubFactory(UserFactory)


class NoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Note

    text = "Called the partner's international office."
    entity = factory.SubFactory(EntityFactory)


def make_trip(*, by=None, countries=("DE",), days=None, members=2, start=dt.date(2024, 5, 10), submit=False, **fields):
    """An outbound trip's application (trips.services.trip_create): a domestic organiser, one leg per country,
    `members` people on file (the first leads). `days` defaults to the rules' most for the countries."""
    from trips.services import trip_create, trip_submit

    organiser = fields.pop("organiser", None) or EntityFactory(
        kind=EntityKind.ORGANISATION, name="Commerce Bureau", name_zh="市商务局", country="CN", domestic=True
    )
    people = fields.pop("people", None) or [
        EntityFactory(kind=EntityKind.PERSON, name=f"Member {n}", country="CN", domestic=True) for n in range(members)
    ]
    days = days or {1: 5, 2: 8, 3: 10}.get(len(countries), 5)
    trip = trip_create(
        by=by,
        title=fields.pop("title", "Trade mission"),
        organiser=organiser,
        start_date=start,
        end_date=start + dt.timedelta(days=days - 1),
        purpose=fields.pop("purpose", "Meet the partner city's investment agency."),
        legs=[{"country": code, "days": 1} for code in countries],
        members=[
            {"person": person, "post": f"Post {n}", "level": "division", "leader": n == 0}
            for n, person in enumerate(people)
        ],
        **fields,
    )
    if submit:
        trip_submit(trip=trip, by=by)
    return trip


PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def make_attachment(*, name: str = "agreement.pdf", content: bytes = PDF_BYTES, by=None, **target):
    """An attachment uploaded through the service (a real file in the test's MEDIA_ROOT); an entity's by default."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from attachments.services import attachment_create

    if not target:
        target = {"entity": EntityFactory()}
    return attachment_create(file=SimpleUploadedFile(name, content), by=by, **target)
