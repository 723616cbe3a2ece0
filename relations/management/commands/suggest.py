"""`python manage.py suggest --home <id or name> [--kind gap,radiate] [--limit 20]`: the suggestions as a table."""

from datetime import date

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils import translation

from contacts.models import Entity
from relations.expansion.kinds import KINDS
from relations.expansion.world import home_check, suggestions_for


def home_find(value: str) -> Entity:
    """An entity by id, or by a name in any of its scripts (our own side first)."""
    value = (value or "").strip()
    if value.isdigit():
        home = Entity.objects.filter(pk=int(value)).first()
        if home is None:
            raise CommandError(f"No entity with id {value}.")
        return home
    matches = list(
        Entity.objects.filter(Q(name__iexact=value) | Q(name_zh=value) | Q(name_en__iexact=value)).order_by(
            "-domestic", "id"
        )[:10]
    )
    domestic = [e for e in matches if e.domestic]
    if len(domestic) == 1 or (len(matches) == 1):
        return (domestic or matches)[0]
    if not matches:
        raise CommandError(f"No entity is named “{value}”.")
    listed = ", ".join(f"#{e.pk} {e}" for e in matches)
    raise CommandError(f"Several entities are named “{value}”: {listed}. Give the id.")


class Command(BaseCommand):
    help = "Print the expansion suggestions for a home city or district, best first, with their reasons."

    def add_arguments(self, parser):
        parser.add_argument("--home", required=True, help="The home entity: its id or its name.")
        parser.add_argument("--kind", default="", help=f"Kinds, comma-separated: {', '.join(KINDS)} (default: all).")
        parser.add_argument("--limit", type=int, default=0, help="Show at most this many (default: all).")
        parser.add_argument("--date", default="", help="Compute as on this date (YYYY-MM-DD; default: today).")
        parser.add_argument("--language", default="en", help="Language of the reasons: en or zh-hans.")

    def handle(self, *args, **options):
        home = home_find(options["home"])
        try:
            home_check(home)
        except ValidationError as exc:
            reason = " ".join(exc.message_dict["home"])
            raise CommandError(f"--home: {home} (#{home.pk}) is not ours. {reason}") from exc
        kinds = [k.strip() for k in options["kind"].split(",") if k.strip()]
        unknown = [k for k in kinds if k not in KINDS]
        if unknown:
            raise CommandError(f"Unknown kind(s): {', '.join(unknown)}. Use {', '.join(KINDS)}.")
        if options["limit"] < 0:
            raise CommandError("--limit cannot be negative.")
        try:
            today = date.fromisoformat(options["date"]) if options["date"] else None
        except ValueError as exc:
            raise CommandError(f"--date: {exc}") from exc
        language = options["language"]
        if language not in ("en", "zh-hans"):
            raise CommandError("--language must be en or zh-hans.")
        with translation.override(language):
            items = suggestions_for(home=home, kinds=kinds or None, today=today, language=language)
        shown = items[: options["limit"]] if options["limit"] else items
        verbose = options["verbosity"] >= 1
        if verbose:
            self.stdout.write(
                self.style.SUCCESS(
                    f"{len(items)} suggestions for {home} (#{home.pk})"
                    + (f", showing {len(shown)}" if len(shown) < len(items) else "")
                )
            )
        self.stdout.write(f"{'#':>3}  {'kind':<12}{'score':>6}  {'subject':<36}key")
        for number, item in enumerate(shown, start=1):
            subject = item["subject"]
            name = subject.get("name") or ""
            if subject.get("name_zh") and subject["name_zh"] != name:
                name = f"{name} {subject['name_zh']}"
            country = subject.get("country") or ""
            label = f"{name} ({country})" if country and subject.get("type") != "country" else name
            self.stdout.write(f"{number:>3}  {item['kind']:<12}{item['score']:>6.1f}  {label[:35]:<36}{item['key']}")
            for reason in item["reasons"]:
                self.stdout.write(f"       - {reason}")
            if item.get("candidates"):
                self.stdout.write("       candidates: " + ", ".join(c["name"] for c in item["candidates"]))
