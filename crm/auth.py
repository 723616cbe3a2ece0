"""What every request pays to know who is asking and what they may do, kept to one query each.

Knox's token check and Django's model backend are correct but generous: knox reads all of the user's tokens on every
request to sweep the expired ones, and the backend reads the user's own permissions and their groups' in two
queries. On a 50-row list whose own SQL is a few milliseconds those two extra round trips are a tenth of the time.
"""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.utils import timezone
from drf_spectacular.contrib.knox_auth_token import KnoxTokenScheme
from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from knox.signals import token_expired


class TokenAuthentication(KnoxTokenAuthentication):
    """Knox's token check without the per-request sweep of the user's other tokens.

    An expired token that is presented is still refused and deleted here; the user's other expired tokens are
    deleted when they next log in (crm.api.views.TokenView) or when one of them is presented, not on every request.
    """

    def _cleanup_token(self, auth_token) -> bool:
        if auth_token.expiry is not None and auth_token.expiry < timezone.now():
            username = auth_token.user.get_username()
            auth_token.delete()
            token_expired.send(sender=self.__class__, username=username, source="auth_token")
            return True
        return False


class TokenScheme(KnoxTokenScheme):
    """The API schema describes our token check as knox's (the same header, the same scheme name)."""

    target_class = "crm.auth.TokenAuthentication"


class PermissionBackend(ModelBackend):
    """Django's model backend, reading a user's own and their groups' permissions in one query (a union) instead of
    two. The answer is kept on the user object for the request, as Django does."""

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            names = ("content_type__app_label", "codename")
            if user_obj.is_superuser:
                permissions = Permission.objects.values_list(*names)
            else:
                own = Permission.objects.filter(user=user_obj).order_by().values_list(*names)
                permissions = own.union(Permission.objects.filter(group__user=user_obj).order_by().values_list(*names))
            user_obj._perm_cache = {f"{app_label}.{codename}" for app_label, codename in permissions}
        return user_obj._perm_cache
