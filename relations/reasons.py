"""How the change reasons relations' services write read to people, in the reader's language (the stored reason
stays stable machine text: "lifecycle: approved → signed", "created at contact")."""

from django.utils.translation import gettext as _

from core.history import reason_reader_register
from relations.choices import RelationStatus


def _status(code: str) -> str:
    try:
        return str(RelationStatus(code).label)
    except ValueError:
        return code


def register() -> None:
    reason_reader_register(
        r"lifecycle: (\w+) → (\w+)",
        lambda m: _("lifecycle step: %(from)s → %(to)s") % {"from": _status(m[1]), "to": _status(m[2])},
    )
    reason_reader_register(r"created at (\w+)", lambda m: _("put on file at “%(status)s”") % {"status": _status(m[1])})
    reason_reader_register(r"upgraded from #(\d+)", lambda m: _("upgraded from tie #%(id)s") % {"id": m[1]})
    reason_reader_register(
        r"(step )?date corrected: (\S+) → (\S+)",
        lambda m: _("date corrected: %(old)s → %(new)s") % {"old": m[2], "new": m[3]},
    )
    reason_reader_register(r"suggestion accepted: (.+)", lambda m: _("accepted from the expansion suggestions"))
