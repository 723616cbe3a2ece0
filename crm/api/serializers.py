"""Serializers of the project-level API."""

from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _
from knox.models import get_token_model
from rest_framework import serializers

from crm.lockout import LockedOut, lockout_message


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)

    def validate(self, attrs):
        request = self.context["request"]
        user = authenticate(request, username=attrs["username"], password=attrs["password"])
        if user is None and getattr(request, "axes_locked_out", False):
            # Axes flags the request (this failure reached the limit, or the username or address was locked already).
            raise LockedOut(lockout_message())
        if user is None or not user.is_active:
            raise serializers.ValidationError({"non_field_errors": [_("Unable to log in with these credentials.")]})
        attrs["user"] = user
        return attrs


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField(help_text=_("Send it as `Authorization: Token <token>`; it is shown only once."))
    expiry = serializers.DateTimeField(help_text=_("After this time the token no longer authenticates."))


class AuthTokenSerializer(serializers.ModelSerializer):
    """One of the user's active tokens; the token itself is stored hashed and never shown again."""

    current = serializers.SerializerMethodField(help_text=_("The token this request authenticated with."))

    class Meta:
        model = get_token_model()
        fields = ["token_key", "created", "expiry", "current"]

    def get_current(self, token) -> bool:
        auth = self.context["request"].auth
        return getattr(auth, "digest", None) == token.digest
