"""Run from cron or a systemd timer (e.g. hourly): each reminder reaches its user once, in the bell and by e-mail."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from notifications.services import reminders_send


class Command(BaseCommand):
    help = "Notify follow-ups due and anniversaries to plan (and other apps' reminders): each once, bell and e-mail."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Act as if today were this date (YYYY-MM-DD).")

    def handle(self, *args, **options):
        today = None
        if options["date"]:
            try:
                today = date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError(f"--date: not a date: {options['date']}") from exc
        result = reminders_send(today=today)
        if options["verbosity"]:
            self.stdout.write(
                self.style.SUCCESS(
                    f"{result.found} reminders found, {result.created} new notifications, {result.emailed} e-mailed"
                    + (f", {result.failed} failures (see the log)" if result.failed else "")
                )
            )
        if result.failed:
            raise CommandError(f"{result.failed} reminders or e-mails failed; they are tried again on the next run.")
