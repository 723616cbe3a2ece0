from django.core.management.base import BaseCommand

from demo.users import DEMO_USERS


class Command(BaseCommand):
    help = "Print the demo logins."

    def handle(self, *args, **options):
        self.stdout.write("  Log in as one of (username / password / role):")
        for username, password, role, _name in DEMO_USERS:
            self.stdout.write(f"    {username:<8} / {password:<17} / {role}")
