"""Project-level API views: health, the API token's life (log in, log out, list and revoke), and the search across
every kind of record."""

from dataclasses import asdict

from django.contrib.auth.signals import user_logged_out
from django.db import DatabaseError, connection
from django.db.models import Q
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from knox.views import LoginView as KnoxLoginView
from rest_framework import exceptions, permissions, serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

import core
from crm.api.serializers import (
    AuthTokenSerializer,
    SearchQuerySerializer,
    SearchResultSerializer,
    TokenRequestSerializer,
    TokenResponseSerializer,
)
from crm.auth import TokenAuthentication
from crm.search import search_everything


class HealthView(APIView):
    """Liveness and database check; no login. Benchmarks use it as the floor of a request's cost."""

    authentication_classes: list = []
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        responses=inline_serializer(
            "Health",
            {
                "status": serializers.CharField(),
                "version": serializers.CharField(),
                "database": serializers.CharField(),
            },
        )
    )
    def get(self, request):
        database = "ok"
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
        except DatabaseError:
            database = "error"
        code = status.HTTP_200_OK if database == "ok" else status.HTTP_503_SERVICE_UNAVAILABLE
        return Response(
            {"status": "ok" if database == "ok" else "degraded", "version": core.__version__, "database": database},
            status=code,
        )


_UNAUTHENTICATED = OpenApiResponse(description="No valid token (or session): log in first.")


def _revoked(request, tokens) -> Response:
    tokens.delete()
    user_logged_out.send(sender=request.user.__class__, request=request, user=request.user)
    return Response(status=status.HTTP_204_NO_CONTENT)


class TokenView(KnoxLoginView):
    """POST a username and password for a new token (each login its own, expiring); DELETE revokes the one in use.

    Knox creates and stores the token (hashed) and sends `user_logged_in`, which axes records. Failed logins count
    towards axes' lockout; the scoped throttle bounds how fast one address may try at all.
    """

    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "auth-token"
    serializer_class = TokenRequestSerializer

    # Logging in takes a username and password only (a stale token header must not get in its way); logging out takes
    # the token being revoked. self.request is Django's request here (set before DRF wraps it), or the schema's mock
    # (None while the schema generator builds that mock).
    def _logging_out(self) -> bool:
        return getattr(self.request, "method", None) == "DELETE"

    def get_authenticators(self):
        return [TokenAuthentication()] if self._logging_out() else []

    def get_permissions(self):
        return [permissions.IsAuthenticated() if self._logging_out() else permissions.AllowAny()]

    @extend_schema(
        request=TokenRequestSerializer,
        responses={
            200: TokenResponseSerializer,
            400: OpenApiResponse(description="Wrong username or password."),
            429: OpenApiResponse(description="Locked out after too many failures, or throttled."),
        },
    )
    def post(self, request, format=None):
        serializer = TokenRequestSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        request.user = serializer.validated_data["user"]
        # Knox deletes an expired token only when it is presented again; a script that logs in each run would leave
        # one behind per run. Each login clears its user's expired ones.
        request.user.auth_token_set.filter(expiry__lt=timezone.now()).delete()
        return super().post(request, format=format)

    @extend_schema(
        request=None,
        responses={
            204: OpenApiResponse(description="The token in use is revoked."),
            401: _UNAUTHENTICATED,
            429: OpenApiResponse(description="Throttled."),
        },
    )
    def delete(self, request, format=None):
        return _revoked(request, type(request.auth).objects.filter(pk=request.auth.pk))


def _active(user):
    return user.auth_token_set.filter(Q(expiry__gt=timezone.now()) | Q(expiry__isnull=True)).order_by("-created")


class TokenListView(ListAPIView):
    """GET the user's own active tokens; DELETE revokes them all (log out everywhere)."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = AuthTokenSerializer
    pagination_class = None
    filter_backends: list = []

    def get_queryset(self):
        return _active(self.request.user)

    @extend_schema(responses={200: AuthTokenSerializer(many=True), 401: _UNAUTHENTICATED})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        operation_id="auth_tokens_destroy_all",
        request=None,
        responses={204: OpenApiResponse(description="Every token of the user is revoked."), 401: _UNAUTHENTICATED},
    )
    def delete(self, request, format=None):
        return _revoked(request, request.user.auth_token_set.all())


class TokenDetailView(APIView):
    """DELETE one of the user's own tokens, named by its `token_key` (the list shows it)."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        request=None,
        responses={
            204: OpenApiResponse(description="The token is revoked."),
            401: _UNAUTHENTICATED,
            404: OpenApiResponse(description="The user holds no token with this key."),
        },
    )
    def delete(self, request, token_key: str, format=None):
        deleted, _by_model = request.user.auth_token_set.filter(token_key=token_key).delete()
        if not deleted:
            raise exceptions.NotFound()
        return Response(status=status.HTTP_204_NO_CONTENT)


class SearchView(APIView):
    """Entities, ties, events and follow-ups matching `q` by any name in any script, pinyin included, grouped by kind.

    Each kind the user may view is a group with its first `limit` hits and its total `count`; a kind the user may
    not view is left out. The same queries whatever the number of hits (two per kind).
    """

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(parameters=[SearchQuerySerializer], responses={200: SearchResultSerializer, 401: _UNAUTHENTICATED})
    def get(self, request):
        query = SearchQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        q = query.validated_data["q"]
        groups = search_everything(q=q, user=request.user, limit=query.validated_data["limit"])
        return Response(SearchResultSerializer({"q": q, "groups": [asdict(group) for group in groups]}).data)
