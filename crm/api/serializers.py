"""Serializers of the project-level API."""

from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _
from knox.models import get_token_model
from rest_framework import serializers

from crm.lockout import LockedOut, lockout_message
from crm.search import SEARCH_KINDS


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


class SearchQuerySerializer(serializers.Serializer):
    q = serializers.CharField(
        max_length=200,
        help_text=_("Any name, alias or title, in any script, without accents or in pinyin (daqiu finds 大邱)."),
    )
    limit = serializers.IntegerField(
        min_value=1, max_value=50, default=10, help_text=_("Rows per kind (the count is the total).")
    )


class SearchHitSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    label = serializers.CharField()
    detail = serializers.CharField(help_text=_("Country and kind, status, date, or due date and owner."))
    url = serializers.CharField(help_text=_("The record's page."))


class SearchGroupSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=SEARCH_KINDS)
    title = serializers.CharField()
    count = serializers.IntegerField(help_text=_("Every match of this kind; `hits` holds the first `limit`."))
    list_url = serializers.CharField(help_text=_("The kind's list page, filtered by the same search."))
    hits = SearchHitSerializer(many=True)


class SearchResultSerializer(serializers.Serializer):
    q = serializers.CharField()
    groups = SearchGroupSerializer(many=True, help_text=_("One per kind the user may view, in a fixed order."))
