from django.core.management.base import BaseCommand

from demo.users import demo_load


class Command(BaseCommand):
    help = "Load the demo users and the demo world (idempotent: safe to run again)."

    def handle(self, *args, **options):
        def progress(number: int, total: int, stage: str) -> None:
            if options["verbosity"]:
                self.stdout.write(f"  [{number}/{total}] {stage}…")
                self.stdout.flush()

        users, created = demo_load(progress=progress)
        if options["verbosity"]:
            self.stdout.write(self.style.SUCCESS(f"Demo users ready: {', '.join(u.username for u in users)}"))
            if created:
                summary = ", ".join(f"{count} {what}" for what, count in created.items())
                self.stdout.write(self.style.SUCCESS(f"Demo world loaded: {summary}."))
            else:
                self.stdout.write(self.style.SUCCESS("Demo world already loaded: nothing to add."))
