from django.core.management.base import BaseCommand

from crm.demo import demo_users_ensure


class Command(BaseCommand):
    help = "Load the demo users and the demo world (idempotent: safe to run again)."

    def handle(self, *args, **options):
        users = demo_users_ensure()
        if options["verbosity"]:
            self.stdout.write(self.style.SUCCESS(f"Demo users ready: {', '.join(u.username for u in users)}"))
