"""Form plumbing every app uses; imports no app."""

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError

if TYPE_CHECKING:
    from django.forms import BaseForm as _FormBase
else:
    _FormBase = object


class ServiceFormMixin(_FormBase):
    """Puts a service's ValidationError on the fields it names (other names become form-wide errors)."""

    def add_service_errors(self, exc: ValidationError) -> None:
        if hasattr(exc, "error_dict"):
            for field, errors in exc.error_dict.items():
                self.add_error(field if field in self.fields else None, errors)
        else:
            self.add_error(None, exc)
