"""What a password change does beyond the password: every API token of the user is revoked (issue 9, finding 7)."""

from django.utils.translation import gettext as _


class RevokeTokensOnPasswordChange:
    """Listed in AUTH_PASSWORD_VALIDATORS, though it refuses no password.

    Django calls `password_changed()` on every entry there whenever a password is saved (AbstractBaseUser.save ->
    password_validation.password_changed), by whatever path: the password change page, the admin's password forms,
    `manage.py changepassword`, `set_password()` and `save()` in a shell. Hooking that one call covers them all,
    where a hook in each view would miss the next path. Sessions need nothing: Django already ends the other
    sessions of a user whose password changed (the session hash).
    """

    def validate(self, password, user=None) -> None:
        return None

    def password_changed(self, password, user=None) -> None:
        if user is None or user.pk is None:
            return
        from knox.models import get_token_model

        get_token_model().objects.filter(user=user).delete()

    def get_help_text(self) -> str:
        return _("Changing the password revokes every API token of the account.")
