"""Recount the person-times of every event whose headcount was not given, with the counting rule in force
(events.counting): run once after upgrading, or after changing CRM_PERSON_TIMES_ROLES."""

from django.core.management.base import BaseCommand

from events.models import Event
from events.services import event_headcount_refresh


class Command(BaseCommand):
    help = "Recount events' person-times from their counted participants (hosts and staff are not counted)."

    def handle(self, *args, **options):
        changed = 0
        for event in Event.objects.filter(headcount_given=False).iterator():
            before = event.headcount
            if event_headcount_refresh(event=event).headcount != before:
                changed += 1
        if options["verbosity"]:
            self.stdout.write(self.style.SUCCESS(f"{changed} event(s) recounted."))
