"""The synthetic-world generator behind `generate_world` and the benchmark: exact counts, possible data, its shapes."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, F, Q, Sum
from pypinyin import lazy_pinyin
from unidecode import unidecode

from contacts.models import Entity
from demo.synthetic import world_generate
from events.models import Event, Participant
from relations.models import Relation, RelationStep


@pytest.fixture
def tiny_world(db):
    call_command("generate_world", entities=50, ties=80, events=200, seed=3, verbosity=0)


def test_a_tiny_world_has_the_requested_counts(tiny_world):
    assert Entity.objects.count() == 50
    assert Relation.objects.count() == 80
    assert Event.objects.count() == 200
    assert RelationStep.objects.count() == 80, "every tie has its dated step"


def test_the_world_holds_only_possible_data(tiny_world):
    assert not Relation.objects.filter(source=F("target")).exists(), "no self-ties"
    duplicates = Relation.objects.values("source", "target", "kind").annotate(n=Count("id")).filter(n__gt=1)
    assert not duplicates.exists()
    assert not Relation.objects.filter(end_date__lt=F("start_date")).exists()
    assert not Relation.objects.filter(end_date__lt=F("established_on")).exists()
    assert not Event.objects.filter(end_date__lt=F("start_date")).exists()
    assert not Relation.objects.filter(status__in=["signed", "dormant"], established_on__isnull=True).exists()
    assert not Participant.objects.filter(headcount__lt=0).exists()


def test_person_times_are_the_participants_headcounts(tiny_world):
    mismatched = Event.objects.annotate(people=Sum("participants__headcount")).exclude(
        Q(people=F("headcount")) | Q(people__isnull=True, headcount=0)
    )
    assert not mismatched.exists()


def test_search_text_is_filled_though_bulk_create_skips_save(tiny_world):
    # Checked against the names themselves, not against entity_search_text (the function that filled the column,
    # which would only compare the column with its own copy).
    entities = list(Entity.objects.exclude(name=""))
    assert entities
    for entity in entities:
        for name in (entity.name, entity.name_zh, entity.name_en):
            if name and not any("\u4e00" <= ch <= "\u9fff" for ch in name):
                assert unidecode(name).casefold() in entity.search_text, (entity.name, name)
            elif name:
                assert name in entity.search_text and "".join(lazy_pinyin(name)).casefold() in entity.search_text


def test_no_history_rows_are_written_for_synthetic_data(tiny_world):
    assert Entity.history.count() == 0
    assert Event.history.count() == 0


def test_most_events_involve_one_to_three_participants_and_a_few_partners_have_many(db):
    world_generate(entities=300, ties=400, events=3000, seed=5)
    sizes = Event.objects.annotate(n=Count("participants")).values_list("n", flat=True)
    assert sum(1 for n in sizes if 1 <= n <= 3) / len(sizes) > 0.85
    per_partner = sorted(
        Participant.objects.filter(entity__domestic=False)
        .values("entity")
        .annotate(n=Count("event", distinct=True))
        .values_list("n", flat=True),
        reverse=True,
    )
    assert per_partner[0] > 10 * per_partner[len(per_partner) // 2], "Zipf-like: the top partner dwarfs the median"
    signed = Relation.objects.filter(status="signed")
    assert signed.count() > Relation.objects.count() / 2
    years = {d.year for d in signed.values_list("established_on", flat=True)}
    assert max(years) - min(years) >= 30, "signing dates spread over decades"
    kinds = dict(Relation.objects.values_list("kind").annotate(n=Count("id")))
    assert kinds["sister_city"] == max(kinds.values())


def test_the_same_seed_builds_the_same_world(db):
    world_generate(entities=40, ties=50, events=60, seed=9)
    first = list(Event.objects.order_by("id").values_list("title", "start_date", "headcount"))
    names = list(Entity.objects.order_by("id").values_list("name", flat=True))
    Participant.objects.all().delete()
    Event.objects.all().delete()
    RelationStep.objects.all().delete()
    Relation.objects.all().delete()
    Entity.objects.filter(parent__isnull=False).delete()
    Entity.objects.all().delete()
    world_generate(entities=40, ties=50, events=60, seed=9)
    assert list(Event.objects.order_by("id").values_list("title", "start_date", "headcount")) == first
    assert list(Entity.objects.order_by("id").values_list("name", flat=True)) == names


def test_the_command_reports_and_is_quiet_at_verbosity_zero(db):
    out, err = StringIO(), StringIO()
    call_command("generate_world", entities=10, ties=5, events=5, stdout=out, stderr=err)
    assert "Generated 10 entities, 5 ties and 5 events." in out.getvalue()
    quiet_out, quiet_err = StringIO(), StringIO()
    call_command("generate_world", entities=10, ties=5, events=5, verbosity=0, stdout=quiet_out, stderr=quiet_err)
    assert quiet_out.getvalue() == "" and quiet_err.getvalue() == ""


def test_the_command_refuses_impossible_sizes(db):
    with pytest.raises(CommandError):
        call_command("generate_world", entities=-1, ties=0, events=0, verbosity=0)
    with pytest.raises(CommandError):
        call_command("generate_world", entities=1, ties=3, events=0, verbosity=0)
